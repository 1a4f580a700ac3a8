//! Stage 4: Japanese tokens, from lindera with IPADIC and the gazetteer's user dictionary.
//!
//! lindera is wrapped here once, behind [`JapaneseTokenizer`], built once and shared (it is
//! `Send + Sync`). The same tokenizer feeds extraction and, through
//! [`crate::store::analyzer`], the search index and query parsing.

use std::borrow::Cow;

use lindera::dictionary::{DictionaryBuilder, load_dictionary};
use lindera::mode::Mode;
use lindera::segmenter::Segmenter;

use crate::{Error, Result};

/// One token of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The surface form.
    pub text: String,
    /// Start, as a char offset into the tokenized text.
    pub start: usize,
    /// End (exclusive), as a char offset.
    pub end: usize,
    /// Start byte offset.
    pub byte_start: usize,
    /// End byte offset (exclusive).
    pub byte_end: usize,
    /// Part of speech (品詞), e.g. `名詞`, `助詞`; `未知語` when unknown.
    pub pos: String,
    /// First subcategory (品詞細分類1), e.g. `固有名詞`, `係助詞`; `*` when none.
    pub pos_detail: String,
    /// Second subcategory (品詞細分類2), e.g. `組織`, `人名`; `*` when none.
    pub pos_detail2: String,
    /// Dictionary (base) form; the surface when unknown.
    pub base_form: String,
}

impl Token {
    /// Punctuation and symbols (記号) and whitespace: not indexed.
    pub fn is_symbol(&self) -> bool {
        self.pos == "記号" || self.text.chars().all(|c| c.is_whitespace())
    }

    /// A proper noun (固有名詞).
    pub fn is_proper_noun(&self) -> bool {
        self.pos == "名詞" && self.pos_detail == "固有名詞"
    }
}

/// Japanese tokenizer: lindera with the embedded IPADIC and an optional user dictionary.
pub struct JapaneseTokenizer {
    segmenter: Segmenter,
}

impl std::fmt::Debug for JapaneseTokenizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JapaneseTokenizer").finish_non_exhaustive()
    }
}

impl JapaneseTokenizer {
    /// Build the tokenizer. `user_dictionary_csv` is in IPADIC's full 13-column format
    /// (`surface,left_id,right_id,cost,pos,…,base,reading,pronunciation`).
    pub fn new(user_dictionary_csv: Option<&str>) -> Result<Self> {
        let dictionary =
            load_dictionary("embedded://ipadic").map_err(|e| Error::Tokenizer(e.to_string()))?;
        let user = match user_dictionary_csv {
            Some(csv) if !csv.trim().is_empty() => {
                let builder = DictionaryBuilder::new((*dictionary.metadata).clone());
                Some(
                    builder
                        .build_user_dict_from_reader(csv.as_bytes())
                        .map_err(|e| Error::dictionary("user dictionary", e.to_string()))?,
                )
            }
            _ => None,
        };
        Ok(JapaneseTokenizer {
            segmenter: Segmenter::new(Mode::Normal, dictionary, user),
        })
    }

    /// Tokenize `text`. Whitespace is not returned as tokens.
    pub fn tokenize(&self, text: &str) -> Result<Vec<Token>> {
        let tokens = self
            .segmenter
            .segment(Cow::Borrowed(text))
            .map_err(|e| Error::Tokenizer(e.to_string()))?;
        let mut out = Vec::with_capacity(tokens.len());
        // Byte offsets come in order; count chars incrementally.
        let mut byte_pos = 0usize;
        let mut char_pos = 0usize;
        for mut token in tokens {
            let (bs, be) = (token.byte_start, token.byte_end);
            if bs < byte_pos || be < bs || be > text.len() {
                return Err(Error::Tokenizer(format!(
                    "token offsets {bs}..{be} out of order in a text of {} bytes",
                    text.len()
                )));
            }
            let (Some(gap), Some(surface)) = (text.get(byte_pos..bs), text.get(bs..be)) else {
                return Err(Error::Tokenizer(format!(
                    "token offsets {bs}..{be} not on character boundaries"
                )));
            };
            let start = char_pos + gap.chars().count();
            let end = start + surface.chars().count();
            byte_pos = be;
            char_pos = end;
            let details = token.details();
            let field = |i: usize| details.get(i).map_or("*", |s| *s).to_string();
            let (pos, pos_detail, pos_detail2) = if details.len() < 4 {
                ("未知語".to_string(), "*".to_string(), "*".to_string())
            } else {
                (field(0), field(1), field(2))
            };
            let base_form = match details.get(6) {
                Some(b) if *b != "*" => b.to_string(),
                _ => surface.to_string(),
            };
            out.push(Token {
                text: surface.to_string(),
                start,
                end,
                byte_start: bs,
                byte_end: be,
                pos,
                pos_detail,
                pos_detail2,
                base_form,
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_dictionary_keeps_names_whole() {
        let csv = "Jensen Huang,1289,1289,-5000,名詞,固有名詞,人名,一般,*,*,Jensen Huang,*,*\n\
                   TD Cowen,1292,1292,-5000,名詞,固有名詞,組織,*,*,*,TD Cowen,*,*\n";
        let t = JapaneseTokenizer::new(Some(csv)).unwrap();
        let tokens = t.tokenize("Jensen HuangはTD CowenのCEOです。").unwrap();
        let texts: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts[0], "Jensen Huang");
        assert!(texts.contains(&"TD Cowen"), "{texts:?}");
        assert_eq!(tokens[0].pos_detail, "固有名詞");
        assert_eq!((tokens[1].start, tokens[1].end), (12, 13));
    }

    #[test]
    fn tags_parts_of_speech() {
        let t = JapaneseTokenizer::new(None).unwrap();
        let tokens = t.tokenize("資金が枯渇しつつあります").unwrap();
        assert_eq!(tokens[0].text, "資金");
        assert_eq!(tokens[0].pos, "名詞");
        assert_eq!(tokens[1].pos, "助詞");
    }
}
