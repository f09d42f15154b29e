"""Literal frames for the actor tests: documents, sentences and hand-made NER output."""

from __future__ import annotations

import re

import pandas as pd

from corpus import actors, config
from corpus.schema import TIMESTAMP
from corpus.text import text_layer

# The seed as a perfect NER would tag it, so that resolution, roles, quotes and
# sources are checked whatever the shipped model's recall.
SEED_ID = "000_3a0c8e003257abe6"
SEED_NAMES = [
    ("Kazakistan", "LOC"), ("Kassym-Jomart Tokayev", "PER"), ("Tokayev", "PER"), ("Almaty", "LOC"),
    ("Russia", "LOC"), ("Armenia", "LOC"), ("Bielorussia", "LOC"), ("Kirghizistan", "LOC"),
    ("Tagikistan", "LOC"), ("CSTO", "ORG"), ("Nikol Pashinian", "PER"), ("Pashinian", "PER"),
]  # fmt: skip


def documents(texts: dict[str, str], *, published: dict[str, str] | None = None) -> pd.DataFrame:
    """A documents table with doc_id, published (Europe/Rome) and text."""
    published = published or {}
    return pd.DataFrame(
        {
            "doc_id": pd.Series(list(texts), dtype="string"),
            "published": pd.Series([published.get(doc_id) for doc_id in texts], dtype="object").astype("datetime64[ns]")
            .dt.tz_localize("Europe/Rome").astype(TIMESTAMP),
            "text": pd.Series(list(texts.values()), dtype="string"),
        }
    )


def entities(docs: pd.DataFrame, names: dict[str, list[tuple[str, str]]]) -> pd.DataFrame:
    """NER output tagging every whole-word occurrence of each ``(surface, label)`` of a document."""
    texts = dict(zip(docs["doc_id"], docs["text"]))
    rows = []
    for doc_id, tagged in names.items():
        for surface, label in tagged:
            for match in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", texts[doc_id]):
                rows.append((doc_id, match.start(), match.end(), label))
    return pd.DataFrame(rows, columns=["doc_id", "start", "end", "label"])


def sentences(docs: pd.DataFrame) -> pd.DataFrame:
    return text_layer(docs)[0]


def resolved(texts: dict[str, str], names: dict[str, list[tuple[str, str]]], *, published=None):
    """``(documents, mentions)`` of literal texts tagged with ``names``."""
    docs = documents(texts, published=published)
    return docs, actors.mentions(entities(docs, names), docs, sentences(docs))


def seed() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The seed's documents (real loader) and mentions (real text layer, gold NER)."""
    import corpus

    docs = corpus.load(config.SEEDS_DIR, cache=False).documents
    docs = docs[docs["doc_id"] == SEED_ID].reset_index(drop=True)
    return docs, actors.mentions(entities(docs, {SEED_ID: SEED_NAMES}), docs, sentences(docs))
