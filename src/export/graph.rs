//! Money flows as a graph: FollowTheMoney `Payment` JSON, CSV, Graphviz DOT, GraphML and an
//! SVG drawing (laid out by `layout-rs`).
//!
//! Nodes are the payers and payees (entity ids, or `market` / `investors`); edges are the
//! deals of [`crate::query::flows::edges`], labelled with amount and status. Tentative deals
//! (rumoured, reported, letter of intent, doubted) are dashed.

use std::io::Write;

use layout::backends::svg::SVGWriter;
use layout::core::base::Orientation;
use layout::core::color::Color;
use layout::core::geometry::Point;
use layout::core::style::{LineStyleKind, StyleAttr};
use layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
use layout::topo::layout::VisualGraph;
use serde::Serialize;

use super::{csv_err, enum_name, io_err};
use crate::Result;
use crate::query::flows::FlowEdge;
use crate::record::{Bound, Decimal, SCHEMA};

/// An amount for a label: `300億 USD`, `500億–550億 USD`, `≤100億 USD` (最大), `no amount`
/// when none.
pub fn amount_label(e: &FlowEdge) -> String {
    let Some(v) = e.value else {
        return "no amount".into();
    };
    let cur = e.currency.as_deref().unwrap_or("");
    let short = |d: Decimal| {
        let x = d.to_f64();
        if x >= 1e12 {
            format!("{}兆", trim(x / 1e12))
        } else if x >= 1e8 {
            format!("{}億", trim(x / 1e8))
        } else if x >= 1e4 {
            format!("{}万", trim(x / 1e4))
        } else {
            trim(x)
        }
    };
    let prefix = match e.bound {
        Some(Bound::UpTo | Bound::AtMost) => "≤",
        Some(Bound::AtLeast) => "≥",
        Some(Bound::MoreThan) => ">",
        Some(Bound::LessThan) => "<",
        None => "",
    };
    match e.value_max {
        Some(m) if m != v => format!("{prefix}{}–{} {cur}", short(v), short(m)),
        _ => format!("{prefix}{} {cur}", short(v)),
    }
}

fn trim(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A deal as a FollowTheMoney `Payment` entity: `schema`, `properties` with the FtM names
/// (payer, beneficiary, amount, currency, date, purpose, description, summary; every value
/// a list of strings; payer and beneficiary by name), and claimdex's own fields beside
/// them under `claimdex`.
#[derive(Debug, Serialize)]
pub struct Payment<'a> {
    /// The edge id (its first flow record).
    pub id: &'a str,
    /// Always `Payment`.
    pub schema: &'static str,
    /// FtM properties.
    pub properties: serde_json::Map<String, serde_json::Value>,
    /// The deal as claimdex has it (kind, status, sources, conflicts).
    pub claimdex: &'a FlowEdge,
}

impl<'a> Payment<'a> {
    /// The FtM view of an edge.
    pub fn of(e: &'a FlowEdge) -> Self {
        let mut p = serde_json::Map::new();
        let mut put = |k: &str, v: Option<String>| {
            if let Some(v) = v {
                p.insert(k.into(), serde_json::json!([v]));
            }
        };
        put("payer", Some(e.payer_name.clone()));
        put("beneficiary", Some(e.payee_name.clone()));
        put("amount", e.value.map(|v| v.to_string()));
        put("currency", e.currency.clone());
        put("date", e.date.clone());
        let mut purpose = enum_name(&e.kind);
        if let Some(period) = &e.period {
            purpose = format!("{purpose} ({period})");
        }
        put("purpose", Some(purpose));
        put(
            "description",
            Some(format!("status: {}", enum_name(&e.status))),
        );
        let texts: Vec<&str> = e.sources.iter().map(|s| s.text.as_str()).collect();
        p.insert("summary".into(), serde_json::json!(texts));
        Payment {
            id: &e.id,
            schema: "Payment",
            properties: p,
            claimdex: e,
        }
    }
}

/// `{"schema": "claimdex/2", "flows": [Payment, …]}`.
pub fn payments_json(out: &mut dyn Write, edges: &[&FlowEdge]) -> Result<()> {
    let payments: Vec<Payment<'_>> = edges.iter().map(|e| Payment::of(e)).collect();
    super::write_json(
        out,
        &serde_json::json!({"schema": SCHEMA, "flows": payments}),
    )
}

/// One tagged `payment` line per deal.
pub fn payments_jsonl(out: &mut dyn Write, edges: &[&FlowEdge]) -> Result<()> {
    for e in edges {
        super::write_jsonl(out, "payment", &Payment::of(e))?;
    }
    Ok(())
}

/// The CSV header of [`flows_csv`].
pub const FLOW_COLUMNS: &[&str] = &[
    "id",
    "payer",
    "payee",
    "kind",
    "status",
    "value",
    "value_max",
    "currency",
    "rate",
    "period",
    "date",
    "sources",
    "sentences",
    "conflicts",
];

/// Deals as CSV, one row each.
pub fn flows_csv(out: &mut dyn Write, edges: &[&FlowEdge]) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(FLOW_COLUMNS).map_err(csv_err)?;
    let opt = |d: Option<Decimal>| d.map(|d| d.to_string()).unwrap_or_default();
    for e in edges {
        let flows: Vec<&str> = e.sources.iter().map(|s| s.flow.as_str()).collect();
        let sentences: Vec<&str> = e.sources.iter().map(|s| s.sentence_id.as_str()).collect();
        w.write_record([
            e.id.as_str(),
            &e.payer,
            &e.payee,
            &enum_name(&e.kind),
            &enum_name(&e.status),
            &opt(e.value),
            &opt(e.value_max),
            e.currency.as_deref().unwrap_or(""),
            &enum_name(&e.rate),
            e.period.as_deref().unwrap_or(""),
            e.date.as_deref().unwrap_or(""),
            &flows.join(";"),
            &sentences.join(";"),
            &e.conflicts.join(";"),
        ])
        .map_err(csv_err)?;
    }
    w.flush().map_err(io_err)
}

/// The nodes of the graph: (id, name, money through it in the edges' units).
pub fn nodes(edges: &[&FlowEdge]) -> Vec<(String, String, f64)> {
    let mut out: Vec<(String, String, f64)> = Vec::new();
    for e in edges {
        let v = e.value.map_or(0.0, |v| v.to_f64());
        for (id, name) in [(&e.payer, &e.payer_name), (&e.payee, &e.payee_name)] {
            match out.iter_mut().find(|n| &n.0 == id) {
                Some(n) => n.2 += v,
                None => out.push((id.clone(), name.clone(), v)),
            }
        }
    }
    out
}

/// A DOT double-quoted string.
fn dot_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn edge_label(e: &FlowEdge) -> String {
    format!("{} · {}", amount_label(e), enum_name(&e.status))
}

/// Graphviz DOT: `digraph flows { "nvidia" [label="Nvidia"]; "nvidia" -> "openai" [...] }`.
pub fn flows_dot(out: &mut dyn Write, edges: &[&FlowEdge]) -> Result<()> {
    let mut s = String::from("digraph flows {\n  rankdir=LR;\n  node [shape=ellipse];\n");
    for (id, name, _) in nodes(edges) {
        s.push_str(&format!(
            "  {} [label={}];\n",
            dot_quote(&id),
            dot_quote(&name)
        ));
    }
    for e in edges {
        let style = if e.status.is_tentative() {
            "dashed"
        } else {
            "solid"
        };
        s.push_str(&format!(
            "  {} -> {} [label={}, style={style}, kind={}, id={}];\n",
            dot_quote(&e.payer),
            dot_quote(&e.payee),
            dot_quote(&edge_label(e)),
            dot_quote(&enum_name(&e.kind)),
            dot_quote(&e.id),
        ));
    }
    s.push_str("}\n");
    out.write_all(s.as_bytes()).map_err(io_err)
}

/// XML text and attribute escaping.
fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// GraphML, with node `name` and edge `amount`, `currency`, `kind`, `status`, `label` keys.
pub fn flows_graphml(out: &mut dyn Write, edges: &[&FlowEdge]) -> Result<()> {
    let mut s = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n",
        "  <key id=\"name\" for=\"node\" attr.name=\"name\" attr.type=\"string\"/>\n",
        "  <key id=\"money\" for=\"node\" attr.name=\"money\" attr.type=\"double\"/>\n",
        "  <key id=\"amount\" for=\"edge\" attr.name=\"amount\" attr.type=\"double\"/>\n",
        "  <key id=\"currency\" for=\"edge\" attr.name=\"currency\" attr.type=\"string\"/>\n",
        "  <key id=\"kind\" for=\"edge\" attr.name=\"kind\" attr.type=\"string\"/>\n",
        "  <key id=\"status\" for=\"edge\" attr.name=\"status\" attr.type=\"string\"/>\n",
        "  <key id=\"label\" for=\"edge\" attr.name=\"label\" attr.type=\"string\"/>\n",
        "  <graph id=\"flows\" edgedefault=\"directed\">\n"
    ));
    for (id, name, money) in nodes(edges) {
        s.push_str(&format!(
            "    <node id=\"{}\"><data key=\"name\">{}</data><data key=\"money\">{money}</data></node>\n",
            xml_escape(&id),
            xml_escape(&name)
        ));
    }
    for e in edges {
        s.push_str(&format!(
            "    <edge id=\"{}\" source=\"{}\" target=\"{}\">",
            xml_escape(&e.id),
            xml_escape(&e.payer),
            xml_escape(&e.payee)
        ));
        if let Some(v) = e.value {
            s.push_str(&format!("<data key=\"amount\">{v}</data>"));
        }
        if let Some(c) = &e.currency {
            s.push_str(&format!("<data key=\"currency\">{}</data>", xml_escape(c)));
        }
        s.push_str(&format!(
            "<data key=\"kind\">{}</data><data key=\"status\">{}</data><data key=\"label\">{}</data></edge>\n",
            enum_name(&e.kind),
            enum_name(&e.status),
            xml_escape(&edge_label(e))
        ));
    }
    s.push_str("  </graph>\n</graphml>\n");
    out.write_all(s.as_bytes()).map_err(io_err)
}

/// An SVG drawing: companies as circles sized by the money through them, arrows labelled
/// with amount and status, dashed when tentative.
pub fn flows_svg(out: &mut dyn Write, edges: &[&FlowEdge]) -> Result<()> {
    let mut graph = VisualGraph::new(Orientation::TopToBottom);
    let nodes = nodes(edges);
    let most = nodes.iter().map(|n| n.2).fold(0.0_f64, f64::max);
    let mut handles = Vec::with_capacity(nodes.len());
    for (_, name, money) in &nodes {
        // Diameter 70–160 by the square root of the money through it.
        let share = if most > 0.0 {
            (money / most).sqrt()
        } else {
            0.0
        };
        let d = 70.0 + 90.0 * share;
        let width = d.max(name.chars().count() as f64 * 11.0 + 20.0);
        let fill = if *money > 0.0 { "lightyellow" } else { "white" };
        let look = StyleAttr::new(Color::fast("black"), 2, Some(Color::fast(fill)), 0, 15);
        let shape = ShapeKind::new_circle(name);
        let elem = Element::create(shape, look, Orientation::LeftToRight, Point::new(width, d));
        handles.push(graph.add_node(elem));
    }
    for e in edges {
        let index = |id: &str| nodes.iter().position(|n| n.0 == id);
        let (Some(a), Some(b)) = (index(&e.payer), index(&e.payee)) else {
            continue;
        };
        let (line, color) = if e.status.is_tentative() {
            (LineStyleKind::Dashed, "firebrick")
        } else {
            (LineStyleKind::Normal, "black")
        };
        let look = StyleAttr::new(Color::fast(color), 2, None, 0, 13);
        let arrow = Arrow::new(
            LineEndKind::None,
            LineEndKind::Arrow,
            line,
            &edge_label(e),
            &look,
            &None,
            &None,
        );
        graph.add_edge(arrow, handles[a], handles[b]);
    }
    let mut svg = SVGWriter::new();
    if !nodes.is_empty() {
        graph.do_it(false, false, false, &mut svg);
    }
    out.write_all(svg.finalize().as_bytes()).map_err(io_err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_strings_escape_quotes_backslashes_and_newlines() {
        assert_eq!(dot_quote(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(dot_quote("x\ny"), r#""x\ny""#);
    }

    #[test]
    fn xml_escapes_markup_and_drops_control_characters() {
        assert_eq!(
            xml_escape("R&D <Co> \"A\" 'B'\u{1}"),
            "R&amp;D &lt;Co&gt; &quot;A&quot; &apos;B&apos;"
        );
    }
}
