//! Human-readable output. Colour only on a terminal (or `--color always`).

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use claimdex::export::enum_name;
use claimdex::export::graph::amount_label;
use claimdex::extract::entities::discover::{UNKNOWN_PREFIX, UnknownName};
use claimdex::query::flows::FlowEdge;
use claimdex::query::show::{EntityCount, EntityView, RecordView};
use claimdex::record::{Check, Claim, Dataset, Figure};
use claimdex::store::IndexReport;
use claimdex::store::indexer::Totals;
use claimdex::store::search::Hit;
use claimdex::store::verify::Verification;

/// How to decorate text.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Use ANSI colours.
    pub color: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn dim(&self, s: &str) -> String {
        self.paint("2", s)
    }
    fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }
    fn hit(&self, s: &str) -> String {
        self.paint("1;31", s)
    }
}

/// `s` padded with spaces to `width` terminal columns (a CJK character takes two).
fn pad(s: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

/// A number with its integer digits grouped by three (`10000000000` → `10,000,000,000`).
fn grouped(number: impl std::fmt::Display) -> String {
    let s = number.to_string();
    let (sign, rest) = match s.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", s.as_str()),
    };
    let (int, frac) = rest.split_at(rest.find('.').unwrap_or(rest.len()));
    if !int.bytes().all(|b| b.is_ascii_digit()) {
        return s;
    }
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}{frac}")
}

fn describe_figure(f: &Figure) -> String {
    let mut s = grouped(f.value);
    if let Some(max) = f.value_max {
        s = format!("{s}–{}", grouped(max));
    }
    if let Some(c) = f.currency.as_deref().or(f.unit.as_deref()) {
        s = format!("{s} {c}");
    }
    let mut quals: Vec<String> = Vec::new();
    if f.approx {
        quals.push("approx".into());
    }
    if f.vague {
        quals.push("vague".into());
    }
    if let Some(b) = f.bound {
        quals.push(json_name(&b));
    }
    if let Some(r) = f.rate {
        quals.push(format!("per {}", json_name(&r)));
    }
    if f.implied_currency {
        quals.push("currency implied".into());
    }
    if !quals.is_empty() {
        s = format!("{s} ({})", quals.join(", "));
    }
    s
}

fn json_name<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

fn describe_claim(c: &Claim) -> String {
    describe_claim_in(c, None)
}

/// A discovered entity (`unknown-…`, an id no one can read) by its name in `d`.
fn readable<'a>(id: &'a str, d: Option<&'a Dataset>) -> &'a str {
    match d.and_then(|d| d.entity(id)) {
        Some(e) if id.starts_with(UNKNOWN_PREFIX) => &e.name,
        _ => id,
    }
}

/// A claim's kind, targets, holder and qualifiers; discovered names shown as names when
/// the claim's dataset is given.
fn describe_claim_in(c: &Claim, d: Option<&Dataset>) -> String {
    let mut parts = vec![c.kind.as_str().to_string()];
    if !c.targets.is_empty() {
        let targets: Vec<&str> = c.targets.iter().map(|t| readable(t, d)).collect();
        parts.push(format!("about {}", targets.join(", ")));
    }
    if let Some(h) = &c.holder {
        parts.push(format!("by {}", readable(h, d)));
    }
    if let Some(p) = c.polarity {
        parts.push(json_name(&p));
    }
    if c.negated {
        parts.push("negated".into());
    }
    if c.hedged {
        parts.push("hedged".into());
    }
    parts.join(" · ")
}

/// Seconds as `m:ss` or `h:mm:ss`.
fn clock(seconds: f64) -> String {
    let total = seconds.max(0.0) as u64;
    let (h, m, s) = (total / 3600, total / 60 % 60, total % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// `search` results.
pub fn hits(out: &mut dyn Write, hits: &[Hit], style: Style) -> Result<()> {
    if hits.is_empty() {
        writeln!(out, "no hits")?;
        return Ok(());
    }
    for (i, h) in hits.iter().enumerate() {
        let mut snippet = String::new();
        let chars: Vec<char> = h.snippet.text.chars().collect();
        let mut at = 0;
        for &(s, e) in &h.snippet.highlights {
            if s < at || e > chars.len() {
                continue;
            }
            snippet.extend(&chars[at..s]);
            snippet.push_str(&style.hit(&chars[s..e].iter().collect::<String>()));
            at = e;
        }
        snippet.extend(&chars[at.min(chars.len())..]);
        if snippet.is_empty() {
            snippet = h.text.clone();
        }
        let mut place = format!("{} @{}", h.source, h.start);
        if let Some(t) = h.time_start {
            let end = h
                .time_end
                .map(|e| format!("–{}", clock(e)))
                .unwrap_or_default();
            place = format!("at {}{end} · {place}", clock(t));
        }
        if let Some(sp) = &h.speaker {
            place = format!("{sp} {place}");
        }
        writeln!(
            out,
            "{}. {} {}  {}",
            i + 1,
            style.bold(&format!("[{}]", h.kind.as_str())),
            h.id,
            style.dim(&format!("score {:.2} · {place}", h.score))
        )?;
        writeln!(out, "   {snippet}")?;
        let mut links = vec![format!("sentence {}", h.sentence_id)];
        if !h.entities.is_empty() {
            links.push(format!("entities {}", h.entities.join(",")));
        }
        if !h.figures.is_empty() {
            links.push(format!("figures {}", h.figures.join(",")));
        }
        if !h.claims.is_empty() && h.kind.as_str() != "claim" {
            links.push(format!("claims {}", h.claims.join(",")));
        }
        writeln!(out, "   {}", style.dim(&links.join(" · ")))?;
    }
    Ok(())
}

/// `claims` listing.
pub fn claims(out: &mut dyn Write, claims: &[(&Dataset, &Claim)], style: Style) -> Result<()> {
    if claims.is_empty() {
        writeln!(out, "no claims")?;
    }
    for (d, c) in claims {
        writeln!(
            out,
            "{}  {}",
            style.bold(&c.id),
            style.dim(&describe_claim_in(c, Some(d)))
        )?;
        writeln!(out, "   {}", c.text)?;
    }
    Ok(())
}

/// `figures` listing.
pub fn figures(out: &mut dyn Write, figures: &[(&Dataset, &Figure)], style: Style) -> Result<()> {
    if figures.is_empty() {
        writeln!(out, "no figures")?;
    }
    for (_, f) in figures {
        let about = if f.entities.is_empty() {
            String::new()
        } else {
            format!("  about {}", f.entities.join(", "))
        };
        writeln!(
            out,
            "{}  {} = {}{}",
            style.dim(&f.id),
            pad(&f.text, 16),
            describe_figure(f),
            style.dim(&about)
        )?;
    }
    Ok(())
}

/// `extract` in text form.
pub fn dataset(out: &mut dyn Write, d: &Dataset, explain: bool, style: Style) -> Result<()> {
    let t = &d.transcript;
    writeln!(
        out,
        "{} {}  ({}, {} chars)",
        style.bold("transcript"),
        t.id,
        t.source,
        t.chars
    )?;
    writeln!(
        out,
        "{} sentences, {} figures, {} mentions of {} entities, {} claims",
        d.sentences.len(),
        d.figures.len(),
        d.mentions.len(),
        d.entities.len(),
        d.claims.len()
    )?;
    writeln!(out, "\n{}", style.bold("figures"))?;
    for f in &d.figures {
        writeln!(
            out,
            "  {:>6}..{:<6} {} = {}",
            f.start,
            f.end,
            pad(&f.text, 18),
            describe_figure(f)
        )?;
        if explain {
            writeln!(out, "      {}", style.dim(&format!("rule: {}", f.rule)))?;
        }
    }
    writeln!(out, "\n{}", style.bold("entities"))?;
    for e in &d.entities {
        let n = d.mentions.iter().filter(|m| m.entity == e.id).count();
        writeln!(
            out,
            "  {} {:<12} {n} mentions",
            pad(&e.name, 24),
            e.kind.as_str()
        )?;
    }
    writeln!(out, "\n{}", style.bold("claims"))?;
    for c in &d.claims {
        writeln!(
            out,
            "  {}  {}",
            style.dim(&c.id),
            describe_claim_in(c, Some(d))
        )?;
        writeln!(out, "     {}", c.text)?;
        if explain {
            writeln!(
                out,
                "     {}",
                style.dim(&format!("cues: {}", c.cues.join(", ")))
            )?;
        }
    }
    if !d.checks.is_empty() {
        writeln!(out, "\n{}", style.bold("checks"))?;
        let checks: Vec<&Check> = d.checks.iter().collect();
        self::checks(out, &checks, explain, style)?;
    }
    dataset_flows(out, d, explain, style)
}

/// The flows of `extract`'s text form.
fn dataset_flows(out: &mut dyn Write, d: &Dataset, explain: bool, style: Style) -> Result<()> {
    if !d.flows.is_empty() {
        writeln!(out, "\n{}", style.bold("flows"))?;
        for w in &d.flows {
            let amount = w.amount_text();
            writeln!(
                out,
                "  {}  {} → {} · {amount} · {} · {}",
                style.dim(&w.id),
                w.payer_key(),
                w.payee,
                enum_name(&w.kind),
                enum_name(&w.status)
            )?;
            if explain {
                writeln!(out, "      {}", style.dim(&w.cues.join(" ")))?;
            }
        }
    }
    Ok(())
}

/// What `claimdex verify` found.
pub fn verification(out: &mut dyn Write, store: &Path, v: &Verification) -> Result<()> {
    writeln!(
        out,
        "{}: {} files checked, {} transcripts, {} documents",
        store.display(),
        v.files_checked,
        v.transcripts,
        v.documents
    )?;
    for f in &v.damaged_files {
        writeln!(out, "  damaged: {f} (does not match its checksum)")?;
    }
    for m in &v.mismatches {
        writeln!(out, "  mismatch: {m}")?;
    }
    if v.is_ok() {
        writeln!(out, "ok")?;
    }
    Ok(())
}

/// that finds records with any of them. Nothing when the query has one word.
pub fn zero_hit_hint(
    out: &mut dyn Write,
    counts: &[(String, usize)],
    or_query: &str,
) -> Result<()> {
    if counts.is_empty() {
        return Ok(());
    }
    let each: Vec<String> = counts.iter().map(|(w, n)| format!("{w}: {n}")).collect();
    writeln!(
        out,
        "no record has every word; each alone finds {} (with the same filters)",
        each.join(", ")
    )?;
    if counts.iter().filter(|(_, n)| *n > 0).count() > 1 {
        writeln!(out, "any of them: claimdex search '{or_query}'")?;
    }
    Ok(())
}

/// The summary after `index`.
pub fn index_report(
    out: &mut dyn Write,
    store: &Path,
    report: &IndexReport,
    totals: &Totals,
    failed: usize,
) -> Result<()> {
    writeln!(
        out,
        "indexed into {}: {} added, {} updated, {} unchanged{}{}",
        store.display(),
        report.added.len(),
        report.updated.len(),
        report.unchanged.len(),
        match report.reanalyzed.len() {
            0 => String::new(),
            n => format!(", {n} re-analysed (rules, version or options changed)"),
        },
        if failed > 0 {
            format!(", {failed} failed")
        } else {
            String::new()
        }
    )?;
    for (source, id) in &report.added {
        writeln!(out, "  + {source} ({id})")?;
    }
    for (source, id) in &report.updated {
        writeln!(out, "  ~ {source} ({id})")?;
    }
    for (source, id) in &report.reanalyzed {
        writeln!(out, "  ↻ {source} ({id}, re-analysed)")?;
    }
    for (source, id) in &report.unchanged {
        writeln!(out, "  = {source} ({id}, unchanged)")?;
    }
    if totals.transcripts == 0 {
        // When files failed, the errors above say why nothing was added.
        if failed == 0 {
            writeln!(out, "nothing new to analyse")?;
        }
        return Ok(());
    }
    writeln!(out, "found:")?;
    for (key, n) in [
        ("transcripts", totals.transcripts),
        ("sentences", totals.sentences),
        ("figures", totals.figures),
        ("entities", totals.entities),
        ("mentions", totals.mentions),
        ("claims", totals.claims),
    ] {
        writeln!(out, "  {key:<12} {n}")?;
    }
    Ok(())
}

/// `show` of a transcript-scoped record.
pub fn record_view(out: &mut dyn Write, v: &RecordView<'_>, style: Style) -> Result<()> {
    writeln!(
        out,
        "{} {}",
        style.bold(v.kind),
        v.record["id"].as_str().unwrap_or("")
    )?;
    if let Some(obj) = v.record.as_object() {
        for (k, val) in obj {
            if k == "id" || val.is_null() {
                continue;
            }
            let shown = match val {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            writeln!(out, "  {:<16} {}", k, shown)?;
        }
    }
    writeln!(
        out,
        "  {:<16} {} ({})",
        "transcript", v.transcript.id, v.transcript.source
    )?;
    if let Some(s) = v.sentence
        && v.kind != "sentence"
    {
        writeln!(out, "{} {}", style.bold("sentence"), s.id)?;
        writeln!(out, "  {}", s.text)?;
    }
    if !v.figures.is_empty() {
        writeln!(out, "{}", style.bold("figures"))?;
        for f in &v.figures {
            writeln!(
                out,
                "  {}  {} = {}",
                style.dim(&f.id),
                f.text,
                describe_figure(f)
            )?;
        }
    }
    if !v.entities.is_empty() {
        writeln!(out, "{}", style.bold("entities"))?;
        for e in &v.entities {
            writeln!(
                out,
                "  {}  {} ({})",
                style.dim(&e.id),
                e.name,
                e.kind.as_str()
            )?;
        }
    }
    if !v.claims.is_empty() {
        writeln!(out, "{}", style.bold("claims"))?;
        for c in &v.claims {
            writeln!(out, "  {}  {}", style.dim(&c.id), describe_claim(c))?;
        }
    }
    if !v.checks.is_empty() && v.kind != "check" {
        writeln!(out, "{}", style.bold("checks"))?;
        for k in &v.checks {
            writeln!(out, "  {}  {}", style.dim(&k.id), describe_check(k))?;
        }
    }
    Ok(())
}

/// A check on one line: verdict, then the arithmetic.
fn describe_check(k: &Check) -> String {
    let verdict = enum_name(&k.verdict);
    match k.deviation_pct {
        Some(d) => format!("{verdict} ({d:+.1}%) · {}", k.explanation),
        None => format!("{verdict} · {}", k.explanation),
    }
}

/// `check`: the arithmetic checks, one block each.
pub fn checks(out: &mut dyn Write, checks: &[&Check], explain: bool, style: Style) -> Result<()> {
    if checks.is_empty() {
        writeln!(out, "no checks")?;
        return Ok(());
    }
    for k in checks {
        let about = if k.entities.is_empty() {
            String::new()
        } else {
            format!(" · about {}", k.entities.join(", "))
        };
        writeln!(
            out,
            "{}  {} · {}{about}",
            k.id,
            style.bold(&enum_name(&k.verdict)),
            enum_name(&k.relation)
        )?;
        writeln!(out, "   {}", k.explanation)?;
        for st in &k.statements {
            let by = st
                .holder
                .as_deref()
                .map(|h| format!(" · by {h}"))
                .unwrap_or_default();
            let date = st
                .date
                .as_deref()
                .map(|d| format!(" · {d}"))
                .unwrap_or_default();
            writeln!(out, "   {} {}{by}{date}", style.dim("·"), st.sentence_id)?;
        }
        if explain {
            writeln!(
                out,
                "   {}",
                style.dim(&format!(
                    "rule {} · cues {} · figures {} · sentences {}",
                    enum_name(&k.rule),
                    if k.cues.is_empty() {
                        "-".to_string()
                    } else {
                        k.cues.join(" ")
                    },
                    k.figures.join(" "),
                    k.sentences.join(" ")
                ))
            )?;
        }
    }
    Ok(())
}

/// `show` of an entity.
pub fn entity_view(out: &mut dyn Write, v: &EntityView<'_>, style: Style) -> Result<()> {
    let e = &v.entity;
    writeln!(
        out,
        "{} {}  {} ({})",
        style.bold("entity"),
        e.id,
        e.name,
        e.kind.as_str()
    )?;
    if !e.aliases.is_empty() {
        writeln!(out, "  aliases  {}", e.aliases.join(", "))?;
    }
    if let Some(t) = &v.ticker {
        writeln!(out, "  ticker   {t}")?;
    }
    if let Some(n) = &v.note {
        writeln!(out, "  note     {n}")?;
    }
    writeln!(
        out,
        "  {} mentions in {} transcripts, {} claims about it, {} held by it, {} figures",
        v.mentions,
        v.transcripts.len(),
        v.claims_about.len(),
        v.claims_by.len(),
        v.figures.len()
    )?;
    for (title, list) in [
        ("claims about", &v.claims_about),
        ("claims by", &v.claims_by),
    ] {
        if !list.is_empty() {
            writeln!(out, "{}", style.bold(title))?;
            for c in list.iter() {
                writeln!(
                    out,
                    "  {}  {}",
                    style.dim(&c.record.id),
                    describe_claim(c.record)
                )?;
                writeln!(out, "     {}", c.record.text)?;
            }
        }
    }
    if !v.figures.is_empty() {
        writeln!(out, "{}", style.bold("figures"))?;
        for f in &v.figures {
            writeln!(
                out,
                "  {}  {} = {}",
                style.dim(&f.record.id),
                f.record.text,
                describe_figure(f.record)
            )?;
        }
    }
    entity_flows(out, v, style)
}

/// The money flows an entity pays (→) and receives (←), in `show ENTITY`.
fn entity_flows(out: &mut dyn Write, v: &EntityView<'_>, style: Style) -> Result<()> {
    let groups = [
        ("flows out", &v.flows_out, true),
        ("flows in", &v.flows_in, false),
    ];
    for (title, flows, outgoing) in groups {
        if flows.is_empty() {
            continue;
        }
        writeln!(out, "{}", style.bold(title))?;
        for w in flows.iter().map(|w| w.record) {
            let other = if outgoing {
                format!("→ {}", w.payee)
            } else {
                format!("← {}", w.payer_key())
            };
            let amount = w.amount_text();
            writeln!(
                out,
                "  {}  {other} · {amount} · {} · {}",
                style.dim(&w.id),
                enum_name(&w.kind),
                enum_name(&w.status)
            )?;
        }
    }
    Ok(())
}

/// `flows`: one deal per entry, payer → payee, amount, kind, status, and its sources.
pub fn flows(out: &mut dyn Write, edges: &[&FlowEdge], style: Style) -> Result<()> {
    if edges.is_empty() {
        writeln!(out, "no flows")?;
        return Ok(());
    }
    for e in edges {
        writeln!(
            out,
            "{}  {} → {} · {} · {} · {}",
            e.id,
            style.bold(&e.payer_name),
            style.bold(&e.payee_name),
            amount_label(e),
            enum_name(&e.kind),
            enum_name(&e.status)
        )?;
        if let Some(p) = &e.period {
            writeln!(out, "   {}", style.dim(&format!("over {p}")))?;
        }
        for s in &e.sources {
            let by = s
                .holder
                .as_deref()
                .map(|h| format!(" · by {h}"))
                .unwrap_or_default();
            writeln!(
                out,
                "   {} {}{by}: {}",
                style.dim("·"),
                s.sentence_id,
                s.text
            )?;
        }
        if !e.conflicts.is_empty() {
            writeln!(
                out,
                "   {}",
                style.dim(&format!("conflicts {}", e.conflicts.join(", ")))
            )?;
        }
    }
    Ok(())
}

/// `entities`.
pub fn entity_counts(out: &mut dyn Write, counts: &[EntityCount], style: Style) -> Result<()> {
    writeln!(
        out,
        "{}",
        style.bold(&format!(
            "{:<28} {:<14} {:>8} {:>7} {:>8}  id",
            "name", "type", "mentions", "claims", "figures"
        ))
    )?;
    for c in counts {
        writeln!(
            out,
            "{} {:<14} {:>8} {:>7} {:>8}  {}",
            pad(&c.name, 28),
            c.kind.as_str(),
            c.mentions,
            c.claims,
            c.figures,
            style.dim(&c.id)
        )?;
    }
    Ok(())
}

/// `entities --unknown`, as TOML entries ready to paste into a user `entities.toml`.
pub fn unknown_names(out: &mut dyn Write, names: &[UnknownName], _style: Style) -> Result<()> {
    writeln!(
        out,
        "# {} likely names not in the gazetteer, most frequent first. Paste the ones you want\n\
         # into an entities.toml in a directory you pass as --dictionaries DIR, then fix the id,\n\
         # type and aliases. Until then they are mentions of the entity id shown.",
        names.len()
    )?;
    for n in names {
        let id =
            n.id.trim_start_matches(claimdex::extract::entities::discover::UNKNOWN_PREFIX);
        writeln!(
            out,
            "\n# {} × {} (now {}), e.g. {}: {}",
            n.count, n.name, n.id, n.example_sentence_id, n.example
        )?;
        writeln!(out, "[[entity]]")?;
        writeln!(out, "id = {id:?}")?;
        writeln!(out, "name = {:?}", n.name)?;
        writeln!(out, "type = {:?}", n.guess.as_str())?;
        writeln!(out, "aliases = [{:?}]", n.name)?;
    }
    Ok(())
}

/// `bench`.
pub fn bench(out: &mut dyn Write, r: &claimdex::bench::BenchReport) -> Result<()> {
    writeln!(
        out,
        "corpus: {} files, {:.1} MB",
        r.files,
        r.bytes as f64 / 1e6
    )?;
    writeln!(
        out,
        "lindera alone (bare IPADIC)        {:>6.2} MB/s   {:>6.2} MB per CPU-second  (the floor)",
        r.lindera_mb_s, r.lindera_mb_cpu_s
    )?;
    writeln!(
        out,
        "indexing, 1 analysis thread        {:>6.2} MB/s   {:>6.2} MB per CPU-second  = {:.2} × lindera on one core (target ≥ 0.5)",
        r.index_one_thread_mb_s, r.index_one_thread_mb_cpu_s, r.index_vs_lindera
    )?;
    writeln!(
        out,
        "  of its wall time: the pipeline   {:>6.2} MB/s, handing to the store {:.2} MB/s",
        r.pipeline_one_thread_mb_s, r.store_one_thread_mb_s
    )?;
    writeln!(
        out,
        "tantivy alone, word + bigram fields {:13}{:>6.2} MB per CPU-second  → with lindera at best {:.2} × lindera",
        "", r.tantivy_fields_mb_cpu_s, r.ceiling_vs_lindera
    )?;
    writeln!(
        out,
        "indexing, {} cores                 {:>6.2} MB/s                           = {:.2} × lindera's wall time (target ≤ 2.0)",
        r.cores, r.index_all_cores_mb_s, r.all_cores_vs_lindera_wall
    )?;
    writeln!(
        out,
        "search latency, {} searches       p50 {:.2} ms, p99 {:.2} ms (target p50 < 5 ms)",
        r.searches, r.search_p50_ms, r.search_p99_ms
    )?;
    match r.peak_memory_mb {
        Some(mb) => writeln!(
            out,
            "peak memory                        {mb:>6.1} MB (target < 300 MB)"
        )?,
        None => writeln!(
            out,
            "peak memory                        not available on this system"
        )?,
    }
    let g = &r.gazetteer;
    writeln!(
        out,
        "gazetteer: {} entities, {} names, {} user-dictionary rows",
        g.entities, g.names, g.user_dictionary_rows
    )?;
    writeln!(
        out,
        "  parse + automata {:>8.1} ms, user dictionary {:.1} ms, memory {}",
        g.automaton_ms,
        g.user_dictionary_ms,
        g.memory_mb
            .map_or_else(|| "not available".to_string(), |mb| format!("+{mb:.1} MB"))
    )?;
    Ok(())
}

/// `bench --scale` report.
pub fn scale_bench(out: &mut dyn Write, r: &claimdex::bench::scale::ScaleReport) -> Result<()> {
    writeln!(
        out,
        "scale store: {} transcripts, {:.1} MB of text, store {:.1} MB",
        r.transcripts,
        r.bytes as f64 / 1e6,
        r.store_bytes as f64 / 1e6
    )?;
    let all = std::iter::once(&r.index).chain(&r.commands);
    for t in all {
        let target = match (t.target_seconds, t.target_mb) {
            (Some(s), Some(mb)) => format!(
                "  (target < {s} s, < {mb} MB: {})",
                if t.meets_targets() { "met" } else { "MISSED" }
            ),
            _ => String::new(),
        };
        let runs = match t.runs.as_slice() {
            [first, .., last] => format!(
                "  (median of {} runs, {first:.2}–{last:.2} s)",
                t.runs.len()
            ),
            _ => String::new(),
        };
        writeln!(
            out,
            "{:<46} {:>8.2} s {:>8.1} MB peak {:>10.1} MB out{target}{runs}",
            t.command,
            t.seconds,
            t.peak_mb,
            t.output_bytes as f64 / 1e6
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn tables_pad_by_display_width_and_group_digits() {
        assert_eq!(super::pad("オラクル", 10), "オラクル  ");
        assert_eq!(super::pad("Oracle", 10), "Oracle    ");
        assert_eq!(super::grouped("10000000000"), "10,000,000,000");
        assert_eq!(super::grouped("-1234.5"), "-1,234.5");
        assert_eq!(super::grouped("999"), "999");
    }
}
