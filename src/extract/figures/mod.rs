//! Figures: money, percentages, power and other quantities, with their qualifiers.
//!
//! Everything builds on the numeral parser ([`crate::extract::numeral`]), as Duckling's AmountOfMoney
//! builds on Numeral. The rules are data: `dictionaries/money.toml` (currencies, symbols, minor
//! units, Western scale words, range connectors) and `dictionaries/quantities.toml` (units,
//! qualifier cues, rate and period cues, latin multipliers). Every figure carries the stable
//! names of the rules that produced it in [`FigureMatch::rule`].
//!
//! [`FigureExtractor::extract`] runs in passes over the numerals of a text:
//! 1. **atoms** — a numeral with what is glued to it: a currency after it (`100億ドル`) or a
//!    symbol before it (`$80B`, `¥100`), minor units (`2222円13銭`), a unit (`25%`, `6ギガワット`),
//!    or nothing (a bare numeral, kept only for ranges and implied currency);
//! 2. **exchange-rate glosses** — `1ドル＝156円` becomes one `exchange_rate` figure;
//! 3. **ranges** — `A<conn>B` where B carries the unit: the unit is shared, and so is B's scale
//!    word when A has none (`500から550億ドル` = 5e10..5.5e10);
//! 4. **qualifiers** — cue words before/after (`約`, `最大`, `以上`, `年間`, `月に`), per-unit
//!    rates (`1メガワットあたり`), periods (`5年間で`, `2029年までに`);
//! 5. **implied currency** — a bare amount with a big scale word (`1500億から1600億`) shortly
//!    after money in the same passage takes that currency, marked `implied_currency`.
//!
//! Bare numbers are never figures (the Recognizers-Text number and number-range finders live
//! with the conformance tests, `tests/conformance/`). Spans are char offsets, end exclusive, sorted and
//! non-overlapping.

mod atoms;
mod drafts;
mod exchange;
mod implied;
mod qualifiers;
mod ranges;
mod rules;
mod standalone;

use crate::extract::numeral::starts_with;
use crate::record::{Bound, Decimal, FigureKind, Period, Rate};
use atoms::Atom;
use rules::{
    CurrencyRule, MoneySettings, PerUnitCues, PeriodRule, QualifierRule, UnitRule, WesternScale,
};
use serde::Serialize;

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

/// One figure found in a text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FigureMatch {
    /// First char (char offset).
    pub start: usize,
    /// One past the last char.
    pub end: usize,
    /// `text[start..end]`.
    pub text: String,
    /// What it measures.
    pub kind: FigureKind,
    /// Whole currency units for money; the lower end for ranges and vague amounts.
    pub value: Decimal,
    /// The upper end of ranges and vague amounts.
    pub value_max: Option<Decimal>,
    /// ISO 4217 code for money (and the quoted currency of an exchange rate).
    pub currency: Option<String>,
    /// Unit of a quantity (`%`, `point`, `GW`, …); the base currency of an exchange rate.
    pub unit: Option<String>,
    /// An approximate figure (`約`, `程度`, `何がしか`).
    pub approx: bool,
    /// A vague amount (`数十億`): `value`..`value_max`.
    pub vague: bool,
    /// A bound (`最大`, `以上`, …).
    pub bound: Option<Bound>,
    /// What the amount is counted per (`年間`, `月に`, `1メガワットあたり`).
    pub rate: Option<Rate>,
    /// Money whose currency is only implied by earlier amounts in the passage.
    pub implied_currency: bool,
    /// A duration or date qualifying the figure (`5年間で`, `2029年までに`).
    pub period: Option<Period>,
    /// The stable names of the rules that produced it, joined with `+`.
    pub rule: String,
    /// Start of the amount itself, without qualifier words (`800億ドル` in `約800億ドル`).
    pub amount_start: usize,
    /// End of the amount itself, without qualifier words.
    pub amount_end: usize,
}

/// A currency named without an amount (`ドルはアメリカの通貨です`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CurrencyMention {
    /// First char.
    pub start: usize,
    /// One past the last char.
    pub end: usize,
    /// ISO 4217 code.
    pub currency: String,
}

// ---------------------------------------------------------------------------------------------
// The extractor
// ---------------------------------------------------------------------------------------------

/// The money and quantity extractors, built from rule files.
#[derive(Debug, Clone)]
pub struct FigureExtractor {
    money: MoneySettings,
    currencies: Vec<CurrencyRule>,
    /// (name, currency index), longest first.
    currency_names: Vec<(Vec<char>, usize)>,
    /// (symbol, currency index), longest first.
    currency_symbols: Vec<(Vec<char>, usize)>,
    western: Vec<(Vec<char>, usize)>,
    western_rules: Vec<WesternScale>,
    units: Vec<UnitRule>,
    /// (word, unit index), longest first.
    unit_words: Vec<(Vec<char>, usize)>,
    qualifiers: Vec<QualifierRule>,
    before_cues: Vec<(Vec<char>, usize)>,
    after_cues: Vec<(Vec<char>, usize)>,
    per_unit: Vec<(Vec<char>, Rate)>,
    per_unit_cues: PerUnitCues,
    periods: Vec<(Vec<char>, usize, String)>,
    period_rules: Vec<PeriodRule>,
    latin_multipliers: Vec<(String, u32)>,
}

impl FigureExtractor {
    /// All figures in `text`, sorted by start, non-overlapping. Spans are char offsets into
    /// `text`, end exclusive.
    pub fn extract(&self, text: &str) -> Vec<FigureMatch> {
        let chars: Vec<char> = text.chars().collect();
        let urls = url_spans(&chars);
        let atoms: Vec<Atom> = self
            .atoms(&chars)
            .into_iter()
            .filter(|a| !urls.iter().any(|&(s, e)| a.start < e && s < a.end))
            .collect();
        let (mut drafts, bare) = self.drafts(&chars, &atoms);
        let implied = self.implied(&chars, &drafts, &bare);
        drafts.extend(implied);
        drafts.sort_by_key(|d| (d.start, d.end));
        // qualifiers may not reach into the neighbouring figures
        let n = drafts.len();
        for i in 0..n {
            let floor = if i > 0 { drafts[i - 1].end } else { 0 };
            let ceiling = drafts.get(i + 1).map_or(chars.len(), |d| d.start);
            let mut d = drafts[i].clone();
            self.qualify(&chars, &mut d, floor, ceiling);
            drafts[i] = d;
        }
        let mut out: Vec<FigureMatch> = Vec::with_capacity(drafts.len());
        for d in drafts {
            if out.last().is_some_and(|p| p.end > d.start) || d.start >= d.end {
                continue;
            }
            let Some(slice) = chars.get(d.start..d.end) else {
                continue;
            };
            out.push(FigureMatch {
                start: d.start,
                end: d.end,
                text: slice.iter().collect(),
                kind: d.kind,
                value: d.value,
                value_max: d.max,
                currency: d.currency,
                unit: d.unit,
                approx: d.approx,
                vague: d.vague,
                bound: d.bound,
                rate: d.rate,
                implied_currency: d.implied,
                period: d.period,
                rule: d.rules.join("+"),
                amount_start: d.core_start,
                amount_end: d.core_end,
            });
        }
        out
    }
}

/// Spans of URLs (`http://…`, `https://…`) up to the next whitespace.
fn url_spans(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if starts_with(chars, i, "http://") || starts_with(chars, i, "https://") {
            let mut e = i;
            while chars.get(e).is_some_and(|&c| {
                !c.is_whitespace() && c != '\u{3000}' && (c.is_ascii() || c == '％')
            }) {
                e += 1;
            }
            out.push((i, e));
            i = e.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Word tables and spacing, shared by the passes
// ---------------------------------------------------------------------------------------------

fn chars_of(s: &str) -> Vec<char> {
    s.chars().collect()
}

/// The longest word of `table` starting at `i`.
fn word_at<T: Copy>(chars: &[char], i: usize, table: &[(Vec<char>, T)]) -> Option<(usize, T)> {
    table
        .iter()
        .find(|(w, _)| chars.get(i..i + w.len()) == Some(w.as_slice()))
        .map(|(w, t)| (i + w.len(), *t))
}

/// The longest word of `table` that ends exactly at `end`.
fn word_before<T: Copy>(
    chars: &[char],
    end: usize,
    table: &[(Vec<char>, T)],
) -> Option<(usize, T)> {
    table
        .iter()
        .find(|(w, _)| end >= w.len() && chars.get(end - w.len()..end) == Some(w.as_slice()))
        .map(|(w, t)| (end - w.len(), *t))
}

fn skip_spaces(chars: &[char], mut i: usize) -> usize {
    while chars.get(i).is_some_and(|&c| c == ' ' || c == '\u{3000}') {
        i += 1;
    }
    i
}

fn skip_spaces_back(chars: &[char], mut i: usize) -> usize {
    while i > 0
        && chars
            .get(i - 1)
            .is_some_and(|&c| c == ' ' || c == '\u{3000}')
    {
        i -= 1;
    }
    i
}

fn is_ascii_word(w: &[char]) -> bool {
    w.iter().all(|c| c.is_ascii_alphabetic())
}
