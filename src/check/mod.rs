//! Arithmetic checks: the calculations speakers do out loud, redone, and whether they hold.
//!
//! A speaker who says 「年間200億ドルのペースです。つまり月に16.7億ドルです。」 has divided by 12;
//! [`find_checks`] finds that relation between the two figures and says whether it holds at the
//! precision stated. Relations are found from cue words (`dictionaries/checks.toml`) and from
//! the figures themselves (a yearly and a monthly rate, a unit price and a quantity):
//!
//! | relation | found from | example |
//! |---|---|---|
//! | `rate_conversion` | two time rates, a total over a period, an exchange rate | 200億ドル/年 → 月 |
//! | `product` | a per-unit price and a quantity, `Aの40%` | 4200万ドル/MW × 4.5GW |
//! | `sum` / `difference` | `足すと`, `合計`, `差し引き`, `残り` | 560億 + 450〜500億 |
//! | `ratio` | `比率`, `利回り` before a percentage; `Aの3倍`, `半分` | 490億 ÷ 1234億 |
//! | `percent_change` | a percentage followed by `増`/`減`/`伸び` | 1150億 → 1800億 |
//! | `comparison` | `それは…より低い` after a computed result | [1010億, 1060億] < 1890億 |
//!
//! Arithmetic is on intervals ([`interval`]): ranges and vague amounts are operands with two
//! ends, and a stated result stands for the interval its written precision and qualifiers allow.
//! A relation `holds` when the computed interval meets the stated one.
//!
//! **Precision over recall.** `off` is an accusation, so it needs a cue word that says a
//! calculation was made, an unambiguous choice of operands and a deviation of at least
//! `min_off_pct`; a relation seen only from the figures (no cue) is reported only when it
//! holds; a stated calculation whose operands cannot be told apart is `cannot_check`.
//!
//! Across transcripts, [`conflicts`] finds one company's one metric stated with values that
//! cannot both be true.

mod conflict;
mod explain;
pub mod interval;
mod passage;
mod relations;
pub mod rules;

pub use crate::record::{Check, CheckRule, Relation, Verdict};
use crate::record::{Dataset, Decimal};

pub use conflict::conflicts;
pub use rules::CheckRules;

/// Every arithmetic relation stated in one transcript, in text order of their results.
pub fn find_checks(dataset: &Dataset, rules: &CheckRules) -> Vec<Check> {
    let passage = passage::Passage::new(dataset, rules);
    let mut drafts = relations::find(&passage);
    drafts.sort_by_key(|d| d.order);
    drafts
        .into_iter()
        .enumerate()
        .map(|(i, d)| d.into_check(&passage, format!("{}-k{:04}", dataset.transcript.id, i + 1)))
        .collect()
}

/// An `f64` as a decimal, rounded to four places; `None` when not finite.
pub(crate) fn decimal_of(v: f64) -> Option<Decimal> {
    if !v.is_finite() || v.abs() > 1e30 {
        return None;
    }
    format!("{v:.4}")
        .parse::<Decimal>()
        .ok()
        .map(|d| d.round_to(4))
}
