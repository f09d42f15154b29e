"""Dates mentioned in Italian news text, normalised against the publication date.

:func:`find_dates` reads one text and returns every date expression it finds,
each with its character span, an ISO value and its granularity.
:func:`date_mentions` runs it over ``documents.text`` (anchored on
``documents.published``) and returns the tidy ``dates`` table.

What is found (spans never include prepositions or articles: ``nel 2013`` gives
``2013``, ``la settimana scorsa`` gives ``settimana scorsa``):

* absolute, ``kind="absolute"``: ``5 gennaio 2022``, ``05/01/2022``,
  ``martedì 11 gennaio``, ``1° marzo``, ``primo gennaio 2006``, ``gen. 2022``,
  ``gennaio 2022``, a month after a preposition (``a maggio``, ``lo scorso
  dicembre``), a year after a preposition (``nel 2013``, ``entro il 2030``) or in a
  range (``2013-2015``), a clock time (``alle 21:16``, ``ore 9``);
* relative to the publication day, ``kind="relative"``: ``oggi``, ``ieri``,
  ``domani``, ``l'altro ieri``, ``dopodomani``, ``stamattina``, ``stasera``,
  ``ieri sera``, ``lunedì scorso``, ``tre giorni fa``, ``tra due settimane``,
  ``settimana scorsa``, ``mese prossimo``, ``anno scorso``, ``quest'anno``.

Values are ISO 8601 strings whose precision is the granularity: ``2022-01-05``
(day), ``2022-W01`` (week), ``2022-01`` (month), ``2022`` (year),
``2022-01-05T21:16`` (time). A day and month without a year take the year that
puts the date nearest the publication day (the weekday, when given, decides
first; ``scorso``/``prossimo`` force the past/future). Whatever needs the
publication date to be resolved (a relative expression, a date without a year, a
bare clock time) has value ``<NA>`` when that date is unknown: nothing is ever
resolved against the machine clock.

Deliberately not found: weekdays on their own (``venerdì`` is last Friday or
next Friday depending on the verb's tense), vague amounts (``pochi giorni fa``),
decades (``anni '90``), and numbers that are not dates (``15%``, ``68 anni``,
``22 gol``, ``n° 162/2015``, ``2013 persone``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

import pandas as pd

from corpus.schema import conform

GRANULARITIES = pd.CategoricalDtype(["time", "day", "week", "month", "year"])
KINDS = pd.CategoricalDtype(["absolute", "relative"])
DTYPES = {
    "doc_id": "category",
    "start": "int32",
    "end": "int32",
    "text": pd.StringDtype(),
    "value": pd.StringDtype(),
    "granularity": GRANULARITIES,
    "kind": KINDS,
}


class DateMention(NamedTuple):
    """One date expression: its span in the text and its normalised value."""

    start: int
    end: int
    text: str
    value: str | None
    granularity: str
    kind: str


MONTHS = {
    "gennaio": 1, "febbraio": 2, "marzo": 3, "aprile": 4, "maggio": 5, "giugno": 6,
    "luglio": 7, "agosto": 8, "settembre": 9, "ottobre": 10, "novembre": 11, "dicembre": 12,
}  # fmt: skip
MONTH_ABBREVIATIONS = {
    "gen": 1, "feb": 2, "mar": 3, "apr": 4, "mag": 5, "giu": 6, "lug": 7, "ago": 8,
    "set": 9, "sett": 9, "ott": 10, "nov": 11, "dic": 12,
}  # fmt: skip
WEEKDAYS = {
    "lunedì": 0, "martedì": 1, "mercoledì": 2, "giovedì": 3, "venerdì": 4,
    "sabato": 5, "domenica": 6,
}  # fmt: skip
# Day offsets of the one-word deictics, and of "ieri sera"-like heads.
DAY_WORDS = {
    "oggi": 0, "ieri": -1, "domani": 1, "dopodomani": 2,
    "stamattina": 0, "stamane": 0, "stamani": 0, "stasera": 0, "stanotte": 0,
}  # fmt: skip


def _italian_numbers() -> dict[str, int]:
    """Number words 1-100 as written in Italian ("ventitré", "sessantuno")."""
    units = ["uno", "due", "tre", "quattro", "cinque", "sei", "sette", "otto", "nove"]
    teens = ["dieci", "undici", "dodici", "tredici", "quattordici", "quindici",
             "sedici", "diciassette", "diciotto", "diciannove"]  # fmt: skip
    tens = ["venti", "trenta", "quaranta", "cinquanta", "sessanta", "settanta",
            "ottanta", "novanta"]  # fmt: skip
    words = {"un": 1, "una": 1, "cento": 100}
    words.update({word: n for n, word in enumerate(units, 1)})
    words.update({word: n for n, word in enumerate(teens, 10)})
    for t, ten in enumerate(tens, 2):
        words[ten] = 10 * t
        for u, unit in enumerate(units, 1):
            # The tens word drops its final vowel before "uno" and "otto".
            stem = ten[:-1] if unit in ("uno", "otto") else ten
            words[stem + ("tré" if unit == "tre" else unit)] = 10 * t + u
    return words


NUMBER_WORDS = _italian_numbers()


def _alternation(words) -> str:
    # Longest first, so "sett" wins over "set" and "ventuno" over "venti".
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


APOSTROPHE = "['’]"
MONTH = (
    rf"(?:{_alternation(MONTHS)}"
    rf"|(?:{_alternation(MONTH_ABBREVIATIONS)})(?:\.|(?!\w)))"
)
WEEKDAY = rf"(?:{_alternation(WEEKDAYS)}|lunedi|martedi|mercoledi|giovedi|venerdi)"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?!\d)"
FIRST = r"(?:1\s?[°º]|primo)"
YEAR = r"(?:1\d{3}|20\d{2})(?![\d%]|[.,]\d)"
DIRECTION = r"(?:scors[oa]|passat[oa]|prossim[oa])"
AMOUNT = rf"(?:\d{{1,3}}|{_alternation(NUMBER_WORDS)})"
UNIT = r"(?:giorn[oi]|settiman[ae]|mes[ei]|ann[oi])"
PART_OF_DAY = r"(?:mattina|mattino|pomeriggio|sera|notte)"
CLOCK = r"(?:[01]?\d|2[0-3])[:.][0-5]\d(?!\d|[.,]\d)"
# Words after a year that make it a quantity ("nel 2013 persone" is not a date).
NOT_AFTER_YEAR = (
    r"(?!\s+(?:persone|abitanti|euro|dollari|metri|km|chilometri|chili|kg|tonnellate"
    r"|voti|morti|feriti|vittime|casi|posti|soldati|volte|unità|copie|firme)\b)"
)
# A year or a month on its own reads as a date only after one of these words.
YEAR_CUE = (
    rf"(?:nel|del|dal|al|il|entro(?:\s+il)?|fino\s+al|sino\s+al|prima\s+del|dopo\s+il"
    rf"|durante\s+il|tra\s+il|fra\s+il|e\s+il|anno|fine|inizio|metà"
    rf"|primavera|estate|autunno|inverno|nell{APOSTROPHE}anno|dell{APOSTROPHE}anno)"
)
MONTH_CUE = (
    rf"(?:a|ad|in|di|da|nel|del|dal|al|entro|fine|inizio|metà|mese\s+di"
    rf"|(?:lo|il)\s+(?={DIRECTION})|nell{APOSTROPHE}|dell{APOSTROPHE}|dall{APOSTROPHE})"
)
TIME_CUE = (
    r"(?:alle|dalle|delle|le|entro\s+le|verso\s+le|intorno\s+alle|fino\s+alle"
    r"|dopo\s+le|prima\s+delle)"
)

# One pattern, one named group per kind of expression; finditer picks, at each
# position, the first alternative that matches, so longer forms come first.
PATTERN = re.compile(
    rf"""
    (?<![\w/.,])(?P<calendar>
        (?:(?P<weekday>{WEEKDAY}),?\s+)?
        (?:(?P<pre>{DIRECTION})\s+)?
        (?:(?P<first>{FIRST})|(?P<day>{DAY}))\s+(?P<month>{MONTH})
        (?:(?:\s+del)?\s+(?P<year>{YEAR}))?
        (?:,?\s+(?:alle\s+)?(?:ore\s+)?(?P<clock>{CLOCK}))?
        (?(year)|(?:\s+(?P<post>{DIRECTION}))?)
    )
    |(?<![\w/.,])(?P<numeric>
        (?P<nday>{DAY})(?P<sep>[/.-])(?P<nmonth>0?[1-9]|1[0-2])(?P=sep)(?P<nyear>\d{{4}})
        (?![\w/]|[.,]\d)
        (?:,?\s+(?:alle\s+)?(?:ore\s+)?(?P<nclock>{CLOCK}))?
    )
    |(?<!\w)(?P<month_year>(?P<mmonth>{MONTH})\s+(?:del\s+)?(?P<myear>{YEAR}))
    |(?<!\w)(?P<year_range>(?P<ryear>{YEAR})\s?[-–]\s?(?P<ryear2>{YEAR}))
    |(?<!\w){YEAR_CUE}\s+(?P<year_only>{YEAR}){NOT_AFTER_YEAR}
    |(?<!\w){MONTH_CUE}\s*(?P<month_only>
        (?:(?P<opre>{DIRECTION})\s+)?(?P<omonth>{MONTH})(?:\s+(?P<opost>{DIRECTION}))?
    )
    |(?<!\w)(?:(?P<tcue>{TIME_CUE})\s+)?(?P<time>
        (?(tcue)(?:ore\s+)?|ore\s+)
        (?:(?P<tclock>{CLOCK})|(?P<thour>[01]?\d|2[0-3])(?!\d|[.,:]\d))
        (?:\s+(?:del|di|della)\s+(?P<tpart>{PART_OF_DAY}))?
    )
    |(?<!\w)(?P<altroieri>l{APOSTROPHE}\s?altro\s?ieri|altroieri|ieri\s+l{APOSTROPHE}altro)(?!\w)
    |(?<!\w)(?<!d['’])(?P<day_word>
        (?P<dword>oggi|ieri|domani|dopodomani|stamattina|stamane|stamani|stasera|stanotte)
        (?!\w)(?:\s+(?:{PART_OF_DAY})(?!\w))?
        |(?:questa|sta)\s+(?:mattina|sera|notte)|questo\s+pomeriggio
    )
    |(?<!\w)(?P<weekday_rel>
        (?P<wpre>{DIRECTION})\s+(?P<wday>{WEEKDAY})
        |(?P<wday2>{WEEKDAY})\s+(?P<wpost>{DIRECTION})
    )
    |(?<!\w)(?P<ago>(?P<amount>{AMOUNT})\s+(?P<unit>{UNIT})\s+fa)
    |(?<!\w)(?P<ahead>(?:tra|fra)\s+(?P<famount>{AMOUNT})\s+(?P<funit>{UNIT}))
    |(?<!\w)(?P<period>
        (?P<ppre>{DIRECTION})\s+(?P<punit>settimana|mese|anno)
        |(?P<punit2>settimana|mese|anno)\s+(?P<ppost>{DIRECTION}|corrente|in\s+corso)
        |(?:questa\s+|quest{APOSTROPHE}\s?)(?P<punit3>settimana|anno)
        |questo\s+mese
    )
    (?!\w)
    """,
    re.IGNORECASE | re.VERBOSE,
)


