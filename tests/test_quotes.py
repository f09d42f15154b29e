import pandas as pd
import pytest

import actor_frames as frames
from corpus import actors as A, schema
from corpus import quotes as Q
from corpus import roles as R

QUOTE_TEXT = (
    "Il sindaco di Roma, Mario Rossi, ha parlato ieri. "
    "«Non ci arrenderemo mai davanti alla crisi», ha dichiarato il primo cittadino. "
    "Poi ha aggiunto: “La città ripartirà presto, ne sono certo”. "
    "Secondo Anna Bianchi, \"la giunta ha sbagliato tutto fin dall'inizio\".\n\n"
    "Anna Bianchi aveva detto che \"non ci sono soldi per le buche\" ieri. "
    "Il progetto era stato definito “una follia” dai critici. "
    "«Mai», ha risposto Rossi. «Le sanzioni non funzionano affatto», ha fatto sapere il Cremlino.\n\n"
    "\"Nessuno sa come andrà a finire questa storia.\" "
    "«Ci vediamo domani in aula», dice Bianchi, «e porteremo le carte»."
)
QUOTE_NAMES = [("Roma", "LOC"), ("Mario Rossi", "PER"), ("Anna Bianchi", "PER"), ("Cremlino", "ORG")]


@pytest.fixture(scope="module")
def quoted():
    docs = frames.documents({"q": QUOTE_TEXT})
    mentions = A.mentions(frames.entities(docs, {"q": QUOTE_NAMES}), docs, frames.sentences(docs))
    return docs, mentions, R.roles(mentions, docs)


def test_quotes_attribution_in_every_position(quoted):
    docs, mentions, roles = quoted
    quotes = Q.quotes(docs, mentions, roles)
    assert quotes[["speaker", "verb", "quote"]].astype(object).where(quotes.notna(), None).values.tolist() == [
        # verb after the quote, speaker only by role: "primo cittadino" ~ "sindaco di Roma"
        ["PER:mario rossi", "dichiarare", "Non ci arrenderemo mai davanti alla crisi"],
        # verb before, subject dropped: the last speaker goes on
        ["PER:mario rossi", "aggiungere", "La città ripartirà presto, ne sono certo"],
        ["PER:anna bianchi", "secondo", "la giunta ha sbagliato tutto fin dall'inizio"],
        # pluperfect, subject before the verb, "che" before the quote
        ["PER:anna bianchi", "dire", "non ci sono soldi per le buche"],
        # “una follia” is a scare quote; "Mai" is short but a verb follows it
        ["PER:mario rossi", "rispondere", "Mai"],
        ["ORG:cremlino", "fare sapere", "Le sanzioni non funzionano affatto"],
        [None, None, "Nessuno sa come andrà a finire questa storia."],
        ["PER:anna bianchi", "dire", "Ci vediamo domani in aula"],
        ["PER:anna bianchi", "dire", "e porteremo le carte"],  # continues the quote before it
    ]
    spans = quotes[["quote", "start", "end"]].itertuples(index=False)
    assert all(QUOTE_TEXT[start:end] == quote for quote, start, end in spans)
    assert dict(quotes.dtypes) == schema.QUOTES


def test_sources_after_and_before_their_cue(quoted):
    docs, mentions, _ = quoted
    sources = Q.sources(docs, mentions)
    assert sources[["source", "cue", "start", "end"]].values.tolist() == [
        ["PER:anna bianchi", "secondo", 190, 210],
        ["ORG:cremlino", "ha fatto sapere", 450, 477],
    ]
    docs = frames.documents({"t": "La Tass riferisce che il vertice è saltato. Il secondo Gran Premio è domani."})
    mentions = A.mentions(frames.entities(docs, {"t": [("Tass", "ORG")]}), docs, frames.sentences(docs))
    # "Il secondo Gran Premio" is an ordinal, not a cue, and adds no mention.
    assert mentions["text"].tolist() == ["Tass"]
    assert Q.sources(docs, mentions)[["source", "cue", "start", "end"]].values.tolist() == [
        ["ORG:tass", "riferisce", 3, 17]
    ]


def test_quotes_and_sources_of_documents_without_any_are_empty_typed_tables():
    docs = frames.documents({"x": "Nessuno ha parlato."})
    mentions = A.mentions(frames.entities(docs, {}), docs, frames.sentences(docs))
    quotes = Q.quotes(docs, mentions, R.roles(mentions, docs))
    sources = Q.sources(docs, mentions)
    assert quotes.empty and dict(quotes.dtypes) == schema.QUOTES
    assert sources.empty and dict(sources.dtypes) == schema.SOURCES


@pytest.fixture(scope="module")
def seed():
    return frames.seed()


def test_seed_quotes_both_belong_to_tokayev(seed):
    docs, mentions = seed
    quotes = Q.quotes(docs, mentions, R.roles(mentions, docs))
    text = docs["text"][0]
    assert quotes[["speaker", "verb", "start", "end"]].values.tolist() == [
        ["PER:kassym-jomart tokayev", "affermare", 208, 273],  # "ha affermato il capo di Stato"
        ["PER:kassym-jomart tokayev", "affermare", 782, 971],  # "ha affermato il leader kazako"
    ]
    assert text[208:273] == "Ritengo opportuno e tempestivo fare appello ai partner della CSTO"
    assert text[782:971].startswith("Queste bande terroristiche sono internazionali")


def test_seed_sources(seed):
    docs, mentions = seed
    sources = Q.sources(docs, mentions)
    text = docs["text"][0]
    assert sources[["source", "cue"]].values.tolist() == [
        ["ORG:sputnik kazakistan", "secondo quanto riporta"],
        ["ORG:rt", "secondo quanto riferisce"],  # spelled "sencondo" in the article
    ]
    assert [text[start:end] for start, end in sources[["start", "end"]].itertuples(index=False)] == [
        "secondo quanto riporta Sputnik Kazakistan",
        "sencondo quanto riferisce l'emittente RT",
    ]


# --------------------------------------------------------------------------
# attribution before, after and inside the quote; who is addressed; places


def _speakers(text: str, names: list[tuple[str, str]]) -> list[list]:
    docs = frames.documents({"x": text})
    mentions = A.mentions(frames.entities(docs, {"x": names}), docs, frames.sentences(docs))
    quotes = Q.quotes(docs, mentions, R.roles(mentions, docs))
    return quotes[["speaker", "verb", "quote"]].astype(object).where(quotes.notna(), None).values.tolist()


def test_an_attribution_inside_the_quote():
    text = (
        "«Siamo soddisfatti del risultato – prosegue Enrico Corsini – perché la città ha risposto bene». "
        "«Abbiamo vinto», ha detto Anna Bianchi, «e lo rifaremo domani»."
    )
    assert _speakers(text, [("Enrico Corsini", "PER"), ("Anna Bianchi", "PER")]) == [
        ["PER:enrico corsini", "proseguire",
         "Siamo soddisfatti del risultato – prosegue Enrico Corsini – perché la città ha risposto bene"],
        ["PER:anna bianchi", "dire", "Abbiamo vinto"],
        ["PER:anna bianchi", "dire", "e lo rifaremo domani"],
    ]  # fmt: skip


def test_a_speaker_named_before_a_colon():
    text = "Il vertice è finito tardi. Enrico Corsini: «Non firmeremo questo accordo». Il sindaco: «Andiamo avanti»."
    names = [("Enrico Corsini", "PER")]
    assert _speakers(text, names) == [
        ["PER:enrico corsini", None, "Non firmeremo questo accordo"],
        [None, None, "Andiamo avanti"],  # "il sindaco" names no one in this article
    ]


def test_the_person_addressed_is_not_the_speaker():
    text = (
        "Anna Bianchi ha chiesto a Mario Rossi: «Quando arriveranno i fondi per la scuola?». "
        "Rossi, intervistato da Luca Verdi, ha detto: «I fondi arriveranno entro l'anno»."
    )
    names = [("Anna Bianchi", "PER"), ("Mario Rossi", "PER"), ("Luca Verdi", "PER")]
    assert _speakers(text, names) == [
        ["PER:anna bianchi", "chiedere", "Quando arriveranno i fondi per la scuola?"],
        ["PER:mario rossi", "dire", "I fondi arriveranno entro l'anno"],
    ]


def test_a_place_never_speaks_but_an_institution_may():
    text = (
        "«Il traffico riprenderà domani mattina», ha detto Genova ieri. "
        "«Abbiamo arrestato tre persone in centro», ha riferito la polizia."
    )
    # Genova tagged PER in three articles: the corpus reads it as the town, which cannot speak.
    texts = {f"d{i}": text for i in range(3)}
    docs = frames.documents(texts)
    entities = frames.entities(docs, dict.fromkeys(texts, [("Genova", "PER"), ("polizia", "ORG")]))
    keys, links = A.mention_keys(entities, docs, frames.sentences(docs))
    names = A.names_of(keys, links)
    local = A.local_mentions(keys)
    found = Q.quotes(docs, local, R.roles(local, docs))
    quotes = Q.with_speakers(found, A.actor_id_map(keys, names))
    assert quotes.loc[quotes["doc_id"] == "d0", ["speaker", "verb"]].astype(object).values.tolist() == [
        [pd.NA, "dire"], ["ORG:polizia", "riferire"],
    ]  # fmt: skip
    text = "«Le immagini lo testimoniano – dicono i magistrati di piazza Cavour – in modo chiaro»."
    assert _speakers(text, [("piazza Cavour", "ORG")]) == [
        [None, "dire", "Le immagini lo testimoniano – dicono i magistrati di piazza Cavour – in modo chiaro"]
    ]


def test_a_speaker_named_by_role_is_the_person_the_article_gave_that_role():
    text = (
        "Il ministro dell'Interno, Marco Neri, è arrivato a Bari. "
        "«La sicurezza viene prima di tutto», ha spiegato il ministro."
    )
    assert _speakers(text, [("Marco Neri", "PER"), ("Bari", "LOC")]) == [
        ["PER:marco neri", "spiegare", "La sicurezza viene prima di tutto"]
    ]


@pytest.mark.parametrize(
    ("text", "speech"),
    [
        ("definiti come “terroristi” dal governo", False),
        ("la cosiddetta ‘operazione’ va avanti", False),
        ("Ha detto: «Basta» e se ne è andato", True),
        ("«Mai più», ha aggiunto il sindaco", True),
        ("Si parla di “sicurezza.” ovunque", True),
        ("il “piano per la ripresa economica del Paese” è pronto", True),
        ("lo ha definito “una follia” ieri", False),
    ],
)
def test_is_speech_is_the_one_decision_between_speech_and_scare_quotes(text, speech):
    match = Q.QUOTE.search(text)
    assert Q.is_speech(text, *match.span(match.lastgroup)) is speech


def test_attribution_in_the_next_sentence_and_a_verb_that_opens_the_next_quote():
    text = (
        "«Il Papa è lucido e sereno». È quanto ha dichiarato il portavoce Joaquín Navarro-Valls. "
        "Il segretario Pierluigi Bersani ha commentato: «Bisogna reagire insieme», mentre Francesco Storace "
        "ha affermato: «Lo Stato latita da anni ormai»."
    )
    names = [("Joaquín Navarro-Valls", "PER"), ("Pierluigi Bersani", "PER"), ("Francesco Storace", "PER")]
    assert _speakers(text, names) == [
        ["PER:joaquin navarro-valls", "dichiarare", "Il Papa è lucido e sereno"],
        ["PER:pierluigi bersani", "commentare", "Bisogna reagire insieme"],
        ["PER:francesco storace", "affermare", "Lo Stato latita da anni ormai"],
    ]
