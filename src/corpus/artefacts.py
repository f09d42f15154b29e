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
neither an Italian word (simplemma's dictionary) nor a common Italian or
English form (wordfreq, Zipf >= 2), and the ``rn`` sits where a line end
would: at the start of the word before a capital or an Italian word
("rnIl", "rnfuorigioco"), or after an Italian word of three letters or more
("direttorern", "direttorernIl"). "Bern" ("Be") and "Osborn" ("Osbo") stay
words.
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
WORD_ZIPF = 2.0
# A piece left when a glued "rn" is cut off must be an Italian word: in simplemma's dictionary, or
# this common in Italian (simplemma lacks adverbs such as "inoltre"), and of at least this many
# letters when it is the word before the "rn" ("Be" + "rn" is Bern, not an artefact).
PIECE_ZIPF = 3.0
LEFT_PIECE_LETTERS = 3


@functools.cache
def _is_written_word(word: str) -> bool:
    from wordfreq import zipf_frequency

    lower = word.lower()
    known = simplemma.is_known(word, lang="it") or simplemma.is_known(lower, lang="it")
    return known or max(zipf_frequency(lower, "it"), zipf_frequency(lower, "en")) >= WORD_ZIPF


@functools.cache
def _is_piece(word: str) -> bool:
    from wordfreq import zipf_frequency

    lower = word.lower()
    known = simplemma.is_known(word, lang="it") or simplemma.is_known(lower, lang="it")
    return known or zipf_frequency(lower, "it") >= PIECE_ZIPF


def _glued_rn(word: str) -> list[tuple[int, int]]:
    """Spans within ``word`` of ``rn`` runs that are a stripped line end, or [] if it is a real word.

    A run counts at the start of the word before a capital ("rnIl") or before
    an Italian word ("rnfuorigioco"), and after an Italian word of three
    letters or more, at the end of the word ("direttorern") or before a
    capital ("direttorernIl"). A run inside a word before a small letter
    ("giornata", "turno") never counts.
    """
    if _RN_RUN.fullmatch(word):
        return [(0, len(word))]
    if _is_written_word(word):
        return []
    runs = [run.span() for run in _RN_RUN.finditer(word)]
    spans: list[tuple[int, int]] = []
    for index, (start, end) in enumerate(runs):
        # The word before a run starts after the last run that was a line end ("turnirnLa": "turni").
        left = word[spans[-1][1] if spans else 0 : start]
        right = word[end : runs[index + 1][0] if index + 1 < len(runs) else len(word)]
        left_word = len(left) >= LEFT_PIECE_LETTERS and _is_piece(left)
        if not left:
            glued = right[0].isupper() or _is_piece(right) or _is_piece(word[end:])
        elif not right:
            glued = left_word
        else:
            glued = right[0].isupper() and left_word
        if glued:
            spans.append((start, end))
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
