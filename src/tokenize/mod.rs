//! Stage 4: Japanese tokens, from lindera with IPADIC and the gazetteer's user dictionary.
//!
//! lindera is wrapped here once, behind [`JapaneseTokenizer`], built once and shared (it is
//! `Send + Sync`). The same tokenizer feeds extraction and, through
//! [`crate::store::analyzer`], the search index and query parsing.
//!
//! A word's part of speech and base form are read from the dictionary once per thread and
//! shared by every token of that word ([`WordInfo`]): parsing lindera's detail fields for
//! every token cost more than a third of tokenization.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use lindera::dictionary::{DictionaryBuilder, load_dictionary};
use lindera::mode::Mode;
use lindera::segmenter::Segmenter;

use crate::{Error, Result};

mod chunked;
pub mod pos;

pub use chunked::TOKENIZE_CHUNK_CHARS;
pub use pos::{NameKind, NamePart, Pos, PosDetail, PosTag};

/// What the dictionary says of a word, shared by all its tokens.
#[derive(Debug, PartialEq, Eq)]
pub struct WordInfo {
    /// Part of speech (品詞), e.g. `名詞`, `助詞`; `未知語` when unknown.
    pub pos: Box<str>,
    /// First subcategory (品詞細分類1), e.g. `固有名詞`, `係助詞`; `*` when none.
    pub pos_detail: Box<str>,
    /// Second subcategory (品詞細分類2), e.g. `組織`, `人名`; `*` when none.
    pub pos_detail2: Box<str>,
    /// The three tags, typed: what code compares.
    pub tag: PosTag,
    /// Of a person's name (固有名詞,人名), which part IPADIC says it is (姓 or 名).
    pub name_part: NamePart,
    /// Dictionary (base) form; `None` when the dictionary has none (the surface is used).
    pub base_form: Option<Box<str>>,
    /// The surface of the token this was first read from. A known word always has the
    /// same surface, so its tokens share this one instead of each allocating its own.
    surface: Arc<str>,
}

impl WordInfo {
    fn from_details<'a>(surface: &str, details: impl Iterator<Item = &'a str>) -> Self {
        let details: Vec<&str> = details.collect();
        let field = |i: usize| -> Box<str> { details.get(i).map_or("*", |s| *s).into() };
        let (pos, pos_detail, pos_detail2) = if details.len() < 4 {
            ("未知語".into(), "*".into(), "*".into())
        } else {
            (field(0), field(1), field(2))
        };
        let base_form = match details.get(6) {
            Some(b) if *b != "*" => Some((*b).into()),
            _ => None,
        };
        let name_part = if details.len() < 4 {
            NamePart::None
        } else {
            NamePart::parse(details.get(3).copied().unwrap_or("*"))
        };
        WordInfo {
            tag: PosTag::parse(&pos, &pos_detail, &pos_detail2),
            name_part,
            pos,
            pos_detail,
            pos_detail2,
            base_form,
            surface: surface.into(),
        }
    }
}

/// One token of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The surface form (shared by the tokens of a known word).
    pub text: Arc<str>,
    /// Start, as a char offset into the tokenized text.
    pub start: usize,
    /// End (exclusive), as a char offset.
    pub end: usize,
    /// Start byte offset.
    pub byte_start: usize,
    /// End byte offset (exclusive).
    pub byte_end: usize,
    /// The word's part of speech and base form.
    pub info: Arc<WordInfo>,
}

impl Token {
    /// Part of speech (品詞), e.g. `名詞`, `助詞`; `未知語` when unknown.
    pub fn pos(&self) -> &str {
        &self.info.pos
    }

    /// First subcategory (品詞細分類1), e.g. `固有名詞`, `係助詞`; `*` when none.
    pub fn pos_detail(&self) -> &str {
        &self.info.pos_detail
    }

    /// Whether the word is the stem of an adjectival noun (形容動詞語幹: 順調, 圧倒的の的).
    pub fn is_adjectival_noun(&self) -> bool {
        const STEM: &str = "形容動詞語幹";
        self.pos() == "名詞" && (self.pos_detail() == STEM || self.pos_detail2() == STEM)
    }

    /// Second subcategory (品詞細分類2), e.g. `組織`, `人名`; `*` when none.
    pub fn pos_detail2(&self) -> &str {
        &self.info.pos_detail2
    }

    /// The part of speech, typed: compare this, not the tag strings.
    pub fn tag(&self) -> PosTag {
        self.info.tag
    }

    /// Dictionary (base) form; the surface when the dictionary has none.
    pub fn base_form(&self) -> &str {
        self.info.base_form.as_deref().unwrap_or(&self.text)
    }

    /// Punctuation and symbols (記号) and whitespace: not indexed.
    pub fn is_symbol(&self) -> bool {
        self.tag().pos == Pos::Symbol || self.text.chars().all(|c| c.is_whitespace())
    }

    /// Of a person's name, the part IPADIC says this word is (姓 surname, 名 given name).
    pub fn name_part(&self) -> NamePart {
        self.info.name_part
    }

    /// A proper noun (固有名詞).
    pub fn is_proper_noun(&self) -> bool {
        self.tag().pos == Pos::Noun && self.tag().detail == PosDetail::ProperNoun
    }
}

/// Tells tokenizers apart in the per-thread word caches.
static NEXT_TOKENIZER: AtomicU64 = AtomicU64::new(0);

/// (tokenizer, word key) → what the dictionary says of the word.
type WordCache = HashMap<(u64, u64), Arc<WordInfo>, BuildHasherDefault<WordHasher>>;

thread_local! {
    /// The words a thread has met, bounded by the dictionaries' vocabulary.
    static WORDS: RefCell<WordCache> = RefCell::new(HashMap::default());
}

/// A multiplicative hash for the word cache's integer keys: SipHash, the default, guards
/// against keys chosen by an attacker, which dictionary ids are not, and cost a tenth of
/// tokenization.
#[derive(Default)]
struct WordHasher(u64);

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// Japanese tokenizer: lindera with the embedded IPADIC and an optional user dictionary.
pub struct JapaneseTokenizer {
    segmenter: Segmenter,
    /// This tokenizer's key in the per-thread word caches.
    instance: u64,
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
            instance: NEXT_TOKENIZER.fetch_add(1, Ordering::Relaxed),
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
        WORDS.with_borrow_mut(|words| {
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
                let info = words
                    .entry((self.instance, word_key(&token)))
                    .or_insert_with(|| {
                        Arc::new(WordInfo::from_details(surface, token.details_iter()))
                    })
                    .clone();
                // Unknown words share an id per character class, so their surfaces differ.
                let text = if *info.surface == *surface {
                    Arc::clone(&info.surface)
                } else {
                    Arc::from(surface)
                };
                out.push(Token {
                    text,
                    start,
                    end,
                    byte_start: bs,
                    byte_end: be,
                    info,
                });
            }
            Ok(out)
        })
    }

    /// lindera's own segmentation of `text` and nothing else (no parts of speech, no
    /// offsets in chars): the floor cost `claimdex bench` compares indexing with.
    pub fn segment_count(&self, text: &str) -> Result<usize> {
        let tokens = self
            .segmenter
            .segment(Cow::Borrowed(text))
            .map_err(|e| Error::Tokenizer(e.to_string()))?;
        Ok(tokens.len())
    }
}

/// A word's identity in its dictionary: id, system or user dictionary, known or unknown.
fn word_key(token: &lindera::token::Token<'_>) -> u64 {
    let w = token.word_id;
    u64::from(w.id()) | (u64::from(w.is_system()) << 32) | (u64::from(w.is_unknown()) << 33)
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
        let texts: Vec<&str> = tokens.iter().map(|t| &*t.text).collect();
        assert_eq!(texts[0], "Jensen Huang");
        assert!(texts.contains(&"TD Cowen"), "{texts:?}");
        assert_eq!(tokens[0].pos_detail(), "固有名詞");
        assert_eq!((tokens[1].start, tokens[1].end), (12, 13));
    }

    #[test]
    fn tags_parts_of_speech() {
        let t = JapaneseTokenizer::new(None).unwrap();
        let tokens = t.tokenize("資金が枯渇しつつあります").unwrap();
        assert_eq!(&*tokens[0].text, "資金");
        assert_eq!(tokens[0].pos(), "名詞");
        assert_eq!(tokens[1].pos(), "助詞");
    }

    #[test]
    fn cached_word_info_matches_the_dictionary_and_stays_per_tokenizer() {
        let bare = JapaneseTokenizer::new(None).unwrap();
        let csv = "資金,1285,1285,-5000,名詞,固有名詞,組織,*,*,*,資金,*,*\n";
        let custom = JapaneseTokenizer::new(Some(csv)).unwrap();
        for _ in 0..2 {
            // The second round is served from the cache and must say the same.
            let a = bare.tokenize("資金が資金を呼んだ").unwrap();
            assert_eq!((a[0].pos(), a[0].pos_detail()), ("名詞", "一般"));
            assert_eq!(a[0].info, a[2].info);
            assert_eq!(a[4].base_form(), "呼ぶ");
            let b = custom.tokenize("資金が資金を呼んだ").unwrap();
            assert_eq!(
                (b[0].pos_detail(), b[0].pos_detail2()),
                ("固有名詞", "組織")
            );
        }
        // An unknown word keeps its own surface as base form.
        let u = bare.tokenize("ヌビディアンズ").unwrap();
        assert_eq!(u[0].base_form(), &*u[0].text);
    }

    #[test]
    fn tokens_of_a_known_word_share_its_surface_and_unknown_words_keep_their_own() {
        let t = JapaneseTokenizer::new(None).unwrap();
        let a = t.tokenize("資金が資金を呼んだ").unwrap();
        assert!(Arc::ptr_eq(&a[0].text, &a[2].text));
        // Unknown Latin words share one word id; each keeps the text it was read from.
        let u = t.tokenize("XyzzyとPlughとXyzzy").unwrap();
        let texts: Vec<&str> = u.iter().map(|t| &*t.text).collect();
        assert_eq!(texts, ["Xyzzy", "と", "Plugh", "と", "Xyzzy"]);
        assert_eq!(u[0].info, u[2].info);
    }
}
