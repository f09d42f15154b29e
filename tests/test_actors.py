import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import actor_frames as frames
from corpus import actors as A, schema
from corpus import config
from corpus import quotes as Q
from corpus import roles as R
from corpus.schema import STRING, TIMESTAMP


RESOLUTION_TEXTS = {
    "a": "Il presidente Tokayev ha incontrato Vladimir Putin a Mosca. Kassym-Jomart Tokayev ha poi parlato con Putin.",
    "b": "Putin ha telefonato a Laura Bush. George Bush non ha risposto, Bush era in viaggio.",
    "c": "L'Organizzazione delle Nazioni Unite (ONU) ha votato. Il voto dell'ONU è arrivato tardi e la Onu tace.",
    "d": "L'Organizzazione delle Nazioni Unite ha sede a New York. Anche Bush ci andò.",
    "e": "Recep Tayyip Erdoğan ha parlato ad Ankara.",
    "f": "Recep Tayyip Erdogan ha risposto ad Atene.",
}
RESOLUTION_NAMES = {
    # The NER tags a title with the name, misses the second "Putin", splits the acronym's expansion.
    "a": [("presidente Tokayev", "PER"), ("Vladimir Putin", "PER"), ("Kassym-Jomart Tokayev", "PER"), ("Mosca", "LOC")],
    "b": [("Putin", "PER"), ("Laura Bush", "PER"), ("George Bush", "PER")],
    "c": [("Nazioni Unite", "ORG"), ("Onu", "ORG")],
    "d": [("Organizzazione delle Nazioni Unite", "ORG"), ("New York", "LOC"), ("Bush", "PER")],
    "e": [("Recep Tayyip Erdoğan", "PER"), ("Ankara", "LOC")],
    "f": [("Recep Tayyip Erdogan", "PER"), ("Atene", "LOC")],
}
PUBLISHED = {
    "a": "2022-01-05 10:00", "b": "2022-01-06 10:00", "c": "2022-01-07 10:00",
    "d": "2022-01-08 10:00", "e": "2022-02-01 10:00", "f": "2022-03-01 10:00",
}  # fmt: skip


@pytest.fixture(scope="module")
def resolution():
    return frames.resolved(RESOLUTION_TEXTS, RESOLUTION_NAMES, published=PUBLISHED)


def test_normalise_folds_case_diacritics_apostrophes_and_articles():
    assert A.normalise("l’ONU") == "onu"
    assert A.normalise("la  CSTO") == "csto"
    assert A.normalise("Erdoğan") == "erdogan"
    assert A.normalise("Kassym-Jomart Tokayev") == "kassym-jomart tokayev"


def test_mentions_resolve_within_document_and_across_corpus(resolution):
    _, mentions = resolution
    got = list(mentions[["doc_id", "start", "end", "text", "actor_id"]].itertuples(index=False, name=None))
    assert got == [
        ("a", 14, 21, "Tokayev", "PER:kassym-jomart tokayev"),
        ("a", 36, 50, "Vladimir Putin", "PER:vladimir putin"),
        ("a", 53, 58, "Mosca", "LOC:mosca"),
        ("a", 60, 81, "Kassym-Jomart Tokayev", "PER:kassym-jomart tokayev"),
        ("a", 101, 106, "Putin", "PER:vladimir putin"),  # missed by the NER, added as a known surname
        ("b", 0, 5, "Putin", "PER:vladimir putin"),  # one "… Putin" in the whole corpus
        ("b", 22, 32, "Laura Bush", "PER:laura bush"),
        ("b", 34, 45, "George Bush", "PER:george bush"),
        ("b", 63, 67, "Bush", "PER:bush"),  # two Bushes in the document: left alone
        ("c", 2, 36, "Organizzazione delle Nazioni Unite", "ORG:onu"),
        ("c", 38, 41, "ONU", "ORG:onu"),
        ("c", 67, 70, "ONU", "ORG:onu"),  # "dell'ONU"
        ("c", 93, 96, "Onu", "ORG:onu"),
        ("d", 2, 36, "Organizzazione delle Nazioni Unite", "ORG:onu"),  # the expansion alone
        ("d", 47, 55, "New York", "LOC:new york"),
        ("d", 63, 67, "Bush", "PER:bush"),  # two Bushes in the corpus: left alone
        ("e", 0, 20, "Recep Tayyip Erdoğan", "PER:recep tayyip erdogan"),
        ("e", 35, 41, "Ankara", "LOC:ankara"),
        ("f", 0, 20, "Recep Tayyip Erdogan", "PER:recep tayyip erdogan"),
        ("f", 36, 41, "Atene", "LOC:atene"),
    ]
    assert mentions["sentence"].tolist()[:5] == [0, 0, 0, 1, 1]
    assert dict(mentions.dtypes) == schema.MENTIONS


def test_actors_aggregate_names_aliases_counts_and_dates(resolution):
    docs, mentions = resolution
    actors = A.actors(mentions, docs).set_index("actor_id")
    assert dict(actors.reset_index().dtypes) == schema.ACTORS
    assert actors.loc["ORG:onu", ["name", "type", "aliases", "mentions", "documents"]].tolist() == [
        "ONU", "ORG", "Organizzazione delle Nazioni Unite", 5, 2,
    ]  # fmt: skip
    assert actors.loc["PER:kassym-jomart tokayev", ["name", "aliases", "mentions"]].tolist() == [
        "Kassym-Jomart Tokayev", "Tokayev", 2,
    ]  # fmt: skip
    putin = actors.loc["PER:vladimir putin"]
    assert (putin["name"], putin["aliases"], putin["mentions"], putin["documents"]) == ("Vladimir Putin", "Putin", 3, 2)
    assert putin["first"] == pd.Timestamp("2022-01-05 10:00", tz="Europe/Rome")
    assert putin["last"] == pd.Timestamp("2022-01-06 10:00", tz="Europe/Rome")
    # Spellings that differ only in diacritics are one key, hence no alias.
    assert actors.loc["PER:recep tayyip erdogan", ["mentions", "aliases"]].tolist() == [2, ""]
    assert actors.index[0] == "ORG:onu"  # most mentioned first


def test_mentions_of_an_empty_ner_output_still_find_defined_acronyms():
    docs = frames.documents({"x": "Il Fondo Monetario Internazionale (FMI) ha alzato le stime. Il FMI è prudente."})
    mentions = A.mentions(frames.entities(docs, {}), docs, frames.sentences(docs))
    assert mentions[["text", "sentence", "actor_id"]].values.tolist() == [
        ["Fondo Monetario Internazionale", 0, "ORG:fmi"],
        ["FMI", 0, "ORG:fmi"],
        ["FMI", 1, "ORG:fmi"],
    ]


def test_a_cited_source_becomes_one_org_mention_even_when_the_ner_split_it():
    docs = frames.documents({"x": "Lo ha detto secondo quanto riporta l'agenzia Sputnik Kazakistan oggi."})
    mentions = A.mentions(frames.entities(docs, {"x": [("Kazakistan", "LOC")]}), docs, frames.sentences(docs))
    assert mentions[["text", "type", "actor_id"]].values.tolist() == [
        ["Sputnik Kazakistan", "ORG", "ORG:sputnik kazakistan"]
    ]


def test_empty_inputs_give_empty_typed_tables():
    docs = frames.documents({})
    sentences = pd.DataFrame({"doc_id": [], "sentence": [], "start": [], "end": []})
    mentions = A.mentions(frames.entities(docs, {}), docs, sentences)
    assert mentions.empty and dict(mentions.dtypes) == schema.MENTIONS
    assert dict(A.actors(mentions, docs).dtypes) == schema.ACTORS
    assert dict(R.roles(mentions, docs).dtypes) == schema.ROLES


@pytest.fixture(scope="module")
def seed():
    return frames.seed()


def test_seed_actors(seed):
    docs, mentions = seed
    actors = A.actors(mentions, docs)
    assert actors[["actor_id", "name", "type", "aliases", "mentions"]].values.tolist() == [
        ["ORG:csto", "CSTO", "ORG", "Organizzazione del Trattato di Sicurezza Collettiva", 7],
        ["LOC:kazakistan", "Kazakistan", "LOC", "", 6],
        ["PER:kassym-jomart tokayev", "Kassym-Jomart Tokayev", "PER", "Tokayev", 4],
        ["PER:nikol pashinian", "Nikol Pashinian", "PER", "Pashinian", 2],
        ["LOC:almaty", "Almaty", "LOC", "", 1],
        ["LOC:armenia", "Armenia", "LOC", "", 1],
        ["LOC:bielorussia", "Bielorussia", "LOC", "", 1],
        ["LOC:kirghizistan", "Kirghizistan", "LOC", "", 1],
        ["LOC:russia", "Russia", "LOC", "", 1],
        ["LOC:tagikistan", "Tagikistan", "LOC", "", 1],
        ["ORG:rt", "RT", "ORG", "", 1],
        ["ORG:sputnik kazakistan", "Sputnik Kazakistan", "ORG", "", 1],
    ]
    assert set(actors["first"]) == {pd.Timestamp("2022-01-05 21:16", tz="Europe/Rome")}
    assert actors["first"].dtype == TIMESTAMP and actors["name"].dtype == STRING


@pytest.mark.skipif(not (config.MODELS_DIR / "ner_it" / "meta.json").is_file(), reason="the NER model is not built")
def test_seed_with_the_shipped_ner_model():
    import corpus
    from corpus.ner import recognize_entities
    from corpus.text import text_layer

    docs = corpus.load(config.SEEDS_DIR, cache=False).documents
    docs = docs[docs["doc_id"] == frames.SEED_ID].reset_index(drop=True)
    sentences, tokens = text_layer(docs)
    mentions = A.mentions(recognize_entities(tokens), docs, sentences)
    actors = A.actors(mentions, docs).set_index("actor_id")
    assert {"PER:kassym-jomart tokayev", "PER:nikol pashinian", "ORG:csto", "ORG:rt", "ORG:sputnik kazakistan"} <= set(
        actors.index
    )
    assert actors.loc["PER:kassym-jomart tokayev", ["aliases", "mentions"]].tolist() == ["Tokayev", 4]
    roles = R.roles(mentions, docs)
    quotes = Q.quotes(docs, mentions, roles)
    assert quotes["speaker"].tolist() == ["PER:kassym-jomart tokayev", "PER:kassym-jomart tokayev"]
    assert Q.sources(docs, mentions)["source"].tolist() == ["ORG:sputnik kazakistan", "ORG:rt"]


NAME = st.from_regex(r"[A-Z][a-z]{2,8}", fullmatch=True)


@given(first=NAME, surname=NAME, filler=st.sampled_from(["ha parlato.", "è arrivato ieri.", "ha risposto."]))
def test_a_surname_after_the_full_name_is_the_same_actor(first, surname, filler):
    text = f"{first} {surname} {filler} Poi {surname} {filler}"
    docs, mentions = frames.resolved({"x": text}, {"x": [(f"{first} {surname}", "PER")]})
    assert set(mentions["actor_id"]) == {f"PER:{first.lower()} {surname.lower()}"}
    assert mentions["text"].tolist() == [f"{first} {surname}", surname]


# --------------------------------------------------------------------------
# typing: places the model was not sure of


def _typed(text: str, names: list[tuple[str, str]], confidence: float | None = None) -> list[tuple[str, str]]:
    docs = frames.documents({"x": text})
    entities = frames.entities(docs, {"x": names})
    if confidence is not None:
        entities = entities.assign(confidence=confidence)
    mentions = A.mentions(entities, docs, frames.sentences(docs))
    return list(zip(mentions["text"], mentions["type"]))


def test_a_town_named_alone_is_a_place_unless_the_model_is_confident():
    text = "A Corato ieri il consiglio si è riunito. Corato attende la decisione."
    # One article is no evidence either way (PLACE_DOCUMENTS): the model's label stands.
    assert _typed(text, [("Corato", "PER")]) == [("Corato", "PER"), ("Corato", "PER")]
    texts = {f"d{i}": text for i in range(3)}
    for confidence, kind in ((None, "LOC"), (0.6, "LOC"), (0.97, "PER")):
        docs = frames.documents(texts)
        entities = frames.entities(docs, dict.fromkeys(texts, [("Corato", "PER")]))
        if confidence is not None:
            entities = entities.assign(confidence=confidence)
        mentions = A.mentions(entities, docs, frames.sentences(docs))
        assert set(mentions["type"]) == {kind} and set(mentions["actor_id"]) == {f"{kind}:corato"}


def test_a_person_named_like_a_town_and_a_town_council_keep_their_type():
    text = "Mario Corato ha vinto. Corato ha poi ringraziato il Comune di Corato."
    names = [("Mario Corato", "PER"), ("Comune di Corato", "ORG"), ("Corato", "PER")]
    assert _typed(text, names) == [("Mario Corato", "PER"), ("Corato", "PER"), ("Comune di Corato", "ORG")]


def test_countries_regions_streets_and_teams():
    text = (
        "Hezbollah colpisce il Libano. In piazza Cavour e in Puglia si vota; il Bari perde, Bari-Lecce è rinviata, "
        "a Bari si festeggia. Il sig. Castelli ha spiegato tutto."
    )
    names = [("Libano", "PER"), ("Cavour", "PER"), ("Puglia", "PER"), ("Bari", "ORG"), ("Castelli", "PER")]
    assert _typed(text, names) == [
        ("Libano", "LOC"), ("piazza Cavour", "LOC"), ("Puglia", "LOC"), ("Bari", "ORG"), ("Bari", "ORG"),
        ("Bari", "LOC"), ("Castelli", "PER"),  # a title before a name: a person, though Castelli is a town
    ]  # fmt: skip


def test_the_corpus_decides_whether_a_lone_name_is_a_town_or_a_surname():
    texts = {
        "a": "Mario Monti ha parlato. Monti ha poi taciuto.",
        "b": "Mario Monti è a Roma. Mario Monti torna.",
        "c": "Hanno governato Prodi e Monti.",  # a surname alone: the corpus knows Mario Monti
        "d": "Corato attende il sindaco. Corato è in festa.",
        "e": "Il consiglio di Corato si riunisce. Corato vota.",
        "f": "Mario Corato ha vinto la gara.",  # one person called Corato, lone Corato in three articles: the town
        "g": "Il sindaco di Corato ha parlato.",
    }
    names = {key: [("Mario Monti", "PER"), ("Monti", "PER"), ("Prodi", "PER"), ("Corato", "PER"),
                   ("Mario Corato", "PER")] for key in texts}  # fmt: skip
    _, mentions = frames.resolved(texts, names)
    got = {(doc, text): actor for doc, text, actor in mentions[["doc_id", "text", "actor_id"]].values.tolist()}
    assert got[("c", "Monti")] == "PER:mario monti"
    assert got[("d", "Corato")] == got[("e", "Corato")] == got[("g", "Corato")] == "LOC:corato"
    assert got[("f", "Mario Corato")] == "PER:mario corato"
    assert mentions.loc[mentions["text"] == "Corato", "type"].unique().tolist() == ["LOC"]


# --------------------------------------------------------------------------
# one actor per referent


ACROSS_TEXTS = {
    "a": "L'Italia ha votato no. Gli Stati Uniti protestano, gli USA minacciano.",
    "b": "L'Italia è in Europa. Il governo italiano e la polizia tacciono. L'Unione Europea (UE) discute.",
    "c": "Silvio Berlusconi, il Cavaliere, ha parlato. Poi il Cavaliere è partito. La Ue risponde. Italia!",
    "d": "Il Cavaliere torna in Italia.",
}
ACROSS_NAMES = {
    "a": [("Italia", "ORG"), ("Stati Uniti", "LOC"), ("USA", "ORG")],
    "b": [("Italia", "LOC"), ("Europa", "LOC"), ("governo", "ORG"), ("polizia", "ORG")],
    "c": [("Silvio Berlusconi", "PER"), ("Ue", "ORG"), ("Italia", "LOC")],
    "d": [("Cavaliere", "PER"), ("Italia", "LOC")],
}


@pytest.fixture(scope="module")
def across():
    return frames.resolved(ACROSS_TEXTS, ACROSS_NAMES, published=dict.fromkeys(ACROSS_TEXTS, "2024-05-01 10:00"))


def test_one_actor_across_types_aliases_and_nicknames(across):
    docs, mentions = across
    assert mentions[["doc_id", "text", "type", "actor_id"]].values.tolist() == [
        ["a", "Italia", "ORG", "LOC:italia"],  # typed ORG here, LOC in three other articles
        ["a", "Stati Uniti", "LOC", "LOC:usa"],
        ["a", "USA", "ORG", "LOC:usa"],
        ["b", "Italia", "LOC", "LOC:italia"],
        ["b", "Europa", "LOC", "LOC:europa"],
        ["b", "governo", "ORG", "ORG:governo"],
        ["b", "polizia", "ORG", "ORG:polizia"],
        ["b", "Unione Europea", "ORG", "ORG:ue"],
        ["b", "UE", "ORG", "ORG:ue"],
        ["c", "Silvio Berlusconi", "PER", "PER:silvio berlusconi"],
        ["c", "Cavaliere", "PER", "PER:silvio berlusconi"],  # the nickname in apposition
        ["c", "Cavaliere", "PER", "PER:silvio berlusconi"],
        ["c", "Ue", "ORG", "ORG:ue"],
        ["c", "Italia", "LOC", "LOC:italia"],
        ["d", "Cavaliere", "PER", "PER:silvio berlusconi"],  # another article: the corpus's nickname
        ["d", "Italia", "LOC", "LOC:italia"],
    ]


def test_actors_carry_type_shares_and_a_generic_flag(across):
    docs, mentions = across
    actors = A.actors(mentions, docs).set_index("actor_id")
    assert dict(actors.reset_index().dtypes) == schema.ACTORS
    italia = actors.loc["LOC:italia"]
    assert (italia["mentions"], italia["share_loc"], italia["share_org"], italia["share_per"]) == (4, 0.75, 0.25, 0.0)
    assert actors.loc["LOC:usa", ["name", "aliases", "share_org"]].tolist() == ["USA", "Stati Uniti", 0.5]
    assert actors.loc["PER:silvio berlusconi", ["aliases", "mentions"]].tolist() == ["Cavaliere", 4]
    assert actors["generic"].to_dict() == {
        "LOC:italia": False, "PER:silvio berlusconi": False, "ORG:ue": False, "LOC:usa": False,
        "LOC:europa": False, "ORG:governo": True, "ORG:polizia": True,
    }  # fmt: skip
    top = A.top_actors(actors.reset_index(), n=3)
    assert top["actor_id"].tolist() == ["LOC:italia", "PER:silvio berlusconi", "ORG:ue"]
    assert A.top_actors(actors.reset_index(), n=10, types="ORG")["actor_id"].tolist() == ["ORG:ue"]
    assert "ORG:governo" in set(A.top_actors(actors.reset_index(), n=10, generic=True)["actor_id"])


def test_a_role_in_apposition_is_no_nickname():
    docs, mentions = frames.resolved(
        {"x": "Mario Draghi, il Presidente del Consiglio, ha parlato."}, {"x": [("Mario Draghi", "PER")]}
    )
    assert mentions["text"].tolist() == ["Mario Draghi"]
