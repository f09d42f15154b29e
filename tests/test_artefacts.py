"""Scraping artefacts: found precisely, flagged on tokens with offsets unchanged, recorded as a problem, never counted."""

from pathlib import Path

import pandas as pd
import pytest

import corpus
from corpus import artefacts, terms
from corpus.text import text_layer

PAGES = Path(__file__).parent / "data" / "pages"


def _found(text: str) -> list[str]:
    return [text[start:end] for start, end in artefacts.artefact_spans(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Il direttorern ha detto.rnIl giorno dopo", ["rn", "rn"]),
        ("la casa.rnrnLa sera", ["rnrn"]),
        ("fine rn inizio", ["rn"]),
        ("sospesa.rnrnÈ stata ricercata.rnGermania e Francia", ["rnrn", "rn"]),
        ("nel primo:rnfuorigioco, i turnirnrnLa partita", ["rn", "rnrn"]),
        ("Primo\\r\\nSecondo\\tTerzo\\n", ["\\r\\n", "\\t", "\\n"]),
        ("Johnson &amp; Johnson&nbsp;e l&#8217;Italia, l&#x2019;euro", ["&amp;", "&nbsp;", "&#8217;", "&#x2019;"]),
        ("casanbspil sindaco", ["nbsp"]),
        ('Testo<br>altro</p> <a href="https://x.it">link</a>', ["<br>", "</p>", '<a href="https://x.it">', "</a>"]),
        ('[caption id="attachment_1" align="alignnone"]Foto[/caption] [gallery ids="1,2"]',
         ['[caption id="attachment_1" align="alignnone"]', "[/caption]", '[gallery ids="1,2"]']),
    ],
)  # fmt: skip
def test_artefacts_are_found(text, expected):
    assert _found(text) == expected


def test_real_words_with_rn_and_plain_symbols_are_no_artefacts():
    text = (
        "Il turno della giornata: a Bern, Salerno e Lauterbrunnen, il Governo, l'inferno, il ritorno. "
        "Tate Modern, Osborn, Stern, Kern, Ahern, Hebburn e Hearn; il RN di Le Pen, l'mRNA, Johnson & Johnson, "
        "5 < 6 e 7 > 3, la nota [1] e [sic], Pfizer&Co, C:\\Programmi"
    )
    assert _found(text) == []


def test_the_test_pages_have_no_artefacts():
    pages = sorted(PAGES.rglob("*.txt"))
    assert len(pages) == 40
    assert [page.name for page in pages if artefacts.has_artefacts(page.read_text(encoding="utf-8"))] == []


def test_tokens_overlapping_an_artefact_are_flagged_and_never_counted():
    body = "Il direttorern ha parlato &amp; risposto.rnIl turno di Bern<br>finisce."
    documents = pd.DataFrame({"doc_id": pd.array(["a"], dtype="string"), "text": [body]})
    _, tokens = text_layer(documents)
    flagged = tokens.loc[tokens["is_artefact"], "text"].astype(str).tolist()
    assert flagged == ["direttorern", "&", "amp", ";", "rnIl", "<", "br", ">"]
    # Offsets are untouched: every token is still its slice of the body.
    assert [body[s:e] for s, e in zip(tokens["start"], tokens["end"])] == tokens["text"].astype(str).tolist()
    counted = terms.term_frequencies(tokens, by="lower", pos=None, keep_noise=True, drop_stop=False)
    assert set(counted["term"]) == {
        "il", "ha", "parlato", "risposto", ".", "turno", "di", "bern", "finisce",
    }
    # Artefacts are not words either: 8 words (il ha parlato risposto turno di Bern finisce).
    assert counted["per_10k"].iloc[0] == pytest.approx(counted["count"].iloc[0] / 8 * 10_000)


def test_a_page_with_artefacts_has_the_problem(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Titolo\n\n01 Marzo 2021 10:00 di Anna Rossi per Il Giornale\n\nIl direttorern ha detto &amp; basta.\n",
        encoding="utf-8",
    )
    (folder / "b.txt").write_text(
        "Altro titolo\n\n02 Marzo 2021 10:00 di Anna Rossi per Il Giornale\n\nIl turno di notte a Bern.\n",
        encoding="utf-8",
    )
    c = corpus.load(folder, cache=False)
    problems = c.documents.set_index("doc_id")["problems"]
    assert artefacts.PROBLEM in problems["a"].split("; ")
    assert artefacts.PROBLEM not in problems["b"]
    counts = corpus.problem_counts(c.documents).set_index("problem")["documents"]
    assert counts[artefacts.PROBLEM] == 1
