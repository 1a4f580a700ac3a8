//! `/entity/ID`: an entity across the store, and the extension point for record kinds
//! about entities (`entity_lists`).

use axum::http::StatusCode;

use crate::query::show::EntityView;
use crate::record::Claim;

use super::*;
use crate::serve::Answer;
use crate::serve::params::{Failure, Params, encode};
use crate::serve::state::{Snapshot, State};
use crate::serve::views::{EntityPage, Link, RecordList, Row, html};

/// `/entity/ID`: the entity's claims, figures and checks.
pub fn entity(state: &State, params: &Params, id: &str) -> Answer {
    params.only(&[])?;
    let snapshot = state.snapshot()?;
    let def = state.pipeline.gazetteer().lookup(id);
    let entity_id = def.map_or(id.to_string(), |d| d.id.clone());
    let view = EntityView::collect(&entity_id, def, &snapshot.datasets).ok_or_else(|| {
        Failure::not_found(format!("no entity {id:?} in the gazetteer or the store"))
    })?;
    let mut fields = vec![("type".to_string(), view.entity.kind.as_str().to_string())];
    if let Some(t) = &view.ticker {
        fields.push(("ticker".into(), t.clone()));
    }
    if !view.entity.aliases.is_empty() {
        fields.push(("aliases".into(), view.entity.aliases.join(", ")));
    }
    if let Some(n) = &view.note {
        fields.push(("note".into(), n.clone()));
    }
    fields.push(("mentions".into(), view.mentions.to_string()));
    let name = view.entity.name.clone();
    let filtered = vec![
        Link {
            href: format!("/?q={}&company={}", encode(&name), encode(&entity_id)),
            label: format!("search {name}"),
        },
        Link {
            href: format!("/claims?company={}", encode(&entity_id)),
            label: "claims about it".into(),
        },
        Link {
            href: format!("/claims?by={}", encode(&entity_id)),
            label: "claims it holds".into(),
        },
        Link {
            href: format!("/figures?company={}", encode(&entity_id)),
            label: "figure table".into(),
        },
    ];
    let page = EntityPage {
        layout: layout(state, ""),
        id: entity_id.clone(),
        name,
        fields,
        transcripts: transcript_links(&snapshot, &view.transcripts),
        lists: entity_lists(&snapshot, &entity_id, &view),
        filtered,
        api: format!("/api/entity/{}", encode(&entity_id)),
    };
    Ok(html(StatusCode::OK, &page))
}

fn transcript_links(snapshot: &Snapshot, ids: &[&str]) -> Vec<Link> {
    ids.iter()
        .map(|tid| Link {
            href: record_href(tid),
            label: snapshot
                .datasets
                .iter()
                .find(|d| d.transcript.id == *tid)
                .map_or_else(|| (*tid).to_string(), |d| d.transcript.title.clone()),
        })
        .collect()
}

/// The record lists of an entity page, in order. The extension point for record kinds
/// that are about entities: a new kind (money flows, …) adds its list here, built from
/// the snapshot like the checks below, and the page shows it with no other change.
fn entity_lists(snapshot: &Snapshot, id: &str, view: &EntityView<'_>) -> Vec<RecordList> {
    let claim = |c: &Claim, tid: &str| Row {
        href: record_href(&c.id),
        id: c.id.clone(),
        badge: c.kind.as_str().to_string(),
        text: c.text.clone(),
        meta: sentence_meta(snapshot_sentence(snapshot, tid, &c.sentence_id)),
    };
    let mut lists = vec![
        RecordList {
            title: "Claims about it".into(),
            rows: view
                .claims_about
                .iter()
                .map(|c| claim(c.record, c.transcript_id))
                .collect(),
        },
        RecordList {
            title: "Claims it holds".into(),
            rows: view
                .claims_by
                .iter()
                .map(|c| claim(c.record, c.transcript_id))
                .collect(),
        },
        RecordList {
            title: "Figures".into(),
            rows: view.figures.iter().map(|f| figure_item(f.record)).collect(),
        },
    ];
    let checks: Vec<Row> = snapshot
        .datasets
        .iter()
        .flat_map(|d| &d.checks)
        .chain(&snapshot.conflicts)
        .filter(|k| k.entities.iter().any(|e| e == id))
        .map(check_item)
        .collect();
    if !checks.is_empty() {
        lists.push(RecordList {
            title: "Arithmetic checks".into(),
            rows: checks,
        });
    }
    let flows = flow_rows(snapshot, id);
    if !flows.is_empty() {
        lists.push(RecordList {
            title: "Money flows in and out".into(),
            rows: flows,
        });
    }
    lists
}

/// The flows an entity pays or receives, as `show ENTITY` lists them.
fn flow_rows(snapshot: &Snapshot, id: &str) -> Vec<Row> {
    let mut rows = Vec::new();
    for d in &snapshot.datasets {
        for f in &d.flows {
            let (out, inn) = (f.payer.as_deref() == Some(id), f.payee == id);
            if !out && !inn {
                continue;
            }
            let amount = f.amount_text();
            rows.push(Row {
                href: record_href(&f.id),
                id: f.id.clone(),
                badge: if out { "pays" } else { "receives" }.to_string(),
                text: format!(
                    "{} → {} · {amount} · {} · {}",
                    f.payer_key(),
                    f.payee,
                    crate::export::enum_name(&f.kind),
                    crate::export::enum_name(&f.status)
                ),
                meta: sentence_meta(snapshot_sentence(
                    snapshot,
                    &d.transcript.id,
                    &f.sentence_id,
                )),
            });
        }
    }
    rows
}
