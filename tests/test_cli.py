import pandas as pd

from corpus import config
from corpus.cli import main


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
