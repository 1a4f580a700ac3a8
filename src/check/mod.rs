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

use serde::{Deserialize, Serialize};

use crate::record::Dataset;
use crate::record::Decimal;

pub use conflict::conflicts;
pub use rules::CheckRules;

/// The arithmetic relation a check is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// Per year ↔ per month, a total over years ↔ per year, one currency ↔ another.
    RateConversion,
    /// Unit price × quantity, a percentage of a base.
    Product,
    /// Parts and their total.
    Sum,
    /// A difference or a remainder.
    Difference,
    /// A share of one figure in another, a multiple or a fraction.
    Ratio,
    /// The percentage change between two values.
    PercentChange,
    /// One figure (or a computed result) against another.
    Comparison,
}

/// What the check found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The stated result agrees with the computed one at the precision stated.
    Holds,
    /// The stated result is wrong: see `computed` and `deviation_pct`.
    Off,
    /// A calculation is stated, but an operand is missing or cannot be told apart.
    CannotCheck,
    /// The same metric of the same company stated with values that cannot both be true.
    Conflict,
}

/// The rule that produced a check (shown by `--explain`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckRule {
    /// Two time rates of one amount (`年間…つまり月に…`).
    TimeRate,
    /// A total over a period and its average per period (`5年間で…年平均…`).
    PeriodAverage,
    /// An amount in two currencies and an exchange rate (`1ドル=150円`).
    Currency,
    /// A per-unit price and a quantity (`1メガワットあたり…4.5ギガワット`).
    UnitPrice,
    /// A percentage of a base (`Aの40%`).
    PercentOf,
    /// Parts followed by a sum cue.
    Sum,
    /// Figures followed by a difference cue.
    Difference,
    /// A percentage announced as a share (`比率`, `利回り`).
    Share,
    /// `Aの N倍`, `Aの半分`, `Aの N分の1`.
    Multiple,
    /// A percentage followed by an increase or decrease word.
    PercentChange,
    /// A comparison word after a figure.
    Comparison,
    /// One metric of one company stated twice with different values.
    Conflict,
}

/// One arithmetic relation a speaker stated, redone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Check {
    /// `<transcript id>-k<n>` (`-x<n>` for conflicts).
    pub id: String,
    /// The relation.
    pub relation: Relation,
    /// What the check found.
    pub verdict: Verdict,
    /// Figure ids: the operands, then the stated result (for a comparison: the two sides).
    pub figures: Vec<String>,
    /// Ids of the sentences the figures are in, in text order.
    pub sentences: Vec<String>,
    /// The computed value (lower end), in the result's units (whole currency units, percent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub computed: Option<Decimal>,
    /// The upper end of the computed interval, when it is not a point.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub computed_max: Option<Decimal>,
    /// The stated result's value (for a conflict: the first statement's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated: Option<Decimal>,
    /// How far the stated result is from the computed one, in percent (for `off`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deviation_pct: Option<f64>,
    /// One line for humans; code must never parse it.
    pub explanation: String,
    /// Entity ids of the company the figures are about, where known.
    pub entities: Vec<String>,
    /// The rule that produced it.
    pub rule: CheckRule,
    /// The cue words that announced the relation, as written.
    pub cues: Vec<String>,
    /// For a conflict: the metric (`revenue`, `capex`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric: Option<String>,
}

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
