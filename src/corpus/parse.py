"""One decoded news page -> a structured record. Pure: no disk, no corpus context.

A page is cut into blocks, one per non-blank line, each with its character
offsets into the decoded text, so nothing the parser sets aside is lost: every
non-whitespace character lies in exactly one block. Each block gets a kind:

``title``      the first line;
``header``     lines between the title and the dateline (subtitles, kickers);
``dateline``   the first line near the top that holds an Italian date;
``body``       the article;
``related_heading`` / ``related``  the teasers of other articles
               ("Le più recenti da …", "On Fire", "Leggi anche", …);
``footer``     copyright and registration lines at the end of the page.

Furniture is recognised by structure (headings, byline-led teaser snippets,
copyright patterns), never by one outlet's exact strings. Blocks that repeat
verbatim across many pages of an outlet are found later, at corpus level
(:mod:`corpus.furniture`), because a single page cannot tell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

MONTHS = {
    "gennaio": 1, "gen": 1, "febbraio": 2, "feb": 2, "marzo": 3, "mar": 3,
    "aprile": 4, "apr": 4, "maggio": 5, "mag": 5, "giugno": 6, "giu": 6,
    "luglio": 7, "lug": 7, "agosto": 8, "ago": 8, "settembre": 9, "set": 9,
    "sett": 9, "ottobre": 10, "ott": 10, "novembre": 11, "nov": 11,
    "dicembre": 12, "dic": 12,
}
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAYS = r"(?:luned[iì]|marted[iì]|mercoled[iì]|gioved[iì]|venerd[iì]|sabato|domenica)"
_TIME = r"(?:\s*(?:,|-|–|alle|ore|h\.?)?\s*(?P<hour>[01]?\d|2[0-3])[:.](?P<minute>[0-5]\d)(?![\d/]))?"
_DATE_WORDS = re.compile(
    rf"(?:{_WEEKDAYS},?\s+)?(?P<day>[0-3]?\d)(?:°|º)?\s+(?P<month>{_MONTH_NAMES})\.?\s+(?P<year>(?:19|20)\d\d)(?!\d){_TIME}",
    re.IGNORECASE,
)
_DATE_NUMERIC = re.compile(
    rf"(?<![\d/.])(?P<day>[0-3]?\d)[/.-](?P<month>[01]?\d)[/.-](?P<year>(?:19|20)\d\d)(?!\d){_TIME}"
)
# How far down a page the dateline may sit (title, a kicker, a subtitle, …).
DATELINE_SEARCH_LINES = 6

_RELATED_HEADING = re.compile(
    r"^(?:le\s+pi[uù]\s+recenti|on\s+fire|leggi\s+anche|potrebbe\s+interessarti|ti\s+potrebbe\s+interessare"
    r"|articoli\s+correlati|notizie\s+correlate|correlati|altri\s+articoli|ultime\s+notizie|pi[uù]\s+lett[ie]"
    r"|in\s+evidenza|i\s+pi[uù]\s+visti|dello\s+stesso\s+autore|ultim[ie]\s+articol[io])\b",
    re.IGNORECASE,
)
_FOOTER = re.compile(
    r"copyright|©|\(c\)\s*\d{4}|all\s+rights\s+reserved|tutti\s+i\s+diritti\s+riservati|riproduzione\s+riservata"
    r"|testata\s+(?:giornalistica\s+)?registrata|registrazione\s+(?:del|presso\s+il)\s+tribunale|p\.?\s?iva\b"
    r"|partita\s+iva|codice\s+fiscale|direttore\s+responsabile|privacy\s+policy|cookie\s+policy",
    re.IGNORECASE,
)
# A teaser snippet opens with its byline: "di Marinella Mondaini per l'AntiDiplomatico …",
# "di Pepe Escobar – Strategic Culture [Traduzione a cura di: …] …".
_BYLINE = re.compile(
    r"^di\s+(?P<author>[A-ZÀ-Ý][\w'’.-]*(?:\s+(?:de|di|da|del|della|van|von|[A-ZÀ-Ý][\w'’.-]*)){0,4})"
    r"(?:\s+(?P<link>per|de|su)\s+|\s+[–—-]\s+(?P<source>[^\[\n]+?)(?=\s*\[|\s{2,}|$))?"
    r"(?:\s*\[(?P<note>[^\]]*)\])?",
)
_STAFF_BYLINE = re.compile(
    r"^(?P<author>(?:la\s+)?redazione)(?:\s+(?:de|di|del|della|dell['’])\s*(?P<outlet>.+))?$", re.IGNORECASE
)
# Cheap substring test before the footer pattern: most lines contain none of these.
_FOOTER_HINTS = ("copyright", "©", "(c)", "rights", "diritti", "riservat", "testata", "tribunale", "iva", "fiscale", "direttore", "policy")
# A dateline is short; searching only its head keeps long body lines cheap.
DATELINE_MAX_CHARS = 200
_TRANSLATOR = re.compile(r"traduzione\s+(?:a\s+cura\s+)?di:?\s*(?P<name>.+)", re.IGNORECASE)
# Function words that start a sentence: used to unglue "per l'AntiDiplomaticoIl presidente …".
_SENTENCE_OPENERS = (
    "Il", "Lo", "La", "I", "Gli", "Le", "L'", "Un", "Una", "Uno", "In", "Nel", "Nella", "Con", "Per", "Da",
    "Dal", "Dopo", "Secondo", "Ieri", "Oggi", "Domani", "È", "E", "Ma", "Non", "Io", "Noi", "Si", "Se", "Questo",
    "Questa", "Cosa", "Come", "Quando", "Mentre", "Adesso", "Ora", "Stasera", "A", "Al", "Alla", "Tra", "Fra",
    "Su", "Sul", "Sulla", "Cominciamo", "Proprio", "Già", "Anche", "Sono", "C'è",
)
_GLUED_OPENER = re.compile(
    r"(?<=[a-zà-ÿ.])(?P<opener>" + "|".join(sorted((re.escape(w) for w in _SENTENCE_OPENERS), key=len, reverse=True)) + r")(?=\s|$)"
)
# A line's content from its first to its last non-blank character: one block.
_LINE = re.compile(r"[^\s](?:[^\n]*[^\s])?")
_OUTLET_PREPOSITION = re.compile(r"^(?:de|del|della|dell['’]|di|per|su)\s*", re.IGNORECASE)
_LEADING_ARTICLE = re.compile(r"^(?:l'|la |il |lo )")
_OPENER_ALTERNATION = "|".join(sorted((re.escape(w) for w in _SENTENCE_OPENERS), key=len, reverse=True))
# An outlet's name when nothing better is known: capitalised words ("Il Fatto Quotidiano"),
# stopping at a word that rather opens the snippet ("per La Gazzetta Ieri sera …").
_OUTLET_WORDS = re.compile(rf"\S+(?:\s+(?!(?:{_OPENER_ALTERNATION})(?:\s|$))[A-ZÀ-Ý]\S*){{0,3}}")


class Block(NamedTuple):
    """A non-blank line of the page, stripped, with offsets into the decoded text."""

    kind: str
    text: str
    start: int
    end: int


class Teaser(NamedTuple):
    """A teaser of another article found in the page furniture."""

    title: str
    author: str | None
    outlet: str | None
    source: str | None
    snippet: str
    block: int


@dataclass
class Page:
    """What one page yields before any corpus-level step."""

    title: str | None = None
    published: datetime | None = None
    author: str | None = None
    outlet: str | None = None
    source: str | None = None
    translator: str | None = None
    blocks: list[Block] = field(default_factory=list)
    teasers: list[Teaser] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def find_date(text: str) -> tuple[re.Match[str], datetime, bool] | None:
    """The first Italian date in ``text``: its match, the value and whether it had a time."""
    for pattern in (_DATE_WORDS, _DATE_NUMERIC):
        for match in pattern.finditer(text):
            value = _date_value(match)
            if value is not None:
                return match, value, match.group("hour") is not None
    return None


def _date_value(match: re.Match[str]) -> datetime | None:
    month = match.group("month")
    month_number = int(month) if month.isdigit() else MONTHS[month.lower().rstrip(".")]
    hour, minute = match.group("hour"), match.group("minute")
    try:
        return datetime(
            int(match.group("year")), month_number, int(match.group("day")),
            int(hour) if hour else 0, int(minute) if minute else 0,
        )
    except ValueError:
        return None


def normalise_outlet(name: str | None) -> str | None:
    """``"de l'AntiDiplomatico"`` -> ``"L'AntiDiplomatico"``: the name as a heading would print it."""
    if not name:
        return None
    name = _OUTLET_PREPOSITION.sub("", name.strip(" \u00a0.,;:–—-"))
    name = name.replace("’", "'")
    if not name:
        return None
    return name[0].upper() + name[1:]


def parse_byline(line: str, *, known_outlets: tuple[str, ...] = (), whole: bool = False) -> dict[str, str | None]:
    """Split a byline into author, outlet, syndication source, translator and any text after it.

    ``whole``: the line is only a byline (a dateline's tail), so everything after
    "per" names the outlet. Otherwise (a teaser's snippet) the outlet is one of
    ``known_outlets`` (lower-cased) when the text starts with it — which also cuts
    a glued ``"per l'AntiDiplomaticoIl presidente …"`` right — else its capitalised words.
    """
    line = line.strip(" \u00a0")
    staff = _STAFF_BYLINE.match(line)
    if staff:
        return {
            "author": "La Redazione", "outlet": normalise_outlet(staff.group("outlet")),
            "source": None, "translator": None, "rest": "",
        }
    match = _BYLINE.match(line)
    if not match:
        return {"author": None, "outlet": None, "source": None, "translator": None, "rest": line}
    rest = line[match.end():]
    outlet = None
    if match.group("link"):
        if whole:
            outlet, rest = rest, ""
        else:
            outlet, rest = _split_outlet(rest, known_outlets)
    translator = None
    if match.group("note"):
        found = _TRANSLATOR.search(match.group("note"))
        translator = found.group("name").strip() if found else None
    source = match.group("source")
    return {
        "author": match.group("author").strip(),
        "outlet": normalise_outlet(outlet),
        "source": source.strip() if source else None,
        "translator": translator,
        "rest": rest.strip(" \u00a0"),
    }


def _split_outlet(text: str, known_outlets: tuple[str, ...]) -> tuple[str, str]:
    """Cut an outlet's name off the front of ``text``; return (outlet, the rest)."""
    lowered = text.lower().replace("’", "'")
    for known in known_outlets:
        bare = _LEADING_ARTICLE.sub("", known)
        for candidate in (known, "l'" + bare, bare):
            if lowered.startswith(candidate):
                return text[: len(candidate)], text[len(candidate):]
    words = _OUTLET_WORDS.match(text)
    if not words:
        return "", text
    outlet, rest = words.group(), text[words.end():]
    glued = _GLUED_OPENER.search(outlet)
    if glued:
        outlet, rest = outlet[: glued.start()], outlet[glued.start():] + rest
    return outlet, rest


def parse_page(text: str) -> Page:
    """Parse one decoded page into blocks with kinds, metadata and teasers."""
    page = Page()
    spans = [(match.group(), match.start(), match.end()) for match in _LINE.finditer(text)]
    if not spans:
        page.problems.append("no text")
        return page

    kinds = ["body"] * len(spans)
    kinds[0] = "title"
    page.title = spans[0][0]

    body_start = 1
    for index in range(1, min(len(spans), DATELINE_SEARCH_LINES)):
        found = find_date(spans[index][0][:DATELINE_MAX_CHARS])
        if found is None:
            continue
        match, page.published, has_time = found
        kinds[index] = "dateline"
        for between in range(1, index):
            kinds[between] = "header"
        body_start = index + 1
        byline = spans[index][0][match.end():].strip(" \u00a0,-–—|")
        if byline:
            fields = parse_byline(byline, whole=True)
            page.author, page.outlet = fields["author"], fields["outlet"]
            page.source, page.translator = fields["source"], fields["translator"]
            if fields["author"] is None:
                page.author = byline
        else:
            page.problems.append("author: no byline in dateline")
        if not has_time:
            page.problems.append("published: no time in dateline")
        break
    else:
        page.problems.append("published: no date near the top")

    furniture_start = _mark_furniture(spans, kinds, body_start)
    if furniture_start == body_start:
        page.problems.append("body: empty")

    page.blocks = [Block(kind, text_, start, end) for kind, (text_, start, end) in zip(kinds, spans)]
    if page.outlet is None:
        page.outlet = _outlet_from_footer(page.blocks)
    known = tuple(o.lower() for o in (page.outlet,) if o)
    teasers = _teasers(page.blocks, known)
    if page.outlet is None:
        teaser_outlets = [t.outlet for t in teasers if t.outlet]
        if teaser_outlets:
            page.outlet = max(set(teaser_outlets), key=teaser_outlets.count)
    # A teaser without an outlet of its own is promoted by, and published on, this page's site.
    page.teasers = [t if t.outlet else t._replace(outlet=page.outlet) for t in teasers]
    if page.outlet is None:
        page.problems.append("outlet: not found")
    if page.author is None and "author: no byline in dateline" not in page.problems:
        page.problems.append("author: not found")
    return page


def _mark_furniture(spans: list[tuple[str, int, int]], kinds: list[str], body_start: int) -> int:
    """Mark related-article sections and the footer; return the index where furniture begins."""
    end = len(spans)
    footer_start = end
    for index in range(end - 1, body_start - 1, -1):
        if _is_footer(spans[index][0]):
            footer_start = index
        elif end - index > 4:
            break
    for index in range(footer_start, end):
        kinds[index] = "footer"

    related_start = footer_start
    for index in range(body_start, footer_start):
        line = spans[index][0]
        if len(line) < 80 and _RELATED_HEADING.match(line):
            related_start = index
            break
    else:
        # No heading: teasers still show as a tail of (title, "di X per Y …") pairs.
        index = footer_start
        while index - 2 >= body_start and _BYLINE.match(spans[index - 1][0].lstrip(" \u00a0")) and len(spans[index - 2][0]) < 200:
            index -= 2
        related_start = index
    for index in range(related_start, footer_start):
        line = spans[index][0]
        kinds[index] = "related_heading" if len(line) < 80 and _RELATED_HEADING.match(line) else "related"
    return related_start


def _is_footer(line: str) -> bool:
    if len(line) >= 400:
        return False
    lowered = line.lower()
    return any(hint in lowered for hint in _FOOTER_HINTS) and _FOOTER.search(line) is not None


def _outlet_from_footer(blocks: list[Block]) -> str | None:
    for block in blocks:
        if block.kind != "footer":
            continue
        registered = re.match(r"^(.{2,60}?)\s+(?:è|e')\s+una\s+testata", block.text)
        if registered:
            return normalise_outlet(registered.group(1))
    return None


def _teasers(blocks: list[Block], known_outlets: tuple[str, ...]) -> list[Teaser]:
    related = [(index, block) for index, block in enumerate(blocks) if block.kind == "related"]
    teasers = []
    for (index, block), (_, following) in zip(related, related[1:]):
        snippet_line = following.text.lstrip(" \u00a0")
        if _BYLINE.match(block.text) or not _BYLINE.match(snippet_line):
            continue
        fields = parse_byline(snippet_line, known_outlets=known_outlets)
        teasers.append(
            Teaser(
                title=block.text, author=fields["author"], outlet=fields["outlet"],
                source=fields["source"], snippet=fields["rest"], block=index,
            )
        )
    return teasers
