"""Named actors: mentions resolved to actors across the corpus, and their roles.

Flow: the NER spans (``corpus.ner.recognize_entities``) become :func:`mentions`
after trimming articles and titles, adding what the NER tends to miss but the
document itself establishes (an acronym defined in parentheses, a cited source
after "secondo quanto riporta", a surname of a person already named in full),
and resolving every mention to an ``actor_id``. :func:`actors` aggregates them.
Roles, quotes and sources build on the mentions (:mod:`corpus.roles`,
:mod:`corpus.quotes`).

Resolution rules, in order:

* within a document, a person mention whose words are the tail of exactly one
  longer person name ("Tokayev", "il presidente Tokayev") joins that name;
* an acronym defined by the text ("Organizzazione del Trattato di Sicurezza
  Collettiva (CSTO)") and its expansion are one ORG actor named by the acronym,
  in that document and wherever else the expansion appears alone;
* across the corpus, equal normalised names (case, diacritics, apostrophes,
  leading article: "la CSTO", "l'ONU") of the same type are the same actor;
* a surname left alone in its document joins a full name found elsewhere only
  when exactly one full name in the corpus ends that way; otherwise it stays an
  actor of its own.

``actor_id`` is ``"<TYPE>:<normalised canonical name>"`` ("PER:kassym-jomart
tokayev"), so it is stable across runs and readable in tables.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable

import numpy as np
import pandas as pd

from corpus import lexicon
from corpus.cues import (
    NAME_WORD,
    SOURCE_GAP,
    multiword_role_pattern,
    role_pattern,
    source_cues,
)
from corpus.ner import territory_names
from corpus.schema import (
    ACRONYMS, ACTOR_COUNTS, ACTORS, MENTION_KEYS, MENTIONS, STRING, SURFACE_COUNTS, TIMESTAMP, conform,
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


def _is_territory(name: str) -> bool:
    """Whether a name is a country or territory in the Italian CLDR names the NER uses."""
    words = tuple(name.replace("’", "'").split())
    return words in territory_names().get(words[0], ()) if words else False


def _ends_a_title(text: str, start: int, end: int) -> bool:
    """Whether a span is the tail of a title of several words ("Stato" in "capo di Stato")."""
    title = multiword_role_pattern().search(text, max(0, start - 40), end)
    return title is not None and title.start() < start


def _document_spans(text: str, entities: Iterable[tuple[int, int, str]]) -> tuple[list, dict[str, str]]:
    spans: dict[tuple[int, int], str] = {}
    for start, end, kind in sorted(entities, key=lambda span: (span[0], -span[1])):
        trimmed = _trim(text, start, end, kind)
        if trimmed is None or _ends_a_title(text, *trimmed):
            continue
        if kind == "PER" and _is_territory(text[slice(*trimmed)]):
            kind = "LOC"  # a person is never called "Kazakistan"
        if not _covered(spans, *trimmed):
            spans[trimmed] = kind
    links = _acronyms(text, spans)
    _cited_names(text, spans)
    _propagate(text, spans)
    return sorted((start, end, kind) for (start, end), kind in spans.items()), links


def _part_of(short: str, full: str) -> bool:
    """Whether name ``short`` is ``full`` shortened, keeping its last word."""
    short_words, full_words = short.split(), full.split()
    if len(short_words) >= len(full_words) or short_words[-1] != full_words[-1]:
        return False
    remaining = iter(full_words)
    return all(word in remaining for word in short_words)


def _local_keys(surfaces: list[str], types: list[str]) -> tuple[list[str], list[str], list[bool]]:
    """Per-document resolution of one document's mentions: ``(types, keys, bare)``.

    ``bare`` marks person mentions of one word that no full name in their
    document claims, left for the corpus-wide step.
    """
    keys = [normalise(surface) for surface in surfaces]
    full_names = {key for key, kind in zip(keys, types) if kind == "PER" and len(key.split()) > 1}
    # A surname the NER also tagged as a place or organisation: the majority of
    # its tags in the document decides ("Tokayev" PER twice, LOC once -> PER;
    # "Kazakistan" LOC six times beside a PER "Sputnik Kazakistan" -> LOC).
    votes = Counter((key, kind == "PER") for key, kind in zip(keys, types))
    surnames = {name.split()[-1] for name in full_names}
    surnames = {surname for surname in surnames if votes[(surname, True)] >= votes[(surname, False)]}
    types = ["PER" if key in surnames else kind for key, kind in zip(keys, types)]
    resolved, bare = [], []
    for key, kind in zip(keys, types):
        if kind != "PER":
            resolved.append(key)
            bare.append(False)
            continue
        claims = [name for name in full_names if _part_of(key, name)]
        resolved.append(claims[0] if len(claims) == 1 else key)
        bare.append(not claims and len(key.split()) == 1)
    return types, resolved, bare


def mentions(entities: pd.DataFrame, documents: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Actor mentions, one row per name occurrence, resolved to ``actor_id``.

    ``entities`` is the NER output (doc_id, start, end, label with char offsets
    into ``documents.text``); ``sentences`` gives the sentence of mentions the
    document adds (acronym definitions, cited sources, repeated surnames).
    Columns: doc_id, sentence, start, end, text (surface), type, actor_id.

    Two steps, which the engines run chunk by chunk: per-document keys
    (:func:`mention_keys`, cached per document), then corpus-wide merging
    (:func:`corpus_names`, :func:`resolve_mentions`) of bare surnames into the
    one full name that ends with them and of acronyms into the organisation
    they were defined for.
    """
    keys, acronyms = mention_keys(entities, documents, sentences)
    return resolve_mentions(keys, *corpus_names(full_names_by_surname(keys), acronyms))


def mention_keys(
    entities: pd.DataFrame, documents: pd.DataFrame, sentences: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Step 1 of :func:`mentions`, document by document: every mention with its keys, and the acronyms defined.

    Returns ``(keys, acronyms)``: ``keys`` has doc_id, sentence, start, end, text,
    ``kind`` (PER, ORG, LOC after the document's own corrections), ``key`` (the
    normalised name the document resolves it to) and ``bare`` (a lone surname
    the document could not complete); ``acronyms`` has doc_id, ``expansion`` (the
    key of the organisation the text defined an acronym for) and ``acronym`` (its key).
    """
    by_document = rows_by_document(entities, ["start", "end", "label"])
    sentence_starts = {
        doc_id: sorted(bounds) for doc_id, bounds in rows_by_document(sentences, ["start", "sentence"]).items()
    }
    rows, definitions = [], []
    for doc_id, text in zip(documents["doc_id"], documents["text"]):
        if not isinstance(text, str):
            continue
        spans, document_links = _document_spans(text, by_document.get(doc_id, ()))
        definitions += [(doc_id, expansion, acronym) for expansion, acronym in document_links.items()]
        bounds = sentence_starts.get(doc_id, [(0, 0)])
        starts = [start for start, _ in bounds]
        for start, end, kind in spans:
            position = max(bisect.bisect_right(starts, start) - 1, 0)
            rows.append((doc_id, bounds[position][1], start, end, text[start:end], kind))
    frame = pd.DataFrame(rows, columns=["doc_id", "sentence", "start", "end", "text", "type"])
    kinds, keys, bare = [], [], []
    # Each document's mentions are contiguous, as built above.
    for document in rows_by_document(frame, ["text", "type"]).values():
        surfaces, types = zip(*document)
        document_kinds, document_keys, document_bare = _local_keys(list(surfaces), list(types))
        kinds += document_kinds
        keys += document_keys
        bare += document_bare
    frame = frame.drop(columns="type").assign(kind=kinds, key=keys, bare=np.asarray(bare, dtype=bool))
    acronyms = pd.DataFrame(definitions, columns=list(ACRONYMS))
    return conform(frame, MENTION_KEYS), conform(acronyms, ACRONYMS)


def corpus_names(surnames: dict[str, set[str]], acronyms: pd.DataFrame) -> tuple[dict[str, str], dict[str, str]]:
    """What resolution needs from the whole corpus: the surnames that only one full name ends with, and acronym links.

    ``surnames`` is :func:`full_names_by_surname` of every document's keys;
    ``acronyms`` every document's definitions in document order (a later
    definition wins).
    """
    unique = {surname: next(iter(names)) for surname, names in surnames.items() if len(names) == 1}
    links = dict(zip(acronyms["expansion"].tolist(), acronyms["acronym"].tolist()))
    return unique, links


def full_names_by_surname(keys: pd.DataFrame) -> dict[str, set[str]]:
    """Surname -> the keys of the full person names (two words or more) ending with it, among ``keys``."""
    by_surname: dict[str, set[str]] = defaultdict(set)
    for kind, key, alone in zip(keys["kind"].tolist(), keys["key"].tolist(), keys["bare"].tolist()):
        if kind == "PER" and not alone and len(key.split()) > 1:
            by_surname[key.split()[-1]].add(key)
    return dict(by_surname)


def _actor_ids(keys: pd.DataFrame, surnames: dict[str, str], links: dict[str, str]) -> list[str]:
    actor_ids = []
    for kind, key, alone in zip(keys["kind"].tolist(), keys["key"].tolist(), keys["bare"].tolist()):
        if alone and key in surnames:
            key = surnames[key]
        elif kind == "ORG":
            key = links.get(key, key)
        actor_ids.append(f"{kind}:{key}")
    return actor_ids


def resolve_mentions(keys: pd.DataFrame, surnames: dict[str, str], links: dict[str, str]) -> pd.DataFrame:
    """Step 2 of :func:`mentions`: the mentions table from step 1's keys and the corpus's names.

    ``surnames`` maps a bare surname to the one full name of the corpus ending
    with it (surnames with several full names are left out); ``links`` maps an
    acronym to its organisation's key.
    """
    actor_ids = _actor_ids(keys, surnames, links)
    frame = keys[["doc_id", "sentence", "start", "end", "text"]].assign(
        actor_id=pd.array(actor_ids, dtype=STRING), type=[actor_id.split(":", 1)[0] for actor_id in actor_ids]
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


def actor_id_map(keys: pd.DataFrame, surnames: dict[str, str], links: dict[str, str]) -> pd.Series:
    """Per document, each local id (``kind:key``) -> the corpus's actor_id: a Series indexed by (doc_id, local id)."""
    local = [f"{kind}:{key}" for kind, key in zip(keys["kind"].tolist(), keys["key"].tolist())]
    index = pd.MultiIndex.from_arrays([keys["doc_id"].to_numpy(dtype=object), np.asarray(local, dtype=object)])
    mapping = pd.Series(_actor_ids(keys, surnames, links), index=index, dtype=object)
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
    """Per actor: ``actor_id``, ``mentions``, ``documents``, ``first`` and ``last`` publication.

    With :func:`surface_counts`, the additive parts of :func:`actors`: tallies
    of disjoint sets of documents combine by summing (minimum and maximum for
    the dates), which is how the Dask engine computes them, per partition.
    """
    published = dict(zip(documents["doc_id"], documents["published"]))
    frame = pd.DataFrame({"actor_id": mentions["actor_id"].astype(STRING), "doc_id": mentions["doc_id"]})
    frame["published"] = frame["doc_id"].map(published).astype(TIMESTAMP)
    counts = frame.groupby("actor_id").agg(
        mentions=("doc_id", "size"),
        documents=("doc_id", "nunique"),
        first=("published", "min"),
        last=("published", "max"),
    )
    return conform(counts.reset_index(), ACTOR_COUNTS)


def surface_counts(mentions: pd.DataFrame, _=None) -> pd.DataFrame:
    """Per actor and surface form: ``actor_id``, ``text``, ``count``."""
    frame = pd.DataFrame({"actor_id": mentions["actor_id"].astype(STRING), "text": mentions["text"].astype(STRING)})
    return conform(frame.groupby(["actor_id", "text"]).size().rename("count").reset_index(), SURFACE_COUNTS)


ACTOR_TALLIES = {
    "counts": Partial(actor_counts, {"mentions": "sum", "documents": "sum", "first": "min", "last": "max"}),
    "surfaces": Partial(surface_counts, {"count": "sum"}),
}


def actors_from_tallies(counts: pd.DataFrame, surfaces: pd.DataFrame) -> pd.DataFrame:
    """The :func:`actors` table from :func:`actor_counts` and :func:`surface_counts`."""
    by_actor: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    for actor_id, surface, count in surfaces[["actor_id", "text", "count"]].itertuples(index=False):
        by_actor[actor_id][normalise(surface)][surface] += int(count)
    rows = []
    for actor_id, by_key in by_actor.items():
        kind, key = actor_id.split(":", 1)
        # A subset of mentions may lack the canonical form: name it by its commonest form.
        own = by_key.pop(key if key in by_key else max(by_key, key=lambda other: by_key[other].total()))
        aliases = sorted(_most_frequent(forms) for forms in by_key.values())
        rows.append((actor_id, _most_frequent(own), kind, ALIAS_SEPARATOR.join(aliases)))
    names = pd.DataFrame(rows, columns=["actor_id", "name", "type", "aliases"])
    frame = names.merge(counts.astype({"actor_id": STRING}), on="actor_id")
    frame = frame.sort_values(["mentions", "actor_id"], ascending=[False, True], kind="stable")
    return conform(frame, ACTORS)


def actors(mentions, documents=None) -> pd.DataFrame:
    """One row per actor: canonical name, aliases, counts, first and last publication.

    ``mentions`` is a mentions table (with ``documents``) or a corpus, pandas or
    Dask (tallied per partition, the same frame). The canonical name is the most
    frequent surface whose key is the actor's key; aliases are the other
    surfaces, one per key. Sorted by mentions, most first.
    """
    if documents is None:
        mentions, documents = mentions.mentions, mentions.documents
    found = tally(
        mentions[["doc_id", "actor_id", "text"]], ACTOR_TALLIES, documents=documents, document_columns=["published"]
    )
    return actors_from_tallies(found["counts"], found["surfaces"])
