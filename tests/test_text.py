"""Tests of corpus.text: Italian tokens, sentences, lemmas, stop words, language."""

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nltk.tokenize.punkt import PunktSentenceTokenizer

from corpus.schema import SENTENCES, TOKENS
from corpus.text import (
    punkt_parameters,
    split_sentences,
    stop_words,
    text_layer,
    tokenize,
)

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_3a0c8e003257abe6.txt"


def words(text: str) -> list[str]:
    return [text[start:end] for start, end in tokenize(text)]


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


@pytest.fixture(scope="module")
def seed_body() -> str:
    """The seed's 9 body paragraphs, "Il presidente del Kazakistan, ..." to "...dell'organizzazione."."""
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    return "\n\n".join(lines[2:11])


@pytest.fixture(scope="module")
def seed_layer(seed_body):
    return text_layer(pd.DataFrame({"doc_id": ["seed"], "text": [seed_body]}))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("l'aggressione", ["l'", "aggressione"]),
        ("un’aggressione", ["un’", "aggressione"]),
        ("dell'organizzazione all'estero", ["dell'", "organizzazione", "all'", "estero"]),
        ("C’è, c'è", ["C’", "è", ",", "c'", "è"]),
        ("L'80%", ["L'", "80%"]),
        ("un po' di tempo", ["un", "po'", "di", "tempo"]),
        ("E' vero, perche' no", ["E'", "vero", ",", "perche'", "no"]),
        ("le 'bande' armate", ["le", "'", "bande", "'", "armate"]),
    ],
)
def test_elisions_and_apostrophes(text, expected):
    assert words(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kassym-Jomart Tokayev", ["Kassym-Jomart", "Tokayev"]),
        ("due F-16 e il COVID-19", ["due", "F-16", "e", "il", "COVID-19"]),
        ("il 344esimo Centro", ["il", "344esimo", "Centro"]),
        ("il 10,5% di 1.000 euro", ["il", "10,5%", "di", "1.000", "euro"]),
        ("il 15%.", ["il", "15%", "."]),
        ("in data 08/09/2015 alle 21:16.", ["in", "data", "08/09/2015", "alle", "21:16", "."]),
        ("nel 2022-2023", ["nel", "2022-2023"]),
        ("n.162/2015", ["n.", "162/2015"]),
    ],
)
def test_hyphens_and_numbers(text, expected):
    assert words(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("il Dott. Rossi", ["il", "Dott.", "Rossi"]),
        ("il sen. Bianchi e l'on. Verdi", ["il", "sen.", "Bianchi", "e", "l'", "on.", "Verdi"]),
        ("armi, droga ecc. e altro", ["armi", ",", "droga", "ecc.", "e", "altro"]),
        ("la dott.ssa Neri", ["la", "dott.ssa", "Neri"]),
        ("la Fiat S.p.A. e George W. Bush", ["la", "Fiat", "S.p.A.", "e", "George", "W.", "Bush"]),
        ("gli U.S.A. e la Fiat S.p.A", ["gli", "U.S.A.", "e", "la", "Fiat", "S.p.A"]),
        ("p.es. questo", ["p.es.", "questo"]),
        ("fine della frase.", ["fine", "della", "frase", "."]),
    ],
)
def test_abbreviations_keep_their_period(text, expected):
    assert words(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“terroristi”", ["“", "terroristi", "”"]),
        ("«Basta», disse.", ["«", "Basta", "»", ",", "disse", "."]),
        ('"Ritengo", ha (CSTO):', ['"', "Ritengo", '"', ",", "ha", "(", "CSTO", ")", ":"]),
        ("anno... Poi… sì!?", ["anno", "...", "Poi", "…", "sì", "!", "?"]),
        (
            "scrivi a mario.rossi@example.it o su https://www.example.it/a?id=3.",
            ["scrivi", "a", "mario.rossi@example.it", "o", "su", "https://www.example.it/a?id=3", "."],
        ),
    ],
)
def test_punctuation_quotes_urls(text, expected):
    assert words(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ne parlò il sen. Rossi con l'on. Verdi. Poi se ne andò.",
            ["Ne parlò il sen. Rossi con l'on. Verdi.", "Poi se ne andò."],
        ),
        ("Armi, droga ecc. sono state trovate.", ["Armi, droga ecc. sono state trovate."]),
        ("«Chiediamo aiuto.» La polizia indaga.", ["«Chiediamo aiuto.»", "La polizia indaga."]),
        ("Lo disse il 5 gen. 2015 a Roma.", ["Lo disse il 5 gen. 2015 a Roma."]),
        ("Era tardi… Poi venne. E poi… niente.", ["Era tardi…", "Poi venne.", "E poi… niente."]),
        ("Come? Non lo so!", ["Come?", "Non lo so!"]),
        ("Primo senza punto\n\nSecondo paragrafo", ["Primo senza punto", "Secondo paragrafo"]),
        ("riga uno\nriga due.", ["riga uno\nriga due."]),
    ],
)
def test_split_sentences(text, expected):
    assert sentences(text) == expected


def test_split_sentences_takes_given_spans():
    text = "Uno. Due."
    assert split_sentences(text, tokenize(text)) == [(0, 4), (5, 9)]
    assert split_sentences("", []) == []


def test_shipped_punkt_parameters():
    params = punkt_parameters()
    hand_curated = {"dott", "sen", "on", "ecc", "sig", "prof", "avv", "ing", "pag", "art", "n", "ca"}
    assert hand_curated <= params.abbrev_types
    # Italian words that often do end a sentence are not abbreviations.
    assert not {"no", "ed", "all", "uva", "diametro"} & params.abbrev_types
    assert "il" in params.sent_starters


def test_seed_sentences_agree_with_nltk_punkt(seed_body):
    punkt = PunktSentenceTokenizer(punkt_parameters())
    expected, offset = [], 0
    for paragraph in seed_body.split("\n\n"):
        expected += [(offset + start, offset + end) for start, end in punkt.span_tokenize(paragraph)]
        offset += len(paragraph) + 2
    assert split_sentences(seed_body) == expected


def test_seed_counts(seed_layer):
    # Checked by hand: 251 whitespace-separated words, 10 elisions split off
    # (all', c', all', l', L', C', l', dell', dell', un’) and 38 punctuation marks
    # make 299 tokens, 261 of them words; one sentence per period, 9 periods.
    sentences, tokens = seed_layer
    assert len(tokens) == 299
    assert (~tokens["is_punct"]).sum() == 261
    assert len(sentences) == 9
    assert tokens["sentence"].max() == 8
    assert sentences["text"].iloc[0] == (
        "Il presidente del Kazakistan, Kassym-Jomart Tokayev, ha affermato di essersi rivolto "
        "ai capi degli Stati membri della CSTO per chiedere aiuto nel superare una minaccia "
        "che viene definita come terroristica."
    )
    assert sentences["text"].iloc[-1].endswith("leader dei paesi membri dell'organizzazione.")


def test_seed_lemmas_and_flags(seed_layer, seed_body):
    _, tokens = seed_layer
    lemma = dict(zip(tokens["text"].astype(str), tokens["lemma"].astype(str)))
    assert lemma["affermato"] == "affermare"
    assert lemma["Tokayev"] == "Tokayev"
    assert lemma["Kassym-Jomart"] == "Kassym-Jomart"
    assert lemma["terroristiche"] == "terroristico"
    assert lemma["Stato"] == "stato"
    stop = dict(zip(tokens["lower"].astype(str), tokens["is_stop"]))
    assert stop["il"] and stop["dell'"] and stop["l'"] and stop["c'"]
    assert not stop["presidente"] and not stop["stato"] and not stop["paesi"]
    first = tokens.iloc[:6]
    assert first["text"].astype(str).tolist() == ["Il", "presidente", "del", "Kazakistan", ",", "Kassym-Jomart"]
    assert first["lower"].astype(str).tolist() == ["il", "presidente", "del", "kazakistan", ",", "kassym-jomart"]
    assert first["start"].tolist() == [0, 3, 14, 18, 28, 30]
    assert first["end"].tolist() == [2, 13, 17, 28, 29, 43]
    assert first["is_punct"].tolist() == [False, False, False, False, True, False]
    typographic = tokens[tokens["text"] == "l’"]
    assert typographic["lower"].astype(str).tolist() == ["l'"]


def test_news_words_are_not_stop_words():
    assert {"il", "della", "l'", "dell'", "è"} <= stop_words()
    assert not {"governo", "presidente", "stato", "paese", "ministro"} & stop_words()


def test_text_layer_schema_and_offsets(seed_layer, seed_body):
    sentences, tokens = seed_layer
    assert list(sentences.columns) == list(SENTENCES)
    assert all(sentences[name].dtype == dtype for name, dtype in SENTENCES.items())
    assert list(tokens.columns) == list(TOKENS)
    assert all(tokens[name].dtype == dtype for name, dtype in TOKENS.items())
    assert tokens["token"].tolist() == list(range(299))
    token_texts = [seed_body[start:end] for start, end in zip(tokens["start"], tokens["end"])]
    assert token_texts == tokens["text"].astype(str).tolist()
    sentence_texts = [seed_body[start:end] for start, end in zip(sentences["start"], sentences["end"])]
    assert sentence_texts == sentences["text"].tolist()


def test_text_layer_several_documents_and_languages():
    documents = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c", "d"],
            "text": ["Il 15% dei voti. Poi basta.", "The vote was close.", "", None],
        },
        index=[10, 11, 12, 13],
    )
    lang = pd.Series(["it", "en", pd.NA, pd.NA], index=[10, 11, 12, 13])
    sentences, tokens = text_layer(documents, lang=lang)
    assert sentences[["doc_id", "sentence", "start", "end"]].values.tolist() == [
        ["a", 0, 0, 16],
        ["a", 1, 17, 27],
        ["b", 0, 0, 19],
    ]
    assert tokens["doc_id"].drop_duplicates().tolist() == ["a", "b"]
    english = tokens[tokens["doc_id"] == "b"]
    assert english["token"].tolist() == [0, 1, 2, 3, 4]
    assert english["lemma"].astype(str).tolist() == ["the", "vote", "was", "close", "."]
    assert not english["is_stop"].any()
    italian = tokens[tokens["doc_id"] == "a"]
    assert italian["text"].astype(str).tolist() == ["Il", "15%", "dei", "voti", ".", "Poi", "basta", "."]
    assert italian["is_number"].tolist() == [False, True, False, False, False, False, False, False]
    assert italian["is_stop"].tolist() == [True, False, True, False, False, False, False, False]
    assert italian["lemma"].astype(str).tolist()[3] == "voto"


def test_text_layer_of_no_text():
    sentences, tokens = text_layer(pd.DataFrame({"doc_id": ["x"], "text": [""]}))
    assert sentences.empty and tokens.empty
    assert list(tokens.columns) == list(TOKENS)


# Pieces that exercise every tokenizer rule, glued in random order, plus
# arbitrary characters.
PIECES = st.sampled_from(
    [*"ab' ’.,-%/:1\n\"«»“”…?!@éÈ_\t\u200b", "sen.", "l'", "S.p.A.", "http://x.it", " 10,5 ", "po'"]
)
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=3)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_token_spans_partition_non_space(text):
    spans = tokenize(text)
    covered = set()
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert not any(ch.isspace() for ch in text[start:end])
        covered.update(range(start, end))
        previous_end = end
    assert covered == {i for i, ch in enumerate(text) if not ch.isspace()}


@settings(max_examples=150, deadline=None)
@given(TEXT)
def test_sentences_contain_their_tokens(text):
    sentences, tokens = text_layer(pd.DataFrame({"doc_id": ["d"], "text": [text]}))
    assert sentences["sentence"].tolist() == list(range(len(sentences)))
    bounds = sentences.set_index("sentence")
    assert (tokens["start"].to_numpy() >= bounds.loc[tokens["sentence"], "start"].to_numpy()).all()
    assert (tokens["end"].to_numpy() <= bounds.loc[tokens["sentence"], "end"].to_numpy()).all()
    assert (sentences["start"].to_numpy()[1:] >= sentences["end"].to_numpy()[:-1]).all()


@settings(max_examples=100, deadline=None)
@given(st.lists(TEXT, max_size=4))
def test_text_layer_reads_each_document_alone(texts):
    documents = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "text": texts})
    sentences, tokens = text_layer(documents)
    for number, text in enumerate(texts):
        own_tokens = tokens[tokens["doc_id"] == f"d{number}"]
        own_sentences = sentences[sentences["doc_id"] == f"d{number}"]
        assert list(zip(own_tokens["start"], own_tokens["end"])) == tokenize(text)
        assert list(zip(own_sentences["start"], own_sentences["end"])) == split_sentences(text)
