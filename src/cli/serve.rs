//! `claimdex serve`: open the store read-only and hand it to the library's web server.

use std::io::Write;
use std::net::SocketAddr;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use claimdex::check::CheckRules;
use claimdex::serve::Server;
use claimdex::{Dictionaries, Pipeline, Store};

use super::args::ServeArgs;

/// Bind, say where, warn about a non-loopback address, maybe open a browser, serve.
pub fn serve(
    dictionaries: &Dictionaries,
    store: &Path,
    args: &ServeArgs,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let pipeline = Pipeline::new(dictionaries)?;
    let store = Store::open(store, pipeline.tokenizer())?;
    let rules = CheckRules::from_dictionaries(dictionaries)?;
    let dir = store.dir().display().to_string();
    let server = Server::bind(
        store,
        pipeline,
        rules,
        SocketAddr::new(args.bind, args.port),
    )?;
    let addr = server.local_addr()?;
    if !args.bind.is_loopback() {
        eprintln!(
            "claimdex: warning: listening on {addr}: anyone who can reach this address can read the whole store; there is no authentication"
        );
    }
    // Browsers cannot open 0.0.0.0 or [::]: the page is at localhost then.
    let host = if args.bind.is_unspecified() {
        format!("localhost:{}", addr.port())
    } else {
        addr.to_string()
    };
    let url = format!("http://{host}/");
    writeln!(out, "claimdex: serving {dir} at {url} (Ctrl-C stops)")?;
    out.flush()?;
    if args.open {
        open_browser(&url);
    }
    server.run()?;
    Ok(ExitCode::SUCCESS)
}

/// Ask the desktop to open `url`; a failure is a warning, the server runs on.
fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    if let Err(e) = command.arg(url).spawn() {
        eprintln!("claimdex: warning: cannot open a browser ({e}); open {url} yourself");
    }
}
