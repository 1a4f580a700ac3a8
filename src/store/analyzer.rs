//! The tantivy analyzer over [`JapaneseTokenizer`]: one analyzer for indexing and querying.
//!
//! lindera-tantivy does not support tantivy 0.27, so this is the small adapter: the text is
//! width-normalised as the pipeline does (`１０００` and `1000` are one term), lindera's tokens
//! become tantivy tokens with byte offsets into the text as given and **sequential**
//! positions (punctuation and whitespace are dropped without leaving holes, so phrase
//! queries work), lower-cased.
//!
//! At indexing time the pipeline's own tokens are reused through [`to_index_tokens`] (each
//! sentence is tokenized once, for extraction and for the index); the analyzer tokenizes
//! queries, snippets and any text indexed without tokens the same way.

use std::sync::Arc;

use tantivy::tokenizer::{LowerCaser, TextAnalyzer, Token, TokenStream, Tokenizer};

use crate::normalize::NormalizedText;
use crate::tokenize::{self, JapaneseTokenizer};

/// Byte offset of every char of `text`, plus its length.
fn byte_offsets(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .collect()
}

/// The index tokens of `original` from the pipeline's tokens of its normalised form `norm`:
/// symbols dropped, positions sequential, lower-cased, offsets into `original`.
pub fn to_index_tokens(
    original: &str,
    norm: &NormalizedText,
    tokens: &[tokenize::Token],
) -> Vec<Token> {
    let bytes = byte_offsets(original);
    let last = bytes.len() - 1;
    tokens
        .iter()
        .filter(|t| !t.is_symbol())
        .enumerate()
        .map(|(position, t)| {
            let (s, e) = norm.span_to_original(t.start, t.end);
            Token {
                offset_from: bytes[s.min(last)],
                offset_to: bytes[e.min(last)],
                position,
                text: t.text.to_lowercase(),
                position_length: 1,
            }
        })
        .collect()
}

/// The name the analyzer is registered under in the index.
pub const ANALYZER_NAME: &str = "claimdex_ja";

/// The name of the character-bigram analyzer of the `text_ngram` field.
pub const BIGRAM_NAME: &str = "claimdex_bigram";

/// Overlapping character bigrams with sequential positions, lower-cased, so that a query
/// that does not fall on token boundaries (`枯渇しつつ`, `ウィーブ`) still matches as a phrase
/// of bigrams.
pub fn bigram_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(BigramTokenizer)
        .filter(LowerCaser)
        .build()
}

/// Splits text into overlapping two-character tokens; a lone character is one token.
/// Whitespace and punctuation break runs.
#[derive(Clone, Copy, Debug)]
pub struct BigramTokenizer;

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = JapaneseTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> JapaneseTokenStream {
        let norm = NormalizedText::new(text);
        let bytes = byte_offsets(text);
        let last = bytes.len() - 1;
        let chars: Vec<char> = norm.as_str().chars().collect();
        let mut tokens = Vec::new();
        let mut run_start: Option<usize> = None;
        for i in 0..=chars.len() {
            let inside = chars.get(i).is_some_and(|c| c.is_alphanumeric());
            match (inside, run_start) {
                (true, None) => run_start = Some(i),
                (false, Some(start)) => {
                    // Bigrams of chars[start..i]; a lone char is its own token.
                    let windows = (i - start).saturating_sub(1).max(1);
                    for w in start..start + windows {
                        let end = (w + 2).min(i);
                        let (s, e) = norm.span_to_original(w, end);
                        tokens.push(Token {
                            offset_from: bytes[s.min(last)],
                            offset_to: bytes[e.min(last)],
                            position: tokens.len(),
                            text: chars[w..end].iter().collect(),
                            position_length: 1,
                        });
                    }
                    run_start = None;
                }
                _ => {}
            }
        }
        JapaneseTokenStream {
            tokens,
            index: 0,
            none: Token::default(),
        }
    }
}

/// Build the analyzer used for the `text` field and for parsing queries.
pub fn japanese_analyzer(tokenizer: Arc<JapaneseTokenizer>) -> TextAnalyzer {
    TextAnalyzer::from(TantivyJapaneseTokenizer { inner: tokenizer })
}

/// tantivy's view of [`JapaneseTokenizer`].
#[derive(Clone)]
pub struct TantivyJapaneseTokenizer {
    inner: Arc<JapaneseTokenizer>,
}

/// The tokens of one text, handed out one by one.
pub struct JapaneseTokenStream {
    tokens: Vec<Token>,
    index: usize,
    /// Returned by `token()` before the first `advance()` (tantivy never asks then).
    none: Token,
}

impl Tokenizer for TantivyJapaneseTokenizer {
    type TokenStream<'a> = JapaneseTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> JapaneseTokenStream {
        let norm = NormalizedText::new(text);
        // The tokenizer only fails on internal errors; such a text gets no tokens rather
        // than aborting a whole commit (the pipeline reports the error for the transcript).
        let tokens = self.inner.tokenize(norm.as_str()).unwrap_or_default();
        JapaneseTokenStream {
            tokens: to_index_tokens(text, &norm, &tokens),
            index: 0,
            none: Token::default(),
        }
    }
}

impl TokenStream for JapaneseTokenStream {
    fn advance(&mut self) -> bool {
        if self.index < self.tokens.len() {
            self.index += 1;
            true
        } else {
            false
        }
    }

    fn token(&self) -> &Token {
        match self.index.checked_sub(1) {
            Some(i) => self.tokens.get(i).unwrap_or(&self.none),
            None => &self.none,
        }
    }

    fn token_mut(&mut self) -> &mut Token {
        match self.index.checked_sub(1) {
            Some(i) if i < self.tokens.len() => &mut self.tokens[i],
            _ => &mut self.none,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bigrams_overlap_with_sequential_positions() {
        let mut analyzer = bigram_analyzer();
        let mut stream = analyzer.token_stream("枯渇しつ、A");
        let mut seen = Vec::new();
        while stream.advance() {
            let t = stream.token();
            seen.push((t.position, t.text.clone()));
        }
        assert_eq!(
            seen,
            vec![
                (0, "枯渇".to_string()),
                (1, "渇し".to_string()),
                (2, "しつ".to_string()),
                (3, "a".to_string())
            ]
        );
    }

    #[test]
    fn positions_are_sequential_and_latin_lowercased() {
        let tokenizer = Arc::new(JapaneseTokenizer::new(None).unwrap());
        let mut analyzer = japanese_analyzer(tokenizer);
        let mut stream = analyzer.token_stream("Oracleは、資金が枯渇。");
        let mut seen = Vec::new();
        while stream.advance() {
            let t = stream.token();
            seen.push((t.position, t.text.clone()));
        }
        let positions: Vec<usize> = seen.iter().map(|(p, _)| *p).collect();
        assert_eq!(positions, (0..seen.len()).collect::<Vec<_>>());
        assert_eq!(seen[0].1, "oracle");
        assert!(seen.iter().all(|(_, t)| t != "、" && t != "。"));
    }
}
