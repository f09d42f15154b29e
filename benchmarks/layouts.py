"""How well pages in the layouts researchers bring are read: a held-out corpus re-wrapped from real text.

    python benchmarks/layouts.py [--seed 12] [--out DIR] [--load] [--wrong wrong.tsv]

Every wikinews page that no test fixture uses (``tests/data/*/SOURCES.tsv`` name those) is
re-wrapped, with a fixed seed, into one of the layouts below with randomised furniture
(related sections of three teaser shapes, tag lines, rights lines glued or not, standfirsts,
URLs) and invented metadata whose truth is known: title, body paragraphs, date (and whether
it shows a time), outlet, author, URL, standfirst. Each page goes through
``corpus.parse.parse_page`` (``corpus.pages_html.read_html`` for the HTML layouts); the
table gives, per layout, the share of exact bodies, titles, dates and outlets, and every
field set wrongly is listed (``--wrong`` writes them all as TSV). ``--load`` also loads the
written folder with ``corpus.load`` and scores ``documents`` the same way, for the fields
the loader carries.

A page shows no outlet in some layouts: then the right outlet is none, and "outlets" counts
an invented one as wrong. The parser was not tuned on this output.
"""

from __future__ import annotations

import argparse
import csv
import html
import random
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from corpus import config  # noqa: E402

MONTHS = ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre",
          "ottobre", "novembre", "dicembre"]
WEEKDAYS = ["lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica"]
AUTHORS = ["Anna Rossi", "Luca Bianchi", "Giulia Romano", "Marco Ferrari", "Sara Esposito", "Paolo De Luca",
           "Chiara Colombo", "Davide Ricci"]
OUTLETS = [("Gazzetta di Modena", "gazzettadimodena.it"), ("Il Tirreno", "iltirreno.it"),
           ("Corriere Adriatico", "corriereadriatico.it"), ("La Nuova Sardegna", "lanuovasardegna.it"),
           ("Il Post", "ilpost.it")]
CITIES = ["ROMA", "MILANO", "Napoli", "TORINO", "Bologna", "Firenze"]
RELATED_HEADINGS = ["Leggi anche", "Potrebbe interessarti", "Articoli correlati", "Le più recenti da Cronaca"]
RIGHTS = ["© RIPRODUZIONE RISERVATA", "ALCUNI DIRITTI RISERVATI", "Riproduzione riservata"]


@dataclass
class Truth:
    title: str | None
    body: list[str]
    published: datetime | None
    has_time: bool
    outlet: str | None
    author: str | None = None
    url: str | None = None
    subtitle: str | None = None


@dataclass
class Article:
    name: str
    title: str
    body: list[str]


@dataclass
class Pages:
    """The written pages: (layout, file name, content, truth)."""

    rows: list[tuple[str, str, str, Truth]] = field(default_factory=list)


def articles(held_out: bool = True) -> list[Article]:
    """Wikinews articles (title, body paragraphs) read from the seed-layout pages by their fixed layout."""
    used = set()
    if held_out:
        for sources in (ROOT / "tests" / "data").glob("*/SOURCES.tsv"):
            for row in list(csv.reader(sources.open(encoding="utf-8"), delimiter="\t"))[1:]:
                used.update(row[1].split())
    out = []
    for path in sorted(config.WIKINEWS_PAGES_DIR.glob("*.txt")):
        if path.name in used:
            continue
        lines = [line.strip() for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
        body = []
        for line in lines[2:]:
            if line.startswith(("Le più recenti da", "Copyright L'Antiplomatico")):
                break
            body.append(line)
        if body:
            out.append(Article(path.stem, lines[0], body))
    return out


def _date(rng: random.Random) -> datetime:
    return datetime(rng.randint(2015, 2024), rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59))


def _words(value: datetime, *, time: bool, capital: bool = False) -> str:
    month = MONTHS[value.month - 1].capitalize() if capital else MONTHS[value.month - 1]
    text = f"{value.day:02d} {month} {value.year}" if capital else f"{value.day} {month} {value.year}"
    return f"{text} {value:%H:%M}" if time else text


def _slug(title: str) -> str:
    return "-".join("".join(c for c in word.lower() if c.isalnum()) for word in title.split()[:6]).strip("-")


def _related(rng: random.Random, others: list[Article]) -> list[str]:
    """A related section: a heading and three teasers, all bare titles, titles with excerpts or titles with bylines."""
    shape = rng.choice(["bare", "excerpt", "byline"])
    lines = [rng.choice(RELATED_HEADINGS)]
    for other in rng.sample(others, 3):
        lines.append(other.title)
        if shape == "excerpt":
            lines.append(other.body[0][:150].rsplit(" ", 1)[0] + "...")
        elif shape == "byline":
            lines.append(f"di {rng.choice(AUTHORS)}")
    return lines


def _standfirst(article: Article) -> str | None:
    first = article.body[0].split(". ")[0].rstrip(".")
    return first if 30 <= len(first) <= 250 and first != article.body[0] else None


def _rights(rng: random.Random, body: list[str], rights: str) -> list[str]:
    """The body with a rights line after it: a line of its own, or glued to the last paragraph."""
    if rng.random() < 0.5:
        return body[:-1] + [body[-1] + rng.choice([" ", ""]) + rights]
    return body + [rights]


def page(layout: str, article: Article, rng: random.Random, others: list[Article]) -> tuple[str, Truth]:
    """One article in one layout: the page's text and what a perfect reader would find."""
    when = _date(rng)
    author = rng.choice(AUTHORS)
    outlet, domain = rng.choice(OUTLETS)
    body = article.body
    related = _related(rng, others) if rng.random() < 0.6 else []
    tags = [f"{rng.choice(['Tag', 'Tags', 'Argomenti'])}: " + ", ".join(rng.sample(["cronaca", "politica", "esteri", "sport", "cultura", "economia"], 3))] if rng.random() < 0.5 else []
    if layout == "seed":
        lines = [article.title, f"{_words(when, time=True, capital=True)} di {author} per {outlet}", *body, *related,
                 f"Copyright {outlet} {when.year} all rights reserved"]
        return _join(lines), Truth(article.title, body, when, True, outlet, author)
    if layout == "wordpress_iso":
        stamp = rng.choice([f"{when:%Y-%m-%dT%H:%M:%S}", f"{when:%Y-%m-%dT%H:%M:%S}+0{1 if when.month in (1, 2, 3, 11, 12) else 2}:00", f"{when:%Y-%m-%d %H:%M}"])
        lines = [article.title, stamp, f"di {author}", *body, *tags, *related, rng.choice(RIGHTS)]
        # An offset only agrees with Rome's clock away from the days the clocks change.
        return _join(lines), Truth(article.title, body, when, True, None, author)
    if layout == "numeric_before_title":
        time = rng.random() < 0.7
        stamp = f"{when:%d/%m/%Y %H:%M}" if time else rng.choice([f"{when:%d/%m/%Y}", f"{when:%d.%m.%Y}"])
        lines = [stamp, article.title, *body, *related]
        return _join(lines), Truth(article.title, body, when, time, None)
    if layout == "date_outlet":
        lines = [f"{_words(when, time=False, capital=True)} {outlet}", article.title, *body, *tags]
        return _join(lines), Truth(article.title, body, when, False, outlet)
    if layout == "url_first":
        url = f"https://www.{domain}/cronaca/{when:%Y/%m/%d}/{_slug(article.title)}"
        url += rng.choice(["/", ".html", f"-1.{rng.randint(1000, 99999)}"])
        lines = [url, article.title, *body, *related]
        return _join(lines), Truth(article.title, body, when, False, None, url=url)
    if layout == "body_only":
        return _join(body), Truth(None, body, None, False, None)
    if layout == "labelled":
        stand = _standfirst(article) if rng.random() < 0.5 else None
        dateline = f"Pubblicato il {_words(when, time=False)} alle {when:%H:%M}"
        if rng.random() < 0.5:
            dateline += f" - Aggiornato il {_words(when, time=False)} alle ore {min(when.hour + 1, 23):02d}:{when.minute:02d}"
        lines = [article.title, *([stand] if stand else []), dateline, f"di {author}", *body, *tags]
        return _join(lines), Truth(article.title, body, when, True, None, author, subtitle=stand)
    if layout == "standfirst":
        stand = _standfirst(article)
        lines = [article.title, *([stand] if stand else []), f"{WEEKDAYS[when.weekday()]} {_words(when, time=False)}", *body, *related]
        return _join(lines), Truth(article.title, body, when, False, None, subtitle=stand)
    if layout == "agency":
        lines = [article.title, f"{rng.choice(CITIES)}, {_words(when, time=True)}", *_rights(rng, body, "Riproduzione riservata © Copyright ANSA")]
        return _join(lines), Truth(article.title, body, when, True, "ANSA")
    if layout in ("table_csv", "sidecar"):
        # Loader-level layouts: the body alone, the metadata in a table (the rows of an
        # articles.csv, or a metadata.csv beside body-only pages): see ``loaded``.
        return _join(body), Truth(article.title, body, when, True, outlet, author)
    if layout == "html_wordpress":
        return _html(article, when, author, outlet, domain, related, rng), Truth(article.title, body, when, True, outlet, author, url=f"https://www.{domain}/{when:%Y/%m/%d}/{_slug(article.title)}/")
    raise ValueError(layout)


def _join(lines: list[str]) -> str:
    return "\n\n".join(lines) + "\n"


def _html(article: Article, when: datetime, author: str, outlet: str, domain: str, related: list[str], rng: random.Random) -> str:
    e = html.escape
    url = f"https://www.{domain}/{when:%Y/%m/%d}/{_slug(article.title)}/"
    paragraphs = "\n".join(f"<p>{e(p)}</p>" for p in article.body)
    teasers = ""
    if related:
        items = "".join(f"<li><a href='/{i}'>{e(t)}</a></li>" for i, t in enumerate(related[1::2] if len(related) > 4 else related[1:]))
        teasers = f"<aside class='related'><h3>{e(related[0])}</h3><ul>{items}</ul></aside>"
    return f"""<!DOCTYPE html><html lang="it"><head><meta charset="utf-8"><title>{e(article.title)} - {e(outlet)}</title>
<meta property="og:title" content="{e(article.title)}"><meta property="og:site_name" content="{e(outlet)}">
<meta property="og:url" content="{url}"><meta property="article:published_time" content="{when:%Y-%m-%dT%H:%M:%S}">
</head><body><header><nav><a href="/">Home</a> <a href="/cronaca">Cronaca</a></nav></header>
<article><h1>{e(article.title)}</h1><div class="meta">di <span class="author">{e(author)}</span></div>
<div class="entry-content">{paragraphs}</div></article>{teasers}
<footer><p>© {when.year} {e(outlet)} - Tutti i diritti riservati</p></footer></body></html>"""


LAYOUTS = ["seed", "wordpress_iso", "numeric_before_title", "date_outlet", "url_first", "body_only", "labelled",
           "standfirst", "agency", "html_wordpress", "table_csv", "sidecar"]
# Layouts whose metadata is a table beside the text: only the loader reads them.
TABLE_LAYOUTS = ("table_csv", "sidecar")


def build(seed: int) -> Pages:
    rng = random.Random(seed)
    pool = articles()
    rng.shuffle(pool)
    pages = Pages()
    for index, article in enumerate(pool):
        layout = LAYOUTS[index % len(LAYOUTS)]
        others = [a for a in rng.sample(pool, 4) if a is not article][:3]
        text, truth = page(layout, article, rng, others)
        suffix = ".html" if layout.startswith("html") else ".txt"
        pages.rows.append((layout, f"{article.name}{suffix}", text, truth))
    return pages


def read(layout: str, text: str):
    if layout.startswith("html"):
        from corpus.pages_html import parse_html

        return parse_html(text)
    from corpus.parse import parse_page

    return parse_page(text)


def score(pages: Pages, found: dict[str, dict]) -> tuple[dict, list[tuple]]:
    """Per layout: counts of exact bodies, titles, dates, outlets; and every wrong field."""
    totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    wrong = []
    for layout, name, _, truth in pages.rows:
        got = found.get(name)
        if got is None:
            continue
        counts = totals[layout]
        counts["pages"] += 1
        expected = {
            "body": "\n\n".join(truth.body), "title": truth.title,
            "published": truth.published if truth.has_time or truth.published is None else truth.published.replace(hour=0, minute=0),
            "outlet": truth.outlet,
        }
        for key in ("author", "url", "subtitle"):
            if key in got:
                expected[key] = getattr(truth, key)
        for key, value in expected.items():
            if got.get(key) == value:
                counts[key] += 1
            else:
                wrong.append((layout, name, key, value, got.get(key)))
    return totals, wrong


def parsed(pages: Pages) -> dict[str, dict]:
    out = {}
    for layout, name, text, _ in pages.rows:
        if layout in TABLE_LAYOUTS:
            continue
        page = read(layout, text)
        out[name] = {
            "body": "\n\n".join(b.text for b in page.blocks if b.kind == "body"), "title": page.title,
            "published": page.published, "outlet": page.outlet, "author": page.author, "url": page.url,
            "subtitle": page.subtitle,
        }
    return out


def loaded(pages: Pages, folder: Path) -> dict[str, dict]:
    """``corpus.load`` on the written pages: a folder of page files, a table of articles, body-only pages with a sidecar."""
    import csv as csv_module

    import corpus

    table_rows, sidecar_rows = [], []
    for layout, name, text, truth in pages.rows:
        if layout == "table_csv":
            table_rows.append({"id": Path(name).stem, "headline": truth.title, "date": f"{truth.published:%Y-%m-%d %H:%M}",
                               "testata": truth.outlet, "byline": truth.author, "text": text})
            continue
        path = folder / ("sidecar" if layout == "sidecar" else f"pages/{layout}") / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if layout == "sidecar":
            sidecar_rows.append({"file": name, "title": truth.title, "published": f"{truth.published:%d/%m/%Y %H:%M}",
                                 "outlet": truth.outlet, "author": truth.author})
    with (folder / "sidecar" / "metadata.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv_module.DictWriter(handle, fieldnames=list(sidecar_rows[0]))
        writer.writeheader()
        writer.writerows(sidecar_rows)
    articles_csv = folder / "articles.csv"
    with articles_csv.open("w", encoding="utf-8", newline="") as handle:
        writer = csv_module.DictWriter(handle, fieldnames=list(table_rows[0]))
        writer.writeheader()
        writer.writerows(table_rows)
    loads = [
        (corpus.load(folder / "pages", cache=False, progress=False).documents, lambda row: row.path.rsplit("/", 1)[-1]),
        (corpus.load(folder / "sidecar", cache=False, progress=False).documents, lambda row: row.path),
        (corpus.load(articles_csv, cache=False, progress=False, outlet="testata").documents,
         lambda row: row.doc_id.rsplit("/", 1)[-1] + ".txt"),
    ]
    out = {}
    for documents, name_of in loads:
        for row in documents.itertuples():
            published = row.published.tz_localize(None).to_pydatetime() if row.published is not None and row.published == row.published else None
            out.setdefault(name_of(row), {
                "body": row.text or "", "title": row.title if isinstance(row.title, str) else None,
                "published": published, "outlet": row.outlet if isinstance(row.outlet, str) else None,
                **{key: _text(getattr(row, key)) for key in ("author", "url", "subtitle") if hasattr(row, key)},
            })
    return out


def _text(value) -> str | None:
    return value if isinstance(value, str) else None


def report(totals: dict, wrong: list[tuple], *, show: int) -> None:
    print(f"{'layout':<22}{'pages':>6}{'bodies':>9}{'titles':>9}{'dates':>9}{'outlets':>9}{'authors':>9}")
    overall: dict[str, int] = defaultdict(int)
    for layout in LAYOUTS:
        counts = totals.get(layout)
        if not counts:
            continue
        n = counts["pages"]
        shares = [f"{counts[k] / n:>9.0%}" for k in ("body", "title", "published", "outlet", "author")]
        print(f"{layout:<22}{n:>6}" + "".join(shares))
        for key, value in counts.items():
            overall[key] += value
    n = overall["pages"]
    print(f"{'all':<22}{n:>6}" + "".join(f"{overall[k] / n:>9.0%}" for k in ("body", "title", "published", "outlet", "author")))
    print(f"\n{len(wrong)} fields set wrongly" + (f" (first {show}):" if len(wrong) > show else ":"))
    for layout, name, key, expected, got in wrong[:show]:
        if key == "body" and isinstance(got, str):
            expected, got = _first_difference(expected.split("\n\n"), got.split("\n\n"))
        print(f"  {layout:<20} {name:<28} {key:<10} expected {str(expected)[:90]!r}\n  {'':<60}     got {str(got)[:90]!r}")


def _first_difference(expected: list[str], got: list[str]) -> tuple[str, str]:
    """The first paragraph where two bodies part, and its number."""
    for index, (left, right) in enumerate(zip(expected, got)):
        if left != right:
            start = next((i for i, (a, b) in enumerate(zip(left, right)) if a != b), min(len(left), len(right)))
            return f"¶{index + 1}: …{left[max(0, start - 30):]}", f"¶{index + 1}: …{right[max(0, start - 30):]}"
    index = min(len(expected), len(got))
    return f"¶{index + 1}: {expected[index] if index < len(expected) else '(none)'}", f"¶{index + 1}: {got[index] if index < len(got) else '(none)'}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--out", type=Path, default=None, help="folder for the pages (--load); a temporary one by default")
    parser.add_argument("--load", action="store_true", help="also score corpus.load on the written folder")
    parser.add_argument("--wrong", type=Path, default=None, help="write every wrong field to this TSV")
    parser.add_argument("--show", type=int, default=60, help="how many wrong fields to print")
    args = parser.parse_args()
    if not config.WIKINEWS_PAGES_DIR.exists():
        sys.exit(f"needs {config.WIKINEWS_PAGES_DIR}")
    pages = build(args.seed)
    print(f"parse_page on {len(pages.rows)} held-out pages (seed {args.seed})\n")
    totals, wrong = score(pages, parsed(pages))
    report(totals, wrong, show=args.show)
    if args.wrong:
        with args.wrong.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter="\t")
            writer.writerow(["layout", "file", "field", "expected", "got"])
            writer.writerows(wrong)
    if args.load:
        folder = args.out or Path(tempfile.mkdtemp(prefix="layouts-"))
        print(f"\ncorpus.load on {folder} (fields the loader carries)\n")
        totals, wrong = score(pages, loaded(pages, folder))
        report(totals, wrong, show=args.show)


if __name__ == "__main__":
    main()
