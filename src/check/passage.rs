//! A transcript seen by the checks: figures placed in their sentences, and the text around
//! and between them, with cue look-ups.

use std::collections::HashMap;

use crate::record::{Dataset, Figure};

use super::rules::CheckRules;

/// A figure with where it sits: sentence index and char offsets inside the sentence.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Placed<'a> {
    /// Index in [`Passage::figs`].
    pub idx: usize,
    /// The figure.
    pub f: &'a Figure,
    /// Index of its sentence in the dataset.
    pub sent: usize,
    /// Start inside the sentence (chars).
    pub start: usize,
    /// End inside the sentence (chars).
    pub end: usize,
}

/// The transcript prepared for the checks.
pub(crate) struct Passage<'a> {
    pub ds: &'a Dataset,
    pub rules: &'a CheckRules,
    /// Figures in text order with their places.
    pub figs: Vec<Placed<'a>>,
    /// Each sentence's chars.
    pub chars: Vec<Vec<char>>,
}

impl<'a> Passage<'a> {
    /// Place every figure whose sentence is known and whose span lies inside it.
    pub fn new(ds: &'a Dataset, rules: &'a CheckRules) -> Self {
        let index: HashMap<&str, usize> = ds
            .sentences
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        let chars: Vec<Vec<char>> = ds
            .sentences
            .iter()
            .map(|s| s.text.chars().collect())
            .collect();
        let mut figs = Vec::new();
        for f in &ds.figures {
            let Some(&sent) = index.get(f.sentence_id.as_str()) else {
                continue;
            };
            let s = &ds.sentences[sent];
            let (Some(start), Some(end)) =
                (f.start.checked_sub(s.start), f.end.checked_sub(s.start))
            else {
                continue;
            };
            if start >= end || end > chars[sent].len() {
                continue;
            }
            figs.push(Placed {
                idx: 0,
                f,
                sent,
                start,
                end,
            });
        }
        figs.sort_by_key(|p| (p.sent, p.start));
        for (i, p) in figs.iter_mut().enumerate() {
            p.idx = i;
        }
        Passage {
            ds,
            rules,
            figs,
            chars,
        }
    }

    /// The text of sentence `sent` from char `a` to char `b` (clamped).
    pub fn slice(&self, sent: usize, a: usize, b: usize) -> String {
        let Some(c) = self.chars.get(sent) else {
            return String::new();
        };
        let b = b.min(c.len());
        let a = a.min(b);
        c[a..b].iter().collect()
    }

    /// The text from the end of `from` to the start of `to` (across sentences).
    pub fn between(&self, from: &Placed<'_>, to: &Placed<'_>) -> String {
        if from.sent == to.sent {
            return self.slice(from.sent, from.end, to.start);
        }
        let mut out = self.slice(from.sent, from.end, usize::MAX);
        for s in from.sent + 1..to.sent {
            out.push_str(&self.slice(s, 0, usize::MAX));
        }
        out.push_str(&self.slice(to.sent, 0, to.start));
        out
    }

    /// The text before `p` in its sentence, back to the previous figure or `n` chars.
    pub fn before(&self, p: &Placed<'_>, n: usize) -> String {
        let prev_end = self
            .figs
            .get(p.idx.wrapping_sub(1))
            .filter(|q| q.sent == p.sent && q.idx + 1 == p.idx)
            .map_or(0, |q| q.end);
        let a = p.start.saturating_sub(n).max(prev_end);
        self.slice(p.sent, a, p.start)
    }

    /// The text after `p` in its sentence, up to the next figure or `n` chars.
    pub fn after(&self, p: &Placed<'_>, n: usize) -> String {
        let next_start = self
            .figs
            .get(p.idx + 1)
            .filter(|q| q.sent == p.sent)
            .map_or(usize::MAX, |q| q.start);
        self.slice(p.sent, p.end, (p.end + n).min(next_start))
    }

    /// Figures before `r` within the window of sentences (same section), nearest last.
    pub fn window_before(&self, r: &Placed<'a>) -> Vec<Placed<'a>> {
        let first = r.sent.saturating_sub(self.rules.settings.window);
        let section = &self.ds.sentences[r.sent].section;
        self.figs[..r.idx]
            .iter()
            .filter(|q| q.sent >= first && &self.ds.sentences[q.sent].section == section)
            .copied()
            .collect()
    }
}

/// The longest word of `words` that `text` contains, with its char position.
pub(crate) fn find_cue<'w>(text: &str, words: &'w [String]) -> Option<(usize, &'w str)> {
    let mut best: Option<(usize, &str)> = None;
    for w in words {
        if w.is_empty() {
            continue;
        }
        if let Some(b) = text.rfind(w.as_str()) {
            let pos = text[..b].chars().count();
            let better = match best {
                None => true,
                Some((_, bw)) => w.chars().count() > bw.chars().count(),
            };
            if better {
                best = Some((pos, w.as_str()));
            }
        }
    }
    best
}

/// The longest word of `words` that `text` starts with.
pub(crate) fn starts_with_cue<'w>(text: &str, words: &'w [String]) -> Option<&'w str> {
    words
        .iter()
        .filter(|w| !w.is_empty() && text.starts_with(w.as_str()))
        .max_by_key(|w| w.chars().count())
        .map(String::as_str)
}
