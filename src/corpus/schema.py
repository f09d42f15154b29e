"""Every table's columns and dtypes, declared once, and the one function that applies them.

A table is a mapping ``column -> dtype``. Producers pass their frames through
:func:`conform`, so the dtypes a user sees are the same whatever path produced
the frame (a fresh computation, the cache, a Dask partition). ``doc_id`` has one
dtype everywhere (:data:`DOC_ID`), so tables join without conversions.

:func:`is_dask` and :func:`columns` let the per-document analyses take Dask
tables too.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence

import pandas as pd

STRING = pd.StringDtype()
ROME = "Europe/Rome"
TIMESTAMP = pd.DatetimeTZDtype(unit="ns", tz=ROME)
DOC_ID = STRING

# --------------------------------------------------------------------------
# pages: what the loader makes of the input files

BLOCK_KINDS = [
    "url", "section", "title", "subtitle", "header", "dateline", "byline", "body", "boilerplate", "related_heading",
    "related", "tags", "footer",
]

DOCUMENTS = {
    "doc_id": DOC_ID, "path": STRING, "title": STRING, "subtitle": STRING, "published": TIMESTAMP,
    "published_source": STRING,  # dateline, url, footer or metadata (the markup, a table, a sidecar)
    "updated": TIMESTAMP, "author": STRING, "outlet": STRING, "source": STRING, "translator": STRING,
    "url": STRING, "section": STRING, "tags": STRING,  # tags "; "-joined
    "text": STRING, "n_words": "int32", "n_blocks": "int32", "lang": STRING, "encoding": STRING,
    "n_bytes": "int64", "sha1": STRING, "duplicate_of": STRING,
    "metadata_fields": STRING,  # the fields a sidecar table or the load's arguments gave, "; "-joined
    "problems": STRING,
}
# Files in a corpus folder that are not read, and why: nothing goes unmentioned.
SKIPPED = {"path": STRING, "n_bytes": "int64", "reason": STRING}
BLOCKS = {
    "doc_id": DOC_ID, "block": "int32", "kind": pd.CategoricalDtype(BLOCK_KINDS), "text": STRING,
    "start": "int32", "end": "int32",
}
RELATED = {
    "doc_id": DOC_ID, "block": "int32", "title": STRING, "author": STRING, "outlet": STRING,
    "source": STRING, "snippet": STRING, "linked_doc_id": DOC_ID,
}

# What parsing one file gives, before any corpus-level step (cached per file).
FILES = {
    "path": STRING, "size": "int64", "mtime_ns": "int64", "sha1": STRING, "encoding": STRING,
    "title": STRING, "subtitle": STRING, "published": "datetime64[ns]", "published_source": STRING,
    "updated": "datetime64[ns]", "author": STRING, "outlet": STRING, "source": STRING, "translator": STRING,
    "url": STRING, "section": STRING, "tags": STRING, "problems": STRING, "lang": STRING, "title_key": STRING,
}
RAW_BLOCKS = {
    "path": STRING, "block": "int32", "kind": STRING, "text": STRING, "start": "int32", "end": "int32",
    "n_words": "int32",
}
RAW_TEASERS = {
    "path": STRING, "block": "int32", "title": STRING, "author": STRING, "outlet": STRING,
    "source": STRING, "snippet": STRING, "title_key": STRING,
}

# --------------------------------------------------------------------------
# text layers: one row per sentence, token, date, entity of the article bodies

SENTENCES = {"doc_id": DOC_ID, "sentence": "int32", "start": "int32", "end": "int32", "text": STRING}
TOKENS = {
    "doc_id": DOC_ID, "sentence": "int32", "token": "int32", "start": "int32", "end": "int32",
    "text": "category", "lower": "category", "lemma": "category",
    "is_stop": "bool", "is_punct": "bool", "is_number": "bool",
    "is_artefact": "bool",  # overlaps a scraping artefact (corpus.artefacts): left out of term counts
}
UPOS_TAGS = (
    "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN", "PUNCT",
    "SCONJ", "SYM", "VERB", "X",
)  # the 17 Universal Dependencies parts of speech
# What the tagger adds to each token (corpus.tagger.tag_tokens); <NA> upos for a token not tagged
# (a document in another language), whose lemma is then its lower-case form.
TOKEN_TAGS = {
    "doc_id": DOC_ID, "sentence": "int32", "token": "int32", "upos": pd.CategoricalDtype(list(UPOS_TAGS)),
    "feats": "category", "lemma": "category",
}
# The tokens a corpus shows (Corpus.tokens): the text layer's with the tagger's upos, feats and lemma.
TAGGED_TOKENS = {
    **{name: dtype for name, dtype in TOKENS.items() if name not in ("is_stop", "is_punct", "is_number")},
    "upos": TOKEN_TAGS["upos"], "feats": "category",
    "is_stop": "bool", "is_punct": "bool", "is_number": "bool",
}
GRANULARITIES = pd.CategoricalDtype(["time", "day", "week", "month", "year"])
DATE_KINDS = pd.CategoricalDtype(["absolute", "relative"])
DATES = {
    "doc_id": DOC_ID, "start": "int32", "end": "int32", "text": STRING, "value": STRING,
    "granularity": GRANULARITIES, "kind": DATE_KINDS,
}
NER_LABELS = ("PER", "ORG", "LOC")
ENTITIES = {
    "doc_id": DOC_ID, "sentence": "int32", "token_start": "int32", "token_end": "int32",
    "start": "int32", "end": "int32", "label": pd.CategoricalDtype(list(NER_LABELS)),
    # The model's probability for ``label`` (0-1); NaN when the model gives none (the spaCy tier),
    # which later steps read as "not confident" (see corpus.actors.CONFIDENT).
    "confidence": "float64",
}

# --------------------------------------------------------------------------
# actors

# What a document alone tells of each mention (see corpus.actors.mention_keys).
MENTION_KEYS = {
    "doc_id": DOC_ID, "sentence": "int32", "start": "int32", "end": "int32", "text": STRING,
    "kind": STRING, "key": STRING, "bare": "bool",
    "place": "bool",  # a bare name tagged PER, unsure, that is also a place: the corpus decides
}
# Names a document ties to another (keys as in MENTION_KEYS.key): an acronym defined in parentheses
# ("Nazioni Unite (ONU)": alias "nazioni unite" -> key "onu"), a nickname in apposition ("Silvio
# Berlusconi, il Cavaliere": alias "cavaliere" -> key "silvio berlusconi").
NAME_LINKS = {"doc_id": DOC_ID, "alias": STRING, "key": STRING}
MENTIONS = {
    "doc_id": DOC_ID, "sentence": "int32", "start": "int32", "end": "int32", "text": STRING,
    "type": STRING,  # this mention's type, PER, ORG or LOC, after the document's corrections
    "actor_id": STRING,  # "<actor's type>:<key>": the actor's type is its mentions' majority type
}
ACTORS = {
    "actor_id": STRING, "name": STRING,
    "type": STRING,  # the commonest type of its mentions (ties: LOC, then ORG, then PER)
    "aliases": STRING,  # other surface forms, "; "-joined, sorted; "" when none
    "mentions": "int64", "documents": "int64", "first": TIMESTAMP, "last": TIMESTAMP,
    # The share of its mentions typed PER, ORG, LOC (summing to 1): "Italia" LOC 0.8, ORG 0.2.
    "share_per": "float64", "share_org": "float64", "share_loc": "float64",
    "generic": "bool",  # an institution named by a common noun ("governo", "polizia"): see top_actors
}
ACTOR_COUNTS = {
    "actor_id": STRING, "mentions": "int64", "documents": "int64", "first": TIMESTAMP, "last": TIMESTAMP,
    "per": "int64", "org": "int64", "loc": "int64",  # mentions of each type
}
# Per place name, its lone undecided mentions, the documents they are in, and the mentions of
# people it is the surname of (see corpus.actors.place_votes).
PLACE_VOTES = {"key": STRING, "lone": "int64", "documents": "int64", "people": "int64"}
# How often each key is typed PER, ORG, LOC across the corpus (see corpus.actors.type_votes).
TYPE_VOTES = {"key": STRING, "kind": STRING, "count": "int64"}
SURFACE_COUNTS = {"actor_id": STRING, "text": STRING, "count": "int64"}
ROLES = {"doc_id": DOC_ID, "actor_id": STRING, "role": STRING, "start": "int32", "end": "int32"}
QUOTES = {
    "doc_id": DOC_ID,
    "speaker": STRING,  # actor_id; <NA> when the text does not say who speaks
    "verb": STRING,  # lemma of the reporting verb, or "secondo"; <NA> when unattributed
    "quote": STRING,
    "start": "int32",
    "end": "int32",
}
SOURCES = {
    "doc_id": DOC_ID,
    "source": STRING,  # actor_id of the cited name
    "cue": STRING,
    "start": "int32",  # the citation from cue to name, or name to cue
    "end": "int32",
}
EDGES = {"source": STRING, "target": STRING, "weight": "int64"}

# --------------------------------------------------------------------------
# analyses

FREQUENCIES = {"term": STRING, "n": "int64", "count": "int64", "doc_freq": "int64", "per_10k": "float64", "rank": "int64"}
COLLOCATIONS = {"w1": STRING, "w2": STRING, "count": "int64", "score": "float64", "measure": STRING}
KEYNESS = {
    "term": STRING, "target_count": "int64", "reference_count": "float64", "target_per_10k": "float64",
    "reference_per_10k": "float64", "g2": "float64", "log_ratio": "float64", "sign": "int8", "p_value": "float64",
}
TFIDF = {
    "doc_id": DOC_ID, "term": STRING, "count": "int64", "tf": "float64", "df": "int64", "idf": "float64",
    "tfidf": "float64", "rank": "int64",
}
DISTANCING_QUOTES = {
    "doc_id": DOC_ID, "start": "int32", "end": "int32", "quoted": STRING, "left": STRING, "right": STRING,
    "lower": STRING,
}
CONCORDANCE = {
    "doc_id": DOC_ID, "sentence": "int32", "start": "int32", "end": "int32", "left": STRING, "match": STRING,
    "right": STRING,
}
DISPERSION = {"doc_id": DOC_ID, "published": TIMESTAMP, "position": "float64", "start": "int32"}

PROBLEMS = {"problem": STRING, "documents": "int64"}
FURNITURE = {"kind": STRING, "blocks": "int64", "characters": "int64", "share_of_characters": "float64"}
COUNTS_BY = {"value": STRING, "documents": "int64", "words": "int64"}
FIELD_SOURCES = {"field": STRING, "source": STRING, "documents": "int64"}
TIMELINE = {"period": TIMESTAMP, "articles": "int64", "words": "int64"}  # plus the ``by`` column after period

# After the period and the key columns (term, or actor_id and name).
TREND_COUNTS = {"count": "int64", "documents": "int64", "words": "int64", "articles": "int64", "rate": "float64"}
CHANGE = {
    "before_count": "int64", "after_count": "int64", "before_documents": "int64", "after_documents": "int64",
    "before_rate": "float64", "after_rate": "float64", "log_ratio": "float64", "g2": "float64", "p_value": "float64",
}
# Terms a period uses more than the rest of the corpus (corpus.trends.key_terms_by_period).
KEY_TERMS = {
    "period": TIMESTAMP, "term": STRING, "count": "int64", "docs": "int64", "g2": "float64", "log_ratio": "float64",
    "rank": "int64",
}
EVENTS = {
    "doc_id": DOC_ID, "start": "int32", "published": TIMESTAMP, "date_text": STRING, "value": STRING,
    "referred": TIMESTAMP, "lag_days": "Int64", "granularity": GRANULARITIES, "kind": DATE_KINDS,
}
# What the cache holds (corpus.cache.cached).
CACHE_INFO = {
    "kind": STRING, "name": STRING, "version": STRING, "current": "bool",
    "entries": "int64", "segments": "int64", "bytes": "int64",
}
TABLE_SIZES = {"table": STRING, "rows": "int64", "partitions": "int64", "columns": STRING}


def empty(dtypes: Mapping[str, object]) -> pd.DataFrame:
    """An empty frame with the declared columns and dtypes."""
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in dtypes.items()})


def conform(frame: pd.DataFrame, dtypes: Mapping[str, object]) -> pd.DataFrame:
    """Return ``frame`` with exactly the declared columns, in order, with their dtypes.

    Raises ``KeyError`` naming any declared column that is missing, so a producer
    that forgets a column fails loudly instead of yielding a ragged table.
    """
    missing = [name for name in dtypes if name not in frame.columns]
    if missing:
        raise KeyError(f"table is missing declared columns: {missing}")
    if frame.empty:
        return empty(dtypes)
    out = frame.loc[:, list(dtypes)].copy()
    for name, dtype in dtypes.items():
        if out[name].dtype != dtype:
            out[name] = out[name].astype(dtype)
    return out.reset_index(drop=True)


def is_dask(data) -> bool:
    """Whether ``data`` is a Dask DataFrame, or a corpus whose tables are (``DaskCorpus``).

    Never imports Dask: if ``dask.dataframe`` was not imported, nothing can be a Dask frame.
    """
    dataframe = sys.modules.get("dask.dataframe")
    if dataframe is None:
        return False
    return isinstance(data, dataframe.DataFrame) or isinstance(getattr(data, "documents", None), dataframe.DataFrame)


def columns(frame, names: Sequence[str]) -> pd.DataFrame:
    """``frame[names]`` as a pandas frame: a Dask table computes just those columns.

    For the per-document analyses (counts, summaries, calendars), whose inputs
    are a few numbers per article: a million articles give a frame of tens of MB.
    """
    selected = frame[list(names)]
    return selected.compute() if is_dask(selected) else selected
