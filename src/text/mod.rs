//! Text primitives shared by every stage: character classes and the speaker-label grammar.
//!
//! One definition of each: the source readers (subtitle cues), the segmenter (speaker turns)
//! and the extractors all ask here, so "is this Japanese" or "is this a label" has one answer.

mod label;

pub use label::{MAX_SPEAKER_CHARS, headline_tag, is_label_name, is_roster_tag, speaker_label};

/// Japanese and Chinese characters, kana, CJK punctuation and full-width forms.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{30FF}'   // CJK punctuation, hiragana, katakana
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}' // compatibility ideographs
        | '\u{FF00}'..='\u{FFEF}' // full-width and half-width forms
        | '\u{31F0}'..='\u{31FF}' // katakana phonetic extensions
        | '\u{20000}'..='\u{2FFFF}')
}

/// Kanji: CJK unified ideographs, extension A, and the repetition mark `々`.
pub fn is_kanji(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '々')
}

/// Hiragana (`ぁ`..`ゟ`, with the voicing marks and iteration marks of the block).
pub fn is_hiragana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{309F}')
}

/// Katakana letters (`ァ`..`ヺ`) and the long-vowel mark `ー`.
pub fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | 'ー')
}

/// A sentence-final mark: `。！？!?` and the full-width period `．`.
pub fn is_end_mark(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '．')
}
