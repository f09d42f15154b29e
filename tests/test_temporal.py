"""Tests for corpus.temporal: the date finder and the ``dates`` table.

``tests/data/dates_gold.jsonl`` holds real sentences of Italian Wikinews
(it.wikinews.org, CC BY 2.5, via the KIND dataset's pages in
``../shared/data/wikinews-pages``) and of the seed article, with their date
expressions annotated by hand; see the first line of the file for the rules.
``tests/data/dates_heldout.jsonl`` holds 36 whole bodies of other such pages,
annotated blind before the changes of issue 13 and never used to tune the finder.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus import config
from corpus.schema import ROME
from corpus.schema import DATES as DTYPES
from corpus.temporal import PATTERN, _easter, _matches, date_mentions, find_dates
from corpus.text import text_layer

GOLD = Path(__file__).parent / "data" / "dates_gold.jsonl"
HELDOUT = Path(__file__).parent / "data" / "dates_heldout.jsonl"
SEED_PUBLISHED = pd.Timestamp("2022-01-05 21:16", tz=ROME)
WEDNESDAY = SEED_PUBLISHED  # a Wednesday


def found(text: str, published=WEDNESDAY) -> list[tuple]:
    return [(m.text, m.value, m.granularity, m.kind) for m in find_dates(text, published)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("il 5 gennaio 2022", [("5 gennaio 2022", "2022-01-05", "day", "absolute")]),
        ("05/01/2022", [("05/01/2022", "2022-01-05", "day", "absolute")]),
        ("il 5.1.2022", [("5.1.2022", "2022-01-05", "day", "absolute")]),
        ("il 14/07/21", [("14/07/21", "2021-07-14", "day", "absolute")]),
        ("nato il 14/07/98", [("14/07/98", "1998-07-14", "day", "absolute")]),
        ("aggiornato il 2021-07-14.", [("2021-07-14", "2021-07-14", "day", "absolute")]),
        ("alle 2021-07-14T10:30", [("2021-07-14T10:30", "2021-07-14T10:30", "time", "absolute")]),
        ("il 2021-07-14 alle 10:30", [("2021-07-14 alle 10:30", "2021-07-14T10:30", "time", "absolute")]),
        ("2021/07/14", [("2021/07/14", "2021-07-14", "day", "absolute")]),
        ("1° marzo", [("1° marzo", "2022-03-01", "day", "absolute")]),
        ("il 1º giugno", [("1º giugno", "2022-06-01", "day", "absolute")]),
        ("nel 2013", [("2013", "2013", "year", "absolute")]),
        ("gennaio 2022", [("gennaio 2022", "2022-01", "month", "absolute")]),
        ("nel febbraio del 1970", [("febbraio del 1970", "1970-02", "month", "absolute")]),
        ("martedì 11 gennaio", [("martedì 11 gennaio", "2022-01-11", "day", "absolute")]),
        ("alle 21:16", [("21:16", "2022-01-05T21:16", "time", "absolute")]),
        ("alle ore 9", [("ore 9", "2022-01-05T09:00", "time", "absolute")]),
        ("alle 9 di sera", [("9 di sera", "2022-01-05T21:00", "time", "absolute")]),
        ("comparirà alle 14 davanti al giudice", [("14", "2022-01-05T14:00", "time", "absolute")]),
        ("il 3 giugno 2015", [("3 giugno 2015", "2015-06-03", "day", "absolute")]),
        ("dal primo gennaio 2006", [("primo gennaio 2006", "2006-01-01", "day", "absolute")]),
        ("il 5 GENNAIO 2022", [("5 GENNAIO 2022", "2022-01-05", "day", "absolute")]),
        (
            "05 Gennaio 2022 21:16",
            [("05 Gennaio 2022 21:16", "2022-01-05T21:16", "time", "absolute")],
        ),
        ("il 5 gen. 2022", [("5 gen. 2022", "2022-01-05", "day", "absolute")]),
        ("il 12 feb.", [("12 feb.", "2022-02-12", "day", "absolute")]),
        ("sett. 2021", [("sett. 2021", "2021-09", "month", "absolute")]),
        ("entro il 2030", [("2030", "2030", "year", "absolute")]),
        ("dal 2006", [("2006", "2006", "year", "absolute")]),
        ("del 2015", [("2015", "2015", "year", "absolute")]),
        ("2013-2015", [("2013-2015", "2013/2015", "year", "absolute")]),
        ("la stagione 2015-16", [("2015-16", "2015/2016", "year", "absolute")]),
        ("24-27 settembre", [("24-27 settembre", "2021-09-24/2021-09-27", "day", "absolute")]),
        ("maggio-luglio 2018", [("maggio-luglio 2018", "2018-05/2018-07", "month", "absolute")]),
        ("a maggio", [("maggio", "2022-05", "month", "absolute")]),
        ("lo scorso dicembre", [("scorso dicembre", "2021-12", "month", "absolute")]),
        ("il prossimo 20 giugno", [("prossimo 20 giugno", "2022-06-20", "day", "absolute")]),
        ("il 12 maggio scorso", [("12 maggio scorso", "2021-05-12", "day", "absolute")]),
        ("a Natale", [("Natale", "2021-12-25", "day", "absolute")]),
        ("la vigilia di Natale", [("vigilia di Natale", "2021-12-24", "day", "absolute")]),
        ("a Pasqua", [("Pasqua", "2022-04-17", "day", "absolute")]),
        ("Dopo Natale, il governo", [("Natale", "2021-12-25", "day", "absolute")]),
        ("la Pasqua del 2019", [("Pasqua del 2019", "2019-04-21", "day", "absolute")]),
        ("Pasquetta 2019", [("Pasquetta 2019", "2019-04-22", "day", "absolute")]),
        ("il Venerdì Santo del 2020", [("Venerdì Santo del 2020", "2020-04-10", "day", "absolute")]),
        ("la domenica delle Palme", [("domenica delle Palme", "2022-04-10", "day", "absolute")]),
        ("il mercoledì delle Ceneri", [("mercoledì delle Ceneri", "2022-03-02", "day", "absolute")]),
        ("a Pentecoste 2023", [("Pentecoste 2023", "2023-05-28", "day", "absolute")]),
        ("a Ognissanti", [("Ognissanti", "2021-11-01", "day", "absolute")]),
        ("Ferragosto", [("Ferragosto", "2021-08-15", "day", "absolute")]),
        ("il 25 aprile", [("25 aprile", "2022-04-25", "day", "absolute")]),
        ("il Primo Maggio", [("Primo Maggio", "2022-05-01", "day", "absolute")]),
        ("il 2 giugno", [("2 giugno", "2022-06-02", "day", "absolute")]),
        (
            "il 14 e il 15 maggio",
            [("14", "2022-05-14", "day", "absolute"), ("15 maggio", "2022-05-15", "day", "absolute")],
        ),
        (
            "alle 15:53 del 27 gennaio",
            [("15:53", "2022-01-27T15:53", "time", "absolute"), ("27 gennaio", "2022-01-27", "day", "absolute")],
        ),
        (
            "ieri, verso le 10:00 di sera",
            [("ieri", "2022-01-04", "day", "relative"), ("10:00 di sera", "2022-01-04T22:00", "time", "absolute")],
        ),
        ("il secondo giovedì di marzo 2019", [("secondo giovedì di marzo 2019", "2019-03-14", "day", "absolute")]),
        ("il primo martedì di marzo 2022", [("primo martedì di marzo 2022", "2022-03-01", "day", "absolute")]),
        ("il terzo martedì di marzo 2022", [("terzo martedì di marzo 2022", "2022-03-15", "day", "absolute")]),
        ("l'ultimo martedì di marzo 2022", [("ultimo martedì di marzo 2022", "2022-03-29", "day", "absolute")]),
        ("la prima domenica di ottobre 2021", [("prima domenica di ottobre 2021", "2021-10-03", "day", "absolute")]),
        ("il 2° martedì di marzo 2019", [("2° martedì di marzo 2019", "2019-03-12", "day", "absolute")]),
        ("l'ultimo martedì di novembre", [("ultimo martedì di novembre", "2021-11-30", "day", "absolute")]),
        (
            "l'ultima domenica dello scorso ottobre",
            [("ultima domenica dello scorso ottobre", "2021-10-31", "day", "absolute")],
        ),
        ("l'ultimo giorno di febbraio 2020", [("ultimo giorno di febbraio 2020", "2020-02-29", "day", "absolute")]),
        ("l'ultimo giorno di febbraio", [("ultimo giorno di febbraio", "2022-02-28", "day", "absolute")]),
        ("l'ultimo giorno dell'anno", [("ultimo giorno dell'anno", "2021-12-31", "day", "absolute")]),
        ("il primo giorno del 2020", [("primo giorno del 2020", "2020-01-01", "day", "absolute")]),
        (
            "il primo fine settimana di marzo",
            [("primo fine settimana di marzo", "2022-03-05/2022-03-06", "day", "absolute")],
        ),
        (
            "l'ultimo weekend di agosto 2021",
            [("ultimo weekend di agosto 2021", "2021-08-28/2021-08-29", "day", "absolute")],
        ),
        (
            "la prima settimana di marzo 2022",
            [("prima settimana di marzo 2022", "2022-03-01/2022-03-07", "day", "absolute")],
        ),
        (
            "il primo lunedì del mese prossimo",
            [("primo lunedì del mese prossimo", "2022-02-07", "day", "relative")],
        ),
        (
            "il primo lunedì dell'anno prossimo",
            [("primo lunedì dell'anno prossimo", "2023-01-02", "day", "relative")],
        ),
        ("il quinto lunedì di febbraio 2021", [("quinto lunedì di febbraio 2021", None, "day", "absolute")]),
        ("tre giorni dopo Natale", [("tre giorni dopo Natale", "2021-12-28", "day", "absolute")]),
        ("il giorno dopo Natale", [("giorno dopo Natale", "2021-12-26", "day", "absolute")]),
        ("il giorno prima di ieri", [("giorno prima di ieri", "2022-01-03", "day", "relative")]),
        ("il giorno dopo domani", [("giorno dopo domani", "2022-01-07", "day", "relative")]),
        (
            "la settimana prima di Pasqua",
            [("settimana prima di Pasqua", "2022-04-10/2022-04-16", "day", "absolute")],
        ),
        (
            "la settimana dopo Ferragosto",
            [("settimana dopo Ferragosto", "2021-08-16/2021-08-22", "day", "absolute")],
        ),
        ("il lunedì dopo Pasqua", [("lunedì dopo Pasqua", "2022-04-18", "day", "absolute")]),
        ("la domenica prima di Natale", [("domenica prima di Natale", "2021-12-19", "day", "absolute")]),
        ("la vigilia di Pasqua", [("vigilia di Pasqua", "2022-04-16", "day", "absolute")]),
        (
            "due settimane prima del 25 aprile",
            [("due settimane prima del 25 aprile", "2022-04-11", "day", "absolute")],
        ),
        (
            "una settimana dopo l'11 settembre 2001",
            [("una settimana dopo l'11 settembre 2001", "2001-09-18", "day", "absolute")],
        ),
        (
            "un mese dopo il 31 gennaio 2021",
            [("un mese dopo il 31 gennaio 2021", "2021-02-28", "day", "absolute")],
        ),
        ("oggi", [("oggi", "2022-01-05", "day", "relative")]),
        ("nel novembre dello scorso anno", [("novembre dello scorso anno", "2021-11", "month", "relative")]),
        ("a maggio di quest'anno", [("maggio di quest'anno", "2022-05", "month", "relative")]),
        ("Ieri", [("Ieri", "2022-01-04", "day", "relative")]),
        ("domani", [("domani", "2022-01-06", "day", "relative")]),
        ("l'altro ieri", [("l'altro ieri", "2022-01-03", "day", "relative")]),
        ("l’altroieri", [("l’altroieri", "2022-01-03", "day", "relative")]),
        ("dopodomani", [("dopodomani", "2022-01-07", "day", "relative")]),
        ("lunedì scorso", [("lunedì scorso", "2022-01-03", "day", "relative")]),
        ("mercoledì scorso", [("mercoledì scorso", "2021-12-29", "day", "relative")]),
        ("venerdì prossimo", [("venerdì prossimo", "2022-01-07", "day", "relative")]),
        ("tre giorni fa", [("tre giorni fa", "2022-01-02", "day", "relative")]),
        ("ventitré giorni fa", [("ventitré giorni fa", "2021-12-13", "day", "relative")]),
        ("due settimane fa", [("due settimane fa", "2021-W51", "week", "relative")]),
        ("la settimana scorsa", [("settimana scorsa", "2021-W52", "week", "relative")]),
        ("la prossima settimana", [("prossima settimana", "2022-W02", "week", "relative")]),
        ("il mese prossimo", [("mese prossimo", "2022-02", "month", "relative")]),
        ("sei mesi fa", [("sei mesi fa", "2021-07", "month", "relative")]),
        ("l'anno scorso", [("anno scorso", "2021", "year", "relative")]),
        ("quest'anno", [("quest'anno", "2022", "year", "relative")]),
        ("tra due anni", [("tra due anni", "2024", "year", "relative")]),
        ("stamattina", [("stamattina", "2022-01-05", "day", "relative")]),
        ("stasera", [("stasera", "2022-01-05", "day", "relative")]),
        ("questa mattina", [("questa mattina", "2022-01-05", "day", "relative")]),
        ("ieri sera", [("ieri sera", "2022-01-04", "day", "relative")]),
        (
            "il 3 dicembre di quattro anni fa",
            [("3 dicembre di quattro anni fa", "2018-12-03", "day", "relative")],
        ),
    ],
)
def test_find_dates_expression_types(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "il 15% dei voti",
        "aveva 68 anni",
        "ha visitato il 344esimo Centro",
        "ha segnato 22 gol",
        "registrata al n° 162/2015 del registro",
        "2013 persone",
        "nel 2013 persone",
        "la velocità 1500 metri",
        "delle 12 regioni",
        "alle 12 persone",
        "dalle 40 alle 50 coltellate",
        "vinto 3 set a 1",
        "Euro 2012",
        "Antonio Di Natale e Luigi Di Maggio",
        "Babbo Natale",
        "l'albero di Natale",
        "l'Isola di Pasqua",
        "le uova di Pasqua",
        "il sindaco Roberto Pasqua",
        "Borgo Ognissanti",
        "la chiesa di Ognissanti",
        "il primo giorno dell'anno scolastico",
        "il primo giorno di scuola",
        "la prima settimana",
        "l'ultimo lunedì del mese",
        "tre giorni dopo",
        "il giorno prima delle elezioni",
        "al giorno d'oggi",
        "pochi giorni fa",
        "nei prossimi giorni",
        "negli anni '90",
        "venerdì",
        "la legge 66/96",
        "il 34-17 finale",
        "magnitudo 3.5",
        "12.000 persone",
        "ISBN 978-2021-07-14",
        "il tempo di 1.07.21",
        "il 2021-07",
        "il 2015-2013",
        "il 14.07.21",
        "ha vinto in 3 set.",
        "5 set di fila",
    ],
)
def test_find_dates_ignores_numbers_that_are_not_dates(text):
    assert find_dates(text, WEDNESDAY) == []


ABBREVIATIONS = {
    "genn": 1, "gen": 1, "febb": 2, "feb": 2, "mar": 3, "apr": 4, "magg": 5, "mag": 5, "giu": 6,
    "lug": 7, "ago": 8, "sett": 9, "ott": 10, "nov": 11, "dic": 12,
}  # fmt: skip


@pytest.mark.parametrize(("abbreviation", "month"), ABBREVIATIONS.items())
def test_every_month_abbreviation_with_and_without_dot(abbreviation, month):
    published = pd.Timestamp("2019-06-15", tz=ROME)
    for text, surface in [
        (f"il 12 {abbreviation}. 2019", f"12 {abbreviation}. 2019"),
        (f"il 12 {abbreviation} 2019", f"12 {abbreviation} 2019"),
        (f"il 12 {abbreviation}. si vota", f"12 {abbreviation}."),
        (f"il 12 {abbreviation}, si vota", f"12 {abbreviation}"),
        (f"il 12 {abbreviation.capitalize()}. 2019", f"12 {abbreviation.capitalize()}. 2019"),
    ]:
        [mention] = find_dates(text, published)
        assert mention.text == surface
        assert mention.value[4:] == f"-{month:02d}-12"
    assert found(f"{abbreviation}. 2019")[0][1] == f"2019-{month:02d}"
    assert found(f"{abbreviation} 2019")[0][1] == f"2019-{month:02d}"


def test_mentions_carry_offsets_into_the_text():
    text = "Il 3 giugno 2015 e ieri."
    assert [(m.start, m.end) for m in find_dates(text, WEDNESDAY)] == [(3, 16), (19, 23)]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # 1 March is 184 days before and 181 days after 1 September 2022.
        ("il 1° marzo", "2022-09-01", [("1° marzo", "2023-03-01")]),
        ("è stato firmato il 1° marzo", "2022-09-01", [("1° marzo", "2022-03-01")]),
        ("sarà firmato il 1° marzo", "2022-09-01", [("1° marzo", "2023-03-01")]),
        ("ha annunciato che sarà firmato il 1° marzo", "2022-09-01", [("1° marzo", "2023-03-01")]),
        ("la mostra si è chiusa a marzo", "2022-09-01", [("marzo", "2022-03")]),
        ("un'intervista che sarà trasmessa sabato 9", "2022-01-05", [("sabato 9", "2022-04-09")]),
        (
            "domenica 28, intorno alle 14",
            "2021-03-08",
            [("domenica 28", "2021-02-28"), ("14", "2021-02-28T14:00")],
        ),
        (
            "martedì 3 febbraio alle ore 10:00 e dalle 11:30",
            "2015-01-20",
            [("martedì 3 febbraio alle ore 10:00", "2015-02-03T10:00"), ("11:30", "2015-02-03T11:30")],
        ),
        (
            "domenica 18 aprile alle ore 21,45",
            "2021-04-01",
            [("domenica 18 aprile alle ore 21,45", "2021-04-18T21:45")],
        ),
        (
            "lo scorso mercoledì 13 novembre 2019",
            "2019-11-20",
            [("scorso mercoledì 13 novembre 2019", "2019-11-13")],
        ),
        (
            "tra il 4 e il 5 dicembre del 2009",
            "2022-01-05",
            [("4", "2009-12-04"), ("5 dicembre del 2009", "2009-12-05")],
        ),
        (
            "le visite del 9 e del 10 maggio",
            "2022-01-05",
            [("9", "2022-05-09"), ("10 maggio", "2022-05-10")],
        ),
        ("ad agosto e settembre", "2022-01-05", [("agosto", "2021-08"), ("settembre", "2021-09")]),
        ("la stagione 2020", "2022-01-05", [("2020", "2020")]),
        (
            "alla mezzanotte di domani",
            "2022-01-05",
            [("mezzanotte", "2022-01-06T00:00"), ("domani", "2022-01-06")],
        ),
        ("entro il Natale di quest'anno", "2022-01-05", [("Natale di quest'anno", "2022-12-25")]),
        ("solo trent'anni fa", "2022-01-05", [("trent'anni fa", "1992")]),
        (
            "è morto tra sabato 30 e domenica 31 gennaio",
            "2016-02-02",
            [("sabato 30", "2016-01-30"), ("domenica 31 gennaio", "2016-01-31")],
        ),
        ("è del 29 febbraio scorso", "2021-06-01", [("29 febbraio scorso", "2020-02-29")]),
        ("il 30 febbraio", "2022-01-05", [("30 febbraio", None)]),
        ("si terrà il secondo martedì di dicembre", "2022-01-05", [("secondo martedì di dicembre", "2022-12-13")]),
        # The verb nearest the date in its clause says past or future, not any verb of the sentence.
        (
            "Harris, che ha vinto la nomination ad agosto, sfiderà Trump a novembre",
            "2024-09-10",
            [("agosto", "2024-08"), ("novembre", "2024-11")],
        ),
        ("Biden ha invitato gli americani a votare a novembre", "2024-09-10", [("novembre", "2024-11")]),
        ("In vista delle elezioni di novembre, Harris ha scelto Walz", "2024-09-10", [("novembre", "2024-11")]),
        ("Trump ha detto che a novembre vincerà", "2024-09-10", [("novembre", "2024-11")]),
        ("A novembre Biden aveva vinto le primarie", "2024-09-10", [("novembre", "2023-11")]),
        ("Ha un contratto fino a maggio", "2024-09-10", [("maggio", "2025-05")]),
        ("È rimasto in carica fino a maggio", "2024-09-10", [("maggio", "2024-05")]),
        ("L'opzione verrà esercitata come comunicato a febbraio", "2024-09-10", [("febbraio", "2024-02")]),
        ("Sarebbe stato ucciso il 1° marzo", "2024-09-10", [("1° marzo", "2024-03-01")]),
        ("Dichiarò il 1° marzo che si sarebbe dimesso", "2024-09-10", [("1° marzo", "2024-03-01")]),
        ("Il 1° marzo però si è votato", "2024-09-10", [("1° marzo", "2024-03-01")]),
        ("L'8 gennaio avrebbe compiuto 78 anni", "2020-12-01", [("8 gennaio", "2021-01-08")]),
        ("La mostra è aperta fino al 2 novembre", "2020-06-03", [("2 novembre", "2020-11-02")]),
        # A day joined to a dated one shares its year.
        ("dal 15 aprile al 4 giugno 1989", "2022-07-02", [("15 aprile", "1989-04-15"), ("4 giugno 1989", "1989-06-04")]),
        (
            "dal 20 dicembre al 6 gennaio 2020",
            "2022-07-02",
            [("20 dicembre", "2019-12-20"), ("6 gennaio 2020", "2020-01-06")],
        ),
        (
            "dal 20 dicembre 2019 al 6 gennaio",
            "2022-07-02",
            [("20 dicembre 2019", "2019-12-20"), ("6 gennaio", "2020-01-06")],
        ),
        ("nel gennaio di due anni fa", "2022-03-08", [("gennaio di due anni fa", "2020-01")]),
        ("si è tenuto il secondo martedì di dicembre", "2022-01-05", [("secondo martedì di dicembre", "2021-12-14")]),
    ],
)
def test_find_dates_reads_the_context(text, published, expected):
    assert [(m.text, m.value) for m in find_dates(text, pd.Timestamp(published, tz=ROME))] == expected


def test_easter_is_the_gregorian_computus():
    from dateutil.easter import easter  # pandas depends on dateutil; the package itself does not

    assert all(_easter(year) == easter(year) for year in range(1583, 2500))


def test_a_date_without_year_takes_the_nearest_year():
    # 1 March is nearer as next year's seen from December, last year's from January.
    assert found("il 1° marzo", pd.Timestamp("2021-12-20", tz=ROME))[0][1] == "2022-03-01"
    assert found("il 20 dicembre", pd.Timestamp("2022-01-05", tz=ROME))[0][1] == "2021-12-20"


def test_weekday_chooses_the_year():
    # Tuesday 20 December: 2022, not 2021 (a Monday), even published in January 2022.
    assert found("martedì 20 dicembre", pd.Timestamp("2022-01-05", tz=ROME))[0][1] == "2022-12-20"
    assert found("Giovedì 5 dicembre", pd.Timestamp("2013-12-06", tz=ROME))[0][1] == "2013-12-05"


def test_oggi_is_the_publication_day_in_its_own_time_zone():
    late_evening = pd.Timestamp("2022-01-05 23:30", tz=ROME)
    assert found("oggi", late_evening)[0][1] == "2022-01-05"
    assert found("oggi", late_evening.tz_convert("UTC"))[0][1] == "2022-01-05"


@pytest.mark.parametrize("published", [None, pd.NaT])
def test_without_publication_date_values_needing_it_are_missing(published):
    text = (
        "Ieri. Il 3 giugno. Il 3/6/21. Tre giorni dopo Pasqua. Il secondo giovedì di marzo. A novembre. "
        "Alle 21:16. La settimana scorsa. Il 3 giugno 2015. Nel 2013. A Pasqua 2019. Dal 15 aprile al 4 giugno 1989."
    )
    assert found(text, published) == [
        ("Ieri", None, "day", "relative"),
        ("3 giugno", None, "day", "absolute"),
        ("3/6/21", None, "day", "absolute"),
        ("Tre giorni dopo Pasqua", None, "day", "absolute"),
        ("secondo giovedì di marzo", None, "day", "absolute"),
        ("novembre", None, "month", "absolute"),
        ("21:16", None, "time", "absolute"),
        ("settimana scorsa", None, "week", "relative"),
        ("3 giugno 2015", "2015-06-03", "day", "absolute"),
        ("2013", "2013", "year", "absolute"),
        ("Pasqua 2019", "2019-04-21", "day", "absolute"),
        ("15 aprile", "1989-04-15", "day", "absolute"),
        ("4 giugno 1989", "1989-06-04", "day", "absolute"),
    ]


def _documents(rows: list[tuple[str, str, pd.Timestamp | None]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": pd.array([r[0] for r in rows], dtype="string"),
            "text": pd.array([r[1] for r in rows], dtype="string"),
            "published": pd.Series([r[2] for r in rows], dtype="datetime64[ns, Europe/Rome]"),
        }
    )


def test_date_mentions_table():
    documents = _documents(
        [
            ("a", "Ieri, 4 gennaio, il 344esimo giorno.", WEDNESDAY),
            ("b", "Nessuna data.", WEDNESDAY),
            ("c", "Oggi nel 2013.", None),
        ]
    )
    expected = pd.DataFrame(
        {
            "doc_id": pd.array(["a", "a", "c", "c"], dtype="string"),
            "start": pd.array([0, 6, 0, 9], dtype="int32"),
            "end": pd.array([4, 15, 4, 13], dtype="int32"),
            "text": pd.array(["Ieri", "4 gennaio", "Oggi", "2013"], dtype="string"),
            "value": pd.array(["2022-01-04", "2022-01-04", None, "2013"], dtype="string"),
            "granularity": pd.Categorical(["day", "day", "day", "year"], dtype=DTYPES["granularity"]),
            "kind": pd.Categorical(["relative", "absolute", "relative", "absolute"], dtype=DTYPES["kind"]),
        }
    )
    pd.testing.assert_frame_equal(date_mentions(documents), expected)


def test_date_mentions_of_no_documents_has_the_declared_dtypes():
    dates = date_mentions(_documents([]))
    assert dates.empty
    assert dict(dates.dtypes) == {name: pd.Series(dtype=dtype).dtype for name, dtype in DTYPES.items()}


def test_date_mentions_keep_only_matches_on_token_bounds():
    documents = _documents([("a", "il 5 gennaio 2022", WEDNESDAY)])
    # Tokens that glue "il 5" together: the date would begin inside a token.
    tokens = pd.DataFrame(
        {
            "doc_id": pd.array(["a"] * 3, dtype="string"),
            "start": pd.array([0, 5, 13], dtype="int32"),
            "end": pd.array([4, 12, 17], dtype="int32"),
        }
    )
    assert date_mentions(documents, tokens).empty
    _, real_tokens = text_layer(documents)
    assert date_mentions(documents, real_tokens)["text"].tolist() == ["5 gennaio 2022"]


def test_date_spans_fall_on_the_text_layer_tokens():
    text = (
        "L'altro ieri, il 1° marzo, dell'11 settembre 2001, 08/09/2015 alle 21:16, "
        "quest'anno, il 5 gen. 2022, dal 2013-2015, il 24-27 settembre, feb. 2020."
    )
    documents = _documents([("a", text, WEDNESDAY)])
    _, tokens = text_layer(documents)
    assert len(date_mentions(documents, tokens)) == len(find_dates(text, WEDNESDAY)) == 9


def test_seed_body_has_no_dates(seed_corpus):
    documents = seed_corpus.documents
    assert documents["published"].iloc[0] == SEED_PUBLISHED
    body = documents["text"].iloc[0]
    assert body.startswith("Il presidente del Kazakistan")
    # The footer's "registrata in data 08/09/2015" is page furniture, not body text.
    assert find_dates(body, SEED_PUBLISHED) == []
    _, tokens = text_layer(documents)
    assert date_mentions(documents, tokens).empty


def test_seed_footer_date_is_found_when_given_the_whole_page(seed_text):
    dates = found(seed_text, SEED_PUBLISHED)
    assert ("08/09/2015", "2015-09-08", "day", "absolute") in dates
    assert ("05 Gennaio 2022 21:16", "2022-01-05T21:16", "time", "absolute") in dates


RELATIVE_TEXT = (
    "Oggi e ieri, l'altro ieri, domani, stasera, lunedì scorso, giovedì prossimo, "
    "tre giorni fa, tra 10 giorni, due settimane fa, la settimana scorsa, "
    "il mese prossimo, quattro mesi fa, l'anno scorso, quest'anno."
)


DAYS = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 1, 1))
# From 4:00, so that no hour falls in the gap of a daylight-saving change.
HOURS = st.integers(min_value=4, max_value=23)


def _at(day: dt.date, hour: int) -> pd.Timestamp:
    return pd.Timestamp(dt.datetime.combine(day, dt.time(hour)), tz=ROME)


@given(day=DAYS, hour=HOURS, weeks=st.integers(min_value=-600, max_value=600))
@settings(max_examples=200, deadline=None)
def test_relative_dates_shift_with_the_publication_date(day, hour, weeks):
    """Values depend on the publication date alone: move it k weeks, day values move 7k days."""
    first = find_dates(RELATIVE_TEXT, _at(day, hour))
    second = find_dates(RELATIVE_TEXT, _at(day + dt.timedelta(weeks=weeks), hour))
    assert [m.text for m in first] == [m.text for m in second]
    assert len(first) == 15
    for a, b in zip(first, second, strict=True):
        if a.granularity == "day":
            shift = dt.date.fromisoformat(b.value) - dt.date.fromisoformat(a.value)
            assert shift == dt.timedelta(weeks=weeks)
        elif a.granularity == "week":
            monday = dt.date.fromisocalendar(int(a.value[:4]), int(a.value[6:]), 1)
            assert dt.date.fromisocalendar(int(b.value[:4]), int(b.value[6:]), 1) == monday + dt.timedelta(weeks=weeks)


@given(day=DAYS, hour=HOURS)
@settings(max_examples=100, deadline=None)
def test_relative_dates_are_counted_from_the_publication_day(day, hour):
    anchor = _at(day, hour)
    values = {m.text: m.value for m in find_dates(RELATIVE_TEXT, anchor)}
    assert values["Oggi"] == day.isoformat()
    assert values["tre giorni fa"] == (day - dt.timedelta(days=3)).isoformat()
    assert values["anno scorso"] == str(day.year - 1)
    assert values["quest'anno"] == str(day.year)


WORDS = st.sampled_from(
    [
        "il", "nel", "del", "alle", "ore", "le", "l'", "altro", "ieri", "oggi", "a", "di",
        "3", "14", "21:16", "2013", "2013-2015", "08/09/2015", "1°", "1º", "e", "al", "-",
        "maggio", "Maggio", "gen.", "settembre", "sett.", "martedì", "scorso", "prossima",
        "settimana", "mese", "anno", "tre", "giorni", "fa", "tra", "quest'", "Natale",
        "vigilia", "sera", "del", "anni", "persone", "%", ",", ".", "344esimo", "\n", "Pasqua",
        "Pasquetta", "Ognissanti", "santo", "palme", "dopo", "prima", "giorno", "ultimo", "secondo",
        "fine", "weekend", "2021-07-14", "14/07/21", "magg", "sett.", "dell'anno",
        "domenica", "28", "mezzanotte", "stagione", "trent'", "ore", "21,45", "Capodanno",
    ]
)  # fmt: skip


@given(st.lists(WORDS, max_size=30), st.sampled_from([" ", "  ", ""]))
@settings(max_examples=300, deadline=None)
def test_word_dispatch_finds_what_the_whole_pattern_finds(words, glue):
    text = glue.join(words) if glue else " ".join(words).replace(" ,", ",")
    assert [m.span() for m in _matches(text)] == [m.span() for m in PATTERN.finditer(text)]


@given(
    st.lists(WORDS, max_size=30),
    st.one_of(st.none(), st.builds(_at, DAYS, HOURS)),
)
@settings(max_examples=300, deadline=None)
def test_mentions_are_ordered_disjoint_slices_of_the_text(words, published):
    text = " ".join(words)
    mentions = find_dates(text, published)
    assert all(text[m.start : m.end] == m.text for m in mentions)
    assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:]))
    assert all(m.granularity in DTYPES["granularity"].categories for m in mentions)


@pytest.mark.skipif(not config.WIKINEWS_PAGES_DIR.is_dir(), reason="shared Wikinews pages not present")
def test_word_dispatch_finds_what_the_whole_pattern_finds_in_real_text():
    texts = [path.read_text(encoding="utf-8") for path in sorted(config.WIKINEWS_PAGES_DIR.glob("*.txt"))[:150]]
    for text in texts:
        assert [m.span() for m in _matches(text)] == [m.span() for m in PATTERN.finditer(text)]


def _annotated(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if not line.startswith("#")]


@pytest.mark.parametrize(("path", "at_least"), [(GOLD, 80), (HELDOUT, 100)])
def test_gold_annotations_are_well_formed(path, at_least):
    gold = _annotated(path)
    assert sum(len(sentence["dates"]) for sentence in gold) >= at_least
    for sentence in gold:
        for date in sentence["dates"]:
            assert sentence["text"][date["start"] : date["end"]] == date["text"]
            assert date["granularity"] in DTYPES["granularity"].categories
            assert date["kind"] in DTYPES["kind"].categories


def test_heldout_pages_share_no_sentence_with_the_gold_set():
    gold_pages = {sentence["source"].split(":")[1].split("#")[0] for sentence in _annotated(GOLD)}
    heldout = _annotated(HELDOUT)
    assert not gold_pages & {body["source"].removesuffix(".txt") for body in heldout}
    bodies = [" ".join(body["text"].split()) for body in heldout]
    assert not any(" ".join(sentence["text"].split()) in body for sentence in _annotated(GOLD) for body in bodies)


def _strict_f1(path: Path) -> float:
    """F1 of the finder on a gold file: a date is right when its span and its value are exact."""
    expected, predicted = set(), set()
    for i, sentence in enumerate(_annotated(path)):
        published = pd.Timestamp(sentence["published"]) if sentence["published"] else None
        expected |= {(i, d["start"], d["end"], d["value"]) for d in sentence["dates"]}
        predicted |= {(i, m.start, m.end, m.value) for m in find_dates(sentence["text"], published)}
    return 2 * len(expected & predicted) / (len(expected) + len(predicted))


def test_finder_f1_on_the_gold_sentences_does_not_fall():
    # 175 of 180 dates right, 177 found (0.975 before issue 13).
    assert _strict_f1(GOLD) >= 0.980


def test_finder_f1_on_the_heldout_bodies_is_the_reported_figure():
    # Measured once, after the last change for issue 13: 115 of 132 dates right, 126 found
    # (0.880 before: 114 right, 127 found). Never tuned on; a fall below it is a regression.
    assert _strict_f1(HELDOUT) >= 0.891
