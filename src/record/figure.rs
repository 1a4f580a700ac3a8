//! The vocabulary of figures: what a figure measures, its bound, its rate and its period.

use serde::{Deserialize, Serialize};

use super::Decimal;

/// What a figure measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FigureKind {
    /// An amount of money (`value` in whole currency units, `currency` ISO 4217).
    Money,
    /// A percentage (`unit` `%`) or percentage points (`unit` `point`).
    Percent,
    /// Electrical power (`unit` `GW`, `MW`, `kW`, `TW`).
    Power,
    /// Energy (`unit` `GWh`, …).
    Energy,
    /// An exchange-rate gloss such as `1ドル＝156円`: `value` units of `currency` per one unit
    /// of the currency in `unit`. Not an amount.
    ExchangeRate,
}

/// A bound on a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    /// `最大`: up to.
    UpTo,
    /// `以上`, `少なくとも`, `最低`: at least.
    AtLeast,
    /// `以下`: at most.
    AtMost,
    /// `超`, `強`: more than.
    MoreThan,
    /// `未満`, `弱`: less than.
    LessThan,
}

/// What an amount is counted per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rate {
    /// Per year (`年間`).
    Year,
    /// Per quarter (`四半期`).
    Quarter,
    /// Per month (`月に`).
    Month,
    /// Per week.
    Week,
    /// Per day.
    Day,
    /// Per megawatt (`1メガワットあたり`).
    Megawatt,
    /// Per gigawatt.
    Gigawatt,
    /// Per kilowatt.
    Kilowatt,
    /// Per share (`1株当たり`).
    Share,
    /// Per person.
    Person,
}

/// How a time qualifier relates to a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    /// The figure accrues over a duration (`5年間で3000億ドル`).
    Over,
    /// The figure is due by a date (`2029年までに10ギガワット`).
    By,
}

/// A duration or date qualifying a figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Period {
    /// Over a duration, or by a date.
    pub kind: PeriodKind,
    /// The number of units (`5` in `5年間で`) or the date's number (`2029`).
    pub value: Decimal,
    /// `year`, `month`, `quarter`, `week` or `day`.
    pub unit: String,
    /// The cue as written (`5年間で`).
    pub text: String,
    /// Span of the cue (char offsets, end exclusive).
    pub start: usize,
    /// End of the cue.
    pub end: usize,
}
