"""The Dask engine gives the pandas engine's tables and every shared analysis's numbers, on several partitions."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import CHUNK_SIZE

import corpus
from corpus import actors, io, overview, terms, timeline, trends
from corpus.engine import dask as dask_engine
from corpus.engine import stream

LAYERS = ["sentences", "tokens", "dates", "entities", "mentions", "roles", "quotes", "sources"]


@pytest.fixture(scope="module")
def dask_corpus(pages, client, tmp_path_factory):
    """Annotated on a two-worker cluster into its own cache, four partitions of eleven documents."""
    cache_dir = tmp_path_factory.mktemp("dask-cache")
    plan = stream.annotate(pages, steps=["text", "tags", "dates", "entities", "attributions"], cache_dir=cache_dir,
                           client=client, progress=False, chunk_size=CHUNK_SIZE)
    return dask_engine.corpus_tables(plan, LAYERS)


@pytest.mark.parametrize("name", ["documents", "blocks", "related", *LAYERS])
def test_dask_tables_are_the_pandas_tables(dask_corpus, reference, name):
    frame = getattr(dask_corpus, name)
    assert frame.npartitions == 4
    want = getattr(reference, name)
    got = frame.compute().reset_index(drop=True)
    assert len(want) > 0
    pd.testing.assert_frame_equal(got, want)


@pytest.mark.parametrize(
    "options",
    [
        {"by": "lower"},
        {"by": "lemma", "group_by": "outlet"},
        {"by": "lower", "n": 2, "group_by": ["outlet", "year"], "min_count": 2},
        {"by": "text", "n": 3, "drop_stop": False},
        {"by": "phrase", "group_by": "outlet"},
        {"by": "name", "group_by": "outlet"},
        {"by": "lemma", "pos": None, "keep_noise": True, "drop_stop": False},
    ],
    ids=["lower", "lemma-by-outlet", "bigrams-by-outlet-year", "trigrams-with-stop-words", "phrases-by-outlet",
         "names-by-outlet", "every-token"],
)
def test_term_frequencies(dask_corpus, reference, options):
    got = terms.term_frequencies(dask_corpus, **options)
    want = terms.term_frequencies(reference, **options)
    assert len(want) > 50  # enough terms, in every group, for the comparison to mean something
    pd.testing.assert_frame_equal(got, want)


def test_key_terms_by_period(dask_corpus, reference):
    want = trends.key_terms_by_period(reference, per="month", min_docs=2)
    assert len(want) > 10
    pd.testing.assert_frame_equal(trends.key_terms_by_period(dask_corpus, per="month", min_docs=2), want)


@pytest.mark.parametrize("options", [{"freq": "day"}, {"freq": "month", "by": "outlet"}, {"freq": "year"}])
def test_publication_timeline(dask_corpus, reference, options):
    got = timeline.publication_timeline(dask_corpus, **options)
    want = timeline.publication_timeline(reference, **options)
    assert want["articles"].sum() == 43
    pd.testing.assert_frame_equal(got, want)


def test_overview(dask_corpus, reference):
    assert overview.summary(dask_corpus) == overview.summary(reference)
    assert overview.summary(dask_corpus)["byte-identical duplicates"] == 2
    for column in ("outlet", "author", "lang"):
        pd.testing.assert_frame_equal(overview.counts_by(dask_corpus, column), overview.counts_by(reference, column))
    pd.testing.assert_frame_equal(overview.problem_counts(dask_corpus), overview.problem_counts(reference))
    pd.testing.assert_frame_equal(overview.furniture_share(dask_corpus), overview.furniture_share(reference))
    pd.testing.assert_frame_equal(overview.field_sources(dask_corpus), overview.field_sources(reference))
    assert [timeline.suggest_freq(dask_corpus, max_periods=m) for m in (None, 24, 5000)] == [
        timeline.suggest_freq(reference, max_periods=m) for m in (None, 24, 5000)
    ]


def test_actors(dask_corpus, reference):
    want = reference.actors
    assert len(want) > 100 and (want["aliases"] != "").sum() > 5
    pd.testing.assert_frame_equal(actors.actors(dask_corpus), want)
    pd.testing.assert_frame_equal(dask_corpus.actors, want)


def test_export_and_open_a_dataset(dask_corpus, reference, tmp_path):
    out = dask_engine.export(dask_corpus, tmp_path / "ds", source="pages")
    opened = corpus.load(out, engine="dask")
    assert opened.tokens.npartitions == 4
    assert repr(opened) == f"<DaskCorpus 43 documents; tables documents, blocks, related, {', '.join(LAYERS)}>"
    pd.testing.assert_frame_equal(opened.mentions.compute().reset_index(drop=True), reference.mentions)
    with pytest.raises(ValueError, match="not a corpus dataset"):
        (tmp_path / "mine").mkdir()
        (tmp_path / "mine" / "notes.txt").write_text("x")
        dask_engine.export(dask_corpus, tmp_path / "mine")


def test_a_corpus_without_mentions_says_how_to_get_actors(client, tmp_path):
    c = corpus.load(corpus.config.SEEDS_DIR, engine="dask", cache_dir=tmp_path, layers=["tokens"])
    assert repr(c) == "<DaskCorpus 1 documents; tables documents, blocks, related, tokens>"
    with pytest.raises(AttributeError, match="layers including 'entities' and 'mentions'"):
        c.actors
    with pytest.raises(ValueError, match="layers applies to engine='dask'"):
        corpus.load(corpus.config.SEEDS_DIR, layers=["tokens"])


def test_the_dask_engine_reads_what_the_pandas_engine_cached(client, tmp_path):
    pandas_corpus = corpus.load(corpus.config.SEEDS_DIR, cache_dir=tmp_path)
    pandas_corpus.annotate("text")
    store = io.segment_index(corpus.layers.store(tmp_path, "text"))
    c = corpus.load(corpus.config.SEEDS_DIR, engine="dask", cache_dir=tmp_path, layers=["tokens"])
    assert io.segment_index(corpus.layers.store(tmp_path, "text")).equals(store)  # nothing computed again
    pd.testing.assert_frame_equal(c.tokens.compute().reset_index(drop=True), pandas_corpus.tokens)
