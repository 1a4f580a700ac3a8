//! Comparisons (`それは1890億ドルより低い`) and multiples (`Aの3倍`, `Aの半分`).

use crate::extract::numeral;
use crate::record::FigureKind;

use super::super::explain;
use super::super::interval::{self, Interval, operand};
use super::super::passage::{Passage, Placed, find_cue, starts_with_cue};
use super::super::rules::CompareOp;
use super::super::{CheckRule, Relation, Verdict};
use super::{Draft, State, judge, same_money, verdict_tail};

/// What a comparison compares with the figure: an earlier result or an earlier figure.
struct Subject {
    interval: Interval,
    figure: Option<usize>,
    label: String,
}

/// A money figure followed by a comparison word; its subject is the previous computed result
/// (`それは…`) or the topic figure of the sentence (`Aは…Bより`).
pub(super) fn comparison(p: &Passage<'_>, x: &Placed<'_>, st: &State) -> Option<Draft> {
    if x.f.kind != FigureKind::Money {
        return None;
    }
    let after = p.after(x, 10);
    let (rule, word) = p
        .rules
        .comparisons
        .iter()
        .find_map(|c| starts_with_cue(after.trim_start(), &c.words).map(|w| (c, w)))?;
    let before = p.before(x, p.rules.settings.cue_before_chars);
    let back = find_cue(&before, &p.rules.cues.back_reference);
    let subject = match back {
        Some(_) => previous_result(p, x, st)?,
        None if x.f.bound.is_none() && word.starts_with('よ') => topic(p, x)?,
        None => return None,
    };
    let xv = operand(x.f)?;
    let s = subject.interval;
    let (holds, off) = match rule.op {
        CompareOp::Lt => (s.hi < xv.lo, s.lo >= xv.hi),
        CompareOp::Gt => (s.lo > xv.hi, s.hi <= xv.lo),
        CompareOp::Ge => (s.lo >= xv.lo, s.hi < xv.lo),
        CompareOp::Le => (s.hi <= xv.hi, s.lo > xv.hi),
    };
    let verdict = if holds {
        Verdict::Holds
    } else if off {
        Verdict::Off
    } else {
        Verdict::CannotCheck
    };
    let dev = (verdict == Verdict::Off && xv.mid() != 0.0)
        .then(|| (s.mid() - xv.mid()) / xv.mid() * 100.0);
    let shown = format!("{}{}", x.f.text, word);
    let tail = match verdict {
        Verdict::Holds => format!("({shown}: holds)"),
        Verdict::Off => format!("(but stated: {shown})"),
        _ => format!("(stated: {shown}; the interval straddles it)"),
    };
    Some(Draft {
        order: (x.sent, x.start),
        relation: Relation::Comparison,
        verdict,
        rule: CheckRule::Comparison,
        operands: subject.figure.into_iter().chain([x.idx]).collect(),
        result: None,
        computed: Some(s),
        deviation_pct: dev,
        explanation: format!(
            "{} {} {} {tail}",
            subject.label,
            rule.op.sign(),
            explain::operand(x.f, &xv, p.rules)
        ),
        cues: vec![rule.rule.clone(), word.to_string()],
        stated: None,
    })
}

/// The computed result of the last relation before `x` in its window.
fn previous_result(p: &Passage<'_>, x: &Placed<'_>, st: &State) -> Option<Subject> {
    let first = x.sent.saturating_sub(p.rules.settings.window);
    let d = st
        .drafts
        .iter()
        .rev()
        .filter(|d| {
            d.relation != Relation::Comparison && d.order < (x.sent, x.start) && d.order.0 >= first
        })
        .find(|d| {
            d.result
                .is_some_and(|r| p.figs.get(r).is_some_and(|f| same_money(f.f, x.f)))
        })?;
    let r = p.figs.get(d.result?)?;
    let c = d.computed?;
    Some(Subject {
        interval: c,
        figure: Some(r.idx),
        label: format!(
            "{}{} ({})",
            explain::interval(&c),
            explain::unit_of(r.f, p.rules),
            r.f.text
        ),
    })
}

/// `Aは…Bより`: the figure right before `x` in its sentence, followed by `は` or `が`.
fn topic(p: &Passage<'_>, x: &Placed<'_>) -> Option<Subject> {
    let a = p.figs.get(x.idx.checked_sub(1)?)?;
    if a.sent != x.sent || !same_money(a.f, x.f) || a.f.rate != x.f.rate {
        return None;
    }
    let gap = p.between(a, x);
    if !(gap.starts_with('は') || gap.starts_with('が')) {
        return None;
    }
    let v = operand(a.f)?;
    Some(Subject {
        interval: v,
        figure: Some(a.idx),
        label: explain::operand(a.f, &v, p.rules),
    })
}

/// A stated multiple in a sentence: where its factor is written and its value.
struct Factor {
    start: usize,
    end: usize,
    value: Interval,
    text: String,
}

fn factors(p: &Passage<'_>, s: usize) -> Vec<Factor> {
    let chars = &p.chars[s];
    let cues = &p.rules.cues;
    let mut out = Vec::new();
    let nums = numeral::scan_numerals(chars);
    for (i, n) in nums.iter().enumerate() {
        let rest: String = chars[n.end..].iter().take(4).collect();
        let written: String = chars[n.start..n.end].iter().collect();
        let v = n.value.to_f64();
        if let Some(w) = starts_with_cue(&rest, &cues.multiple) {
            let half = interval::written_places(&written, v).map_or(0.0, |(last, _)| last / 2.0);
            if let Some(value) = Interval::new(v - half, v + half) {
                let end = n.end + w.chars().count();
                out.push(Factor {
                    start: n.start,
                    end,
                    value,
                    text: format!("{written}{w}"),
                });
            }
        } else if let Some(w) = starts_with_cue(&rest, &cues.fraction) {
            let Some(m) = nums
                .get(i + 1)
                .filter(|m| m.start == n.end + w.chars().count())
            else {
                continue;
            };
            if let Some(value) = Interval::point(m.value.to_f64() / v).filter(|x| x.is_finite()) {
                let text: String = chars[n.start..m.end].iter().collect();
                out.push(Factor {
                    start: n.start,
                    end: m.end,
                    value,
                    text,
                });
            }
        }
    }
    let text: String = chars.iter().collect();
    for w in &cues.half {
        if let Some(b) = text.find(w.as_str()) {
            let start = text[..b].chars().count();
            let value = Interval::point(0.5);
            if let Some(value) = value {
                out.push(Factor {
                    start,
                    end: start + w.chars().count(),
                    value,
                    text: w.clone(),
                });
            }
        }
    }
    out
}

/// `BはAの3倍`, `Aの半分のB`: B ÷ A against the factor.
pub(super) fn multiples(p: &Passage<'_>, s: usize) -> Vec<Draft> {
    let mut out = Vec::new();
    let here: Vec<&Placed<'_>> = p
        .figs
        .iter()
        .filter(|f| f.sent == s && f.f.kind == FigureKind::Money)
        .collect();
    for k in factors(p, s) {
        let Some(a) = here.iter().find(|a| {
            a.end <= k.start && {
                let gap = p.slice(s, a.end, k.start);
                gap.starts_with('の') && gap.chars().count() <= 3
            }
        }) else {
            continue;
        };
        let bs: Vec<&&Placed<'_>> = here
            .iter()
            .filter(|b| b.idx != a.idx && same_money(a.f, b.f))
            .collect();
        let [b] = bs.as_slice() else { continue };
        if let Some(d) = multiple_draft(p, a, b, &k) {
            out.push(d);
        }
    }
    out
}

fn multiple_draft(p: &Passage<'_>, a: &Placed<'_>, b: &Placed<'_>, k: &Factor) -> Option<Draft> {
    let (av, bv) = (operand(a.f)?, operand(b.f)?);
    let c = bv.over(av)?;
    let mut stated = k.value;
    let near = p.slice(a.sent, k.end, k.end + 3);
    let approx = starts_with_cue(&near, &p.rules.cues.approx_after).is_some();
    if approx {
        let t = stated.hi * p.rules.settings.approx_pct / 100.0;
        stated = Interval::new(stated.lo - t, stated.hi + t)?;
    }
    let (verdict, dev) = judge(c, stated, k.value.mid(), true, true, &p.rules.settings)?;
    Some(Draft {
        order: (b.sent, b.start.max(k.start)),
        relation: Relation::Ratio,
        verdict,
        rule: CheckRule::Multiple,
        operands: vec![a.idx, b.idx],
        result: None,
        computed: Some(c),
        deviation_pct: dev,
        explanation: format!(
            "{} ÷ {} = {} {}",
            explain::operand(b.f, &bv, p.rules),
            explain::operand(a.f, &av, p.rules),
            explain::interval(&c),
            verdict_tail(verdict, dev, &k.text)
        ),
        cues: vec![k.text.clone()],
        stated: Some(k.value.mid()),
    })
}
