//! The rules of the arithmetic checks, read from `dictionaries/checks.toml`.

use serde::Deserialize;

use crate::record::Rate;
use crate::rules::{Dictionaries, DictionaryText};
use crate::{Error, Result};

/// Windows and tolerances (`[check]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckSettings {
    /// Sentences before the result's sentence that may hold its operands.
    pub window: usize,
    /// How far (chars) a result cue may sit before the result figure.
    pub cue_before_chars: usize,
    /// How far (chars) a closing cue may sit after the result figure.
    pub cue_after_chars: usize,
    /// Tolerance of an approximate stated figure, percent of its value.
    pub approx_pct: f64,
    /// Largest rounding (percent of the value) a round stated figure is allowed.
    pub round_cap_pct: f64,
    /// Deviations below this percentage are never `off`.
    pub min_off_pct: f64,
    /// Extra tolerance of a stated percentage result, in percentage points.
    pub percent_points: f64,
}

/// A time rate and how many of it make a year (`[[time_rate]]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeRate {
    /// The figure rate it describes.
    pub rate: Rate,
    /// How many make a year, as an interval.
    pub per_year: [f64; 2],
    /// How it is written in explanations (`月`).
    pub symbol: String,
}

/// A quantity unit and the per-unit rate it multiplies (`[[quantity]]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuantityRule {
    /// The quantity figure's unit (`GW`).
    pub unit: String,
    /// The price's per-unit rate (`megawatt`).
    pub rate: Rate,
    /// One `unit` is this many of the rate's unit.
    pub factor: f64,
}

/// Counters that give the count of a per-unit price (`[[count_rate]]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountRate {
    /// The price's per-unit rate.
    pub rate: Rate,
    /// Counter words written after the count.
    pub counters: Vec<String>,
}

/// Cue word lists (`[cues]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cues {
    /// Before a result: it was computed.
    pub result_before: Vec<String>,
    /// After a result: it closes a computation.
    pub result_after: Vec<String>,
    /// Announce a sum.
    pub sum: Vec<String>,
    /// Announce a difference.
    pub difference: Vec<String>,
    /// Announce a time-rate conversion.
    pub rate_conversion: Vec<String>,
    /// Increase words after a percentage.
    pub increase: Vec<String>,
    /// Decrease words after a percentage.
    pub decrease: Vec<String>,
    /// A percentage is computed as the share of one figure in another (`比率にすると`).
    pub ratio: Vec<String>,
    /// A percentage names a share (`割合は`): reported only when it holds.
    pub ratio_named: Vec<String>,
    /// Words between two amounts that make them a from–to pair (`から`).
    pub change_from: Vec<String>,
    /// `倍`.
    pub multiple: Vec<String>,
    /// `半分`.
    pub half: Vec<String>,
    /// `分の`.
    pub fraction: Vec<String>,
    /// Words that open a figure above (`何がしか`).
    pub open_above: Vec<String>,
    /// Words that stand for the previous result (`それは`).
    pub back_reference: Vec<String>,
    /// Words that make a sentence hypothetical.
    pub hypothetical: Vec<String>,
    /// Words right after a multiple that make it approximate (`9倍近い`).
    pub approx_after: Vec<String>,
}

/// Which order a comparison states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CompareOp {
    /// Less than.
    Lt,
    /// Greater than.
    Gt,
    /// At least.
    Ge,
    /// At most.
    Le,
}

impl CompareOp {
    /// The sign in explanations.
    pub fn sign(self) -> &'static str {
        match self {
            CompareOp::Lt => "<",
            CompareOp::Gt => ">",
            CompareOp::Ge => "≥",
            CompareOp::Le => "≤",
        }
    }
}

/// Comparison words (`[[comparison]]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComparisonRule {
    /// Stable rule name.
    pub rule: String,
    /// The order stated.
    pub op: CompareOp,
    /// Words written after the compared figure.
    pub words: Vec<String>,
}

/// A metric for conflicts (`[[metric]]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricRule {
    /// Metric name (`revenue`).
    pub name: String,
    /// Words naming it.
    pub words: Vec<String>,
    /// How far (chars) from the figure the word may be.
    pub reach: usize,
    /// Words in the sentence that make the figure a part or a new tranche, not the metric.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Only figures about two organisations count (an investment in a named company).
    #[serde(default)]
    pub counterparty: bool,
}

/// A cue that gives a rate to a result written without one (`[[average]]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AverageCue {
    /// The cue (`年平均`).
    pub word: String,
    /// The rate it gives.
    pub rate: Rate,
}

/// Counters of how many parts a sum has (`[parts]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Parts {
    /// Counter words (`社`).
    pub counters: Vec<String>,
}

/// How explanations write currencies and per-unit rates (`[labels]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Labels {
    /// ISO code → name (`USD` → `ドル`).
    pub currency: std::collections::BTreeMap<String, String>,
    /// Rate name → symbol (`megawatt` → `MW`).
    pub rate: std::collections::BTreeMap<String, String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChecksFile {
    check: CheckSettings,
    time_rate: Vec<TimeRate>,
    quantity: Vec<QuantityRule>,
    count_rate: Vec<CountRate>,
    cues: Cues,
    comparison: Vec<ComparisonRule>,
    metric: Vec<MetricRule>,
    average: Vec<AverageCue>,
    parts: Parts,
    labels: Labels,
}

/// Everything the checks need, loaded once.
#[derive(Debug, Clone)]
pub struct CheckRules {
    /// Windows and tolerances.
    pub settings: CheckSettings,
    /// Time rates.
    pub time_rates: Vec<TimeRate>,
    /// Quantity conversions.
    pub quantities: Vec<QuantityRule>,
    /// Counters for per-unit prices.
    pub count_rates: Vec<CountRate>,
    /// Cue lists.
    pub cues: Cues,
    /// Comparison words.
    pub comparisons: Vec<ComparisonRule>,
    /// Metrics for conflicts.
    pub metrics: Vec<MetricRule>,
    /// Cues that give a result a rate.
    pub averages: Vec<AverageCue>,
    /// Counters of a sum's parts.
    pub parts: Parts,
    /// Explanation labels.
    pub labels: Labels,
}

/// The built-in rules file.
impl CheckRules {
    /// The built-in rules (`dictionaries/checks.toml`).
    pub fn builtin() -> Result<Self> {
        Self::from_toml(&Dictionaries::builtin().text("checks.toml")?)
    }

    /// The rules in force: a `checks.toml` in the override directory replaces the built-in one.
    pub fn from_dictionaries(dictionaries: &Dictionaries) -> Result<Self> {
        Self::from_toml(&dictionaries.text("checks.toml")?)
    }

    /// Rules from a TOML text.
    pub fn from_toml(dict: &DictionaryText) -> Result<Self> {
        let f: ChecksFile =
            toml::from_str(&dict.text).map_err(|e| Error::dictionary(&dict.name, e.to_string()))?;
        let bad = |m: &str| Err(Error::dictionary(&dict.name, m.to_string()));
        if f.time_rate.iter().any(|t| {
            t.per_year[0].is_nan() || t.per_year[0] <= 0.0 || t.per_year[1] < t.per_year[0]
        }) {
            return bad("time_rate.per_year must be positive");
        }
        if f.quantity
            .iter()
            .any(|q| q.factor.is_nan() || q.factor <= 0.0)
        {
            return bad("quantity.factor must be positive");
        }
        Ok(CheckRules {
            settings: f.check,
            time_rates: f.time_rate,
            quantities: f.quantity,
            count_rates: f.count_rate,
            cues: f.cues,
            comparisons: f.comparison,
            metrics: f.metric,
            averages: f.average,
            parts: f.parts,
            labels: f.labels,
        })
    }

    /// The time-rate entry of a rate, if it is a time rate.
    pub fn time_rate(&self, rate: Rate) -> Option<&TimeRate> {
        self.time_rates.iter().find(|t| t.rate == rate)
    }
}
