//! Conflicts: one company's one metric stated with values that cannot both be true, in
//! different sentences of one transcript or in different transcripts.
//!
//! A statement is a money figure about organisations (its linked entities), whose sentence
//! names a metric within the metric's reach (`dictionaries/checks.toml`, `[[metric]]`; the
//! first that matches wins, so a run-rate is never read as revenue for a year). Statements
//! are compared only when entities, metric, rate, period and year (a `2025年` in the sentence)
//! all agree; hypothetical sentences (`仮に`, `もし`) and partial amounts (`追加で`) are left
//! out. Two statements conflict when the intervals they stand for (written precision,
//! approximation) do not meet.

use crate::record::{self, Dataset, Figure};
use crate::record::{FigureKind, Rate};

use super::explain;
use super::interval::{self, Interval, Qualifiers};
use super::passage::find_cue;
use super::rules::CheckRules;
use super::{Check, CheckRule, Relation, Verdict, decimal_of};

#[derive(Debug, Clone, PartialEq)]
struct Key {
    entities: Vec<String>,
    metric: String,
    currency: Option<String>,
    rate: Option<Rate>,
    period: Option<String>,
    year: Option<String>,
}

struct Statement<'a> {
    ds: &'a Dataset,
    f: &'a Figure,
    key: Key,
    interval: Interval,
}

/// Every pair of statements of one metric of one company that cannot both be true.
pub fn conflicts(datasets: &[&Dataset], rules: &CheckRules) -> Vec<Check> {
    let stmts: Vec<Statement<'_>> = datasets
        .iter()
        .flat_map(|ds| {
            ds.figures
                .iter()
                .filter_map(move |f| statement(ds, f, rules))
        })
        .collect();
    let mut out: Vec<Check> = Vec::new();
    let mut seen: Vec<(Key, String, String)> = Vec::new();
    for (i, a) in stmts.iter().enumerate() {
        for b in &stmts[i + 1..] {
            if a.key != b.key || a.f.sentence_id == b.f.sentence_id || a.interval.meets(&b.interval)
            {
                continue;
            }
            let pair = (a.key.clone(), a.f.value.to_string(), b.f.value.to_string());
            if seen.contains(&pair) {
                continue;
            }
            seen.push(pair);
            let id = format!("{}-x{:04}", a.ds.transcript.id, out.len() + 1);
            out.push(record(id, a, b, rules));
        }
    }
    out
}

fn statement<'a>(ds: &'a Dataset, f: &'a Figure, rules: &CheckRules) -> Option<Statement<'a>> {
    if f.kind != FigureKind::Money {
        return None;
    }
    let mut entities: Vec<String> = f
        .entities
        .iter()
        .filter(|e| ds.entity(e).is_some_and(|x| x.kind.is_organisation()))
        .cloned()
        .collect();
    entities.sort();
    entities.dedup();
    if entities.is_empty() {
        return None;
    }
    let s = ds.sentence(&f.sentence_id)?;
    if find_cue(&s.text, &rules.cues.hypothetical).is_some() {
        return None;
    }
    let chars: Vec<char> = s.text.chars().collect();
    let a = f.start.checked_sub(s.start)?;
    let b = f.end.checked_sub(s.start)?.min(chars.len());
    let metric = rules.metrics.iter().find(|m| {
        let lo = a.saturating_sub(m.reach);
        let hi = (b + m.reach).min(chars.len());
        let near: String = chars
            .get(lo..hi)
            .map(|c| c.iter().collect())
            .unwrap_or_default();
        m.words.iter().any(|w| near.contains(w.as_str()))
    })?;
    if metric.exclude.iter().any(|w| s.text.contains(w.as_str())) {
        return None;
    }
    if metric.counterparty && entities.len() < 2 {
        return None;
    }
    let key = Key {
        entities,
        metric: metric.name.clone(),
        currency: f.currency.clone(),
        rate: f.rate,
        period: f
            .period
            .as_ref()
            .map(|p| format!("{:?}{}{}", p.kind, p.value, p.unit)),
        year: year_of(&chars),
    };
    let interval = interval::stated(f, Qualifiers::default(), &rules.settings)?;
    Some(Statement {
        ds,
        f,
        key,
        interval,
    })
}

/// The first `NNNN年` in a sentence.
fn year_of(chars: &[char]) -> Option<String> {
    chars.windows(5).find_map(|w| {
        (w[..4].iter().all(char::is_ascii_digit) && w[4] == '年').then(|| w[..4].iter().collect())
    })
}

fn record(id: String, a: &Statement<'_>, b: &Statement<'_>, rules: &CheckRules) -> Check {
    let av = a.f.value.to_f64();
    let bv = interval::operand(b.f).map_or(b.f.value.to_f64(), |i| i.lo);
    let dev = (av != 0.0).then(|| ((bv - av) / av * 1000.0).round() / 10.0);
    let names: Vec<String> = a
        .key
        .entities
        .iter()
        .map(|e| a.ds.entity(e).map_or(e.clone(), |x| x.name.clone()))
        .collect();
    Check {
        id,
        relation: Relation::Comparison,
        verdict: Verdict::Conflict,
        figures: vec![a.f.id.clone(), b.f.id.clone()],
        sentences: vec![a.f.sentence_id.clone(), b.f.sentence_id.clone()],
        computed: decimal_of(bv),
        computed_max: b.f.value_max,
        stated: Some(a.f.value),
        deviation_pct: dev,
        explanation: format!(
            "{} {}: {} ({}) vs {} ({})",
            names.join("/"),
            a.key.metric,
            explain::stated(a.f, None, rules),
            a.f.sentence_id,
            explain::stated(b.f, None, rules),
            b.f.sentence_id
        ),
        entities: a.key.entities.clone(),
        rule: CheckRule::Conflict,
        cues: vec![a.key.metric.clone()],
        metric: Some(a.key.metric.clone()),
        statements: vec![cited(a), cited(b)],
    }
}

/// A statement as the conflict record cites it.
fn cited(s: &Statement<'_>) -> record::Statement {
    let holder =
        s.ds.claims
            .iter()
            .find(|c| c.figures.contains(&s.f.id))
            .and_then(|c| c.holder.clone())
            .or_else(|| {
                s.ds.sentence(&s.f.sentence_id)
                    .and_then(|x| x.speaker.clone())
            });
    record::Statement {
        transcript_id: s.ds.transcript.id.clone(),
        sentence_id: s.f.sentence_id.clone(),
        figure: s.f.id.clone(),
        holder,
        date: s.ds.transcript.date.clone(),
    }
}
