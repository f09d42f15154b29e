"""Scraping artefacts in an article body: text that is markup or an escape sequence, not words.

A scraper that mishandles HTML or line ends leaves traces in the text:

* literal escape sequences written out as text: ``\\r\\n``, ``\\n``, ``\\t``;
* what is left of them when the backslashes were stripped: ``rn`` glued to
  the words around it (``direttorern``, ``rnIl``, ``testornrnLa``) or
  standing alone, and ``nbsp`` (a stripped ``&nbsp;``) anywhere in a word;
* HTML entities never decoded: ``&amp;``, ``&nbsp;``, ``&#8217;``, ``&#x2019;``;
* stray markup: tags (``<br>``, ``</p>``, ``<a href="…">``) and WordPress-style
  shortcodes (``[caption id="…"]``, ``[/caption]``, ``[gallery]``).

:func:`artefact_spans` finds them; it is the one decision, used by the loader
(a document with any gets the problem :data:`PROBLEM`) and by the text layer
(tokens overlapping one get ``is_artefact``, kept out of every count; offsets
are untouched, so the text stays lossless).

A glued ``rn`` is the only ambiguous case: "turno", "giornata", "Bern",
"Osborn", "Modern" contain it. It counts only when the word as written is
neither an Italian word (simplemma's dictionary) nor a listed Italian or
English form (wordfreq, Zipf >= 1.5) and cutting the ``rn`` off leaves Italian
words: "direttorern" is "direttore" + "rn", "rnIl" is "rn" + "Il", while
"Bern" ("Be") and "Osborn" ("Osbo") stay words.
"""

from __future__ import annotations

import functools
import re

import simplemma

PROBLEM = "body: scraping artefacts"

_LITERAL_ESCAPES = r"(?:\\[rnt])+"
_ENTITY = r"&(?:[A-Za-z][A-Za-z0-9]{1,7}|#[0-9]{2,6}|#[xX][0-9A-Fa-f]{2,5});"
_TAG = r"</?[A-Za-z][A-Za-z0-9]{0,9}(?:\s[^<>\n]{0,300})?/?>"
_SHORTCODE = r"\[/?(?:caption|gallery|embed|video|audio|playlist|vc_\w+|et_pb_\w+)(?:\s[^\]\n]{0,300})?\]"
_NBSP = r"(?i:nbsp);?"
_MARKUP = re.compile("|".join(f"(?:{part})" for part in (_LITERAL_ESCAPES, _ENTITY, _TAG, _SHORTCODE, _NBSP)))
# A word with "rn" at either end (possibly repeated, "rnrn"): the candidates for a stripped \r\n.
_RN_WORD = re.compile(r"(?<![^\W\d_])[^\W\d_]*rn[^\W\d_]*(?![^\W\d_])")
_RN_RUN = re.compile(r"(?:rn)+")


# A form this common in Italian or English text is a word, whatever it ends with ("Modern", "Bern").
WORD_ZIPF = 1.5


@functools.cache
def _is_word(word: str) -> bool:
    return simplemma.is_known(word, lang="it") or simplemma.is_known(word.lower(), lang="it")


@functools.cache
def _is_written_word(word: str) -> bool:
    from wordfreq import zipf_frequency

    lower = word.lower()
    return _is_word(word) or max(zipf_frequency(lower, "it"), zipf_frequency(lower, "en")) >= WORD_ZIPF


def _glued_rn(word: str) -> list[tuple[int, int]]:
    """Spans within ``word`` of ``rn`` runs that are a stripped line end, or [] if it is a real word."""
    if word == "rn" or _RN_RUN.fullmatch(word):
        return [(0, len(word))]
    if _is_written_word(word):
        return []
    spans, pieces, position = [], [], 0
    for run in _RN_RUN.finditer(word):
        # A run glued to a lower-case letter on its right is part of a word ("giornata").
        at_start, at_end = run.start() == 0, run.end() == len(word)
        glued_upper = run.end() < len(word) and word[run.end()].isupper()
        if not (at_start or at_end or glued_upper):
            continue
        spans.append(run.span())
        pieces.append(word[position : run.start()])
        position = run.end()
    pieces.append(word[position:])
    words = [piece for piece in pieces if piece]
    if not spans or not words or not all(len(piece) > 1 and _is_word(piece) for piece in words):
        return []
    return spans


def artefact_spans(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of the scraping artefacts in ``text``, in order, disjoint."""
    spans = [match.span() for match in _MARKUP.finditer(text)]
    for match in _RN_WORD.finditer(text):
        spans.extend((match.start() + start, match.start() + end) for start, end in _glued_rn(match.group()))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def has_artefacts(text: str | None) -> bool:
    """Whether ``text`` holds any scraping artefact (:func:`artefact_spans`)."""
    return bool(text) and bool(artefact_spans(text))
