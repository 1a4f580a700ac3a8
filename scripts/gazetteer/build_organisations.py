#!/usr/bin/env python3
"""Generate dictionaries/organisations.toml, claimdex's second built-in gazetteer.

Run by hand (not in CI) from the repository root:

    pip download --no-deps pytickersymbols==1.17.10 -d /tmp/ptx
    apt-get install wamerican            # /usr/share/dict/american-english, used as a filter only
    python3 scripts/gazetteer/build_organisations.py \
        --wheel /tmp/ptx/pytickersymbols-1.17.10-py3-none-any.whl

Inputs
  * pytickersymbols (PyPI, MIT licence): the member companies of 20 stock indices (S&P 500,
    S&P 600, NASDAQ 100, Dow Jones, Nikkei 225, DAX, MDAX, SDAX, TecDAX, FTSE 100, CAC 40,
    CAC Mid 60, EURO STOXX 50, IBEX 35, AEX, BEL 20, OMX Helsinki 25, OMX Stockholm 30, SMI
    (Switzerland 20)) with name, Yahoo ticker, ISINs and, for most, the key people.
  * scripts/gazetteer/japan.toml (hand-written): the Japanese spellings of the Nikkei 225
    companies and of the largest US and European ones, keyed by ticker, with names corrected
    where the source is out of date.
  * scripts/gazetteer/curated.toml (hand-written): entries no index lists (Japanese banks
    vs. their holding companies vs. securities arms, media, exchanges, AI start-ups, Chinese
    companies, failed companies, business leaders), each section with its source.
  * dictionaries/entities.toml: the first built-in gazetteer. Its entries win: a company it
    already has (same ticker, id or name) is not generated again, and no alias of it is
    repeated here.
  * /usr/share/dict/american-english (Debian wamerican, SCOWL): only to find names that are
    ordinary English words or common first names/surnames/places (see DROP below).

Precision rules applied here (the matcher's own rules: names of three characters or fewer
match case exactly, a Latin name never inside a longer Latin word, katakana never inside a
longer katakana run):
  * legal suffixes are stripped for the display name (Apple Inc. -> Apple); the full legal
    name stays an alias;
  * a single-word name that is an ordinary English word (Target, Visa, Block, Shell) or a
    common personal or place name (Hawkins, Dover, Elisa) is never an alias on its own: the
    entity keeps only its full legal name (Target Corporation). Names with no legal form to
    fall back on are dropped whole. Household brands whose one word means the company in
    business text (Nike, Boeing, Tesla) are kept: KEEP_SINGLE;
  * tickers are never aliases (T, F, MMM); they go into `ticker` only;
  * an alias already taken (by entities.toml, curated.toml or an earlier generated entry) is
    dropped from the later entry; a company already in entities.toml is not generated again;
  * chief executives (of the companies in the larger indices) are added as persons only where
    the source names one clearly, the role is not interim or former, and the surname is not
    an English word or a common name (David Jones, Bob White);
  * every name dropped is printed with its reason (--report).
"""

import argparse
import datetime
import re
import sys
import textwrap
import tomllib
import unicodedata
import zipfile
from pathlib import Path

SOURCE_VERSION = "1.17.10"

# Single-word names that are also English words or names, kept because in business text the
# word alone means the company (and the matcher never finds them inside longer words).
KEEP_SINGLE = {
    "Adobe", "Xylem", "Yelp", "Intuit", "Cognizant", "AEON", "Solaria", "Domino's", "HP",
    "Philips", "Unilever", "Danone", "Michelin", "Renault", "Adidas", "Bayer", "BMW", "Porsche",
    "Amgen", "Boeing", "Cisco", "Honeywell", "IBM", "McDonald's", "Salesforce", "Verizon",
    "Walmart", "Ferrari", "BP", "Burberry", "HSBC", "AMD", "Costco", "Netflix", "PayPal",
    "Qualcomm", "Starbucks", "Tesla", "Honda", "Isuzu", "Mazda", "Nissan", "Subaru", "Toyota",
    "Casio", "Fujitsu", "Hitachi", "Panasonic", "Sony", "Yamaha", "Nikon", "Nintendo", "Nokia",
    "Ericsson", "Volvo", "Accenture", "Citigroup", "FedEx", "Lowe's", "Pfizer", "Allstate",
    "Biogen", "Blackstone", "Campbell's", "Clorox", "DuPont", "Halliburton", "Hasbro",
    "Kroger", "Loews", "Kohl's", "Novartis", "UBS", "Nike", "Microsoft", "DeNA", "eBay",
    "Heineken", "Roche", "Epson", "Volkswagen", "Disney", "Saab",
}

# Display names the source spells wrongly.
RENAME = {"EBay": "eBay", "EasyJet": "easyJet", "EPlus": "ePlus", "KalmarB": "Kalmar",
          "LifcoB": "Lifco"}

KEEP_LOWER = {n.lower() for n in KEEP_SINGLE}

# Further names dropped by hand, with the reason (printed in the report).
DROP_NAMES = {
    "NOW": "ServiceNow's ticker used as a name; an English word",
    "Box": "an English word (Box, Inc. is kept)",
    "News": "an English word (News Corp is kept)",
    "Mitsubishi": "the name of a whole keiretsu, not one company",
    "Muji": "a brand of Ryohin Keikaku, not the company",
    "Toto": "also the football pools and a band; Latin only, matched case-insensitively",
    "Keio": "also Keio University",
    "Meiji": "also the Meiji era",
    "Olympus": "also the mountain and the Olympics in English text",
    "Suzuki": "a common surname (Suzuki Motor is kept)",
    "Orion": "a constellation and many companies",
    "Genuine Parts": "a generic phrase (Genuine Parts Company is kept)",
    "Southern": "an English word",
    "Global Payments": "a generic phrase (Global Payments Inc. is kept)",
    "United Rentals": "a generic phrase (United Rentals, Inc. is kept)",
    "Public Storage": "a generic phrase",
    "Waste Management": "a generic phrase (Waste Management, Inc. is kept)",
    "Essential Utilities": "a generic phrase",
    "Universal Display": "a generic phrase (Universal Display Corporation is kept)",
    "Healthcare Services Group": "a generic phrase",
    "Employers Holdings": "a generic phrase",
    "Community Bank": "a generic phrase",
    "Installed Building Products": "a generic phrase",
    "Innovative Industrial Properties": "a generic phrase",
    "Strategic Education": "a generic phrase",
    "Simply Good Foods": "a generic phrase",
    "Mister Car Wash": "a generic phrase",
    "Park National Bank": "a generic phrase",
    "City Holding": "a generic phrase",
    "Safety Insurance Group": "a generic phrase",
    "United Fire Group": "a generic phrase",
    "Interface": "an English word",
    "Best Buy": "a generic phrase (Best Buy Co. is kept where the source has it)",
    "Air Products": "a generic phrase",
    "Trade Desk": "a generic phrase (The Trade Desk is kept)",
    "Expand Energy": "reads as a verb phrase",
    "Air Lease": "a generic phrase (Air Lease Corporation is kept)",
    "Forward Air": "a generic phrase",
    "Independent Bank": "a generic phrase",
    "Preferred Bank": "a generic phrase",
    "National Healthcare": "a generic phrase",
    "Northwest Bank": "a generic phrase",
    "United Community Bank": "a generic phrase",
    "Heritage Financial": "a generic phrase (Heritage Financial Corporation is kept)",
    "Select Medical": "a generic phrase",
    "Sealed Air": "a generic phrase",
    "Liquidity Services": "a generic phrase",
    "Element Solutions": "a generic phrase",
    "Career Education": "a generic phrase (Career Education Corporation is kept)",
    "Golden Entertainment": "a generic phrase",
    "Clear Secure": "a generic phrase",
    "World Acceptance": "a generic phrase (World Acceptance Corporation is kept)",
    "National Beverage": "a generic phrase",
    "Partners Group": "a generic phrase",
    "NOW Inc": "an English word with a suffix",
    "The Hertz": "a unit (The Hertz Corporation is kept)",
    "Vinci": "part of Leonardo da Vinci's name (Vinci SA is kept where the source has it)",
    "Sumitomo": "the name of a whole keiretsu, not one company",
    # Short names, matched with their case exactly but still common abbreviations.
    "HP": "ホームページ (a web site) in Japanese text (HP Inc. is kept)",
    "BD": "Blu-ray Disc",
    "M3": "Apple's M3 chip and BMW's M3",
    "F5": "the F5 key",
    "RTX": "Nvidia's RTX graphics cards (RTX Corporation is kept)",
    "SSE": "also the Shanghai Stock Exchange and server-sent events",
    "APA": "many associations",
    "AES": "the encryption standard",
    "AAR": "an uncommon abbreviation with other meanings",
    "RPC": "remote procedure call",
    "PTC": "positive temperature coefficient",
    "FIS": "the ski federation",
    "Sto": "not a name on its own",
    "PPL": "an abbreviation with other meanings",
}

# Whole entries not generated: indices, products or stale duplicates in the source.
SKIP_TICKERS = {
    "9434.T": "SoftBank Corp. is in entities.toml (softbank-corp)",
    "9984.T": "SoftBank Group is in entities.toml (softbank-group)",
}

LEGAL = [
    r",?\s+Inc\.?", r",?\s+Corp\.?", r"\s+Corporation", r"\s+Co\.,?\s*Ltd\.?", r"\s+Co\.?",
    r",?\s+Ltd\.?", r"\s+Limited", r"\s+plc", r"\s+PLC", r"\s+AG", r"\s+SE", r"\s+S\.A\.",
    r"\s+SA", r"\s+N\.V\.", r"\s+NV", r"\s+Oyj", r"\s+Abp", r"\s+AB", r"\s+ASA",
    r"\s+S\.p\.A\.", r"\s+&\s+Co\.\s+KGaA", r"\s+KGaA", r"\s+GmbH", r",?\s+N\.A\.",
]
LEGAL_RE = re.compile(r"(?:" + "|".join(LEGAL) + r")$")

REGION = {
    "T": "Japan", "DE": "Germany", "F": "Germany", "PA": "France", "L": "United Kingdom",
    "AS": "Netherlands", "MC": "Spain", "MI": "Italy", "BR": "Belgium", "HE": "Finland",
    "ST": "Sweden", "SW": "Switzerland", "VX": "Switzerland", "CO": "Denmark", "LS": "Portugal",
    "IR": "Ireland", "VI": "Austria", "OL": "Norway", "HK": "China", "SS": "China",
    "SZ": "China",
}


def slug(text):
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"&", " and ", text.lower())
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def key(alias):
    """How the matcher compares aliases: exact for three characters or fewer, else ASCII
    case-insensitive."""
    return alias if len(alias) <= 3 else alias.lower()


def region_of(ticker):
    if not ticker or "." not in ticker:
        return "United States"
    return REGION.get(ticker.rsplit(".", 1)[1], "Other")


def clean(name):
    """(display name, full name) from the source's name."""
    full = re.sub(r"\s*\((?:Class [A-Z]|[^)]*company|[^)]*corporation|publisher|brand|"
                  r"clothing retailer|retailer|Ohio|American company|Lotterie|"
                  r"Beteiligungsgesellschaft|2020–present|The)\)$", "", name).strip()
    short = full
    for _ in range(3):
        short = LEGAL_RE.sub("", short).strip().rstrip(",&").strip()
    if short.endswith(" Company") and not short.startswith("The ") and len(short.split()) > 2:
        short = short[: -len(" Company")]
    if short.startswith("The ") and len(short.split()) > 2:
        short = short[4:]
    return short, full


def load_words(path):
    lower, proper = set(), set()
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        w = line.strip()
        if not w or "'" in w:
            continue
        (lower if w.islower() else proper).add(w)
    return lower, proper


def ambiguous(alias, lower, proper):
    """Why a Latin alias must not stand alone, or None."""
    if alias in DROP_NAMES:
        return DROP_NAMES[alias]
    if alias.lower() in KEEP_LOWER:
        return None
    if " " in alias or "." in alias:
        # Names of two or more words read as a name; the generic phrases are in DROP_NAMES.
        return None
    if len(alias) <= 3 and alias.isupper():
        return None  # matched with its case exactly: SAP is not sap
    base = alias.removesuffix("'s")
    if base.lower() in lower:
        return "an ordinary English word"
    if base in proper or base.capitalize() in proper:
        return "a common personal or place name"
    return None


def load_source(wheel):
    with zipfile.ZipFile(wheel) as z:
        code = z.read("pytickersymbols/indices_data.py").decode("utf-8")
    scope = {}
    exec(compile(code, "indices_data.py", "exec"), scope)  # data module: one dict literal
    return scope["INDICES"]


CEO_RE = re.compile(r"([A-Z][A-Za-zÀ-ÿ.'’\- ]{3,60}?)\s*\(\s*([^)]*?\bCEO\b[^)]*?)\s*\)")


def ceo_of(company):
    """(name, title) of the chief executive named in the source's key people, or None."""
    meta = company.get("metadata") or {}
    # The source sometimes pairs a company with another one's infobox (Stabilus with
    # STMicroelectronics' chief): trust key people only where the infobox is the company's.
    page = unicodedata.normalize("NFKD", meta.get("wikipedia_url", "")).lower()
    first = slug(company["name"]).split("-")[0][:4]
    if not first or first not in re.sub(r"[^a-z0-9]", "", page.rsplit("/", 1)[-1]):
        return None
    people = meta.get("key_people") or ""
    m = CEO_RE.search(people)
    if not m:
        return None
    name = m.group(1).strip()
    # The regex may run on from a previous person's role: keep the last 2-4 capitalised words.
    words = name.split()
    tail = []
    for w in reversed(words):
        if not w[:1].isupper() and not re.fullmatch(r"[a-z]{2,3}", w):
            break
        tail.insert(0, w)
    name = " ".join(tail[-4:])
    if not (2 <= len(name.split()) <= 4) or re.search(r"\d|businessman|Director", name):
        return None
    name = re.sub(r"^(?:Sir|Dr\.?|Eng\.|Baron)\s+", "", name)
    name = re.sub(r"^(?:Sir|Dr\.?|Eng\.|Baron)\s+", "", name)
    if len(name.split()) < 2 or any(w.isupper() and len(w) > 2 for w in name.split()):
        return None  # a surname in capitals marks family-name-first order: skip
    role = re.sub(r"\s+,", ",", re.sub(r"\s+", " ", m.group(2))).strip(" ,")
    if re.search(r"former|interim|acting|\bANA\b", role, re.I):
        return None
    return name, role[:1].upper() + role[1:]


def toml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def toml_list(xs):
    return "[" + ", ".join(toml_str(x) for x in xs) + "]"


def emit(e):
    lines = ["[[entity]]", f"id = {toml_str(e['id'])}", f"name = {toml_str(e['name'])}",
             f"type = {toml_str(e['type'])}", f"aliases = {toml_list(e['aliases'])}"]
    for field in ("misspellings", "short_names", "not_in"):
        if e.get(field):
            lines.append(f"{field} = {toml_list(e[field])}")
    for field in ("ticker", "note", "parent", "employer", "title"):
        if e.get(field):
            lines.append(f"{field} = {toml_str(e[field])}")
    return "\n".join(lines) + "\n"


class Builder:
    def __init__(self, existing, lower, proper):
        self.lower, self.proper = lower, proper
        self.ids = {d["id"] for d in existing}
        self.tickers = {d.get("ticker") for d in existing if d.get("ticker")}
        self.taken = {}
        for d in existing:
            for a in [d["name"]] + d.get("aliases", []) + d.get("misspellings", []):
                self.taken[key(a.strip())] = d["id"]
        self.taken_any = {a.lower() for a in self.taken}
        # Every company name in the source, dropped or not, and its ticker: a ticker that is
        # another company's name (HP, Helmerich & Payne's, is HP Inc.'s name) is left out.
        self.source_names = {}
        self.out = []  # (section, entity)
        self.report = []

    def drop(self, what, why):
        self.report.append(f"{what}: {why}")

    def add(self, section, e):
        if e["id"] in self.ids:
            self.drop(e["id"], "id already in entities.toml or generated earlier")
            return False
        if e.get("ticker") and e["ticker"] in self.tickers:
            self.drop(e["name"], f"ticker {e['ticker']} already in entities.toml")
            return False
        if key(e["name"]) in self.taken:
            self.drop(e["name"], f"name already names {self.taken[key(e['name'])]}")
            return False
        owner = self.source_names.get((e.get("ticker") or "").lower())
        if e.get("ticker") and (e["ticker"].lower() in self.taken_any
                                or owner not in (None, e.get("ticker"))):
            # `claimdex --company X` tries tickers too: a ticker that is another entry's
            # name would steal that name.
            self.drop(f"{e['id']}: ticker {e['ticker']}", "is a name of another entry")
            e["ticker"] = None
        kept = []
        for a in e["aliases"]:
            a = a.strip()
            if not a or a in kept:
                continue
            if key(a) in self.taken:
                self.drop(f"{e['id']}: alias {a}", f"already names {self.taken[key(a)]}")
                continue
            kept.append(a)
        e["aliases"] = kept
        self.ids.add(e["id"])
        if e.get("ticker"):
            self.tickers.add(e["ticker"])
        for a in [e["name"]] + kept + e.get("misspellings", []):
            self.taken[key(a)] = e["id"]
            self.taken_any.add(a.lower())
        self.out.append((section, e))
        return True


def company_entry(c, ja, b):
    ticker = c.get("symbol")
    if ticker.endswith(".T"):
        over = ja["company"].get(ticker.removesuffix(".T"), {})
    else:
        over = ja["foreign"].get(ticker, {})
    short, full = clean(over.get("source_name", c["name"]))
    short = RENAME.get(short, short)
    legal = full if full != short else None  # a full legal name is never ambiguous
    if over.get("name"):
        short = over["name"]
    names = [short, full] + over.get("latin", [])
    aliases = []
    for n in names:
        why = None if n == legal else ambiguous(n, b.lower, b.proper)
        if why:
            b.drop(f"{c['name']}: alias {n}", why)
            continue
        aliases.append(n)
    if not aliases:
        b.drop(c["name"], "no unambiguous name left")
        return None
    name = short if short in aliases else aliases[0]
    aliases = [name] + [a for a in aliases if a != name] + over.get("ja", [])
    region = region_of(ticker)
    return {
        "id": over.get("id") or slug(name),
        "name": name,
        "type": "company",
        "aliases": aliases,
        "not_in": over.get("not_in", []),
        "ticker": ticker,
        "note": f"listed company ({region}); in the {c['_index']} index",
        "_region": region,
    }


def build(args):
    existing = tomllib.loads(Path(args.entities).read_text(encoding="utf-8"))["entity"]
    lower, proper = load_words(args.words)
    ja = tomllib.loads(Path(args.japan).read_text(encoding="utf-8"))
    curated = tomllib.loads(Path(args.curated).read_text(encoding="utf-8"))
    b = Builder(existing, lower, proper)

    # Hand-curated entries first: their spellings are checked and win over generated ones.
    for section in curated["section"]:
        for e in section.get("entity", []):
            e = dict(e)
            e["_region"] = section.get("region", "Other")
            b.add((section["title"], section["source"]), e)

    indices = load_source(args.wheel)
    for index in indices.values():
        for c in index["companies"]:
            if c.get("symbol"):
                b.source_names.setdefault(clean(c["name"])[0].lower(), c["symbol"])
    seen_tickers = set()
    leaders = []
    for index_name in sorted(indices):
        for c in indices[index_name]["companies"]:
            ticker = c.get("symbol")
            if not ticker or ticker in seen_tickers:
                continue
            seen_tickers.add(ticker)
            if ticker in SKIP_TICKERS:
                b.drop(c["name"], SKIP_TICKERS[ticker])
                continue
            c = dict(c, _index=index_name.replace("_", " "))
            e = company_entry(c, ja, b)
            if e is None:
                continue
            region = e["_region"]
            section = (f"Listed companies: {region}",
                       f"pytickersymbols {SOURCE_VERSION} (index members, names, tickers)"
                       + " and scripts/gazetteer/japan.toml (Japanese spellings)")
            if b.add(section, e) and index_name in LEADER_INDICES:
                leaders.append((c, e))

    # The chief executives of the largest companies, as the source lists them.
    for c, e in leaders:
        found = ceo_of(c)
        if not found:
            continue
        name, role = found
        surname = name.split()[-1]
        why = ambiguous(name, lower, proper) or (
            "the surname is an ordinary word or a common name: too likely another person"
            if surname.lower() in lower or surname in proper else None)
        if why:
            b.drop(f"person {name}", why)
            continue
        b.add(("People: chief executives of index companies",
               f"pytickersymbols {SOURCE_VERSION} key people (roles as the source lists them)"),
              {"id": slug(name), "name": name, "type": "person", "aliases": [name],
               "employer": e["id"], "title": role,
               "note": f"chief executive of {e['name']}", "_region": e["_region"]})
    return b


LEADER_INDICES = {"DOW JONES", "S&P 100", "EURO STOXX 50", "NIKKEI 225", "FTSE 100",
                  "NASDAQ 100", "DAX", "CAC_40"}

HEADER = """\
# organisations.toml — claimdex's second built-in gazetteer, GENERATED: do not edit by hand.
#
# Made by scripts/gazetteer/build_organisations.py on {date} from:
#   * pytickersymbols {version} (PyPI; MIT licence, Copyright (c) 2023 portfolio+): member
#     companies of 20 stock indices (S&P 500/600, NASDAQ 100, Dow Jones, Nikkei 225, DAX,
#     MDAX, SDAX, TecDAX, FTSE 100, CAC 40, CAC Mid 60, EURO STOXX 50, IBEX 35, AEX, BEL 20,
#     OMX Helsinki 25, OMX Stockholm 30, Switzerland 20), their tickers and key people. The
#     package compiles these facts from public index listings and Wikipedia infoboxes.
#   * scripts/gazetteer/japan.toml: Japanese spellings of the Nikkei 225 companies (hand-written
#     from the companies' own Japanese names and JPX listings) and of the largest US and
#     European companies (as Japanese business news writes them).
#   * scripts/gazetteer/curated.toml: hand-written entries, each section with its source.
# See THIRD-PARTY-NOTICES.md.
#
# Same format as entities.toml (see its header). It is loaded before entities.toml, whose
# entries win on an id clash; no alias here names anything entities.toml names. To leave all of
# it out, pass --dictionaries DIR with an empty organisations.toml in DIR.
#
{counts}
"""


def write(b, out, date):
    by_section = {}
    for section, e in b.out:
        by_section.setdefault(section, []).append(e)
    regions = {}
    for _, e in b.out:
        if e["type"] != "person":
            regions[e["_region"]] = regions.get(e["_region"], 0) + 1
    nalias = sum(len(set([e["name"]] + e["aliases"])) for _, e in b.out)
    regions_text = ", ".join(f"{k} {v}" for k, v in sorted(regions.items(), key=lambda kv: -kv[1]))
    people = sum(1 for _, e in b.out if e["type"] == "person")
    counts = (f"{len(b.out)} entities and {nalias} names and aliases: {sum(regions.values())} "
              f"organisations ({regions_text.replace('Other', 'international')}) and "
              f"{people} people.")
    counts = "\n".join(textwrap.wrap(counts, 94, initial_indent="# ", subsequent_indent="# "))
    text = HEADER.format(date=date, version=SOURCE_VERSION, counts=counts)
    for (title, source), es in by_section.items():
        src = "\n".join(textwrap.wrap(f"source: {source}", 94, initial_indent="# ",
                                       subsequent_indent="#   "))
        text += f"\n# --- {title} ---\n{src}\n"
        for e in es:
            text += "\n" + emit(e)
    Path(out).write_text(text, encoding="utf-8")
    return len(b.out), nalias, regions


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    here = Path(__file__).resolve().parent
    root = here.parent.parent
    p.add_argument("--wheel", required=True, help="pytickersymbols wheel (pip download)")
    p.add_argument("--entities", default=root / "dictionaries/entities.toml")
    p.add_argument("--japan", default=here / "japan.toml")
    p.add_argument("--curated", default=here / "curated.toml")
    p.add_argument("--words", default="/usr/share/dict/american-english")
    p.add_argument("--out", default=root / "dictionaries/organisations.toml")
    p.add_argument("--date", default=datetime.date.today().isoformat())
    p.add_argument("--report", action="store_true", help="print every name dropped and why")
    args = p.parse_args()
    b = build(args)
    count, nalias, regions = write(b, args.out, args.date)
    if args.report:
        for line in b.report:
            print("dropped", line)
    print(f"{count} entities, {nalias} aliases; {regions}", file=sys.stderr)


if __name__ == "__main__":
    main()
