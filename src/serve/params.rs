//! Query parameters, validated: known names only, bounded lengths and numbers, and a
//! clear 400 for anything else.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::views;

/// The longest search query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 200;

/// The longest name or other filter value accepted, in characters.
pub const MAX_VALUE_CHARS: usize = 100;

/// The most search hits one request may ask for.
pub const MAX_LIMIT: usize = 100;

/// The most claims or figures one list page may show.
pub const MAX_LIST_LIMIT: usize = 1000;

/// A request that cannot be answered: its status and a message for a person.
#[derive(Debug)]
pub struct Failure {
    /// 400, 404 or 500.
    pub status: StatusCode,
    /// What went wrong and what to do.
    pub message: String,
    /// Answer in JSON (`/api/…`) rather than an HTML page.
    pub json: bool,
}

impl Failure {
    /// A 400: the request's parameters are wrong.
    pub fn bad(message: impl Into<String>) -> Self {
        Failure {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
            json: false,
        }
    }

    /// A 404.
    pub fn not_found(message: impl Into<String>) -> Self {
        Failure {
            status: StatusCode::NOT_FOUND,
            message: message.into(),
            json: false,
        }
    }

    /// The same failure, answered as JSON.
    pub fn in_json(mut self) -> Self {
        self.json = true;
        self
    }
}

impl From<crate::Error> for Failure {
    fn from(e: crate::Error) -> Self {
        match e {
            crate::Error::NotFound(id) => {
                Failure::not_found(format!("no record {id:?} in the store"))
            }
            crate::Error::Query { query, message } => {
                Failure::bad(format!("cannot read the query {query:?}: {message}"))
            }
            e => Failure {
                status: StatusCode::INTERNAL_SERVER_ERROR,
                message: e.to_string(),
                json: false,
            },
        }
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        if self.json {
            let body = serde_json::json!({
                "error": self.message,
                "status": self.status.as_u16(),
            });
            return (
                self.status,
                [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
                body.to_string(),
            )
                .into_response();
        }
        views::error_page(self.status, &self.message)
    }
}

/// The decoded query string of one request.
#[derive(Debug)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    /// Wrap decoded `name=value` pairs.
    pub fn new(pairs: Vec<(String, String)>) -> Self {
        Params { pairs }
    }

    /// Refuse any parameter this route does not take, naming those it does.
    pub fn only(&self, known: &[&str]) -> Result<(), Failure> {
        match self
            .pairs
            .iter()
            .find(|(k, _)| !known.contains(&k.as_str()))
        {
            None => Ok(()),
            Some((k, _)) => Err(Failure::bad(format!(
                "unknown parameter {k:?}; this page takes: {}",
                known.join(", ")
            ))),
        }
    }

    /// Every value given for `name`, in order.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The one value of `name`, trimmed; empty counts as absent; longer than `max` chars,
    /// or given twice, is refused.
    pub fn text(&self, name: &str, max: usize) -> Result<Option<String>, Failure> {
        let values = self.all(name);
        if values.len() > 1 {
            return Err(Failure::bad(format!(
                "parameter {name:?} given more than once"
            )));
        }
        let Some(value) = values.first().map(|v| v.trim()) else {
            return Ok(None);
        };
        if value.is_empty() {
            return Ok(None);
        }
        let chars = value.chars().count();
        if chars > max {
            return Err(Failure::bad(format!(
                "parameter {name:?} is {chars} characters long; at most {max} are accepted"
            )));
        }
        if value.chars().any(char::is_control) {
            return Err(Failure::bad(format!(
                "parameter {name:?} contains control characters"
            )));
        }
        Ok(Some(value.to_string()))
    }

    /// A whole number in `0..=max`, or `default` when absent.
    pub fn count(&self, name: &str, default: usize, max: usize) -> Result<usize, Failure> {
        let Some(raw) = self.text(name, 20)? else {
            return Ok(default);
        };
        match raw.parse::<usize>() {
            Ok(n) if n <= max => Ok(n),
            _ => Err(Failure::bad(format!(
                "parameter {name:?} must be a whole number from 0 to {max}, not {raw:?}"
            ))),
        }
    }

    /// A finite number (`1e9`, `1000000000`), or None when absent.
    pub fn number(&self, name: &str) -> Result<Option<f64>, Failure> {
        let Some(raw) = self.text(name, 40)? else {
            return Ok(None);
        };
        match raw.parse::<f64>() {
            Ok(n) if n.is_finite() => Ok(Some(n)),
            _ => Err(Failure::bad(format!(
                "parameter {name:?} must be a number such as 1e9 or 1000000000, not {raw:?}"
            ))),
        }
    }

    /// A value that must be one of `choices` (serde names of an enum, or a fixed list).
    pub fn choice(&self, name: &str, choices: &[&str]) -> Result<Option<String>, Failure> {
        let Some(value) = self.text(name, MAX_VALUE_CHARS)? else {
            return Ok(None);
        };
        if choices.contains(&value.as_str()) {
            Ok(Some(value))
        } else {
            Err(Failure::bad(format!(
                "parameter {name:?} must be one of {}, not {value:?}",
                choices.join(", ")
            )))
        }
    }

    /// A currency code: three ASCII letters, upper-cased.
    pub fn currency(&self) -> Result<Option<String>, Failure> {
        let Some(value) = self.text("currency", MAX_VALUE_CHARS)? else {
            return Ok(None);
        };
        if value.len() == 3 && value.bytes().all(|b| b.is_ascii_alphabetic()) {
            Ok(Some(value.to_ascii_uppercase()))
        } else {
            Err(Failure::bad(format!(
                "parameter \"currency\" must be an ISO 4217 code of three letters (USD, JPY, …), not {value:?}"
            )))
        }
    }

    /// This query string with `name` set to `value` (or removed when None), for links.
    pub fn with(&self, name: &str, value: Option<&str>) -> String {
        let mut pairs: Vec<(&str, &str)> = self
            .pairs
            .iter()
            .filter(|(k, v)| k != name && !v.trim().is_empty())
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        if let Some(value) = value {
            pairs.push((name, value));
        }
        query_string(&pairs)
    }
}

/// `?a=b&c=d`, percent-encoded, or "" when there are no pairs.
pub fn query_string(pairs: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (i, (k, v)) in pairs.iter().enumerate() {
        out.push(if i == 0 { '?' } else { '&' });
        out.push_str(&encode(k));
        out.push('=');
        out.push_str(&encode(v));
    }
    out
}

/// Percent-encode a query-string component or a path segment (everything but the
/// unreserved characters).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Whether a Host header names this machine: `localhost`, a loopback address, with or
/// without a port.
pub fn is_local_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        // [::1]:8080
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(name, port)| {
            if port.bytes().all(|b| b.is_ascii_digit()) {
                name
            } else {
                host
            }
        })
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}
