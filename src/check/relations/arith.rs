//! Sums, differences, shares and percentage changes.

use crate::extract::numeral;
use crate::record::FigureKind;

use super::super::explain;
use super::super::interval::{Interval, operand};
use super::super::passage::{Passage, Placed, find_cue, starts_with_cue};
use super::super::rules::CheckSettings;
use super::super::{CheckRule, Relation, Verdict};
use super::{Draft, State, judge, same_money, stated_of, verdict_tail};

/// The parts a sum or difference may be made of: same-currency amounts with the result's
/// rate, not themselves results of a sum or difference, from the result's sentence and the
/// nearest earlier sentence that has any.
struct Parts<'a> {
    /// Earlier sentence's parts, then the result sentence's.
    all: Vec<Placed<'a>>,
    /// How many of `all` to skip for the default reading (the one judged when none holds).
    skip: usize,
    /// Whether the default reading is the only one the passage allows.
    unambiguous: bool,
}

fn parts<'a>(
    p: &Passage<'a>,
    r: &Placed<'a>,
    st: &State,
    count: Option<usize>,
    is_sum: bool,
) -> Parts<'a> {
    let summed: Vec<usize> = st
        .drafts
        .iter()
        .filter(|d| matches!(d.relation, Relation::Sum | Relation::Difference))
        .filter_map(|d| d.result)
        .collect();
    let cands: Vec<Placed<'a>> = p
        .window_before(r)
        .into_iter()
        .filter(|o| same_money(o.f, r.f) && o.f.rate == r.f.rate && !summed.contains(&o.idx))
        .collect();
    let here: Vec<Placed<'a>> = cands.iter().filter(|o| o.sent == r.sent).copied().collect();
    let mut all: Vec<Placed<'a>> = match cands.iter().rev().find(|o| o.sent != r.sent) {
        Some(last) => cands
            .iter()
            .filter(|o| o.sent == last.sent)
            .copied()
            .collect(),
        None => Vec::new(),
    };
    let earlier = all.len();
    all.extend(&here);
    // Parts all in the result's sentence are its parts; parts from an earlier sentence are
    // unambiguous only when counted (`3社の合計`) or, for a difference, when they are all
    // the window has.
    let (skip, unambiguous) = match count {
        Some(n) if n >= 2 && n <= all.len() => (all.len() - n, true),
        Some(_) => (0, false),
        None if here.len() >= 2 => (earlier, true),
        None => (0, !is_sum && all.len() == cands.len()),
    };
    Parts {
        all,
        skip,
        unambiguous,
    }
}

/// The two ends of a from–to range figure (`800億円から1000億円`), not of a vague amount.
fn range_ends(o: &Placed<'_>) -> Option<(Interval, Interval)> {
    let max = o.f.value_max?;
    if o.f.vague || o.f.approx {
        return None;
    }
    Some((
        Interval::point(o.f.value.to_f64())?,
        Interval::point(max.to_f64())?,
    ))
}

/// `3社の合計` → 3.
fn part_count(p: &Passage<'_>, text: &str) -> Option<usize> {
    let chars: Vec<char> = text.chars().collect();
    numeral::scan_numerals(&chars)
        .into_iter()
        .rev()
        .find_map(|n| {
            let rest: String = chars[n.end..].iter().take(3).collect();
            if p.rules
                .parts
                .counters
                .iter()
                .any(|c| rest.starts_with(c.as_str()))
                && n.value.is_integer()
            {
                usize::try_from(n.value.mantissa()).ok()
            } else {
                None
            }
        })
}

/// A sum cue before the result: the parts before it add up to it.
pub(super) fn sum(p: &Passage<'_>, r: &Placed<'_>, st: &State) -> Option<Draft> {
    combine(p, r, st, true)
}

/// A difference cue before the result: the first part minus the others.
pub(super) fn difference(p: &Passage<'_>, r: &Placed<'_>, st: &State) -> Option<Draft> {
    combine(p, r, st, false)
}

fn combine(p: &Passage<'_>, r: &Placed<'_>, st: &State, is_sum: bool) -> Option<Draft> {
    if r.f.kind != FigureKind::Money || st.results.contains(&r.idx) {
        return None;
    }
    let before = p.before(r, p.rules.settings.cue_before_chars);
    let words = if is_sum {
        &p.rules.cues.sum
    } else {
        &p.rules.cues.difference
    };
    let (_, cue) = find_cue(&before, words)?;
    let Parts {
        all: mut parts,
        skip: default,
        unambiguous,
    } = parts(p, r, st, part_count(p, &before), is_sum);
    let mut ops: Vec<Interval> = parts.iter().map(|o| operand(o.f)).collect::<Option<_>>()?;
    // `1450億円から1620億円に…修正の幅は` is one range figure: its ends are the two values.
    if !is_sum && let [one] = parts.as_slice() {
        let (a, b) = range_ends(one)?;
        ops = vec![a, b];
        parts = vec![*one, *one];
    }
    if parts.len() < 2 || default + 2 > parts.len() {
        return None;
    }
    let (stated, open) = stated_of(p, r)?;
    let sv = r.f.value.to_f64();
    // Try every tail of the parts (the earliest may belong to something else), the default
    // reading first. A difference of two is taken either way round.
    let mut tries: Vec<(usize, Interval)> = Vec::new();
    let skips = std::iter::once(default).chain((0..=parts.len() - 2).filter(|k| *k != default));
    for skip in skips {
        let c = if is_sum {
            total(&ops[skip..])?
        } else {
            minus(&ops[skip..])?
        };
        tries.push((skip, c));
    }
    let (skip, computed, (verdict, dev)) =
        pick(&tries, stated, sv, unambiguous, &p.rules.settings)?;
    let (verdict, dev) = unless_incomplete(verdict, dev, &ops, sv, is_sum);
    let used = &parts[skip..];
    let lhs = terms(p, used, &ops[skip..], is_sum);
    let shown = explain::stated(r.f, open, p.rules);
    Some(Draft {
        order: (r.sent, r.start),
        relation: if is_sum {
            Relation::Sum
        } else {
            Relation::Difference
        },
        verdict,
        rule: if is_sum {
            CheckRule::Sum
        } else {
            CheckRule::Difference
        },
        operands: {
            let mut v: Vec<usize> = used.iter().map(|o| o.idx).collect();
            v.dedup();
            v
        },
        result: Some(r.idx),
        computed: Some(computed),
        deviation_pct: dev,
        explanation: format!(
            "{lhs} = {}{} {}",
            explain::interval(&computed),
            explain::unit_of(r.f, p.rules),
            verdict_tail(verdict, dev, &shown)
        ),
        cues: vec![cue.to_string()],
        stated: None,
    })
}

/// A difference larger than every part, or a sum smaller than one, means the parts are not
/// all there (the total sits outside the window): no accusation.
fn unless_incomplete(
    verdict: Verdict,
    dev: Option<f64>,
    ops: &[Interval],
    sv: f64,
    is_sum: bool,
) -> (Verdict, Option<f64>) {
    let biggest = ops.iter().map(|o| o.hi).fold(f64::NEG_INFINITY, f64::max);
    let incomplete = if is_sum { sv < biggest } else { sv > biggest };
    if verdict == Verdict::Off && incomplete {
        (Verdict::CannotCheck, None)
    } else {
        (verdict, dev)
    }
}

type Pick = (usize, Interval, (Verdict, Option<f64>));

/// The first try that holds; else the first (the whole list) judged with a cue.
fn pick(
    tries: &[(usize, Interval)],
    stated: Interval,
    sv: f64,
    unambiguous: bool,
    s: &CheckSettings,
) -> Option<Pick> {
    let hit = tries
        .iter()
        .find_map(|(k, c)| judge(*c, stated, sv, false, false, s).map(|v| (*k, *c, v)));
    match hit {
        Some(x) => Some(x),
        None => {
            let (k, c) = *tries.first()?;
            Some((k, c, judge(c, stated, sv, true, unambiguous, s)?))
        }
    }
}

/// `a + b + c`, `|a − b|`.
fn terms(p: &Passage<'_>, used: &[Placed<'_>], ops: &[Interval], is_sum: bool) -> String {
    let sign = if is_sum { " + " } else { " − " };
    let terms: Vec<String> = used
        .iter()
        .zip(ops)
        .map(|(o, i)| explain::operand(o.f, i, p.rules))
        .collect();
    if !is_sum && used.len() == 2 {
        format!("|{}|", terms.join(sign))
    } else {
        terms.join(sign)
    }
}

fn total(ops: &[Interval]) -> Option<Interval> {
    let mut acc = Interval::point(0.0)?;
    for o in ops {
        acc = acc.plus(*o)?;
    }
    Some(acc)
}

/// First minus the rest; for exactly two, the absolute difference.
fn minus(ops: &[Interval]) -> Option<Interval> {
    let (first, rest) = ops.split_first()?;
    let d = first.minus(total(rest)?)?;
    if ops.len() == 2 && d.hi < 0.0 {
        return Interval::new(-d.hi, -d.lo);
    }
    Some(d)
}

/// A percentage followed by an increase or decrease word, after two amounts in its sentence.
pub(super) fn percent_change(p: &Passage<'_>, r: &Placed<'_>, st: &State) -> Option<Draft> {
    if r.f.kind != FigureKind::Percent
        || r.f.unit.as_deref() != Some("%")
        || st.results.contains(&r.idx)
    {
        return None;
    }
    let after = p.after(r, 6);
    let tail = after.trim_start_matches(['の', 'も', '、', ' ']);
    let inc = starts_with_cue(tail, &p.rules.cues.increase);
    let dec = starts_with_cue(tail, &p.rules.cues.decrease);
    let cue = inc.or(dec)?;
    let amounts: Vec<Placed<'_>> = p
        .window_before(r)
        .into_iter()
        .filter(|o| o.sent == r.sent && o.f.kind == FigureKind::Money)
        .collect();
    let (a, b, av, bv) = match amounts.as_slice() {
        [.., a, b]
            if same_money(a.f, b.f)
                && a.f.rate == b.f.rate
                && find_cue(&p.between(a, b), &p.rules.cues.change_from).is_some() =>
        {
            (a, b, operand(a.f)?, operand(b.f)?)
        }
        [a] => {
            let (x, y) = range_ends(a)?;
            (a, a, x, y)
        }
        _ => return None,
    };
    let change = bv
        .minus(av)?
        .over(av)?
        .scale(if inc.is_some() { 100.0 } else { -100.0 })?;
    let (stated, _) = stated_of(p, r)?;
    let (verdict, dev) = judge(
        change,
        stated,
        r.f.value.to_f64(),
        true,
        amounts.len() == 2,
        &p.rules.settings,
    )?;
    let shown = format!("{}{cue}", r.f.text);
    let sign = if inc.is_some() { "" } else { "−" };
    Some(Draft {
        order: (r.sent, r.start),
        relation: Relation::PercentChange,
        verdict,
        rule: CheckRule::PercentChange,
        operands: if a.idx == b.idx {
            vec![a.idx]
        } else {
            vec![a.idx, b.idx]
        },
        result: Some(r.idx),
        computed: Some(change),
        deviation_pct: dev,
        explanation: format!(
            "{sign}({} − {}) ÷ {} = {}% {}",
            explain::operand(b.f, &bv, p.rules),
            explain::operand(a.f, &av, p.rules),
            explain::operand(a.f, &av, p.rules),
            explain::interval(&change),
            verdict_tail(verdict, dev, &shown)
        ),
        cues: vec![cue.to_string()],
        stated: None,
    })
}

/// A percentage announced as a share (`比率にすると約4割`): the smaller of two amounts over
/// the larger.
pub(super) fn share(p: &Passage<'_>, r: &Placed<'_>, st: &State) -> Option<Draft> {
    if r.f.kind != FigureKind::Percent
        || r.f.unit.as_deref() != Some("%")
        || st.results.contains(&r.idx)
    {
        return None;
    }
    if r.f.bound.is_some() {
        return None;
    }
    let before = p.before(r, 12);
    let computing = find_cue(&before, &p.rules.cues.ratio);
    let (_, cue) = computing.or_else(|| find_cue(&before, &p.rules.cues.ratio_named))?;
    let amounts: Vec<Placed<'_>> = p
        .window_before(r)
        .into_iter()
        .filter(|o| o.f.kind == FigureKind::Money && o.f.rate.is_none())
        .collect();
    let (stated, _) = stated_of(p, r)?;
    let sv = r.f.value.to_f64();
    let s = &p.rules.settings;
    let mut pairs = Vec::new();
    for (j, b) in amounts.iter().enumerate().rev() {
        for a in amounts[..j].iter().rev() {
            if !same_money(a.f, b.f) {
                continue;
            }
            let (av, bv) = (operand(a.f)?, operand(b.f)?);
            let (num, den, nf, df) = if av.hi <= bv.lo {
                (av, bv, a, b)
            } else {
                (bv, av, b, a)
            };
            pairs.push((nf, df, num.over(den)?.scale(100.0)?));
        }
    }
    let hit = pairs
        .iter()
        .find_map(|(n, d, c)| judge(*c, stated, sv, false, false, s).map(|v| (*n, *d, *c, v)));
    let (n, d, c, (verdict, dev)) = match hit {
        Some(x) => x,
        None => {
            let (n, d, c) = *pairs.first()?;
            (
                n,
                d,
                c,
                judge(c, stated, sv, computing.is_some(), pairs.len() == 1, s)?,
            )
        }
    };
    let (nv, dv) = (operand(n.f)?, operand(d.f)?);
    let mut operands = vec![n.idx, d.idx];
    operands.sort_unstable();
    Some(Draft {
        order: (r.sent, r.start),
        relation: Relation::Ratio,
        verdict,
        rule: CheckRule::Share,
        operands,
        result: Some(r.idx),
        computed: Some(c),
        deviation_pct: dev,
        explanation: format!(
            "{} ÷ {} = {}% {}",
            explain::operand(n.f, &nv, p.rules),
            explain::operand(d.f, &dv, p.rules),
            explain::interval(&c),
            verdict_tail(verdict, dev, &r.f.text)
        ),
        cues: vec![cue.to_string()],
        stated: None,
    })
}
