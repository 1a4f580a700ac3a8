//! The cue lists of `claims.toml`, loaded once, numbered and indexed together so that a
//! sentence is scanned once for all of them.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::Sentence;
use super::roles::Occurrence;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ClaimsFile {
    pub(super) kinds: Kinds,
    pub(super) non_claims: NonClaims,
    pub(super) questions: Questions,
    pub(super) anaphora: Anaphora,
    pub(super) markers: Markers,
    pub(super) predicate: Predicate,
    pub(super) modality: Modality,
    pub(super) polarity: PolarityCues,
    pub(super) topics: BTreeMap<String, CueList>,
    pub(super) frame: super::frame::FrameRules,
}

impl ClaimsFile {
    /// Every cue list, each once.
    pub(super) fn lists_mut(&mut self) -> Vec<&mut CueList> {
        let k = &mut self.kinds;
        let mut out = vec![
            &mut k.denial,
            &mut k.speech,
            &mut k.source,
            &mut k.hearsay,
            &mut k.attributable,
            &mut k.forecast,
            &mut k.prediction,
            &mut k.opinion,
            &mut self.non_claims.greeting,
            &mut self.non_claims.discourse,
            &mut self.non_claims.turn,
            &mut self.non_claims.credit,
            &mut self.questions.requests,
            &mut self.questions.asking_requests,
            &mut self.questions.elliptic,
            &mut self.anaphora.self_org,
            &mut self.anaphora.organisation,
            &mut self.anaphora.person,
            &mut self.anaphora.thing,
            &mut self.anaphora.first_person,
            &mut self.markers.topic,
            &mut self.markers.about,
            &mut self.markers.source,
            &mut self.markers.clause,
            &mut self.markers.title,
            &mut self.predicate.negation,
            &mut self.predicate.light_verbs,
            &mut self.predicate.stative_verbs,
            &mut self.predicate.future_time,
            &mut self.predicate.sahen_verbs,
            &mut self.predicate.non_evaluative,
            &mut self.modality.hedge,
            &mut self.polarity.negative,
            &mut self.polarity.positive,
            &mut self.polarity.denial,
            &mut self.polarity.contrast,
        ];
        out.extend(self.topics.values_mut());
        out
    }
}

/// A cue in the [`CueIndex`]: its list's slot, its index in the list, its characters.
type IndexedCue = (usize, usize, Vec<char>);

/// Every cue of every list, by first character: a sentence is scanned once for all of
/// them, not once per list and clause.
#[derive(Debug, Clone, Default)]
pub(super) struct CueIndex {
    /// First character → the cues starting with it.
    by_first: Vec<(char, Vec<IndexedCue>)>,
    /// Lists indexed.
    lists: usize,
}

impl CueIndex {
    /// Number the lists and index their cues.
    pub(super) fn build(mut lists: Vec<&mut CueList>) -> Self {
        let mut by_first: Vec<(char, Vec<IndexedCue>)> = Vec::new();
        for (slot, list) in lists.iter_mut().enumerate() {
            list.slot = slot;
            for (i, cue) in list.chars.iter().enumerate() {
                let Some(&first) = cue.first() else { continue };
                let entry = (slot, i, cue.clone());
                match by_first.iter_mut().find(|(f, _)| *f == first) {
                    Some((_, entries)) => entries.push(entry),
                    None => by_first.push((first, vec![entry])),
                }
            }
        }
        by_first.sort_by_key(|(first, _)| *first);
        CueIndex {
            by_first,
            lists: lists.len(),
        }
    }

    /// Every cue in `chars`, per list slot, as (position, cue index), by position and
    /// longest first.
    pub(super) fn scan(&self, chars: &[char]) -> Vec<Vec<(usize, usize)>> {
        let mut out = vec![Vec::new(); self.lists];
        for (at, c) in chars.iter().enumerate() {
            let Ok(k) = self.by_first.binary_search_by_key(c, |(first, _)| *first) else {
                continue;
            };
            for (slot, i, cue) in &self.by_first[k].1 {
                if chars[at..].starts_with(cue) {
                    out[*slot].push((at, *i, cue.len()));
                }
            }
        }
        out.into_iter()
            .map(|mut found: Vec<(usize, usize, usize)>| {
                found.sort_by_key(|&(at, _, len)| (at, std::cmp::Reverse(len)));
                found.into_iter().map(|(at, i, _)| (at, i)).collect()
            })
            .collect()
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Kinds {
    pub(super) denial: CueList,
    pub(super) speech: CueList,
    pub(super) source: CueList,
    pub(super) hearsay: CueList,
    pub(super) attributable: CueList,
    pub(super) forecast: CueList,
    pub(super) prediction: CueList,
    pub(super) opinion: CueList,
}

/// Questions without a question mark: requests (教えてください) and, from the one asking,
/// elliptical lines (`最後に株主還元について。`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Questions {
    pub(super) requests: CueList,
    pub(super) asking_requests: CueList,
    pub(super) elliptic: CueList,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct NonClaims {
    pub(super) greeting: CueList,
    pub(super) discourse: CueList,
    pub(super) turn: CueList,
    pub(super) credit: CueList,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Anaphora {
    pub(super) organisation: CueList,
    pub(super) person: CueList,
    pub(super) thing: CueList,
    pub(super) self_org: CueList,
    pub(super) first_person: CueList,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Markers {
    pub(super) topic: CueList,
    pub(super) about: CueList,
    pub(super) source: CueList,
    pub(super) clause: CueList,
    pub(super) title: CueList,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Predicate {
    pub(super) negation: CueList,
    pub(super) light_verbs: CueList,
    pub(super) stative_verbs: CueList,
    pub(super) future_time: CueList,
    pub(super) sahen_verbs: CueList,
    pub(super) non_evaluative: CueList,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Modality {
    pub(super) hedge: CueList,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PolarityCues {
    pub(super) negative: CueList,
    pub(super) positive: CueList,
    pub(super) denial: CueList,
    pub(super) contrast: CueList,
}

/// A list of cue words from `claims.toml`. The detector finds the cues of
/// all lists in one pass over a sentence.
#[derive(Debug, Clone)]
pub(super) struct CueList {
    words: Vec<String>,
    chars: Vec<Vec<char>>,
    /// The list's place in the detector's [`CueIndex`] (set when the detector is built).
    slot: usize,
}

impl Default for CueList {
    fn default() -> Self {
        CueList::from(Vec::new())
    }
}

impl From<Vec<String>> for CueList {
    fn from(words: Vec<String>) -> Self {
        let chars: Vec<Vec<char>> = words.iter().map(|w| w.chars().collect()).collect();
        CueList {
            words,
            chars,
            slot: usize::MAX,
        }
    }
}

impl<'de> Deserialize<'de> for CueList {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        Vec::<String>::deserialize(d).map(CueList::from)
    }
}

impl std::ops::Deref for CueList {
    type Target = [String];
    fn deref(&self) -> &[String] {
        &self.words
    }
}

/// Every (char position, cue) where a cue of `list` occurs within `[start, end)` of the
/// sentence, by position, longest first.
pub(super) fn find_cues<'l>(
    list: &'l CueList,
    s: &Sentence<'_>,
    start: usize,
    end: usize,
) -> Vec<(usize, &'l str)> {
    let end = end.min(s.chars.len());
    let found = s.cues.get(list.slot).map_or(&[][..], Vec::as_slice);
    found
        .iter()
        .filter(|&&(at, i)| at >= start && at + list.chars[i].len() <= end)
        .map(|&(at, i)| (at, list.words[i].as_str()))
        .collect()
}

/// The first cue (longest at the earliest position).
pub(super) fn first_cue<'l>(
    list: &'l CueList,
    s: &Sentence<'_>,
    start: usize,
    end: usize,
) -> Option<(usize, &'l str)> {
    find_cues(list, s, start, end).into_iter().next()
}

/// The last cue (longest at the latest position).
pub(super) fn last_cue<'l>(
    list: &'l CueList,
    s: &Sentence<'_>,
    start: usize,
    end: usize,
) -> Option<(usize, &'l str)> {
    let all = find_cues(list, s, start, end);
    let at = all.last()?.0;
    all.into_iter().find(|&(a, _)| a == at)
}

/// Cue matches that do not overlap an entity name.
pub(super) fn outside_names<'l>(
    found: Vec<(usize, &'l str)>,
    occs: &[Occurrence],
) -> Vec<(usize, &'l str)> {
    found
        .into_iter()
        .filter(|&(at, c)| {
            let end = at + c.chars().count();
            !occs
                .iter()
                .any(|o| o.anaphora.is_none() && at < o.end && end > o.start)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::claims::ClaimDetector;
    use crate::rules::Dictionaries;

    #[test]
    fn every_cue_list_has_its_own_slot() {
        let detector =
            ClaimDetector::from_toml(&Dictionaries::builtin().text("claims.toml").unwrap())
                .unwrap();
        let mut rules = detector.rules.clone();
        let mut slots: Vec<usize> = rules.lists_mut().iter().map(|l| l.slot).collect();
        let n = slots.len();
        slots.sort_unstable();
        slots.dedup();
        assert_eq!(slots.len(), n);
        assert!(slots.iter().all(|&s| s < detector.cues.lists));
    }

    #[test]
    fn one_scan_finds_every_list_s_cues_longest_first() {
        let mut a = CueList::from(vec!["と言".to_string(), "と言った".to_string()]);
        let mut b = CueList::from(vec!["言".to_string(), "た".to_string()]);
        let index = CueIndex::build(vec![&mut a, &mut b]);
        let chars: Vec<char> = "彼はと言ったと言".chars().collect();
        let found = index.scan(&chars);
        // At 2 both cues of `a` start; the longer comes first.
        assert_eq!(found[a.slot], vec![(2, 1), (2, 0), (6, 0)]);
        assert_eq!(found[b.slot], vec![(3, 0), (5, 1), (7, 0)]);
    }
}
