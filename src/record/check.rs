//! The arithmetic check record: a relation a speaker states between figures, redone, with
//! its verdict (found by the `check` stage).

use serde::{Deserialize, Serialize};

use super::Decimal;

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
    /// For a conflict: the two statements, each with its transcript, sentence, figure,
    /// holder and the transcript's date.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub statements: Vec<Statement>,
}

/// One statement of a metric, as a conflict cites it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    /// The transcript it is in.
    pub transcript_id: String,
    /// The sentence that states it.
    pub sentence_id: String,
    /// The figure stated.
    pub figure: String,
    /// Who states it: the holder of the claim holding the figure, else the speaker.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holder: Option<String>,
    /// The transcript's date, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}
