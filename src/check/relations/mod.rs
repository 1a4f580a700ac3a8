//! Finding relations: each finder looks at one candidate result figure and the figures before
//! it in its passage, and returns a [`Draft`] or nothing.
//!
//! The finders run in a fixed order for every figure (a figure is the result of one relation
//! at most); comparisons and multiples run last, as they may refer back to earlier results.

mod arith;
mod compare;
mod rates;

use std::collections::BTreeSet;

use crate::record::Figure;
use crate::record::FigureKind;

use super::interval::{self, Interval, Qualifiers};
use super::passage::{Passage, Placed, find_cue, starts_with_cue};
use super::rules::CheckSettings;
use super::{Check, CheckRule, Relation, Verdict, decimal_of};

/// A check before it gets its id.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    /// Sort key: (sentence, char) of the result (or the last figure).
    pub order: (usize, usize),
    pub relation: Relation,
    pub verdict: Verdict,
    pub rule: CheckRule,
    /// Figure indices (into `Passage::figs`): operands.
    pub operands: Vec<usize>,
    /// The stated result's index.
    pub result: Option<usize>,
    pub computed: Option<Interval>,
    pub deviation_pct: Option<f64>,
    pub explanation: String,
    pub cues: Vec<String>,
    /// The stated value when it is not a figure's (a multiple's factor).
    pub stated: Option<f64>,
}

impl Draft {
    /// The record.
    pub fn into_check(self, p: &Passage<'_>, id: String) -> Check {
        let idx: Vec<usize> = self
            .operands
            .iter()
            .chain(self.result.iter())
            .copied()
            .collect();
        let figs: Vec<&Placed<'_>> = idx.iter().filter_map(|i| p.figs.get(*i)).collect();
        let sents: BTreeSet<usize> = figs.iter().map(|f| f.sent).collect();
        let result_fig = self.result.and_then(|i| p.figs.get(i));
        let mut entities: Vec<String> =
            result_fig.map(|r| r.f.entities.clone()).unwrap_or_default();
        if entities.is_empty() {
            for f in &figs {
                for e in &f.f.entities {
                    if !entities.contains(e) {
                        entities.push(e.clone());
                    }
                }
            }
        }
        let computed_max = self
            .computed
            .filter(|c| c.hi != c.lo)
            .and_then(|c| decimal_of(c.hi));
        Check {
            id,
            relation: self.relation,
            verdict: self.verdict,
            figures: figs.iter().map(|f| f.f.id.clone()).collect(),
            sentences: sents
                .iter()
                .filter_map(|s| p.ds.sentences.get(*s).map(|x| x.id.clone()))
                .collect(),
            computed: self.computed.and_then(|c| decimal_of(c.lo)),
            computed_max,
            stated: self
                .stated
                .and_then(decimal_of)
                .or(result_fig.map(|r| r.f.value)),
            deviation_pct: self.deviation_pct.map(|d| (d * 10.0).round() / 10.0),
            explanation: self.explanation,
            entities,
            rule: self.rule,
            cues: self.cues,
            metric: None,
            statements: Vec::new(),
        }
    }
}

/// What the finders share while walking a transcript.
pub(crate) struct State {
    /// Drafts so far.
    pub drafts: Vec<Draft>,
    /// Figures already used as a stated result.
    pub results: BTreeSet<usize>,
}

/// Every relation in the transcript.
pub(crate) fn find(p: &Passage<'_>) -> Vec<Draft> {
    let mut st = State {
        drafts: Vec::new(),
        results: BTreeSet::new(),
    };
    type Finder = fn(&Passage<'_>, &Placed<'_>, &State) -> Option<Draft>;
    let finders: [Finder; 8] = [
        arith::sum,
        arith::difference,
        rates::unit_price,
        rates::percent_of,
        rates::currency,
        rates::time_rate,
        arith::percent_change,
        arith::share,
    ];
    for r in &p.figs {
        for finder in finders {
            if let Some(d) = finder(p, r, &st) {
                if let Some(i) = d.result {
                    st.results.insert(i);
                }
                st.drafts.push(d);
                break;
            }
        }
    }
    for r in &p.figs {
        if let Some(d) = compare::comparison(p, r, &st) {
            st.drafts.push(d);
        }
    }
    for s in 0..p.chars.len() {
        st.drafts.extend(compare::multiples(p, s));
    }
    st.drafts
}

/// The verdict from a computed and a stated interval.
///
/// `strong`: a cue says a calculation was made; `unambiguous`: the operands are the only ones
/// the passage offers. Without `strong` only `holds` is reported; without `unambiguous` a
/// miss is `cannot_check`; a deviation under `min_off_pct` is a rounding slip and holds.
pub(crate) fn judge(
    computed: Interval,
    stated: Interval,
    stated_value: f64,
    strong: bool,
    unambiguous: bool,
    s: &CheckSettings,
) -> Option<(Verdict, Option<f64>)> {
    if computed.meets(&stated) {
        return Some((Verdict::Holds, None));
    }
    let c = computed.nearest(stated_value);
    let dev = if c == 0.0 {
        f64::INFINITY
    } else {
        (stated_value - c) / c.abs() * 100.0
    };
    if dev.abs() < s.min_off_pct {
        return Some((Verdict::Holds, None));
    }
    match (strong, unambiguous) {
        (false, _) => None,
        (true, true) if dev.is_finite() => Some((Verdict::Off, Some(dev))),
        (true, _) => Some((Verdict::CannotCheck, None)),
    }
}

/// `≈ stated` or `≠ stated (+50%)` for an explanation.
pub(crate) fn verdict_tail(v: Verdict, dev: Option<f64>, stated: &str) -> String {
    match (v, dev) {
        (Verdict::Off, Some(d)) => format!("≠ {stated} ({d:+.1}%)"),
        (Verdict::Holds, _) => format!("≈ {stated}"),
        _ => format!("? {stated}"),
    }
}

/// The stated interval of a result and its open-above word, if any.
pub(crate) fn stated_of<'w>(
    p: &'w Passage<'_>,
    r: &Placed<'_>,
) -> Option<(Interval, Option<&'w str>)> {
    let after = p.after(r, 6);
    let words = &p.rules.cues.open_above;
    let open = starts_with_cue(&after, words).or_else(|| {
        words
            .iter()
            .filter(|w| !w.is_empty() && r.f.text.ends_with(w.as_str()))
            .max_by_key(|w| w.chars().count())
            .map(String::as_str)
    });
    let q = Qualifiers {
        open_above: open.is_some(),
    };
    let mut i = interval::stated(r.f, q, &p.rules.settings)?;
    if r.f.kind == FigureKind::Percent && r.f.approx {
        let pts = p.rules.settings.percent_points;
        i = Interval::new(i.lo - pts, i.hi + pts)?;
    }
    Some((i, open))
}

/// A cue from `words` in the text between `from` and `r` (its last `cue_before_chars`
/// chars), or a closing cue right after `r`.
pub(crate) fn cue_between(
    p: &Passage<'_>,
    from: &Placed<'_>,
    r: &Placed<'_>,
    words: &[String],
) -> Option<String> {
    let text = p.between(from, r);
    let n = text.chars().count();
    let tail: String = text
        .chars()
        .skip(n.saturating_sub(p.rules.settings.cue_before_chars))
        .collect();
    if let Some((_, w)) = find_cue(&tail, words) {
        return Some(w.to_string());
    }
    let after = p.after(r, p.rules.settings.cue_after_chars);
    find_cue(&after, &p.rules.cues.result_after).map(|(_, w)| w.to_string())
}

/// Whether two figures are amounts of the same kind and currency.
pub(crate) fn same_money(a: &Figure, b: &Figure) -> bool {
    a.kind == FigureKind::Money && b.kind == FigureKind::Money && a.currency == b.currency
}
