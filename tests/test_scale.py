"""Streaming annotation (``corpus.scale``) and the Dask engine give the pandas path's tables and numbers."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import corpus
from corpus import config, dask_engine, io, scale, temporal, terms, text, timeline

sys.path.insert(0, str(config.PROJ_ROOT / "benchmarks"))
from conftest import write_pages  # noqa: E402
from synthetic import generate  # noqa: E402

SEED = config.SEEDS_DIR / "000_3a0c8e003257abe6.txt"
REPEATED_LINE = "Seguici anche sul nostro canale Telegram per restare aggiornato su tutte le notizie."
# Eleven files per chunk, four chunks: every corpus-level relation below crosses a chunk boundary.
CHUNK_SIZE = 11


def _title(path: Path) -> str:
    return path.read_text(encoding="utf-8").splitlines()[0]


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> Path:
    """The seed, 40 synthetic pages from 4 outlets, and edits that need the whole corpus to resolve.

    - ``scraped-again/seed`` and ``scraped-again/cronache-0003`` are byte-identical to files in other chunks;
    - one body line recurs on 6 of the 10 ``cronache`` pages: furniture (threshold 5 pages);
    - ``voce/0000006`` names no outlet (byline without it, no furniture): inferred from its folder;
    - ``quotidiano/0000001`` has a teaser titled like ``voce/0000038``.
    """
    if not config.WIKINEWS_PAGES_DIR.exists():
        pytest.skip(f"the synthetic pages are built from {config.WIKINEWS_PAGES_DIR}, which is missing")
    root = tmp_path_factory.mktemp("pages")
    paths = generate(root, 40, seed=7)
    shutil.copy(SEED, root / SEED.name)
    (root / "scraped-again").mkdir()
    shutil.copy(SEED, root / "scraped-again" / "seed.txt")
    cronache = [p for p in paths if p.parent.name == "cronache"]
    for path in cronache[:6]:
        lines = path.read_text(encoding="utf-8").split("\n\n")
        lines.insert(3, REPEATED_LINE)
        path.write_text("\n\n".join(lines), encoding="utf-8")
    shutil.copy(root / "cronache" / "0000003.txt", root / "scraped-again" / "cronache-0003.txt")
    anonymous = (root / "voce" / "0000006.txt").read_text(encoding="utf-8").replace(" per La Voce di Roma", "")
    parts = anonymous.split("\n\n")
    without_furniture = "\n\n".join(parts[: parts.index("Articoli correlati")])
    (root / "voce" / "0000006.txt").write_text(without_furniture, encoding="utf-8")
    teaser = (root / "quotidiano" / "0000001.txt").read_text(encoding="utf-8").split("\n\n")
    heading = teaser.index("Leggi anche")
    teaser[heading + 1] = _title(root / "voce" / "0000038.txt")
    (root / "quotidiano" / "0000001.txt").write_text("\n\n".join(teaser), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def reference(pages) -> dict[str, pd.DataFrame]:
    """The pandas path: ``corpus.load`` and the layers exactly as ``Corpus`` computes them."""
    c = corpus.load(pages, cache=False)
    tables = {"documents": c.documents, "blocks": c.blocks, "related": c.related}
    tables["sentences"], tables["tokens"] = text.text_layer(c.documents, lang=c.documents["lang"])
    tables["dates"] = temporal.date_mentions(c.documents, tables["tokens"])
    return tables


@pytest.fixture(scope="module")
def dataset(pages, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dataset") / "ds"
    return scale.annotate(pages, out, workers=2, chunk_size=CHUNK_SIZE, progress=False)


def _comparable(frame: pd.DataFrame) -> pd.DataFrame:
    """Categorical values as strings (each part has its own categories), rows in key order."""
    frame = frame.copy()
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.CategoricalDtype) and column != "kind":
            frame[column] = pd.array(frame[column].astype(object), dtype=pd.StringDtype())
    keys = [k for k in ("doc_id", "block", "sentence", "token", "start") if k in frame.columns]
    return frame.sort_values(keys, kind="stable").reset_index(drop=True)


@pytest.mark.parametrize("name", scale.DEFAULT_LAYERS)
def test_annotate_writes_the_tables_load_gives(dataset, reference, name):
    got = scale.read_table(dataset, name)
    assert got.dtypes.astype(str).to_dict() == reference[name].dtypes.astype(str).to_dict()
    pd.testing.assert_frame_equal(_comparable(got), _comparable(reference[name]))


def test_corpus_level_steps_cross_chunks(dataset):
    documents = scale.read_table(dataset, "documents").set_index("doc_id")
    blocks = scale.read_table(dataset, "blocks")
    related = scale.read_table(dataset, "related").set_index(["doc_id", "block"])
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


def test_every_file_is_a_row_and_the_manifest_counts_them(dataset, pages):
    manifest = json.loads((dataset / scale.MANIFEST).read_text())
    assert manifest["files"] == 43
    assert manifest["chunks"] == 4
    assert manifest["rows"]["documents"] == 43
    assert [p.name for p in scale.table_parts(dataset, "tokens")] == [f"part-{i:05d}.parquet" for i in range(4)]
    assert not (dataset / "_staging").exists()


@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chunk_size=st.integers(min_value=10, max_value=45))
def test_base_tables_do_not_depend_on_the_chunk_size(pages, reference, tmp_path_factory, chunk_size):
    out = scale.annotate(
        pages, tmp_path_factory.mktemp("chunks") / "ds", workers=1, chunk_size=chunk_size,
        layers=scale.BASE_TABLES, progress=False,
    )
    for name in scale.BASE_TABLES:
        pd.testing.assert_frame_equal(_comparable(scale.read_table(out, name)), _comparable(reference[name]))


def test_an_unreadable_file_is_recorded_not_fatal(pages, tmp_path, monkeypatch):
    read_bytes = io.read_bytes

    def failing(path):
        if str(path).endswith("voce/0000010.txt"):
            raise PermissionError(13, "Permission denied")
        return read_bytes(path)

    monkeypatch.setattr(io, "read_bytes", failing)
    out = scale.annotate(pages, tmp_path / "ds", workers=1, chunk_size=50, layers=("documents",), progress=False)
    documents = scale.read_table(out, "documents").set_index("doc_id")
    assert len(documents) == 43
    assert documents.loc["voce/0000010", "problems"] == "unreadable: [Errno 13] Permission denied"
    assert documents.loc["voce/0000010", "text"] == ""
    assert documents.loc["voce/0000014", "problems"] == ""


def test_annotate_refuses_a_folder_that_is_not_a_dataset(pages, tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(ValueError, match="not a corpus dataset"):
        scale.annotate(pages, tmp_path, workers=1)
    assert (tmp_path / "notes.txt").exists()


# --------------------------------------------------------------------------
# the Dask engine, on a two-worker LocalCluster


@pytest.fixture(scope="module")
def client():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as cluster, distributed.Client(cluster) as client:
        yield client


@pytest.fixture(scope="module")
def dask_corpus(dataset, client):
    return dask_engine.load_dask(dataset)


@pytest.mark.parametrize("name", scale.DEFAULT_LAYERS)
def test_dask_tables_are_the_pandas_tables(dask_corpus, reference, name):
    frame = getattr(dask_corpus, name)
    assert frame.npartitions == 4
    assert frame.dtypes.astype(str).to_dict() == reference[name].dtypes.astype(str).to_dict()
    pd.testing.assert_frame_equal(_comparable(frame.compute()), _comparable(reference[name]))


@pytest.mark.parametrize(
    "options",
    [
        {"by": "lower"},
        {"by": "lemma", "group_by": "outlet"},
        {"by": "lower", "n": 2, "group_by": ["outlet", "year"], "min_count": 2},
    ],
    ids=["lower", "lemma-by-outlet", "bigrams-by-outlet-year"],
)
def test_dask_term_frequencies_equal_pandas(dask_corpus, reference, options):
    got = corpus.term_frequencies(dask_corpus, **options)
    want = terms.term_frequencies(reference["tokens"], documents=reference["documents"], **options)
    assert len(want) > 100
    pd.testing.assert_frame_equal(got, want)


@pytest.mark.parametrize(
    "options", [{"freq": "day"}, {"freq": "month", "by": "outlet"}], ids=["day", "month-by-outlet"]
)
def test_dask_publication_timeline_equals_pandas(dask_corpus, reference, options):
    got = corpus.publication_timeline(dask_corpus, **options)
    want = timeline.publication_timeline(reference["documents"], **options)
    assert want["articles"].sum() == 43
    pd.testing.assert_frame_equal(got, want)


def test_term_frequencies_take_dask_tables_as_well_as_a_dask_corpus(dask_corpus, reference):
    got = corpus.term_frequencies(dask_corpus.tokens, documents=dask_corpus.documents, by="lemma", group_by="year")
    want = terms.term_frequencies(reference["tokens"], documents=reference["documents"], by="lemma", group_by="year")
    pd.testing.assert_frame_equal(got, want)


def test_overview_functions_compute_only_their_columns_of_dask_tables(dask_corpus, reference):
    documents, blocks = reference["documents"], reference["blocks"]
    assert corpus.summary(dask_corpus.documents) == corpus.summary(documents)
    assert corpus.summary(dask_corpus.documents)["byte-identical duplicates"] == 2
    for column in ("outlet", "author", "lang"):
        pd.testing.assert_frame_equal(
            corpus.counts_by(dask_corpus.documents, column), corpus.counts_by(documents, column)
        )
    pd.testing.assert_frame_equal(corpus.problem_counts(dask_corpus.documents), corpus.problem_counts(documents))
    pd.testing.assert_frame_equal(corpus.furniture_share(dask_corpus.blocks), corpus.furniture_share(blocks))
    assert [corpus.suggest_freq(dask_corpus, max_periods=m) for m in (None, 24, 5000)] == [
        corpus.suggest_freq(documents, max_periods=m) for m in (None, 24, 5000)
    ]


def test_a_dataset_without_mentions_says_how_to_get_actors(dask_corpus):
    assert repr(dask_corpus) == (
        "<DaskCorpus 43 documents; tables documents, blocks, related, sentences, tokens, dates>"
    )
    with pytest.raises(AttributeError, match="layers including 'entities' and 'mentions'"):
        dask_corpus.actors


def test_load_with_the_dask_engine_annotates_missing_layers(client, tmp_path):
    first = corpus.load(config.SEEDS_DIR, engine="dask", cache_dir=tmp_path, layers=["tokens"])
    assert "mentions" not in first.tables
    second = corpus.load(config.SEEDS_DIR, engine="dask", cache_dir=tmp_path, layers=["entities", "mentions"])
    assert second.actors.set_index("actor_id").loc["PER:kassym-jomart tokayev", "mentions"] == 4
    with pytest.raises(ValueError, match="layers applies to engine='dask'"):
        corpus.load(config.SEEDS_DIR, layers=["tokens"])


def test_load_dask_annotates_pages_once_on_the_cluster(client, tmp_path):
    target = tmp_path / "ds"
    first = dask_engine.load_dask(config.SEEDS_DIR, dataset_dir=target, client=client)
    written = (target / scale.MANIFEST).stat().st_mtime_ns
    second = dask_engine.load_dask(config.SEEDS_DIR, dataset_dir=target, client=client)
    assert (target / scale.MANIFEST).stat().st_mtime_ns == written
    assert first.documents["doc_id"].compute().tolist() == ["000_3a0c8e003257abe6"]
    assert len(second.tokens) == 299


def test_a_chunk_keeps_lines_the_corpus_does_not_call_furniture(tmp_path):
    # Alone, these five pages would make their shared line furniture (5 pages of one
    # outlet); in the corpus the context comes from, that outlet has hundreds of pages.
    page = "Titolo {i}\n\n05 Gennaio 2022 21:16 di Anna Rossi per La Voce di Roma\n\nRiga comune.\n\nTesto {i}.\n"
    folder = write_pages(tmp_path / "pages", {f"p{i}.txt": page.format(i=i) for i in range(5)})
    paths = sorted(str(p) for p in folder.glob("*.txt"))
    chunk = scale.Chunk(0, 0, paths, [Path(p).name for p in paths], io.file_fingerprints(paths))
    context = scale.ChunkContext(
        outlet=["La Voce di Roma"] * 5, outlet_inferred=[False] * 5, duplicate_of=[None] * 5,
        furniture=frozenset(), linked_doc_id={},
    )
    tables = scale.assemble_chunk(scale.parse_chunk(chunk), context)
    assert tables["documents"]["text"].tolist() == [f"Riga comune.\n\nTesto {i}." for i in range(5)]
    assert tables["documents"]["n_words"].tolist() == [4] * 5
    assert tables["blocks"]["kind"].astype(str).value_counts()["body"] == 10
    alone = corpus.load(folder, cache=False)
    assert alone.documents["text"].tolist() == [f"Testo {i}." for i in range(5)]


# --------------------------------------------------------------------------
# actor mentions, resolved across chunks

NAMED_TEXTS = {
    "a": "Vladimir Putin ha incontrato Mario Draghi. L'Organizzazione delle Nazioni Unite (ONU) ha votato.",
    "b": "Putin ha parlato a lungo. L'Organizzazione delle Nazioni Unite tace.",
    "c": "Draghi ha risposto. George Bush e Laura Bush erano presenti.",
    "d": "Bush era in viaggio con Draghi.",
}
NAMED_ENTITIES = {
    "a": [("Vladimir Putin", "PER"), ("Mario Draghi", "PER"), ("Nazioni Unite", "ORG")],
    "b": [("Putin", "PER"), ("Organizzazione delle Nazioni Unite", "ORG")],
    "c": [("Draghi", "PER"), ("George Bush", "PER"), ("Laura Bush", "PER")],
    "d": [("Bush", "PER"), ("Draghi", "PER")],
}


def test_mentions_resolved_chunk_by_chunk_equal_the_corpus_wide_resolution():
    import actor_frames as frames

    from corpus import actors

    documents = frames.documents(NAMED_TEXTS)
    entities = frames.entities(documents, NAMED_ENTITIES)
    sentences = frames.sentences(documents)
    names, staged = scale.CorpusNames(), []
    for doc_id in NAMED_TEXTS:  # one document per chunk
        keys, links = actors.mention_keys(
            entities[entities["doc_id"] == doc_id], documents[documents["doc_id"] == doc_id],
            sentences[sentences["doc_id"] == doc_id],
        )
        names.add(scale.ChunkNames(links, scale.corpus_surnames(keys), sorted(set(keys.loc[keys["bare"], "key"])),
                                   sorted(set(keys.loc[keys["kind"] == "ORG", "key"]))))
        staged.append(keys)
    resolved = [actors.resolve_mentions(keys, *names.for_chunk(i)) for i, keys in enumerate(staged)]
    got = pd.concat(resolved, ignore_index=True)
    want = actors.mentions(entities, documents, sentences)
    pd.testing.assert_frame_equal(got, want)
    # Resolved by names from other chunks: a surname, an acronym defined elsewhere, an ambiguous surname.
    assert got.loc[got["doc_id"] == "b", "actor_id"].tolist() == ["PER:vladimir putin", "ORG:onu"]
    assert got.loc[got["doc_id"] == "d", "actor_id"].tolist() == ["PER:bush", "PER:mario draghi"]


def _capitalised_runs(tokens: pd.DataFrame) -> pd.DataFrame:
    """A stand-in NER, fast and deterministic: runs of capitalised words inside a sentence.

    Two words or more make a PER, an all-capitals word an ORG, any other one word a PER:
    enough full names, bare surnames and acronyms to resolve across documents.
    """
    from corpus import ner
    from corpus.schema import conform

    words = tokens["text"].astype(str)
    previous = tokens[["doc_id", "sentence"]].shift()
    first_in_sentence = tokens["doc_id"].ne(previous["doc_id"]) | tokens["sentence"].ne(previous["sentence"])
    capital = (words.str[:1].str.isupper() & words.str.isalpha() & ~first_in_sentence).to_numpy()
    starts = capital & ~np.r_[False, capital[:-1]] | capital & first_in_sentence.to_numpy()
    run = np.cumsum(starts)[capital]
    chosen = tokens[capital].assign(run=run, upper=words[capital].str.isupper().to_numpy())
    runs = chosen.groupby("run").agg(
        doc_id=("doc_id", "first"), sentence=("sentence", "first"), token_start=("token", "first"),
        token_end=("token", "last"), start=("start", "first"), end=("end", "last"), size=("token", "size"),
        upper=("upper", "first"),
    )
    runs["token_end"] += 1
    runs["label"] = np.where((runs["size"] == 1) & runs["upper"], "ORG", "PER")
    return conform(runs.reset_index(drop=True), ner.MENTION_DTYPES)


@pytest.fixture(scope="module")
def actor_dataset(pages, reference, tmp_path_factory):
    """Mentions streamed chunk by chunk, and as ``Corpus`` resolves them, with the stand-in NER."""
    from corpus import actors, ner

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ner, "recognize_entities", _capitalised_runs)
        out = scale.annotate(
            pages, tmp_path_factory.mktemp("actors") / "ds", workers=1, chunk_size=CHUNK_SIZE,
            layers=("entities", "mentions"), progress=False,
        )
    documents = reference["documents"]
    mentions = actors.mentions(_capitalised_runs(reference["tokens"]), documents, reference["sentences"])
    return out, mentions, documents


def test_annotate_resolves_mentions_across_chunks_as_corpus_does(actor_dataset):
    out, want, _ = actor_dataset
    got = scale.read_table(out, "mentions")
    assert len(want) > 500
    assert want["actor_id"].nunique() < want["text"].nunique()  # surnames and acronyms were merged
    pd.testing.assert_frame_equal(_comparable(got), _comparable(want))


def test_dask_actors_equal_pandas(actor_dataset, client):
    from corpus import actors

    out, mentions, documents = actor_dataset
    dask_corpus = dask_engine.load_dask(out)
    want = actors.actors(mentions, documents)
    assert len(want) > 100 and (want["aliases"] != "").sum() > 10
    pd.testing.assert_frame_equal(actors.actors(dask_corpus.mentions, dask_corpus.documents), want)
    pd.testing.assert_frame_equal(dask_corpus.actors, want)
