//! Conversions and products: time rates, totals over a period, currencies, unit prices and
//! percentages of a base.

use crate::record::{FigureKind, PeriodKind, Rate};

use super::super::explain;
use super::super::interval::{Interval, operand};
use super::super::passage::{Passage, Placed, find_cue};
use super::super::{CheckRule, Relation, Verdict};
use super::{Draft, State, cue_between, judge, same_money, stated_of, verdict_tail};

/// One way to compute a result from one operand.
struct Way<'a> {
    from: Placed<'a>,
    extra: Vec<usize>,
    computed: Interval,
    text: String,
    rule: CheckRule,
}

/// The result's time rate: its own, or one a cue before it gives (`年平均で`).
fn result_rate(p: &Passage<'_>, r: &Placed<'_>) -> Option<Rate> {
    if let Some(rate) = r.f.rate {
        return p.rules.time_rate(rate).map(|_| rate);
    }
    let before = p.before(r, 8);
    p.rules
        .averages
        .iter()
        .find(|a| before.contains(a.word.as_str()))
        .map(|a| a.rate)
}

fn per_year(p: &Passage<'_>, rate: Rate) -> Option<Interval> {
    let t = p.rules.time_rate(rate)?;
    Interval::new(t.per_year[0], t.per_year[1])
}

/// Per year ↔ per month, and a total over a period ↔ its average per period.
pub(super) fn time_rate(p: &Passage<'_>, r: &Placed<'_>, st: &State) -> Option<Draft> {
    if r.f.kind != FigureKind::Money || st.results.contains(&r.idx) {
        return None;
    }
    let r2 = result_rate(p, r)?;
    let py2 = per_year(p, r2)?;
    let mut ways = Vec::new();
    for o in p.window_before(r).into_iter().rev() {
        if !same_money(o.f, r.f) || st.results.contains(&o.idx) {
            continue;
        }
        let base = operand(o.f)?;
        let way = match (o.f.rate, &o.f.period) {
            (Some(r1), _) if r1 != r2 => {
                let Some(py1) = per_year(p, r1) else { continue };
                let computed = base.times(py1)?.over(py2)?;
                let (a, b) = (py1.lo, py2.lo);
                let op = if b >= a {
                    format!("÷ {}", explain::number(b / a))
                } else {
                    format!("× {}", explain::number(a / b))
                };
                let text = format!("{} {op}", explain::operand(o.f, &base, p.rules));
                (computed, text, CheckRule::TimeRate)
            }
            (None, Some(per))
                if per.kind == PeriodKind::Over && r.f.rate.is_none_or(|x| x == r2) =>
            {
                let unit =
                    serde_json::from_value::<Rate>(serde_json::Value::String(per.unit.clone()))
                        .ok();
                let Some(pu) = unit.and_then(|u| per_year(p, u)) else {
                    continue;
                };
                let n = per.value.to_f64();
                let periods = py2.over(pu)?.scale(n)?;
                let computed = base.over(periods)?;
                let text = format!("{} ÷ {}", explain::operand(o.f, &base, p.rules), per.text);
                (computed, text, CheckRule::PeriodAverage)
            }
            _ => continue,
        };
        ways.push(Way {
            from: o,
            extra: vec![],
            computed: way.0,
            text: way.1,
            rule: way.2,
        });
    }
    if ways.is_empty() {
        return cannot_check_rate(p, r, r2);
    }
    decide(
        p,
        r,
        ways,
        &p.rules.cues.rate_conversion,
        Relation::RateConversion,
    )
}

/// A conversion cue right before a rated result with nothing to convert from.
fn cannot_check_rate(p: &Passage<'_>, r: &Placed<'_>, r2: Rate) -> Option<Draft> {
    r.f.rate?;
    let before = p.before(r, p.rules.settings.cue_before_chars);
    let (_, cue) = find_cue(&before, &p.rules.cues.rate_conversion)?;
    if !p.rules.cues.result_before.iter().any(|w| w == cue) {
        return None;
    }
    Some(Draft {
        order: (r.sent, r.start),
        relation: Relation::RateConversion,
        verdict: Verdict::CannotCheck,
        rule: CheckRule::TimeRate,
        operands: vec![],
        result: Some(r.idx),
        computed: None,
        deviation_pct: None,
        explanation: format!(
            "{} ({}): no amount with another rate before it",
            explain::stated(r.f, None, p.rules),
            explain::rate_label(r2, p.rules)
        ),
        cues: vec![cue.to_string()],
        stated: None,
    })
}

/// Pick the way that holds (nearest first); else judge the nearest, which needs a cue.
fn decide(
    p: &Passage<'_>,
    r: &Placed<'_>,
    ways: Vec<Way<'_>>,
    cues: &[String],
    relation: Relation,
) -> Option<Draft> {
    let (stated, open) = stated_of(p, r)?;
    let sv = r.f.value.to_f64();
    let near = ways.iter().filter(|w| w.from.sent + 1 >= r.sent).count();
    // The nearest operand is unambiguous when no other amount of its currency lies between
    // it and the result.
    let adjacent = ways.first().is_some_and(|w| {
        !p.figs[w.from.idx + 1..r.idx]
            .iter()
            .any(|x| x.f.kind == FigureKind::Money && x.f.currency == w.from.f.currency)
    });
    let cue_of = |w: &Way<'_>| {
        cue_between(p, &w.from, r, cues)
            .or_else(|| cue_between(p, &w.from, r, &p.rules.cues.result_before))
    };
    let s = &p.rules.settings;
    let found = ways.iter().find_map(|w| {
        let cue = cue_of(w);
        if cue.is_none() && w.from.sent != r.sent {
            return None;
        }
        judge(w.computed, stated, sv, false, false, s).map(|v| (w, cue, v))
    });
    let (w, cue, (verdict, dev)) = match found {
        Some(x) => x,
        None => {
            let w = ways.first()?;
            let cue = cue_of(w)?;
            let v = judge(w.computed, stated, sv, true, near == 1 || adjacent, s)?;
            (w, Some(cue), v)
        }
    };
    let shown = explain::stated(r.f, open, p.rules);
    let explanation = format!(
        "{} = {}{} {}",
        w.text,
        explain::interval(&w.computed),
        explain::unit_of(r.f, p.rules),
        verdict_tail(verdict, dev, &shown)
    );
    let mut operands = vec![w.from.idx];
    operands.extend(&w.extra);
    operands.sort_unstable();
    Some(Draft {
        order: (r.sent, r.start),
        relation,
        verdict,
        rule: w.rule,
        operands,
        result: Some(r.idx),
        computed: Some(w.computed),
        deviation_pct: dev,
        explanation,
        cues: cue.into_iter().collect(),
        stated: None,
    })
}

/// An amount in one currency, an exchange rate, and the amount in the other currency.
pub(super) fn currency(p: &Passage<'_>, r: &Placed<'_>, st: &State) -> Option<Draft> {
    if r.f.kind != FigureKind::Money || st.results.contains(&r.idx) {
        return None;
    }
    let before = p.window_before(r);
    let fx = before
        .iter()
        .rev()
        .find(|x| x.f.kind == FigureKind::ExchangeRate)?;
    let (quote, base) = (fx.f.currency.as_deref()?, fx.f.unit.as_deref()?);
    let rate = operand(fx.f)?;
    let mut ways = Vec::new();
    for o in before.iter().rev() {
        if o.f.kind != FigureKind::Money || o.f.rate != r.f.rate || o.idx == fx.idx {
            continue;
        }
        let (oc, rc) = (o.f.currency.as_deref(), r.f.currency.as_deref());
        let v = operand(o.f)?;
        let (computed, sign) = match (oc, rc) {
            (Some(a), Some(b)) if a == base && b == quote => (v.times(rate)?, "×"),
            (Some(a), Some(b)) if a == quote && b == base => (v.over(rate)?, "÷"),
            _ => continue,
        };
        let text = format!(
            "{} {sign} {}",
            explain::operand(o.f, &v, p.rules),
            fx.f.text
        );
        ways.push(Way {
            from: *o,
            extra: vec![fx.idx],
            computed,
            text,
            rule: CheckRule::Currency,
        });
    }
    decide(
        p,
        r,
        ways,
        &p.rules.cues.rate_conversion,
        Relation::RateConversion,
    )
}

/// A per-unit price times a quantity (`1メガワットあたり4200万ドル` × `4.5ギガワット`).
pub(super) fn unit_price(p: &Passage<'_>, r: &Placed<'_>, st: &State) -> Option<Draft> {
    if r.f.kind != FigureKind::Money || st.results.contains(&r.idx) {
        return None;
    }
    let before = p.window_before(r);
    let price = before.iter().rev().find(|x| {
        same_money(x.f, r.f) && x.f.rate.is_some_and(|rt| p.rules.time_rate(rt).is_none())
    })?;
    if st
        .drafts
        .iter()
        .any(|d| d.rule == CheckRule::UnitPrice && d.operands.contains(&price.idx))
    {
        return None;
    }
    let prate = price.f.rate?;
    let (qty, q, label) = quantity(p, price, r, prate, &before)?;
    // The result is the first amount after the price and its quantity.
    let last = qty.map_or(price.idx, |q| q.max(price.idx));
    if p.figs[last + 1..r.idx].iter().any(|x| same_money(x.f, r.f)) {
        return None;
    }
    let pv = operand(price.f)?;
    let computed = pv.times(q)?;
    let text = format!("{} × {}", explain::operand(price.f, &pv, p.rules), label);
    let way = Way {
        from: *price,
        extra: qty.into_iter().collect(),
        computed,
        text,
        rule: CheckRule::UnitPrice,
    };
    decide(
        p,
        r,
        vec![way],
        &p.rules.cues.result_before,
        Relation::Product,
    )
}

/// The quantity for a per-unit price: a power figure with a matching unit between the price
/// and the result (or before the price), or a count with a matching counter before the result.
fn quantity<'a>(
    p: &Passage<'a>,
    price: &Placed<'a>,
    r: &Placed<'a>,
    prate: Rate,
    before: &[Placed<'a>],
) -> Option<(Option<usize>, Interval, String)> {
    for x in before.iter().rev() {
        if x.idx == price.idx || x.f.kind == FigureKind::Money {
            continue;
        }
        let unit = x.f.unit.as_deref().unwrap_or_default();
        if let Some(rule) = p
            .rules
            .quantities
            .iter()
            .find(|q| q.unit == unit && q.rate == prate)
        {
            let v = operand(x.f)?;
            let label = format!("{}{unit}", explain::interval(&v));
            return Some((Some(x.idx), v.scale(rule.factor)?, label));
        }
    }
    let counters = &p
        .rules
        .count_rates
        .iter()
        .find(|c| c.rate == prate)?
        .counters;
    let text = p.between(price, r);
    let chars: Vec<char> = text.chars().collect();
    let n = crate::extract::numeral::scan_numerals(&chars)
        .into_iter()
        .rev()
        .find(|n| {
            let rest: String = chars[n.end..].iter().take(3).collect();
            counters.iter().any(|c| rest.starts_with(c.as_str()))
        })?;
    let v = Interval::point(n.value.to_f64())?;
    let written: String = chars[n.start..n.end].iter().collect();
    Some((None, v, written))
}

/// `Aの40%` followed by its amount (`2000億円の40%、800億円`).
pub(super) fn percent_of(p: &Passage<'_>, r: &Placed<'_>, st: &State) -> Option<Draft> {
    if r.f.kind != FigureKind::Money || st.results.contains(&r.idx) {
        return None;
    }
    let prev = p.figs.get(r.idx.checked_sub(1)?)?;
    if prev.f.kind != FigureKind::Percent || prev.f.unit.as_deref() != Some("%") {
        return None;
    }
    let base = p.figs.get(prev.idx.checked_sub(1)?)?;
    if base.sent != prev.sent || !same_money(base.f, r.f) {
        return None;
    }
    let gap = p.between(base, prev);
    if !gap.starts_with('の') || gap.chars().count() > 3 {
        return None;
    }
    let bv = operand(base.f)?;
    let pct = operand(prev.f)?;
    let computed = bv.times(pct)?.scale(0.01)?;
    let text = format!(
        "{} × {}",
        explain::operand(base.f, &bv, p.rules),
        prev.f.text
    );
    let way = Way {
        from: *base,
        extra: vec![prev.idx],
        computed,
        text,
        rule: CheckRule::PercentOf,
    };
    let d = decide(
        p,
        r,
        vec![way],
        &p.rules.cues.result_before,
        Relation::Product,
    )?;
    // The cue must follow the percentage, not precede the base.
    cue_between(p, prev, r, &p.rules.cues.result_before).map(|_| d)
}
