from datetime import datetime
from pathlib import Path

import pytest

from corpus.pages_html import parse_html, read_html

HTML = Path(__file__).parent / "data" / "html"


def _read(name):
    text, page = read_html((HTML / f"{name}.html").read_text(encoding="utf-8"))
    body = (HTML / f"{name}.body").read_text(encoding="utf-8").rstrip("\n")
    return text, page, body


def _assert_lossless(text, page):
    covered = [False] * len(text)
    for block in page.blocks:
        assert text[block.start : block.end] == block.text
        for i in range(block.start, block.end):
            assert not covered[i]
            covered[i] = True
    assert all(covered[i] or text[i].isspace() for i in range(len(text)))


def test_wordpress_post():
    text, page, body = _read("wordpress")
    assert "\n\n".join(b.text for b in page.blocks if b.kind == "body") == body
    assert (page.title, page.author, page.outlet, page.section) == (
        "Scomparso 15 giorni fa, si lascia morire di freddo in Valtellina", "Anna Rossi", "Valtellina News", "Cronaca",
    )
    assert (page.published, page.updated, page.published_source) == (
        datetime(2023, 1, 12, 9, 41), datetime(2023, 1, 13, 18, 2), "metadata",
    )
    assert page.url == "https://www.valtellinanews.it/2023/01/12/scomparso-15-giorni-fa/"
    assert page.subtitle is None  # the description is the lead's first words, not a standfirst
    assert page.tags == ["Valtellina", "montagna", "soccorso alpino"]
    assert [b.kind for b in page.blocks] == ["title"] + ["body"] * 5 + ["related_heading"] + ["related"] * 3 + ["tags", "footer"]
    assert [t.title for t in page.teasers] == [
        "Chiuso il tunnel della Manica per un fumo sospetto",
        "Studi rivelano che la Gioconda fu sepolta a Firenze",
        "Guglielmo Alessandro succede alla madre Beatrice sul trono dei Paesi Bassi",
    ]
    assert page.blocks[-1].text == "© 2023 Valtellina News - Tutti i diritti riservati - P.IVA 01234567890"
    assert page.problems == []
    _assert_lossless(text, page)


def test_newspaper_article_with_standfirst_inline_and_listed_teasers():
    text, page, body = _read("newspaper")
    assert "\n\n".join(b.text for b in page.blocks if b.kind == "body") == body
    assert page.subtitle == (
        "L'erede di casa Savoia arrestato su ordine del gip di Potenza nell'inchiesta su corruzione"
        " e sfruttamento della prostituzione"
    )
    assert (page.author, page.published, page.section) == ("Luca Bianchi", datetime(2006, 6, 16, 19, 42), "Cronaca")
    # No site name in the markup: the registration line names the outlet, not the host name.
    assert page.outlet == "Gazzetta di Potenza"
    assert [b.kind for b in page.blocks] == [
        "title", "subtitle", "body", "body", "related", "body", "body", "body", "footer",
        "related_heading", "related", "related", "footer",
    ]
    assert [(t.title, t.snippet[:20]) for t in page.teasers] == [
        ("Asafa Powell batte il record mondiale dei cento metri", ""),
        ("Archiviato impeachment contro Napolitano", "Il Comitato d'inchie"),
    ]
    _assert_lossless(text, page)


def test_agency_article_with_json_ld_and_glued_rights():
    text, page, body = _read("agency")
    assert "\n\n".join(b.text for b in page.blocks if b.kind == "body") == body
    assert (page.published, page.updated, page.published_source) == (
        datetime(2013, 4, 30, 12, 5), datetime(2013, 4, 30, 15, 20), "metadata",
    )
    assert (page.author, page.outlet) == ("Redazione ANSA", "ANSA")
    assert page.blocks[-1] == page.blocks[-1]._replace(kind="footer", text="Riproduzione riservata © Copyright ANSA")
    _assert_lossless(text, page)


def test_date_from_the_address_when_the_markup_has_none():
    page = parse_html(
        "<html><head><title>Titolo</title></head><body><article><h1>Titolo della notizia</h1>"
        "<p>Il presidente ha chiesto aiuto alla CSTO per superare una minaccia definita terroristica"
        " dalle autorità del paese, che parlano di bande addestrate all'estero.</p></article></body></html>",
        url="https://www.example.it/esteri/2022/01/05/kazakistan/",
    )
    assert (page.published, page.published_source) == (datetime(2022, 1, 5), "url")


@pytest.mark.parametrize("markup", ["", "<html></html>"])
def test_pages_without_an_article_record_a_problem(markup):
    page = parse_html(markup)
    assert page.blocks == [] and page.problems


def test_plain_text_in_an_html_file_is_its_body():
    page = parse_html("Solo testo, nessun markup.")
    assert [(b.kind, b.text) for b in page.blocks] == [("body", "Solo testo, nessun markup.")]
    assert page.problems == ["html: no article found; the visible text is the body"]
