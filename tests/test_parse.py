from datetime import datetime
from itertools import groupby
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.parse import date_from_url, find_date, parse_byline, parse_page

LAYOUTS = Path(__file__).parent / "data" / "layouts"

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


def _kind_runs(page) -> str:
    """Block kinds as runs: "title dateline body*3 footer"."""
    runs = ((kind, len(list(group))) for kind, group in groupby(b.kind for b in page.blocks))
    return " ".join(kind if n == 1 else f"{kind}*{n}" for kind, n in runs)


def _assert_lossless(text, page):
    covered = [False] * len(text)
    for block in page.blocks:
        assert text[block.start : block.end] == block.text
        for i in range(block.start, block.end):
            assert not covered[i]
            covered[i] = True
    assert all(covered[i] or text[i].isspace() for i in range(len(text)))


# Real wikinews text re-wrapped in the layouts scrapers and shared datasets produce
# (tests/data/layouts/SOURCES.tsv names the pages). Fields not listed must be empty.
@pytest.mark.parametrize(
    "fixture, expected",
    [
        ('agency_footer/ansa', dict(title='Addio a Giorgio Faletti, stroncato da un male incurabile', published=datetime(2014, 7, 5, 13, 34), published_source='dateline', outlet='ANSA', kinds='title dateline body*5 footer')),
        ('body_only/one_paragraph', dict(kinds='body')),
        ('body_only/paragraphs', dict(kinds='body*5')),
        ('date_outlet/gazzetta', dict(title='Scontri di Catania, sono 71 i feriti', published=datetime(2020, 1, 24, 0, 0), published_source='dateline', outlet='Gazzetta di Modena', kinds='dateline title body*3')),
        ('glued_rights/ansa', dict(title='Muore stroncato da un infarto nello stesso luogo del suo donatore di cuore', published=datetime(2023, 11, 13, 0, 0), published_source='dateline', outlet='ANSA', kinds='title dateline body*4 footer')),
        ('glued_rights/riproduzione', dict(title='Trovata morta ragazza 20enne di Enna', published=datetime(2021, 2, 7, 6, 57), published_source='dateline', kinds='title dateline body*6 footer')),
        ('labelled/published_updated', dict(title='Mostra su Gino Gavioli a Villa Burba', published=datetime(2020, 6, 3, 0, 0), published_source='dateline', updated=datetime(2020, 6, 4, 10, 30), kinds='title dateline body*7')),
        ('labelled/separate_lines', dict(title='Arriva il pagamento tramite Whatsapp', published=datetime(2017, 1, 16, 20, 25), published_source='dateline', updated=datetime(2017, 1, 17, 8, 10), author='Fabrizio Verde', kinds='title byline dateline*2 body*3')),
        ('numeric_before_title/dots_under_title', dict(title='Muore stroncato da un infarto nello stesso luogo del suo donatore di cuore', published=datetime(2023, 11, 13, 0, 0), published_source='dateline', kinds='title dateline body*4')),
        ('numeric_before_title/slash_time', dict(title='Bambino muore folgorato al luna park', published=datetime(2020, 3, 14, 9, 4), published_source='dateline', kinds='dateline title body*5 footer')),
        ('related/bare_titles', dict(title='Arriva il pagamento tramite Whatsapp', published=datetime(2017, 1, 16, 0, 0), published_source='dateline', kinds='title dateline body*3 related_heading related*3', teasers=[('Due soldati sgozzati in Iraq', None, ''), ("Icardi all'Inter fino al 2019", None, ''), ('Rossi ritorna a vincere', None, '')])),
        ('related/bylines', dict(title='Mostra su Gino Gavioli a Villa Burba', published=datetime(2020, 6, 3, 0, 0), published_source='dateline', kinds='title dateline body*7 related_heading related*4', teasers=[('Aereo da turismo precipita su Manhattan', 'Anna Rossi', ''), ('Rai, il Tar sospende la revoca di Petroni', 'Luca Bianchi', '')])),
        ('related/excerpts', dict(title='Bambino muore folgorato al luna park', published=datetime(2020, 3, 14, 0, 0), published_source='dateline', kinds='title dateline body*5 related_heading related*4 footer', teasers=[('Arrestato Vittorio Emanuele di Savoia', None, 'Vittorio Emanuele di Savoia è '), ('Archiviato impeachment contro Napolitano', None, "Il Comitato d'inchiesta parlam")])),
        ('related/inline', dict(title='Trovata morta ragazza 20enne di Enna', published=datetime(2021, 2, 7, 0, 0), published_source='dateline', kinds='title dateline body*2 related body*4', teasers=[('Scomparso 15 giorni fa, si lascia morire di freddo in Valtellina', None, '')])),
        ('seed/antidiplomatico', dict(title='Thor Hushovd è campione del mondo su strada', published=datetime(2021, 12, 21, 15, 3), published_source='dateline', author='La Redazione', outlet="L'AntiDiplomatico", kinds='title dateline body*3 related_heading*2 related*6 footer*2', teasers=[('Commemorazione al ventesimo anniversario del massacro del 4 giugno', 'Giuseppe Masala', "Per la prima volta in trent'an"), ('Mostra su Gino Gavioli a Villa Burba', 'Fabrizio Verde', 'Nel comune di Rho in provincia'), ('Addio a Giorgio Faletti, stroncato da un male incurabile', 'Fabrizio Verde', 'Lutto nel mondo dello spettaco')])),
        ('standfirst/before_dateline', dict(title='Il prefetto di Treviso autorizza il burqa per motivi religiosi', subtitle="Vittorio Capocelli ha legittimato l'uso del burqa per motivi religiosi", published=datetime(2016, 9, 14, 0, 0), published_source='dateline', kinds='title subtitle dateline body*5')),
        ('standfirst/without_dateline', dict(title="L'ultima fatale tazzulella e cafè", subtitle='Raffaele Abete ucciso a Scampia mentre beveva un caffè al bar', kinds='title subtitle body*3')),
        ('tags/heading_list', dict(title='Cosa successe a piazza Tienanmen nel 1989', published=datetime(2019, 6, 5, 0, 0), published_source='dateline', tags=['Cina', 'Tienanmen', 'diritti umani'], kinds='title dateline body*5 tags*4')),
        ('tags/labelled_lines', dict(title='Thor Hushovd è campione del mondo su strada', published=datetime(2021, 12, 21, 0, 0), published_source='dateline', tags=['ciclismo', 'mondiali', 'Thor Hushovd', 'sport'], kinds='title dateline body*3 tags*2')),
        ('url_first/dash_slug', dict(title="L'ultima fatale tazzulella e cafè", url='https://www.napolitoday.it/cronaca/2019/07/03-ultima-tazzulella-scampia.html?date=2020-01-01', published=datetime(2019, 7, 3, 0, 0), published_source='url', kinds='url title body*3')),
        ('url_first/path_date', dict(title='Dal 17 luglio previsti picchi di 39 gradi in Italia', url='https://www.ilrestodelcarlino.it/cronaca/2017/07/16/caldo-picchi-39-gradi-1.3284', published=datetime(2017, 7, 16, 0, 0), published_source='url', kinds='url title body*2')),
        ('wordpress_iso/before_title', dict(title='Trovata morta ragazza 20enne di Enna', published=datetime(2021, 2, 7, 6, 57), published_source='dateline', kinds='dateline title body*6')),
        ('wordpress_iso/offset_and_tags', dict(title='Bimbo muore impiccato su altalena', published=datetime(2021, 5, 1, 17, 16), published_source='dateline', author='Fabrizio Verde', tags=['cronaca', 'Treviso', 'Zero Branco'], kinds='title dateline byline body*3 tags footer')),
    ],
)
def test_layout(fixture, expected):
    text = (LAYOUTS / f"{fixture}.txt").read_text(encoding="utf-8")
    page = parse_page(text)
    body = "\n\n".join(b.text for b in page.blocks if b.kind == "body")
    assert body == (LAYOUTS / f"{fixture}.body").read_text(encoding="utf-8").rstrip("\n")
    found = {
        "title": page.title, "subtitle": page.subtitle, "url": page.url, "published": page.published,
        "published_source": page.published_source, "updated": page.updated, "author": page.author,
        "outlet": page.outlet, "tags": page.tags, "kinds": _kind_runs(page),
        "teasers": [(t.title, t.author, t.snippet[:30]) for t in page.teasers],
    }
    defaults = {key: [] if key in ("tags", "teasers") else None for key in found}
    assert found == {**defaults, **expected}
    _assert_lossless(text, page)


def test_layout_problems():
    def problems(fixture):
        return parse_page((LAYOUTS / f"{fixture}.txt").read_text(encoding="utf-8")).problems

    assert problems("body_only/one_paragraph")[0] == "title: none, the page opens with a paragraph"
    assert problems("url_first/path_date") == ["outlet: not found", "author: not found"]
    assert problems("labelled/published_updated") == [
        "published: no time in dateline", "outlet: not found", "author: no byline in dateline",
    ]
    assert problems("seed/antidiplomatico") == []


def test_concatenated_pages_flag_the_furniture_and_keep_the_text():
    text = (LAYOUTS / "concatenated/pages.txt").read_text(encoding="utf-8")
    page = parse_page(text)
    body = "\n\n".join(b.text for b in page.blocks if b.kind == "body")
    assert body == (LAYOUTS / "concatenated/pages.body").read_text(encoding="utf-8").rstrip("\n")
    assert page.problems == [
        "furniture: 33,218 characters of related and footer blocks for 777 of body, implausibly large;"
        " 13 more title and dateline pairs below the body (pages run together?); the text is in the blocks"
    ]
    _assert_lossless(text, page)
    # Each later page's title is still in a block of its own.
    assert "Il prefetto di Treviso autorizza il burqa per motivi religiosi" in [b.text for b in page.blocks]


def test_a_normal_related_section_is_no_problem(seed_text):
    assert not any(p.startswith("furniture:") for p in parse_page(seed_text).problems)


BODY = "Il presidente del Kazakistan ha chiesto aiuto alla CSTO per superare una minaccia definita terroristica."


@pytest.mark.parametrize(
    "line, published, updated",
    [
        ("05 Gennaio 2022 21:16", datetime(2022, 1, 5, 21, 16), None),
        ("5 gennaio 2022", datetime(2022, 1, 5), None),
        ("mercoledì 5 gennaio 2022", datetime(2022, 1, 5), None),
        ("Mercoledì, 5 Gennaio 2022 - 21:16", datetime(2022, 1, 5, 21, 16), None),
        ("05/01/2022 21:16", datetime(2022, 1, 5, 21, 16), None),
        ("05.01.2022", datetime(2022, 1, 5), None),
        ("2022-01-05", datetime(2022, 1, 5), None),
        ("2022-01-05T21:16:00+01:00", datetime(2022, 1, 5, 21, 16), None),
        ("2022-01-05T20:16:00Z", datetime(2022, 1, 5, 21, 16), None),
        ("2022-01-05 21:16", datetime(2022, 1, 5, 21, 16), None),
        ("Pubblicato il 5 gennaio 2022 alle 21:16", datetime(2022, 1, 5, 21, 16), None),
        ("Pubblicato: 05/01/2022", datetime(2022, 1, 5), None),
        ("Aggiornato il 6 gennaio 2022 alle ore 10:30", datetime(2022, 1, 6, 10, 30), datetime(2022, 1, 6, 10, 30)),
        (
            "Pubblicato il 05/01/2022 | Aggiornato il 06/01/2022 alle ore 10:30",
            datetime(2022, 1, 5), datetime(2022, 1, 6, 10, 30),
        ),
        ("ROMA, 05 gennaio 2022 21:16", datetime(2022, 1, 5, 21, 16), None),
        ("di Anna Rossi | 5 gennaio 2022", datetime(2022, 1, 5), None),
    ],
)
@pytest.mark.parametrize("where", ["before", "after"])
def test_dateline_forms_before_or_after_the_title(line, published, updated, where):
    title = "Kazakistan, il presidente Tokayev chiede sostegno"
    top = [line, title] if where == "before" else [title, line]
    page = parse_page("\n\n".join([*top, BODY]))
    assert (page.title, page.published, page.updated, page.published_source) == (title, published, updated, "dateline")
    assert [b.text for b in page.blocks if b.kind == "body"] == [BODY]


@pytest.mark.parametrize(
    "tail, author, outlet",
    [
        ("Gazzetta di Modena", None, "Gazzetta di Modena"),
        ("di Anna Rossi - ANSA", "Anna Rossi", None),
        ("Anna Rossi | Il Resto del Carlino", "Anna Rossi", "Il Resto del Carlino"),
        ("La Redazione de l'AntiDiplomatico", "La Redazione", "L'AntiDiplomatico"),
        ("di Anna Rossi per Il Giornale", "Anna Rossi", "Il Giornale"),
    ],
)
def test_date_followed_by_byline_or_outlet(tail, author, outlet):
    page = parse_page(f"24 Gennaio 2020 {tail}\n\nScontri a Catania, 71 feriti\n\n{BODY}\n")
    assert (page.published, page.author, page.outlet) == (datetime(2020, 1, 24), author, outlet)


@pytest.mark.parametrize(
    "text",
    [
        # No dateline: a date in the first paragraph is the story's, not the page's.
        f"Titolo della notizia\n\nIl 5 gennaio 2022 il presidente ha chiesto aiuto alla CSTO. {BODY}\n",
        f"Titolo della notizia\n\n5 gennaio 2022: il presidente chiede aiuto alla CSTO e parla di terrorismo.\n\n{BODY}\n",
        f"Titolo della notizia\n\nNato a Treviglio il 18 luglio 1942, Facchetti ha vinto la Coppa dei Campioni nel\n\n{BODY}\n",
        f"Previsioni del tempo per sabato 2 agosto 2008\n\n{BODY}\n",
    ],
)
def test_no_date_from_a_body_paragraph_or_a_title(text):
    page = parse_page(text)
    assert page.published is None and page.author is None
    assert "published: no date near the top" in page.problems
    assert [b.kind for b in page.blocks][-1] == "body"


@pytest.mark.parametrize(
    "url, day",
    [
        ("https://www.ansa.it/sito/notizie/2022/01/05/kazakistan-tokayev_abc.html", datetime(2022, 1, 5)),
        ("https://www.ilpost.it/2022/01/05/kazakistan/", datetime(2022, 1, 5)),
        ("https://www.example.it/cronaca/2022/1/5-kazakistan", datetime(2022, 1, 5)),
        ("https://www.example.it/2022-01-05/kazakistan", datetime(2022, 1, 5)),
        ("https://www.example.it/news/kazakistan?date=2022-01-05", None),
        ("https://www.example.it/2022/13/45/kazakistan", None),
        ("https://www.example.it/2022/01/kazakistan", None),
    ],
)
def test_date_from_url(url, day):
    assert date_from_url(url) == day


def test_a_dateline_beats_the_url():
    page = parse_page(f"https://www.ilpost.it/2022/01/04/kazakistan/\n\nTitolo\n\n5 gennaio 2022\n\n{BODY}\n")
    assert (page.url, page.published, page.published_source) == (
        "https://www.ilpost.it/2022/01/04/kazakistan/", datetime(2022, 1, 5), "dateline",
    )


def test_a_labelled_date_at_the_end_of_the_page():
    page = parse_page(f"Titolo della notizia\n\n{BODY}\n\nPubblicato il 5 gennaio 2022 alle 21:16\n\n© RIPRODUZIONE RISERVATA\n")
    assert (page.published, page.published_source) == (datetime(2022, 1, 5, 21, 16), "footer")
    assert _kind_runs(page) == "title body dateline footer"


def test_a_kicker_above_the_title_is_the_section():
    page = parse_page(f"CRONACA\n\nScontri a Catania, 71 feriti\n\n5 gennaio 2022\n\n{BODY}\n")
    assert (page.section, page.title) == ("CRONACA", "Scontri a Catania, 71 feriti")
    assert _kind_runs(page) == "section title dateline body"


@pytest.mark.parametrize(
    "tail, body_end, footer, outlet",
    [
        (" Riproduzione riservata © Copyright ANSA", "soccorsi.", "Riproduzione riservata © Copyright ANSA", "ANSA"),
        ("© RIPRODUZIONE RISERVATA", "soccorsi.", "© RIPRODUZIONE RISERVATA", None),
        (" ALCUNI DIRITTI RISERVATI.", "soccorsi.", "ALCUNI DIRITTI RISERVATI.", None),
        ("Riproduzione riservata © Copyright ANSA", "soccorsi.", "Riproduzione riservata © Copyright ANSA", "ANSA"),
        (" © 2022 Gazzetta di Modena - Riproduzione riservata", "soccorsi.", "© 2022 Gazzetta di Modena - Riproduzione riservata", "Gazzetta di Modena"),
        ("", "soccorsi.", None, None),
    ],
)
@pytest.mark.parametrize("ending", [".", ""])
def test_rights_glued_to_the_last_paragraph_become_a_footer_block(tail, body_end, footer, outlet, ending):
    # A scraper may have lost the last full stop: a rights line is still cut off after a bare word.
    last = "La madre ha immediatamente chiamato i soccorsi" + ending
    if not ending and tail.startswith("©"):
        tail = " " + tail
    text = f"Titolo della notizia\n\n5 gennaio 2022\n\n{BODY}\n\n{last}{tail}\n"
    page = parse_page(text)
    assert [b.text for b in page.blocks if b.kind == "body"] == [BODY, last]
    assert [b.text for b in page.blocks if b.kind == "footer"] == ([footer] if footer else [])
    assert page.outlet == outlet
    _assert_lossless(text, page)


def test_rights_words_inside_a_paragraph_stay_in_the_body():
    last = "Il tribunale ha riconosciuto il copyright dell'autore. Tutti i diritti riservati sono stati restituiti agli eredi."
    page = parse_page(f"Titolo della notizia\n\n5 gennaio 2022\n\n{BODY}\n\n{last}\n")
    assert [b.text for b in page.blocks if b.kind == "body"] == [BODY, last]


@pytest.mark.parametrize(
    "first",
    [
        "USA:",
        "Di Unicredit in questi giorni c'è un gran parlare:",
        "Il 4 ottobre 2020 ci sarà un referendum per l'indipendenza della Nuova Caledonia dalla Francia. La Nuova Caledonia",
    ],
)
def test_a_first_line_that_goes_on_or_holds_two_sentences_is_no_title(first):
    page = parse_page(f"{first}\n\n{BODY}\n")
    assert page.title is None
    assert [b.text for b in page.blocks if b.kind == "body"] == [first, BODY]


@pytest.mark.parametrize("title", ["Cile:", "Casteldaccia (Palermo):", "Il tribunale ha deciso. Ricorso respinto."])
def test_a_line_right_above_a_dateline_is_the_title_whatever_its_shape(title):
    page = parse_page(f"{title}\n\n15 Agosto 2016 03:47 di Giulia Romano per l'AntiDiplomatico\n\n{BODY}\n")
    assert (page.title, page.published, page.author) == (title, datetime(2016, 8, 15, 3, 47), "Giulia Romano")
