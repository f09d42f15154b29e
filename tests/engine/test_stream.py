"""Chunked runs of the pipeline (worker processes, any chunk size) give the one-process load's tables."""

from __future__ import annotations

import io as stdio
from contextlib import redirect_stderr

import pandas as pd
import pytest
from conftest import CHUNK_SIZE, REPEATED_LINE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import corpus
from corpus import io, layers, loader, parse
from corpus.engine import stream


def _build(pages, cache_dir, *, chunk_size=CHUNK_SIZE, workers=1):
    plan = loader.plan(io.find_sources(pages), cache_dir=cache_dir, chunk_size=chunk_size)
    with stream.runner(workers, items=len(plan.relatives), progress=False) as run:
        loader.build(plan, run=run)
    return plan


@pytest.fixture(scope="module")
def chunked(pages, tmp_path_factory):
    """Four chunks of eleven files, in two worker processes, every layer computed chunk by chunk."""
    cache_dir = tmp_path_factory.mktemp("chunked")
    plan = loader.plan(io.find_sources(pages), cache_dir=cache_dir, chunk_size=CHUNK_SIZE)
    with stream.runner(2, items=len(plan.relatives), progress=False) as run:
        loader.build(plan, run=run)
        stream.compute(plan, stream.read_keys(plan), tuple(layers.STEPS), run)
    return plan


def test_the_chunks_are_parts_of_the_corpus_folder(chunked):
    assert [p.name for p in sorted((chunked.folder / "documents").glob("part-*.parquet"))] == [
        f"part-{i:05d}.parquet" for i in range(4)
    ]
    manifest = io.read_json(chunked.folder / loader.MANIFEST)
    assert manifest["chunks"] == 4 and manifest["rows"]["documents"] == 43
    assert not (chunked.folder / "_staging").exists()


@pytest.mark.parametrize("name", loader.BASE_TABLES)
def test_chunked_base_tables_are_the_one_process_tables(chunked, reference, name):
    pd.testing.assert_frame_equal(loader.read_tables(chunked)[name], getattr(reference, name))


@pytest.mark.parametrize("table", ["sentences", "tokens", "dates", "entities", "mention_keys", "local_quotes"])
def test_layers_computed_in_workers_are_the_layers_computed_here(chunked, reference, table):
    keys = stream.read_keys(chunked)
    located = layers.locate(keys, layers.STEP_OF_TABLE[table], chunked.cache_dir)
    got = layers.read(located, keys["doc_id"], table, chunked.cache_dir)
    want = reference._layer(table)
    assert len(want) > 0
    pd.testing.assert_frame_equal(got, want)


def test_corpus_level_steps_cross_chunks(chunked):
    tables = loader.read_tables(chunked)
    documents = tables["documents"].set_index("doc_id")
    blocks, related = tables["blocks"], tables["related"].set_index(["doc_id", "block"])
    assert documents.loc["scraped-again/seed", "duplicate_of"] == "000_3a0c8e003257abe6"
    assert documents.loc["scraped-again/cronache-0003", "duplicate_of"] == "cronache/0000003"
    assert documents.loc["scraped-again/seed", "problems"] == "duplicate: byte-identical to 000_3a0c8e003257abe6"
    furniture = blocks[blocks["text"] == REPEATED_LINE]
    assert furniture["kind"].astype(str).value_counts().to_dict() == {"boilerplate": 6, "body": 1}
    assert furniture.loc[furniture["kind"] == "body", "doc_id"].tolist() == ["scraped-again/cronache-0003"]
    assert REPEATED_LINE not in documents.loc["cronache/0000003", "text"]
    assert documents.loc["voce/0000006", "outlet"] == "La Voce di Roma"
    assert "outlet: inferred from the other pages of its folder" in documents.loc["voce/0000006", "problems"]
    assert related.loc[("quotidiano/0000001", 9), "linked_doc_id"] == "voce/0000038"


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chunk_size=st.integers(min_value=1, max_value=45))
def test_base_tables_do_not_depend_on_the_chunk_size(pages, reference, tmp_path_factory, chunk_size):
    plan = _build(pages, tmp_path_factory.mktemp("chunks"), chunk_size=chunk_size)
    for name in loader.BASE_TABLES:
        pd.testing.assert_frame_equal(loader.read_tables(plan)[name], getattr(reference, name))


def test_an_unreadable_file_is_recorded_not_fatal(pages, tmp_path, monkeypatch):
    read_bytes = io.read_bytes

    def failing(path):
        if str(path).endswith("voce/0000010.txt"):
            raise PermissionError(13, "Permission denied")
        return read_bytes(path)

    monkeypatch.setattr(io, "read_bytes", failing)
    documents = loader.read_tables(_build(pages, tmp_path))["documents"].set_index("doc_id")
    assert len(documents) == 43
    assert documents.loc["voce/0000010", "problems"] == "unreadable: [Errno 13] Permission denied"
    assert documents.loc["voce/0000010", "text"] == ""
    assert documents.loc["voce/0000014", "problems"] == ""


def test_a_rebuilt_corpus_with_one_changed_file_parses_that_file_only(pages, tmp_path, monkeypatch):
    plan = _build(pages, tmp_path)
    page = pages / "voce" / "0000010.txt"
    original = page.read_text(encoding="utf-8")
    parsed = []
    parse_page = parse.parse_page
    monkeypatch.setattr(parse, "parse_page", lambda text: parsed.append(text.split("\n", 1)[0]) or parse_page(text))
    try:
        paragraphs = original.split("\n\n")
        page.write_text("\n\n".join([*paragraphs[:2], "Una riga nuova.", *paragraphs[2:]]), encoding="utf-8")
        again = _build(pages, tmp_path)
    finally:
        page.write_text(original, encoding="utf-8")
    assert again.snapshot != plan.snapshot
    assert parsed == [original.split("\n", 1)[0]]
    assert "Una riga nuova." in loader.read_tables(again)["documents"].set_index("doc_id").loc["voce/0000010", "text"]


def test_progress_outside_a_terminal_is_a_line_per_step(monkeypatch):
    monkeypatch.setattr(stream, "PROGRESS_LINE_SECONDS", 0.0)
    err = stdio.StringIO()
    with redirect_stderr(err), stream.runner(1, progress=True) as run:
        assert list(run(abs, [-1, -2], "counting", [10, 5])) == [1, 2]
    assert err.getvalue() == "counting: 10/15 items (67%), 0 s\ncounting: 15/15 items (100%), 0 s\n"


def test_progress_is_quiet_under_pytest_unless_asked(monkeypatch):
    assert stream.show_progress(None, 100_000) is False
    monkeypatch.delenv("PYTEST_CURRENT_TEST", raising=False)
    assert stream.show_progress(None, 100_000) is True
    assert stream.show_progress(None, 10) is False
    assert stream.show_progress(False, 100_000) is False


def test_workers_default_to_all_cores_for_two_chunks_of_work(monkeypatch):
    from corpus import config

    monkeypatch.setattr("os.cpu_count", lambda: 8)
    assert config.default_workers(config.CHUNK_ITEMS) == 1
    assert config.default_workers(2 * config.CHUNK_ITEMS) == 8


def test_load_in_worker_processes_gives_the_same_corpus(pages, reference, tmp_path):
    c = corpus.load(pages, cache_dir=tmp_path, workers=2)
    pd.testing.assert_frame_equal(c.documents, reference.documents)
