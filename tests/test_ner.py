import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from corpus import ner, schema
from corpus.config import KIND_DIR
from corpus.schema import conform

SMALL_TSV = Path(__file__).parent / "data" / "ner_small.tsv"

CSTO = (
    "L' Organizzazione del Trattato di Sicurezza Collettiva ( CSTO ) comprende : "
    "Russia , Armenia , Bielorussia , Kazakistan , Kirghizistan e Tagikistan ."
).split()


def test_read_conll_splits_sentences_and_defaults_missing_tags_to_o():
    sentences = ner.read_conll(SMALL_TSV)
    assert len(sentences) == 5
    assert sentences[0][:5] == [
        ("Giovanni", "B-PER"),
        ("Bianchi", "I-PER"),
        ("lavora", "O"),
        ("alla", "O"),
        ("Banca", "B-ORG"),
    ]
    assert sentences[3] == [("Ieri", "O"), ("a", "O"), ("Parigi", "I-LOC"), ("pioveva", "O"), (".", "O")]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Questo \xc3\xa8 un testo qualsiasi.\n", "line 1: expected token<TAB>tag"),
        (b"Roma\tB-LOC\nparla\tVERB\n", "line 2: expected token<TAB>tag"),
        (b"Roma\tB-LOC\n\nMilano\t\xff\n", "line 3: not UTF-8 text"),
        (b"Roma\nMilano\n", "no token<TAB>tag line"),
    ],
)
def test_read_conll_refuses_what_is_not_token_tab_tag_naming_file_and_line(tmp_path, content, message):
    path = tmp_path / "gold.tsv"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=f"^{re.escape(str(path))}.*{re.escape(message)}"):
        ner.read_conll(path)


def test_tag_spans_reads_iob_like_conlleval():
    tags = ["B-PER", "I-PER", "O", "I-LOC", "I-LOC", "B-LOC", "I-ORG", "B-ORG"]
    assert ner.tag_spans(tags) == [(0, 2, "PER"), (3, 5, "LOC"), (5, 6, "LOC"), (6, 7, "ORG"), (7, 8, "ORG")]
    assert ner.tag_spans([]) == []
    assert ner.tag_spans(["O", "O"]) == []


@st.composite
def tagged_spans(draw):
    """A sentence length and non-overlapping, sorted spans within it."""
    n = draw(st.integers(0, 30))
    cuts = sorted(draw(st.sets(st.integers(0, n), max_size=12)))
    spans = []
    for start, end in zip(cuts[::2], cuts[1::2], strict=False):
        spans.append((start, end, draw(st.sampled_from(ner.LABELS))))
    return n, spans


@given(tagged_spans())
def test_tag_spans_inverts_bio_encoding(case):
    n, spans = case
    tags = ["O"] * n
    for start, end, label in spans:
        tags[start : end] = [f"B-{label}"] + [f"I-{label}"] * (end - start - 1)
    assert ner.tag_spans(tags) == spans


def test_score_spans_hand_computed():
    gold = [[(0, 2, "PER"), (3, 4, "LOC")], [(0, 1, "ORG")]]
    predicted = [[(0, 2, "PER"), (3, 4, "ORG")], [(0, 1, "ORG"), (2, 3, "PER")]]
    scores = ner.score_spans(gold, predicted)
    # micro: 2 right of 4 predicted, of 3 gold
    assert scores["micro"] == pytest.approx({"precision": 0.5, "recall": 2 / 3, "f1": 4 / 7})
    assert scores["PER"] == pytest.approx({"precision": 0.5, "recall": 1.0, "f1": 2 / 3})
    assert scores["ORG"] == pytest.approx({"precision": 0.5, "recall": 1.0, "f1": 2 / 3})
    assert scores["LOC"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0}


def test_score_tokens_strips_iob_and_counts_entity_tokens_only():
    gold = [["B-PER", "I-PER", "O", "B-LOC"], ["B-ORG", "I-ORG", "O"]]
    predicted = [["B-PER", "B-PER", "B-LOC", "B-ORG"], ["I-ORG", "O", "PER"]]
    scores = ner.score_tokens(gold, predicted)
    # B-PER B-PER is right token by token though wrong as a span; O is never counted.
    assert scores["micro"] == pytest.approx({"precision": 3 / 6, "recall": 3 / 5, "f1": 6 / 11})
    assert scores["PER"] == pytest.approx({"precision": 2 / 3, "recall": 1.0, "f1": 0.8})
    assert scores["ORG"] == pytest.approx({"precision": 0.5, "recall": 0.5, "f1": 0.5})
    assert scores["LOC"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0}


def test_span_labels_marks_each_entity_token_with_its_type():
    assert ner.span_labels(5, [(0, 2, "PER"), (3, 4, "LOC")]) == ["PER", "PER", "O", "LOC", "O"]


def test_evaluate_reports_exact_span_and_token_scores():
    import spacy

    # A stand-in model with known output on ner_small.tsv: 6 of its 9 spans are
    # gold; "Banca" is a third of "Banca d' Italia", "Napoli" has the wrong
    # type, "gatto" is not an entity; it misses "Paolo Neri", "Inter", "divano".
    nlp = spacy.blank("it")
    ruler = nlp.add_pipe("entity_ruler")
    names = {"Giovanni Bianchi": "PER", "Laura Verdi": "PER", "gatto": "PER", "Banca": "ORG", "Napoli": "ORG",
             "Juventus": "ORG", "Milano": "LOC", "Torino": "LOC", "Parigi": "LOC"}  # fmt: skip
    ruler.add_patterns([{"label": label, "pattern": [{"ORTH": w} for w in n.split()]} for n, label in names.items()])
    scores = ner.evaluate(ner.read_conll(SMALL_TSV), model=nlp, gazetteer=False)
    assert list(scores) == ["exact_span", "token"]
    # 11 gold entities, 9 predicted, 6 right.
    assert scores["exact_span"]["micro"] == pytest.approx({"precision": 6 / 9, "recall": 6 / 11, "f1": 0.6})
    assert scores["exact_span"]["PER"] == pytest.approx({"precision": 2 / 3, "recall": 0.5, "f1": 4 / 7})
    assert scores["exact_span"]["ORG"] == pytest.approx({"precision": 1 / 3, "recall": 1 / 3, "f1": 1 / 3})
    assert scores["exact_span"]["LOC"] == pytest.approx({"precision": 1.0, "recall": 0.75, "f1": 6 / 7})
    # 16 gold entity tokens, 11 predicted, 9 right ("Banca" counts as a right ORG token).
    assert scores["token"]["micro"] == pytest.approx({"precision": 9 / 11, "recall": 9 / 16, "f1": 2 / 3})
    assert scores["token"]["PER"] == pytest.approx({"precision": 0.8, "recall": 4 / 7, "f1": 2 / 3})
    assert scores["token"]["ORG"] == pytest.approx({"precision": 2 / 3, "recall": 0.4, "f1": 0.5})
    assert scores["token"]["LOC"] == pytest.approx({"precision": 1.0, "recall": 0.75, "f1": 6 / 7})


def test_gazetteer_finds_untagged_territories_only():
    words = "La Bosnia ed Erzegovina e la Costa d’ Avorio battono l' Italia e il Kirghizistan".split()
    assert ner.gazetteer_spans(words, [(11, 12, "ORG")]) == [(1, 4, "LOC"), (6, 9, "LOC"), (14, 15, "LOC")]
    # Not places, or KIND ORG: "Unione europea", "Nazioni Unite"; and no lowercase match.
    assert ner.gazetteer_spans("Unione europea Nazioni Unite italia".split(), []) == []


def test_harmonise_votes_labels_and_tags_repeats_within_a_document():
    sentences = [
        ["Mario", "Rossi", "e", "il", "governo", "a", "Roma"],
        ["Rossi", "e", "il", "governo", "con", "Roma"],
        ["La", "Roma", "vince"],
    ]
    spans = [[(0, 2, "PER"), (4, 5, "ORG"), (6, 7, "LOC")], [(5, 6, "ORG")], [(1, 2, "ORG")]]
    # "Roma": ORG twice, LOC once -> ORG everywhere; the bare surname "Rossi"
    # becomes PER; the lowercase "governo" is not propagated.
    assert ner.harmonise(sentences, spans) == [
        [(0, 2, "PER"), (4, 5, "ORG"), (6, 7, "ORG")],
        [(0, 1, "PER"), (5, 6, "ORG")],
        [(1, 2, "ORG")],
    ]
    assert ner.harmonise([], []) == []


def test_tag_sentences_csto_countries_are_loc():
    (spans,) = ner.tag_sentences([CSTO])
    countries = {CSTO[start]: label for start, end, label in spans if end == start + 1 and start > 11}
    assert countries == dict.fromkeys(
        ["Russia", "Armenia", "Bielorussia", "Kazakistan", "Kirghizistan", "Tagikistan"], "LOC"
    )


def test_listed_territories_relabels_countries_listed_among_places():
    words = "Russia , Armenia e Francia ; la Juventus , Milan e Italia".split()
    spans = [(0, 1, "ORG"), (2, 3, "LOC"), (4, 5, "LOC"), (7, 8, "ORG"), (9, 10, "ORG"), (11, 12, "ORG")]
    # The first list is mostly places, so "Russia" is one; the second is clubs.
    assert ner.listed_territories(words, spans) == [(0, 1, "LOC"), *spans[1:]]


def test_seed_article_entities(seed_corpus):
    entities = seed_corpus.entities
    text = seed_corpus.documents["text"].iloc[0]
    surface = [text[start:end] for start, end in zip(entities["start"], entities["end"], strict=True)]
    found = dict(zip(zip(surface, entities["start"], strict=True), entities["label"], strict=True))
    listed = text.index("comprende: Russia")
    countries = {name: label for (name, start), label in found.items() if listed < start < listed + 80}
    assert countries == dict.fromkeys(
        ["Russia", "Armenia", "Bielorussia", "Kazakistan", "Kirghizistan", "Tagikistan"], "LOC"
    )
    assert found[("Kassym-Jomart Tokayev", text.index("Kassym-Jomart Tokayev"))] == "PER"
    assert text.startswith("Kazakistan", entities["start"].iloc[0])


def test_tag_sentences_handles_empty_input():
    assert ner.tag_sentences([]) == []
    assert ner.tag_sentences([[]]) == [[]]


def test_recognize_entities_maps_spans_to_document_offsets():
    text = "Oggi Mario Rossi è a Roma. Poi Mario Rossi parte."
    words = ["Oggi", "Mario", "Rossi", "è", "a", "Roma", ".", "Poi", "Mario", "Rossi", "parte", "."]
    starts, position = [], 0
    for word in words:
        position = text.index(word, position)
        starts.append(position)
        position += len(word)
    tokens = pd.DataFrame(
        {
            "doc_id": pd.array(["d1"] * len(words), dtype="string"),
            "sentence": [0] * 7 + [1] * 5,
            "token": range(len(words)),
            "start": starts,
            "end": [start + len(word) for start, word in zip(starts, words, strict=True)],
            "text": pd.Categorical(words),
        }
    )
    # Rows in another order must not change the result.
    mentions = ner.recognize_entities(tokens.iloc[::-1])
    expected = pd.DataFrame(
        {
            "doc_id": ["d1"] * 3,
            "sentence": [0, 0, 1],
            "token_start": [1, 5, 8],
            "token_end": [3, 6, 10],
            "start": [5, 21, 31],
            "end": [16, 25, 42],
            "label": ["PER", "LOC", "PER"],
            "confidence": [float("nan")] * 3,  # the spaCy tier gives no probability
        }
    )
    pd.testing.assert_frame_equal(mentions, conform(expected, schema.ENTITIES))
    assert [text[s:e] for s, e in zip(mentions["start"], mentions["end"], strict=True)] == [
        "Mario Rossi",
        "Roma",
        "Mario Rossi",
    ]


def test_recognize_entities_on_no_tokens_is_an_empty_typed_frame():
    tokens = pd.DataFrame({"doc_id": [], "sentence": [], "token": [], "start": [], "end": [], "text": []})
    mentions = ner.recognize_entities(tokens)
    assert list(mentions.columns) == list(schema.ENTITIES)
    assert mentions.empty
    assert str(mentions["label"].dtype) == "category"


def test_load_model_is_cached_and_has_the_three_labels():
    nlp = ner.load_model()
    assert nlp is ner.load_model()
    assert sorted(nlp.get_pipe("ner").labels) == ["LOC", "ORG", "PER"]
    assert nlp.meta["license"].startswith("CC BY-NC 4.0")
    # The fast tier: name-list features and e5 static vectors travel inside the model folder.
    assert nlp.pipe_names == ["name_features", "tok2vec", "ner"]
    assert nlp.vocab.vectors.shape == (40000, 96)


def test_train_writes_a_loadable_pipeline(tmp_path):
    import shutil

    import spacy

    data = tmp_path / "kind"
    (data / "gazetteers").mkdir(parents=True)
    for name in ("WN_train.tsv", "WN_dev.tsv"):
        shutil.copy(SMALL_TSV, data / name)
    (data / "gazetteers" / "it-ORG-wikipedia.txt").write_text("ORG Banca d ' Italia\nORG Juventus\n", encoding="utf-8")
    # The shipped config, cut to a few steps so the test takes seconds.
    config = spacy.util.load_config(
        ner.DEFAULT_CONFIG, overrides={"training.max_steps": 4, "training.eval_frequency": 2}
    )
    config.to_disk(tmp_path / "tiny.cfg")
    output = ner.train(data, tmp_path / "model", config=tmp_path / "tiny.cfg", seed=1)
    nlp = spacy.load(output)
    assert sorted(nlp.get_pipe("ner").labels) == ["LOC", "ORG", "PER"]
    assert nlp.config["system"]["seed"] == 1


@pytest.mark.skipif(not (KIND_DIR / "WN_dev.tsv").is_file(), reason="KIND is not in ../shared/data/kind")
def test_shipped_model_scores_on_wn_dev():
    # The model card's figures (exact-span micro F1 0.7783, token-level 0.8048), to two decimals.
    scores = ner.evaluate(ner.read_conll(KIND_DIR / "WN_dev.tsv"))
    assert round(scores["exact_span"]["micro"]["f1"], 2) == 0.78
    assert round(scores["token"]["micro"]["f1"], 2) == 0.80
