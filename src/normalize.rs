//! Stage 2: width normalisation with an offset map.
//!
//! Transcripts mix full-width and half-width forms (`１０００億ドル`, `２５％`, `ｵﾗｸﾙ`). Every later
//! stage reads the normalised text; every record's span is mapped back to the original text
//! through [`NormalizedText::to_original`], so `start`/`end` always index the file as decoded.
//!
//! The folding is the part of NFKC that matters for matching numbers and names, done char by
//! char so positions can be tracked (charabia keeps a `char_map` the same way):
//! - full-width ASCII `！`..`～` (U+FF01..U+FF5E) to ASCII, the ideographic space to a space;
//! - full-width currency signs `￠￡￥` to `¢£¥`;
//! - half-width katakana and punctuation to full-width, a following voiced or semi-voiced
//!   mark composed into the kana (`ｶﾞ` → `ガ`: two characters become one).

/// A text after width folding, with a map back to the original's character offsets.
#[derive(Debug, Clone)]
pub struct NormalizedText {
    text: String,
    /// For each char of `text`, the original char offset it starts at; one extra entry at the
    /// end holds the original length, so an exclusive end maps too.
    starts: Vec<usize>,
}

impl NormalizedText {
    /// Fold `original` and record where each resulting char came from.
    pub fn new(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut starts = Vec::with_capacity(original.chars().count() + 1);
        let mut orig_pos = 0usize;
        let mut chars = original.chars().peekable();
        while let Some(c) = chars.next() {
            let start = orig_pos;
            orig_pos += 1;
            let mut out = fold(c);
            if let Some(&next) = chars.peek()
                && let Some(composed) = compose_mark(out, next)
            {
                chars.next();
                orig_pos += 1;
                out = composed;
            }
            text.push(out);
            starts.push(start);
        }
        starts.push(orig_pos);
        NormalizedText { text, starts }
    }

    /// The normalised text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Number of chars in the normalised text.
    pub fn char_len(&self) -> usize {
        self.starts.len() - 1
    }

    /// Number of chars in the original text.
    pub fn original_len(&self) -> usize {
        self.starts.last().copied().unwrap_or(0)
    }

    /// Map a char offset of the normalised text (0..=len) to the original text.
    ///
    /// Offsets past the end are clamped to the original length, so a span built from this
    /// never leaves the original text.
    pub fn to_original(&self, normalized_offset: usize) -> usize {
        let i = normalized_offset.min(self.starts.len() - 1);
        self.starts[i]
    }

    /// Map a span `[start, end)` of the normalised text to the original text.
    pub fn span_to_original(&self, start: usize, end: usize) -> (usize, usize) {
        (self.to_original(start), self.to_original(end))
    }
}

/// Fold one char to its normal width.
fn fold(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFF01 + 0x21).unwrap_or(c),
        '\u{3000}' => ' ',
        '\u{FFE0}' => '¢',
        '\u{FFE1}' => '£',
        '\u{FFE5}' => '¥',
        '\u{FF61}'..='\u{FF9F}' => HALF_KANA[(c as u32 - 0xFF61) as usize],
        _ => c,
    }
}

/// Half-width forms U+FF61..U+FF9F and their full-width equivalents.
const HALF_KANA: [char; 63] = [
    '。', '「', '」', '、', '・', 'ヲ', 'ァ', 'ィ', 'ゥ', 'ェ', 'ォ', 'ャ', 'ュ', 'ョ', 'ッ', 'ー',
    'ア', 'イ', 'ウ', 'エ', 'オ', 'カ', 'キ', 'ク', 'ケ', 'コ', 'サ', 'シ', 'ス', 'セ', 'ソ', 'タ',
    'チ', 'ツ', 'テ', 'ト', 'ナ', 'ニ', 'ヌ', 'ネ', 'ノ', 'ハ', 'ヒ', 'フ', 'ヘ', 'ホ', 'マ', 'ミ',
    'ム', 'メ', 'モ', 'ヤ', 'ユ', 'ヨ', 'ラ', 'リ', 'ル', 'レ', 'ロ', 'ワ', 'ン', '゛', '゜',
];

/// Compose a full-width kana with a following half-width voiced (ﾞ) or semi-voiced (ﾟ) mark.
fn compose_mark(kana: char, mark: char) -> Option<char> {
    let offset = match mark {
        '\u{FF9E}' => 1,
        '\u{FF9F}' => 2,
        _ => return None,
    };
    let voiced = matches!(
        kana,
        'カ' | 'キ'
            | 'ク'
            | 'ケ'
            | 'コ'
            | 'サ'
            | 'シ'
            | 'ス'
            | 'セ'
            | 'ソ'
            | 'タ'
            | 'チ'
            | 'ツ'
            | 'テ'
            | 'ト'
            | 'ハ'
            | 'ヒ'
            | 'フ'
            | 'ヘ'
            | 'ホ'
    );
    match (kana, offset) {
        ('ウ', 1) => Some('ヴ'),
        (k, 1) if voiced => char::from_u32(k as u32 + 1),
        (k, 2) if matches!(k, 'ハ' | 'ヒ' | 'フ' | 'ヘ' | 'ホ') => {
            char::from_u32(k as u32 + 2)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_full_width_digits_one_to_one() {
        let n = NormalizedText::new("約１０００億ドル、２５％");
        assert_eq!(n.as_str(), "約1000億ドル、25%");
        assert_eq!(n.span_to_original(1, 8), (1, 8));
    }

    #[test]
    fn composes_half_width_voiced_kana_and_maps_back() {
        let n = NormalizedText::new("ｿﾌﾄﾊﾞﾝｸは100億");
        assert_eq!(n.as_str(), "ソフトバンクは100億");
        // "は" is char 6 normalised, char 7 in the original (ﾊﾞ was two chars).
        assert_eq!(n.to_original(5), 6);
        assert_eq!(n.to_original(6), 7);
        assert_eq!(n.original_len(), 12);
        assert_eq!(n.to_original(n.char_len()), 12);
    }

    #[test]
    fn leaves_other_text_alone() {
        let s = "Oracleは資金が枯渇しつつあり、〜ー";
        assert_eq!(NormalizedText::new(s).as_str(), s);
    }
}
