//! Loading `dictionaries/money.toml` and `dictionaries/quantities.toml` into a
//! [`FigureExtractor`]: the file shapes, their checks, and the longest-first word tables.

use super::{FigureExtractor, chars_of};
use crate::record::{Bound, FigureKind, PeriodKind, Rate};
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct MinorUnit {
    pub(super) name: String,
    pub(super) divisor: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CurrencyRule {
    pub(super) rule: String,
    pub(super) code: String,
    #[serde(default)]
    pub(super) names: Vec<String>,
    #[serde(default)]
    pub(super) symbols: Vec<String>,
    #[serde(default)]
    pub(super) minor: Vec<MinorUnit>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct WesternScale {
    pub(super) rule: String,
    pub(super) words: Vec<String>,
    pub(super) exp: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct MoneySettings {
    pub(super) implied_currency_window: usize,
    pub(super) range_connectors: Vec<String>,
    #[serde(default)]
    pub(super) range_closers: Vec<String>,
    pub(super) rate_gloss_signs: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct MoneyFile {
    pub(super) money: MoneySettings,
    pub(super) currency: Vec<CurrencyRule>,
    #[serde(default)]
    pub(super) western_scale: Vec<WesternScale>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct UnitRule {
    pub(super) rule: String,
    pub(super) kind: FigureKind,
    pub(super) unit: String,
    pub(super) words: Vec<String>,
    #[serde(default)]
    pub(super) factor: Option<u32>,
    #[serde(default)]
    pub(super) loose_spacing: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct QualifierRule {
    pub(super) rule: String,
    #[serde(default)]
    pub(super) before: Vec<String>,
    #[serde(default)]
    pub(super) after: Vec<String>,
    #[serde(default)]
    pub(super) approx: bool,
    #[serde(default)]
    pub(super) bound: Option<Bound>,
    #[serde(default)]
    pub(super) rate: Option<Rate>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PerUnitRule {
    pub(super) rate: Rate,
    pub(super) words: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PerUnitCues {
    pub(super) rule: String,
    pub(super) words: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PeriodWord {
    pub(super) word: String,
    pub(super) unit: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PeriodRule {
    pub(super) rule: String,
    pub(super) kind: PeriodKind,
    pub(super) words: Vec<PeriodWord>,
}

/// `[numbers]`: what may follow an arabic number.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct NumberSettings {
    /// Latin multipliers (`40k`): (suffix, power of ten).
    pub(super) latin_multipliers: Vec<(String, u32)>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct QuantitiesFile {
    pub(super) unit: Vec<UnitRule>,
    pub(super) qualifier: Vec<QualifierRule>,
    pub(super) per_unit: Vec<PerUnitRule>,
    pub(super) per_unit_cues: PerUnitCues,
    pub(super) period: Vec<PeriodRule>,
    pub(super) numbers: NumberSettings,
}

fn longest_first<T>(mut v: Vec<(Vec<char>, T)>) -> Vec<(Vec<char>, T)> {
    v.sort_by_key(|b| std::cmp::Reverse(b.0.len()));
    v
}

impl FigureExtractor {
    /// The rules built into the binary (`dictionaries/*.toml`).
    pub fn builtin() -> crate::Result<Self> {
        Self::from_toml(
            (
                "money.toml",
                include_str!("../../../dictionaries/money.toml"),
            ),
            (
                "quantities.toml",
                include_str!("../../../dictionaries/quantities.toml"),
            ),
        )
    }

    /// Rules from user-supplied TOML texts, each given as `(file name, text)`; the name is used
    /// in error messages.
    pub fn from_toml(money: (&str, &str), quantities: (&str, &str)) -> crate::Result<Self> {
        let (mname, mtext) = money;
        let (qname, qtext) = quantities;
        let m: MoneyFile =
            toml::from_str(mtext).map_err(|e| crate::Error::dictionary(mname, e.to_string()))?;
        let q: QuantitiesFile =
            toml::from_str(qtext).map_err(|e| crate::Error::dictionary(qname, e.to_string()))?;
        check_money(&m).map_err(|msg| crate::Error::dictionary(mname, msg))?;
        check_quantities(&q).map_err(|msg| crate::Error::dictionary(qname, msg))?;
        Ok(Self::from_files(m, q))
    }

    /// The extractor over checked rule files: every word list turned into a table.
    fn from_files(m: MoneyFile, q: QuantitiesFile) -> Self {
        let mut names = Vec::new();
        let mut symbols = Vec::new();
        for (i, c) in m.currency.iter().enumerate() {
            names.extend(c.names.iter().map(|n| (chars_of(n), i)));
            symbols.extend(c.symbols.iter().map(|n| (chars_of(n), i)));
        }
        let western = indexed(&m.western_scale, |w| &w.words);
        let unit_words = indexed(&q.unit, |u| &u.words);
        let before_cues = indexed(&q.qualifier, |u| &u.before);
        let after_cues = indexed(&q.qualifier, |u| &u.after);
        let per_unit = q
            .per_unit
            .iter()
            .flat_map(|p| p.words.iter().map(move |x| (chars_of(x), p.rate)))
            .collect();
        FigureExtractor {
            money: m.money,
            currencies: m.currency,
            currency_names: longest_first(names),
            currency_symbols: longest_first(symbols),
            western: longest_first(western),
            western_rules: m.western_scale,
            units: q.unit,
            unit_words: longest_first(unit_words),
            qualifiers: q.qualifier,
            before_cues: longest_first(before_cues),
            after_cues: longest_first(after_cues),
            per_unit: longest_first(per_unit),
            per_unit_cues: q.per_unit_cues,
            periods: period_table(&q.period),
            period_rules: q.period,
            latin_multipliers: q.numbers.latin_multipliers,
        }
    }

    /// The latin multipliers (`k`, `M`) read from the quantities file: (suffix, power of ten).
    pub fn latin_multipliers(&self) -> &[(String, u32)] {
        &self.latin_multipliers
    }
}

/// Every word of every rule, with the index of its rule.
fn indexed<T>(rules: &[T], words: impl Fn(&T) -> &Vec<String>) -> Vec<(Vec<char>, usize)> {
    rules
        .iter()
        .enumerate()
        .flat_map(|(i, r)| words(r).iter().map(move |x| (chars_of(x), i)))
        .collect()
}

/// (word, period rule index, unit), longest first.
fn period_table(rules: &[PeriodRule]) -> Vec<(Vec<char>, usize, String)> {
    let mut periods = rules
        .iter()
        .enumerate()
        .flat_map(|(i, p)| {
            p.words
                .iter()
                .map(move |w| (chars_of(&w.word), i, w.unit.clone()))
        })
        .collect::<Vec<_>>();
    periods.sort_by_key(|b| std::cmp::Reverse(b.0.len()));
    periods
}

/// The checks on `money.toml` that its shape does not express; the message on failure.
fn check_money(m: &MoneyFile) -> Result<(), String> {
    for c in &m.currency {
        if c.code.len() != 3 || !c.code.chars().all(|ch| ch.is_ascii_uppercase()) {
            return Err(format!(
                "{}: code {:?} is not an ISO 4217 code",
                c.rule, c.code
            ));
        }
        if c.names
            .iter()
            .chain(&c.symbols)
            .any(|w| w.trim().is_empty())
        {
            return Err(format!("{}: empty name or symbol", c.rule));
        }
        if c.minor
            .iter()
            .any(|mu| mu.divisor == 0 || mu.name.is_empty())
        {
            return Err(format!(
                "{}: minor unit with empty name or zero divisor",
                c.rule
            ));
        }
    }
    for w in &m.western_scale {
        if w.exp > 18 || w.words.iter().any(|x| x.is_empty()) {
            return Err(format!("{}: bad scale word or exponent", w.rule));
        }
    }
    if m.money
        .range_connectors
        .iter()
        .chain(&m.money.rate_gloss_signs)
        .any(|w| w.is_empty())
    {
        return Err("[money]: empty connector".to_string());
    }
    Ok(())
}

/// The checks on `quantities.toml` that its shape does not express; the message on failure.
fn check_quantities(q: &QuantitiesFile) -> Result<(), String> {
    for u in &q.unit {
        if u.words.iter().any(|w| w.is_empty()) || u.factor == Some(0) {
            return Err(format!("{}: empty word or zero factor", u.rule));
        }
        if matches!(u.kind, FigureKind::Money | FigureKind::ExchangeRate) {
            return Err(format!("{}: kind {:?} is not a quantity", u.rule, u.kind));
        }
    }
    for qu in &q.qualifier {
        if qu.before.iter().chain(&qu.after).any(|w| w.is_empty()) {
            return Err(format!("{}: empty cue word", qu.rule));
        }
    }
    Ok(())
}
