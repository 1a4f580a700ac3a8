//! The tantivy analyzer over [`JapaneseTokenizer`]: one analyzer for indexing and querying.
//!
//! lindera-tantivy does not support tantivy 0.27, so this is the small adapter: lindera's
//! tokens become tantivy tokens with byte offsets and **sequential** positions (punctuation
//! and whitespace are dropped without leaving holes, so phrase queries work), then Latin
//! letters are lower-cased.

use std::sync::Arc;

use tantivy::tokenizer::{LowerCaser, TextAnalyzer, Token, TokenStream, Tokenizer};

use crate::tokenize::JapaneseTokenizer;

/// The name the analyzer is registered under in the index.
pub const ANALYZER_NAME: &str = "claimdex_ja";

/// Build the analyzer used for the `text` field and for parsing queries.
pub fn japanese_analyzer(tokenizer: Arc<JapaneseTokenizer>) -> TextAnalyzer {
    TextAnalyzer::builder(TantivyJapaneseTokenizer { inner: tokenizer })
        .filter(LowerCaser)
        .build()
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
        // The tokenizer only fails on internal errors; index such a text as no tokens rather
        // than abort a whole commit (the pipeline reports the error for the transcript).
        let tokens = self.inner.tokenize(text).unwrap_or_default();
        let tokens = tokens
            .into_iter()
            .filter(|t| !t.is_symbol())
            .enumerate()
            .map(|(position, t)| Token {
                offset_from: t.byte_start,
                offset_to: t.byte_end,
                position,
                text: t.text,
                position_length: 1,
            })
            .collect();
        JapaneseTokenStream {
            tokens,
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
