"""Named actors: mentions resolved to actors across the corpus, and their roles.

Flow: the NER spans (``corpus.ner.recognize_entities``) become :func:`mentions`
after trimming articles and titles, typing what the model was unsure of,
adding what the NER tends to miss but the document itself establishes (an
acronym defined in parentheses, a nickname in apposition, a cited source after
"secondo quanto riporta", a surname of a person already named in full), and
resolving every mention to an ``actor_id``. :func:`actors` aggregates them.
Roles, quotes and sources build on the mentions (:mod:`corpus.roles`,
:mod:`corpus.quotes`).

Typing, per document: a span the model labelled with a confidence below
:data:`CONFIDENT` (or none: NaN) is checked against the place names of
:mod:`corpus.places`. A country, a regione or a place name of several words
labelled PER is a place. A single-word comune, provincia or city labelled PER
("Corato", but also "Monti", "Falcone", "Canna") is left to the corpus
(:func:`place_votes`): the place when the corpus uses it alone in several
articles more often than it names people with it as surname; never when the
document names a person in full with it as surname ("Mario Corato ... Corato")
or gives it a title ("il sig. Castelli"). A comune or provincia labelled ORG
is a place after a preposition of place ("a Bari", "sindaco di Bari"; "il
Bari" is the team). A person's name after a street or venue noun ("piazza
Cavour", "stadio San Nicola") names the place. Longer names keep their label
("Comune di Corato").

Resolution rules, in order:

* within a document, a person mention whose words are the tail of exactly one
  longer person name ("Tokayev", "il presidente Tokayev") joins that name, and a
  nickname given in apposition ("Silvio Berlusconi, il Cavaliere") joins the
  person it names;
* well-known aliases of one referent (:data:`corpus.lexicon.ALIASES`: "Stati
  Uniti" = "USA", "Nazioni Unite" = "ONU") share one key;
* an acronym defined by the text ("Organizzazione del Trattato di Sicurezza
  Collettiva (CSTO)") and its expansion are one actor named by the acronym,
  in that document and wherever else the expansion appears alone; so is a
  nickname, wherever it appears alone;
* across the corpus, equal normalised names (case, diacritics, apostrophes,
  leading article: "la CSTO", "l'ONU") are the same actor whatever the type each
  mention has ("Italia" as LOC and as ORG): the actor takes its mentions'
  majority type and keeps their shares (``share_per``, ``share_org``, ``share_loc``);
* a surname left alone in its document joins a full name found elsewhere only
  when exactly one full name in the corpus ends that way; otherwise it stays an
  actor of its own.

``actor_id`` is ``"<TYPE>:<normalised canonical name>"`` ("PER:kassym-jomart
tokayev"), so it is stable across runs and readable in tables. Institutions
named by a common noun ("governo", "polizia") are actors flagged ``generic``,
which :func:`top_actors` leaves out by default.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable

import numpy as np
import pandas as pd

from dataclasses import dataclass, field
from functools import cache

from corpus import lexicon, places
from corpus.cues import (
    ARTICLE,
    NAME_WORD,
    SOURCE_GAP,
    multiword_role_pattern,
    role_pattern,
    source_cues,
)
from corpus.schema import (
    ACTOR_COUNTS, ACTORS, MENTION_KEYS, MENTIONS, NAME_LINKS, PLACE_VOTES, STRING, SURFACE_COUNTS, TIMESTAMP,
    TYPE_VOTES, conform,
)
from corpus.tally import Partial, tally

# Step 1 of resolution (see :func:`mention_keys`): what a document alone tells of each mention.
ALIAS_SEPARATOR = "; "

HONORIFIC = re.compile(rf"^(?:{lexicon.alternation(lexicon.TITLE_ABBREVIATIONS)})\.\s*", re.IGNORECASE)
LEADING_ARTICLE = re.compile(rf"^(?:(?:{'|'.join(lexicon.ARTICLES)})\s+|[lL]['’]\s*)")
# "Il presidente Tokayev", but not "La Stampa": a capitalised article before a lower-case word.
CAPITALISED_ARTICLE = re.compile(rf"^(?:{'|'.join(a.capitalize() for a in lexicon.ARTICLES)})\s+(?=[a-zàèéìòù])")
# "Long Name (ACR)" and "ACR (Long Name)": the text defining an acronym.
ACRONYM = r"[A-Z][A-Z0-9&]{1,9}"
EXPANSION_GLUE = r"d[ei]|del|della|dello|dei|degli|delle|dell['’]\S+|per|e|ed|sulla|sul|in"
EXPANSION = rf"{NAME_WORD}(?:\s+(?:{NAME_WORD}|{EXPANSION_GLUE}))*"
ACRONYM_AFTER = re.compile(rf"(?P<expansion>{EXPANSION})\s*\((?P<acronym>{ACRONYM})\)")
ACRONYM_BEFORE = re.compile(rf"(?<![\w])(?P<acronym>{ACRONYM})\s*\((?P<expansion>{EXPANSION})\)")
FUNCTION_WORD = re.compile(r"^(?:il|lo|la|i|gli|le|d[ei]|del\w*|dell['’]|per|e|ed|sul\w*|in)$", re.IGNORECASE)
CITED_NAME = re.compile(rf"{NAME_WORD}(?:[ \t]+(?:{NAME_WORD}|\d+(?![\w,.]\d)))*")

# A model label at least this probable is kept, whatever the place names say; below it, or
# with NaN (the spaCy tier gives no probability), the place names decide. 0.9 is a first
# choice: check it against the fine-tuned tier's calibration once that tier is integrated.
CONFIDENT = 0.9
# "piazza Cavour", "in via Roma", "stadio San Nicola": a street or venue noun right before a name.
PLACE_NOUN_BEFORE = re.compile(
    rf"(?<![\w'’])(?i:{lexicon.alternation((*lexicon.STREET_NOUNS, *lexicon.VENUE_NOUNS))})\s+$"
)
PLACE_NOUN_FIRST = re.compile(
    rf"(?i:{lexicon.alternation((*lexicon.STREET_NOUNS, *lexicon.VENUE_NOUNS))})\s+(?=[A-ZÀÈÉÌÒÓÙ])"
)
# "a Bari", "di Bari", "in Puglia": a preposition of place (no article) before a town tagged ORG.
LOCATIVE_BEFORE = re.compile(r"(?<![\w'’])(?i:a|ad|in|da|di)\s+$")
# "Silvio Berlusconi, il Cavaliere," / "Silvio Berlusconi detto il Cavaliere": a nickname in apposition.
NICKNAME_CUE = lexicon.alternation(lexicon.NICKNAME_CUES)
NICKNAME_AFTER = re.compile(
    rf"(?:\s*,\s*(?:(?:{NICKNAME_CUE})\s+)?|\s+(?:{NICKNAME_CUE})\s+)(?i:{ARTICLE})"
    rf"(?P<name>{NAME_WORD}(?:\s+{NAME_WORD})*)(?=\s*[,;:.)]|\s*$)"
)
TYPE_ORDER = ("LOC", "ORG", "PER")  # who wins a tie of votes
# A lone name tagged PER that is also a place is read as the place only when the corpus uses
# it alone in this many articles at least (see place_votes): one article is no evidence.
PLACE_DOCUMENTS = 3


def rows_by_document(frame: pd.DataFrame, columns: list[str]) -> dict[str, list[tuple]]:
    """The rows of ``frame`` as plain tuples of ``columns``, grouped by doc_id in frame order.

    One pass over the frame: per-document work on tuples is far cheaper than
    slicing a DataFrame once per document.
    """
    grouped: dict[str, list[tuple]] = defaultdict(list)
    values = [frame[column].tolist() for column in columns]
    for doc_id, *row in zip(frame["doc_id"].tolist(), *values):
        grouped[doc_id].append(tuple(row))
    return grouped


def normalise(name: str) -> str:
    """The matching key of a name: lower case, no diacritics, no leading article.

    >>> normalise("l’ONU"), normalise("Erdoğan"), normalise("la  CSTO")
    ('onu', 'erdogan', 'csto')
    """
    decomposed = unicodedata.normalize("NFKD", name.replace("’", "'").replace("‘", "'"))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    plain = " ".join(plain.lower().split()).strip(" .,;:\"«»“”()[]")
    return LEADING_ARTICLE.sub("", plain)


def _trim(text: str, start: int, end: int, kind: str) -> tuple[int, int] | None:
    """Shrink a span to the name: no spaces, punctuation, article, or title before it."""
    while start < end and (text[start].isspace() or text[start] in "\"'«“(["):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in "\"'»”)],;:."):
        # A dot that closes an initial ("J.") or abbreviation is part of the name.
        if text[end - 1] == "." and re.search(r"(?:^|\s)\w{1,2}\.$", text[start:end]):
            break
        end -= 1
    while start < end:
        span = text[start:end]
        cut = LEADING_ARTICLE.match(span) or CAPITALISED_ARTICLE.match(span)
        if cut and kind == "LOC" and span[0] == "L" and span[1] in "'’":
            cut = None  # "L'Aquila": a capitalised article in a place name is the name
        cut = cut or HONORIFIC.match(span)
        title = role_pattern().match(span) if kind == "PER" else None
        if title and not re.match(rf"\s+{NAME_WORD}", span[title.end():]):
            title = None
        cut = cut or title
        if not cut or cut.end() == 0:
            break
        start += cut.end()
        while start < end and text[start].isspace():
            start += 1
    return (start, end) if start < end else None


def _place(spans: dict[tuple[int, int], str], start: int, end: int, kind: str) -> None:
    """Add a span, dropping the spans it overlaps (the newer evidence is more specific)."""
    for other in [key for key in spans if key[0] < end and start < key[1]]:
        del spans[other]
    spans[(start, end)] = kind


def _covered(spans: dict[tuple[int, int], str], start: int, end: int) -> bool:
    return any(key[0] < end and start < key[1] for key in spans)


def _abbreviates(acronym: str, words: list[str]) -> bool:
    """Whether the acronym's letters are initials of the capitalised words, in any order.

    Any order, because acronyms often keep the English word order:
    "Organizzazione del Trattato di Sicurezza Collettiva (CSTO)".
    """
    initials = Counter()
    for word in words:
        word = re.split(r"['’]", word)[-1]
        if word[:1].isupper():
            initials[word[0]] += 1
    return Counter(letter for letter in acronym if letter.isalpha()) <= initials


def _acronyms(text: str, spans: dict[tuple[int, int], str]) -> dict[str, str]:
    """Place acronym definitions as ORG spans; return ``expansion key -> acronym key``."""
    links = {}
    for pattern in (ACRONYM_AFTER, ACRONYM_BEFORE):
        for match in pattern.finditer(text):
            start, end = match.span("expansion")
            words = list(re.finditer(r"\S+", text[start:end]))
            while words and FUNCTION_WORD.match(words[0].group(0)):
                words.pop(0)
            while words and FUNCTION_WORD.match(words[-1].group(0)):
                words.pop()
            if len(words) < 2 or not _abbreviates(match.group("acronym"), [word.group(0) for word in words]):
                continue
            # The shortest tail that still spells the acronym: "Small Body Nomenclature
            # dell'Unione Astronomica Internazionale (IAU)" -> "Unione Astronomica Internazionale".
            while len(words) > 2 and _abbreviates(match.group("acronym"), [word.group(0) for word in words[1:]]):
                words.pop(0)
            while words and FUNCTION_WORD.match(words[0].group(0)):
                words.pop(0)
            elision = re.match(r"[a-z]+['’](?=[A-Z])", words[0].group(0))  # "dell'Unione"
            first = start + words[0].start() + (elision.end() if elision else 0)
            trimmed = _trim(text, first, start + words[-1].end(), "ORG")
            if trimmed is None or any(
                kind in ("PER", "LOC") and key[0] < trimmed[1] and trimmed[0] < key[1] for key, kind in spans.items()
            ):
                continue  # "Anna Finocchiaro (PD)", "New York (USA)": a party or country after a name
            _place(spans, *trimmed, "ORG")
            _place(spans, *match.span("acronym"), "ORG")
            links[normalise(text[slice(*trimmed)])] = normalise(match.group("acronym"))
    return links


def _cited_names(text: str, spans: dict[tuple[int, int], str]) -> None:
    """Place the name after a source cue ("secondo quanto riporta Sputnik Kazakistan").

    The NER often splits such names or tags only the place in them; the cue says
    the whole capitalised run is one source, an ORG unless the NER already
    tagged exactly that run. A run the NER calls a person after a reporting
    cue ("secondo quanto riporta Sputnik Kazakistan") is an outlet too, unless
    the article names that person elsewhere, and so is a run the NER calls a
    place; "secondo Rossi" keeps its person,
    and so does "secondo il Ministro Pecoraro Scanio" (a person inside the run).
    """
    for cue in source_cues(text):
        gap = SOURCE_GAP.match(text, cue.end())
        name = CITED_NAME.match(text, gap.end())
        trimmed = _trim(text, *name.span(), "ORG") if name else None
        if trimmed is None:
            continue
        if trimmed in spans:
            # A place does not report news: after a reporting cue it names an outlet
            # ("secondo quanto riporta Sputnik Kazakistan", tagged LOC by the model).
            if spans[trimmed] == "LOC" and not cue.group("bare"):
                spans[trimmed] = "ORG"
            elif spans[trimmed] == "PER" and not cue.group("bare"):
                surface = text[slice(*trimmed)]
                elsewhere = [key for key, kind in spans.items() if kind == "PER" and key != trimmed]
                if not any(text[start:end] == surface for start, end in elsewhere):
                    spans[trimmed] = "ORG"
            continue
        overlapping = [kind for (start, end), kind in spans.items() if start < trimmed[1] and trimmed[0] < end]
        if "PER" not in overlapping:  # "Sputnik" ORG + "Kazakistan" LOC, or nothing tagged
            _place(spans, *trimmed, "ORG")


def _propagate(text: str, spans: dict[tuple[int, int], str]) -> None:
    """Tag uncovered repeats of forms the document already established.

    Surnames of people named in full, acronyms, and multi-word names: one sense
    per discourse, so "Pashinian ha affermato" is Nikol Pashinian even where the
    NER missed it.
    """
    forms: dict[str, str] = {}
    # A word the NER tagged as a place or organisation is no surname ("Sputnik Kazakistan").
    not_people = {text[start:end] for (start, end), kind in spans.items() if kind != "PER"}
    for (start, end), kind in spans.items():
        surface = text[start:end]
        words = surface.split()
        if len(words) > 1:
            forms.setdefault(surface, kind)
            if kind == "PER" and len(words[-1]) > 2 and words[-1][0].isupper() and words[-1] not in not_people:
                forms.setdefault(words[-1], kind)
        elif re.fullmatch(ACRONYM, surface):
            forms.setdefault(surface, kind)
    for form in sorted(forms, key=len, reverse=True):
        start = text.find(form)
        while start >= 0:
            end = start + len(form)
            whole_word = not _is_word_char(text, start - 1) and not _is_word_char(text, end)
            if whole_word and not _covered(spans, start, end):
                spans[(start, end)] = forms[form]
            start = text.find(form, end)


def _is_word_char(text: str, index: int) -> bool:
    return 0 <= index < len(text) and (text[index].isalnum() or text[index] in "_-")


@cache
def place_keys() -> dict[str, str]:
    """The normalised names of :func:`corpus.places.place_kinds` -> their kind ("corato" -> "comune")."""
    return {normalise(name): kind for name, kind in places.place_kinds().items()}


@cache
def alias_keys() -> dict[str, str]:
    """Each key of :data:`corpus.lexicon.ALIASES` -> its canonical key ("stati uniti" -> "usa")."""
    return {normalise(alias): normalise(name) for name, aliases in lexicon.ALIASES.items() for alias in aliases}


@cache
def generic_keys() -> frozenset[str]:
    return frozenset(normalise(name) for name in lexicon.GENERIC_INSTITUTIONS)


def _titled(text: str, start: int) -> bool:
    """Whether a title or an abbreviated form of address stands right before ``start`` ("sig. Castelli")."""
    before = text[max(0, start - 40) : start].rstrip()
    if re.search(rf"(?<!\w)(?i:{lexicon.alternation(lexicon.TITLE_ABBREVIATIONS)})\.$", before):
        return True
    return any(title.end() == len(before) for title in role_pattern().finditer(before))


def _typed(
    text: str, start: int, end: int, kind: str, confidence: float, surnames: set[str]
) -> tuple[int, int, str, bool]:
    """A span, its type after checking the model's unsure labels against place names, and whether the corpus decides.

    See the module's docstring. ``surnames`` are the last words of the
    document's full person names: "Corato" stays a person after "Mario Corato".
    The flag marks a lone word tagged PER that is also a place ("Corato",
    "Monti"): whether it is the place or a person named by surname only the
    corpus can tell (:func:`place_votes`).
    """
    if confidence >= CONFIDENT:  # NaN compares False: not confident
        return start, end, kind, False
    if kind == "PER":
        noun = PLACE_NOUN_BEFORE.search(text, max(0, start - 20), start)
        if noun:
            return noun.start(), end, "LOC", False
        if PLACE_NOUN_FIRST.match(text, start, end):
            return start, end, "LOC", False
    surface = text[start:end]
    place = place_keys().get(normalise(surface))
    if place is None:
        return start, end, kind, False
    if kind == "PER" and (place in ("paese", "regione") or " " in surface.strip()):
        return start, end, "LOC", False  # no one is called "Kazakistan", "Puglia" or "Reggio Calabria"
    if kind == "PER":
        return start, end, kind, surface not in surnames and not _titled(text, start)
    if kind == "ORG" and place in ("comune", "provincia") and LOCATIVE_BEFORE.search(text, max(0, start - 4), start):
        return start, end, "LOC", False  # "a Bari", "il sindaco di Bari"; "il Bari", "Bari-Lecce" stay teams
    return start, end, kind, False


def _ends_a_title(text: str, start: int, end: int) -> bool:
    """Whether a span is the tail of a title of several words ("Stato" in "capo di Stato")."""
    title = multiword_role_pattern().search(text, max(0, start - 40), end)
    return title is not None and title.start() < start


def _nicknames(text: str, spans: dict[tuple[int, int], str]) -> dict[str, str]:
    """Place nicknames given in apposition to a full name as PER spans; return ``nickname key -> name key``.

    "Silvio Berlusconi, il Cavaliere," and "Berlusconi detto il Cavaliere": every
    later "Cavaliere" of the document is the same person. A role ("Mario
    Draghi, il Presidente del Consiglio") is no nickname; :mod:`corpus.roles`
    reads it.
    """
    links = {}
    for (start, end), kind in list(spans.items()):
        surface = text[start:end]
        if kind != "PER" or len(surface.split()) < 2:
            continue
        match = NICKNAME_AFTER.match(text, end)
        if match is None:
            continue
        nickname = match.group("name")
        key = normalise(nickname)
        if (
            role_pattern().match(nickname)
            or key in lexicon.NOT_ROLES
            or key in place_keys()
            or any(spans[other] != "PER" for other in spans if other[0] < match.end() and match.start("name") < other[1])
        ):
            continue
        links[key] = normalise(surface)
        for found in re.finditer(rf"(?<![\w-]){re.escape(nickname)}(?![\w-])", text):
            if not _covered(spans, *found.span()):
                spans[found.span()] = "PER"
    return links


def _document_spans(
    text: str, entities: Iterable[tuple[int, int, str, float]]
) -> tuple[list[tuple[int, int, str, bool]], dict[str, str], dict[str, str]]:
    """One document's mention spans ``(start, end, kind, place)`` (see :func:`_typed`), its acronym and nickname links."""
    trimmed_spans = []
    for start, end, kind, confidence in sorted(entities, key=lambda span: (span[0], -span[1])):
        trimmed = _trim(text, start, end, kind)
        if trimmed is not None and not _ends_a_title(text, *trimmed):
            trimmed_spans.append((*trimmed, kind, confidence))
    surnames = {
        text[start:end].split()[-1] for start, end, kind, _ in trimmed_spans if kind == "PER" and " " in text[start:end]
    }
    spans: dict[tuple[int, int], str] = {}
    undecided = set()
    for start, end, kind, confidence in trimmed_spans:
        start, end, kind, place = _typed(text, start, end, kind, confidence, surnames)
        if not _covered(spans, start, end):
            spans[(start, end)] = kind
            if place:
                undecided.add((start, end))
    links = _acronyms(text, spans)
    _cited_names(text, spans)
    nicknames = _nicknames(text, spans)
    _propagate(text, spans)
    found = sorted((start, end, kind, (start, end) in undecided and kind == "PER") for (start, end), kind in spans.items())
    return found, links, nicknames


def _part_of(short: str, full: str) -> bool:
    """Whether name ``short`` is ``full`` shortened, keeping its last word."""
    short_words, full_words = short.split(), full.split()
    if len(short_words) >= len(full_words) or short_words[-1] != full_words[-1]:
        return False
    remaining = iter(full_words)
    return all(word in remaining for word in short_words)


def _local_keys(
    surfaces: list[str], types: list[str], nicknames: dict[str, str]
) -> tuple[list[str], list[str], list[bool]]:
    """Per-document resolution of one document's mentions: ``(types, keys, bare)``.

    ``bare`` marks person mentions of one word that no full name in their
    document claims, left for the corpus-wide step; ``nicknames`` are the
    document's nicknames in apposition (:func:`_nicknames`).
    """
    aliases = alias_keys()
    keys = [normalise(surface) for surface in surfaces]
    keys = [aliases.get(key, key) for key in keys]
    full_names = {key for key, kind in zip(keys, types) if kind == "PER" and len(key.split()) > 1}
    # A surname the NER also tagged as a place or organisation: the majority of
    # its tags in the document decides ("Tokayev" PER twice, LOC once -> PER;
    # "Kazakistan" LOC six times beside a PER "Sputnik Kazakistan" -> LOC).
    votes = Counter((key, kind == "PER") for key, kind in zip(keys, types))
    surnames = {name.split()[-1] for name in full_names}
    surnames = {surname for surname in surnames if votes[(surname, True)] >= votes[(surname, False)]}
    types = ["PER" if key in surnames or key in nicknames else kind for key, kind in zip(keys, types)]
    resolved, bare = [], []
    for key, kind in zip(keys, types):
        if kind != "PER":
            resolved.append(key)
            bare.append(False)
            continue
        if key in nicknames:
            resolved.append(nicknames[key])
            bare.append(False)
            continue
        claims = [name for name in full_names if _part_of(key, name)]
        resolved.append(claims[0] if len(claims) == 1 else key)
        bare.append(not claims and len(key.split()) == 1)
    return types, resolved, bare


def mentions(entities: pd.DataFrame, documents: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Actor mentions, one row per name occurrence, resolved to ``actor_id``.

    ``entities`` is the NER output (doc_id, start, end, label with char offsets
    into ``documents.text``, and optionally the label's confidence);
    ``sentences`` gives the sentence of mentions the document adds (acronym
    definitions, nicknames, cited sources, repeated surnames). Columns: doc_id,
    sentence, start, end, text (surface), type, actor_id.

    Two steps, which the engines run chunk by chunk: per-document keys
    (:func:`mention_keys`, cached per document), then corpus-wide merging
    (:func:`corpus_names`, :func:`resolve_mentions`) of bare surnames into the
    one full name that ends with them, of acronyms and nicknames into the
    actor they were defined for, and of each name's types into one actor.
    """
    keys, links = mention_keys(entities, documents, sentences)
    return resolve_mentions(keys, names_of(keys, links))


def mention_keys(
    entities: pd.DataFrame, documents: pd.DataFrame, sentences: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Step 1 of :func:`mentions`, document by document: every mention with its keys, and the names linked.

    Returns ``(keys, links)``: ``keys`` has doc_id, sentence, start, end, text,
    ``kind`` (PER, ORG, LOC after the document's own corrections), ``key`` (the
    normalised name the document resolves it to), ``bare`` (a lone surname
    the document could not complete) and ``place`` (a bare name that is also a
    place, left for the corpus to decide: :func:`place_votes`); ``links`` (:data:`corpus.schema.NAME_LINKS`)
    has doc_id, ``alias`` (an acronym's expansion, a nickname) and ``key`` (the
    acronym, the person's full name).
    """
    columns = ["start", "end", "label", "confidence"] if "confidence" in entities else ["start", "end", "label"]
    by_document = rows_by_document(entities, columns)
    sentence_starts = {
        doc_id: sorted(bounds) for doc_id, bounds in rows_by_document(sentences, ["start", "sentence"]).items()
    }
    aliases = alias_keys()
    rows, definitions, nicknames = [], [], {}
    for doc_id, text in zip(documents["doc_id"], documents["text"]):
        if not isinstance(text, str):
            continue
        entities_of = [(*row, float("nan"))[:4] for row in by_document.get(doc_id, ())]
        spans, acronym_links, nicknames[doc_id] = _document_spans(text, entities_of)
        for alias, key in (*acronym_links.items(), *nicknames[doc_id].items()):
            alias, key = aliases.get(alias, alias), aliases.get(key, key)
            if alias != key:
                definitions.append((doc_id, alias, key))
        bounds = sentence_starts.get(doc_id, [(0, 0)])
        starts = [start for start, _ in bounds]
        for start, end, kind, place in spans:
            position = max(bisect.bisect_right(starts, start) - 1, 0)
            rows.append((doc_id, bounds[position][1], start, end, text[start:end], kind, place))
    frame = pd.DataFrame(rows, columns=["doc_id", "sentence", "start", "end", "text", "type", "place"])
    kinds, keys, bare = [], [], []
    # Each document's mentions are contiguous, as built above.
    for doc_id, document in rows_by_document(frame, ["text", "type"]).items():
        surfaces, types = zip(*document)
        document_kinds, document_keys, document_bare = _local_keys(list(surfaces), list(types), nicknames[doc_id])
        kinds += document_kinds
        keys += document_keys
        bare += document_bare
    bare = np.asarray(bare, dtype=bool)
    frame = frame.drop(columns="type").assign(kind=kinds, key=keys, bare=bare, place=frame["place"].to_numpy(bool) & bare)
    links = pd.DataFrame(definitions, columns=list(NAME_LINKS))
    return conform(frame, MENTION_KEYS), conform(links, NAME_LINKS)


@dataclass(frozen=True)
class Names:
    """What resolution needs from the whole corpus (see :func:`names_of`).

    ``surnames``: a bare surname -> the one full name of the corpus ending with
    it (surnames of several full names are left out); ``links``: an alias
    (acronym expansion, nickname) -> the key it stands for; ``places``: lone
    names tagged PER that the corpus reads as places (:func:`place_votes`);
    ``types``: the majority type of each key the corpus types in more than one
    way (a key typed one way only keeps that type).
    """

    surnames: dict[str, str] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)
    places: frozenset[str] = frozenset()
    types: dict[str, str] = field(default_factory=dict)


def corpus_names(
    surnames: dict[str, set[str]],
    links: pd.DataFrame,
    places: pd.DataFrame | None = None,
    votes: pd.DataFrame | None = None,
) -> Names:
    """The corpus-wide :class:`Names` from its parts, each additive over documents.

    ``surnames`` is :func:`full_names_by_surname` of every document's keys;
    ``links`` every document's links in document order (a later one wins);
    ``places`` the summed :func:`place_votes`; ``votes`` the summed
    :func:`type_votes`, which need the names made without them (as
    :func:`names_of` does: first without, then with).
    """
    unique = {surname: next(iter(names)) for surname, names in surnames.items() if len(names) == 1}
    linked = dict(zip(links["alias"].tolist(), links["key"].tolist()))
    read_as_places = frozenset()
    if places is not None:
        chosen = (places["lone"] > places["people"]) & (places["documents"] >= PLACE_DOCUMENTS)
        read_as_places = frozenset(places.loc[chosen, "key"].tolist())
    return Names(unique, linked, read_as_places, actor_types(votes) if votes is not None else {})


def names_of(keys: pd.DataFrame, links: pd.DataFrame) -> Names:
    """:class:`Names` of a corpus whose mention keys and links are in memory."""
    surnames, places = full_names_by_surname(keys), place_votes(keys)
    names = corpus_names(surnames, links, places)
    return corpus_names(surnames, links, places, type_votes(keys, names=names))


def place_votes(keys: pd.DataFrame, _=None) -> pd.DataFrame:
    """Per place name: its ``lone`` undecided mentions, the ``documents`` they are in, and mentions of ``people``.

    ``people`` counts the mentions of full person names it ends ("Mario
    Monti"). "Corato" tagged PER alone 848 times in 600 articles and "Mario
    Corato" named twice: the town. "Monti" alone 3 times and "Mario Monti" 20
    times: the person. A name goes to the place when its lone mentions
    outnumber the people's and the corpus uses it alone in at least
    :data:`PLACE_DOCUMENTS` articles: a rugby player called "Canna" in one match
    report stays a person. Additive over documents: the engines sum the
    tallies of their chunks.
    """
    undecided = keys[keys["place"].to_numpy(dtype=bool)]
    lone = Counter(undecided["key"].tolist())
    documents = Counter(key for key, _ in set(zip(undecided["key"].tolist(), undecided["doc_id"].tolist())))
    known = place_keys()
    people = Counter(
        key.split()[-1] for kind, key in zip(keys["kind"].tolist(), keys["key"].tolist())
        if kind == "PER" and " " in key and key.split()[-1] in known
    )
    rows = [(key, lone[key], documents[key], people[key]) for key in sorted(set(lone) | set(people))]
    return conform(pd.DataFrame(rows, columns=list(PLACE_VOTES)), PLACE_VOTES)


def full_names_by_surname(keys: pd.DataFrame) -> dict[str, set[str]]:
    """Surname -> the keys of the full person names (two words or more) ending with it, among ``keys``."""
    by_surname: dict[str, set[str]] = defaultdict(set)
    for kind, key, alone in zip(keys["kind"].tolist(), keys["key"].tolist(), keys["bare"].tolist()):
        if kind == "PER" and not alone and len(key.split()) > 1:
            by_surname[key.split()[-1]].add(key)
    return dict(by_surname)


def _resolved(keys: pd.DataFrame, names: Names) -> tuple[list[str], list[str]]:
    """Each mention's corpus key and type: a lone place name typed LOC, a bare surname completed, an alias linked."""
    resolved, kinds = [], []
    for key, kind, alone, place in zip(
        keys["key"].tolist(), keys["kind"].tolist(), keys["bare"].tolist(), keys["place"].tolist()
    ):
        if place and key in names.places:
            kind = "LOC"
        elif alone and key in names.surnames:
            key = names.surnames[key]
        resolved.append(names.links.get(key, key))
        kinds.append(kind)
    return resolved, kinds


def type_votes(keys: pd.DataFrame, _=None, *, names: Names) -> pd.DataFrame:
    """How many mentions of each corpus key are typed PER, ORG, LOC: ``key``, ``kind``, ``count``.

    Additive over documents; :func:`actor_types` reads the sums.
    """
    resolved, kinds = _resolved(keys, names)
    frame = pd.DataFrame({"key": resolved, "kind": kinds})
    return conform(frame.groupby(["key", "kind"]).size().rename("count").reset_index(), TYPE_VOTES)


def actor_types(votes: pd.DataFrame) -> dict[str, str]:
    """The majority type of every key typed in more than one way (ties: :data:`TYPE_ORDER`)."""
    votes = votes[votes["key"].duplicated(keep=False)]
    best: dict[str, tuple[int, int, str]] = {}
    for key, kind, count in zip(votes["key"].tolist(), votes["kind"].tolist(), votes["count"].tolist()):
        rank = (int(count), -TYPE_ORDER.index(kind), kind)
        if key not in best or rank > best[key]:
            best[key] = rank
    return {key: rank[2] for key, rank in best.items()}


def _actor_ids(keys: pd.DataFrame, names: Names) -> tuple[list[str], list[str]]:
    """Each mention's actor_id and its own type."""
    resolved, kinds = _resolved(keys, names)
    return [f"{names.types.get(key, kind)}:{key}" for key, kind in zip(resolved, kinds)], kinds


def resolve_mentions(keys: pd.DataFrame, names: Names) -> pd.DataFrame:
    """Step 2 of :func:`mentions`: the mentions table from step 1's keys and the corpus's :class:`Names`."""
    actor_ids, kinds = _actor_ids(keys, names)
    frame = keys[["doc_id", "sentence", "start", "end", "text"]].assign(
        actor_id=pd.array(actor_ids, dtype=STRING), type=kinds
    )
    return conform(frame, MENTIONS)


def local_mentions(keys: pd.DataFrame) -> pd.DataFrame:
    """The mentions of step 1 with each document's own ids (``kind:key``), before corpus-wide merging.

    Roles, quotes and sources are found per document on these
    (:func:`corpus.layers`), then take the corpus's ids through :func:`actor_id_map`.
    """
    local = [f"{kind}:{key}" for kind, key in zip(keys["kind"].tolist(), keys["key"].tolist())]
    frame = keys[["doc_id", "sentence", "start", "end", "text"]].assign(
        actor_id=pd.array(local, dtype=STRING), type=keys["kind"].to_numpy()
    )
    return conform(frame, MENTIONS)


def actor_id_map(keys: pd.DataFrame, names: Names) -> pd.Series:
    """Per document, each local id (``kind:key``) -> the corpus's actor_id: a Series indexed by (doc_id, local id)."""
    local = [f"{kind}:{key}" for kind, key in zip(keys["kind"].tolist(), keys["key"].tolist())]
    index = pd.MultiIndex.from_arrays([keys["doc_id"].to_numpy(dtype=object), np.asarray(local, dtype=object)])
    mapping = pd.Series(_actor_ids(keys, names)[0], index=index, dtype=object)
    return mapping[~mapping.index.duplicated()]


def with_actor_ids(frame: pd.DataFrame, column: str, mapping: pd.Series) -> pd.DataFrame:
    """``frame`` with its local ids in ``column`` replaced by the corpus's actor ids (see :func:`actor_id_map`)."""
    if frame.empty:
        return frame
    index = pd.MultiIndex.from_arrays([frame["doc_id"].to_numpy(dtype=object), frame[column].to_numpy(dtype=object)])
    resolved = mapping.reindex(index).to_numpy(dtype=object)
    keep = frame[column].isna().to_numpy()
    return frame.assign(**{column: pd.array(np.where(keep, None, resolved), dtype=STRING)})


def _most_frequent(surfaces: Counter) -> str:
    return min(surfaces, key=lambda surface: (-surfaces[surface], -len(surface), surface))


def actor_counts(mentions: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Per actor: ``actor_id``, ``mentions``, ``documents``, ``first`` and ``last`` publication, mentions per type.

    With :func:`surface_counts`, the additive parts of :func:`actors`: tallies
    of disjoint sets of documents combine by summing (minimum and maximum for
    the dates), which is how the Dask engine computes them, per partition.
    """
    published = dict(zip(documents["doc_id"], documents["published"]))
    kinds = mentions["type"].astype(object)
    frame = pd.DataFrame(
        {
            "actor_id": mentions["actor_id"].astype(STRING),
            "doc_id": mentions["doc_id"],
            **{kind.lower(): (kinds == kind).to_numpy(dtype="int64") for kind in TYPE_ORDER},
        }
    )
    frame["published"] = frame["doc_id"].map(published).astype(TIMESTAMP)
    counts = frame.groupby("actor_id").agg(
        mentions=("doc_id", "size"),
        documents=("doc_id", "nunique"),
        first=("published", "min"),
        last=("published", "max"),
        per=("per", "sum"),
        org=("org", "sum"),
        loc=("loc", "sum"),
    )
    return conform(counts.reset_index(), ACTOR_COUNTS)


def surface_counts(mentions: pd.DataFrame, _=None) -> pd.DataFrame:
    """Per actor and surface form: ``actor_id``, ``text``, ``count``."""
    frame = pd.DataFrame({"actor_id": mentions["actor_id"].astype(STRING), "text": mentions["text"].astype(STRING)})
    return conform(frame.groupby(["actor_id", "text"]).size().rename("count").reset_index(), SURFACE_COUNTS)


ACTOR_TALLIES = {
    "counts": Partial(
        actor_counts,
        {"mentions": "sum", "documents": "sum", "first": "min", "last": "max", "per": "sum", "org": "sum", "loc": "sum"},
    ),
    "surfaces": Partial(surface_counts, {"count": "sum"}),
}


def actors_from_tallies(counts: pd.DataFrame, surfaces: pd.DataFrame) -> pd.DataFrame:
    """The :func:`actors` table from :func:`actor_counts` and :func:`surface_counts`."""
    by_actor: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    for actor_id, surface, count in surfaces[["actor_id", "text", "count"]].itertuples(index=False):
        by_actor[actor_id][normalise(surface)][surface] += int(count)
    generic = generic_keys()
    rows = []
    for actor_id, by_key in by_actor.items():
        kind, key = actor_id.split(":", 1)
        # A subset of mentions may lack the canonical form: name it by its commonest form.
        own = by_key.pop(key if key in by_key else max(by_key, key=lambda other: by_key[other].total()))
        aliases = sorted(_most_frequent(forms) for forms in by_key.values())
        rows.append((actor_id, _most_frequent(own), kind, ALIAS_SEPARATOR.join(aliases), key in generic))
    names = pd.DataFrame(rows, columns=["actor_id", "name", "type", "aliases", "generic"])
    frame = names.merge(counts.astype({"actor_id": STRING}), on="actor_id")
    for kind in TYPE_ORDER:
        frame[f"share_{kind.lower()}"] = frame[kind.lower()] / frame["mentions"]
    frame = frame.sort_values(["mentions", "actor_id"], ascending=[False, True], kind="stable")
    return conform(frame, ACTORS)


def actors(mentions, documents=None) -> pd.DataFrame:
    """One row per actor: canonical name, type, aliases, counts, dates, type shares, generic flag.

    ``mentions`` is a mentions table (with ``documents``) or a corpus, pandas or
    Dask (tallied per partition, the same frame). The canonical name is the most
    frequent surface whose key is the actor's key; aliases are the other
    surfaces, one per key. Sorted by mentions, most first: :func:`top_actors`
    leaves out the generic ones.
    """
    if documents is None:
        mentions, documents = mentions.mentions, mentions.documents
    found = tally(
        mentions[["doc_id", "actor_id", "text", "type"]], ACTOR_TALLIES, documents=documents,
        document_columns=["published"],
    )
    return actors_from_tallies(found["counts"], found["surfaces"])


def top_actors(actors: pd.DataFrame, n: int = 20, *, generic: bool = False, types=None) -> pd.DataFrame:
    """The ``n`` most mentioned actors of an :func:`actors` table, of ``types`` (default: all).

    Generic institutions ("governo", "polizia": a different one in each article)
    are left out unless ``generic=True``.
    """
    keep = pd.Series(True, index=actors.index) if generic else ~actors["generic"]
    if types is not None:
        keep &= actors["type"].isin([types] if isinstance(types, str) else list(types))
    return actors[keep].sort_values(["mentions", "actor_id"], ascending=[False, True], kind="stable").head(n)
