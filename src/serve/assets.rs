//! The embedded assets: the style sheet and htmx (0BSD, see THIRD-PARTY-NOTICES.md). No
//! CDN, no build step: both are in the binary.

use axum::http::header;
use axum::response::{IntoResponse, Response};

/// The style sheet of every page.
const STYLE_CSS: &str = include_str!("assets/style.css");

/// htmx 2.0.11, minified, as published on npm (`htmx.org`), with its licence line on top.
const HTMX_JS: &str = include_str!("assets/htmx.min.js");

/// Assets change only with the binary: a browser may keep them for an hour.
const CACHE: &str = "public, max-age=3600";

/// `/assets/style.css`.
pub fn css() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, CACHE),
        ],
        STYLE_CSS,
    )
        .into_response()
}

/// `/assets/htmx.min.js`.
pub fn htmx() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, CACHE),
        ],
        HTMX_JS,
    )
        .into_response()
}
