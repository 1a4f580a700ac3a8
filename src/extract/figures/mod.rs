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

use crate::extract::numeral::{
    self, Numeral, Script, is_kanji, numeral_at, scan_numerals, starts_with,
};
use crate::record::{Bound, Decimal, FigureKind, Period, PeriodKind, Rate};
use serde::{Deserialize, Serialize};

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
// Rule files
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct MinorUnit {
    name: String,
    divisor: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct CurrencyRule {
    rule: String,
    code: String,
    #[serde(default)]
    names: Vec<String>,
    #[serde(default)]
    symbols: Vec<String>,
    #[serde(default)]
    minor: Vec<MinorUnit>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct WesternScale {
    rule: String,
    words: Vec<String>,
    exp: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct MoneySettings {
    implied_currency_window: usize,
    range_connectors: Vec<String>,
    #[serde(default)]
    range_closers: Vec<String>,
    rate_gloss_signs: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct MoneyFile {
    money: MoneySettings,
    currency: Vec<CurrencyRule>,
    #[serde(default)]
    western_scale: Vec<WesternScale>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitRule {
    rule: String,
    kind: FigureKind,
    unit: String,
    words: Vec<String>,
    #[serde(default)]
    factor: Option<u32>,
    #[serde(default)]
    loose_spacing: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct QualifierRule {
    rule: String,
    #[serde(default)]
    before: Vec<String>,
    #[serde(default)]
    after: Vec<String>,
    #[serde(default)]
    approx: bool,
    #[serde(default)]
    bound: Option<Bound>,
    #[serde(default)]
    rate: Option<Rate>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct PerUnitRule {
    rate: Rate,
    words: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct PerUnitCues {
    rule: String,
    words: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct PeriodWord {
    word: String,
    unit: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct PeriodRule {
    rule: String,
    kind: PeriodKind,
    words: Vec<PeriodWord>,
}

/// `[numbers]`: what may follow an arabic number.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct NumberSettings {
    /// Latin multipliers (`40k`): (suffix, power of ten).
    latin_multipliers: Vec<(String, u32)>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuantitiesFile {
    unit: Vec<UnitRule>,
    qualifier: Vec<QualifierRule>,
    per_unit: Vec<PerUnitRule>,
    per_unit_cues: PerUnitCues,
    period: Vec<PeriodRule>,
    numbers: NumberSettings,
}

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

fn chars_of(s: &str) -> Vec<char> {
    s.chars().collect()
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
        let bad = |name: &str, msg: String| Err(crate::Error::dictionary(name, msg));
        for c in &m.currency {
            if c.code.len() != 3 || !c.code.chars().all(|ch| ch.is_ascii_uppercase()) {
                return bad(
                    mname,
                    format!("{}: code {:?} is not an ISO 4217 code", c.rule, c.code),
                );
            }
            if c.names
                .iter()
                .chain(&c.symbols)
                .any(|w| w.trim().is_empty())
            {
                return bad(mname, format!("{}: empty name or symbol", c.rule));
            }
            if c.minor
                .iter()
                .any(|mu| mu.divisor == 0 || mu.name.is_empty())
            {
                return bad(
                    mname,
                    format!("{}: minor unit with empty name or zero divisor", c.rule),
                );
            }
        }
        for w in &m.western_scale {
            if w.exp > 18 || w.words.iter().any(|x| x.is_empty()) {
                return bad(mname, format!("{}: bad scale word or exponent", w.rule));
            }
        }
        if m.money
            .range_connectors
            .iter()
            .chain(&m.money.rate_gloss_signs)
            .any(|w| w.is_empty())
        {
            return bad(mname, "[money]: empty connector".to_string());
        }
        for u in &q.unit {
            if u.words.iter().any(|w| w.is_empty()) || u.factor == Some(0) {
                return bad(qname, format!("{}: empty word or zero factor", u.rule));
            }
            if matches!(u.kind, FigureKind::Money | FigureKind::ExchangeRate) {
                return bad(
                    qname,
                    format!("{}: kind {:?} is not a quantity", u.rule, u.kind),
                );
            }
        }
        for qu in &q.qualifier {
            if qu.before.iter().chain(&qu.after).any(|w| w.is_empty()) {
                return bad(qname, format!("{}: empty cue word", qu.rule));
            }
        }
        let mut names = Vec::new();
        let mut symbols = Vec::new();
        for (i, c) in m.currency.iter().enumerate() {
            names.extend(c.names.iter().map(|n| (chars_of(n), i)));
            symbols.extend(c.symbols.iter().map(|n| (chars_of(n), i)));
        }
        let western = m
            .western_scale
            .iter()
            .enumerate()
            .flat_map(|(i, w)| w.words.iter().map(move |x| (chars_of(x), i)))
            .collect();
        let unit_words = q
            .unit
            .iter()
            .enumerate()
            .flat_map(|(i, u)| u.words.iter().map(move |x| (chars_of(x), i)))
            .collect();
        let before_cues = q
            .qualifier
            .iter()
            .enumerate()
            .flat_map(|(i, u)| u.before.iter().map(move |x| (chars_of(x), i)))
            .collect();
        let after_cues = q
            .qualifier
            .iter()
            .enumerate()
            .flat_map(|(i, u)| u.after.iter().map(move |x| (chars_of(x), i)))
            .collect();
        let per_unit = q
            .per_unit
            .iter()
            .flat_map(|p| p.words.iter().map(move |x| (chars_of(x), p.rate)))
            .collect();
        let periods = q
            .period
            .iter()
            .enumerate()
            .flat_map(|(i, p)| {
                p.words
                    .iter()
                    .map(move |w| (chars_of(&w.word), i, w.unit.clone()))
            })
            .collect::<Vec<_>>();
        let mut periods = periods;
        periods.sort_by_key(|b| std::cmp::Reverse(b.0.len()));
        Ok(FigureExtractor {
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
            periods,
            period_rules: q.period,
            latin_multipliers: q.numbers.latin_multipliers,
        })
    }

    /// The latin multipliers (`k`, `M`) read from the quantities file: (suffix, power of ten).
    pub fn latin_multipliers(&self) -> &[(String, u32)] {
        &self.latin_multipliers
    }
}

// ---------------------------------------------------------------------------------------------
// Atoms
// ---------------------------------------------------------------------------------------------

/// What is glued to a numeral.
#[derive(Debug, Clone, PartialEq)]
enum AtomKind {
    Money(usize),
    Quantity(usize),
    Bare,
}

#[derive(Debug, Clone)]
struct Atom {
    start: usize,
    end: usize,
    num: Numeral,
    value: Decimal,
    max: Option<Decimal>,
    kind: AtomKind,
    rules: Vec<String>,
    /// Unit applied to a bare left end of a range (`%` → factor).
    factor: Decimal,
}

/// The longest word of `table` starting at `i`.
fn word_at<T: Copy>(chars: &[char], i: usize, table: &[(Vec<char>, T)]) -> Option<(usize, T)> {
    table
        .iter()
        .find(|(w, _)| chars.get(i..i + w.len()) == Some(w.as_slice()))
        .map(|(w, t)| (i + w.len(), *t))
}

/// A word written with optional spaces between its chars (`パ ーセ ント`).
fn loose_word_at(chars: &[char], i: usize, word: &[char]) -> Option<usize> {
    let mut k = i;
    for (n, &wc) in word.iter().enumerate() {
        if n > 0 {
            while chars.get(k).is_some_and(|&c| c == ' ' || c == '\u{3000}') {
                k += 1;
            }
        }
        if chars.get(k) != Some(&wc) {
            return None;
        }
        k += 1;
    }
    Some(k)
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

fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | 'ー')
}

impl FigureExtractor {
    /// The currency name after a numeral ending at `i` (spaces allowed), with its end.
    fn currency_after(&self, chars: &[char], i: usize) -> Option<(usize, usize)> {
        let k = skip_spaces(chars, i);
        let (end, idx) = word_at(chars, k, &self.currency_names)?;
        let w = &chars[k..end];
        if w.iter().any(|c| c.is_ascii_alphabetic())
            && chars.get(end).is_some_and(|c| c.is_ascii_alphanumeric())
        {
            return None;
        }
        // `元帳`-like words are not currencies: a one-kanji name followed by kanji
        if w.len() == 1
            && is_kanji(w[0])
            && w[0] != '円'
            && chars
                .get(end)
                .is_some_and(|&c| is_kanji(c) && numeral::kanji_digit(c).is_none())
        {
            return None;
        }
        Some((end, idx))
    }

    /// A currency symbol ending right before `start` (spaces allowed): (symbol start, idx).
    fn symbol_before(&self, chars: &[char], start: usize) -> Option<(usize, usize)> {
        let k = skip_spaces_back(chars, start);
        let (s, idx) = word_before(chars, k, &self.currency_symbols)?;
        let w = &chars[s..k];
        if is_ascii_word(w) || w.iter().all(|c| c.is_ascii_alphanumeric() || *c == '$') {
            // `USD 100`, `US$`: must not be glued to a preceding word
            if s > 0 && chars[s - 1].is_ascii_alphanumeric() {
                return None;
            }
        }
        if w.iter().all(|c| c.is_ascii_alphabetic()) && k == start {
            return None; // `USD100` is fine only with $; require a space for bare codes
        }
        Some((s, idx))
    }

    fn atom_for(&self, chars: &[char], n: Numeral) -> Atom {
        let mut atom = Atom {
            start: n.start,
            end: n.end,
            num: n,
            value: n.value,
            max: n.max,
            kind: AtomKind::Bare,
            rules: Vec::new(),
            factor: Decimal::ONE,
        };
        if let Some((s, idx)) = self.symbol_before(chars, n.start) {
            atom.start = s;
            atom.kind = AtomKind::Money(idx);
            atom.rules.push("money.amount.prefix_symbol".into());
            if let Some(c) = self.currencies.get(idx) {
                atom.rules.push(c.rule.clone());
            }
            if !n.has_unit
                && let Some((end, w)) = self.western_after(chars, n.end)
                && let Some(rule) = self.western_rules.get(w)
                && let Some(v) = Decimal::pow10(rule.exp).and_then(|p| atom.value.checked_mul(p))
            {
                atom.value = v;
                atom.end = end;
                atom.rules.push(rule.rule.clone());
            }
            self.minor_units(chars, &mut atom, idx);
            return atom;
        }
        if let Some((end, idx)) = self.currency_after(chars, n.end) {
            atom.end = end;
            atom.kind = AtomKind::Money(idx);
            atom.rules.push("money.amount.suffix_currency".into());
            if let Some(c) = self.currencies.get(idx) {
                atom.rules.push(c.rule.clone());
            }
            self.minor_units(chars, &mut atom, idx);
            return atom;
        }
        if let Some((end, idx)) = self.unit_after(chars, n.end) {
            atom.end = end;
            atom.kind = AtomKind::Quantity(idx);
            if let Some(u) = self.units.get(idx) {
                atom.rules.push(u.rule.clone());
                if let Some(f) = u.factor {
                    let f = Decimal::from_i64(i64::from(f));
                    atom.factor = f;
                    atom.value = atom.value.checked_mul(f).unwrap_or(atom.value);
                    atom.max = atom.max.and_then(|m| m.checked_mul(f));
                    self.wari_tail(chars, &mut atom);
                }
            }
        }
        atom
    }

    fn western_after(&self, chars: &[char], i: usize) -> Option<(usize, usize)> {
        let k = skip_spaces(chars, i);
        let (end, idx) = word_at(chars, k, &self.western)?;
        if chars.get(end).is_some_and(|c| c.is_ascii_alphabetic()) {
            return None;
        }
        Some((end, idx))
    }

    fn unit_after(&self, chars: &[char], i: usize) -> Option<(usize, usize)> {
        let k = skip_spaces(chars, i);
        for (w, idx) in &self.unit_words {
            let loose = self.units.get(*idx).is_some_and(|u| u.loose_spacing);
            let end = if loose {
                loose_word_at(chars, k, w)
            } else {
                (chars.get(k..k + w.len()) == Some(w.as_slice())).then_some(k + w.len())
            };
            let Some(end) = end else { continue };
            if is_ascii_word(w) && chars.get(end).is_some_and(|c| c.is_ascii_alphanumeric()) {
                continue;
            }
            // `割合`, `割高`: 割 glued to another kanji (other than 引) is not a percentage
            if w.as_slice() == ['割']
                && chars
                    .get(end)
                    .is_some_and(|&c| is_kanji(c) && c != '引' && c != '半')
            {
                continue;
            }
            return Some((end, *idx));
        }
        None
    }

    /// `3割8分7厘`, `5割半`, `5割引`.
    fn wari_tail(&self, chars: &[char], atom: &mut Atom) {
        let mut k = atom.end;
        if chars.get(k) == Some(&'半') {
            if let Some(v) = atom.value.checked_add(Decimal::from_i64(5)) {
                atom.value = v;
                atom.end = k + 1;
            }
            return;
        }
        for (ch, scale) in [('分', 1u32), ('厘', 2u32)] {
            if let Some(n) = numeral_at(chars, k)
                && chars.get(n.end) == Some(&ch)
                && n.value < Decimal::from_i64(10)
                && let Some(add) = Decimal::new(n.value.mantissa(), n.value.scale() + scale - 1)
                && let Some(v) = atom.value.checked_add(add)
            {
                atom.value = v;
                atom.end = n.end + 1;
                k = atom.end;
            }
        }
        if chars.get(atom.end) == Some(&'引') {
            atom.end += 1;
            if chars.get(atom.end) == Some(&'き') {
                atom.end += 1;
            }
        }
    }

    /// `2222円13銭`, `2ドル3セント`, `545ドルと5セント`, `50元6角3分`, `100ユーロと30`.
    fn minor_units(&self, chars: &[char], atom: &mut Atom, idx: usize) {
        let Some(cur) = self.currencies.get(idx) else {
            return;
        };
        let mut k = atom.end;
        let mut added = false;
        loop {
            let mut p = k;
            if chars.get(p) == Some(&'と') {
                p += 1;
            }
            let Some(n) = numeral_at(chars, p) else { break };
            if n.max.is_some() || n.value.is_negative() {
                break;
            }
            let mut matched = false;
            for mu in &cur.minor {
                let w = chars_of(&mu.name);
                if chars.get(n.end..n.end + w.len()) == Some(w.as_slice()) {
                    let d = Decimal::from_i64(i64::from(mu.divisor));
                    if n.value < d
                        && let Some(part) = n.value.checked_div(d, 6)
                        && let Some(v) = atom.value.checked_add(part)
                    {
                        atom.value = v;
                        atom.end = n.end + w.len();
                        k = atom.end;
                        matched = true;
                        added = true;
                    }
                    break;
                }
            }
            if !matched {
                // `100ユーロと30です`: a bare minor amount after と at the end of a clause
                let next = chars.get(n.end).copied();
                let clause_end = next
                    .is_none_or(|c| matches!(c, '。' | '、' | '.' | ',' | '!' | '?' | '」'))
                    || starts_with(chars, n.end, "です")
                    || starts_with(chars, n.end, "でした");
                if chars.get(k) == Some(&'と')
                    && !added
                    && n.script != Script::Hiragana
                    && n.value.is_integer()
                    && n.value < Decimal::from_i64(100)
                    && clause_end
                    && let Some(d) = cur.minor.first()
                    && let Some(part) = n
                        .value
                        .checked_div(Decimal::from_i64(i64::from(d.divisor)), 6)
                    && let Some(v) = atom.value.checked_add(part)
                {
                    atom.value = v;
                    atom.end = n.end;
                    added = true;
                }
                break;
            }
        }
        if added {
            atom.rules.push("money.amount.minor_unit".into());
        }
    }

    fn atoms(&self, chars: &[char]) -> Vec<Atom> {
        let mut atoms: Vec<Atom> = Vec::new();
        for n in scan_numerals(chars) {
            let a = self.atom_for(chars, n);
            // a previous atom may already cover this numeral (minor units: `13銭`)
            if atoms.last().is_some_and(|p| p.end > a.start) {
                continue;
            }
            atoms.push(a);
        }
        atoms
    }
}

// ---------------------------------------------------------------------------------------------
// Figures from atoms
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
struct Draft {
    start: usize,
    end: usize,
    kind: FigureKind,
    value: Decimal,
    max: Option<Decimal>,
    currency: Option<String>,
    unit: Option<String>,
    approx: bool,
    vague: bool,
    bound: Option<Bound>,
    rate: Option<Rate>,
    implied: bool,
    period: Option<Period>,
    rules: Vec<String>,
    /// The amount itself, without qualifier words.
    core_start: usize,
    core_end: usize,
    /// Written with a big scale word (`億`), so it can lend its currency to bare amounts.
    scaled: bool,
}

impl FigureExtractor {
    fn draft_of(&self, a: &Atom) -> Option<Draft> {
        let (kind, currency, unit) = match a.kind {
            AtomKind::Money(i) => (
                FigureKind::Money,
                Some(self.currencies.get(i)?.code.clone()),
                None,
            ),
            AtomKind::Quantity(i) => {
                let u = self.units.get(i)?;
                (u.kind, None, Some(u.unit.clone()))
            }
            AtomKind::Bare => return None,
        };
        let mut rules = a.rules.clone();
        if a.max.is_some() {
            rules.insert(0, "numeral.vague".into());
        }
        Some(Draft {
            start: a.start,
            end: a.end,
            kind,
            value: a.value,
            max: a.max,
            currency,
            unit,
            approx: false,
            vague: a.max.is_some(),
            bound: None,
            rate: None,
            implied: false,
            period: None,
            rules,
            core_start: a.start,
            core_end: a.end,
            scaled: a.num.big_scale.is_some(),
        })
    }

    fn same_unit(&self, a: &AtomKind, b: &AtomKind) -> bool {
        match (a, b) {
            (AtomKind::Money(x), AtomKind::Money(y)) => {
                self.currencies.get(*x).map(|c| &c.code) == self.currencies.get(*y).map(|c| &c.code)
            }
            (AtomKind::Quantity(x), AtomKind::Quantity(y)) => {
                let (ux, uy) = (self.units.get(*x), self.units.get(*y));
                ux.map(|u| (&u.unit, u.kind)) == uy.map(|u| (&u.unit, u.kind))
            }
            _ => false,
        }
    }

    /// Range connector between `a` and `b` (only spaces around it).
    fn connector_between(&self, chars: &[char], a_end: usize, b_start: usize) -> bool {
        let k = skip_spaces(chars, a_end);
        let e = skip_spaces_back(chars, b_start);
        let Some(between) = chars.get(k..e) else {
            return false;
        };
        let s: String = between.iter().collect();
        self.money.range_connectors.contains(&s)
    }

    /// Merge `A<conn>B` into ranges; `i` indexes `atoms`.
    fn try_range(&self, chars: &[char], a: &Atom, b: &Atom) -> Option<Draft> {
        if b.kind == AtomKind::Bare || a.max.is_some() || b.max.is_some() {
            return None;
        }
        if !self.connector_between(chars, a.end, b.start) {
            return None;
        }
        let mut upper = self.draft_of(b)?;
        let (lower_value, rule) = match &a.kind {
            AtomKind::Bare => {
                let mut v = a.value;
                let mut rule = "range.shared_unit";
                if a.num.big_scale.is_none()
                    && let Some(s) = b.num.big_scale
                {
                    v = v.checked_mul(Decimal::pow10(s)?)?;
                    rule = "range.shared_scale";
                }
                (v.checked_mul(b.factor)?, rule)
            }
            k if self.same_unit(k, &b.kind) => (a.value, "range.full"),
            _ => return None,
        };
        if lower_value >= upper.value
            || lower_value.is_negative() != upper.value.is_negative() && lower_value.is_negative()
        {
            return None;
        }
        let prefix = match upper.kind {
            FigureKind::Money => "money.",
            FigureKind::Percent => "percent.",
            _ => "quantity.",
        };
        upper.max = Some(upper.value);
        upper.value = lower_value;
        upper.start = a.start;
        upper.core_start = a.start;
        upper.scaled |= a.num.big_scale.is_some();
        upper.rules.insert(0, format!("{prefix}{rule}"));
        // `まで` closing the range
        for c in &self.money.range_closers {
            let w = chars_of(c);
            if chars.get(upper.end..upper.end + w.len()) == Some(w.as_slice()) {
                upper.end += w.len();
                upper.core_end = upper.end;
            }
        }
        Some(upper)
    }

    /// `1ドル＝156円`.
    fn try_rate_gloss(&self, chars: &[char], a: &Atom, b: &Atom) -> Option<Draft> {
        let (AtomKind::Money(x), AtomKind::Money(y)) = (&a.kind, &b.kind) else {
            return None;
        };
        let k = skip_spaces(chars, a.end);
        let e = skip_spaces_back(chars, b.start);
        let between: String = chars.get(k..e)?.iter().collect();
        if !self.money.rate_gloss_signs.contains(&between) || a.value.is_zero() {
            return None;
        }
        let base = self.currencies.get(*x)?;
        let quote = self.currencies.get(*y)?;
        Some(Draft {
            start: a.start,
            end: b.end,
            kind: FigureKind::ExchangeRate,
            value: b.value.checked_div(a.value, 10)?,
            max: None,
            currency: Some(quote.code.clone()),
            unit: Some(base.code.clone()),
            approx: false,
            vague: false,
            bound: None,
            rate: None,
            implied: false,
            period: None,
            rules: vec!["exchange_rate.gloss".into()],
            core_start: a.start,
            core_end: a.end,
            scaled: a.num.big_scale.is_some(),
        })
    }

    /// Turn atoms into drafts: glosses, ranges, single figures; bare atoms stay for later.
    fn drafts(&self, chars: &[char], atoms: &[Atom]) -> (Vec<Draft>, Vec<Atom>) {
        let mut drafts = Vec::new();
        let mut bare = Vec::new();
        let mut i = 0;
        while i < atoms.len() {
            let a = &atoms[i];
            if let Some(b) = atoms.get(i + 1)
                && let Some(d) = self
                    .try_rate_gloss(chars, a, b)
                    .or_else(|| self.try_range(chars, a, b))
            {
                drafts.push(d);
                i += 2;
                continue;
            }
            match self.draft_of(a) {
                Some(d) => drafts.push(d),
                None => bare.push(a.clone()),
            }
            i += 1;
        }
        (drafts, bare)
    }

    /// Qualifier cue words before and after a draft.
    fn qualify(&self, chars: &[char], d: &mut Draft, floor: usize, ceiling: usize) {
        // before: chains such as `年間約`
        loop {
            let k = skip_spaces_back(chars, d.start);
            if k < floor {
                break;
            }
            let Some((s, qi)) = word_before(chars, k, &self.before_cues) else {
                break;
            };
            if s < floor {
                break;
            }
            // `3月に`, `5年間`: a cue right after a number is part of a date or duration
            if s > 0
                && (numeral::arabic_digit(chars[s - 1]).is_some()
                    || numeral::kanji_digit(chars[s - 1]).is_some())
            {
                break;
            }
            let Some(q) = self.qualifiers.get(qi) else {
                break;
            };
            if !self.apply_qualifier(d, q) {
                break;
            }
            d.start = s;
        }
        // after
        while let Some((e, qi)) = word_at(chars, d.end, &self.after_cues) {
            if e > ceiling {
                break;
            }
            let Some(q) = self.qualifiers.get(qi) else {
                break;
            };
            if !self.apply_qualifier(d, q) {
                break;
            }
            d.end = e;
        }
        self.per_unit_rate(chars, d, floor);
        self.period(chars, d, floor);
        if d.vague {
            d.approx = false;
        }
    }

    /// Apply one qualifier; false when it conflicts with what is already set.
    fn apply_qualifier(&self, d: &mut Draft, q: &QualifierRule) -> bool {
        if (q.bound.is_some() && d.bound.is_some()) || (q.rate.is_some() && d.rate.is_some()) {
            return false;
        }
        if q.bound.is_some() && d.max.is_some() && !d.vague {
            return false;
        }
        d.approx |= q.approx;
        if q.bound.is_some() {
            d.bound = q.bound;
        }
        if q.rate.is_some() {
            d.rate = q.rate;
        }
        d.rules.push(q.rule.clone());
        true
    }

    /// `1メガワットあたり4200万ドル`: rate per the unit before `あたり`.
    fn per_unit_rate(&self, chars: &[char], d: &mut Draft, floor: usize) {
        if d.rate.is_some() {
            return;
        }
        let k = skip_spaces_back(chars, d.start);
        for cue in &self.per_unit_cues.words {
            let w = chars_of(cue);
            if k < w.len() || chars.get(k - w.len()..k) != Some(w.as_slice()) {
                continue;
            }
            // the unit may be the end of the previous figure (`1メガワット` + `あたり`)
            if k - w.len() < floor {
                continue;
            }
            let Some((_, rate)) = word_before(chars, k - w.len(), &self.per_unit) else {
                continue;
            };
            d.rate = Some(rate);
            d.rules.push(self.per_unit_cues.rule.clone());
            return;
        }
    }

    /// `5年間で3000億ドル`, `2029年までに10ギガワット`.
    fn period(&self, chars: &[char], d: &mut Draft, floor: usize) {
        let k = skip_spaces_back(chars, d.start);
        for (w, ri, unit) in &self.periods {
            if k < w.len() || chars.get(k - w.len()..k) != Some(w.as_slice()) {
                continue;
            }
            let cue_start = k - w.len();
            // the number right before the cue
            let mut s = cue_start;
            while s > floor
                && chars.get(s - 1).is_some_and(|&c| {
                    numeral::arabic_digit(c).is_some()
                        || numeral::kanji_digit(c).is_some()
                        || numeral::small_unit(c).is_some()
                })
            {
                s -= 1;
            }
            if s == cue_start {
                continue;
            }
            let Some(n) = numeral::parse_numeral(&chars[s..cue_start].iter().collect::<String>())
            else {
                continue;
            };
            let Some(rule) = self.period_rules.get(*ri) else {
                continue;
            };
            d.period = Some(Period {
                kind: rule.kind,
                value: n.value,
                unit: unit.clone(),
                text: chars[s..k].iter().collect(),
                start: s,
                end: k,
            });
            d.rules.push(rule.rule.clone());
            return;
        }
    }

    /// Bare amounts with a big scale word after money in the same passage.
    fn implied(&self, chars: &[char], drafts: &[Draft], bare: &[Atom]) -> Vec<Draft> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < bare.len() {
            let a = &bare[i];
            i += 1;
            if a.num.big_scale.is_none()
                || a.value.is_negative()
                || a.num.script == Script::Hiragana
            {
                continue;
            }
            // not glued to a unit, counter or word after it
            let k = skip_spaces(chars, a.end);
            // `1600万の大当たり`, `10億人`: an amount glued to a noun counts that noun
            if chars.get(k).is_some_and(|&c| {
                is_kanji(c)
                    || is_katakana(c)
                    || c.is_ascii_alphanumeric()
                    || matches!(c, '%' | '％' | 'の')
            }) {
                continue;
            }
            let Some(prev) = drafts
                .iter()
                .filter(|d| {
                    d.kind == FigureKind::Money && d.end <= a.start && !d.implied && d.scaled
                })
                .max_by_key(|d| d.end)
            else {
                continue;
            };
            if a.start - prev.end > self.money.implied_currency_window {
                continue;
            }
            let mut d = Draft {
                start: a.start,
                end: a.end,
                kind: FigureKind::Money,
                value: a.value,
                max: a.max,
                currency: prev.currency.clone(),
                unit: None,
                approx: false,
                vague: a.max.is_some(),
                bound: None,
                rate: None,
                implied: true,
                period: None,
                rules: vec!["money.implied_currency".into()],
                core_start: a.start,
                core_end: a.end,
                scaled: true,
            };
            if d.vague {
                d.rules.insert(0, "numeral.vague".into());
            }
            // `1500億から1600億`: a range of two bare amounts
            if let Some(b) = bare.get(i)
                && b.num.big_scale.is_some()
                && a.max.is_none()
                && b.max.is_none()
                && self.connector_between(chars, a.end, b.start)
                && a.value < b.value
            {
                let kb = skip_spaces(chars, b.end);
                if !chars
                    .get(kb)
                    .is_some_and(|&c| is_kanji(c) || is_katakana(c) || c.is_ascii_alphanumeric())
                {
                    d.max = Some(b.value);
                    d.end = b.end;
                    d.core_end = b.end;
                    d.rules.insert(0, "money.range.full".into());
                    i += 1;
                }
            }
            out.push(d);
        }
        out
    }

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

    /// Percentages alone (`25%`, `九パーセント`, `3割8分7厘`, `3.2kパーセント`), without
    /// qualifiers or ranges, as Recognizers-Text's PercentModel reports them. Values are in
    /// percent (`五割` → 50).
    pub fn find_percentages(&self, text: &str) -> Vec<FigureMatch> {
        let chars: Vec<char> = text.chars().collect();
        let urls = url_spans(&chars);
        let mut out: Vec<FigureMatch> = Vec::new();
        for n in scan_numerals(&chars) {
            if urls.iter().any(|&(s, e)| n.start < e && s < n.end) {
                continue;
            }
            let mut n2 = n;
            if !n.has_unit
                && n.script == Script::Arabic
                && let Some((m, end)) =
                    numeral::latin_multiplier(&chars, n.end, &self.latin_multipliers)
                && self.unit_after(&chars, end).is_some()
                && let Some(v) = n.value.checked_mul(m)
            {
                n2.value = v;
                n2.end = end;
            }
            let a = self.atom_for(&chars, n2);
            let Some(d) = self.draft_of(&a) else { continue };
            if d.kind != FigureKind::Percent {
                continue;
            }
            if out.last().is_some_and(|p| p.end > d.start) {
                continue;
            }
            out.push(FigureMatch {
                start: d.start,
                end: d.end,
                text: chars[d.start..d.end].iter().collect(),
                kind: d.kind,
                value: d.value,
                value_max: d.max,
                currency: None,
                unit: d.unit,
                approx: false,
                vague: d.vague,
                bound: None,
                rate: None,
                implied_currency: false,
                period: None,
                rule: d.rules.join("+"),
                amount_start: d.core_start,
                amount_end: d.core_end,
            });
        }
        out
    }

    /// Currencies named without an amount (`ドル`, `人民元　米ドル`); names inside longer
    /// katakana words are skipped.
    pub fn find_currency_mentions(&self, text: &str) -> Vec<CurrencyMention> {
        let chars: Vec<char> = text.chars().collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let prev_kata = i > 0 && is_katakana(chars[i - 1]);
            if !prev_kata && let Some((end, idx)) = word_at(&chars, i, &self.currency_names) {
                let w = &chars[i..end];
                let next_glued = chars.get(end).is_some_and(|&c| {
                    is_katakana(c)
                        || (w.iter().all(|x| x.is_ascii_alphabetic()) && c.is_ascii_alphanumeric())
                });
                let single_kanji = w.len() == 1 && is_kanji(w[0]);
                if !next_glued
                    && !single_kanji
                    && let Some(c) = self.currencies.get(idx)
                {
                    out.push(CurrencyMention {
                        start: i,
                        end,
                        currency: c.code.clone(),
                    });
                    i = end;
                    continue;
                }
            }
            i += 1;
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
