//! The claim and figure filters of `claims`, `figures` (and what `search` shares with
//! them): names already resolved to ids with [`crate::query::names`].

use crate::export::enum_name;
use crate::query::names::Holder;
use crate::record::{Claim, Dataset, Figure};

/// Which claims to list.
#[derive(Debug, Clone, Default)]
pub struct ClaimFilter {
    /// Only claims about this entity id.
    pub company: Option<String>,
    /// Only claims held by this holder.
    pub by: Option<Holder>,
    /// Only claims of this kind (`assertion`, `opinion`, …).
    pub kind: Option<String>,
    /// Only claims of this polarity (`positive`, `negative`, `mixed`).
    pub polarity: Option<String>,
}

impl ClaimFilter {
    /// Whether `c` passes every filter.
    pub fn matches(&self, c: &Claim) -> bool {
        self.company
            .as_ref()
            .is_none_or(|id| c.targets.contains(id))
            && self
                .by
                .as_ref()
                .is_none_or(|by| c.holder.as_deref().is_some_and(|h| by.matches(h)))
            && self.kind.as_ref().is_none_or(|k| c.kind.as_str() == k)
            && self
                .polarity
                .as_ref()
                .is_none_or(|p| enum_name(&c.polarity) == *p)
    }

    /// The claims of `datasets` that pass, each with its dataset, in order.
    pub fn select<'a>(&self, datasets: &'a [Dataset]) -> Vec<(&'a Dataset, &'a Claim)> {
        datasets
            .iter()
            .flat_map(|d| d.claims.iter().map(move |c| (d, c)))
            .filter(|(_, c)| self.matches(c))
            .collect()
    }
}

/// Which figures to list.
#[derive(Debug, Clone, Default)]
pub struct FigureFilter {
    /// Only figures about this entity id.
    pub company: Option<String>,
    /// Only figures in this currency (ISO 4217, any case).
    pub currency: Option<String>,
    /// Only figures of this kind (`money`, `percent`, …).
    pub kind: Option<String>,
    /// Only figures whose value (upper end for ranges) is at least this, as `search` does.
    pub min_value: Option<f64>,
    /// Only figures whose value (lower end for ranges) is at most this.
    pub max_value: Option<f64>,
}

impl FigureFilter {
    /// Whether `f` passes every filter.
    pub fn matches(&self, f: &Figure) -> bool {
        self.company
            .as_ref()
            .is_none_or(|id| f.entities.contains(id))
            && self.currency.as_ref().is_none_or(|c| {
                f.currency
                    .as_ref()
                    .is_some_and(|fc| fc.eq_ignore_ascii_case(c))
            })
            && self.kind.as_ref().is_none_or(|k| enum_name(&f.kind) == *k)
            && self
                .min_value
                .is_none_or(|min| f.value_max.unwrap_or(f.value).to_f64() >= min)
            && self.max_value.is_none_or(|max| f.value.to_f64() <= max)
    }

    /// The figures of `datasets` that pass, each with its dataset, in order.
    pub fn select<'a>(&self, datasets: &'a [Dataset]) -> Vec<(&'a Dataset, &'a Figure)> {
        datasets
            .iter()
            .flat_map(|d| d.figures.iter().map(move |f| (d, f)))
            .filter(|(_, f)| self.matches(f))
            .collect()
    }
}

/// A value as `--min-value`/`--max-value` take it: a number (`1e10`, `10000000000`) or a
/// Japanese numeral (`100億`, `1.4兆`, `三千億`). Not a number (`NaN`, `inf`, words) is an
/// error saying what to write.
pub fn parse_value(s: &str) -> Result<f64, String> {
    let t = s.trim().replace(['_', ','], "");
    if let Ok(v) = t.parse::<f64>() {
        if v.is_finite() {
            return Ok(v);
        }
        return Err(format!("{s:?} is not a finite number"));
    }
    match crate::extract::numeral::parse_numeral(s.trim()) {
        Some(n) if n.max.is_none() => Ok(n.value.to_f64()),
        Some(_) => Err(format!("{s:?} is vague; give one value (e.g. 10億 or 1e9)")),
        None => Err(format!(
            "{s:?} is not a number; write e.g. 1e10, 10000000000 or 100億"
        )),
    }
}

/// `--min-value` and `--max-value` together: the minimum may not exceed the maximum.
pub fn check_range(min: Option<f64>, max: Option<f64>) -> Result<(), String> {
    match (min, max) {
        (Some(lo), Some(hi)) if lo > hi => Err(format!(
            "--min-value {lo} is greater than --max-value {hi}: nothing can match"
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_parse_as_numbers_or_japanese_numerals() {
        assert_eq!(parse_value("1e10"), Ok(1e10));
        assert_eq!(parse_value("100億"), Ok(1e10));
        assert_eq!(parse_value("1.4兆"), Ok(1.4e12));
        assert!(parse_value("NaN").is_err());
        assert!(parse_value("inf").is_err());
        assert!(parse_value("dollars").is_err());
        assert!(check_range(Some(2.0), Some(1.0)).is_err());
        assert!(check_range(Some(1.0), None).is_ok());
    }
}
