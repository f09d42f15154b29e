"""The ``Corpus``: the loaded tables as attributes, richer layers computed on first use and cached."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path

import pandas as pd

from corpus import io, layers, loader, schema
from corpus.engine import stream


class Corpus:
    """A collection of news pages as tidy tables keyed by ``doc_id``.

    ``documents``  one row per input page (or table row), always (problems recorded, never dropped);
    ``blocks``     every non-blank line of every page, with its kind and offsets;
    ``related``    teasers of other articles found in the page furniture;
    ``skipped``    the files of the folder that are not read, with the reason.

    Later layers (``sentences``, ``tokens``, ``dates``, ``entities``,
    ``mentions``, ``actors``, ``roles``, ``quotes``, ``sources``) are computed
    the first time they are read, per document, and cached (see
    :mod:`corpus.layers`): reopening the corpus, or a notebook on it, reads
    them back; a new article is the only one computed.
    """

    def __init__(
        self, documents: pd.DataFrame, blocks: pd.DataFrame, related: pd.DataFrame, *, root: Path | None = None,
        cache_dir: str | os.PathLike | None = None, workers: int | None = None, progress: bool | None = None,
        skipped: pd.DataFrame | None = None,
    ):
        self.documents = documents
        self.blocks = blocks
        self.related = related
        self.skipped = skipped if skipped is not None else schema.empty(schema.SKIPPED)
        self.root = root
        self.workers = workers
        self.progress = progress
        if cache_dir is None:
            # No cache asked for: layers still go through one, private to this corpus and deleted with it.
            self._temporary = tempfile.TemporaryDirectory(prefix="corpus-")
            cache_dir = self._temporary.name
        self.cache_dir = Path(cache_dir)

    # ----------------------------------------------------------------------
    # per-document layers

    @cached_property
    def _keys(self) -> pd.DataFrame:
        return layers.document_keys(self.documents)

    def annotate(self, *steps: str) -> "Corpus":
        """Compute (or find in the cache) the per-document layers of ``steps`` (default: all) now; return the corpus.

        Layers are otherwise computed when first read; this is for computing
        them up front, e.g. before several notebooks read them.
        """
        names = steps or tuple(layers.STEPS)
        jobs = list(layers.jobs(self._keys, layers.chunks_of(self.documents), names, self.cache_dir))
        with stream.runner(self.workers, items=sum(len(job.keys) for job in jobs), progress=self.progress) as run:
            for _ in run(layers.compute_job, jobs, "annotating", [len(job.keys) for job in jobs]):
                pass
        return self

    def _layer(self, table: str) -> pd.DataFrame:
        step = layers.STEP_OF_TABLE[table]
        self.annotate(step)
        return layers.read(layers.locate(self._keys, step, self.cache_dir), self.documents["doc_id"], table, self.cache_dir)

    @cached_property
    def sentences(self) -> pd.DataFrame:
        """Sentences of the article bodies: doc_id, sentence, start, end, text (offsets into documents.text)."""
        return self._layer("sentences")

    @cached_property
    def tokens(self) -> pd.DataFrame:
        """Tokens of the article bodies: lower case, lemma, part of speech (upos), features, stop/punct/number flags.

        ``upos``, ``feats`` and ``lemma`` come from the tagger (:mod:`corpus.tagger`).
        """
        from corpus import tagger

        return tagger.with_tags(self._layer("tokens"), self._layer("token_tags"))

    @cached_property
    def dates(self) -> pd.DataFrame:
        """Dates the article bodies mention, normalised against each publication date."""
        return self._layer("dates")

    @cached_property
    def entities(self) -> pd.DataFrame:
        """Raw named-entity spans (PER, ORG, LOC) from the shipped NER model, before actor resolution."""
        return self._layer("entities")

    @cached_property
    def _names(self):
        """The corpus-wide names actor resolution needs (:class:`corpus.actors.Names`)."""
        from corpus import actors

        return actors.names_of(self._layer("mention_keys"), self._layer("name_links"))

    @cached_property
    def _actor_ids(self) -> pd.Series:
        from corpus import actors

        return actors.actor_id_map(self._layer("mention_keys"), self._names)

    @cached_property
    def mentions(self) -> pd.DataFrame:
        """Actor mentions: doc_id, sentence, offsets, surface text, type, actor_id."""
        from corpus import actors

        return actors.resolve_mentions(self._layer("mention_keys"), self._names)

    @cached_property
    def actors(self) -> pd.DataFrame:
        """Resolved actors: id, canonical name, type, aliases, counts, dates, type shares, generic flag."""
        from corpus import actors

        return actors.actors(self.mentions, self.documents)

    @cached_property
    def roles(self) -> pd.DataFrame:
        """Roles and titles given to actors by appositions ("il presidente del Kazakistan, …")."""
        from corpus import actors

        return actors.with_actor_ids(self._layer("local_roles"), "actor_id", self._actor_ids)

    @cached_property
    def quotes(self) -> pd.DataFrame:
        """Direct quotes with their speaker's actor_id and the reporting verb."""
        from corpus import quotes

        return quotes.with_speakers(self._layer("local_quotes"), self._actor_ids)

    @cached_property
    def sources(self) -> pd.DataFrame:
        """Media and agencies the articles cite ("secondo quanto riporta …")."""
        from corpus import actors

        return actors.with_actor_ids(self._layer("local_sources"), "source", self._actor_ids)

    def cooccurrences(self, *, level: str = "sentence") -> pd.DataFrame:
        """Weighted edges between actors named in the same sentence (or document)."""
        from corpus import network

        return network.cooccurrences(self.mentions, level=level)

    def actor_network(self, *, level: str = "sentence"):
        """The co-occurrence network as a networkx Graph (nodes carry name, type, mentions)."""
        from corpus import network

        return network.actor_network(self.cooccurrences(level=level), self.actors)

    # ----------------------------------------------------------------------

    def __repr__(self) -> str:
        # The folder's name, not its full path: reports stay the same on every machine.
        return f"<Corpus {len(self.documents)} documents from {self.root.name if self.root else None}>"

    def __len__(self) -> int:
        return len(self.documents)

    def select(self, doc_ids: Sequence[str] | pd.Series | str) -> "Corpus":
        """A sub-corpus: by a list of doc_ids, a boolean mask over documents, or a query string.

        ``c.select("outlet == \\"L'AntiDiplomatico\\"")``, ``c.select(c.documents.published.dt.year == 2022)``.
        Its layers come from the same cache.
        """
        documents = self.documents
        if isinstance(doc_ids, str):
            keep = documents.query(doc_ids)["doc_id"]
        elif isinstance(doc_ids, pd.Series) and doc_ids.dtype == bool:
            keep = documents.loc[doc_ids.to_numpy(), "doc_id"]
        else:
            keep = pd.Series(list(doc_ids), dtype=schema.DOC_ID)
        chosen = set(keep)
        sub = Corpus(
            documents[documents["doc_id"].isin(chosen)].reset_index(drop=True),
            self.blocks[self.blocks["doc_id"].isin(chosen)].reset_index(drop=True),
            self.related[self.related["doc_id"].isin(chosen)].reset_index(drop=True),
            root=self.root, cache_dir=self.cache_dir, workers=self.workers, progress=self.progress,
            skipped=self.skipped,
        )
        if hasattr(self, "_temporary"):
            sub._temporary = self._temporary  # keep the private cache alive as long as either corpus
        return sub


def load(
    source: str | os.PathLike | Sequence[str | os.PathLike],
    *,
    cache: bool = True,
    cache_dir: str | os.PathLike | None = None,
    workers: int | None = None,
    progress: bool | None = None,
    engine: str = "pandas",
    layers: Sequence[str] | None = None,
    metadata: str | os.PathLike | None = None,
    outlet: str | dict[str, str] | None = None,
    **columns: str,
):
    """Load pages -- a folder (recursive), a file or a list of files -- or a table of articles into a :class:`Corpus`.

    Pages are ``.txt`` (any common layout: datelines before or after the title,
    a URL line, tags, agency footers, teasers, body-only text) and ``.html``
    (main text, title, date, author through trafilatura; furniture kept as
    blocks). Every other file of a folder is listed in ``skipped`` with the
    reason. A table of metadata beside the pages (``metadata.csv``/``.tsv``/
    ``.jsonl``/``.parquet`` at the top of the folder, or ``metadata=PATH``),
    keyed by file name (a column ``file``) with any of title, published,
    author, outlet, url, section, wins over what the parser read, and
    ``documents.metadata_fields`` says which fields it gave. ``outlet`` names
    the outlet of every page (``outlet="ANSA"``) or per folder
    (``outlet={"ansa": "ANSA", "repubblica": "la Repubblica"}``).

    A table of articles (``.csv``, ``.tsv``, ``.jsonl``, ``.parquet``) is one
    document per row: ``text=`` names the column with the article (and
    ``title=``, ``published=``, ``author=``, ``outlet=``, ``url=``,
    ``section=``, ``id=`` the others; common names such as ``body``,
    ``headline``, ``date`` are found without being named; ``outlet=`` may be
    the outlet itself when no column has that name). Its blocks are the
    paragraphs of the text; related sections and rights lines in it are still
    set aside.

    Parsing and every later layer are cached in ``cache_dir`` (default
    :func:`corpus.config.cache_dir`): a file whose size or modification time
    changed is parsed again, a document whose text changed is annotated again,
    and nothing else is. ``cache=False`` uses a private cache deleted with the
    corpus. ``workers`` is the number of worker processes (default: all cores
    when there are at least 2,000 files or documents to work on, else none).
    ``progress`` shows progress (default: for long jobs, except under pytest;
    a bar in a terminal, a line every few seconds elsewhere). Raises
    ``FileNotFoundError`` for a missing path; unreadable files become rows with
    their problem recorded.

    ``engine="dask"`` returns a ``DaskCorpus`` (:mod:`corpus.engine.dask`) whose
    tables are Dask DataFrames with the same schema, read partition by
    partition from the same cache; ``layers`` names the tables to compute up
    front (default: sentences, tokens, dates; add ``"entities"`` and
    ``"mentions"`` for actors). The analysis functions take it as they take a
    ``Corpus``. The pandas engine computes every layer on first use and takes
    no ``layers``.
    """
    if engine == "dask":
        from corpus.engine import dask as dask_engine

        return dask_engine.load(source, cache=cache, cache_dir=cache_dir, workers=workers, progress=progress,
                                layers=layers, metadata=metadata, outlet=outlet, **columns)
    if engine != "pandas":
        raise ValueError(f"engine must be 'pandas' or 'dask', not {engine!r}")
    if layers is not None:
        raise ValueError("layers applies to engine='dask'; a pandas Corpus computes each layer on first use")
    sources = io.find_sources(source)
    temporary = None if cache else tempfile.TemporaryDirectory(prefix="corpus-")
    location = Path(temporary.name) if temporary else io.cache_root(cache_dir)
    plan = loader.plan(sources, cache_dir=location, metadata=metadata, outlet=outlet, **columns)
    with stream.runner(workers, items=len(plan.relatives), progress=progress) as run:
        loader.build(plan, run=run)
    tables = loader.read_tables(plan)
    corpus = Corpus(tables["documents"], tables["blocks"], tables["related"], root=sources.root, cache_dir=location,
                    workers=workers, progress=progress, skipped=tables["skipped"])
    if temporary is not None:
        corpus._temporary = temporary
    return corpus
