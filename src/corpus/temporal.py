"""Dates mentioned in Italian news text, normalised against the publication date.

:func:`find_dates` reads one text and returns every date expression it finds,
each with its character span, an ISO value and its granularity.
:func:`date_mentions` runs it over ``documents.text`` (anchored on
``documents.published``) and returns the tidy ``dates`` table.

What is found (spans leave out prepositions and articles: ``nel 2013`` gives
``2013``, ``la settimana scorsa`` gives ``settimana scorsa``):

* ``kind="absolute"``, a calendar date or clock time: ``5 gennaio 2022``,
  ``05/01/2022``, ``5/1/22`` (no more than ten years after publication),
  ``2022-01-05`` (ISO, also with a clock time), ``martedì 11 gennaio``, ``1°
  marzo``, ``primo gennaio 2006``, ``5 gen. 2022``, ``12 magg 2019``, ``il 5 ott``
  (every month abbreviation, without its dot after a day number), ``gennaio
  2022``, a month after a preposition or with ``scorso``/``prossimo`` (``a
  maggio``, ``lo scorso dicembre``), a year after a preposition (``nel 2013``,
  ``entro il 2030``), holidays (``a Natale``, ``Ferragosto``, ``a Ognissanti``,
  and the feasts that move with Easter: ``a Pasqua``, ``Pasquetta``, ``Venerdì
  Santo``...), a weekday, day, weekend or week counted in a month or year (``il
  secondo giovedì di marzo 2019``, ``l'ultimo giorno di febbraio``, ``il primo
  fine settimana di marzo``, ``l'ultimo giorno dell'anno``), ranges
  (``2013-2015``, ``24-27 settembre``, ``maggio-luglio 2018``), the first day of
  ``il 14 e il 15 maggio``, clock times (``alle 21:16``, ``ore 9``, ``alle 9 di
  sera``);
* ``kind="relative"``, counted from the publication day: ``oggi``, ``ieri``,
  ``domani``, ``l'altro ieri``, ``dopodomani``, ``stamattina``, ``stasera``,
  ``ieri sera``, ``lunedì scorso``, ``tre giorni fa``, ``tra due settimane``,
  ``settimana scorsa``, ``mese prossimo``, ``anno scorso``, ``quest'anno``,
  ``3 dicembre di quattro anni fa``, ``novembre dello scorso anno``;
* a day counted from a day named right after it, with that day's kind: ``tre
  giorni dopo Natale``, ``il giorno prima di ieri``, ``la settimana prima di
  Pasqua`` (the seven days before it, an interval), ``il lunedì dopo il 25
  aprile``, ``la vigilia di Pasqua``.

Values are ISO 8601 strings whose precision is the granularity: ``2022-01-05``
(day), ``2022-W01`` (week), ``2022-01`` (month), ``2022`` (year),
``2022-01-05T21:16`` (time); a range is an ISO interval (``2013/2015``,
``2022-03-05/2022-03-06``).

A date without a year (a day, a month, a holiday, ``il secondo giovedì di
marzo``) is the occurrence nearest the publication day on the side its context
points to. A weekday given with it decides first; then ``scorso``/``prossimo``;
then a dated day it is joined to (``dal 15 aprile al 4 giugno 1989``); then the
tense, read at the date rather than over the whole sentence: a past participle
right before it (``sequestrati ad aprile``), else the cue nearest it within its
clause, else the nearest across the fewest clause breaks. Past verbs point back
(``è stato ucciso il 27 dicembre``, ``firmò``, ``si era tenuto``), future verbs
and ``prossimo``, ``previsto``, ``in vista di`` ahead (``si terrà il 27
dicembre``), ``fino a``/``entro`` ahead unless a verb of the clause says
otherwise; an infinitive or a condition in its clause (``ha invitato a votare a
novembre``) says nothing, and neither do verbs of saying. With no cue the date
is simply the nearest. A weekday with a day number alone (``sabato 9``) is the
nearest such day on the side the tense says.

A clock time takes the day named right after it (``alle 15:53 del 27
gennaio``), else the last day named before it in the same sentence (``ieri ...
verso le 22``), else the publication day. Whatever needs the publication date
(relative expressions, dates without a year, clock times without a day) has
value ``<NA>`` when that date is unknown: nothing is ever resolved against the
machine clock. An impossible date (``30 febbraio``, ``il quinto lunedì di
febbraio 2021``) has value ``<NA>`` too.

Deliberately not found: weekdays on their own (``venerdì``, often habitual:
``chiusa di venerdì``), vague amounts (``pochi giorni fa``, ``nei prossimi
giorni``), decades (``anni '90``), years inside names (``Euro 2012``), things
named after a holiday (``albero di Natale``, ``Isola di Pasqua``), anaphoric
expressions (``tre anni dopo``, ``l'anno successivo``, ``il giorno dopo``), and
numbers that are not dates (``15%``, ``68 anni``, ``22 gol``, ``344esimo``,
``n° 162/2015``, ``2013 persone``, ``vinto in 3 set``, ``1.07.21``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Iterator
from typing import NamedTuple

import pandas as pd

from corpus import lexicon
from corpus.schema import DATES, STRING, conform



class DateMention(NamedTuple):
    """One date expression: its span in the text and its normalised value."""

    start: int
    end: int
    text: str
    value: str | None
    granularity: str
    kind: str


MONTHS = lexicon.MONTHS
MONTH_ABBREVIATIONS = lexicon.MONTH_ABBREVIATIONS
# Abbreviations that are also words after a number: "vinto 3 set a 1" is tennis.
AMBIGUOUS_ABBREVIATIONS = {"set"}
WEEKDAYS = lexicon.WEEKDAYS
# The accent-less spellings too: "lunedi".
WEEKDAY_WORDS = {*WEEKDAYS, *(day[:-1] + "i" for day in WEEKDAYS if day.endswith("ì"))}
ORDINALS = lexicon.ORDINALS
KINDS_OF_YEAR = lexicon.KINDS_OF_YEAR
DAY_WORDS = lexicon.DAY_WORDS
HOLIDAYS = lexicon.HOLIDAYS
EASTER_HOLIDAYS = lexicon.EASTER_HOLIDAYS
UNCUED_HOLIDAYS = lexicon.UNCUED_HOLIDAYS
HOLIDAY_THINGS = lexicon.HOLIDAY_THINGS
NUMBER_WORDS = lexicon.number_words()


def _alternation(words) -> str:
    """A regular expression matching any of ``words``, longest first, as a trie.

    ``ventuno|venti|...`` would be tried word by word at every position; the trie
    ``v(?:ent(?:i|uno)...)`` fails at the first letter that no word shares.
    """
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def branch(node: dict) -> str:
        arms = [re.escape(char) + branch(child) for char, child in node.items() if char]
        if not arms:
            return ""
        body = arms[0] if len(arms) == 1 else "(?:" + "|".join(arms) + ")"
        # Optional and greedy: the longer word is tried first, the end here second.
        return f"(?:{body})?" if "" in node else body

    return "(?:" + branch(tree) + ")"


APOSTROPHE = "['’]"
UNAMBIGUOUS_ABBREVIATION = _alternation(set(MONTH_ABBREVIATIONS) - AMBIGUOUS_ABBREVIATIONS)
BEFORE_YEAR = r"(?=\s+\d{4}(?!\d))"
# Abbreviations need their dot or a following year ("gen. 2022", "mar 2021"); an
# ambiguous one needs the year: "vinto in 3 set." is tennis.
MONTH = (
    rf"(?:{_alternation(MONTHS)}"
    rf"|{UNAMBIGUOUS_ABBREVIATION}(?:\.|{BEFORE_YEAR})"
    rf"|{_alternation(AMBIGUOUS_ABBREVIATIONS)}\.?{BEFORE_YEAR})"
)
# After a day number an abbreviation needs no dot: "12 magg 2019", "il 5 ott".
DAY_MONTH = rf"(?:{MONTH}|{UNAMBIGUOUS_ABBREVIATION}(?!\w))"
# Italian writes months in lower case; a capitalised one alone is a name ("Di Maggio").
LOWER_MONTH = rf"(?-i:{_alternation(MONTHS)})(?!\w)"
WEEKDAY = rf"{_alternation(WEEKDAY_WORDS)}(?!\w)"


def _holidays(names) -> str:
    return _alternation(names).replace(r"\ ", r"\s+") + r"(?!\w)"


HOLIDAY = _holidays(UNCUED_HOLIDAYS)
CUED_HOLIDAY = "".join(rf"(?<!\b{thing}\sdi\s)" for thing in HOLIDAY_THINGS) + _holidays(
    {*HOLIDAYS, *EASTER_HOLIDAYS} - set(UNCUED_HOLIDAYS)
)
# "per Natale Chiaudani": a capitalised word after "Natale" makes it a first
# name, unless that word is one that starts a sentence ("a Natale Il quotidiano").
NOT_A_FIRST_NAME = (
    r"(?!\s+(?!(?:il|lo|la|i|gli|le|un|una|uno|e|ma|in|a|per|con|da|di|nel|non|si)\b)(?-i:[A-ZÀ-Ý]))"
)
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?!\d)"
FIRST = r"(?:1\s?[°º]|primo)"
YEAR = r"(?:1\d{3}|20\d{2})(?![\d%]|[.,]\d)"
ISO_YEAR = r"(?:1\d{3}|20\d{2})"
DIRECTION = r"(?:scors[oa]|passat[oa]|prossim[oa])(?!\w)"
ORDINAL = rf"(?:{_alternation(ORDINALS)}(?!\w)|[1-5]\s?[°ºª])"
# What an ordinal counts within a month: a weekday, a day, a (full) weekend, a week of seven days.
IN_MONTH = (
    rf"(?:(?P<qweekday>{WEEKDAY})|(?P<qday>giorno)|(?P<qweekend>fine\s?settimana|week-?end)"
    r"|(?P<qweek>settimana))(?!\w)"
)
AMOUNT = rf"(?:\d{{1,3}}|{_alternation(NUMBER_WORDS)})"
AFTER_AMOUNT = r"(?:\s+|['’])"
UNIT = r"(?:giorn[oi]|settiman[ae]|mes[ei]|ann[oi])"
PART_OF_DAY = r"(?:mattina|mattino|pomeriggio|sera|notte)(?!\w)"
PART_OF_DAY_AFTER = rf"(?:del|di|della)\s+{PART_OF_DAY}"
CLOCK = r"(?:[01]?\d|2[0-3])(?::[0-5]\d(?::[0-5]\d)?|[.,][0-5]\d)(?!\d|[.,:]\d)"
HOUR = r"(?:[01]?\d|2[0-3])(?!\d|[.,:]\d)"
# A year given as an offset from the publication year ("3 dicembre di quattro anni fa").
YEAR_OFFSET = (
    rf"(?:di\s+{AMOUNT}{AFTER_AMOUNT}anni\s+fa|dell{APOSTROPHE}\s?anno\s+{DIRECTION}"
    rf"|d(?:ello|el)\s+{DIRECTION}\s+anno|di\s+quest{APOSTROPHE}\s?anno)(?!\w)"
)
# Words after a year that make it a quantity ("nel 2013 persone" is not a date).
NOT_AFTER_YEAR = (
    r"(?!\s+(?:persone|abitanti|euro|dollari|metri|km|chilometri|chili|kg|tonnellate"
    r"|voti|morti|feriti|vittime|casi|posti|soldati|volte|unità|copie|firme)\b)"
)
# What may follow "alle 14" for the number to be an hour, not "alle 14 regioni".
AFTER_BARE_HOUR = (
    r"(?=\s*(?:[,.;:)\]]|$)|\s+(?:del|di|della|e|ed|in|a|al|alla|circa|ora|locali"
    r"|italiane|precise|esatte|in\s+punto|davanti|presso|quando|con|per|nel|nella|sul"
    r"|sulla|da|dal|dalla|ha|hanno|è|sono|si|il|la|lo|gli|i|un|una|UTC|GMT|CET)\b)"
)
# A day number coordinated with a full date: "il 14 e il 15 maggio", "dal 14 al 16
# settembre", "tra sabato 30 e domenica 31 gennaio".
PAIRED_WITH = (
    rf"(?=\s*(?:e|ed|o|al|all{APOSTROPHE}|-)\s*(?:il\s+|l{APOSTROPHE}|del\s+|dell{APOSTROPHE})?"
    rf"(?:(?P<pweekday>{WEEKDAY})\s+)?"
    rf"(?P<pday>{DAY})\s+(?P<pmonth>{DAY_MONTH})(?:(?:\s+del)?\s+(?P<pyear>{YEAR}))?)"
)


def _after(*words: str, case_sensitive: bool = False) -> str:
    """Lookbehind: the position follows one of ``words`` and a space (an apostrophe after "nell")."""
    # Python lookbehinds need a fixed width, hence one lookbehind per word.
    flags = "(?-i:{})" if case_sensitive else "{}"
    return "(?:" + "|".join(
        flags.format(rf"(?<=\b{w}{APOSTROPHE})" if w.endswith("ll") else rf"(?<=\b{w}\s)")
        for w in words
    ) + ")"


# A bare year, a bare month, a holiday or an hour reads as a date only after one of these.
AFTER_YEAR_CUE = _after(
    "nel", "del", "dal", "al", "il", "entro", "anno", "fine", "inizio", "metà",
    "primavera", "estate", "autunno", "inverno", "stagione",
)  # fmt: skip
AFTER_MONTH_CUE = _after(
    "a", "ad", "in", "di", "da", "nel", "del", "dal", "al", "entro", "fine", "inizio", "metà",
    "e", "ed", "o", "per", "tra", "fra", "verso", "dopo", "durante", "nell", "dell", "dall",
)  # fmt: skip
# "di", "da", "dell" in lower case only: "Di Natale" is a surname, "di Natale" a day;
# the others may start a sentence ("A Natale", "Dopo Pasqua").
AFTER_HOLIDAY_CUE = "(?:{}|{})".format(
    _after("di", "da", "dell", case_sensitive=True),
    _after(
        "a", "ad", "il", "la", "per", "dal", "al", "dopo", "prima", "all", "dall", "della", "alla",
        "dalla", "nella",
    ),
)  # fmt: skip
AFTER_TIME_CUE = _after("alle", "dalle", "delle", "le")
AFTER_HOUR_CUE = _after("alle", "dalle", "verso le", "entro le")

DIGIT = "0"  # stands for any number among the words that can begin an alternative
DIRECTION_WORDS = {"scorso", "scorsa", "passato", "passata", "prossimo", "prossima"}
# The kinds of expression, longer forms first: at each position the first one
# that matches wins. Each is a named group (the mention's span) and comes with
# the words it can begin with, so that only the kinds that can match are tried.
ALTERNATIVES = [
    (rf"""(?<![\w/.,–-])(?P<iso>
        (?P<iyear>{ISO_YEAR})(?P<isep>[-/])(?P<imonth>0[1-9]|1[0-2])(?P=isep)(?P<iday>0[1-9]|[12]\d|3[01])
        (?:(?:T|\s+(?:alle\s+)?(?:ore\s+)?)(?P<iclock>{CLOCK}))?
    )(?![\w/–-]|[.,]\d)""", {DIGIT}),
    (rf"""(?<![\w/.,])(?P<day_range>
        (?P<rday>{DAY})\s?[-–]\s?(?P<rday2>{DAY})\s+(?P<rmonth>{DAY_MONTH})(?:\s+(?P<rdyear>{YEAR}))?
    )""", {DIGIT}),
    (rf"(?<!\w)(?P<month_range>(?P<rmonth1>{MONTH})\s?[-–]\s?(?P<rmonth2>{MONTH})\s+(?P<rmyear>{YEAR}))",
     {*MONTHS, *MONTH_ABBREVIATIONS}),
    (rf"(?<![\w/.,])(?P<paired_day>(?:{WEEKDAY}\s+)?{DAY}{PAIRED_WITH})", {DIGIT, *WEEKDAY_WORDS}),
    (rf"""(?<!\w)(?P<nth_in_month>
        (?P<qnth>{ORDINAL})\s+{IN_MONTH}\s+
        (?:(?:di|del\s+mese\s+di|del)\s+(?P<qmonth>{MONTH})(?:(?:\s+del)?\s+(?P<qyear>{YEAR})|\s+(?P<qpost>{DIRECTION}))?
          |d(?:ello|el)\s+(?P<qpre>{DIRECTION})\s+(?P<qmonth2>{MONTH})
          |d(?:ello|el)\s+(?P<qrel_pre>{DIRECTION})\s+mese|del\s+mese\s+(?P<qrel_post>{DIRECTION}|corrente|in\s+corso)
          |(?(qweekend)(?!)|(?(qweek)(?!)|(?:dell{APOSTROPHE}\s?anno(?:\s+(?P<qyear2>{YEAR})|\s+(?P<qyear_post>{DIRECTION}))?(?!\s+(?:{"|".join(KINDS_OF_YEAR)}))
            |d(?:ello|el)\s+(?P<qyear_pre>{DIRECTION})\s+anno(?!\w)|del\s+(?P<qyear3>{YEAR})))))
    )""", {DIGIT, *ORDINALS}),
    (rf"""(?<![\w/.,])(?P<calendar>
        (?:(?P<pre>{DIRECTION})\s+)?
        (?:(?P<weekday>{WEEKDAY}),?\s+)?
        (?(pre)|(?:(?P<pre2>{DIRECTION})\s+)?)
        (?:(?P<first>{FIRST})|(?P<day>{DAY}))\s+(?P<month>{DAY_MONTH})
        (?:(?:\s+del)?\s+(?P<year>{YEAR})|\s+(?P<year_offset>{YEAR_OFFSET}))?
        (?:,?\s+(?:alle\s+)?(?:ore\s+)?(?P<clock>{CLOCK}))?
        (?(year)|(?(year_offset)|(?:\s+(?P<post>{DIRECTION}))?))
    )""", {DIGIT, "primo", *WEEKDAY_WORDS, *DIRECTION_WORDS}),
    (rf"""(?<![\w/.,])(?P<numeric>
        (?P<nday>{DAY})(?P<sep>[/.-])(?P<nmonth>0?[1-9]|1[0-2])(?P=sep)(?P<nyear>\d{{4}}|(?<=/)\d\d)
        (?![\w/]|[.,]\d)
        (?:,?\s+(?:alle\s+)?(?:ore\s+)?(?P<nclock>{CLOCK}))?
    )""", {DIGIT}),
    (rf"(?<!\w)(?P<weekday_day>(?P<dweekday>{WEEKDAY})\s+(?P<dday>{DAY}))(?![.,:/]\d|\s*%)",
     WEEKDAY_WORDS),
    (rf"(?<!\w)(?P<month_year>(?P<mmonth>{MONTH})\s+(?:del\s+)?(?P<myear>{YEAR}))",
     {*MONTHS, *MONTH_ABBREVIATIONS}),
    (rf"(?<!\w)(?P<year_range>(?P<ryear>{YEAR})\s?[-–/]\s?(?P<ryear2>{YEAR}|\d{{2}}(?![\d%]|[.,]\d)))(?!\s?[-–/]\d)",
     {DIGIT}),
    (rf"{AFTER_YEAR_CUE}(?P<year_only>{YEAR}){NOT_AFTER_YEAR}", {DIGIT}),
    (rf"(?<!\w)(?P<month_offset>(?P<fmonth>{LOWER_MONTH})\s+(?P<foffset>{YEAR_OFFSET}))", MONTHS),
    (rf"""(?<!\w)(?P<month_only>
        (?P<opre>{DIRECTION})\s+(?P<omonth>{LOWER_MONTH})
        |(?P<omonth2>{LOWER_MONTH})\s+(?P<opost>{DIRECTION})
        |{AFTER_MONTH_CUE}(?P<omonth3>{LOWER_MONTH})
    )(?!\s+(?:del\s+)?{YEAR})""", {*MONTHS, *DIRECTION_WORDS}),
    (rf"""(?<!\w)(?P<holiday>
        (?:(?P<hpre>{DIRECTION})\s+)?
        (?P<hname>{HOLIDAY}|(?(hpre)|{AFTER_HOLIDAY_CUE}){CUED_HOLIDAY}{NOT_A_FIRST_NAME})
        (?:\s+(?:del\s+)?(?P<hyear>{YEAR})|\s+(?P<hoffset>{YEAR_OFFSET})|\s+(?P<hpost>{DIRECTION}))?
    )""", {*(holiday.split()[0] for holiday in (*HOLIDAYS, *EASTER_HOLIDAYS)), *DIRECTION_WORDS}),
    (rf"""(?<!\w)(?P<time>
        ore\s+(?:{CLOCK}|{HOUR})(?:\s+{PART_OF_DAY_AFTER})?
        |{AFTER_TIME_CUE}(?:{CLOCK}(?:\s+{PART_OF_DAY_AFTER})?|{HOUR}\s+{PART_OF_DAY_AFTER})
        |{AFTER_HOUR_CUE}{HOUR}{AFTER_BARE_HOUR}
        |(?:mezzanotte|mezzogiorno)(?=\s+(?:di|del|dell{APOSTROPHE}|della)\s*\w)
    )""", {DIGIT, "ore", "mezzanotte", "mezzogiorno"}),
    (rf"(?<!\w)(?P<two_days_ago>l{APOSTROPHE}\s?altro\s?ieri|altroieri|ieri\s+l{APOSTROPHE}altro)(?!\w)",
     {"l", "altroieri", "ieri"}),
    (rf"""(?<!\w)(?<!d['’])(?P<day_word>
        (?P<dword>{_alternation(DAY_WORDS)})(?!\w)(?:\s+{PART_OF_DAY})?
        |(?:questa|sta)\s+(?:mattina|sera|notte)(?!\w)|questo\s+pomeriggio(?!\w)
    )""", {*DAY_WORDS, "questa", "sta", "questo"}),
    (rf"""(?<!\w)(?P<weekday_rel>
        (?P<wpre>{DIRECTION})\s+(?P<wday>{WEEKDAY})
        |(?P<wday2>{WEEKDAY})\s+(?P<wpost>{DIRECTION})
    )""", {*WEEKDAY_WORDS, *DIRECTION_WORDS}),
    (rf"(?<!\w)(?P<ago>(?P<amount>{AMOUNT}){AFTER_AMOUNT}(?P<unit>{UNIT})\s+fa(?!\w))",
     {DIGIT, *NUMBER_WORDS}),
    (rf"(?<!\w)(?P<ahead>(?:tra|fra)\s+(?P<famount>{AMOUNT}){AFTER_AMOUNT}(?P<funit>{UNIT})(?!\w))",
     {"tra", "fra"}),
    (rf"""(?<!\w)(?P<period>
        (?P<ppre>{DIRECTION})\s+(?P<punit>settimana|mese|anno)(?!\w)
        |(?P<punit2>settimana|mese|anno)\s+(?P<ppost>{DIRECTION}|corrente|in\s+corso)(?!\w)
        |(?:questa\s+|quest{APOSTROPHE}\s?)(?P<punit3>settimana|anno)(?!\w)
        |questo\s+(?P<punit4>mese)(?!\w)
    )""", {*DIRECTION_WORDS, "settimana", "mese", "anno", "questa", "quest", "questo"}),
]
FLAGS = re.IGNORECASE | re.VERBOSE
# All kinds in one pattern: the reference that the word-by-word dispatch below
# must agree with (see the tests).
PATTERN = re.compile("|".join(source for source, _ in ALTERNATIVES), FLAGS)


def _dispatch() -> dict[str, re.Pattern]:
    """For each word that can begin a date, a pattern of only the kinds that can begin with it."""
    first_words = {word for _, words in ALTERNATIVES for word in words}
    by_kinds: dict[tuple[int, ...], re.Pattern] = {}
    dispatch = {}
    for word in first_words:
        kinds = tuple(i for i, (_, words) in enumerate(ALTERNATIVES) if word in words)
        if kinds not in by_kinds:
            by_kinds[kinds] = re.compile("|".join(ALTERNATIVES[i][0] for i in kinds), FLAGS)
        dispatch[word] = by_kinds[kinds]
    return dispatch


DISPATCH = _dispatch()
RELATIVE_GROUPS = {"two_days_ago", "day_word", "weekday_rel", "ago", "ahead", "period", "month_offset"}


def _direction(word: str | None) -> int:
    """-1 for "scorso"/"passato", +1 for "prossimo", 0 otherwise ("corrente")."""
    word = (word or "").lower()
    if word.startswith("prossim"):
        return 1
    return -1 if word.startswith(("scors", "passat")) else 0


def _month_number(word: str) -> int:
    word = word.lower().rstrip(".")
    return MONTHS.get(word) or MONTH_ABBREVIATIONS[word]


def _weekday_number(word: str) -> int:
    word = word.lower()
    # Accept the accent-less spelling "lunedi".
    return WEEKDAYS[word if word in WEEKDAYS else word[:-1] + "ì"]


def _amount(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word.lower()]


def _year_offset(phrase: str) -> int:
    """Years from the publication year: "di quattro anni fa" -4, "dell'anno scorso" -1."""
    words = re.findall(r"\w+", phrase.lower())
    if words[-1] == "fa":
        return -_amount(words[1])
    return next((_direction(w) for w in words if _direction(w)), 0)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _easter(year: int) -> dt.date:
    """Easter Sunday of ``year`` in the Gregorian calendar (the anonymous algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * l) // 433
    month, day = divmod(h + l - 7 * m + 90, 25)
    return dt.date(year, month, (h + l - 7 * m + 33 * month + 19) % 32)


def _holiday_date(name: str, year: int) -> dt.date:
    """The day of the holiday ``name`` (a key of HOLIDAYS or EASTER_HOLIDAYS) in ``year``."""
    if name in EASTER_HOLIDAYS:
        return _easter(year) + dt.timedelta(days=EASTER_HOLIDAYS[name])
    return dt.date(year, *HOLIDAYS[name])


def _nearest(dates, anchor: dt.date, direction: int = 0) -> dt.date | None:
    """The date of ``dates`` nearest ``anchor``; only those on or after it for +1, on or before for -1."""
    dates = [date for date in dates if date is not None and (date - anchor).days * direction >= 0]
    return min(dates, key=lambda date: abs((date - anchor).days), default=None)


def _date_near(
    month: int, day: int, anchor: dt.date, *, direction: int = 0, weekday: int | None = None
) -> dt.date | None:
    """The date ``day``/``month`` nearest ``anchor``, honouring the hints.

    ``direction`` -1/+1 keeps only dates before/after the anchor day. A
    ``weekday`` ("martedì 11 gennaio") picks the nearest year where the date falls
    on that weekday, looking up to six years away; without one, the year is the
    anchor's, the one before or the one after (the nearest leap year for 29 February).
    """
    # 29 February needs a leap year, which may be up to four years away.
    reach = 6 if weekday is not None or (month, day) == (2, 29) else 1
    dates = [
        d
        for year in range(anchor.year - reach, anchor.year + reach + 1)
        if (d := _safe_date(year, month, day)) and (d - anchor).days * direction >= 0
    ]
    if weekday is not None:
        dates = [d for d in dates if d.weekday() == weekday] or dates
    return min(dates, key=lambda d: abs((d - anchor).days), default=None)


def _month_near(month: int, anchor: dt.date, *, direction: int = 0, strict: bool = True) -> str:
    """``YYYY-MM`` of ``month`` nearest the anchor's month, or before/after it.

    ``strict``: "lo scorso gennaio" said in January is last year's; "è successo a
    gennaio" (past only by its verb) may be this one.
    """
    here = anchor.year * 12 + anchor.month - 1
    candidates = [
        index
        for year in (anchor.year - 1, anchor.year, anchor.year + 1)
        if ((index := year * 12 + month - 1) - here) * direction >= 0
        and not (index == here and direction and strict)
    ]
    return _month_string(min(candidates, key=lambda index: abs(index - here)))


def _month_string(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


NAMED_TIMES = {"mezzanotte": "00:00", "mezzogiorno": "12:00"}
CLOCK_PARTS = re.compile(r"(\d+)(?:[:.,](\d\d(?::\d\d)?))?")


def _clock(text: str) -> str:
    """``HH:MM`` (or ``HH:MM:SS``) of a clock time or a bare hour, read in context.

    ``text`` is the whole time expression: "ore 9" is 09:00 and "10:00 di sera" 22:00.
    """
    hour, rest = CLOCK_PARTS.search(text).groups()
    hour = int(hour)
    # "alle 9 di sera" is 21:00; "alle 3 di notte" stays 03:00.
    if text.lower().endswith(("pomeriggio", "sera")) and hour < 12:
        hour += 12
    return f"{hour:02d}:{rest or '00'}"


def _iso(date: dt.date | None, clock: str | None = None) -> str | None:
    if date is None:
        return None
    return f"{date.isoformat()}T{clock}" if clock else date.isoformat()


# Units by their first four letters: "giorni", "settimana", "mesi", "anno"...
UNIT_GRANULARITY = {
    "gior": "day", "sett": "week", "mese": "month", "mesi": "month", "anno": "year", "anni": "year",
}  # fmt: skip


def _shifted(anchor: dt.date | None, unit: str, amount: int) -> tuple[str | None, str]:
    """(value, granularity) of ``anchor`` moved by ``amount`` days/weeks/months/years."""
    granularity = UNIT_GRANULARITY[unit.lower()[:4]]
    if anchor is None:
        return None, granularity
    if granularity == "day":
        return (anchor + dt.timedelta(days=amount)).isoformat(), granularity
    if granularity == "week":
        year, week, _ = (anchor + dt.timedelta(weeks=amount)).isocalendar()
        return f"{year:04d}-W{week:02d}", granularity
    if granularity == "month":
        return _month_string(anchor.year * 12 + anchor.month - 1 + amount), granularity
    return f"{anchor.year + amount:04d}", granularity


# What places a date given without a year in the future or the past: the verbs of
# its sentence, and a few words that look ahead. Verbs of saying are left out: "ha
# annunciato che si sposerà a Natale" speaks of the next Christmas.
REPORTING = rf"(?:{'|'.join(lexicon.reporting_participle_stems())})[oaie]\b"
FUTURE_CUES = (
    # "sarà", "verranno"; "sarò", "tornerò", but not "dichiarò" (a past) nor "però".
    r"\b\w+(?:rà|ranno)\b|\b(?!però\b)\w*(?:erò|irò|sarò|farò|darò|starò|avrò|potrò|dovrò|vorrò|andrò|verrò|terrò|vedrò|saprò)\b"
    r"|\bprossim[oaie]\b|\bin\s+vista\s+d|\bin\s+programma\b|\bsta(?:nno)?\s+per\b|\bdovrebber?o\b"
    r"|\b(?:previst|programmat|fissat|calendarizzat|rinviat|posticipat|slittat)[oaie]\b"
)
PAST_CUES = (
    rf"\b(?:ha|hanno|ho|abbiamo|aveva|avevano|ebbe|ebbero)\s+(?:\w+\s+)?(?!{REPORTING})"
    r"(?:\w+(?:at|ut|it)[oaie]|pres[oaie]|mess[oaie]|vint[oaie]|pers[oaie]|chiest[oaie]|vist[oaie]|scelt[oaie])\b"
    r"|\b(?:è|sono|era|erano|fu|furono)\s+(?:\w+\s+)?(?:stat|mort|nat|avvenut|success|accadut|decedut"
    r"|scompars|rimast|partit|arrivat|tornat|iniziat|cominciat|terminat|finit|uccis|cadut|crollat"
    r"|andat|venut|entrat|uscit|diventat|giunt|scoppiat|esplos)[oaie]\b"
    # "si è svolto", "si sono astenuti": always a compound past; "sarebbe stato ucciso",
    # "avrebbe firmato": what is reported to have happened (but "avrebbe compiuto 78
    # anni" is a birthday to come).
    r"|\bsi\s+(?:è|sono|era|erano|sia|siano|fosse|fossero)\s+(?:\w+\s+)?\w+[oaie]\b"
    r"|\b(?:sarebbe|sarebbero|avrebbe|avrebbero)\s+(?:\w+\s+)?(?!compiut)\w+(?:at|ut|it|st|s|tt|rt)[oaie]\b"
    # The simple past: "firmarono", "firmò", "partì", "fu"; the imperfect: "si faceva", "erano".
    r"|\b\w+(?:arono|erono|irono)\b|\b(?!(?:può|ciò|perciò|però|falò|oblò|comò|metrò)\b)\w{2,}ò\b"
    rf"|\b(?!(?:sì|così|lì|{'|'.join(WEEKDAYS)})\b)\w{{3,}}ì\b"
    r"|\b(?:fu|furono|nacque|visse|disse|fece|venne|vennero|prese|mise|vinse|perse)\b"
    r"|\b(?:era|erano|aveva|avevano|stava|stavano)\b|\b\w{3,}(?:avano|evano|ivano)\b|\bsi\s+\w+(?:ava|eva|iva)\b"
)
# Forms without a time of their own: a preposition and an infinitive ("ha invitato
# gli elettori a votare a novembre" says nothing of which November), a condition
# ("se decadesse", "si dimetterebbero").
UNTENSED_CUES = (
    r"\b(?:a|ad|di|per|da)\s+\w+(?:are|ere|ire)(?:lo|la|li|le|si|ne|ci|gli)?\b"
    r"|\b\w+(?:rebbe|rebbero|assero|essero|issero)\b|\bse\s+(?:\w+\s+){0,3}?\w+(?:asse|esse|isse)\b"
)
TENSE_CUES = re.compile(
    rf"(?P<future>{FUTURE_CUES})|(?P<past>{PAST_CUES})|(?P<untensed>{UNTENSED_CUES})", re.IGNORECASE
)
DIRECTIONS = {"future": 1, "past": -1, "untensed": 0}
# Until or by the date: ahead, unless a verb of its clause says otherwise ("è aperta
# fino al 2 novembre", "ha un contratto fino a settembre", but "è rimasto in carica
# fino a marzo").
DEADLINE_BEFORE = re.compile(
    rf"\b(?:fino\s+a(?:l|ll{APOSTROPHE}|lla)?|entro(?:\s+(?:il|la|l{APOSTROPHE}))?)\s*$", re.IGNORECASE
)
# A past participle right before the date is the date's own verb: "sequestrati ad
# aprile", "ucciso il 25 maggio", "come comunicato a marzo" (but "previsto per",
# "rinviato a" look ahead, see FUTURE_CUES).
PARTICIPLE_BEFORE = re.compile(
    # Not after a future ("verrà presa il 4 ottobre"); lower case ("Stati Uniti dal").
    "".join(rf"(?<!\b{verb}\s)" for verb in ("sarà", "verrà", "saranno", "verranno"))
    + r"\b(?!(?:previst|programmat|fissat|calendarizzat|rinviat|posticipat|slittat|stat)[oaie]\b)"
    r"(?-i:[a-zàèéìòù])\w*(?:(?:at|ut|it)[oaie]|(?:is|us)[oa])\s+"
    rf"(?:a|ad|in|il|l{APOSTROPHE}|nel|nell{APOSTROPHE}|dal|dall{APOSTROPHE}|lo|la|tra\s+il|alla)\s*$",
    re.IGNORECASE,
)
SENTENCE_MARKS = ".!?;\n"
# What separates clauses: a cue in the date's own clause speaks of it more surely.
CLAUSE_BREAK = re.compile(r"[,:«»\"“”]|\s(?:che|mentre|quando|ma|dove|perché)\s", re.IGNORECASE)


@functools.lru_cache(maxsize=64)
def _tense_cues(text: str, first: int, last: int) -> tuple[tuple[int, int, str], ...]:
    """(start, end, kind) of every tense cue of ``text[first:last]``, one sentence, kept for its other dates."""
    return tuple((cue.start(), cue.end(), cue.lastgroup) for cue in TENSE_CUES.finditer(text, first, last))


def _tense(match: re.Match) -> int:
    """Where the sentence puts the date ``match``: -1 in the past, +1 in the future, 0 unknown.

    The cue nearest the date within its own clause wins, else the nearest across
    the fewest clause breaks: in "Harris, che ha vinto ad agosto, sfiderà Trump a
    novembre" August is past and November ahead; a bare infinitive ("ha invitato
    a votare a novembre") or a condition says nothing, and leaves the nearest date.
    """
    text, start, end = match.string, match.start(), match.end()
    first = max((text.rfind(mark, 0, start) for mark in SENTENCE_MARKS), default=-1) + 1
    if PARTICIPLE_BEFORE.search(text, max(first, start - 40), start):
        return -1
    last = min([stop for mark in SENTENCE_MARKS if (stop := text.find(mark, end)) >= 0], default=len(text))
    best, direction = None, 0
    for cue_start, cue_end, kind in _tense_cues(text, first, last):
        if cue_end > start and cue_start < end:
            continue
        gap = (cue_end, start) if cue_end <= start else (end, cue_start)
        key = (len(CLAUSE_BREAK.findall(text, *gap)), gap[1] - gap[0])
        # An infinitive or a condition speaks only for its own clause.
        if kind == "untensed" and key[0]:
            continue
        if best is None or key < best:
            best, direction = key, DIRECTIONS[kind]
    if (best is None or best[0]) and DEADLINE_BEFORE.search(text, max(first, start - 20), start):
        return 1
    return direction


def _choose(match: re.Match, candidates: dict, here: int):
    """The candidate nearest ``here`` on the side the sentence of ``match`` speaks of.

    ``candidates`` are keyed by their position (days or months, like ``here``);
    the nearest of all when the tense says nothing or no candidate lies on its side.
    """

    def nearest(direction: int):
        keys = [key for key in candidates if (key - here) * direction >= 0]
        return min(keys, key=lambda key: abs(key - here), default=None)

    key = nearest(_tense(match))
    return candidates.get(nearest(0) if key is None else key)


def _day_by_tense(match: re.Match, month: int, day: int, anchor: dt.date) -> dt.date | None:
    """``day``/``month`` in the year the sentence of ``match`` points to (see :func:`_choose`)."""
    # 29 February needs a leap year, which may be up to four years away.
    reach = 6 if (month, day) == (2, 29) else 1
    dates = {
        date.toordinal(): date
        for year in range(anchor.year - reach, anchor.year + reach + 1)
        if (date := _safe_date(year, month, day))
    }
    return _choose(match, dates, anchor.toordinal())


def _dates_by_tense(match: re.Match, dates, anchor: dt.date):
    """The one of ``dates`` (or of (first, last) day pairs) the sentence of ``match`` points to."""
    by_day = {(date[0] if isinstance(date, tuple) else date).toordinal(): date for date in dates if date}
    return _choose(match, by_day, anchor.toordinal())


def _weekday_day_near(match: re.Match, anchor: dt.date) -> dt.date | None:
    """The date near ``anchor`` on that weekday and day of the month ("sabato 9"), as the tense says."""
    weekday, day = _weekday_number(match["dweekday"]), int(match["dday"])
    here = anchor.year * 12 + anchor.month - 1
    dates = [
        date
        for index in range(here - 12, here + 13)
        if (date := _safe_date(index // 12, index % 12 + 1, day)) and date.weekday() == weekday
    ]
    return _dates_by_tense(match, dates, anchor)


def _calendar_date(match: re.Match, anchor: dt.date | None) -> dt.date | None:
    """The day named by a ``calendar`` match, its year inferred when left out."""
    month = _month_number(match["month"])
    day = 1 if match["first"] else int(match["day"])
    if match["year"]:
        return _safe_date(int(match["year"]), month, day)
    if anchor is None:
        return None
    if match["year_offset"]:
        return _safe_date(anchor.year + _year_offset(match["year_offset"]), month, day)
    weekday = _weekday_number(match["weekday"]) if match["weekday"] else None
    # A weekday pins the year better than the tense of the verbs does.
    direction = _direction(match["pre"] or match["pre2"] or match["post"])
    if not direction and weekday is None:
        return _day_by_tense(match, month, day, anchor)
    return _date_near(month, day, anchor, direction=direction, weekday=weekday)


def _full_year(digits: str, anchor: dt.date | None) -> int | None:
    """The year of a numeric date: "21" in "14/07/21" is the one in 19xx/20xx up to ten years after ``anchor``."""
    if len(digits) == 4:
        return int(digits)
    if anchor is None:
        return None
    year = anchor.year - anchor.year % 100 + int(digits)
    return year - 100 if year > anchor.year + 10 else year


def _range_end(match: re.Match) -> int | None:
    """The last year of a ``year_range``: "2015-16" ends in 2016 and "1999-00" in 2000.

    None when the numbers make no range ("2021-07" is a month, "2015-2013" runs backwards).
    """
    first, last = int(match["ryear"]), int(match["ryear2"])
    if len(match["ryear2"]) == 2:
        last += first - first % 100 + (100 if first % 100 == 99 and last == 0 else 0)
    return last if last > first else None


def _nth(days: list, nth: int):
    """The ``nth`` of ``days`` (from the end when negative), None when there is no such one."""
    return days[nth - 1 if nth > 0 else nth] if -len(days) <= nth <= len(days) and nth else None


def _in_month(match: re.Match, year: int, month: int) -> tuple[dt.date, dt.date] | None:
    """First and last day of what a ``nth_in_month`` match names in ``month`` of ``year``."""
    word = match["qnth"].lower()
    nth = ORDINALS.get(word) or int(word[0])
    days = [dt.date(year, month, 1) + dt.timedelta(days=i) for i in range(31)]
    days = [day for day in days if day.month == month]
    if match["qweekday"]:
        day = _nth([day for day in days if day.weekday() == _weekday_number(match["qweekday"])], nth)
        return day and (day, day)
    if match["qday"]:
        day = _nth(days, nth)
        return day and (day, day)
    if match["qweekend"]:
        # A weekend whose Saturday and Sunday both fall in the month.
        saturdays = [day for day in days[:-1] if day.weekday() == 5]
        saturday = _nth(saturdays, nth)
        return saturday and (saturday, saturday + dt.timedelta(days=1))
    # Weeks of seven days, counted from the first day of the month or back from the last.
    start = 7 * (nth - 1) if nth > 0 else len(days) + 7 * nth
    week = days[start : start + 7] if start >= 0 else []
    return (week[0], week[-1]) if len(week) == 7 else None


def _nth_in_month(match: re.Match, anchor: dt.date | None) -> str | None:
    """ISO day, or first/last day, of "il secondo giovedì di marzo", "l'ultimo giorno dell'anno"..."""
    if relative := match["qrel_pre"] or match["qrel_post"]:
        if anchor is None:
            return None
        index = anchor.year * 12 + anchor.month - 1 + _direction(relative)
        span = _in_month(match, index // 12, index % 12 + 1)
    else:
        if match["qmonth"] or match["qmonth2"]:
            month = _month_number(match["qmonth"] or match["qmonth2"])
        else:
            # "dell'anno": counted in January from the start, in December from the end.
            month = 1 if ORDINALS.get(match["qnth"].lower(), 1) > 0 else 12
        if year := match["qyear"] or match["qyear2"] or match["qyear3"]:
            span = _in_month(match, int(year), month)
        elif anchor is None:
            return None
        elif next_or_last := match["qyear_pre"] or match["qyear_post"]:
            span = _in_month(match, anchor.year + _direction(next_or_last), month)
        else:
            spans = [_in_month(match, year, month) for year in range(anchor.year - 1, anchor.year + 2)]
            if direction := _direction(match["qpre"] or match["qpost"]):
                firsts = {span[0]: span for span in spans if span}
                span = firsts.get(_nearest(firsts, anchor, direction))
            else:
                span = _dates_by_tense(match, spans, anchor)
    if span is None:
        return None
    first, last = span
    return first.isoformat() if first == last else f"{first}/{last}"


def _resolve(match: re.Match, anchor: dt.date | None) -> tuple[str | None, str]:
    """(value, granularity) of one match of :data:`PATTERN`."""
    name = match.lastgroup
    if name == "nth_in_month":
        return _nth_in_month(match, anchor), "day"
    if name == "calendar":
        date = _calendar_date(match, anchor)
        clock = match["clock"] and _clock(match["clock"])
        return _iso(date, clock), "time" if clock else "day"
    if name == "iso":
        date = _safe_date(int(match["iyear"]), int(match["imonth"]), int(match["iday"]))
        clock = match["iclock"] and _clock(match["iclock"])
        return _iso(date, clock), "time" if clock else "day"
    if name == "numeric":
        year = _full_year(match["nyear"], anchor)
        date = year and _safe_date(year, int(match["nmonth"]), int(match["nday"]))
        clock = match["nclock"] and _clock(match["nclock"])
        return _iso(date, clock), "time" if clock else "day"
    if name == "paired_day":
        month = _month_number(match["pmonth"])
        if match["pyear"]:
            partner = _safe_date(int(match["pyear"]), month, int(match["pday"]))
        elif match["pweekday"]:
            weekday = _weekday_number(match["pweekday"])
            partner = anchor and _date_near(month, int(match["pday"]), anchor, weekday=weekday)
        else:
            partner = anchor and _day_by_tense(match, month, int(match["pday"]), anchor)
        day = int(re.search(r"\d+", match[name])[0])
        return _iso(partner and _safe_date(partner.year, month, day)), "day"
    if name == "day_range":
        month = _month_number(match["rmonth"])
        if match["rdyear"]:
            last = _safe_date(int(match["rdyear"]), month, int(match["rday2"]))
        else:
            last = anchor and _day_by_tense(match, month, int(match["rday2"]), anchor)
        first = last and _safe_date(last.year, month, int(match["rday"]))
        return (f"{first}/{last}" if first and last else None), "day"
    if name == "month_range":
        year = match["rmyear"]
        first, last = _month_number(match["rmonth1"]), _month_number(match["rmonth2"])
        return f"{year}-{first:02d}/{year}-{last:02d}", "month"
    if name == "month_year":
        return f"{match['myear']}-{_month_number(match['mmonth']):02d}", "month"
    if name == "year_only":
        return match[name], "year"
    if name == "year_range":
        return f"{match['ryear']}/{_range_end(match):04d}", "year"
    if name == "month_offset":
        if anchor is None:
            return None, "month"
        year = anchor.year + _year_offset(match["foffset"])
        return f"{year:04d}-{_month_number(match['fmonth']):02d}", "month"
    if name == "month_only":
        if anchor is None:
            return None, "month"
        month = _month_number(match["omonth"] or match["omonth2"] or match["omonth3"])
        if direction := _direction(match["opre"] or match["opost"]):
            return _month_near(month, anchor, direction=direction), "month"
        here = anchor.year * 12 + anchor.month - 1
        indices = [year * 12 + month - 1 for year in range(anchor.year - 1, anchor.year + 2)]
        months = {index: _month_string(index) for index in indices}
        return _choose(match, months, here), "month"
    if name == "holiday":
        name = " ".join(match["hname"].lower().split())
        if match["hyear"]:
            return _iso(_holiday_date(name, int(match["hyear"]))), "day"
        if anchor is None:
            return None, "day"
        if match["hoffset"]:
            return _iso(_holiday_date(name, anchor.year + _year_offset(match["hoffset"]))), "day"
        dates = [_holiday_date(name, year) for year in (anchor.year - 1, anchor.year, anchor.year + 1)]
        if direction := _direction(match["hpre"] or match["hpost"]):
            return _iso(_nearest(dates, anchor, direction)), "day"
        return _iso(_dates_by_tense(match, dates, anchor)), "day"
    if name == "weekday_day":
        return _iso(anchor and _weekday_day_near(match, anchor)), "day"
    if name == "time":
        return _iso(anchor, NAMED_TIMES.get(match[name].lower()) or _clock(match[name])), "time"
    if name == "two_days_ago":
        return _shifted(anchor, "giorni", -2)
    if name == "day_word":
        return _shifted(anchor, "giorni", DAY_WORDS.get((match["dword"] or "oggi").lower(), 0))
    if name == "weekday_rel":
        if anchor is None:
            return None, "day"
        weekday = _weekday_number(match["wday"] or match["wday2"])
        direction = _direction(match["wpre"] or match["wpost"])
        # Strictly before/after: "lunedì scorso" said on a Monday is a week ago.
        gap = ((weekday - anchor.weekday()) * direction) % 7 or 7
        return (anchor + dt.timedelta(days=direction * gap)).isoformat(), "day"
    if name == "ago":
        return _shifted(anchor, match["unit"], -_amount(match["amount"]))
    if name == "ahead":
        return _shifted(anchor, match["funit"], _amount(match["famount"]))
    unit = match["punit"] or match["punit2"] or match["punit3"] or match["punit4"]
    return _shifted(anchor, unit, _direction(match["ppre"] or match["ppost"]))


WORD = re.compile(r"\w+")


def _matches(text: str) -> Iterator[re.Match]:
    """The matches of :data:`PATTERN` in ``text``, as ``PATTERN.finditer`` gives them.

    Every match begins at a word, so only words are tried, and each only with
    the kinds of expression that can begin with it: most words try none.
    """
    end = 0
    for word in WORD.finditer(text):
        start = word.start()
        if start < end:
            continue
        pattern = DISPATCH.get(DIGIT if word[0][0].isdigit() else word[0].lower())
        if pattern is not None and (match := pattern.match(text, start)):
            end = match.end()
            yield match


# Between a clock time and the day it belongs to: "alle 15:53 del 27 gennaio",
# "alle ore 00:30 (UTC + 3) il 17 febbraio", "alle ore 8 di martedì 5 aprile".
TIME_TO_DAY = re.compile(rf"\s*(?:\([^()]*\)\s*)?,?\s*(?:del|di|il|l{APOSTROPHE}|dell{APOSTROPHE})?\s*")
SENTENCE_BREAK = re.compile(r"[.!?;]\s|\n")
DAY_VALUE = re.compile(r"\d{4}-\d\d-\d\d(?:T|$)")


def _day_of_times(text: str, mentions: list[DateMention], is_bare_time: list[bool]) -> list[DateMention]:
    """Clock times moved onto the day they belong to, when the sentence names one.

    A bare clock time takes the day mentioned right after it ("alle 15:53 del 27
    gennaio"), else the nearest day mentioned before it in the same sentence
    ("ieri ... verso le 22"), else it stays on the publication day.
    """
    out = list(mentions)
    for i, mention in enumerate(mentions):
        if not is_bare_time[i] or mention.value is None:
            continue
        following = mentions[i + 1] if i + 1 < len(mentions) else None
        if (
            following
            and following.granularity == "day"
            and TIME_TO_DAY.fullmatch(text, mention.end, following.start)
        ):
            day = following
        else:
            day = next(
                (
                    before
                    for j, before in reversed(list(enumerate(mentions[:i])))
                    if before.granularity in ("day", "time")
                    and not is_bare_time[j]
                    and not SENTENCE_BREAK.search(text, before.end, mention.start)
                ),
                None,
            )
        if day is not None and day.value is not None and DAY_VALUE.match(day.value):
            out[i] = mention._replace(value=day.value[:10] + mention.value[10:])
    return out


# What comes before a day to count from it: "tre giorni dopo Natale", "il giorno prima di
# ieri", "la settimana prima di Pasqua", "il lunedì dopo il 25 aprile", "la vigilia di Pasqua".
OFFSET_FROM_DAY = re.compile(
    rf"""(?<!\w)(?P<head>
        (?:(?P<amount>{AMOUNT}){AFTER_AMOUNT}(?P<unit>{UNIT})
          |(?P<one_day>giorno)|(?P<week>settimana)|(?P<weekday>{WEEKDAY})
        )\s+(?P<before>prima)?(?(before)\s+(?:di|del|della|dell{APOSTROPHE}|d{APOSTROPHE})|dopo(?:\s+(?:il|la|l{APOSTROPHE}))?)
        |(?P<eve>vigilia)\s+(?:di|del|della|dell{APOSTROPHE})
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
# The longest head above, in characters, with some room for spaces.
OFFSET_REACH = 60


def _offset_day(offset: re.Match, day: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day of what ``offset`` names counted from ``day``."""
    if offset["eve"]:
        return (day - dt.timedelta(days=1),) * 2
    sign = -1 if offset["before"] else 1
    if offset["week"]:
        return tuple(sorted((day + dt.timedelta(days=sign), day + dt.timedelta(days=7 * sign))))
    if offset["weekday"]:
        gap = ((_weekday_number(offset["weekday"]) - day.weekday()) * sign) % 7 or 7
        return (day + dt.timedelta(days=sign * gap),) * 2
    if offset["one_day"]:
        return (day + dt.timedelta(days=sign),) * 2
    amount = sign * _amount(offset["amount"])
    granularity = UNIT_GRANULARITY[offset["unit"].lower()[:4]]
    if granularity in ("day", "week"):
        return (day + dt.timedelta(days=amount * (7 if granularity == "week" else 1)),) * 2
    year, month = divmod(day.year * 12 + day.month - 1 + amount * (12 if granularity == "year" else 1), 12)
    # "un mese dopo il 31 gennaio" is the last day of February.
    return (dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1])),) * 2


def _counted_from_days(text: str, mentions: list[DateMention]) -> list[DateMention]:
    """Days named by counting from a day mentioned right after: "tre giorni dopo Natale".

    The offset and the day become one mention; a value only when the day has one.
    """
    out = list(mentions)
    for i, mention in enumerate(mentions):
        if mention.granularity != "day" or (mention.value is not None and not DAY_VALUE.match(mention.value)):
            continue
        floor = mentions[i - 1].end if i else 0
        offset = OFFSET_FROM_DAY.search(text, max(floor, mention.start - OFFSET_REACH), mention.start)
        if offset is None:
            continue
        value = None
        if mention.value is not None:
            first, last = _offset_day(offset, dt.date.fromisoformat(mention.value))
            value = first.isoformat() if first == last else f"{first}/{last}"
        start = offset.start("head")
        out[i] = mention._replace(start=start, text=text[start : mention.end], value=value)
    return out


# Two days joined as a range or a pair: "dal 15 aprile al 4 giugno 1989", "il 3 marzo 2019 e il 5 aprile".
RANGE_LINK = re.compile(rf"\s*(?:-|–|al|all{APOSTROPHE}|fino\s+al|e|ed|o)\s*(?:il\s+|l{APOSTROPHE})?", re.IGNORECASE)


def _year_source(match: re.Match) -> tuple[int, int] | bool | None:
    """For a day: True if its year is written, its (month, day) if the year was inferred; else None."""
    if match.lastgroup in ("iso", "numeric"):
        return True
    if match.lastgroup != "calendar" or match["clock"]:
        return None
    if match["year"]:
        return True
    if match["year_offset"] or match["weekday"] or match["pre"] or match["pre2"] or match["post"]:
        return None
    return _month_number(match["month"]), 1 if match["first"] else int(match["day"])


def _shared_years(text: str, mentions: list[DateMention], years: list) -> list[DateMention]:
    """Days without a year take the year of a dated day they are joined to.

    "dal 15 aprile al 4 giugno 1989": 15 April 1989; a day after its partner
    in the calendar but before it in the text falls in the year before, and
    the other way round ("dal 20 dicembre al 6 gennaio 2020").
    """
    out = list(mentions)
    for i in range(len(mentions) - 1):
        first, second = mentions[i], mentions[i + 1]
        if not RANGE_LINK.fullmatch(text, first.end, second.start):
            continue
        if isinstance(years[i], tuple) and years[i + 1] is True and second.value:
            dated = dt.date.fromisoformat(second.value[:10])
            day = _safe_date(dated.year, *years[i])
            day = day if day is None or day <= dated else _safe_date(dated.year - 1, *years[i])
            out[i] = first._replace(value=_iso(day))
        elif years[i] is True and isinstance(years[i + 1], tuple) and first.value:
            dated = dt.date.fromisoformat(first.value[:10])
            day = _safe_date(dated.year, *years[i + 1])
            day = day if day is None or day >= dated else _safe_date(dated.year + 1, *years[i + 1])
            out[i + 1] = second._replace(value=_iso(day))
    return out


def find_dates(text: str, published: pd.Timestamp | None = None) -> list[DateMention]:
    """Every date expression in ``text``, resolved against ``published``.

    ``published`` anchors relative expressions, dates without a year and bare
    clock times; its calendar day in its own time zone is "oggi". With no
    publication date (``None`` or ``NaT``) those expressions are still found,
    with value ``None``.

    >>> [m.value for m in find_dates("Il 3 giugno 2015 e ieri", pd.Timestamp("2022-01-05"))]
    ['2015-06-03', '2022-01-04']
    """
    anchor = None if published is None or pd.isna(published) else published.date()
    mentions, is_bare_time, years = [], [], []
    for match in _matches(text):
        name = match.lastgroup
        if name == "year_range" and _range_end(match) is None:
            continue
        value, granularity = _resolve(match, anchor)
        relative = (
            name in RELATIVE_GROUPS
            or (name == "calendar" and match["year_offset"])
            or (name == "nth_in_month" and any(match[g] for g in ("qrel_pre", "qrel_post", "qyear_pre", "qyear_post")))
            or (name == "holiday" and match["hoffset"])
        )
        kind = "relative" if relative else "absolute"
        start, end = match.span(name)
        mentions.append(DateMention(start, end, text[start:end], value, granularity, kind))
        is_bare_time.append(name == "time")
        years.append(_year_source(match))
    mentions = _counted_from_days(text, _shared_years(text, mentions, years))
    return _day_of_times(text, mentions, is_bare_time)


def date_mentions(documents: pd.DataFrame, tokens: pd.DataFrame | None = None) -> pd.DataFrame:
    """The ``dates`` table: every date expression of every document body.

    Runs :func:`find_dates` on ``documents.text``, anchored on
    ``documents.published``. Given the ``tokens`` table, keeps only mentions that
    start at a token start and end at a token end, so that every date lines up
    with the tokens (a date never splits a token such as ``344esimo``).

    Columns: ``doc_id``, ``start``, ``end`` (character offsets into the text),
    ``text``, ``value`` (ISO 8601, ``<NA>`` when it needs an unknown publication
    date), ``granularity`` (time, day, week, month, year) and ``kind`` (absolute,
    relative).
    """
    rows = [
        (doc_id, *mention)
        for doc_id, text, published in zip(
            documents["doc_id"], documents["text"], documents["published"], strict=True
        )
        if isinstance(text, str)
        for mention in find_dates(text, published)
    ]
    frame = pd.DataFrame(rows, columns=list(DATES))
    if tokens is not None:
        frame = frame[_on_token_bounds(frame, tokens)]
    return conform(frame, DATES)


def _on_token_bounds(frame: pd.DataFrame, tokens: pd.DataFrame) -> pd.Series:
    """Whether each mention starts at a token start and ends at a token end."""
    doc_ids = frame["doc_id"]
    token_doc_ids = tokens["doc_id"]
    starts = pd.MultiIndex.from_arrays([token_doc_ids, tokens["start"].astype("int64")])
    ends = pd.MultiIndex.from_arrays([token_doc_ids, tokens["end"].astype("int64")])
    return pd.Series(
        pd.MultiIndex.from_arrays([doc_ids, frame["start"].astype("int64")]).isin(starts)
        & pd.MultiIndex.from_arrays([doc_ids, frame["end"].astype("int64")]).isin(ends),
        index=frame.index,
    )
