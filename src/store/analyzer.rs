//! The tantivy analyzers: one for the `text` field (indexing and querying), one for the
//! character bigrams of `text_ngram`.
//!
//! lindera-tantivy does not support tantivy 0.27, so this is the small adapter: the text is
//! width-normalised as the pipeline does (`１０００` and `1000` are one term), lindera's tokens
//! become tantivy tokens with **sequential** positions (punctuation and whitespace are
//! dropped without leaving holes, so phrase queries work), lower-cased.
//!
//! At indexing time the pipeline's own tokens are reused: each sentence is tokenized once,
//! for extraction and for the index. The store hands the `text` field a
//! [`pretokenized`] string, the index terms already cut by the same tokenizer and joined
//! by a separator behind a marker; the analyzer only splits it. Anything else (queries,
//! snippets, text indexed without tokens) goes through lindera here. tantivy's own
//! `PreTokenizedString` would do the same job, but it round-trips every token through
//! JSON inside the document, which cost more than tokenizing again.

use std::sync::Arc;

use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};

use crate::normalize::NormalizedText;
use crate::tokenize::{self, JapaneseTokenizer};

/// Starts a text whose tokens are already cut (a private-use character: never in a
/// transcript after normalisation matters, and stripped from queries).
pub const PRETOKENIZED: char = '\u{E000}';

/// Separates the tokens of a [`pretokenized`] text (the ASCII unit separator).
const SEPARATOR: char = '\u{1F}';

/// The index terms of a text from the pipeline's tokens of its normalised form: symbols
/// dropped, lower-cased, joined behind [`PRETOKENIZED`]. The analyzer turns this back into
/// exactly the terms and positions it would produce from the text itself.
pub fn pretokenized(tokens: &[tokenize::Token]) -> String {
    let mut out = String::with_capacity(tokens.iter().map(|t| t.text.len() + 1).sum::<usize>() + 3);
    out.push(PRETOKENIZED);
    let mut first = true;
    for t in tokens.iter().filter(|t| !t.is_symbol()) {
        if !first {
            out.push(SEPARATOR);
        }
        first = false;
        push_lowercase(&mut out, &t.text);
    }
    out
}

/// Append `text` lower-cased, without the separator character.
fn push_lowercase(out: &mut String, text: &str) {
    if text.is_ascii() {
        out.extend(
            text.bytes()
                .filter(|&b| b != SEPARATOR as u8)
                .map(|b| char::from(b.to_ascii_lowercase())),
        );
    } else {
        for c in text.chars() {
            match c {
                // Kana, CJK punctuation and ideographs have no case.
                '\u{3000}'..='\u{9fff}' => out.push(c),
                SEPARATOR => {}
                c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
                c => out.extend(c.to_lowercase()),
            }
        }
    }
}

/// The name the analyzer is registered under in the index.
pub const ANALYZER_NAME: &str = "claimdex_ja";

/// The name of the character-bigram analyzer of the `text_ngram` field.
pub const BIGRAM_NAME: &str = "claimdex_bigram";

/// Overlapping character bigrams with sequential positions, lower-cased, so that a query
/// that does not fall on token boundaries (`枯渇しつつ`, `ウィーブ`) still matches as a phrase
/// of bigrams.
pub fn bigram_analyzer() -> TextAnalyzer {
    TextAnalyzer::from(BigramTokenizer)
}

/// Splits text into overlapping two-character tokens; a lone character is one token.
/// Whitespace and punctuation break runs. Offsets are byte offsets into the normalised
/// text (the field is not used for snippets).
#[derive(Clone, Copy, Debug)]
pub struct BigramTokenizer;

/// The bigrams of one text, produced as tantivy asks for them into one reused token.
pub struct BigramStream {
    /// The normalised, lower-cased text.
    text: String,
    /// Byte offset of the next bigram's first character.
    at: usize,
    token: Token,
}

impl Tokenizer for BigramTokenizer {
    type TokenStream<'a> = BigramStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> BigramStream {
        let mut lower = String::with_capacity(text.len());
        push_lowercase(&mut lower, NormalizedText::new(text).as_str());
        BigramStream {
            text: lower,
            at: 0,
            token: Token::default(),
        }
    }
}

/// Whether `c` belongs in a bigram run: exactly `char::is_alphanumeric`, with the scripts of
/// a Japanese transcript answered without the general Unicode table lookup.
fn in_run(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '0'..='9' => true,
        '\0'..='\x7f' => false,
        // Hiragana, katakana and the CJK Unified Ideographs block are all letters.
        '\u{3041}'..='\u{3096}' | '\u{30a1}'..='\u{30fa}' | '\u{4e00}'..='\u{9fff}' => true,
        _ => c.is_alphanumeric(),
    }
}

impl TokenStream for BigramStream {
    fn advance(&mut self) -> bool {
        let inside = in_run;
        loop {
            let mut chars = self.text[self.at..].char_indices();
            let Some((_, first)) = chars.next() else {
                return false;
            };
            let start = self.at;
            let first_end = start + first.len_utf8();
            if !inside(first) {
                self.at = first_end;
                continue;
            }
            let second = chars.next().map(|(_, c)| c).filter(|&c| inside(c));
            let end = second.map_or(first_end, |c| first_end + c.len_utf8());
            // A lone character is its own token; in a run, the last character ends the
            // last bigram and starts nothing.
            let continues =
                second.is_some_and(|_| self.text[end..].chars().next().is_some_and(inside));
            self.at = if continues || second.is_none() {
                first_end
            } else {
                end
            };
            let position = if self.token.offset_to == 0 {
                0
            } else {
                self.token.position + 1
            };
            self.token.text.clear();
            self.token.text.push_str(&self.text[start..end]);
            self.token.offset_from = start;
            self.token.offset_to = end;
            self.token.position = position;
            self.token.position_length = 1;
            return true;
        }
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// The terms the `text` field indexes (and a query matches) for `text`, in order: what
/// other engines are handed so that they match the same words (the Quickwit export).
pub fn terms(tokenizer: &JapaneseTokenizer, text: &str) -> Vec<String> {
    let norm = NormalizedText::new(text);
    let tokens = tokenizer.tokenize(norm.as_str()).unwrap_or_default();
    to_index_tokens(text, &norm, &tokens)
        .into_iter()
        .map(|t| t.text)
        .collect()
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
pub enum JapaneseTokenStream<'a> {
    /// Tokens of lindera, computed up front.
    Tokenized {
        /// The tokens.
        tokens: Vec<Token>,
        /// How many were handed out.
        index: usize,
    },
    /// A [`pretokenized`] text, split as tantivy asks.
    Split {
        /// The tokens not handed out yet.
        parts: std::str::Split<'a, char>,
        /// Byte offset of the next part in the text.
        offset: usize,
        /// The current token (its position is `None` before the first).
        token: Token,
        /// Whether a token has been handed out.
        started: bool,
    },
}

impl Tokenizer for TantivyJapaneseTokenizer {
    type TokenStream<'a> = JapaneseTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> JapaneseTokenStream<'a> {
        if let Some(rest) = text.strip_prefix(PRETOKENIZED) {
            return JapaneseTokenStream::Split {
                parts: rest.split(SEPARATOR),
                offset: PRETOKENIZED.len_utf8(),
                token: Token::default(),
                started: false,
            };
        }
        let norm = NormalizedText::new(text);
        // The tokenizer only fails on internal errors; such a text gets no tokens rather
        // than aborting a whole commit (the pipeline reports the error for the transcript).
        let tokens = self.inner.tokenize(norm.as_str()).unwrap_or_default();
        JapaneseTokenStream::Tokenized {
            tokens: to_index_tokens(text, &norm, &tokens),
            index: 0,
        }
    }
}

/// Byte offset of every char of `text`, plus its length.
fn byte_offsets(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .collect()
}

/// The index tokens of `original` from the tokens of its normalised form `norm`: symbols
/// dropped, positions sequential, lower-cased, byte offsets into `original` (snippets
/// highlight with them).
fn to_index_tokens(
    original: &str,
    norm: &NormalizedText,
    tokens: &[tokenize::Token],
) -> Vec<Token> {
    let bytes = byte_offsets(original);
    let last = bytes.len() - 1;
    tokens
        .iter()
        .filter(|t| !t.is_symbol())
        .filter_map(|t| {
            let mut text = String::with_capacity(t.text.len());
            push_lowercase(&mut text, &t.text);
            // A token of nothing but separators has no term, as in [`pretokenized`].
            (!text.is_empty()).then_some((t, text))
        })
        .enumerate()
        .map(|(position, (t, text))| {
            let (s, e) = norm.span_to_original(t.start, t.end);
            Token {
                offset_from: bytes[s.min(last)],
                offset_to: bytes[e.min(last)],
                position,
                text,
                position_length: 1,
            }
        })
        .collect()
}

impl TokenStream for JapaneseTokenStream<'_> {
    fn advance(&mut self) -> bool {
        match self {
            JapaneseTokenStream::Tokenized { tokens, index } => {
                if *index < tokens.len() {
                    *index += 1;
                    true
                } else {
                    false
                }
            }
            JapaneseTokenStream::Split {
                parts,
                offset,
                token,
                started,
            } => loop {
                let Some(part) = parts.next() else {
                    return false;
                };
                let from = *offset;
                *offset += part.len() + SEPARATOR.len_utf8();
                // An empty text has one empty part: no token.
                if part.is_empty() {
                    continue;
                }
                token.position = if *started { token.position + 1 } else { 0 };
                *started = true;
                token.text.clear();
                token.text.push_str(part);
                token.offset_from = from;
                token.offset_to = from + part.len();
                token.position_length = 1;
                return true;
            },
        }
    }

    fn token(&self) -> &Token {
        match self {
            JapaneseTokenStream::Tokenized { tokens, index } => {
                &tokens[index.saturating_sub(1).min(tokens.len().saturating_sub(1))]
            }
            JapaneseTokenStream::Split { token, .. } => token,
        }
    }

    fn token_mut(&mut self) -> &mut Token {
        match self {
            JapaneseTokenStream::Tokenized { tokens, index } => {
                let i = index.saturating_sub(1).min(tokens.len().saturating_sub(1));
                &mut tokens[i]
            }
            JapaneseTokenStream::Split { token, .. } => token,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(usize, String)> {
        let mut stream = analyzer.token_stream(text);
        let mut seen = Vec::new();
        while stream.advance() {
            let t = stream.token();
            seen.push((t.position, t.text.clone()));
        }
        seen
    }

    #[test]
    fn bigrams_overlap_with_sequential_positions() {
        let mut analyzer = bigram_analyzer();
        let seen = terms(&mut analyzer, "枯渇しつ、A");
        let expected = [(0, "枯渇"), (1, "渇し"), (2, "しつ"), (3, "a")];
        let expected: Vec<(usize, String)> =
            expected.iter().map(|(p, t)| (*p, t.to_string())).collect();
        assert_eq!(seen, expected);
        assert_eq!(
            terms(&mut analyzer, "ＡＢ c、、"),
            vec![(0, "ab".to_string()), (1, "c".to_string())]
        );
        assert!(terms(&mut analyzer, "").is_empty());
        assert!(terms(&mut analyzer, "、。 ").is_empty());
    }

    #[test]
    fn kana_and_ideographs_have_no_case() {
        for c in ('\u{3000}'..='\u{9fff}').filter(|c| !c.is_ascii()) {
            assert!(c.to_lowercase().eq(std::iter::once(c)), "{c:?}");
        }
        let mut out = String::new();
        push_lowercase(&mut out, "ＡＢＣ資金Ｅ");
        assert_eq!(out, "ａｂｃ資金ｅ");
    }

    #[test]
    fn the_run_test_is_is_alphanumeric() {
        for c in (0..0x1_0000).filter_map(char::from_u32) {
            assert_eq!(in_run(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn positions_are_sequential_and_latin_lowercased() {
        let tokenizer = Arc::new(JapaneseTokenizer::new(None).unwrap());
        let mut analyzer = japanese_analyzer(tokenizer);
        let seen = terms(&mut analyzer, "Oracleは、資金が枯渇。");
        let positions: Vec<usize> = seen.iter().map(|(p, _)| *p).collect();
        assert_eq!(positions, (0..seen.len()).collect::<Vec<_>>());
        assert_eq!(seen[0].1, "oracle");
        assert!(seen.iter().all(|(_, t)| t != "、" && t != "。"));
    }

    #[test]
    fn pretokenized_text_gives_the_terms_of_the_text_itself() {
        let tokenizer = Arc::new(JapaneseTokenizer::new(None).unwrap());
        let mut analyzer = japanese_analyzer(Arc::clone(&tokenizer));
        for text in [
            "Oracleは、資金が枯渇しつつあり、１０００億ドルを調達。",
            "CoreWeave　と Nebius は GPU を貸す。",
            "",
            "。、",
        ] {
            let norm = NormalizedText::new(text);
            let tokens = tokenizer.tokenize(norm.as_str()).unwrap();
            let split = pretokenized(&tokens);
            assert_eq!(
                terms(&mut analyzer, &split),
                terms(&mut analyzer, text),
                "{text}"
            );
        }
    }
}
