import json
from pathlib import Path

import pandas as pd
import pytest

from corpus import config
from corpus.cli import main

SMALL_TSV = Path(__file__).parent / "data" / "ner_small.tsv"
SMALL_CONLLU = Path(__file__).parent / "data" / "ud_small.conllu"


def test_load_writes_parquet(tmp_path, capsys):
    out = tmp_path / "docs.parquet"
    assert main(["load", str(config.SEEDS_DIR), "--out", str(out)]) == 0
    assert pd.read_parquet(out)["title"].tolist() == ["Kazakistan, il presidente Tokayev ha chiesto sostegno alla CSTO"]
    assert "wrote 1 rows of documents" in capsys.readouterr().out


def test_load_blocks_as_csv(tmp_path):
    out = tmp_path / "blocks.csv"
    assert main(["load", str(config.SEEDS_DIR), "--table", "blocks", "--out", str(out)]) == 0
    assert len(pd.read_csv(out)) == 23


def test_info(capsys):
    assert main(["info", str(config.SEEDS_DIR)]) == 0
    out = capsys.readouterr().out
    assert "documents                  1" in out
    assert "body words                 251" in out


def test_missing_path_is_a_clear_error(tmp_path, capsys):
    assert main(["info", str(tmp_path / "nope")]) == 2
    assert f"corpus path does not exist: {tmp_path / 'nope'}" in capsys.readouterr().err


def test_cache_info_and_clear(tmp_path, capsys, monkeypatch):
    import corpus
    from corpus import cache, layers

    c = corpus.load(config.SEEDS_DIR, cache_dir=tmp_path)
    c.annotate("dates")
    stale = tmp_path / "layers" / "dates" / "0000000000000000"
    stale.mkdir()
    assert main(["cache", "info", "--cache-dir", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"cache: {tmp_path}"
    described = [line.split()[:5] for line in lines[1:-1]]
    assert [row[:2] for row in described] == [
        ["parse", "files"], ["layer", "text"], ["layer", "dates"], ["layer", "dates"], ["corpus", str(config.SEEDS_DIR.resolve())],
    ]
    assert [row[3] for row in described] == ["current", "current", "stale", "current", "current"]
    assert [row[4] for row in described] == ["1", "1", "0", "1", "1"]
    assert main(["cache", "clear", "--stale", "--cache-dir", str(tmp_path)]) == 0
    assert not stale.exists() and layers.store(tmp_path, "dates").exists()
    assert main(["cache", "clear", "--cache-dir", str(tmp_path)]) == 0
    assert cache.cached(tmp_path).empty


@pytest.mark.parametrize(
    "command", ["load", "info", "report", "annotate", "cache", "eval-ner", "eval-tagger", "train-ner"]
)
def test_every_subcommand_has_help_in_plain_text(command, capsys):
    with pytest.raises(SystemExit) as stop:
        main([command, "--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: corpus {command}")
    assert "``" not in out and ":func:" not in out


def test_options_may_come_before_the_path(tmp_path, capsys):
    out = tmp_path / "docs.csv"
    assert main(["load", "--table", "blocks", "--out", str(out), str(config.SEEDS_DIR)]) == 0
    assert len(pd.read_csv(out)) == 23


def test_load_writes_jsonl(tmp_path):
    out = tmp_path / "docs.jsonl"
    assert main(["load", str(config.SEEDS_DIR), "--out", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [row["n_words"] for row in rows] == [251]
    assert rows[0]["published"] == "2022-01-05T21:16:00+01:00"


def test_load_refuses_an_extension_it_cannot_write(tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["load", str(config.SEEDS_DIR), "--out", str(tmp_path / "docs.json")])
    assert stop.value.code == 2
    assert "'" + str(tmp_path / "docs.json") + "': the extension names the format; use one of .parquet, .csv, .jsonl" in (
        capsys.readouterr().err
    )
    assert not (tmp_path / "docs.json").exists()


def test_annotate_with_options_first(tmp_path, capsys):
    dataset = tmp_path / "ds"
    assert main(["annotate", "--out", str(dataset), "--workers", "1", "--no-progress", str(config.SEEDS_DIR)]) == 0
    out = capsys.readouterr().out
    assert out == f"wrote {dataset}: 1 documents, 23 blocks, 4 related, 9 sentences, 299 tokens, 0 dates\n"
    tokens = pd.read_parquet(dataset / "tokens" / "part-00000.parquet")
    assert tokens["text"].astype(str).head(4).tolist() == ["Il", "presidente", "del", "Kazakistan"]


def test_eval_ner_text_and_json(capsys):
    # Gold: 11 entities, 16 entity tokens. The model finds 10 of them exactly
    # and nothing else; it misses "divano" (gold PER on purpose).
    assert main(["eval-ner", "--json", str(SMALL_TSV)]) == 0
    scores = json.loads(capsys.readouterr().out)
    expected = {
        "exact_span": {
            "micro": {"precision": 1.0, "recall": 10 / 11, "f1": 20 / 21},
            "PER": {"precision": 1.0, "recall": 0.75, "f1": 6 / 7},
            "ORG": {"precision": 1.0, "recall": 1.0, "f1": 1.0},
            "LOC": {"precision": 1.0, "recall": 1.0, "f1": 1.0},
        },
        "token": {
            "micro": {"precision": 1.0, "recall": 15 / 16, "f1": 30 / 31},
            "PER": {"precision": 1.0, "recall": 6 / 7, "f1": 12 / 13},
            "ORG": {"precision": 1.0, "recall": 1.0, "f1": 1.0},
            "LOC": {"precision": 1.0, "recall": 1.0, "f1": 1.0},
        },
    }
    assert list(scores) == list(expected)
    for measure, rows in expected.items():
        assert list(scores[measure]) == list(rows)
        for label, row in rows.items():
            assert scores[measure][label] == pytest.approx(row)
    assert main(["eval-ner", str(SMALL_TSV)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "exact-span (entity) scores",
        "type   precision    recall        f1",
        "PER       1.0000    0.7500    0.8571",
        "ORG       1.0000    1.0000    1.0000",
        "LOC       1.0000    1.0000    1.0000",
        "micro     1.0000    0.9091    0.9524",
        "",
        "token-level scores (NERMuD 2023: B-/I- stripped)",
        "type   precision    recall        f1",
        "PER       1.0000    0.8571    0.9231",
        "ORG       1.0000    1.0000    1.0000",
        "LOC       1.0000    1.0000    1.0000",
        "micro     1.0000    0.9375    0.9677",
    ]


def test_eval_ner_on_plain_text_is_an_error_naming_file_and_line(tmp_path, capsys):
    text = tmp_path / "article.txt"
    text.write_text("Il presidente Tokayev ha chiesto sostegno.\n", encoding="utf-8")
    assert main(["eval-ner", str(text)]) == 2
    assert capsys.readouterr() == (
        "",
        f"corpus: error: {text}, line 1: expected token<TAB>tag with an IOB tag (O, B-X, I-X), "
        "got 'Il presidente Tokayev ha chiesto sostegno.'\n",
    )


def test_eval_ner_on_a_missing_file(tmp_path, capsys):
    assert main(["eval-ner", str(tmp_path / "nope.tsv")]) == 2
    assert capsys.readouterr().err == f"corpus: error: no such file: {tmp_path / 'nope.tsv'}\n"


def test_eval_tagger_text_and_json(capsys):
    # 11 surface words ("della" once); the gold tags "regione" VERB on purpose, the model says NOUN.
    assert main(["eval-tagger", "--json", str(SMALL_CONLLU)]) == 0
    assert json.loads(capsys.readouterr().out) == {"upos": 10 / 11, "lemma": 1.0, "feats": 1.0, "words": 11}
    assert main(["eval-tagger", str(SMALL_CONLLU)]) == 0
    assert capsys.readouterr().out.splitlines() == ["upos    0.9091", "lemma   1.0000", "feats   1.0000", "words       11"]


def test_eval_tagger_on_plain_text_or_a_missing_file_is_an_error(tmp_path, capsys):
    text = tmp_path / "article.txt"
    text.write_text("Il presidente Tokayev ha chiesto sostegno.\n", encoding="utf-8")
    assert main(["eval-tagger", str(text)]) == 2
    assert capsys.readouterr().err == (
        f"corpus: error: {text}, line 1: expected 10 tab-separated CoNLL-U fields, "
        "got 'Il presidente Tokayev ha chiesto sostegno.'\n"
    )
    assert main(["eval-tagger", str(tmp_path / "nope.conllu")]) == 2
    assert capsys.readouterr().err == f"corpus: error: no such file: {tmp_path / 'nope.conllu'}\n"
