import pytest

from corpus import io


def test_decode_utf8_with_bom():
    decoded = io.decode("\ufeffPerché".encode("utf-8"))
    assert (decoded.text, decoded.encoding, decoded.problems) == ("Perché", "utf-8", [])


def test_decode_falls_back_to_cp1252():
    decoded = io.decode("Perché l’aggressione".encode("cp1252"))
    assert (decoded.text, decoded.encoding) == ("Perché l’aggressione", "cp1252")


def test_decode_falls_back_to_latin1_when_cp1252_cannot():
    decoded = io.decode(b"caf\xe9 \x81")
    assert (decoded.text, decoded.encoding) == ("café \x81", "latin-1")


def test_decode_truncated_utf8():
    decoded = io.decode("città".encode("utf-8")[:-1])
    assert (decoded.text, decoded.encoding) == ("citt", "utf-8")
    assert decoded.problems == ["truncated: incomplete UTF-8 character at end of file"]


@pytest.mark.parametrize("data, problem", [(b"", "empty file"), (b" \n\r\n", "empty file"), (b"\x89PNG\r\n\x1a\n\x00\x00", "binary file: not text")])
def test_decode_empty_and_binary(data, problem):
    decoded = io.decode(data)
    assert (decoded.text, decoded.encoding, decoded.problems) == ("", None, [problem])


def test_decode_utf16_with_bom():
    assert io.decode("Ciao".encode("utf-16")).text == "Ciao"


def test_decode_flags_mojibake():
    assert io.decode("perchÃ© lâ€™accordo".encode("utf-8")).problems == ["encoding: looks double-encoded (mojibake)"]


def test_find_sources_missing_path_names_it(tmp_path):
    missing = tmp_path / "nowhere"
    with pytest.raises(FileNotFoundError, match="nowhere"):
        io.find_sources(missing)
    with pytest.raises(FileNotFoundError, match="nowhere"):
        io.find_sources([missing])


def test_find_sources_empty_folder(tmp_path):
    with pytest.raises(ValueError, match="no .txt or .html pages found"):
        io.find_sources(tmp_path)


def test_find_sources_recursive_and_list(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text("x")
    (tmp_path / "a" / "p.html").write_text("<p>x</p>")
    (tmp_path / "y.txt").write_text("y")
    (tmp_path / "z.md").write_text("z")
    (tmp_path / "metadata.csv").write_text("file,title\n")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref")
    sources = io.find_sources(tmp_path)
    assert sources.root == tmp_path.resolve()
    assert [f.relative_to(sources.root).as_posix() for f in sources.pages] == ["a/p.html", "a/x.txt", "y.txt"]
    assert sources.metadata == tmp_path.resolve() / "metadata.csv"
    assert sources.skipped == [(".git/", 0, "hidden folder: not read"), ("z.md", 1, "unknown file type '.md': not read")]
    listed = io.find_sources([tmp_path / "y.txt", tmp_path / "a" / "x.txt", tmp_path / "z.md"])
    assert listed.root == tmp_path.resolve() and len(listed.pages) == 2 and listed.skipped[0][0] == "z.md"


def test_a_table_file_is_a_corpus_of_its_own(tmp_path):
    (tmp_path / "articles.jsonl").write_text('{"text": "x"}\n')
    sources = io.find_sources(tmp_path / "articles.jsonl")
    assert sources.table == (tmp_path / "articles.jsonl").resolve() and sources.pages == []
    (tmp_path / "scan.pdf").write_bytes(b"%PDF")
    with pytest.raises(ValueError, match="PDF: not read"):
        io.find_sources(tmp_path / "scan.pdf")


def test_write_figure_is_byte_stable(tmp_path):
    from matplotlib.figure import Figure

    def draw():
        figure = Figure()
        figure.add_subplot().plot([1, 2, 3])
        return figure

    first = [p.read_bytes() for p in io.write_figure(draw(), "f", reports_dir=tmp_path / "a")]
    second = [p.read_bytes() for p in io.write_figure(draw(), "f", reports_dir=tmp_path / "b")]
    assert first == second
