"""The ``Corpus``: the loaded tables as attributes, richer layers computed on first use."""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path

import pandas as pd

from corpus import io, loader


class Corpus:
    """A collection of news pages as tidy tables keyed by ``doc_id``.

    ``documents``  one row per input file, always (problems recorded, never dropped);
    ``blocks``     every non-blank line of every file, with its kind and offsets;
    ``related``    teasers of other articles found in the page furniture.

    Later layers (``sentences``, ``tokens``, ``mentions``, ``actors``, ``quotes``,
    ``sources``, ``dates``) are computed the first time they are read.
    """

    def __init__(self, documents: pd.DataFrame, blocks: pd.DataFrame, related: pd.DataFrame, *, root: Path | None = None):
        self.documents = documents
        self.blocks = blocks
        self.related = related
        self.root = root

    @cached_property
    def _text_layer(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        from corpus import text

        return text.text_layer(self.documents, lang=self.documents["lang"])

    @cached_property
    def sentences(self) -> pd.DataFrame:
        """Sentences of the article bodies: doc_id, sentence, start, end, text (offsets into documents.text)."""
        return self._text_layer[0]

    @cached_property
    def tokens(self) -> pd.DataFrame:
        """Tokens of the article bodies with lower case, lemma and stop/punct/number flags."""
        return self._text_layer[1]

    @cached_property
    def dates(self) -> pd.DataFrame:
        """Dates the article bodies mention, normalised against each publication date."""
        from corpus import temporal

        return temporal.date_mentions(self.documents, self.tokens)

    @cached_property
    def entities(self) -> pd.DataFrame:
        """Raw named-entity spans (PER, ORG, LOC) from the shipped NER model, before actor resolution."""
        from corpus import ner

        return ner.recognize_entities(self.tokens)

    @cached_property
    def mentions(self) -> pd.DataFrame:
        """Actor mentions: doc_id, sentence, offsets, surface text, type, actor_id."""
        from corpus import actors

        return actors.mentions(self.entities, self.documents, self.sentences)

    @cached_property
    def actors(self) -> pd.DataFrame:
        """Resolved actors: id, canonical name, type, aliases, mentions, documents, first and last date."""
        from corpus import actors

        return actors.actors(self.mentions, self.documents)

    @cached_property
    def roles(self) -> pd.DataFrame:
        """Roles and titles given to actors by appositions ("il presidente del Kazakistan, …")."""
        from corpus import roles

        return roles.roles(self.mentions, self.documents)

    @cached_property
    def quotes(self) -> pd.DataFrame:
        """Direct quotes with their speaker's actor_id and the reporting verb."""
        from corpus import quotes

        return quotes.quotes(self.documents, self.mentions, self.roles)

    @cached_property
    def sources(self) -> pd.DataFrame:
        """Media and agencies the articles cite ("secondo quanto riporta …")."""
        from corpus import quotes

        return quotes.sources(self.documents, self.mentions)

    def cooccurrences(self, *, level: str = "sentence") -> pd.DataFrame:
        """Weighted edges between actors named in the same sentence (or document)."""
        from corpus import network

        return network.cooccurrences(self.mentions, level=level)

    def actor_network(self, *, level: str = "sentence"):
        """The co-occurrence network as a networkx Graph (nodes carry name, type, mentions)."""
        from corpus import network

        return network.actor_network(self.cooccurrences(level=level), self.actors)

    def __repr__(self) -> str:
        # The folder's name, not its full path: reports stay the same on every machine.
        return f"<Corpus {len(self.documents)} documents from {self.root.name if self.root else None}>"

    def __len__(self) -> int:
        return len(self.documents)

    def select(self, doc_ids: Sequence[str] | pd.Series | str) -> "Corpus":
        """A sub-corpus: by a list of doc_ids, a boolean mask over documents, or a query string.

        ``c.select("outlet == \\"L'AntiDiplomatico\\"")``, ``c.select(c.documents.published.dt.year == 2022)``.
        """
        documents = self.documents
        if isinstance(doc_ids, str):
            keep = documents.query(doc_ids)["doc_id"]
        elif isinstance(doc_ids, pd.Series) and doc_ids.dtype == bool:
            keep = documents.loc[doc_ids.to_numpy(), "doc_id"]
        else:
            keep = pd.Series(list(doc_ids), dtype=documents["doc_id"].dtype)
        chosen = set(keep)
        return Corpus(
            documents[documents["doc_id"].isin(chosen)].reset_index(drop=True),
            self.blocks[self.blocks["doc_id"].isin(chosen)].reset_index(drop=True),
            self.related[self.related["doc_id"].isin(chosen)].reset_index(drop=True),
            root=self.root,
        )


def load(
    source: str | os.PathLike | Sequence[str | os.PathLike],
    *,
    cache: bool = True,
    cache_dir: str | os.PathLike | None = None,
    workers: int | None = None,
    progress: bool | None = None,
    engine: str = "pandas",
    layers: Sequence[str] | None = None,
):
    """Load a folder (recursive ``*.txt``), one file or a list of files into a :class:`Corpus`.

    Parsing is cached as Parquet (see :func:`corpus.config.cache_dir`); a file
    whose size or modification time changed is parsed again. ``workers`` is the
    number of parsing processes; by default all cores when there are at least
    2,000 files to parse, else one. ``progress`` shows a bar (default: only in
    a terminal, never under CI or pytest). Raises ``FileNotFoundError`` for a
    missing path; unreadable files become rows with their problem recorded.

    ``engine="dask"`` streams the corpus into a partitioned Parquet dataset
    (see :mod:`corpus.scale`) and returns a ``DaskCorpus`` whose tables are Dask
    DataFrames with the same schema; ``layers`` names the tables to annotate
    besides documents, blocks and related (default: sentences, tokens, dates;
    add ``"entities"`` and ``"mentions"`` for actors). The analysis functions
    (``corpus.term_frequencies``, ``corpus.publication_timeline``,
    ``corpus.summary``, ``corpus.actors.actors``...) take it as they take a
    ``Corpus``. The pandas engine computes every layer on first use and takes
    no ``layers``.
    """
    if engine == "dask":
        from corpus import dask_engine, scale

        return dask_engine.load_dask(
            source, cache=cache, cache_dir=cache_dir, workers=workers, progress=progress,
            layers=scale.DEFAULT_LAYERS if layers is None else layers,
        )
    if engine != "pandas":
        raise ValueError(f"engine must be 'pandas' or 'dask', not {engine!r}")
    if layers is not None:
        raise ValueError("layers applies to engine='dask'; a pandas Corpus computes each layer on first use")
    root, files = io.find_files(source)
    tables = loader.read_tables(
        root, files, cache=cache, cache_dir=Path(cache_dir) if cache_dir else None,
        workers=workers, progress=progress,
    )
    return Corpus(tables["documents"], tables["blocks"], tables["related"], root=root)
