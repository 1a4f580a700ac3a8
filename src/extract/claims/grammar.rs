//! The grammar words the detector's code itself relies on, in one typed table. The cue
//! words users may change live in `dictionaries/claims.toml`; these are the fixed function
//! words and marks of Japanese that the rules are written around (reference grammars of
//! the topic particle は, the subject particle が, the genitive の, quotative という, the
//! question particle か and the sentence-final question mark, the reading comma 、 and the
//! quotation brackets 「」『』), so changing one changes what a rule means.

/// Grammar words and marks, by what the rules use them for.
#[derive(Debug)]
pub(super) struct Grammar {
    /// A sentence ending on one of these is a question (`?`, full-width `？`).
    pub(super) question_marks: &'static [char],
    /// A sentence ending on one of these is a question (the question particle か).
    pub(super) question_endings: &'static [&'static str],
    /// Opening quotation brackets (「, 『).
    pub(super) quote_open: &'static [char],
    /// Closing quotation brackets (」, 』).
    pub(super) quote_close: &'static [char],
    /// The reading comma (読点): ends a clause (…ますが、) or opens an apposition
    /// (`Jensen Huang、NvidiaのCEOが`).
    pub(super) comma: char,
    /// The genitive particle: possessive (`Nvidiaの取引は`), affiliation
    /// (`BroadcomのHock Tan`), nouns joined into a noun phrase.
    pub(super) genitive: char,
    /// Quotative という: `Xという会社が` makes X the subject.
    pub(super) quotative: &'static str,
    /// Case particles that with a following topic particle mark a topic (には, では).
    pub(super) case_before_topic: &'static [&'static str],
    /// The topic particle は.
    pub(super) topic: &'static str,
    /// The particles that mark a plain noun as subject (は, が).
    pub(super) subject: &'static [&'static str],
    /// The negative adjective ない (base form), negating the predicate it ends.
    pub(super) negative_adjective: &'static str,
    /// The polite auxiliary ます in its non-past form (ました is past).
    pub(super) polite_non_past: &'static str,
}

/// The table.
pub(super) const GRAMMAR: Grammar = Grammar {
    question_marks: &['?', '？'],
    question_endings: &["か。", "か", "か?"],
    quote_open: &['「', '『'],
    quote_close: &['」', '』'],
    comma: '、',
    genitive: 'の',
    quotative: "という",
    case_before_topic: &["に", "で"],
    topic: "は",
    subject: &["は", "が"],
    negative_adjective: "ない",
    polite_non_past: "ます",
};

impl Grammar {
    /// Whether `word` is the single character `c`.
    pub(super) fn is(word: &str, c: char) -> bool {
        let mut chars = word.chars();
        chars.next() == Some(c) && chars.next().is_none()
    }

    /// Whether `word` is one of `words`.
    pub(super) fn any(words: &[&str], word: &str) -> bool {
        words.contains(&word)
    }
}
