"""Per-document layers are computed once, keyed by each document's content and the code that made them."""

from __future__ import annotations

import pandas as pd
import pytest

import corpus
from corpus import io, layers


def _documents(texts: dict[str, str], published: str = "2022-01-05 21:16") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": pd.array(list(texts), dtype="string"),
            "text": list(texts.values()),
            "lang": "it",
            "published": pd.Timestamp(published, tz="Europe/Rome"),
        }
    )


def _computed(documents: pd.DataFrame, cache_dir, *steps) -> dict[str, int]:
    keys = layers.document_keys(documents)
    total: dict[str, int] = {}
    for job in layers.jobs(keys, layers.chunks_of(documents), steps, cache_dir):
        for name, count in layers.compute_job(job).items():
            total[name] = total.get(name, 0) + count
    return total


TEXTS = {"a": "Ieri il sindaco di Roma ha parlato.", "b": "Oggi piove a Milano.", "c": "Domani si vota."}


def test_a_document_is_computed_once(tmp_path):
    documents = _documents(TEXTS)
    assert _computed(documents, tmp_path, "dates") == {"text": 3, "dates": 3}
    assert _computed(documents, tmp_path, "dates") == {}


def test_only_a_new_or_changed_document_is_computed(tmp_path):
    _computed(_documents(TEXTS), tmp_path, "dates")
    changed = _documents({**TEXTS, "b": "Oggi nevica a Milano.", "d": "Un articolo nuovo."})
    assert _computed(changed, tmp_path, "dates") == {"text": 2, "dates": 2}


def test_a_key_hashes_only_what_the_step_reads(tmp_path):
    before = layers.document_keys(_documents(TEXTS))
    later = layers.document_keys(_documents(TEXTS, published="2023-03-01 10:00"))
    assert (before["text"] == later["text"]).all()  # tokens do not depend on the date
    assert (before["dates"] != later["dates"]).all()  # "ieri" does
    assert _computed(_documents(TEXTS, published="2023-03-01 10:00"), tmp_path, "dates") == {"text": 3, "dates": 3}


def test_same_text_in_two_documents_is_one_key(tmp_path):
    keys = layers.document_keys(_documents({"a": "Stesso testo.", "b": "Stesso testo."}))
    assert keys.loc[0, "text"] == keys.loc[1, "text"]
    documents = _documents({"a": "Stesso testo.", "b": "Stesso testo."})
    assert _computed(documents, tmp_path, "text") == {"text": 1}
    tokens = layers.read(layers.locate(keys, "text", tmp_path), documents["doc_id"], "tokens", tmp_path)
    assert tokens["doc_id"].tolist() == ["a"] * 3 + ["b"] * 3


def test_another_version_of_the_code_is_another_store(tmp_path, monkeypatch):
    first = layers.store(tmp_path, "dates")
    monkeypatch.setattr(layers, "fingerprint", lambda name: "0" * 40)
    assert layers.store(tmp_path, "dates") != first


def test_fingerprint_changes_with_any_byte_of_what_it_hashes(tmp_path):
    model = tmp_path / "model"
    model.mkdir()
    (model / "weights.bin").write_bytes(b"\x00\x01")
    first = io.fingerprint("corpus.text", model)
    assert io.fingerprint("corpus.text", model) == first
    (model / "weights.bin").write_bytes(b"\x00\x02")
    assert io.fingerprint("corpus.text", model) != first
    assert io.fingerprint("corpus.text", model, salt="fast") != io.fingerprint("corpus.text", model)


def test_rows_come_back_in_corpus_order_from_several_segments(tmp_path):
    _computed(_documents({"b": TEXTS["b"]}), tmp_path, "text")
    _computed(_documents({"a": TEXTS["a"]}), tmp_path, "text")
    documents = _documents(TEXTS)
    _computed(documents, tmp_path, "text")
    assert len(list(layers.store(tmp_path, "text").glob("seg-*"))) == 3
    keys = layers.document_keys(documents)
    sentences = layers.read(layers.locate(keys, "text", tmp_path), documents["doc_id"], "sentences", tmp_path)
    assert sentences["text"].tolist() == list(TEXTS.values())


def test_reading_a_missing_document_is_an_error(tmp_path):
    keys = layers.document_keys(_documents(TEXTS))
    with pytest.raises(LookupError, match="3 documents have no tokens"):
        layers.read(layers.locate(keys, "text", tmp_path), keys["doc_id"], "tokens", tmp_path)


def test_corpus_layers_come_from_the_cache_on_reload(tmp_path, monkeypatch):
    first = corpus.load(corpus.config.SEEDS_DIR, cache_dir=tmp_path)
    tokens = first.tokens
    monkeypatch.setattr(layers, "compute_job", lambda job: (_ for _ in ()).throw(AssertionError("computed again")))
    again = corpus.load(corpus.config.SEEDS_DIR, cache_dir=tmp_path)
    pd.testing.assert_frame_equal(again.tokens, tokens)


def test_upstream_orders_steps_by_dependency():
    assert layers.upstream(["attributions"]) == ["text", "entities", "mentions", "attributions"]
    assert layers.upstream(["dates", "text"]) == ["text", "dates"]
