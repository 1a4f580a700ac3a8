#!/usr/bin/env bash
# The real-browser check of `claimdex serve`: index the corpus and a hostile transcript
# into a scratch store, start the server on a free port, load pages in headless Chromium,
# check the rendered DOM (hits with highlighted snippets, markup from the transcript shown
# as text), and save screenshots.
#
#   scripts/browser-check.sh [OUT_DIR]      screenshots go to OUT_DIR (default
#                                           target/browser-check)
#
# Chromium: `chromium` (Debian), `chromium-browser` or `google-chrome` on PATH, or
# $CHROMIUM. If none is found and we are root with apt-get, it installs Debian's
# `chromium` and `fonts-noto-cjk` (Japanese glyphs for the screenshots).
# With BROWSER_CHECK_OPTIONAL=1 (what .ci/run sets), a browser that cannot be found or
# installed (no apt, no network) skips the check with a message and exit 0; a check that
# runs and fails always fails.
#
# Needs python3 (URL encoding, reading the search API). Builds the debug binary with cargo
# unless $CLAIMDEX names one.
set -euo pipefail
cd "$(dirname "$0")/.."

out_dir=${1:-target/browser-check}
optional=${BROWSER_CHECK_OPTIONAL:-0}

skip() {
    echo "browser-check: skipped: $*" >&2
    if [[ $optional == 1 ]]; then exit 0; fi
    exit 1
}

find_chromium() {
    if [[ -n ${CHROMIUM:-} ]]; then
        if [[ -x $CHROMIUM ]]; then echo "$CHROMIUM"; return 0; fi
        echo "browser-check: CHROMIUM=$CHROMIUM is not an executable" >&2
        return 1
    fi
    for name in chromium chromium-browser google-chrome google-chrome-stable; do
        if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return 0; fi
    done
    return 1
}

if ! browser=$(find_chromium); then
    if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
        echo "browser-check: installing chromium from Debian's packages" >&2
        if ! { timeout 300 apt-get update -q >/dev/null 2>&1 &&
            DEBIAN_FRONTEND=noninteractive timeout 900 apt-get install -y -q --no-install-recommends \
                chromium fonts-noto-cjk >/dev/null 2>&1; }; then
            skip "chromium is not installed and apt-get could not install it (no network?)"
        fi
        browser=$(find_chromium) || skip "apt-get ran but no chromium binary was found"
    else
        skip "no chromium on PATH (install Debian's chromium, or set CHROMIUM)"
    fi
fi
echo "browser-check: using $browser ($("$browser" --version 2>/dev/null || echo '?'))"

scripts/offline-dictionary.sh >/dev/null
if [[ -z ${CLAIMDEX:-} ]]; then
    cargo build --quiet --bin claimdex
    CLAIMDEX="${CARGO_TARGET_DIR:-target}/debug/claimdex"
fi

work=$(mktemp -d)
server_pid=""
cleanup() {
    if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

store="$work/store"
"$CLAIMDEX" --store "$store" index corpus/ >/dev/null
"$CLAIMDEX" --store "$store" index - --title "<script>alert('title')</script> hostile" \
    <tests/fixtures/serve/hostile.txt >/dev/null

"$CLAIMDEX" --store "$store" serve --port 0 >"$work/serve.out" 2>"$work/serve.err" &
server_pid=$!
url=""
for _ in $(seq 1 100); do
    url=$(grep -o 'http://[^ ]*' "$work/serve.out" 2>/dev/null || true)
    [[ -n $url ]] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.err" >&2; exit 1; }
    sleep 0.2
done
[[ -n $url ]] || { echo "browser-check: the server printed no address" >&2; exit 1; }
url=${url%/}
echo "browser-check: server at $url"

chrome() {
    timeout 90 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --disable-dev-shm-usage --hide-scrollbars --user-data-dir="$work/profile-$RANDOM" \
        "$@" 2>>"$work/chromium.log"
}

fail() {
    echo "browser-check: FAILED: $*" >&2
    exit 1
}

# A search as typed in the box: the URL the form submits.
q=$(python3 -c 'import urllib.parse,sys; print(urllib.parse.quote(sys.argv[1]))' "資金")
dom=$(chrome --dump-dom "$url/?q=$q&company=Oracle")
grep -q '<mark>資金</mark>' <<<"$dom" || fail "no highlighted hit in the search page"
grep -q 'Oracleは<mark>資金</mark>が枯渇' <<<"$dom" || fail "the Oracle sentence is not among the hits"
grep -q 'class="kind claim"' <<<"$dom" || fail "no claim hit"

# The hostile transcript: its markup must be text in the rendered DOM, not elements.
q=$(python3 -c 'import urllib.parse,sys; print(urllib.parse.quote(sys.argv[1]))' "文字列")
dom=$(chrome --dump-dom "$url/?q=$q")
grep -q '&lt;script&gt;alert' <<<"$dom" || fail "the hostile sentence is not shown as text"
if grep -q '<script>alert' <<<"$dom"; then fail "a script element from the transcript"; fi
q=$(python3 -c 'import urllib.parse,sys; print(urllib.parse.quote(sys.argv[1]))' "罠")
dom=$(chrome --dump-dom "$url/?q=$q")
if grep -q '<img src="x"' <<<"$dom"; then fail "an img element from the transcript"; fi

# A record page, found from the search API.
record=$(python3 -c 'import json,sys,urllib.request
print(json.load(urllib.request.urlopen(sys.argv[1]))["hits"][0]["id"])' \
    "$url/api/search?q=%E8%B3%87%E9%87%91&kind=claim&limit=1")
dom=$(chrome --dump-dom "$url/record/$record")
grep -q "$record" <<<"$dom" || fail "the record page does not show its id"

mkdir -p "$out_dir"
shoot() {
    local name=$1 path=$2 height=${3:-1000}
    chrome --window-size=1280,"$height" --screenshot="$out_dir/$name.png" "$url$path" >/dev/null
    [[ -s "$out_dir/$name.png" ]] || fail "no screenshot $name"
    echo "browser-check: $out_dir/$name.png  ($path)"
}
q=$(python3 -c 'import urllib.parse,sys; print(urllib.parse.quote(sys.argv[1]))' "資金")
shoot search "/?q=$q&company=Oracle"
shoot record "/record/$record"
shoot figures "/figures?currency=USD&sort=value&dir=desc"
shoot entity "/entity/oracle"
shoot hostile "/?q=$(python3 -c 'import urllib.parse; print(urllib.parse.quote("文字列"))')" 700
echo "browser-check: ok"
