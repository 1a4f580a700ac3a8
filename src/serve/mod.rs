//! `claimdex serve`: the store as a small web application on this machine.
//!
//! The top of the stack, beside the command line: it reads through `store`, `query`,
//! `export` and `check` exactly as the commands do (so `/api/search` answers the bytes of
//! `search --format json` and `/figures.csv` those of `figures --format csv`), and nothing
//! imports it. axum serves HTTP/1 on a small tokio runtime; askama renders the pages
//! (every value HTML-escaped); the CSS and the one script (htmx, for the search box's
//! partial updates) are embedded in the binary. The server is read-only: it opens the
//! store as a reader and looks at the last commit before each request, so an `index`
//! running beside it shows up commit by commit.
//!
//! Routes (parameters named like the command-line flags):
//! - `/` search (`q`, `company`, `by`, `speaker`, `kind`, `currency`, `transcript`,
//!   `min_value`, `max_value`, `limit`);
//! - `/claims` (`company`, `by`, `kind`, `polarity`, `offset`, `limit`);
//! - `/figures` (`company`, `currency`, `kind`, `sort`, `dir`, `offset`, `limit`) and
//!   `/figures.csv` (`company`, `currency`, `kind`);
//! - `/entities`, `/entity/ID`, `/record/ID` (any id; a transcript id shows the whole text);
//! - `/api/search`, `/api/claims`, `/api/figures`, `/api/entities`, `/api/entity/ID`,
//!   `/api/record/ID`: the JSON the matching command prints with `--format json`.

mod api;
mod assets;
mod pages;
mod params;
mod state;
mod views;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, Query, Request, State as AxumState};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::check::CheckRules;
use crate::{Error, Pipeline, Result, Store};
pub use params::{MAX_LIMIT, MAX_LIST_LIMIT, MAX_QUERY_CHARS, MAX_VALUE_CHARS};
use state::State;

/// The Content-Security-Policy of every answer: only this server's own script and style,
/// so even a value that escaped escaping could not run.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
                   form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// A bound, not yet running, server.
pub struct Server {
    listener: std::net::TcpListener,
    state: Arc<State>,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("addr", &self.listener.local_addr().ok())
            .finish()
    }
}

impl Server {
    /// Bind `addr` (port 0 picks a free port: see [`Server::local_addr`]) to serve `store`,
    /// resolving names with `pipeline`'s gazetteer and finding conflicts with `rules`.
    pub fn bind(
        store: Store,
        pipeline: Pipeline,
        rules: CheckRules,
        addr: SocketAddr,
    ) -> Result<Self> {
        let listener = std::net::TcpListener::bind(addr)
            .map_err(|e| Error::io(format!("cannot listen on {addr}"), e))?;
        Ok(Server {
            listener,
            state: Arc::new(State::new(store, pipeline, rules, addr.ip().is_loopback())),
        })
    }

    /// The address the server listens on.
    pub fn local_addr(&self) -> Result<SocketAddr> {
        self.listener
            .local_addr()
            .map_err(|e| Error::io("<listener>", e))
    }

    /// Serve until the process ends. Builds its own runtime: call it from a plain thread.
    pub fn run(self) -> Result<()> {
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 4));
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(threads)
            .enable_io()
            .build()
            .map_err(|e| Error::io("<runtime>", e))?;
        let app = router(self.state);
        let listener = self.listener;
        runtime.block_on(async move {
            listener
                .set_nonblocking(true)
                .map_err(|e| Error::io("<listener>", e))?;
            let listener = tokio::net::TcpListener::from_std(listener)
                .map_err(|e| Error::io("<listener>", e))?;
            axum::serve(listener, app)
                .await
                .map_err(|e| Error::io("<server>", e))
        })
    }
}

/// Every route.
fn router(state: Arc<State>) -> Router {
    Router::new()
        .route("/", get(|s: Shared, q: Pairs| page(s, q, pages::search)))
        .route(
            "/claims",
            get(|s: Shared, q: Pairs| page(s, q, pages::claims)),
        )
        .route(
            "/figures",
            get(|s: Shared, q: Pairs| page(s, q, pages::figures)),
        )
        .route(
            "/figures.csv",
            get(|s: Shared, q: Pairs| page(s, q, api::figures_csv)),
        )
        .route(
            "/entities",
            get(|s: Shared, q: Pairs| page(s, q, pages::entities)),
        )
        .route(
            "/entity/{id}",
            get(|s: Shared, p: Path<String>, q: Pairs| with_id(s, p, q, pages::entity)),
        )
        .route(
            "/record/{id}",
            get(|s: Shared, p: Path<String>, q: Pairs| with_id(s, p, q, pages::record)),
        )
        .route(
            "/api/search",
            get(|s: Shared, q: Pairs| page(s, q, api::search)),
        )
        .route(
            "/api/claims",
            get(|s: Shared, q: Pairs| page(s, q, api::claims)),
        )
        .route(
            "/api/figures",
            get(|s: Shared, q: Pairs| page(s, q, api::figures)),
        )
        .route(
            "/api/entities",
            get(|s: Shared, q: Pairs| page(s, q, api::entities)),
        )
        .route(
            "/api/entity/{id}",
            get(|s: Shared, p: Path<String>, q: Pairs| with_id(s, p, q, api::entity)),
        )
        .route(
            "/api/record/{id}",
            get(|s: Shared, p: Path<String>, q: Pairs| with_id(s, p, q, api::record)),
        )
        .route("/assets/style.css", get(|| async { assets::css() }))
        .route("/assets/htmx.min.js", get(|| async { assets::htmx() }))
        .fallback(|| async { pages::not_found() })
        .layer(middleware::from_fn_with_state(state.clone(), guard))
        .with_state(state)
}

/// The query string as name/value pairs, decoded; axum cannot fail on these.
type Pairs = Query<Vec<(String, String)>>;

/// The shared state as handlers receive it.
type Shared = AxumState<Arc<State>>;

/// What a handler gives: an answer, or a failure with its status.
type Answer = std::result::Result<Response, params::Failure>;

/// A page or API handler: the state and the decoded query string.
type PageFn = fn(&State, &params::Params) -> Answer;

/// A handler of a route with an id in its path.
type IdFn = fn(&State, &params::Params, &str) -> Answer;

async fn page(AxumState(state): Shared, Query(pairs): Pairs, handler: PageFn) -> Response {
    blocking(state, move |s| handler(s, &params::Params::new(pairs))).await
}

async fn with_id(
    AxumState(state): Shared,
    Path(id): Path<String>,
    Query(pairs): Pairs,
    handler: IdFn,
) -> Response {
    blocking(state, move |s| handler(s, &params::Params::new(pairs), &id)).await
}

/// Run a handler off the async threads (searching and rendering are CPU work), after
/// looking at the store's last commit.
async fn blocking(
    state: Arc<State>,
    work: impl FnOnce(&State) -> Answer + Send + 'static,
) -> Response {
    let joined = tokio::task::spawn_blocking(move || {
        state.refresh()?;
        work(&state)
    })
    .await;
    match joined {
        Ok(Ok(response)) => response,
        Ok(Err(failure)) => failure.into_response(),
        Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response(),
    }
}

/// Refuse a request whose Host is not this machine when listening on loopback (a web page
/// elsewhere cannot read the store through DNS rebinding), and set the security headers
/// on every answer.
async fn guard(AxumState(state): Shared, request: Request, next: Next) -> Response {
    if state.loopback_only {
        let host = request
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("");
        if !params::is_local_host(host) {
            return (StatusCode::FORBIDDEN, "claimdex serve: this server answers only on this machine (Host must be localhost or a loopback address)\n").into_response();
        }
    }
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}
