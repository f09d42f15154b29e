"""Every Italian word list of the package, each once.

Modules build their patterns from these lists; none keeps a list of its own.
Lists that are long or edited by hand live as files in ``resources/``
(``stopwords_it.txt``, ``roles_it.txt``) and are read by the modules that use them.
"""

from __future__ import annotations

import re
from functools import cache

# --------------------------------------------------------------------------
# the calendar

MONTHS = {
    "gennaio": 1, "febbraio": 2, "marzo": 3, "aprile": 4, "maggio": 5, "giugno": 6,
    "luglio": 7, "agosto": 8, "settembre": 9, "ottobre": 10, "novembre": 11, "dicembre": 12,
}  # fmt: skip
MONTH_ABBREVIATIONS = {
    "gen": 1, "genn": 1, "feb": 2, "febb": 2, "mar": 3, "apr": 4, "mag": 5, "magg": 5,
    "giu": 6, "lug": 7, "ago": 8, "set": 9, "sett": 9, "ott": 10, "nov": 11, "dic": 12,
}  # fmt: skip
WEEKDAYS = {
    "lunedì": 0, "martedì": 1, "mercoledì": 2, "giovedì": 3, "venerdì": 4,
    "sabato": 5, "domenica": 6,
}  # fmt: skip
WEEKDAY_ABBREVIATIONS = ("lun", "mar", "mer", "gio", "ven", "sab", "dom")
# "il secondo giovedì di marzo", "l'ultimo giorno di febbraio": counted from the end when negative.
ORDINALS = {
    "primo": 1, "prima": 1, "secondo": 2, "seconda": 2, "terzo": 3, "terza": 3, "quarto": 4,
    "quarta": 4, "quinto": 5, "quinta": 5, "ultimo": -1, "ultima": -1, "penultimo": -2,
    "penultima": -2,
}  # fmt: skip
# "l'anno scolastico" is not the calendar year: no "ultimo giorno dell'anno" there.
KINDS_OF_YEAR = (
    "scolastico", "accademico", "giudiziario", "liturgico", "fiscale", "sociale", "sabbatico",
    "lunare", "ebraico", "cinese", "islamico", "sportivo", "agonistico",
)  # fmt: skip
# Day offsets of the one-word deictics, and of "ieri sera"-like heads.
DAY_WORDS = {
    "oggi": 0, "ieri": -1, "domani": 1, "dopodomani": 2,
    "stamattina": 0, "stamane": 0, "stamani": 0, "stasera": 0, "stanotte": 0,
}  # fmt: skip
# Holidays on a fixed day (month, day)...
HOLIDAYS = {
    "natale": (12, 25), "vigilia di natale": (12, 24), "santo stefano": (12, 26),
    "san silvestro": (12, 31), "capodanno": (1, 1), "epifania": (1, 6),
    "san valentino": (2, 14), "ferragosto": (8, 15), "ognissanti": (11, 1),
}  # fmt: skip
# ... and movable feasts, in days from Easter Sunday.
EASTER_HOLIDAYS = {
    "pasqua": 0, "pasquetta": 1, "venerdì santo": -2, "domenica delle palme": -7,
    "mercoledì delle ceneri": -46, "pentecoste": 49,
}  # fmt: skip
# These need no cue; the others are also surnames, places and churches ("Isola di
# Pasqua", "Borgo Ognissanti"), so they need one ("a Natale", "dopo Pasqua").
UNCUED_HOLIDAYS = (
    "vigilia di natale", "capodanno", "ferragosto", "epifania", "pasquetta", "venerdì santo",
    "domenica delle palme", "mercoledì delle ceneri",
)  # fmt: skip
# A holiday after "<one of these> di" names a thing, not a day: "albero di Natale".
HOLIDAY_THINGS = (
    "albero", "alberi", "babbo", "isola", "uovo", "uova", "colomba", "stella", "spirito",
    "canto", "canti", "mercatino", "mercatini", "chiesa", "basilica", "parrocchia",
)  # fmt: skip


@cache
def number_words() -> dict[str, int]:
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
        words[ten[:-1]] = 10 * t  # elided before a vowel: "trent'anni"
        for u, unit in enumerate(units, 1):
            # The tens word drops its final vowel before "uno" and "otto".
            stem = ten[:-1] if unit in ("uno", "otto") else ten
            words[stem + ("tré" if unit == "tre" else unit)] = 10 * t + u
    return words


# --------------------------------------------------------------------------
# function words

ARTICLES = ("il", "lo", "la", "i", "gli", "le", "un", "uno", "una")
ELIDED_ARTICLES = ("l", "un")  # before an apostrophe: "l'", "un'"
# Prepositions joined with an article: "del Bari", "contro il" is an article already.
ARTICULATED_PREPOSITIONS = (
    "del", "dello", "della", "dei", "degli", "delle", "al", "allo", "alla", "ai", "agli", "alle",
    "dal", "dallo", "dalla", "dai", "dagli", "dalle", "nel", "nello", "nella", "nei", "negli", "nelle",
    "sul", "sullo", "sulla", "sui", "sugli", "sulle", "col", "coi",
)  # fmt: skip
ELIDED_PREPOSITIONS = ("dell", "all", "dall", "nell", "sull")  # before an apostrophe: "dell'"
AUXILIARIES = (
    "ha", "hanno", "aveva", "avevano", "avrebbe", "avrebbero", "avrà", "avranno",
    "abbia", "abbiano", "è", "sono", "era", "erano", "sarebbe", "sarà", "fu",
    "viene", "vengono", "venne", "sia", "siano", "essere", "avere",
)  # fmt: skip
# Lemmas of auxiliaries and modals ("è stato", "ha detto", "può fare", "sta facendo"): never content
# words, whatever a tagger calls them (UD tags modals AUX, but an untagged table has only the lemma).
AUXILIARY_LEMMAS = ("essere", "avere", "stare", "potere", "dovere", "volere")
# "di" and its forms joined with an article: the link inside a noun phrase ("vigili del fuoco").
DI_FORMS = ("di", "d'", "del", "dello", "della", "dell'", "dei", "degli", "delle")
# Adverbs that sit between an auxiliary, a verb and its subject: "ha poi aggiunto".
FILLERS = ("poi", "anche", "inoltre", "ancora", "quindi", "invece", "infine", "già", "più", "non", "così")
# Function words far more frequent in Italian than in its neighbours (language identification).
ITALIAN_MARKERS = frozenset(
    "il lo la i gli le della delle dello degli dei del che di è sono nel nella alla alle anche più "
    "questo questa dalla dal sul sulla dopo non per con un una tra essere stato".split()
)
# Words that start a sentence: used to unglue "per l'AntiDiplomaticoIl presidente …".
SENTENCE_OPENERS = (
    "Il", "Lo", "La", "I", "Gli", "Le", "L'", "Un", "Una", "Uno", "In", "Nel", "Nella", "Con", "Per", "Da",
    "Dal", "Dopo", "Secondo", "Ieri", "Oggi", "Domani", "È", "E", "Ma", "Non", "Io", "Noi", "Si", "Se", "Questo",
    "Questa", "Cosa", "Come", "Quando", "Mentre", "Adesso", "Ora", "Stasera", "A", "Al", "Alla", "Tra", "Fra",
    "Su", "Sul", "Sulla", "Cominciamo", "Proprio", "Già", "Anche", "Sono", "C'è",
)  # fmt: skip
# Words whose final apostrophe stands for an accent in informal or older writing.
ACCENT_APOSTROPHE_WORDS = (
    "po", "mo", "be", "piu", "perche", "poiche", "finche", "affinche", "benche",
    "gia", "pero", "puo", "cosi", "citta", "e",
)  # fmt: skip

# --------------------------------------------------------------------------
# people and their titles

# Abbreviated titles and forms of address, written with a dot before a name ("il sen. Grasso").
TITLE_ABBREVIATIONS = (
    "dott", "dott.ssa", "dr", "dr.ssa", "sen", "on", "sig", "sig.ra", "sig.na", "prof", "prof.ssa", "avv",
    "ing", "geom", "rag", "mons", "gen", "col", "cav", "arch", "sac", "mr", "mrs", "ms",
)  # fmt: skip
# Capitalised forms whose lower-case twin is read as a verb ("stato" -> "essere"), while
# capitalised they are almost always the noun ("capo di Stato", "il Trattato di Lisbona").
CAPITALISED_NOUNS = {"Stato": "stato", "Stati": "stato", "Trattato": "trattato", "Trattati": "trattato"}
# Adjectives and nouns that describe a person without being a role ("il noto Rossi",
# "il governo Prodi": the thing named after the person).
NOT_ROLES = frozenset(
    "signor signora signore stesso stessa nuovo nuova giovane giovani noto nota celebre famoso famosa "
    "grande piccolo vecchio povero povera caro cara compianto compianta cosiddetto cosiddetta solito "
    "governo esecutivo caso processo inchiesta famiglia clan gruppo partito quali".split()
)

# --------------------------------------------------------------------------
# actors: places, institutions, aliases

# Nouns of streets and squares: a name after them, or a name starting with them, is a place
# ("piazza Cavour", "via Roma", "Piazza del Popolo").
STREET_NOUNS = (
    "via", "viale", "piazza", "piazzale", "piazzetta", "corso", "largo", "vicolo", "vico", "lungomare",
    "lungotevere", "contrada", "località", "frazione", "quartiere", "rione", "strada",
)  # fmt: skip
# Nouns of venues: a person's name after them names the venue ("stadio San Nicola", "teatro
# Verdi"), but the venue may also act as an organisation ("il Teatro alla Scala").
VENUE_NOUNS = (
    "stazione", "aeroporto", "porto", "stadio", "palazzetto", "teatro", "ponte", "porta", "parco", "villa",
    "palazzo", "galleria", "basilica", "chiesa", "cattedrale", "duomo", "borgo",
)  # fmt: skip
# Institutions named by a common noun: the actor is whichever the article means ("il governo",
# "la polizia"), a different one in each article, so it is kept but flagged generic.
GENERIC_INSTITUTIONS = frozenset(
    (
        "governo", "esecutivo", "ministero", "regione", "provincia",
        "comune", "giunta", "consiglio comunale", "consiglio regionale", "amministrazione", "prefettura",
        "questura", "procura", "tribunale", "magistratura", "polizia", "polizia locale", "polizia municipale",
        "polizia di stato", "carabinieri", "arma dei carabinieri", "guardia di finanza", "fiamme gialle",
        "vigili del fuoco", "vigili", "esercito", "marina", "aeronautica", "forze armate", "forze dell'ordine",
        "protezione civile", "guardia costiera", "capitaneria di porto", "asl", "sindacati", "opposizione",
        "maggioranza", "municipio", "commissione", "polizia penitenziaria", "vigili urbani", "118",
    )
)  # fmt: skip
# Well-known names of one referent: canonical key -> other keys (normalised: lower case, no
# diacritics, no leading article). The canonical key is the acronym where there is one, as
# for the acronyms an article defines ("Nazioni Unite (ONU)" -> "onu").
ALIASES = {
    "usa": ("stati uniti", "stati uniti d'america", "u.s.a.", "u.s.a"),
    "onu": ("nazioni unite", "organizzazione delle nazioni unite"),
    "ue": ("unione europea", "u.e."),
    "regno unito": ("gran bretagna", "uk"),
    "urss": ("unione sovietica", "unione delle repubbliche socialiste sovietiche"),
    "nato": ("alleanza atlantica", "organizzazione del trattato dell'atlantico del nord"),
    "oms": ("organizzazione mondiale della sanita",),
    "fmi": ("fondo monetario internazionale",),
    "bce": ("banca centrale europea",),
    "russia": ("federazione russa",),
    "cina": ("repubblica popolare cinese",),
    "santa sede": ("vaticano", "citta del vaticano"),
    "paesi bassi": ("olanda",),
    # The press's standing epithets, used without the name ("il Cavaliere" for thirty years).
    "silvio berlusconi": ("cavaliere",),
}
# Participles before the interviewer: "Rossi, intervistato da Bianchi, ha detto" (Rossi speaks).
INTERVIEWED = ("intervistato", "intervistata", "intervistati", "intervistate", "interpellato", "interpellata")
# What introduces a nickname in apposition: "Silvio Berlusconi, detto il Cavaliere".
NICKNAME_CUES = ("detto", "detta", "soprannominato", "soprannominata", "alias", "noto come", "nota come")

# --------------------------------------------------------------------------
# reporting verbs: who says what

# Regular verbs, conjugated by corpus.cues; then the irregular forms, listed.
REPORTING_ARE_VERBS = (
    "affermare", "dichiarare", "sottolineare", "spiegare", "annunciare", "precisare",
    "ricordare", "osservare", "commentare", "evidenziare", "confermare", "raccontare",
    "rilevare", "denunciare", "replicare", "esclamare", "assicurare", "continuare",
    "notare", "annotare", "segnalare", "puntualizzare", "lamentare", "domandare",
    "incalzare", "twittare", "rimarcare", "accusare", "avvisare", "proclamare",
    "rivendicare", "auspicare", "argomentare", "comunicare", "riportare", "rivelare",
    "anticipare", "attaccare", "tuonare",
)  # fmt: skip
REPORTING_ISC_VERBS = ("ribadire", "chiarire", "riferire", "esordire", "garantire", "suggerire", "ammonire", "scandire")
REPORTING_IRE_VERBS = ("avvertire", "proseguire")
REPORTING_IRREGULAR_FORMS = {
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
    "esprimere": "esprime esprimono esprimeva espresse espressero espresso esprimerà esprimendo",
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
    """Finite and participle forms of the reporting verbs (as regular-expression text), mapped to their lemma."""
    forms: dict[str, str] = {}
    for verb in REPORTING_ARE_VERBS:
        forms.update(dict.fromkeys(_are_forms(verb), verb))
    for verb in REPORTING_ISC_VERBS:
        forms.update(dict.fromkeys(_ire_forms(verb, isc=True), verb))
    for verb in REPORTING_IRE_VERBS:
        forms.update(dict.fromkeys(_ire_forms(verb, isc=False), verb))
    for verb, listed in REPORTING_IRREGULAR_FORMS.items():
        forms.update(dict.fromkeys(listed.split(), verb))
    return forms


# The past participles of the irregular reporting verbs, without their ending ("detto" -> "dett").
REPORTING_IRREGULAR_PARTICIPLES = (
    "dett", "aggiunt", "sostenut", "scritt", "rispost", "conclus", "ammess", "insistit", "chiest", "promess",
    "riconosciut", "res", "fatt", "espress",
)  # fmt: skip


@cache
def reporting_participle_stems() -> tuple[str, ...]:
    """The past participles of the reporting verbs without their ending ("affermat", "dett", "scritt")."""
    stems = [verb[:-3] + "at" for verb in REPORTING_ARE_VERBS]
    stems += [verb[:-3] + "it" for verb in (*REPORTING_ISC_VERBS, *REPORTING_IRE_VERBS)]
    return tuple(sorted({*stems, *REPORTING_IRREGULAR_PARTICIPLES}, key=len, reverse=True))


def alternation(words) -> str:
    """A regular expression matching any of ``words`` (whole phrases: spaces as any white space), longest first."""
    return "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in sorted(set(words), key=len, reverse=True))


# Verbs by which a text cites a source ("secondo quanto riporta Sputnik").
SOURCE_VERB_FORMS = (
    "riporta", "riportano", "riportava", "riportato", "riferisce", "riferiscono", "riferiva", "riferito",
    "scrive", "scrivono", "scriveva", "scritto", "rende noto", "rendono noto", "reso noto",
    "fa sapere", "fanno sapere", "fatto sapere", "annuncia", "annunciato", "comunica", "comunicato",
    "afferma", "affermato", "spiega", "spiegato", "informa", "informato", "precisa", "precisato",
)  # fmt: skip

# --------------------------------------------------------------------------
# page furniture

# Labels that put a date on a line: "Pubblicato il", "Aggiornato il … alle ore …", "Data:".
PUBLISHED_LABELS = (
    "pubblicato", "pubblicata", "inserito", "inserita", "postato", "postata", "scritto", "scritta",
    "creato", "creata", "uscito", "uscita", "data di pubblicazione", "data pubblicazione", "data",
    "pubblicazione", "published", "posted", "date",
)  # fmt: skip
UPDATED_LABELS = (
    "aggiornato", "aggiornata", "ultimo aggiornamento", "aggiornamento", "ultima modifica", "modificato",
    "modificata", "updated", "last updated",
)  # fmt: skip
# Common section names, for a kicker above the title; a kicker in capitals needs none.
SECTIONS = frozenset(
    "cronaca politica economia esteri mondo italia sport cultura spettacoli spettacolo attualità società"
    " scienza scienze tecnologia salute ambiente interni regione notizie news opinioni editoriale"
    " cronache lavoro giustizia".split()
) | {"primo piano", "ultim'ora", "ultima ora", "breaking news"}
# Words that name an outlet rather than a person: "Gazzetta di Modena", "Il Sole 24 Ore".
OUTLET_NOUNS = frozenset(
    "gazzetta gazzettino corriere giornale repubblica stampa messaggero quotidiano notizie news post tribuna"
    " nazione carlino mattino tempo unione eco sole fatto manifesto avvenire libero foglio espresso today"
    " tg rai agenzia ansa agi adnkronos askanews dire radio tv press online magazine provincia secolo"
    " cronaca cronache informazione voce diario fanpage huffpost sky mediaset antidiplomatico adige"
    " giorno centro nuova sicilia tirreno arena resto".split()
)
# Headings of related-article sections ("Leggi anche", "Le più recenti da …").
RELATED_HEADINGS = (
    "le più recenti", "le piu recenti", "on fire", "leggi anche", "potrebbe interessarti", "ti potrebbe interessare",
    "potrebbero interessarti", "articoli correlati", "notizie correlate", "articoli collegati", "correlati",
    "altri articoli", "altre notizie", "ultime notizie", "più letti", "più lette", "piu letti", "piu lette",
    "in evidenza", "i più visti", "i piu visti", "dello stesso autore", "ultimi articoli", "ultimo articolo", "approfondisci", "vedi anche", "guarda anche",
    "da non perdere",
)  # fmt: skip
# Labels of a tag line ("Tag: politica, Roma").
TAG_LABELS = ("tag", "tags", "argomenti", "parole chiave", "keyword", "keywords", "temi", "etichette")
