"""Italian cue words that tie text to actors: roles, reporting verbs, source cues.

Roles come from ``resources/roles_it.txt``; reporting verbs are the forms
:func:`corpus.lexicon.reporting_forms` conjugates from their infinitives, because a
closed list of forms is both faster and more reliable than a general lemmatiser on
exactly the words attribution hinges on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from importlib import resources

from corpus import lexicon

LOWER_WORD = r"[a-zàèéìíòóù][a-zàèéìíòóù’']*"
# A name word: capitalised or all caps; a dot only inside it ("U.S.A", not "Kazakistan.").
NAME_WORD = r"[A-ZÀÈÉÌÒÓÙ](?:[\w&’'\-]|\.(?=\w))*"
# An article with the space after it ("il ", "l'", "l’").
ARTICLE = rf"(?:(?:{'|'.join(lexicon.ARTICLES)})\s+|(?:{'|'.join(lexicon.ELIDED_ARTICLES)})['’]\s*)"
# Sentence or clause boundaries that a role, speaker or cue never crosses.
BOUNDARY = r"[.;:!?()\[\]«»“”\"\n]"


@cache
def role_groups() -> tuple[frozenset[str], ...]:
    """Groups of roles that may name the same person, read from ``roles_it.txt``."""
    text = resources.files("corpus.resources").joinpath("roles_it.txt").read_text("utf-8")
    groups = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            groups.append(frozenset(term.strip() for term in line.split("|")))
    return tuple(groups)


@cache
def role_pattern() -> re.Pattern[str]:
    """Any role of the lexicon as a whole word, longest alternative first."""
    terms = sorted({term for group in role_groups() for term in group}, key=len, reverse=True)
    alternatives = "|".join(re.escape(term).replace(r"\ ", r"\s+") for term in terms)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?![\w’'])", re.IGNORECASE)


@cache
def multiword_role_pattern() -> re.Pattern[str]:
    """A role of several words ("capo di Stato") ending where the searched text ends."""
    terms = sorted({term for group in role_groups() for term in group if " " in term}, key=len, reverse=True)
    alternatives = "|".join(re.escape(term).replace(r"\ ", r"\s+") for term in terms)
    return re.compile(rf"(?<!\w)(?:{alternatives})$", re.IGNORECASE)


def role_head(phrase: str) -> str | None:
    """The lexicon role a phrase starts with ("capo di Stato del Paese" -> "capo di stato")."""
    match = role_pattern().match(phrase.strip())
    return " ".join(match.group(0).lower().split()) if match else None


def compatible_roles(head: str, other: str) -> bool:
    """Whether two lexicon roles can name the same person (same head or a shared group)."""
    return head == other or any(head in group and other in group for group in role_groups())


@cache
def reporting_pattern() -> re.Pattern[str]:
    """A reporting verb form as a whole word; ``lemma_of`` maps a match to its lemma."""
    alternatives = "|".join(sorted(lexicon.reporting_forms(), key=len, reverse=True))
    return re.compile(rf"(?<![\w’'])(?:{alternatives})(?![\w’'])", re.IGNORECASE)


def lemma_of(form: str) -> str:
    """The lemma of a reporting verb form found by :func:`reporting_pattern`."""
    key = re.sub(r"\s+", r"\\s+", form.lower())
    return lexicon.reporting_forms()[key]


# Verbs by which a text cites a source ("secondo quanto riporta Sputnik").
SOURCE_VERBS = lexicon.alternation(lexicon.SOURCE_VERB_FORMS)
# "secondo" with the misspellings newsrooms let through ("sencondo", "seocndo").
SECONDO = r"s(?:e|en|ne|eo)c?(?:o|n)n?do"
SOURCE_CUE = re.compile(
    rf"(?<![\w’'])(?:"
    rf"(?P<according>{SECONDO}\s+quanto\s+(?P<according_verb>{SOURCE_VERBS}))"
    rf"|(?P<as>(?:come|a\s+quanto)\s+(?P<as_verb>{SOURCE_VERBS}))"
    rf"|(?P<done>(?:ha|hanno)\s+(?P<done_verb>riportato|riferito|scritto|reso\s+noto|fatto\s+sapere))"
    rf"|(?P<plain>riporta|riportano|riferisce|riferiscono|scrive|scrivono|fa\s+sapere|fanno\s+sapere|rende\s+noto)"
    rf"|(?P<bare>{SECONDO}|stando\s+a)"
    rf")(?![\w’'])",
    re.IGNORECASE,
)
# Between a cue and the cited name: an article and a few descriptor words ("l'emittente").
SOURCE_GAP = re.compile(
    rf"\s*(?:(?:{ARTICLE}|dell['’]|della|del|dello|degli|delle|al|alla|all['’])\s*)?"
    rf"(?:(?:{LOWER_WORD})\s+){{0,3}}"
)


ARTICLE_BEFORE = re.compile(rf"(?:^|\s){ARTICLE}$", re.IGNORECASE)


def source_cues(text: str) -> Iterator[re.Match[str]]:
    """The source cues of a text, without the ordinal "secondo" ("il secondo Gran Premio")."""
    for cue in SOURCE_CUE.finditer(text):
        if not (cue.group("bare") and ARTICLE_BEFORE.search(text, max(0, cue.start() - 4), cue.start())):
            yield cue


def source_cue(match: re.Match[str]) -> str:
    """The cue of a :data:`SOURCE_CUE` match, lower case with "secondo" spelled right."""
    text = " ".join(match.group(0).lower().split())
    if match.group("according") or match.group("bare") and not text.startswith("stando"):
        return re.sub(rf"^{SECONDO}", "secondo", text)
    return text
