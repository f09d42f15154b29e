"""Roles tied to actors by titles and appositions ("il presidente del Kazakistan, Kassym-Jomart Tokayev").

A role starts with a word of ``resources/roles_it.txt`` (see
:func:`corpus.cues.role_groups`), except a single adjective between an
article and a name ("l'armeno Nikol Pashinian" -> "armeno"). Quotes use roles
to find who a role phrase names ("ha affermato il capo di Stato").
"""

from __future__ import annotations

import re
from functools import cache

import pandas as pd
import simplemma

from corpus import lexicon
from corpus.actors import rows_by_document
from corpus.cues import (
    ARTICLE,
    BOUNDARY,
    LOWER_WORD,
    SECONDO,
    SOURCE_VERBS,
    reporting_pattern,
    role_pattern,
)
from corpus.schema import ROLES, STRING, conform
from corpus.text import stop_words

# Words that end a role phrase before a name: verbs, conjunctions, cue words.
ROLE_BREAKERS = frozenset(
    (*lexicon.AUXILIARIES, "che", "e", "ed", "o", "ma", "né", "mentre", "quando", "se", "perché", "come", "non")
    + ("quanto", "con")
)
ROLE_BREAKER_PATTERN = re.compile(rf"^(?:{SECONDO}|{SOURCE_VERBS})$", re.IGNORECASE)
# A role never ends on an article or a preposition: "presidente del" is cut short.
ROLE_ENDS_BADLY = re.compile(
    r"(?:\s|^)(?:il|lo|la|i|gli|le|l['’]|un|uno|una|d[ei]|del\w*|dell['’]|per|a|al\w*|in|su|sul\w*)$", re.IGNORECASE
)
MAX_ROLE_WORDS = 12
# "l'armeno Nikol Pashinian": article (either case), one lower-case word, the name.
ADJECTIVE_BEFORE_NAME = re.compile(rf"(?:^|(?<=\s))(?i:{ARTICLE})\s*(?P<word>{LOWER_WORD})\s+$")
# ", presidente dell'Unione Buddhista Italiana," or " (presidente di X)" right after a name.
APPOSITION_AFTER = re.compile(
    rf"\s*(?:,|\()\s*(?:{ARTICLE}\s*)?(?P<role>[^,;:.!?()\[\]«»“”\"\n]+)(?=[,;:.!?)\n])"
)


def _role_words_ok(phrase: str, *, between_commas: bool = False) -> bool:
    """Whether a phrase reads as a role: short, no verb or cue word, not cut mid-phrase.

    Between commas ("Longo, presidente dell'Unione e monaco, ...") a conjunction
    stays inside the role; before a name it would join two noun phrases.
    """
    words = phrase.split()
    breakers = ROLE_BREAKERS - {"e", "ed"} if between_commas else ROLE_BREAKERS
    return (
        0 < len(words) <= MAX_ROLE_WORDS
        and not ROLE_ENDS_BADLY.search(phrase)
        and not any(word in breakers or ROLE_BREAKER_PATTERN.match(word) or _finite_verb(word) for word in words)
        and not reporting_pattern().search(phrase)
    )


def _describes(word: str) -> bool:
    """Whether a lone word between article and name is a role ("l'armeno Nikol Pashinian").

    Not a lexicon title (those start a longer role), a stop word ("gli stessi"),
    a verb, an epithet that says nothing of the role ("il giovane", "il noto"),
    or a thing named after the person ("il governo Prodi").
    """
    return not (
        role_pattern().fullmatch(word)
        or word in ROLE_BREAKERS
        or word in lexicon.NOT_ROLES
        or word in stop_words()
        or _finite_verb(word)
    )


@cache
def _finite_verb(word: str) -> bool:
    """Whether a lower-case word is a finite verb form ("ricevette", "incontra").

    A role may hold a participle ("presidente eletto", "premier uscente") but
    never a clause's verb. simplemma gives the lemma; participle endings stay.
    """
    if not word.islower():
        return False
    lemma = simplemma.lemmatize(word, lang="it")
    if lemma == word or not lemma.endswith(("are", "ere", "ire", "rre")):
        return False
    return word.endswith(("ette", "ettero")) or not re.search(r"(?:[ts][oaie]|nt[ei])$", word)


def _role_before(segment: str) -> tuple[int, int] | None:
    """The role phrase ending a text segment ("... il presidente del Kazakistan")."""
    segment = segment.rstrip()
    for title in role_pattern().finditer(segment):
        phrase = segment[title.start() :]
        if "," not in phrase and _role_words_ok(phrase):
            return title.start(), len(segment)
    return None


def _roles_of_mention(text: str, start: int, end: int, floor: int, kind: str) -> list[tuple[int, int]]:
    """Role spans tied to one mention: title or apposition before it, apposition after."""
    found = []
    left = max(floor, start - 200)
    boundaries = list(re.finditer(BOUNDARY, text[left:start]))
    if boundaries:
        left += boundaries[-1].end()
    segment = text[left:start]
    adjective = ADJECTIVE_BEFORE_NAME.search(segment)
    if kind == "PER" and adjective and _describes(adjective.group("word")):
        found.append((left + adjective.start("word"), left + adjective.end("word")))
        segment = segment[: adjective.start()]
    stripped = segment.rstrip()
    if stripped.endswith(","):  # apposition: "il presidente del Kazakistan, Kassym-Jomart Tokayev"
        stripped = stripped[:-1].rstrip()
        offset = stripped.rfind(",") + 1
    elif re.search(r"\S\s$", segment):  # title touching the name: "il presidente Tokayev"
        offset = 0
    else:
        stripped, offset = "", 0
    role = _role_before(stripped[offset:])
    if role:
        found.append((left + offset + role[0], left + offset + role[1]))
    after = APPOSITION_AFTER.match(text[end : end + 250])
    phrase = after.group("role").rstrip() if after else ""
    if phrase and role_pattern().match(phrase) and _role_words_ok(phrase, between_commas=True):
        found.append((end + after.start("role"), end + after.start("role") + len(phrase)))
    return found


def roles(mentions: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Roles tied to person and organisation mentions by titles and appositions.

    "il presidente del Kazakistan, Kassym-Jomart Tokayev" and "il presidente del
    Kazakistan Kassym-Jomart Tokayev" give "presidente del Kazakistan";
    "l'armeno Nikol Pashinian" gives "armeno"; "Raffaello Longo, presidente
    dell'Unione Buddhista Italiana," gives the phrase after the name. A role
    starts with a word of ``resources/roles_it.txt``, except a single adjective
    between article and name. Columns: doc_id, actor_id, role, start, end
    (offsets of the role in ``documents.text``).
    """
    texts = dict(zip(documents["doc_id"], documents["text"]))
    rows = []
    for doc_id, spans in rows_by_document(mentions, ["start", "end", "type", "actor_id"]).items():
        text = texts.get(doc_id)
        if not isinstance(text, str):
            continue
        people = [(start, end) for start, end, kind, _ in spans if kind == "PER"]
        person_end = 0
        for start, end, kind, actor_id in sorted(spans):
            if kind in ("PER", "ORG"):
                for role_start, role_end in _roles_of_mention(text, start, end, person_end, kind):
                    # "Rand Paul, senatore del Kentucky Marco Rubio": another person's role.
                    if not any(role_start < right and left < role_end for left, right in people):
                        rows.append((doc_id, actor_id, text[role_start:role_end], role_start, role_end))
            if kind == "PER":
                person_end = end
    frame = pd.DataFrame(rows, columns=list(ROLES))
    frame = frame.drop_duplicates().sort_values(["doc_id", "start"], kind="stable")
    return conform(frame, ROLES)
