//! One-line explanations of checks, for humans only (code never parses them back).

use crate::record::Figure;
use crate::record::{FigureKind, Rate};

use super::interval::Interval;
use super::rules::CheckRules;

/// `16.67億`, `1890億`, `4.5`, `2.1兆`: at most four significant digits, Japanese big units.
pub(crate) fn number(v: f64) -> String {
    if !v.is_finite() {
        return if v > 0.0 { "∞".into() } else { "-∞".into() };
    }
    let units = [(1e12, "兆"), (1e8, "億"), (1e4, "万")];
    let (x, unit) = units
        .iter()
        .find(|(s, _)| v.abs() >= *s)
        .map_or((v, ""), |(s, u)| (v / s, *u));
    let int_digits = if x.abs() < 1.0 {
        1
    } else {
        x.abs().log10().floor() as i32 + 1
    };
    let prec = usize::try_from((4 - int_digits).max(0)).unwrap_or(0);
    let mut s = format!("{x:.prec$}");
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    format!("{s}{unit}")
}

/// An interval as `A` or `A〜B`.
pub(crate) fn interval(i: &Interval) -> String {
    let (a, b) = (number(i.lo), number(i.hi));
    if a == b { a } else { format!("{a}〜{b}") }
}

/// The unit written after an amount of this figure: currency name, `%`, `GW`, and `/月`.
pub(crate) fn unit_of(f: &Figure, rules: &CheckRules) -> String {
    let mut s = match f.kind {
        FigureKind::Money => f
            .currency
            .as_deref()
            .map(|c| {
                rules
                    .labels
                    .currency
                    .get(c)
                    .cloned()
                    .unwrap_or_else(|| c.to_string())
            })
            .unwrap_or_default(),
        _ => f.unit.clone().unwrap_or_default(),
    };
    if let Some(r) = f.rate {
        s.push('/');
        s.push_str(&rate_label(r, rules));
    }
    s
}

/// `年`, `月`, `MW`, `株`.
pub(crate) fn rate_label(r: Rate, rules: &CheckRules) -> String {
    if let Some(t) = rules.time_rate(r) {
        return t.symbol.clone();
    }
    let name = serde_json::to_value(r)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    rules.labels.rate.get(&name).cloned().unwrap_or(name)
}

/// An operand: its value (or range) and unit (`200億ドル/年`, `450億〜500億ドル`).
pub(crate) fn operand(f: &Figure, i: &Interval, rules: &CheckRules) -> String {
    format!("{}{}", interval(i), unit_of(f, rules))
}

/// A stated result: its value (or range) and unit, with the word that opens it above.
pub(crate) fn stated(f: &Figure, open_above: Option<&str>, rules: &CheckRules) -> String {
    let lo = f.value.to_f64();
    let hi = f.value_max.map_or(lo, |m| m.to_f64());
    let i = Interval { lo, hi };
    format!(
        "{}{}{}",
        interval(&i),
        unit_of(f, rules),
        open_above.unwrap_or("")
    )
}

#[cfg(test)]
mod tests {
    use super::number;

    #[test]
    fn numbers_use_big_units_and_four_digits() {
        assert_eq!(number(1_666_666_666.7), "16.67億");
        assert_eq!(number(189_000_000_000.0), "1890億");
        assert_eq!(number(4.5), "4.5");
        assert_eq!(number(42_000_000.0), "4200万");
        assert_eq!(number(1.74e12), "1.74兆");
    }
}
