"""One decoded news page -> a structured record. Pure: no disk, no corpus context.

A page is cut into blocks, one per non-blank line, each with its character
offsets into the decoded text, so nothing the parser sets aside is lost: every
non-whitespace character lies in exactly one block. Each block gets a kind:

``url``        a web address on a line of its own at the top;
``section``    a kicker above the title ("CRONACA", "Home > Politica");
``title``      the first line at the top that is shaped like a title;
``subtitle``   a standfirst: a short line right under the title that is not a paragraph;
``header``     other lines between the title and the dateline;
``dateline``   a short line led by (or labelled with) a date, at the top, or labelled at the end;
``byline``     an author line of its own ("di Anna Rossi", "Autore: …");
``body``       the article;
``related_heading`` / ``related``  the teasers of other articles
               ("Le più recenti da …", "Leggi anche", "Articoli correlati", …);
``tags``       tag lines ("Tag: …", "Argomenti: …");
``footer``     rights, copyright and registration lines.

Furniture is recognised by its shape (headings, teasers that are bare titles,
titles with excerpts or titles with bylines, labelled lines, copyright patterns),
never by one outlet's exact strings. A publication date comes only from a
dateline-shaped line, never from a body paragraph; ``published_source`` says
where it came from. Blocks that repeat verbatim across many pages of an outlet
are found later, at corpus level (:mod:`corpus.furniture`), because a single
page cannot tell.

Every step looks at a bounded number of lines or at each line once, so a page
costs time linear in its size, however many pages a file runs together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import NamedTuple
from zoneinfo import ZoneInfo

from corpus import lexicon

MONTHS = {**lexicon.MONTHS, **lexicon.MONTH_ABBREVIATIONS}
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY_NAMES = (*lexicon.WEEKDAYS, *(day[:-1] + "i" for day in lexicon.WEEKDAYS if day.endswith("ì")))
_WEEKDAYS = rf"(?:{lexicon.alternation((*_WEEKDAY_NAMES, *lexicon.WEEKDAY_ABBREVIATIONS))})\.?"
# Labels that put a date on a line: "Pubblicato il", "Aggiornato il … alle ore …", "Data:".
_PUBLISHED_LABELS = lexicon.alternation(lexicon.PUBLISHED_LABELS)
_UPDATED_LABELS = lexicon.alternation(lexicon.UPDATED_LABELS)

_TIME = (
    r"(?:\s*(?:,|-|–|—|\||alle\s+ore|alle\s+h\.?|alle|ore|h\.?)?\s*"
    r"(?P<hour>[01]?\d|2[0-3])[:.](?P<minute>[0-5]\d)(?:[:.][0-5]\d)?(?![\d/]))?"
)
# The weekday before a date ("mercoledì 5 gennaio 2022") is read as part of a dateline's lead.
_DATE_WORDS = re.compile(
    rf"(?P<day>[0-3]?\d)(?:°|º)?\s+(?P<month>{_MONTH_NAMES})\.?\s+(?P<year>(?:19|20)\d\d)(?!\d){_TIME}",
    re.IGNORECASE,
)
_DATE_NUMERIC = re.compile(
    rf"(?<![\d/.])(?P<day>[0-3]?\d)[/.-](?P<month>[01]?\d)[/.-](?P<year>(?:19|20)\d\d)(?!\d){_TIME}"
)
# ISO 8601 and what WordPress and feeds print: 2022-01-05, 2022-01-05T21:16:00+01:00, 2022-01-05 21:16.
_DATE_ISO = re.compile(
    r"(?<![\d/.-])(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)"
    r"(?:(?:T|\s+|\s*,\s*)(?P<hour>[01]\d|2[0-3])[:.](?P<minute>[0-5]\d)(?::[0-5]\d(?:\.\d+)?)?"
    r"\s*(?P<zone>Z|[+-](?:[01]\d):?[0-5]\d)?)?(?![\d:])"
)
_DATE_PATTERNS = (_DATE_WORDS, _DATE_NUMERIC, _DATE_ISO)
ROME = ZoneInfo("Europe/Rome")

# How many lines at the top may hold a URL, a kicker, the title, a standfirst, datelines and bylines.
TOP_LINES = 10
# A dateline is short: a date and at most a byline or an outlet's name; its date comes
# first or after a label, a place or a byline.
DATELINE_MAX_CHARS = 200
DATELINE_LEAD_CHARS = 100
_DATELINE_TAIL_WORDS = 16
# A title is a line, not a paragraph.
TITLE_MAX_CHARS = 200
# A standfirst: one line of a few words to a couple of sentences' length.
SUBTITLE_CHARS = (30, 300)
# A rights line glued to a paragraph is short, and follows a sentence, not a word or two.
GLUED_RIGHTS_MAX_CHARS = 120
GLUED_MIN_PARAGRAPH_CHARS = 20
# How many lines at the end of a page may hold a labelled date ("Pubblicato il …").
BOTTOM_DATELINE_LINES = 6
# Furniture this much larger than its body is no page's furniture: pages run together, or a
# section never ended. The floor keeps short articles with a normal teaser list out of it.
IMPLAUSIBLE_FURNITURE_CHARS = 20_000
IMPLAUSIBLE_FURNITURE_RATIO = 3

_DIGIT = re.compile(r"\d")
# A sentence ends and another starts inside a line: "… dalla Francia. La Nuova Caledonia …".
_SENTENCE_INSIDE = re.compile(r"[a-zà-ù]{3}[.!?] [A-ZÀ-Ý][a-zà-ù]")
_NUMBER_START = re.compile(r"(?<!\d)\d")
_SEPARATORS = " \u00a0,;-–—|·•:"
_TERMINAL = re.compile(r"[.!?…:;][\"'”’»)\]]*$")

_RELATED_HEADING = re.compile(rf"^(?:{lexicon.alternation(lexicon.RELATED_HEADINGS)})\b", re.IGNORECASE)
# "LEGGI ANCHE: Il titolo di un altro articolo" on one line, in the body or below it.
_INLINE_RELATED = re.compile(
    r"^(?:leggi\s+anche|vedi\s+anche|guarda\s+anche|approfondisci|leggi\s+(?:qui|l['’]articolo))\s*[:>»–—-]+\s*(?P<title>\S.*)$",
    re.IGNORECASE,
)
_FOOTER = re.compile(
    r"copyright|©|\(c\)\s*\d{4}|all\s+rights\s+reserved|(?:tutti\s+i|alcuni)\s+diritti\s+riservati|riproduzione\s+riservata"
    r"|testata\s+(?:giornalistica\s+)?registrata|registrazione\s+(?:del|presso\s+il)\s+tribunale|p\.?\s?iva\b"
    r"|partita\s+iva|codice\s+fiscale|direttore\s+responsabile|privacy\s+policy|cookie\s+policy",
    re.IGNORECASE,
)
# Cheap substring test before the footer pattern: most lines contain none of these.
_FOOTER_HINTS = ("copyright", "©", "(c)", "rights", "diritti", "riservat", "testata", "tribunale", "iva", "fiscale", "direttore", "policy")
# A rights line: what may stand anywhere below the title, or glued to the last paragraph.
_RIGHTS = (
    r"(?:©|\(c\)|copyright)\s*(?:copyright\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?[\w'’&.\- ]{0,50}?"
    r"(?:\s*[-–|,]?\s*(?:riproduzione\s+riservata|(?:tutti\s+i|alcuni)\s+diritti\s+riservati|all\s+rights\s+reserved))?"
    r"|(?:riproduzione\s+riservata|(?:tutti\s+i|alcuni)\s+diritti\s+riservati|all\s+rights\s+reserved)"
    r"(?:\s*[-–|,]?\s*(?:©|\(c\)|copyright)\s*(?:copyright\s*)?(?:\d{4}\s*)?[\w'’&.\- ]{0,50}?)?"
)
_RIGHTS_LINE = re.compile(rf"^\s*(?:{_RIGHTS})\s*[.]?$", re.IGNORECASE)
# The same, glued after the last sentence: "… ha detto.Riproduzione riservata © Copyright ANSA".
# After a sentence any rights line may be glued; after a bare word, even with no space
# ("… a bordo figuranoRiproduzione riservata © Copyright ANSA"), only one whose words cannot
# end a sentence, capitalised when nothing separates them.
_GLUED_RIGHTS = re.compile(
    rf"(?:(?<=[.!?…:;\"”»)])\s*|\s(?=©|riproduzione\s+riservata|(?:tutti\s+i|alcuni)\s+diritti\s+riservati)"
    rf"|(?<=[a-zà-ù])(?=(?-i:©|Riproduzione\s+riservata|RIPRODUZIONE\s+RISERVATA|ALCUNI\s+DIRITTI|TUTTI\s+I\s+DIRITTI)))"
    rf"(?P<rights>(?:{_RIGHTS})\s*[.]?)$",
    re.IGNORECASE,
)
_RIGHTS_OUTLET = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:copyright\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?"
    r"(?P<name>[A-ZÀ-Ý][\w'’&.]*(?:\s+(?!\d)[\w'’&.]+){0,4}?)"
    r"(?=\s*(?:$|[-–|,(]|\d{4}|all\s+rights|tutti|alcuni|riproduzione|s\.?r\.?l\b|s\.?p\.?a\b|p\.?\s?iva))",
    re.IGNORECASE,
)
# "L'AntiDiplomatico è una testata registrata …", "Gazzetta di Potenza - Testata registrata …".
_REGISTERED = re.compile(r"^(.{2,60}?)\s+(?:è|e'|[-–—|])\s+(?:una\s+)?testata", re.IGNORECASE)
_NOT_OUTLETS = re.compile(r"^(?:riproduzione|tutti|alcuni|all|copyright|riservat)", re.IGNORECASE)
_TAG_LINE = re.compile(rf"^(?:{lexicon.alternation(lexicon.TAG_LABELS)})\s*[:：]\s*(?P<tags>\S.*)$", re.IGNORECASE)
_TAG_HEADING = re.compile(rf"^(?:{lexicon.alternation(lexicon.TAG_LABELS)})\s*:?$", re.IGNORECASE)
# How every line that may be furniture amid the body starts: one cheap test before the real ones.
_BODY_FURNITURE_START = re.compile(
    r"(?:leggi|vedi|guarda|approfondisci|tag|argomenti|parole|keyword|temi|etichette|©|\(c\)|copyright|riproduzione"
    r"|tutti|alcuni|all\s)",
    re.IGNORECASE,
)
_TAG_SPLIT = re.compile(r"\s*[,;|•·#]\s*|\s{2,}")
# A tag under a bare "Tag" heading: a few words, no sentence.
TAG_MAX_CHARS = 40
_URL_LINE = re.compile(r"^(?:(?:url|link|fonte|source)\s*:\s*)?(?P<url>(?:https?://|www\.)[^\s<>\"]+)$", re.IGNORECASE)
# A day in an article's address: /2022/01/05/slug, /2022/01/05-slug, /2022-01-05/…; not the query string.
_URL_DAY = re.compile(r"/(?P<year>(?:19|20)\d\d)(?P<sep>[/-])(?P<month>[01]?\d)(?P=sep)(?P<day>[0-3]?\d)(?=[/_.-]|$)")

_NAME_WORD = r"(?:[A-ZÀ-Ý][\w'’.-]*|[A-ZÀ-Ý]\.)"
_PARTICLE = r"(?:de|di|da|del|della|dei|van|von|la|lo)"
_NAME = re.compile(rf"^{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_NAME_WORD}){{1,3}}$")
# A teaser snippet opens with its byline: "di Marinella Mondaini per l'AntiDiplomatico …",
# "di Pepe Escobar – Strategic Culture [Traduzione a cura di: …] …".
_BYLINE = re.compile(
    r"^(?:di|Di|DI)\s+(?P<author>[A-ZÀ-Ý][\w'’.-]*(?:\s+(?:de|di|da|del|della|van|von|[A-ZÀ-Ý][\w'’.-]*)){0,4})"
    r"(?:\s+(?P<link>per|de|su)\s+|\s+[–—-]\s+(?P<source>[^\[\n]+?)(?=\s*\[|\s{2,}|$))?"
    r"(?:\s*\[(?P<note>[^\]]*)\])?",
)
_STAFF_BYLINE = re.compile(
    r"^(?P<author>(?:la\s+)?redazione)(?:\s+(?:de|di|del|della|dell['’])\s*(?P<outlet>.+))?$", re.IGNORECASE
)
# "Autore: Anna Rossi", "A cura di Anna Rossi", "Scritto da Anna Rossi", "By Anna Rossi".
_AUTHOR_LABEL = re.compile(r"^(?:autore|autrice|firma|by|a\s+cura\s+di|scritto\s+da|articolo\s+di)\s*:?\s+(?=[A-ZÀ-Ý])", re.IGNORECASE)
_TRANSLATOR = re.compile(r"traduzione\s+(?:a\s+cura\s+)?di:?\s*(?P<name>.+)", re.IGNORECASE)
# Function words that start a sentence: used to unglue "per l'AntiDiplomaticoIl presidente …".
_SENTENCE_OPENERS = lexicon.SENTENCE_OPENERS
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
_ARTICLE_LED = re.compile(r"^(?:il|lo|la|l['’]|i|gli|le)\s*[A-ZÀ-Ý0-9]")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&.]{1,11}$")
_DOMAIN = re.compile(r"\b[\w-]+\.(?:it|com|net|org|eu|info|news)\b", re.IGNORECASE)
# A place before a dateline's date: "Roma, ", "MILANO - ", "San Giovanni in Persiceto, ".
_PLACE = re.compile(
    r"^[A-ZÀ-Ý][\w'’.]*(?:\s+(?:[A-ZÀ-Ý][\w'’.]*|in|di|del|della|sul|al|dei|de|d['’]\w+)){0,3}\s*(?:,|\s[–—-])$"
)
_LABEL_AT_END = re.compile(
    rf"(?i:(?P<label>{_UPDATED_LABELS}|{_PUBLISHED_LABELS}))(?:\s+da\s+(?P<by>[^,|:]+?))?"
    r"\s*(?i:il|l['’]|in\s+data|on|del|alle?)?\s*[:.]?\s*$"
)
_LABEL_LEAD = re.compile(
    rf"[\s,;|·•–—-]*(?i:(?P<label>{_UPDATED_LABELS}|{_PUBLISHED_LABELS}))\s*(?i:il|l['’]|in\s+data|on|del|alle?)?\s*[:.]?\s*"
)
# How a dateline at the end of a page starts: with its label or its date.
_DATELINE_START = re.compile(rf"\d|(?:{_WEEKDAYS}|{_UPDATED_LABELS}|{_PUBLISHED_LABELS})\b", re.IGNORECASE)
_UPDATED = re.compile(rf"^(?:{_UPDATED_LABELS})$", re.IGNORECASE)
# The parts of a dateline's tail: "di Anna Rossi | Gazzetta di Modena", "Anna Rossi - ANSA".
_BYLINE_PARTS = re.compile(r"\s+[-–—|·•]\s+|\s*\|\s*|\s*[·•]\s*|,\s+")
_WEEKDAY_ONLY = re.compile(rf"^(?i:{_WEEKDAYS})\s*,?$")
_BREADCRUMB = re.compile(r"^\S[^>/»]{0,30}(?:\s+[>/»]\s+[^>/»]{1,30}){1,4}$")


class Block(NamedTuple):
    """A non-blank line of the page (or part of one), stripped, with offsets into the decoded text."""

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
    """What one page yields before any corpus-level step.

    ``published_source`` is where ``published`` came from: ``"dateline"`` (a date-led or
    labelled line at the top), ``"footer"`` (a labelled date at the end of the page) or
    ``"url"`` (the day in the article's address); ``None`` without a date.
    """

    title: str | None = None
    published: datetime | None = None
    author: str | None = None
    outlet: str | None = None
    source: str | None = None
    translator: str | None = None
    url: str | None = None
    subtitle: str | None = None
    section: str | None = None
    updated: datetime | None = None
    published_source: str | None = None
    tags: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    teasers: list[Teaser] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


class _Dateline(NamedTuple):
    published: datetime | None
    updated: datetime | None
    has_time: bool
    byline: str
    labelled: bool
    where: str = "dateline"


def find_date(text: str, start: int = 0) -> tuple[re.Match[str], datetime, bool] | None:
    """The leftmost Italian or ISO date in ``text`` (from ``start``): its match, the value and whether it had a time."""
    # Every date starts with a digit: trying the patterns only where a number starts is
    # several times faster than letting each pattern scan the whole text.
    for number in _NUMBER_START.finditer(text, start):
        for pattern in _DATE_PATTERNS:
            match = pattern.match(text, number.start())
            if match is not None:
                value = _date_value(match)
                if value is not None:
                    return match, value, match.group("hour") is not None
    return None


def _date_value(match: re.Match[str]) -> datetime | None:
    month = match.group("month")
    month_number = int(month) if month.isdigit() else MONTHS[month.lower().rstrip(".")]
    hour, minute = match.group("hour"), match.group("minute")
    try:
        value = datetime(
            int(match.group("year")), month_number, int(match.group("day")),
            int(hour) if hour else 0, int(minute) if minute else 0,
        )
    except ValueError:
        return None
    zone = match.groupdict().get("zone")
    if zone:
        # An explicit offset is converted to Rome's wall clock, what every other dateline gives.
        if zone == "Z":
            offset = timedelta(0)
        else:
            sign = -1 if zone[0] == "-" else 1
            digits = zone[1:].replace(":", "")
            offset = sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        value = value.replace(tzinfo=timezone(offset)).astimezone(ROME).replace(tzinfo=None)
    return value


def date_from_url(url: str) -> datetime | None:
    """The day in an article's address (``/2022/01/05/slug``), or ``None``; the query is not read."""
    path = re.split(r"[?#]", url, maxsplit=1)[0]
    match = _URL_DAY.search(path)
    if match is None:
        return None
    try:
        return datetime(int(match.group("year")), int(match.group("month")), int(match.group("day")))
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


def looks_like_outlet(text: str) -> bool:
    """A name that reads as a newspaper's or an agency's, not a person's.

    "Gazzetta di Modena", "Il Sole 24 Ore", "ANSA", "modenatoday.it".
    """
    text = text.strip()
    if not text or len(text) > 60:
        return False
    if _ACRONYM.match(text) or _DOMAIN.search(text) or _ARTICLE_LED.match(text):
        return True
    words = {w.strip(".,'’").lower() for w in re.split(r"[\s'’]+", text)}
    return bool(words & lexicon.OUTLET_NOUNS)


def _byline_fields(text: str) -> dict[str, str | None]:
    """Author, outlet, source and translator from what a dateline holds besides its date."""
    text = text.strip(_SEPARATORS)
    fields: dict[str, str | None] = {"author": None, "outlet": None, "source": None, "translator": None}
    if not text:
        return fields
    whole = _author_line(text)
    if whole is not None:
        return {key: whole[key] for key in fields}
    for part in _BYLINE_PARTS.split(text):
        part = part.strip(_SEPARATORS)
        if not part:
            continue
        found = _author_line(part)
        if found is not None:
            for key in fields:
                fields[key] = fields[key] or found[key]
        elif looks_like_outlet(part) and fields["outlet"] is None:
            fields["outlet"] = normalise_outlet(part)
        elif fields["author"] is None:
            fields["author"] = part
    return fields


def _author_line(line: str) -> dict[str, str | None] | None:
    """The fields of a line that is only a byline ("di Anna Rossi per X", "Autore: Anna Rossi"), else ``None``."""
    labelled = _AUTHOR_LABEL.match(line)
    if labelled:
        line = "di " + line[labelled.end():]
    fields = parse_byline(line, whole=True)
    if fields["author"] is None or fields["rest"]:
        return None
    if labelled is None and line[:2] == "Di" and len(line) > 60:
        return None
    return fields


def _is_name(text: str) -> bool:
    return len(text) <= 50 and _NAME.match(text) is not None and not looks_like_outlet(text)


def _dateline(line: str) -> _Dateline | None:
    """A dateline's dates and byline when ``line`` is shaped like one: short, date-led or labelled."""
    if len(line) > DATELINE_MAX_CHARS:
        return None
    if not _DIGIT.search(line):
        return None
    first = find_date(line)
    if first is None or first[0].start() > DATELINE_LEAD_CHARS:
        return None
    match, value, has_time = first
    raw_prefix = line[: match.start()].rstrip()
    prefix = raw_prefix.strip(_SEPARATORS)
    updated_first, labelled, lead = False, False, ""
    if prefix:
        label = _LABEL_AT_END.search(prefix)
        if label:
            labelled = True
            updated_first = _UPDATED.match(label.group("label")) is not None
            lead = (label.group("by") or "").strip()
            prefix = prefix[: label.start()].strip(_SEPARATORS)
        if prefix and _author_line(prefix) is not None:
            lead = prefix
        elif prefix and not (_WEEKDAY_ONLY.match(prefix) or (not labelled and _PLACE.match(raw_prefix))):
            return None
    published, updated = (None, value) if updated_first else (value, None)
    times = has_time
    end = match.end()
    # "Pubblicato il … Aggiornato il … alle ore …": a second date, labelled, on the same line.
    while (label := _LABEL_LEAD.match(line, end)) is not None:
        later = find_date(line, label.end())
        if later is None or line[label.end(): later[0].start()].strip(_SEPARATORS):
            break
        if _UPDATED.match(label.group("label")):
            updated = updated or later[1]
        elif published is None:
            published, times = later[1], later[2]
        end = later[0].end()
    rest = line[end:].strip(_SEPARATORS)
    if rest and not _is_byline_text(rest):
        return None
    byline = " - ".join(part for part in (lead, rest) if part)
    return _Dateline(published, updated, times, byline, labelled)


def _led_by_date(line: str) -> bool:
    """A dateline that starts with its date or label: the cheap test for lines far from the top."""
    return len(line) <= DATELINE_MAX_CHARS and _DATELINE_START.match(line) is not None and _dateline(line) is not None


def _is_byline_text(text: str) -> bool:
    """What may follow a dateline's date: bylines, outlet names, a rights line; not a sentence."""
    if len(text.split()) > _DATELINE_TAIL_WORDS:
        return False
    if _author_line(text) is not None:
        return True
    for part in _BYLINE_PARTS.split(text):
        part = part.strip(_SEPARATORS)
        if part and not (
            _author_line(part) is not None or looks_like_outlet(part) or _is_name(part)
            or is_footer(part) or (len(part.split()) <= 3 and part[0].isupper())
        ):
            return False
    return True


def _is_paragraph(line: str) -> bool:
    """Too long for a title, ending a sentence, or holding two sentences ("… dalla Francia. La Nuova …")."""
    return (
        len(line) > TITLE_MAX_CHARS or (line.endswith(".") and not line.endswith(".."))
        or (len(line) > 100 and _SENTENCE_INSIDE.search(line) is not None)
    )


def _is_title(line: str) -> bool:
    # A line ending in a colon, a semicolon or a comma goes on below: it is the text's, not a title.
    return len(line) <= TITLE_MAX_CHARS and not _is_paragraph(line) and not line.endswith((":", ";", ","))


def _is_subtitle(line: str) -> bool:
    low, high = SUBTITLE_CHARS
    return (
        low <= len(line) <= high and len(line.split()) >= 4 and _TERMINAL.search(line) is None
        and _RELATED_HEADING.match(line) is None and _TAG_LINE.match(line) is None and not is_footer(line)
    )


def _is_section(line: str, following: str | None) -> bool:
    """A kicker above the title: a section name, words in capitals, or a breadcrumb."""
    if following is None or len(line) > 40 or not _is_title(following):
        return False
    lowered = line.lower().strip(" :")
    return (
        lowered in lexicon.SECTIONS or _BREADCRUMB.match(line) is not None
        or (len(line.split()) <= 3 and line.isupper() and len(following) > len(line))
    )


def _top_role(line: str) -> str | _Dateline | None:
    if len(line) <= 500 and _URL_LINE.match(line):
        return "url"
    dateline = _dateline(line)
    if dateline is not None:
        return dateline
    if len(line) <= 100 and _author_line(line) is not None:
        return "byline"
    return None


def parse_page(text: str) -> Page:
    """Parse one decoded page into blocks with kinds, metadata and teasers."""
    page = Page()
    spans = line_spans(text)
    if not spans:
        page.problems.append("no text")
        return page

    kinds = ["body"] * len(spans)
    datelines: list[_Dateline] = []
    bylines: list[str] = []
    body_start = _read_top(spans, kinds, page, datelines, bylines)
    body_end = mark_furniture(spans, kinds, body_start)
    _date_at_the_bottom(spans, kinds, body_start, datelines)

    _apply_datelines(page, datelines)
    if page.published is None and page.url:
        day = date_from_url(page.url)
        if day is not None:
            page.published, page.published_source = day, "url"
    if page.published is None:
        page.problems.append("published: no date near the top")
    for line in bylines:
        fields = _author_line(line) or {}
        for key in ("author", "outlet", "source", "translator"):
            if getattr(page, key) is None and fields.get(key):
                setattr(page, key, fields[key])

    _blocks_and_furniture(page, spans, kinds, body_end)
    if page.author is None:
        top = [d for d in datelines if d.where == "dateline"]
        bare = top and not bylines and not any(d.byline for d in top)
        page.problems.append("author: no byline in dateline" if bare else "author: not found")
    return page


def parse_body(text: str) -> Page:
    """An article body known to be one (a dataset's text column): every line is body, except furniture.

    Related sections, tag lines and rights lines are still found by their shape
    and kept as blocks out of the body; the title, date and byline come from
    elsewhere (the dataset's columns), so none is looked for.
    """
    page = Page()
    spans = line_spans(text)
    if not spans:
        page.problems.append("no text")
        return page
    kinds = ["body"] * len(spans)
    _blocks_and_furniture(page, spans, kinds, mark_furniture(spans, kinds, 0))
    page.problems = [problem for problem in page.problems if problem != "outlet: not found"]
    return page


def _blocks_and_furniture(page: Page, spans: list[tuple[str, int, int]], kinds: list[str], body_end: int) -> None:
    """Make the page's blocks from its marked lines; read its tags, teasers and outlet; check its furniture's size."""
    page.blocks = make_blocks(spans, kinds, body_end)
    page.tags = [tag for block in page.blocks if block.kind == "tags" for tag in tags_of(block.text)]
    if not any(block.kind == "body" for block in page.blocks):
        page.problems.append("body: empty")
    check_furniture_size(page)
    add_teasers_and_outlet(page)


def line_spans(text: str) -> list[tuple[str, int, int]]:
    """Each non-blank line of ``text``, stripped, with its start and end offsets."""
    return [(match.group(), match.start(), match.end()) for match in _LINE.finditer(text)]


def add_teasers_and_outlet(page: Page) -> None:
    """Read the teasers of ``page.blocks``; name the outlet from the footer or the teasers when nothing else did.

    The order says how much each source knows of this page: a registration line, then a
    rights line ("© Copyright ANSA"), then the outlet most teasers name.
    """
    if page.outlet is None:
        page.outlet = _outlet_from_registration(page.blocks) or _outlet_from_rights(page.blocks)
    known = tuple(o.lower() for o in (page.outlet,) if o)
    teasers = find_teasers(page.blocks, known)
    if page.outlet is None:
        teaser_outlets = [t.outlet for t in teasers if t.outlet]
        if teaser_outlets:
            page.outlet = max(set(teaser_outlets), key=teaser_outlets.count)
    # A teaser without an outlet of its own is promoted by, and published on, this page's site.
    page.teasers = [t if t.outlet else t._replace(outlet=page.outlet) for t in teasers]
    if page.outlet is None:
        page.problems.append("outlet: not found")


def _read_top(
    spans: list[tuple[str, int, int]], kinds: list[str], page: Page,
    datelines: list[_Dateline], bylines: list[str],
) -> int:
    """Mark the lines above the body (url, kicker, title, standfirst, datelines, bylines); return where the body starts."""
    n = len(spans)
    limit = min(n, TOP_LINES)
    roles: dict[int, str | _Dateline | None] = {}

    def role(index: int) -> str | _Dateline | None:
        if index not in roles:
            roles[index] = _top_role(spans[index][0]) if index < limit else None
        return roles[index]

    def take(index: int) -> None:
        found = role(index)
        if found == "url":
            kinds[index] = "url"
            page.url = page.url or _URL_LINE.match(spans[index][0]).group("url")
        elif found == "byline":
            kinds[index] = "byline"
            bylines.append(spans[index][0])
        else:
            kinds[index] = "dateline"
            datelines.append(found)

    def takes(index: int) -> bool:
        """A role line to take; a second publication date is the body's, as in "18 Maggio 2012" under a dateline."""
        found = role(index)
        if isinstance(found, _Dateline) and found.published is not None:
            return not any(d.published is not None for d in datelines)
        return found is not None

    index = 0
    while index < limit and takes(index):
        take(index)
        index += 1
    if index >= n:
        page.problems.append("title: none, the page has only url or dateline lines")
        return index
    following = spans[index + 1][0] if index + 1 < n and role(index + 1) is None else None
    if index + 1 < limit and _is_section(spans[index][0], following):
        kinds[index] = "section"
        page.section = spans[index][0]
        index += 1
    line = spans[index][0]
    # A dateline right below says the line above it is the title, whatever its shape.
    under_dateline = len(line) <= TITLE_MAX_CHARS and index + 1 < limit and isinstance(role(index + 1), _Dateline)
    if not under_dateline and (not _is_title(line) or (n - index == 1 and _TERMINAL.search(line))):
        page.problems.append("title: none, the page opens with a paragraph")
        return index
    kinds[index] = "title"
    page.title = line
    index += 1

    # A dateline further down makes every line between it and the title a header.
    dateline_at = None
    paragraphs = 0
    for later in range(index, limit):
        if isinstance(role(later), _Dateline):
            dateline_at = later
            break
        if role(later) is None and _is_paragraph(spans[later][0]):
            paragraphs += 1
            if paragraphs > 1 or len(spans[later][0]) > SUBTITLE_CHARS[1]:
                break
    # Past a paragraph-like line, a dateline must still have the article below it: at the end
    # of a short page, "Pubblicato il …" is the footer's, and that line was the body.
    if dateline_at is not None and paragraphs and (dateline_at + 1 >= n or is_footer(spans[dateline_at + 1][0])):
        dateline_at = None
    if dateline_at is not None:
        for between in range(index, dateline_at):
            if role(between) is not None:
                take(between)
            elif page.subtitle is None:
                kinds[between], page.subtitle = "subtitle", spans[between][0]
            else:
                kinds[between] = "header"
        index = dateline_at
    while index < limit and takes(index):
        take(index)
        index += 1
    # A standfirst right under the title (no dateline between): a line, not the first paragraph.
    if page.subtitle is None and dateline_at is None and index + 1 < n and _is_subtitle(spans[index][0]):
        kinds[index], page.subtitle = "subtitle", spans[index][0]
        index += 1
        while index < limit and takes(index):
            take(index)
            index += 1
    return index


def _apply_datelines(page: Page, datelines: list[_Dateline]) -> None:
    """Published, updated, author and outlet from the datelines found, the first of each kind winning."""
    for dateline in datelines:
        if page.published is None and dateline.published is not None:
            page.published = dateline.published
            page.published_source = dateline.where
            if not dateline.has_time:
                page.problems.append("published: no time in dateline")
        if page.updated is None and dateline.updated is not None:
            page.updated = dateline.updated
    if page.published is None and page.updated is not None:
        page.published, page.published_source = page.updated, "dateline"
        page.problems.append("published: only an update time given")
    for dateline in datelines:
        if dateline.byline:
            fields = _byline_fields(dateline.byline)
            page.author = page.author or fields["author"]
            page.outlet = page.outlet or fields["outlet"]
            page.source = page.source or fields["source"]
            page.translator = page.translator or fields["translator"]


def mark_furniture(spans: list[tuple[str, int, int]], kinds: list[str], body_start: int) -> int:
    """Mark related sections, tag lines and the footer below ``body_start``; return where furniture begins.

    The footer is the run of rights, registration and address lines at the very end;
    a related section runs from its heading to the footer (or, headless, is a tail of
    title and byline-led snippet pairs). In the body, a one-line "Leggi anche: …",
    a tag line or a rights line is furniture wherever it stands.
    """
    end = len(spans)
    footer_start = end
    for index in range(end - 1, body_start - 1, -1):
        line = spans[index][0]
        if _glued_rights(line) is not None:
            break
        if _is_footer_line(line) or _is_tag_line(line):
            footer_start = index
        elif end - index > 4 or len(line) > TITLE_MAX_CHARS:
            break
    for index in range(footer_start, end):
        kinds[index] = "tags" if _is_tag_line(spans[index][0]) else "footer"

    related_start = footer_start
    for index in range(body_start, footer_start):
        line = spans[index][0]
        if len(line) < 80 and is_related_heading(line):
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
        if len(line) < 80 and is_related_heading(line):
            kinds[index] = "related_heading"
        elif _is_tag_line(line):
            kinds[index] = "tags"
        elif is_rights_line(line) or len(line) <= TITLE_MAX_CHARS and is_footer(line):
            kinds[index] = "footer"
        else:
            kinds[index] = "related"

    index = body_start
    while index < related_start:
        line = spans[index][0]
        if _BODY_FURNITURE_START.match(line) is None:
            pass
        elif _INLINE_RELATED.match(line):
            kinds[index] = "related"
        elif _is_tag_line(line):
            kinds[index] = "tags"
        elif is_rights_line(line):
            kinds[index] = "footer"
        elif _TAG_HEADING.match(line) and index + 1 < related_start and _is_tag_item(spans[index + 1][0]):
            kinds[index] = "tags"
            while index + 1 < related_start and _is_tag_item(spans[index + 1][0]):
                index += 1
                kinds[index] = "tags"
        index += 1
    return related_start


def is_related_heading(line: str) -> bool:
    return _RELATED_HEADING.match(line) is not None and _INLINE_RELATED.match(line) is None


def is_footer(line: str) -> bool:
    if len(line) >= 400:
        return False
    lowered = line.lower()
    # A plain loop: a generator here costs more than the substring tests themselves.
    for hint in _FOOTER_HINTS:
        if hint in lowered:
            return _FOOTER.search(line) is not None
    return False


def _is_footer_line(line: str) -> bool:
    """A footer line at the end of a page; a sentence that mentions copyright is the article's."""
    return is_footer(line) and (len(line) <= 80 or not _TERMINAL.search(line) or is_rights_line(line))


def is_rights_line(line: str) -> bool:
    return len(line) <= 120 and is_footer(line) and _RIGHTS_LINE.match(line) is not None


def _is_tag_line(line: str) -> bool:
    return len(line) <= 400 and _TAG_LINE.match(line) is not None


def _is_tag_item(line: str) -> bool:
    return len(line) <= TAG_MAX_CHARS and len(line.split()) <= 5 and _TERMINAL.search(line) is None


def tags_of(line: str) -> list[str]:
    labelled = _TAG_LINE.match(line)
    if labelled:
        line = labelled.group("tags")
    elif _TAG_HEADING.match(line):
        return []
    return [tag for tag in _TAG_SPLIT.split(line.strip(" .")) if tag]


def _date_at_the_bottom(spans: list[tuple[str, int, int]], kinds: list[str], body_start: int, datelines: list[_Dateline]) -> None:
    """A labelled date among the last lines ("Pubblicato il …"), or a date-led rights line, is a dateline too."""
    for index in range(max(body_start, len(spans) - BOTTOM_DATELINE_LINES), len(spans)):
        line = spans[index][0]
        if kinds[index] not in ("body", "footer") or len(line) > DATELINE_MAX_CHARS or not _DATELINE_START.match(line):
            continue
        dateline = _dateline(line)
        if dateline is not None and (dateline.labelled or kinds[index] == "footer"):
            kinds[index] = "dateline"
            datelines.append(dateline._replace(byline="", where="footer"))


def make_blocks(spans: list[tuple[str, int, int]], kinds: list[str], body_end: int) -> list[Block]:
    """The blocks, with a rights line glued to the last paragraph cut off into a footer block of its own."""
    blocks = [Block(kind, text_, start, end) for kind, (text_, start, end) in zip(kinds, spans)]
    last_body = next((i for i in range(body_end - 1, -1, -1) if kinds[i] == "body"), None)
    if last_body is None:
        return blocks
    block = blocks[last_body]
    cut = _glued_rights(block.text)
    if cut is None:
        return blocks
    body_text = block.text[:cut].rstrip()
    rights = Block("footer", block.text[cut:], block.start + cut, block.end)
    return blocks[:last_body] + [block._replace(text=body_text, end=block.start + len(body_text)), rights] + blocks[last_body + 1:]


def _glued_rights(line: str) -> int | None:
    """Where a rights line glued after a paragraph's last sentence starts, if one is."""
    tail = line[-GLUED_RIGHTS_MAX_CHARS:]
    if not is_footer(tail):
        return None
    glued = _GLUED_RIGHTS.search(tail)
    if glued is None:
        return None
    cut = len(line) - len(tail) + glued.start("rights")
    return cut if cut >= GLUED_MIN_PARAGRAPH_CHARS else None


def check_furniture_size(page: Page) -> None:
    furniture = sum(len(b.text) for b in page.blocks if b.kind in ("related", "related_heading", "footer", "tags"))
    body = sum(len(b.text) for b in page.blocks if b.kind == "body")
    if furniture > max(IMPLAUSIBLE_FURNITURE_CHARS, IMPLAUSIBLE_FURNITURE_RATIO * body):
        # Counted only here, on the rare page that needs it: titles followed by a dateline of their own.
        starts = sum(
            1 for block, following in zip(page.blocks, page.blocks[1:])
            if block.kind == "related" and _is_title(block.text) and _led_by_date(following.text)
        )
        pages = f"; {starts} more title and dateline pairs below the body (pages run together?)" if starts else ""
        page.problems.append(
            f"furniture: {furniture:,} characters of related and footer blocks for {body:,} of body,"
            f" implausibly large{pages}; the text is in the blocks"
        )


def _outlet_from_registration(blocks: list[Block]) -> str | None:
    for block in blocks:
        if block.kind != "footer":
            continue
        registered = _REGISTERED.match(block.text)
        if registered:
            return normalise_outlet(registered.group(1))
    return None


def _outlet_from_rights(blocks: list[Block]) -> str | None:
    """The name in a rights line ("Riproduzione riservata © Copyright ANSA" -> "ANSA")."""
    for block in blocks:
        if block.kind != "footer" or len(block.text) > 200:
            continue
        for match in _RIGHTS_OUTLET.finditer(block.text):
            name = match.group("name").strip(" .-")
            if name and not _NOT_OUTLETS.match(name):
                return normalise_outlet(name)
    return None


def find_teasers(blocks: list[Block], known_outlets: tuple[str, ...]) -> list[Teaser]:
    """Teasers in the related blocks: bare titles, titles with excerpts, titles with bylines."""
    teasers: list[Teaser] = []
    run: list[tuple[int, Block]] = []
    for index, block in enumerate(blocks):
        if block.kind != "related":
            continue
        if run and run[-1][0] != index - 1:
            teasers.extend(_teasers_of_run(run, known_outlets))
            run = []
        run.append((index, block))
    teasers.extend(_teasers_of_run(run, known_outlets))
    return teasers


def _teasers_of_run(run: list[tuple[int, Block]], known_outlets: tuple[str, ...]) -> list[Teaser]:
    """Read a run of related blocks as teasers: a title, then maybe its date, then a byline, a name or an excerpt."""
    teasers = []
    position = 0
    while position < len(run):
        index, block = run[position]
        line = block.text
        position += 1
        inline = _INLINE_RELATED.match(line)
        if inline:
            teasers.append(Teaser(inline.group("title").strip(), None, None, None, "", index))
            continue
        if _BYLINE.match(line) or not _is_teaser_title(line) or _led_by_date(line):
            continue
        if position < len(run) and _led_by_date(run[position][1].text):
            position += 1
        following = run[position][1].text.lstrip(" \u00a0") if position < len(run) else None
        if following is not None and _BYLINE.match(following):
            fields = parse_byline(following, known_outlets=known_outlets)
            teasers.append(Teaser(line, fields["author"], fields["outlet"], fields["source"], fields["rest"], index))
        elif following is not None and _is_name(following):
            teasers.append(Teaser(line, following, None, None, "", index))
        elif following is not None and not _is_teaser_title(following):
            teasers.append(Teaser(line, None, None, None, following, index))
        else:
            teasers.append(Teaser(line, None, None, None, "", index))
            continue
        position += 1
    return teasers


def _is_teaser_title(line: str) -> bool:
    return len(line) <= TITLE_MAX_CHARS and _TERMINAL.search(line) is None or line.endswith(("?", "!")) and len(line) <= 150
