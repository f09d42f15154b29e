"""Direct quotes with their speakers, and the sources an article cites.

A quote is text between quote marks (“…”, «…», "…", ‘…’) attributed by an
Italian reporting verb ("ha affermato", "dice", "aveva detto") or "secondo X":
after the quote ("«…», ha detto Rossi"), before it ("Rossi ha detto: «…»", or
just "Rossi: «…»"), or inside it ("«… – prosegue Enrico Corsini – …»"), with the
speaker named by the verb, or named only by a role ("ha affermato il capo di
Stato") that the article tied to a person earlier (see :func:`corpus.roles.roles`).
A speaker is a person or an organisation, never a place, and never the person
addressed ("ha chiesto a Rossi", "rispondendo a Rossi", "intervistato da Rossi").

:func:`is_speech` is the one decision between speech and a scare quote
("definiti come “terroristi”"), which :func:`corpus.terms.distancing_quotes`
shares. A long quote with no attribution keeps a missing speaker.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import numpy as np
import pandas as pd

from corpus import lexicon
from corpus.actors import normalise, rows_by_document, with_actor_ids
from corpus.cues import (
    ARTICLE,
    SECONDO,
    SOURCE_GAP,
    compatible_roles,
    lemma_of,
    reporting_pattern,
    role_head,
    role_pattern,
    source_cue,
    source_cues,
)
from corpus.schema import QUOTES, SOURCES, STRING, conform

SCARE_QUOTE_WORDS = 4
# A straight double quote between digits is seconds or inches ("58\"17"), not a quote mark; a
# typographic apostrophe inside ‘…’ is allowed when a letter follows it ("un’aggressione").
QUOTE = re.compile(
    r"“(?P<curly>[^“”\n]+)”|«(?P<guillemets>[^«»\n]+)»|(?<!\d)\"(?P<straight>[^\"\n]+)\"(?!\d)"
    r"|‘(?P<single>(?:[^‘’\n]|’(?=\w))+)’(?!\w)"
)
# Same units as the tokenizer: elided articles ("l'") and hyphenated names count as one word.
WORD = re.compile(r"\w+(?:-\w+)*['’]?")
SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n")
QUOTE_ENDS_SENTENCE = re.compile(r"[.!?…]\W*$")
CUE = re.compile(
    rf"{reporting_pattern().pattern}|(?<![\w’'])(?P<secondo>{SECONDO})(?!\s+quanto)(?![\w’'])", re.IGNORECASE
)
# Speech is introduced by a colon or a reporting verb right before the quote ("ha detto che"),
# or followed by one right after it (", ha affermato", "– prosegue").
SPEECH_BEFORE = re.compile(rf"(?::|(?:{reporting_pattern().pattern})(?:\s+che)?\s*[,:]?)\s*$", re.IGNORECASE)
SPEECH_AFTER = re.compile(
    rf"\s*[,–—-]?\s*(?:(?:{'|'.join(lexicon.AUXILIARIES)})\s+)?(?:(?:{'|'.join(lexicon.FILLERS)})\s+)?"
    rf"(?:{reporting_pattern().pattern})",
    re.IGNORECASE,
)
# What may stand between a verb and the speaker after it: "ha poi aggiunto il".
SPEAKER_LEAD = re.compile(rf"\s*(?:(?:{'|'.join(lexicon.FILLERS)})\s+)*(?:{ARTICLE}\s*)?", re.IGNORECASE)
# The prepositions before the person addressed ("ha chiesto a Rossi", "rispondendo al ministro",
# "all'assessore") and before the interviewer ("intervistato da Rossi", "dall'inviato").
TO = "|".join(("a", "ad", *(word for word in lexicon.ARTICULATED_PREPOSITIONS if word.startswith("a"))))
BY = "|".join(("da", *(word for word in lexicon.ARTICULATED_PREPOSITIONS if word.startswith("da"))))
TO_ELIDED = "|".join(word for word in lexicon.ELIDED_PREPOSITIONS if word.startswith("a"))
BY_ELIDED = "|".join(word for word in lexicon.ELIDED_PREPOSITIONS if word.startswith("da"))
# "a Rossi", "al ministro Rossi", "intervistato da Rossi"; but "contestata dallo storico Moron" speaks.
ADDRESSED = re.compile(
    rf"(?:(?<![\w’'])(?:{TO})\s+|(?<![\w’'])(?:{TO_ELIDED})['’]\s*"
    rf"|(?<![\w’'])(?i:{lexicon.alternation(lexicon.INTERVIEWED)})\s+(?:(?:{BY})\s+|(?:{BY_ELIDED})['’]\s*))"
    rf"(?:[a-zàèéìòù]+\s+)?$"
)
# The person addressed right after a verb: "ha chiesto a Mario Rossi", "ha dichiarato ai giornalisti".
ADDRESS_AFTER = re.compile(rf"(?:(?:{TO})\s+|(?:{TO_ELIDED})['’]\s*)(?:{ARTICLE}\s*)?(?:[a-zàèéìòù]+\s+){{0,2}}")
STREET_FIRST = re.compile(rf"(?i:{lexicon.alternation(lexicon.STREET_NOUNS)})\s")
# Where a noun phrase after a verb ends: punctuation, "secondo quanto", a preposition (lower
# case: "A. Donald McEachin" is a name). "dichiarato dal ministro" names the speaker: no end.
PHRASE_END = re.compile(
    rf"[,;:.!?()«»“”\"\n–—]"
    rf"|(?<![\w’'])(?:(?i:{SECONDO})|che|in|nel|nella|durante|dopo|mentre|con|per|su|sul|sulla|{TO})(?!\w)"
    rf"|(?<![\w’'])(?:{TO_ELIDED})['’]"
)
# An attribution inside the quote, between dashes or commas: "«… – prosegue Enrico Corsini – …»".
VERB_LEAD = rf"(?:(?:{'|'.join(lexicon.AUXILIARIES)})\s+)?(?:(?:{'|'.join(lexicon.FILLERS)})\s+)?"
INTERPOSED = re.compile(
    rf"\s[–—-]\s*{VERB_LEAD}(?P<verb>{CUE.pattern})(?P<who>[^–—;:.!?\n]{{1,100}}?)\s*[–—-]\s"
    rf"|,\s*{VERB_LEAD}(?P<verb2>{CUE.pattern.replace('?P<secondo>', '?P<secondo2>')})(?P<who2>[^–—,;:.!?\n]{{1,80}}?)\s*,",
    re.IGNORECASE,
)
# "«…». È quanto ha dichiarato il portavoce": the sentence after the quote attributes it.
AS_SAID_AFTER = re.compile(rf"\s*(?:È|E'|Questo è|Così|Ecco)\s+quanto\s+{VERB_LEAD}(?P<verb>{CUE.pattern})", re.IGNORECASE)
# Most words between the quote and a verb after it ("», ha poi aggiunto Rossi"), or
# between a verb and the quote after it ("ha detto ai giornalisti riuniti a Roma che «").
MAX_GAP_WORDS = 6
MAX_LEAD_WORDS = 12


def is_speech(
    text: str, start: int, end: int, *, n_words: int | None = None, max_words: int = SCARE_QUOTE_WORDS
) -> bool:
    """Whether the quoted words ``text[start:end]`` (inside their marks) are speech rather than a scare quote.

    Speech: more than ``max_words`` words (``n_words``, counted by :data:`WORD`
    when not given), or words that end like a sentence ("“sicurezza.”"), or a
    colon or reporting verb right before the quote ("Ha detto: «Basta»"), or a
    reporting verb right after it ("«Mai», ha risposto"). Anything else is a
    word the writer keeps at a distance: "definiti come “terroristi”".
    """
    quoted = text[start:end]
    words = len(WORD.findall(quoted)) if n_words is None else n_words
    return (
        words > max_words
        or bool(QUOTE_ENDS_SENTENCE.search(quoted.rstrip()))
        or bool(SPEECH_BEFORE.search(text, max(0, start - 61), max(0, start - 1)))
        or bool(SPEECH_AFTER.match(text, min(len(text), end + 1)))
    )


@dataclass
class _Document:
    """One document's text, its speaking mentions and its role ties."""

    text: str
    speakers: list[tuple[int, int, str, str]]  # PER and ORG mentions: start, end, type, actor_id
    roles: list[tuple[int, str, str, str]]  # role start, role key, role head, actor_id of a PER
    salience: Counter

    def mention_in(self, start: int, end: int, *, kinds=("PER", "ORG"), last: bool = False) -> str | None:
        """The first (or last) actor of one of ``kinds`` named between two offsets, not one addressed.

        "Rossi, intervistato da Bianchi, ha detto": Bianchi asks, Rossi speaks.
        """
        inside = [
            actor for left, _, kind, actor in self.speakers
            if start <= left < end and kind in kinds and not ADDRESSED.search(self.text, max(start, left - 40), left)
        ]
        return (inside[-1] if last else inside[0]) if inside else None

    def mention_ending(self, start: int, end: int) -> str | None:
        """The actor whose name ends right at ``end`` (spaces apart), starting after ``start``."""
        named = [
            (left, actor) for left, right, _, actor in self.speakers
            if start <= left and right <= end and not self.text[right:end].strip()
        ]
        if not named or ADDRESSED.search(self.text, max(start, named[-1][0] - 40), named[-1][0]):
            return None  # "ha chiesto a Rossi: «…»"
        return named[-1][1]

    def actor_of_role(self, phrase: str, before: int) -> str | None:
        """The person a role phrase names: same role, then same head, then a compatible one."""
        head = role_head(phrase)
        earlier = [role for role in self.roles if role[0] < before]
        if head is None or not earlier:
            return None
        key = normalise(phrase)
        for matches in (lambda role: role[1] == key, lambda role: role[2] == head):
            tied = [role for role in earlier if matches(role)]
            if tied:
                return max(tied)[3]
        compatible = [role for role in earlier if role[2] and compatible_roles(head, role[2])]
        if not compatible:
            return None
        return max(compatible, key=lambda role: (self.salience[role[3]], role[0]))[3]

    def role_at(self, start: int, end: int) -> str | None:
        """A role phrase starting at ``start`` (after an article), cut at ``end``."""
        lead = re.match(rf"\s*(?:{ARTICLE}\s*)?", self.text[start:end], re.IGNORECASE)
        phrase = self.text[start + lead.end() : end].strip()
        return phrase if phrase and role_pattern().match(phrase) else None


def _speaker_after(document: _Document, position: int, limit: int) -> str | None:
    """The speaker named right after a verb.

    A person first ("ha detto il ministro Mario Rossi"), then a role phrase
    ("ha affermato il capo di Stato", where "Stato" is no speaker), then an
    organisation ("ha fatto sapere il Cremlino").
    """
    lead = SPEAKER_LEAD.match(document.text, position, limit).end()
    # "ha dichiarato a Radio Anch'io il ministro Fini": the one addressed is skipped, not the speaker.
    address = ADDRESS_AFTER.match(document.text, lead, limit)
    if address:
        lead = address.end()
        addressed = [right for left, right, _, _ in document.speakers if left == lead]
        lead = SPEAKER_LEAD.match(document.text, max(addressed, default=lead), limit).end()
    stop = PHRASE_END.search(document.text, lead, limit)
    phrase_end = stop.start() if stop else limit
    person = document.mention_in(lead, phrase_end, kinds=("PER",))
    if person:
        return person
    phrase = document.role_at(position, phrase_end)
    if phrase:
        # "il presidente della Commissione, Mario Landolfi,": the person in apposition.
        apposition = re.match(r",\s*", document.text[phrase_end:limit]) if stop else None
        named = apposition and document.mention_in(phrase_end, phrase_end + apposition.end() + 1, kinds=("PER",))
        return named or document.actor_of_role(phrase, position)
    return document.mention_in(lead, phrase_end, kinds=("ORG",))


def _speaker_before(document: _Document, start: int, verb_start: int) -> str | None:
    """The subject before a verb: the last person, else a role phrase, else the last organisation."""
    person = document.mention_in(start, verb_start, kinds=("PER",), last=True)
    if person:
        return person
    titles = list(role_pattern().finditer(document.text, start, verb_start))
    if titles:
        return document.actor_of_role(document.text[titles[-1].start() : verb_start], verb_start)
    return document.mention_in(start, verb_start, kinds=("ORG",), last=True)


def _verb(match: re.Match[str], group: int | str = 0) -> str:
    return "secondo" if match.group("secondo") else lemma_of(match.group(group))


def _interposed(document: _Document, start: int, end: int) -> tuple[str | None, str] | None:
    """An attribution inside the quoted words: "«Siamo pronti – prosegue Enrico Corsini – a tutto»"."""
    match = INTERPOSED.search(document.text, start, end)
    if match is None:
        return None
    group = "" if match.group("verb") else "2"
    who_start, who_end = match.span(f"who{group}")
    speaker = _speaker_after(document, who_start, who_end + 1)
    verb = "secondo" if match.group(f"secondo{group}") else lemma_of(match.group(f"verb{group}"))
    return speaker, verb


def _colon_speaker(document: _Document, start: int, open_at: int) -> str | None:
    """The speaker named before a colon that opens the quote with no reporting verb.

    "Corsini: «…»", "Il sindaco: «…»", and the subject of the clause before the
    colon: "il premier Ehud Olmert si è rivolto alla popolazione: «…»".
    """
    before = document.text[start:open_at].rstrip()
    if not before.endswith(":"):
        return None
    colon = start + len(before) - 1
    speaker = document.mention_ending(start, colon)
    if speaker:
        return speaker
    titles = [title for title in role_pattern().finditer(document.text, start, colon)
              if not document.text[title.end() : colon].strip()]
    if titles:
        return document.actor_of_role(document.text[titles[-1].start() : colon], colon)
    if CUE.search(document.text, start, colon):
        return None  # a reporting verb decides (see _attribution)
    return document.mention_in(start, colon)


def _after_the_quote(document: _Document, close_at: int, limit: int) -> tuple[str | None, str] | None:
    """``(speaker, verb)`` from a verb right after the quote ("«…», ha detto Rossi"), or None.

    A verb that opens the next quote ("«…», mentre Rossi ha affermato: «…»")
    is not this quote's.
    """
    text = document.text
    cue = CUE.search(text, close_at + 1, limit)
    if cue is None or len(text[close_at + 1 : cue.start()].split()) > MAX_GAP_WORDS:
        return None
    if re.match(r"\s*[:«“\"]", text[cue.end() : cue.end() + 5]):
        return None
    speaker = None if cue.group("secondo") else _speaker_before(document, close_at + 1, cue.start())
    return speaker or _speaker_after(document, cue.end(), limit), _verb(cue)


def _attribution(document: _Document, open_at: int, close_at: int, next_open: int) -> tuple[str | None, str | None] | None:
    """``(speaker, verb)`` of the quote between marks at ``open_at`` and ``close_at``, or None.

    A verb right after the quote, in the same sentence, names the speaker
    ("«…», ha detto Rossi"); then one inside it ("«… – prosegue Rossi – …»");
    then a speaker named before a colon ("Rossi: «…»", with no verb); then the
    last verb of the sentence before the quote ("Rossi ha detto: «…»"); then
    "È quanto ha dichiarato X" right after the quote. A verb after the quote
    that names no one ("«…», ha aggiunto") lets the sentence before name the
    speaker, and otherwise keeps its verb.
    """
    text = document.text
    end = SENTENCE_END.search(text, close_at + 1)
    limit = min(end.start() if end else len(text), next_open)
    after = _after_the_quote(document, close_at, limit)
    if after and after[0]:
        return after
    inside = _interposed(document, open_at + 1, close_at)
    if inside:
        return inside
    before = _before_the_quote(document, open_at)
    if before and before[0]:
        return before
    said = AS_SAID_AFTER.match(text, close_at + 2)
    if said:
        return _speaker_after(document, said.end(), min(len(text), said.end() + 200)), _verb(said, "verb")
    return after or before


def _before_the_quote(document: _Document, open_at: int) -> tuple[str | None, str | None] | None:
    """``(speaker, verb)`` from the sentence before the quote: a colon's speaker, else its last reporting verb."""
    text = document.text
    # "Rossi ha poi aggiunto:\n\n«…»": a colon carries the sentence over the paragraph break.
    lead_end = len(text[:open_at].rstrip()) if text[:open_at].rstrip().endswith(":") else open_at
    previous = [match.end() for match in SENTENCE_END.finditer(text, max(0, lead_end - 1000), lead_end)]
    start = max(previous[-1] if previous else 0, text.rfind("”", 0, lead_end), text.rfind("»", 0, lead_end))
    cues = list(CUE.finditer(text, start, open_at))
    if not cues or len(text[cues[-1].end() : open_at].split()) > MAX_LEAD_WORDS:
        # No verb, or one that reports something else, far before the quote.
        named = _colon_speaker(document, start, open_at)
        return (named, None) if named else None
    cue = cues[-1]
    speaker = _speaker_after(document, cue.end(), open_at)
    if speaker is None and not cue.group("secondo"):
        speaker = _speaker_before(document, start, cue.start())
    return speaker or _colon_speaker(document, start, open_at), _verb(cue)


def _document(text: str, mentions: list[tuple], roles: list[tuple]) -> _Document:
    """``mentions`` as (start, end, type, actor_id), ``roles`` as (start, role, actor_id)."""
    people = [actor for _, _, kind, actor in mentions if kind == "PER"]
    person_ids = set(people)
    return _Document(
        text=text,
        # "piazza Cavour", "Piazza Affari": an address never speaks, even standing for an institution.
        speakers=sorted(
            (start, end, kind, actor) for start, end, kind, actor in mentions
            if kind in ("PER", "ORG") and not STREET_FIRST.match(text, start, end)
        ),
        roles=[(start, normalise(role), role_head(role), actor) for start, role, actor in roles if actor in person_ids],
        salience=Counter(people),
    )


def quotes(documents: pd.DataFrame, mentions: pd.DataFrame, roles: pd.DataFrame) -> pd.DataFrame:
    """Direct quotes, one row each: doc_id, speaker, verb, quote, start, end.

    ``start``/``end`` are the offsets of the quoted text (without the marks) in
    ``documents.text``. Scare quotes (not :func:`is_speech`) are left out. A
    quote with no attribution of its own that follows an attributed one in the
    same sentence ("«…», ha detto Rossi, «…»") continues it.
    """
    by_document = rows_by_document(mentions, ["start", "end", "type", "actor_id"])
    roles_by_document = rows_by_document(roles, ["start", "role", "actor_id"])
    rows = []
    for doc_id, text in zip(documents["doc_id"], documents["text"]):
        if not isinstance(text, str):
            continue
        found = list(QUOTE.finditer(text))
        if not found:
            continue
        document = _document(text, by_document.get(doc_id, []), roles_by_document.get(doc_id, []))
        previous, last_speaker = None, None
        for index, match in enumerate(found):
            quoted = match.group(match.lastgroup)
            start, end = match.span(match.lastgroup)
            next_open = found[index + 1].start() if index + 1 < len(found) else len(text)
            continues = previous and not SENTENCE_END.search(text, previous[1], match.start())
            if not continues and not is_speech(text, start, end):
                previous = None
                continue
            attribution = _attribution(document, start - 1, end, next_open)
            if attribution is None and continues:
                attribution = previous[0]
            speaker, verb = attribution or (None, None)
            if speaker is None and verb is not None and last_speaker:
                # Italian drops the subject ("Poi ha aggiunto: «…»"): the last
                # speaker goes on, unless someone else was named since.
                if document.mention_in(last_speaker[1], start) is None:
                    speaker = last_speaker[0]
            rows.append((doc_id, speaker, verb, quoted, start, end))
            previous = ((speaker, verb), end + 1) if attribution else None
            if speaker is not None:
                last_speaker = (speaker, end + 1)
    frame = pd.DataFrame(rows, columns=list(QUOTES))
    return conform(frame, QUOTES)


def with_speakers(quotes: pd.DataFrame, mapping: pd.Series) -> pd.DataFrame:
    """Quotes with each document's speaker ids mapped to the corpus's (:func:`corpus.actors.actor_id_map`).

    A speaker the corpus resolves to a place (a name the document typed as a
    person or organisation, but mostly typed LOC elsewhere) speaks for no one:
    its speaker becomes missing.
    """
    resolved = with_actor_ids(quotes, "speaker", mapping)
    if resolved.empty:
        return resolved
    place = resolved["speaker"].str.startswith("LOC:").fillna(False).to_numpy(dtype=bool)
    return resolved.assign(speaker=pd.array(np.where(place, None, resolved["speaker"].astype(object)), dtype=STRING))


def sources(documents: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """Sources an article cites, one row per citation: doc_id, source, cue, start, end.

    A cue ("secondo quanto riporta", "riferisce", "scrive", "fa sapere",
    "secondo") cites the mention that follows it, after at most an article and
    a few descriptor words ("l'emittente RT"), or for a verb cue the mention
    right before it ("la Tass riferisce"). :func:`corpus.actors.mentions`
    already turned every name after a cue into a mention, so ``source`` is
    always an ``actor_id``; a cue with no name next to it cites nothing.
    """
    by_document = rows_by_document(mentions, ["start", "end", "actor_id"])
    rows = []
    for doc_id, text in zip(documents["doc_id"], documents["text"]):
        spans = by_document.get(doc_id)
        if spans is None or not isinstance(text, str):
            continue
        starts = {start: (end, actor) for start, end, actor in spans}
        ends = {end: (start, actor) for start, end, actor in spans}
        for cue in source_cues(text):
            after = starts.get(SOURCE_GAP.match(text, cue.end()).end())
            before = re.search(r"(?<=\S)\s+$", text[max(0, cue.start() - 3) : cue.start()])
            subject = ends.get(cue.start() - len(before.group(0))) if before and not cue.group("bare") else None
            if after:
                rows.append((doc_id, after[1], source_cue(cue), cue.start(), after[0]))
            elif subject and (cue.group("plain") or cue.group("done")):
                rows.append((doc_id, subject[1], source_cue(cue), subject[0], cue.end()))
    frame = pd.DataFrame(rows, columns=list(SOURCES))
    return conform(frame, SOURCES)
