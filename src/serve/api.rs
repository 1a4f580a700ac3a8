//! `/api/…` and `/figures.csv`: the bytes the matching command prints, written by the
//! same library functions (`export::write_search_json`, `write_list`, `write_json`,
//! `figures_csv`).

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::export;
use crate::query::show::{EntityView, RecordView, entity_counts};
use crate::record::{IdKind, SCHEMA};
use crate::store::search::search as run_search;

use super::Answer;
use super::pages::{claim_filter, figure_filter, search_input};
use super::params::{Failure, Params};
use super::state::State;

/// A finished body with its content type.
fn body(content_type: &'static str, bytes: Vec<u8>) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, content_type)],
        bytes,
    )
        .into_response()
}

const JSON: &str = "application/json; charset=utf-8";

/// Write with a library writer into memory, as a JSON answer.
fn json_with(write: impl FnOnce(&mut Vec<u8>) -> crate::Result<()>) -> Answer {
    let mut out = Vec::new();
    write(&mut out).map_err(|e| Failure::from(e).in_json())?;
    Ok(body(JSON, out))
}

/// `/api/search?q=…`: what `search --format json` prints for the same flags.
pub fn search(state: &State, params: &Params) -> Answer {
    let (_, request) = search_input(state, params).map_err(Failure::in_json)?;
    let request = request.ok_or_else(|| {
        Failure::bad("parameter \"q\" (the words to search) is required").in_json()
    })?;
    let hits = run_search(&state.store, &request).map_err(|e| Failure::from(e).in_json())?;
    json_with(|out| export::write_search_json(out, &request.query, &hits))
}

/// `/api/claims`: `claims --format json`. (`offset` and `limit` are not taken here: the
/// answer is the whole list, as the command prints it.)
pub fn claims(state: &State, params: &Params) -> Answer {
    reject_paging(params)?;
    let filter = claim_filter(state, params).map_err(Failure::in_json)?;
    let snapshot = state.snapshot().map_err(Failure::in_json)?;
    // As `claims --format json` writes them: each with its transcript id.
    let claims: Vec<_> = filter
        .select(&snapshot.datasets)
        .iter()
        .map(|(d, c)| export::InTranscript::new(d, *c))
        .collect();
    let claims: Vec<_> = claims.iter().collect();
    json_with(|out| export::write_list(out, false, "claim", "claims", &claims))
}

/// `/api/figures`: `figures --format json`.
pub fn figures(state: &State, params: &Params) -> Answer {
    reject_paging(params)?;
    let filter = figure_filter(state, params).map_err(Failure::in_json)?;
    let snapshot = state.snapshot().map_err(Failure::in_json)?;
    let figures: Vec<_> = filter
        .select(&snapshot.datasets)
        .iter()
        .map(|(d, f)| export::InTranscript::new(d, *f))
        .collect();
    let figures: Vec<_> = figures.iter().collect();
    json_with(|out| export::write_list(out, false, "figure", "figures", &figures))
}

/// `/figures.csv`: `figures --format csv`, byte for byte, as a download.
pub fn figures_csv(state: &State, params: &Params) -> Answer {
    reject_paging(params)?;
    let filter = figure_filter(state, params)?;
    let snapshot = state.snapshot()?;
    let mut out = Vec::new();
    export::figures_csv(&mut out, filter.select(&snapshot.datasets))?;
    Ok((
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"claimdex-figures.csv\"",
            ),
        ],
        out,
    )
        .into_response())
}

/// The machine-readable lists are whole, like the commands' output; sorting and paging
/// belong to the HTML table.
fn reject_paging(params: &Params) -> Result<(), Failure> {
    for name in ["sort", "dir", "offset", "limit"] {
        if !params.all(name).is_empty() {
            return Err(Failure::bad(format!(
                "parameter {name:?} belongs to the HTML pages; this answer is the whole list, as the command prints it"
            )));
        }
    }
    Ok(())
}

/// `/api/entities`: `entities --format json`.
pub fn entities(state: &State, params: &Params) -> Answer {
    params.only(&[]).map_err(Failure::in_json)?;
    let snapshot = state.snapshot().map_err(Failure::in_json)?;
    let counts = entity_counts(&snapshot.datasets);
    json_with(|out| {
        export::write_json(
            out,
            &serde_json::json!({"schema": SCHEMA, "entities": counts}),
        )
    })
}

/// `/api/entity/ID`: `show ID --format json` for an entity.
pub fn entity(state: &State, params: &Params, id: &str) -> Answer {
    params.only(&[]).map_err(Failure::in_json)?;
    let snapshot = state.snapshot().map_err(Failure::in_json)?;
    let def = state.pipeline.gazetteer().lookup(id);
    let entity_id = def.map_or(id.to_string(), |d| d.id.clone());
    let view = EntityView::collect(&entity_id, def, &snapshot.datasets).ok_or_else(|| {
        Failure::not_found(format!("no entity {id:?} in the gazetteer or the store")).in_json()
    })?;
    json_with(|out| export::write_json(out, &view))
}

/// `/api/record/ID`: `show ID --format json`, for any id.
pub fn record(state: &State, params: &Params, id: &str) -> Answer {
    params.only(&[]).map_err(Failure::in_json)?;
    let (kind, tid) = IdKind::of(id);
    if kind == IdKind::Entity {
        return entity(state, params, id);
    }
    let not_found = || Failure::not_found(format!("no record {id:?} in the store")).in_json();
    let snapshot = state.snapshot().map_err(Failure::in_json)?;
    if kind == IdKind::Conflict {
        let found = snapshot
            .conflicts
            .iter()
            .find(|k| k.id == id)
            .ok_or_else(not_found)?;
        return json_with(|out| export::write_json(out, found));
    }
    let dataset = snapshot
        .datasets
        .iter()
        .find(|d| d.transcript.id == tid.unwrap_or(id))
        .ok_or_else(not_found)?;
    let view = RecordView::collect(dataset, id, kind).ok_or_else(not_found)?;
    json_with(|out| export::write_json(out, &view))
}
