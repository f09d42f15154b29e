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
