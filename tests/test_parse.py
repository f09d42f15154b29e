from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.parse import find_date, parse_byline, parse_page

SEED_BODY_FIRST = "Il presidente del Kazakistan, Kassym-Jomart Tokayev"
SEED_BODY_LAST = "leader dei paesi membri dell'organizzazione."


def test_seed_metadata(seed_text):
    page = parse_page(seed_text)
    assert page.title == "Kazakistan, il presidente Tokayev ha chiesto sostegno alla CSTO"
    assert page.published == datetime(2022, 1, 5, 21, 16)
    assert (page.author, page.outlet, page.source) == ("La Redazione", "L'AntiDiplomatico", None)
    assert page.problems == []


def test_seed_blocks(seed_text):
    page = parse_page(seed_text)
    kinds = [b.kind for b in page.blocks]
    assert kinds == ["title", "dateline"] + ["body"] * 9 + ["related_heading"] * 2 + ["related"] * 8 + ["footer"] * 2
    body = [b.text for b in page.blocks if b.kind == "body"]
    assert body[0].startswith(SEED_BODY_FIRST) and body[-1].endswith(SEED_BODY_LAST)
    footer = [b.text for b in page.blocks if b.kind == "footer"]
    assert footer[0] == "Copyright L'Antiplomatico 2013 all rights reserved"
    assert footer[1].startswith("L'AntiDiplomatico è una testata registrata in data 08/09/2015")
    for block in page.blocks:
        assert seed_text[block.start : block.end] == block.text


def test_seed_teasers(seed_text):
    teasers = parse_page(seed_text).teasers
    assert [(t.author, t.outlet, t.source) for t in teasers] == [
        ("Marinella Mondaini", "L'AntiDiplomatico", None),
        ("Marinella Mondaini", "L'AntiDiplomatico", None),
        ("Pepe Escobar", "L'AntiDiplomatico", "Strategic Culture"),
        ("Giuseppe Masala", "L'AntiDiplomatico", None),
    ]
    # The glued "per l'AntiDiplomaticoIl presidente" is cut after the outlet's name.
    assert teasers[1].snippet.startswith("Il presidente russo Vladimir Putin")
    assert teasers[2].snippet.startswith("Cominciamo con la possibile catena")
    assert teasers[0].title == '"Bersagli legittimi". La Russia passa ufficialmente ad una nuova fase del conflitto'


@pytest.mark.parametrize(
    "line, expected",
    [
        ("di Marinella Mondaini per l'AntiDiplomatico", ("Marinella Mondaini", "L'AntiDiplomatico", None, None)),
        (
            "di Pepe Escobar – Strategic Culture [Traduzione a cura di: Nora Hoppe]",
            ("Pepe Escobar", None, "Strategic Culture", "Nora Hoppe"),
        ),
        ("La Redazione de l'AntiDiplomatico", ("La Redazione", "L'AntiDiplomatico", None, None)),
        ("di Mario De Luca per Il Fatto Quotidiano", ("Mario De Luca", "Il Fatto Quotidiano", None, None)),
        ("di Anna Rossi", ("Anna Rossi", None, None, None)),
    ],
)
def test_byline_variants(line, expected):
    fields = parse_byline(line)
    assert (fields["author"], fields["outlet"], fields["source"], fields["translator"]) == expected


@pytest.mark.parametrize(
    "text, value, has_time",
    [
        ("05 Gennaio 2022 21:16 La Redazione", datetime(2022, 1, 5, 21, 16), True),
        ("5 gennaio 2022", datetime(2022, 1, 5), False),
        ("05 GENNAIO 2022 - 21.16", datetime(2022, 1, 5, 21, 16), True),
        ("12 dic. 2019 ore 08:05", datetime(2019, 12, 12, 8, 5), True),
        ("martedì 1° marzo 2022", datetime(2022, 3, 1), False),
        ("Roma, 03/02/2021 10:00", datetime(2021, 2, 3, 10, 0), True),
        ("31 febbraio 2022 oppure 1 mar 2022", datetime(2022, 3, 1), False),
    ],
)
def test_find_date_variants(text, value, has_time):
    found = find_date(text)
    assert found is not None
    assert found[1:] == (value, has_time)


def test_no_date_in_numbers():
    assert find_date("il 15% di 2022 persone e 68 anni") is None


def test_variants_crlf_bom_nbsp_curly_and_missing_time():
    text = (
        "Titolo con “virgolette”\r\n\r\n07 feb 2023\u00a0di Anna Rossi per Il Giornale\r\n\r\n"
        "Primo paragrafo.\r\n\r\nSecondo\u00a0paragrafo.\r\n"
    )
    page = parse_page(text)
    assert page.title == "Titolo con “virgolette”"
    assert page.published == datetime(2023, 2, 7)
    assert (page.author, page.outlet) == ("Anna Rossi", "Il Giornale")
    assert [b.text for b in page.blocks if b.kind == "body"] == ["Primo paragrafo.", "Secondo\u00a0paragrafo."]
    assert page.problems == ["published: no time in dateline"]


def test_other_outlet_generic_page():
    text = (
        "Sciopero dei trasporti a Milano\n"
        "Disagi per i pendolari\n"
        "Milano, 3 marzo 2021 alle 08:30 - Redazione\n"
        "I sindacati hanno proclamato uno sciopero.\n"
        "Leggi anche\n"
        "Un altro articolo\n"
        "© 2021 Il Quotidiano Srl - P.IVA 01234567890\n"
    )
    page = parse_page(text)
    assert page.published == datetime(2021, 3, 3, 8, 30)
    assert [b.kind for b in page.blocks] == ["title", "subtitle", "dateline", "body", "related_heading", "related", "footer"]
    assert (page.subtitle, page.author, page.outlet) == ("Disagi per i pendolari", "La Redazione", "Il Quotidiano")
    assert [t.title for t in page.teasers] == ["Un altro articolo"]


def test_page_without_date_records_problem():
    page = parse_page("Solo un titolo\n\nE un paragrafo.")
    assert page.published is None
    assert "published: no date near the top" in page.problems
    assert [b.kind for b in page.blocks] == ["title", "body"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=400))
def test_blocks_are_lossless(text):
    """Every non-whitespace character lies in exactly one block, at its offsets."""
    page = parse_page(text)
    covered = [False] * len(text)
    for block in page.blocks:
        assert text[block.start : block.end] == block.text
        for i in range(block.start, block.end):
            assert not covered[i]
            covered[i] = True
    assert all(covered[i] or text[i].isspace() for i in range(len(text)))


def test_multiword_outlet_in_teasers_uses_the_page_outlet():
    text = (
        "Titolo\n\n01 Marzo 2021 10:00 di Anna Rossi per Il Quotidiano del Sud\n\nCorpo.\n\nLeggi anche\n\n"
        "Altro titolo\n\ndi Luca Verdi per Il Quotidiano del SudIl sindaco ha detto...\n\n"
        "Terzo titolo\n\ndi Sara Neri per La Gazzetta Ieri sera...\n"
    )
    page = parse_page(text)
    assert page.outlet == "Il Quotidiano del Sud"
    assert [(t.author, t.outlet, t.snippet) for t in page.teasers] == [
        ("Luca Verdi", "Il Quotidiano del Sud", "Il sindaco ha detto..."),
        ("Sara Neri", "La Gazzetta", "Ieri sera..."),
    ]
