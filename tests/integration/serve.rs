//! `claimdex serve` over HTTP: the server started on a free port over a store holding the
//! corpus and a hostile transcript, every route queried with a real HTTP client (ureq).

use std::io::BufRead;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use assert_cmd::Command;
use claimdex::check::CheckRules;
use claimdex::serve::Server;
use claimdex::{Dictionaries, Pipeline, Store};

use super::corpus_path;

/// The title the hostile transcript is indexed under: markup too.
const HOSTILE_TITLE: &str = "<script>alert('title')</script> 罠";

fn claimdex(store: &Path) -> Command {
    let mut cmd = Command::cargo_bin("claimdex").unwrap();
    cmd.env("CLAIMDEX_STORE", store).env("NO_COLOR", "1");
    cmd
}

fn hostile_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve/hostile.txt")
}

/// Start a server over `store` on a free loopback port, in a thread of this process.
fn start(store: &Path) -> SocketAddr {
    let dictionaries = Dictionaries::builtin();
    let pipeline = Pipeline::new(&dictionaries).unwrap();
    let store = Store::open(store, pipeline.tokenizer()).unwrap();
    let rules = CheckRules::from_dictionaries(&dictionaries).unwrap();
    let server = Server::bind(store, pipeline, rules, "127.0.0.1:0".parse().unwrap()).unwrap();
    let addr = server.local_addr().unwrap();
    std::thread::spawn(move || server.run());
    addr
}

/// One store (corpus + hostile transcript, indexed by the command) and one server over
/// it, shared by the tests of this module.
fn shared() -> &'static (PathBuf, SocketAddr) {
    static S: OnceLock<(PathBuf, SocketAddr)> = OnceLock::new();
    S.get_or_init(|| {
        let store = tempfile::tempdir().unwrap().keep().join("store");
        claimdex(&store)
            .arg("index")
            .arg(corpus_path())
            .assert()
            .success();
        claimdex(&store)
            .args(["index", "-", "--title", HOSTILE_TITLE])
            .pipe_stdin(hostile_path())
            .unwrap()
            .assert()
            .success();
        let addr = start(&store);
        (store, addr)
    })
}

struct Answer {
    status: u16,
    content_type: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("UTF-8 body")
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into()
}

/// GET `path_and_query` (already percent-encoded) from the server at `addr`.
fn get_from(addr: SocketAddr, path_and_query: &str) -> Answer {
    let mut response = agent()
        .get(format!("http://{addr}{path_and_query}"))
        .call()
        .unwrap();
    let headers = response
        .headers()
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string()))
        .collect::<Vec<_>>();
    Answer {
        status: response.status().as_u16(),
        content_type: response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string(),
        headers,
        body: response.body_mut().read_to_vec().unwrap(),
    }
}

fn get(path_and_query: &str) -> Answer {
    get_from(shared().1, path_and_query)
}

/// Percent-encode a query value.
fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn cli_stdout(args: &[&str]) -> Vec<u8> {
    claimdex(&shared().0)
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone()
}

fn search_json(query: &str) -> serde_json::Value {
    let a = get(&format!("/api/search?q={}", enc(query)));
    assert_eq!(a.status, 200, "{}", a.text());
    serde_json::from_slice(&a.body).unwrap()
}

fn first_hit_id(query: &str, kind: &str) -> String {
    let json = search_json(query);
    json["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["kind"] == kind)
        .and_then(|h| h["id"].as_str())
        .unwrap_or_else(|| panic!("a {kind} hit for {query}"))
        .to_string()
}

#[test]
fn every_page_answers_with_its_content() {
    let search = get(&format!("/?q={}&company=Oracle", enc("資金")));
    assert_eq!(search.status, 200);
    assert!(search.content_type.starts_with("text/html; charset=utf-8"));
    let page = search.text();
    assert!(page.contains("<mark>資金</mark>"), "highlighted snippet");
    assert!(
        page.contains("Oracleは<mark>資金</mark>が枯渇"),
        "the Oracle sentence is a hit"
    );
    assert!(page.contains("href=\"/entity/oracle\""), "links its entity");
    assert!(page.contains("/assets/htmx.min.js"), "the one script");

    let empty = get("/");
    assert_eq!(empty.status, 200);
    assert!(empty.text().contains("name=\"q\""), "a search box");

    let claims = get("/claims?company=Oracle");
    assert_eq!(claims.status, 200);
    assert!(claims.text().contains("Claims 1–"), "{}", claims.text());

    let figures = get("/figures?sort=value&dir=desc");
    assert_eq!(figures.status, 200);
    let figures = figures.text();
    assert!(
        figures.contains("class=\"sorted desc\""),
        "sorted column marked"
    );
    assert!(figures.contains("Download CSV"));

    let entities = get("/entities");
    assert_eq!(entities.status, 200);
    assert!(entities.text().contains("href=\"/entity/oracle\""));

    let entity = get("/entity/oracle");
    assert_eq!(entity.status, 200);
    let entity = entity.text();
    assert!(entity.contains("Claims about it"));
    assert!(entity.contains("Figures ("));
    // OpenAI's contract with Oracle (3000億ドル over five years) is a flow into Oracle.
    assert!(
        entity.contains("Money flows in and out"),
        "the entity's flows"
    );
    assert!(entity.contains("receives"), "a flow into Oracle");

    let css = get("/assets/style.css");
    assert_eq!(css.status, 200);
    assert!(css.content_type.starts_with("text/css"));
    assert!(
        css.text().contains("Noto Sans CJK JP"),
        "Japanese font fallbacks"
    );
    let js = get("/assets/htmx.min.js");
    assert_eq!(js.status, 200);
    assert!(js.text().starts_with("/*! htmx"), "licence line kept");
}

#[test]
fn record_pages_follow_links_both_ways() {
    let claim = first_hit_id("資金", "claim");
    let page = get(&format!("/record/{claim}"));
    assert_eq!(page.status, 200);
    let page = page.text();
    assert!(page.contains(&claim));
    let transcript = claim.split('-').next().unwrap();
    // The sentence in context: the transcript page at the sentence's anchor.
    assert!(page.contains(&format!("href=\"/record/{transcript}#{transcript}-s")));

    // A figure page lists the claims it is part of; the transcript page has every
    // sentence as an anchor, with speakers.
    let json = search_json("資金");
    let figure = json["hits"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|h| h["figures"].as_array().unwrap())
        .filter_map(|f| f.as_str())
        .next()
        .expect("a hit with a figure")
        .to_string();
    let figure_page = get(&format!("/record/{figure}")).text();
    assert!(figure_page.contains("<h2>Claims ("), "figure → claims");

    let whole = get(&format!("/record/{transcript}"));
    assert_eq!(whole.status, 200);
    let whole = whole.text();
    assert!(whole.contains(&format!("id=\"{transcript}-s0001\"")));

    // An entity id goes to the entity page.
    let redirect = get("/record/oracle");
    assert_eq!(redirect.status, 303);
    assert_eq!(redirect.header("location"), Some("/entity/oracle"));
}

#[test]
fn api_answers_the_bytes_the_commands_print() {
    let api = get(&format!("/api/search?q={}&company=Oracle", enc("資金")));
    assert_eq!(api.status, 200);
    assert!(api.content_type.starts_with("application/json"));
    let cli = cli_stdout(&["search", "資金", "--company", "Oracle", "--format", "json"]);
    assert_eq!(api.text(), String::from_utf8(cli).unwrap());

    let api = get(&format!(
        "/api/search?q={}&kind=figure&currency=usd&limit=5",
        enc("ドル")
    ));
    let cli = cli_stdout(&[
        "search",
        "ドル",
        "--kind",
        "figure",
        "--currency",
        "usd",
        "--limit",
        "5",
        "--format",
        "json",
    ]);
    assert_eq!(api.body, cli);

    let api = get("/api/claims?company=oracle&kind=assertion");
    let cli = cli_stdout(&[
        "claims",
        "--company",
        "oracle",
        "--kind",
        "assertion",
        "--format",
        "json",
    ]);
    assert_eq!(api.body, cli);

    let api = get("/api/figures?currency=USD");
    let cli = cli_stdout(&["figures", "--currency", "USD", "--format", "json"]);
    assert_eq!(api.body, cli);

    let claim = first_hit_id("資金", "claim");
    let api = get(&format!("/api/record/{claim}"));
    assert_eq!(api.body, cli_stdout(&["show", &claim, "--format", "json"]));
    let api = get("/api/entity/oracle");
    assert_eq!(
        api.body,
        cli_stdout(&["show", "oracle", "--format", "json"])
    );
    let api = get("/api/entities");
    assert_eq!(api.body, cli_stdout(&["entities", "--format", "json"]));
}

#[test]
fn the_csv_download_equals_figures_format_csv() {
    let all = get("/figures.csv");
    assert_eq!(all.status, 200);
    assert!(all.content_type.starts_with("text/csv"));
    assert!(
        all.header("content-disposition")
            .is_some_and(|d| d.starts_with("attachment")),
    );
    assert_eq!(all.body, cli_stdout(&["figures", "--format", "csv"]));
    assert!(all.body.len() > 1000, "the corpus has figures");

    let oracle = get("/figures.csv?company=Oracle&currency=USD&kind=money");
    assert_eq!(
        oracle.body,
        cli_stdout(&[
            "figures",
            "--company",
            "Oracle",
            "--currency",
            "USD",
            "--kind",
            "money",
            "--format",
            "csv"
        ])
    );
}

/// Whether `html` holds `raw` escaped as askama escapes (`<` as `&#60;`, `'` as `&#39;`).
fn escaped(html: &str, raw: &str) -> bool {
    let mut out = String::new();
    for c in raw.chars() {
        match c {
            '<' => out.push_str("&#60;"),
            '>' => out.push_str("&#62;"),
            '&' => out.push_str("&#38;"),
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    html.contains(&out)
}

#[test]
fn a_hostile_transcript_renders_as_text() {
    let pages = [
        format!("/?q={}", enc("文字列")),
        format!("/?q={}", enc("罠")),
        "/claims".to_string(),
        "/figures".to_string(),
        "/entity/oracle".to_string(),
    ];
    let hostile_tid = {
        let json = search_json("文字列");
        json["hits"][0]["transcript_id"]
            .as_str()
            .expect("the hostile transcript is found")
            .to_string()
    };
    let record_pages = [
        format!("/record/{hostile_tid}"),
        format!("/record/{hostile_tid}-s0001"),
        format!("/record/{hostile_tid}-s0002"),
    ];
    let mut seen_escaped = 0;
    for path in pages.iter().chain(&record_pages) {
        let a = get(path);
        assert_eq!(a.status, 200, "{path}");
        let html = a.text();
        for raw in ["<script>alert", "<img src=x", "<b>太字", "\"><img"] {
            assert!(!html.contains(raw), "{path} carries {raw:?} unescaped");
        }
        if escaped(&html, "<script>alert") || escaped(&html, "<img src=x") {
            seen_escaped += 1;
        }
        // Even if something slipped through, no inline script could run.
        let csp = a.header("content-security-policy").unwrap_or("");
        assert!(csp.contains("script-src 'self'"), "{path}: {csp}");
    }
    assert!(seen_escaped >= 3, "the markup is shown as text");
    let transcript = get(&format!("/record/{hostile_tid}")).text();
    assert!(escaped(&transcript, HOSTILE_TITLE), "the title escaped");
    assert!(
        transcript.contains("<span class=\"speaker\">ゲスト</span>"),
        "speakers shown"
    );
}

#[test]
fn bad_parameters_are_clear_400s() {
    let long = "あ".repeat(claimdex::serve::MAX_QUERY_CHARS + 1);
    let cases = [
        ("/?q=x&colour=red".to_string(), "unknown parameter"),
        (format!("/?q={}", enc(&long)), "at most 200"),
        ("/?q=x&limit=abc".to_string(), "whole number"),
        (
            "/?q=x&limit=100000".to_string(),
            "whole number from 0 to 100",
        ),
        ("/?q=x&currency=dollars".to_string(), "ISO 4217"),
        ("/?q=x&kind=bogus".to_string(), "claim, sentence or figure"),
        (
            "/?q=x&company=NoSuchCompanyAnywhere".to_string(),
            "no entity named",
        ),
        ("/?q=x&min_value=NaN".to_string(), "must be a number"),
        ("/?q=x&q=y".to_string(), "more than once"),
        ("/claims?kind=rumour".to_string(), "must be one of"),
        ("/figures?sort=colour".to_string(), "must be one of"),
        ("/figures?offset=-1".to_string(), "whole number"),
        ("/figures.csv?limit=5".to_string(), "whole list"),
    ];
    for (path, message) in &cases {
        let a = get(path);
        assert_eq!(a.status, 400, "{path}");
        assert!(a.content_type.starts_with("text/html"), "{path}");
        assert!(a.text().contains(message), "{path}: {}", a.text());
    }
    let api = get("/api/search");
    assert_eq!(api.status, 400);
    let json: serde_json::Value = serde_json::from_slice(&api.body).unwrap();
    assert!(json["error"].as_str().unwrap().contains("\"q\""));
    let api = get("/api/claims?by=NoSuchPerson");
    assert_eq!(api.status, 400);
    assert!(api.content_type.starts_with("application/json"));

    assert_eq!(get("/record/t0000000000000000-s0001").status, 404);
    assert_eq!(get("/api/record/t0000000000000000").status, 404);
    assert_eq!(get("/no/such/page").status, 404);
}

#[test]
fn requests_for_another_host_are_refused() {
    let addr = shared().1;
    let response = agent()
        .get(format!("http://{addr}/"))
        .header("Host", "attacker.example")
        .call()
        .unwrap();
    assert_eq!(response.status().as_u16(), 403);
    let ok = agent()
        .get(format!("http://{addr}/"))
        .header("Host", format!("localhost:{}", addr.port()))
        .call()
        .unwrap();
    assert_eq!(ok.status().as_u16(), 200);
}

#[test]
fn a_store_being_indexed_shows_its_last_commit() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("store");
    claimdex(&store)
        .args(["index", "-", "--title", "one"])
        .pipe_stdin(hostile_path())
        .unwrap()
        .assert()
        .success();
    // A writer holds the store's lock while the server opens it and answers.
    let pipeline = Pipeline::new(&Dictionaries::builtin()).unwrap();
    let writer_store = Store::open(&store, pipeline.tokenizer()).unwrap();
    let mut session = writer_store.begin().unwrap();
    let addr = start(&store);
    let count = |addr| -> usize {
        let a = get_from(addr, "/api/entities");
        assert_eq!(a.status, 200);
        let json: serde_json::Value = serde_json::from_slice(&a.body).unwrap();
        json["entities"].as_array().unwrap().len()
    };
    let before = count(addr);
    let corpus = super::corpus_dataset();
    session.add(corpus).unwrap();
    assert_eq!(count(addr), before, "nothing shows before the commit");
    session.commit().unwrap();
    assert!(count(addr) > before, "the commit shows at the next request");
    session.finish().unwrap();
}

#[test]
fn the_command_prints_its_address_and_warns_off_loopback() {
    let store = &shared().0;
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("claimdex"))
        .args(["serve", "--port", "0", "--bind", "0.0.0.0", "--store"])
        .arg(store)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("an address in {line:?}"))
        .to_string();
    let port: u16 = url
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let addr: SocketAddr = ([127, 0, 0, 1], port).into();
    let answer = get_from(addr, &format!("/?q={}", enc("資金")));
    child.kill().unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(answer.status, 200);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no authentication"), "{stderr}");
}
