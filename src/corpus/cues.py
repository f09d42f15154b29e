"""Italian cue words that tie text to actors: roles, reporting verbs, source cues.

Roles come from ``resources/roles_it.txt``; reporting verbs are conjugated here
from their infinitives, because a closed list of forms is both faster and more
reliable than a general lemmatiser on exactly the words attribution hinges on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from importlib import resources

LOWER_WORD = r"[a-zàèéìíòóù][a-zàèéìíòóù’']*"
# A name word: capitalised or all caps; a dot only inside it ("U.S.A", not "Kazakistan.").
NAME_WORD = r"[A-ZÀÈÉÌÒÓÙ](?:[\w&’'\-]|\.(?=\w))*"
# An article with the space after it ("il ", "l'", "l’").
ARTICLE = r"(?:(?:il|lo|la|i|gli|le|un|uno|una)\s+|(?:l|un)['’]\s*)"
# Sentence or clause boundaries that a role, speaker or cue never crosses.
BOUNDARY = r"[.;:!?()\[\]«»“”\"\n]"

AUXILIARIES = (
    "ha", "hanno", "aveva", "avevano", "avrebbe", "avrebbero", "avrà", "avranno",
    "abbia", "abbiano", "è", "sono", "era", "erano", "sarebbe", "sarà", "fu",
    "viene", "vengono", "venne", "sia", "siano", "essere", "avere",
)
# Adverbs that sit between an auxiliary, a verb and its subject: "ha poi aggiunto".
FILLERS = ("poi", "anche", "inoltre", "ancora", "quindi", "invece", "infine", "già", "più", "non", "così")


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


ARE_VERBS = (
    "affermare", "dichiarare", "sottolineare", "spiegare", "annunciare", "precisare",
    "ricordare", "osservare", "commentare", "evidenziare", "confermare", "raccontare",
    "rilevare", "denunciare", "replicare", "esclamare", "assicurare", "continuare",
    "notare", "annotare", "segnalare", "puntualizzare", "lamentare", "domandare",
    "incalzare", "twittare", "rimarcare", "accusare", "avvisare", "proclamare",
    "rivendicare", "auspicare", "argomentare",
)
ISC_VERBS = ("ribadire", "chiarire", "riferire", "esordire", "garantire", "suggerire", "ammonire", "scandire")
IRE_VERBS = ("avvertire", "proseguire")
IRREGULAR_FORMS = {
    "dire": "dice dicono diceva dicevano disse dissero detto detta dirà diranno direbbe dicendo",
    "aggiungere": "aggiunge aggiungono aggiungeva aggiunse aggiunsero aggiunto aggiungerà aggiungendo",
    "sostenere": "sostiene sostengono sosteneva sostenevano sostenne sostennero sostenuto sosterrà sostenendo",
    "scrivere": "scrive scrivono scriveva scrisse scrissero scritto scriverà scrivendo",
    "rispondere": "risponde rispondono rispondeva rispose risposero risposto risponderà rispondendo",
    "concludere": "conclude concludono concludeva concluse conclusero concluso concluderà concludendo",
    "ammettere": "ammette ammettono ammetteva ammise ammisero ammesso ammetterà ammettendo",
    "insistere": "insiste insistono insisteva insistette insistito insisterà insistendo",
    "chiedere": "chiede chiedono chiedeva chiese chiesero chiesto chiederà chiedendo",
    "promettere": "promette promettono prometteva promise promisero promesso prometterà",
    "riconoscere": "riconosce riconoscono riconosceva riconobbe riconosciuto",
    "fare sapere": "fa\\s+sapere fanno\\s+sapere faceva\\s+sapere fece\\s+sapere fatto\\s+sapere",
    "rendere noto": "rende\\s+noto rendono\\s+noto rese\\s+noto reso\\s+noto",
}


def _are_forms(infinitive: str) -> list[str]:
    stem = infinitive[:-3]
    future = stem[:-1] if stem.endswith(("ci", "gi")) else stem + ("h" if stem.endswith(("c", "g")) else "")
    present = [stem + "a", stem + "ano"]
    past = [stem + ending for ending in ("ava", "avano", "ò", "arono", "ato", "ata", "ati", "ate", "ando")]
    return [*present, *past, future + "erà", future + "eranno", future + "erebbe"]


def _ire_forms(infinitive: str, *, isc: bool) -> list[str]:
    stem = infinitive[:-3]
    present = [stem + "isce", stem + "iscono"] if isc else [stem + "e", stem + "ono"]
    return [*present, *(stem + ending for ending in ("iva", "ivano", "ì", "irono", "ito", "ita", "endo", "irà"))]


@cache
def reporting_forms() -> dict[str, str]:
    """Finite and participle forms of Italian reporting verbs, mapped to their lemma."""
    forms: dict[str, str] = {}
    for verb in ARE_VERBS:
        forms.update(dict.fromkeys(_are_forms(verb), verb))
    for verb in ISC_VERBS:
        forms.update(dict.fromkeys(_ire_forms(verb, isc=True), verb))
    for verb in IRE_VERBS:
        forms.update(dict.fromkeys(_ire_forms(verb, isc=False), verb))
    for verb, listed in IRREGULAR_FORMS.items():
        forms.update(dict.fromkeys(listed.split(), verb))
    return forms


@cache
def reporting_pattern() -> re.Pattern[str]:
    """A reporting verb form as a whole word; ``lemma_of`` maps a match to its lemma."""
    alternatives = "|".join(sorted(reporting_forms(), key=len, reverse=True))
    return re.compile(rf"(?<![\w’'])(?:{alternatives})(?![\w’'])", re.IGNORECASE)


def lemma_of(form: str) -> str:
    """The lemma of a reporting verb form found by :func:`reporting_pattern`."""
    key = re.sub(r"\s+", r"\\s+", form.lower())
    return reporting_forms()[key]


# Verbs by which a text cites a source ("secondo quanto riporta Sputnik").
SOURCE_VERBS = (
    r"riporta|riportano|riportava|riportato|riferisce|riferiscono|riferiva|riferito"
    r"|scrive|scrivono|scriveva|scritto|rende\s+noto|rendono\s+noto|reso\s+noto"
    r"|fa\s+sapere|fanno\s+sapere|fatto\s+sapere|annuncia|annunciato|comunica|comunicato"
    r"|afferma|affermato|spiega|spiegato|informa|informato|precisa|precisato"
)
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
