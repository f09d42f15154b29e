"""Where things live: above all, where a corpus's reports go."""

from corpus import config


def test_the_seed_reports_go_to_reports(monkeypatch):
    monkeypatch.delenv("CORPUS_REPORTS_DIR", raising=False)
    monkeypatch.delenv("CORPUS_SOURCE", raising=False)
    assert config.reports_dir() == config.PROJ_ROOT / "reports"
    monkeypatch.setenv("CORPUS_SOURCE", str(config.SEEDS_DIR / "."))
    assert config.reports_dir() == config.PROJ_ROOT / "reports"


def test_another_corpus_never_writes_into_the_seed_reports(monkeypatch, tmp_path):
    monkeypatch.delenv("CORPUS_REPORTS_DIR", raising=False)
    (tmp_path / "my pages").mkdir()
    monkeypatch.setenv("CORPUS_SOURCE", str(tmp_path / "my pages"))
    assert config.reports_dir() == config.PROJ_ROOT / "reports-my-pages"
    article = tmp_path / "one article.txt"
    article.write_text("x", encoding="utf-8")
    monkeypatch.setenv("CORPUS_SOURCE", str(article))
    assert config.reports_dir() == config.PROJ_ROOT / "reports-one-article"


def test_corpus_reports_dir_wins(monkeypatch, tmp_path):
    monkeypatch.setenv("CORPUS_SOURCE", str(tmp_path))
    monkeypatch.setenv("CORPUS_REPORTS_DIR", str(tmp_path / "out"))
    assert config.reports_dir() == tmp_path / "out"
