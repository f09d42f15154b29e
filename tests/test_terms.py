"""Tests of corpus.terms on tiny literal corpora whose numbers are worked out by hand."""

from __future__ import annotations

import math
import re
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

from corpus import schema, terms
from corpus.schema import STRING, conform

STOP = {"il", "la", "di", "e", "ha", "che"}
# Surface form first, then lower form: "Stato" (the state) and "stato" (a form
# of essere) share the lower form "stato" but not the lemma.
LEMMAS = {"Stato": "stato", "stato": "essere", "affermato": "affermare", "afferma": "affermare"}


def make_tables(texts: dict[str, str], *, outlets=None, published=None):
    """Tokens and documents tables with the text layer's schema.

    Tokens are the whitespace-separated pieces of each text; a sentence ends
    after "." so the fixtures read like the real text layer's output.
    """
    token_rows, document_rows = [], []
    for doc_id, body in texts.items():
        sentence = 0
        for index, match in enumerate(re.finditer(r"\S+", body)):
            form = match.group()
            token_rows.append(
                {
                    "doc_id": doc_id,
                    "sentence": sentence,
                    "token": index,
                    "start": match.start(),
                    "end": match.end(),
                    "text": form,
                    "lower": form.lower(),
                    "lemma": LEMMAS.get(form, LEMMAS.get(form.lower(), form.lower())),
                    "is_stop": form.lower() in STOP,
                    "is_punct": re.fullmatch(r"\W+", form) is not None,
                    "is_number": form.isdigit(),
                }
            )
            sentence += form == "."
        document_rows.append(
            {
                "doc_id": doc_id,
                "published": pd.Timestamp((published or {}).get(doc_id, "2022-01-05 21:16"), tz="Europe/Rome"),
                "outlet": (outlets or {}).get(doc_id, "X"),
                "text": body,
            }
        )
    tokens = pd.DataFrame(token_rows).astype(
        {
            "doc_id": "string",
            "sentence": "int32",
            "token": "int32",
            "start": "int32",
            "end": "int32",
            "text": "category",
            "lower": "category",
            "lemma": "category",
        }
    )
    documents = pd.DataFrame(document_rows).astype({"doc_id": STRING, "outlet": STRING, "text": STRING})
    return tokens, documents


PEACE = {
    # 11 words (non-punctuation tokens), 3 stop words.
    "a": "La pace e la guerra . La pace vince , la pace resta .",
    # 15 words, 7 stop words.
    "b": "Il Trattato di Sicurezza e la guerra . Il Trattato di Sicurezza ha affermato la pace .",
}


@pytest.fixture
def peace():
    return make_tables(PEACE, outlets={"a": "X", "b": "Y"}, published={"a": "2022-01-05", "b": "2022-02-01"})


# --------------------------------------------------------------------------
# term_frequencies


def test_unigram_counts_ranks_and_rates(peace):
    tokens, _ = peace
    result = terms.term_frequencies(tokens)
    words = 11 + 15
    expected = pd.DataFrame(
        {
            "term": ["pace", "guerra", "sicurezza", "trattato", "affermato", "resta", "vince"],
            "n": 1,
            "count": [4, 2, 2, 2, 1, 1, 1],
            "doc_freq": [2, 2, 1, 1, 1, 1, 1],
            "per_10k": [c / words * 10_000 for c in [4, 2, 2, 2, 1, 1, 1]],
            # Tied counts share the lowest rank; ties are listed by term.
            "rank": [1, 2, 2, 2, 5, 5, 5],
        }
    )
    assert_frame_equal(result, conform(expected, schema.FREQUENCIES))


def test_lemmas_stop_words_punctuation_and_min_count(peace):
    tokens, _ = peace
    result = terms.term_frequencies(tokens, by="lemma", drop_stop=False, min_count=3)
    # la/La: 4 in a + 2 in b; "," and "." are never counted with drop_punct.
    assert result[["term", "count", "rank"]].to_dict("list") == {
        "term": ["la", "pace"],
        "count": [6, 4],
        "rank": [1, 2],
    }
    with_punct = terms.term_frequencies(tokens, keep_noise=True, drop_stop=False)
    assert with_punct.set_index("term").loc[".", "count"] == 4
    # Rates stay per 10,000 words: punctuation is not a word.
    assert with_punct.set_index("term").loc[".", "per_10k"] == 4 / 26 * 10_000


def test_trigrams_keep_inner_stop_words_only(peace):
    tokens, _ = peace
    result = terms.term_frequencies(tokens, by="text", n=3)
    # Every other trigram starts or ends with a stop word or holds punctuation.
    assert result[["term", "n", "count", "doc_freq", "rank"]].to_dict("list") == {
        "term": ["Trattato di Sicurezza", "Sicurezza ha affermato", "affermato la pace"],
        "n": [3, 3, 3],
        "count": [2, 1, 1],
        "doc_freq": [1, 1, 1],
        "rank": [1, 2, 2],
    }
    assert result["per_10k"].tolist() == [2 / 26 * 10_000, 1 / 26 * 10_000, 1 / 26 * 10_000]


def test_ngrams_do_not_cross_sentences():
    tokens, _ = make_tables({"d": "guerra fredda . pace calda ."})
    bigrams = terms.term_frequencies(tokens, n=2, keep_noise=True)
    # "fredda ." is inside the first sentence; ". pace" would span two.
    assert sorted(bigrams["term"]) == ["calda .", "fredda .", "guerra fredda", "pace calda"]
    shifted = tokens.assign(sentence=np.array([0, 0, 1, 1, 1, 1], dtype="int32"))
    # A sentence boundary between "fredda" and "." (no punctuation needed) also stops grams.
    assert "fredda ." not in set(terms.term_frequencies(shifted, n=2, keep_noise=True)["term"])


def test_groups_by_outlet_and_month(peace):
    tokens, documents = peace
    result = terms.term_frequencies(tokens, documents=documents, group_by=["outlet", "month"], min_count=2)
    expected = pd.DataFrame(
        {
            "outlet": ["X", "Y", "Y"],
            "month": ["2022-01", "2022-02", "2022-02"],
            "term": ["pace", "sicurezza", "trattato"],
            "n": 1,
            "count": [3, 2, 2],
            "doc_freq": [1, 1, 1],
            "per_10k": [3 / 11 * 10_000, 2 / 15 * 10_000, 2 / 15 * 10_000],
            "rank": [1, 1, 1],
        }
    )
    assert_frame_equal(result, conform(expected, {"outlet": STRING, "month": STRING} | schema.FREQUENCIES))


def test_missing_group_values_form_their_own_group(peace):
    tokens, documents = peace
    documents = documents.assign(outlet=pd.array([None, "Y"], dtype=STRING))
    result = terms.term_frequencies(tokens, documents=documents, group_by="outlet")
    assert set(result.loc[result["outlet"].isna(), "term"]) == {"pace", "guerra", "vince", "resta"}
    assert result.loc[result["outlet"].isna(), "count"].sum() == 6


def test_plain_string_columns_count_like_categoricals(peace):
    tokens, _ = peace
    plain = tokens.astype({"doc_id": STRING, "text": STRING, "lower": STRING, "lemma": STRING})
    assert_frame_equal(terms.term_frequencies(plain, n=2), terms.term_frequencies(tokens, n=2))


def test_accepts_a_corpus_and_leaves_inputs_alone(peace):
    tokens, documents = peace
    before = tokens.copy(), documents.copy()
    corpus = SimpleNamespace(tokens=tokens, documents=documents)
    assert_frame_equal(
        terms.term_frequencies(corpus, group_by="outlet"),
        terms.term_frequencies(tokens, documents=documents, group_by="outlet"),
    )
    terms.keyness(corpus, target="outlet == 'X'")
    terms.collocations(corpus, min_count=1)
    terms.tfidf(corpus)
    terms.concordance(corpus, word="pace")
    terms.dispersion(corpus, lemma="pace")
    terms.distancing_quotes(corpus)
    assert_frame_equal(tokens, before[0])
    assert_frame_equal(documents, before[1])


def test_rejects_unknown_options(peace):
    tokens, _ = peace
    with pytest.raises(ValueError):
        terms.term_frequencies(tokens, by="stem")
    with pytest.raises(ValueError):
        terms.term_frequencies(tokens, n=4)
    with pytest.raises(ValueError):
        terms.term_frequencies(tokens, group_by="outlet")
    with pytest.raises(ValueError):
        terms.collocations(tokens, measure="mi3")


# --------------------------------------------------------------------------
# content words, noise and phrases

# Tags as UD gives them: "è stato" is two auxiliaries, "Stato" a name, "può" and "deve" modals (AUX),
# "vuole" a modal the tagger called VERB (left out by its lemma).
UPOS = {
    "Lo": "DET", "Il": "DET", "il": "DET", "i": "DET", "Gli": "DET", "la": "DET", "di": "ADP", "della": "ADP",
    "del": "ADP", "alle": "ADP", "e": "CCONJ", "ha": "AUX", "È": "AUX", "stato": "AUX", "può": "AUX", "deve": "AUX",
    "vuole": "VERB", "affermato": "VERB", "fare": "VERB", "dire": "VERB", "Stato": "PROPN", "Stati": "PROPN",
    "Uniti": "PROPN", "Consiglio": "PROPN", "consiglio": "NOUN", "Repubblica": "PROPN", "Neill": "PROPN",
    "A.": "PROPN", "O'": "PROPN", "pace": "NOUN", "parole": "NOUN", "sicurezza": "NOUN", "Sicurezza": "NOUN",
    "presidente": "NOUN", "vigili": "NOUN", "fuoco": "NOUN", "fredda": "ADJ", "due": "NUM", "1%": "NUM",
    "2:00": "NUM", ".": "PUNCT", ",": "PUNCT", ":": "PUNCT",
}  # fmt: skip
LEMMA_OF = {"È": "essere", "stato": "essere", "ha": "avere", "può": "potere", "deve": "dovere", "vuole": "volere",
            "affermato": "affermare", "Stati": "Stato"}  # fmt: skip


def tagged_tables(texts: dict[str, str], **options):
    """make_tables with the tagger's columns: UPOS from :data:`UPOS`, and lemmas that use them."""
    tokens, documents = make_tables(texts, **options)
    forms = tokens["text"].astype(str)
    lemmas = [LEMMA_OF.get(form, form if UPOS.get(form) == "PROPN" else form.lower()) for form in forms]
    return tokens.assign(upos=pd.Categorical(forms.map(UPOS)), lemma=pd.Categorical(lemmas)), documents


STATE = {
    "s": "Lo Stato ha affermato . È stato affermato . Lo Stato può fare la pace e deve dire due parole .",
    "t": "A. O' Neill ha affermato : 1% alle 2:00 . Il Stato vuole la pace fredda .",
}


def test_content_words_by_default_with_tags():
    tokens, _ = tagged_tables(STATE)
    result = terms.term_frequencies(tokens, by="lemma")
    # Auxiliaries and modals (essere, avere, potere, dovere; volere by its lemma), numbers, initials
    # ("A.", "O'"), determiners and punctuation are out; "Stato" the name is in.
    assert result[["term", "count"]].to_dict("list") == {
        "term": ["Stato", "affermare", "pace", "Neill", "dire", "fare", "fredda", "parole"],
        "count": [3, 3, 2, 1, 1, 1, 1, 1],
    }
    # Rates are per word: every token but punctuation, 18 + 14.
    assert result["per_10k"].iloc[0] == pytest.approx(3 / 32 * 10_000)
    names = terms.term_frequencies(tokens, by="lemma", pos={"PROPN"})
    assert names[["term", "count"]].to_dict("list") == {"term": ["Stato", "Neill"], "count": [3, 1]}
    noisy = terms.term_frequencies(tokens, by="lemma", pos={"PROPN"}, keep_noise=True)
    assert noisy["term"].tolist() == ["Stato", "A.", "Neill", "O'"]
    every = terms.term_frequencies(tokens, by="lemma", pos="all", drop_stop=False)
    assert every.set_index("term")["count"].to_dict() == terms.term_frequencies(
        tokens, by="lemma", pos=None, drop_stop=False
    ).set_index("term")["count"].to_dict()
    assert {"essere", "potere", "due", "lo"} <= set(every["term"]) and "1%" not in set(every["term"])


def test_content_words_without_tags_fall_back_on_stop_words_and_auxiliary_lemmas():
    tokens, _ = tagged_tables(STATE)
    untagged = tokens.drop(columns="upos")
    result = terms.term_frequencies(untagged, by="lemma")
    assert result[["term", "count"]].to_dict("list") == {
        "term": ["Stato", "affermare", "lo", "pace", "Neill", "alle", "dire", "due", "fare", "fredda", "parole"],
        "count": [3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1],
    }
    with pytest.raises(ValueError, match="needs the tokens' upos column"):
        terms.term_frequencies(untagged, pos={"PROPN"})
    with pytest.raises(ValueError, match="pos selects no tag"):
        terms.term_frequencies(tokens, pos=set())


@pytest.mark.parametrize(
    ("form", "noise"),
    [(",", True), ("12", True), ("1,5%", True), ("2:00", True), ("08/09/2015", True), ("2022-2023", True),
     ("A.", True), ("L", True), ("O'", True), ("un'", True), ("d’", True), ("…", True),
     ("F-16", False), ("G7", False), ("Ue", False), ("344esimo", False), ("dell'", False), ("pace", False)],
)  # fmt: skip
def test_noise_is_decided_by_one_rule(form, noise):
    assert terms.is_noise(form) is noise


def test_keyness_lists_no_noise_unless_asked():
    tokens, documents = tagged_tables(STATE)
    default = terms.keyness(tokens, target=["t"], documents=documents, by="text", min_count=1)
    assert set(default["term"]) == {"Stato", "affermato", "pace", "fare", "dire", "parole", "Neill", "fredda"}
    noisy = terms.keyness(tokens, target=["t"], documents=documents, by="text", min_count=1, pos=None, keep_noise=True)
    assert {"A.", "O'", "1%", "2:00", ":"} <= set(noisy["term"])
    # The filters remove rows, never words from the totals: Neill's rates are the same either way.
    assert default.set_index("term").loc["Neill", "g2"] == noisy.set_index("term").loc["Neill", "g2"]


def test_tfidf_and_collocations_count_content_words():
    tokens, _ = tagged_tables(STATE)
    top = terms.tfidf(tokens, top=1)
    # s: Stato and affermare twice each in both documents (a tie, by term); t: Neill and fredda are its own.
    assert top[["doc_id", "term", "count"]].to_dict("list") == {
        "doc_id": ["s", "t"], "term": ["Stato", "Neill"], "count": [2, 1],
    }
    pairs = terms.collocations(tokens, by="lemma", min_count=1)
    # "ha affermato", "può fare", "due parole" are no pairs: auxiliaries and numbers fill a slot but never pair.
    assert list(zip(pairs["w1"], pairs["w2"])) == [("pace", "fredda")]


PHRASES = {
    "p": "Il Consiglio di sicurezza e i vigili del fuoco . Gli Stati Uniti , il presidente della Repubblica .",
    "q": "Il Consiglio di sicurezza , il consiglio di Sicurezza e i vigili del fuoco .",
}


def test_phrases_are_noun_phrases_in_their_most_frequent_casing():
    tokens, _ = tagged_tables(PHRASES)
    result = terms.term_frequencies(tokens, by="phrase")
    assert result[["term", "count", "doc_freq"]].to_dict("list") == {
        "term": ["Consiglio di sicurezza", "vigili del fuoco", "Stati Uniti", "presidente della Repubblica"],
        "count": [3, 2, 1, 1],
        "doc_freq": [2, 2, 1, 1],
    }
    spans = terms.phrase_spans(tokens)
    assert spans[["first", "last"]].to_numpy().tolist()[:2] == [[1, 3], [6, 8]]


def test_names_are_whole_runs_of_proper_nouns_without_noise():
    tokens, _ = tagged_tables(PHRASES)
    result = terms.term_frequencies(tokens, by="name")
    # "Stati Uniti" is one name; "Consiglio" is a name alone in "Consiglio di sicurezza" (its "sicurezza" a noun).
    assert result[["term", "count", "doc_freq"]].to_dict("list") == {
        "term": ["Consiglio", "Repubblica", "Stati Uniti"], "count": [2, 1, 1], "doc_freq": [2, 1, 1],
    }
    tokens, _ = tagged_tables(STATE)
    # "A. O' Neill": the initial and the apostrophe piece are noise, so the name is "Neill".
    assert terms.term_frequencies(tokens, by="name")[["term", "count"]].to_dict("list") == {
        "term": ["Stato", "Neill"], "count": [3, 1],
    }
    untagged = tokens.drop(columns="upos")
    assert terms.term_frequencies(untagged, by="name").empty


def test_phrases_never_cross_a_sentence_or_punctuation():
    tokens, _ = tagged_tables({"p": "vigili , fuoco . Stati Uniti"})
    tokens["sentence"] = pd.array([0, 0, 0, 0, 1, 2], dtype="int32")
    assert terms.term_frequencies(tokens, by="phrase").empty
    with pytest.raises(ValueError, match="leave n at 1"):
        terms.term_frequencies(tokens, by="phrase", n=2)


# --------------------------------------------------------------------------
# collocations

COLD_WAR = {"w": "guerra fredda . guerra fredda . guerra civile . notte fredda ."}


def test_collocation_scores_match_hand_computation():
    tokens, _ = make_tables(COLD_WAR)
    # N = 8 words; guerra 3, fredda 3, pair (guerra, fredda) 2.
    pmi = terms.collocations(tokens, measure="pmi")
    assert pmi[["w1", "w2", "count"]].to_dict("list") == {"w1": ["guerra"], "w2": ["fredda"], "count": [2]}
    # PMI = log2(2 * 8 / (3 * 3)) = log2(16 / 9)
    assert pmi["score"].iloc[0] == pytest.approx(math.log2(16 / 9), rel=1e-12)
    # Contingency: O = (2, 1, 1, 4); E = (3*3, 3*5, 5*3, 5*5) / 8 = (1.125, 1.875, 1.875, 3.125)
    # G2 = 2 * (2 ln(2/1.125) + ln(1/1.875) + ln(1/1.875) + 4 ln(4/3.125)) = 1.761904...
    likelihood = terms.collocations(tokens, measure="likelihood")
    hand = 2 * (2 * math.log(2 / 1.125) + 2 * math.log(1 / 1.875) + 4 * math.log(4 / 3.125))
    assert likelihood["score"].iloc[0] == pytest.approx(hand, rel=1e-12)
    assert likelihood["score"].iloc[0] == pytest.approx(1.7619037, rel=1e-6)
    # t = (O - E) / sqrt(O) with E = 3 * 3 / 8
    t = terms.collocations(tokens, measure="t")
    assert t["score"].iloc[0] == pytest.approx((2 - 9 / 8) / math.sqrt(2), rel=1e-12)
    assert t["measure"].tolist() == ["t"]


def test_collocation_windows_stop_at_sentence_ends():
    tokens, _ = make_tables(COLD_WAR)
    wide = terms.collocations(tokens, window=3, min_count=1, measure="pmi")
    # (fredda, guerra) would span ". guerra"; only in-sentence pairs exist.
    assert sorted(zip(wide["w1"], wide["w2"])) == [("guerra", "civile"), ("guerra", "fredda"), ("notte", "fredda")]
    assert wide.set_index(["w1", "w2"]).loc[("guerra", "fredda"), "count"] == 2


def test_collocations_drop_pairs_with_stop_words(peace):
    tokens, _ = peace
    kept = terms.collocations(tokens, drop_stop=False, by="text", min_count=2)
    assert ("Trattato", "di") in set(zip(kept["w1"], kept["w2"]))
    dropped = terms.collocations(tokens, by="text", min_count=2)
    assert dropped.empty
    assert list(dropped.columns) == list(schema.COLLOCATIONS)


# --------------------------------------------------------------------------
# keyness

KEYNESS = {
    # 10 words: "pace" 4 times.
    "t": "pace pace pace pace alba bosco cielo dado elmo fiume .",
    # 20 words: "pace" 2 times, "guerra" 5 times.
    "r": "pace pace guerra guerra guerra guerra guerra gatto lupo orso volpe tasso riccio "
    "merlo passero airone cigno falco gufo corvo .",
}


def test_keyness_against_the_rest_by_hand():
    tokens, documents = make_tables(KEYNESS)
    result = terms.keyness(tokens, target=["t"], by="lower").set_index("term")
    pace = result.loc["pace"]
    # a = 4 of c = 10, b = 2 of d = 20; E1 = 10 * 6 / 30 = 2, E2 = 20 * 6 / 30 = 4
    # G2 = 2 * (4 ln(4/2) + 2 ln(2/4)) = 2 * (4 ln 2 - 2 ln 2) = 4 ln 2 = 2.7725887...
    assert pace["g2"] == pytest.approx(4 * math.log(2), rel=1e-12)
    # log ratio = log2((4/10) / (2/20)) = log2(4) = 2
    assert pace["log_ratio"] == pytest.approx(2.0, rel=1e-12)
    # chi-squared survival, df = 1: P(X > 4 ln 2) = 2 * (1 - Phi(sqrt(4 ln 2))) = 0.0958910
    # (checked by integrating the normal density numerically).
    assert pace["p_value"] == pytest.approx(0.09589097, rel=1e-6)
    assert (pace["sign"], pace["target_count"], pace["reference_count"]) == (1, 4, 2.0)
    assert pace["target_per_10k"] == 4_000.0
    assert pace["reference_per_10k"] == 1_000.0
    guerra = result.loc["guerra"]
    # a = 0, b = 5; E2 = 20 * 5 / 30 = 10/3; G2 = 2 * 5 ln(5 / (10/3)) = 10 ln 1.5
    assert guerra["g2"] == pytest.approx(10 * math.log(1.5), rel=1e-12)
    # zero target count -> 0.5: log2((0.5/10) / (5/20)) = log2(0.2)
    assert guerra["log_ratio"] == pytest.approx(math.log2(0.2), rel=1e-12)
    assert guerra["sign"] == -1
    # min_count=2 applies to target + reference: the single-occurrence words are gone.
    assert sorted(result.index) == ["guerra", "pace"]
    assert result.index.tolist() == ["guerra", "pace"]  # G2 descending


def test_keyness_target_forms_agree(peace):
    tokens, documents = peace
    by_ids = terms.keyness(tokens, target=["a"], documents=documents, min_count=1)
    by_query = terms.keyness(tokens, target="outlet == 'X'", documents=documents, min_count=1)
    by_mask = terms.keyness(tokens, target=documents["outlet"] == "X", documents=documents, min_count=1)
    by_reference = terms.keyness(tokens, target=["a"], reference=["b"], min_count=1)
    assert_frame_equal(by_ids, by_query)
    assert_frame_equal(by_ids, by_mask)
    assert_frame_equal(by_ids, by_reference)
    assert by_ids.dtypes.to_dict() == schema.KEYNESS
    with pytest.raises(ValueError):
        terms.keyness(tokens, target=["a"], reference=["a", "b"])


def test_keyness_against_general_italian_uses_wordfreq_forms():
    from wordfreq import word_frequency

    tokens, _ = make_tables({"s": "Lo Stato ha affermato . È stato affermato . Lo afferma lo Stato ."})
    result = terms.keyness(tokens, target=["s"], reference="italian", min_count=1, pos=None).set_index("term")
    size = terms.ITALIAN_REFERENCE_SIZE
    # Lemma affermare: forms "affermato" (2) and "afferma" (1) on both sides.
    expected_affermare = (word_frequency("affermato", "it") + word_frequency("afferma", "it")) * size
    assert result.loc["affermare", "reference_count"] == pytest.approx(expected_affermare, rel=1e-12)
    # "stato" is lemma "stato" twice and "essere" once: wordfreq's "stato" is split 2/3 : 1/3.
    assert result.loc["stato", "reference_count"] == pytest.approx(2 / 3 * word_frequency("stato", "it") * size)
    assert result.loc["essere", "reference_count"] == pytest.approx(1 / 3 * word_frequency("stato", "it") * size)
    # 11 words (Lo Stato ha affermato È stato affermato Lo afferma lo Stato), a = 3 for affermare.
    a, c, b, d = 3, 11, expected_affermare, size
    expected_g2 = 2 * (a * math.log(a / (c * (a + b) / (c + d))) + b * math.log(b / (d * (a + b) / (c + d))))
    assert result.loc["affermare", "g2"] == pytest.approx(expected_g2, rel=1e-9)
    assert result.loc["affermare", "sign"] == 1


# --------------------------------------------------------------------------
# tf-idf


def test_tfidf_by_hand(peace):
    tokens, _ = peace
    result = terms.tfidf(tokens, by="lower", top=2)
    # N = 2. In a (11 words): pace 3 (df 2, idf ln(3/3) + 1 = 1), vince and resta 1 (df 1).
    # In b (15 words): sicurezza, trattato 2 (df 1, idf ln(3/2) + 1).
    idf_one = math.log(3 / 2) + 1
    expected = pd.DataFrame(
        {
            "doc_id": ["a", "a", "b", "b"],
            "term": ["pace", "resta", "sicurezza", "trattato"],
            "count": [3, 1, 2, 2],
            "tf": [3 / 11, 1 / 11, 2 / 15, 2 / 15],
            "df": [2, 1, 1, 1],
            "idf": [1.0, idf_one, idf_one, idf_one],
            "tfidf": [3 / 11, idf_one / 11, 2 / 15 * idf_one, 2 / 15 * idf_one],
            "rank": [1, 2, 1, 2],
        }
    )
    assert_frame_equal(result, conform(expected, schema.TFIDF))


# --------------------------------------------------------------------------
# distancing quotes

REPORT = (
    "Il presidente ha affermato che i rivoltosi, definiti come “terroristi” stanno occupando edifici, "
    "mentre c'è una battaglia tra “bande terroristiche” e unità aviotrasportate.\n\n"
    '"Queste bande terroristiche sono internazionali", ha affermato il leader. '
    "Ha detto: «Basta». «Mai più», ha aggiunto. Il « piano Draghi » e la cosiddetta ‘operazione’ vanno avanti. "
    "Si parla di “sicurezza.”"
)


def test_distancing_quotes_keep_short_labels_not_speech():
    _, documents = make_tables({"q": REPORT})
    result = terms.distancing_quotes(documents)
    assert result["quoted"].tolist() == ["terroristi", "bande terroristiche", "piano Draghi", "operazione"]
    first = result.iloc[0]
    assert REPORT[first["start"] : first["end"]] == "terroristi"
    # The quote opens 58 characters into the text: the left context is all of them.
    assert first["left"] == "Il presidente ha affermato che i rivoltosi, definiti come "
    assert first["right"] == REPORT[first["end"] + 1 : first["end"] + 61]
    assert result["lower"].tolist()[2] == "piano draghi"
    long_quotes = terms.distancing_quotes(documents, max_words=1)
    assert long_quotes["quoted"].tolist() == ["terroristi", "operazione"]
    assert result.dtypes.to_dict() == schema.DISTANCING_QUOTES


def test_distancing_quotes_count_words_with_tokens():
    tokens, documents = make_tables({"q": "Li chiamano “ nemici della patria ” ogni giorno ."})
    # Tokens: nemici, della, patria (the marks are separate punctuation tokens).
    assert terms.distancing_quotes(documents, tokens, max_words=3)["quoted"].tolist() == ["nemici della patria"]
    assert terms.distancing_quotes(documents, tokens, max_words=2).empty


# --------------------------------------------------------------------------
# concordance and dispersion


def test_concordance_by_word_lemma_and_regex(peace):
    tokens, documents = peace
    by_word = terms.concordance(tokens, documents, word="PACE", width=8)
    assert_frame_equal(terms.concordance(tokens, documents, word="pace", width=8), by_word)
    expected = pd.DataFrame(
        {
            "doc_id": ["a", "a", "a", "b"],
            "sentence": [0, 1, 1, 1],
            "start": [3, 25, 41, 80],
            "end": [7, 29, 45, 84],
            "left": ["La ", "ra . La ", "ce , la ", "mato la "],
            "match": ["pace"] * 4,
            "right": [" e la gu", " vince ,", " resta .", " ."],
        }
    )
    assert_frame_equal(by_word, conform(expected, schema.CONCORDANCE))
    by_lemma = terms.concordance(tokens, documents, lemma="affermare", window=2)
    assert by_lemma[["left", "match", "right"]].iloc[0].tolist() == ["Sicurezza ha ", "affermato", " la pace"]
    by_regex = terms.concordance(tokens, documents, regex=r"Trattato di \w+", width=3)
    assert by_regex[["sentence", "match", "left"]].to_dict("list") == {
        "sentence": [0, 1],
        "match": ["Trattato di Sicurezza"] * 2,
        "left": ["Il ", "Il "],
    }
    with pytest.raises(ValueError):
        terms.concordance(tokens, documents, word="pace", lemma="pace")


def test_dispersion_positions_follow_time(peace):
    tokens, documents = make_tables(PEACE, published={"a": "2022-03-01", "b": "2022-02-01"})
    result = terms.dispersion(tokens, documents, word="pace")
    length_a, length_b = len(PEACE["a"]), len(PEACE["b"])
    assert result["doc_id"].tolist() == ["b", "a", "a", "a"]
    assert result["position"].tolist() == [80 / length_b, 3 / length_a, 25 / length_a, 41 / length_a]
    assert result.dtypes.to_dict() == schema.DISPERSION


# --------------------------------------------------------------------------
# the seed article

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_3a0c8e003257abe6.txt"


@pytest.fixture(scope="module")
def seed():
    import corpus
    from corpus.text import text_layer

    documents = corpus.load(SEED, cache=False).documents
    _, tokens = text_layer(documents)
    return SimpleNamespace(tokens=tokens, documents=documents)


def test_seed_most_frequent_lemmas(seed):
    top = terms.term_frequencies(seed, by="lemma").head(5)
    assert top[["term", "count", "rank"]].to_dict("list") == {
        "term": ["Kazakistan", "presidente", "CSTO", "affermare", "Tokayev"],
        "count": [7, 7, 6, 6, 4],
        "rank": [1, 1, 3, 3, 5],
    }
    trigrams = terms.term_frequencies(seed, n=3)
    assert trigrams[["term", "count"]].iloc[0].tolist() == ["presidente del kazakistan", 3]


def test_seed_keywords_against_general_italian(seed):
    result = terms.keyness(seed, target=seed.documents["doc_id"].tolist(), reference="italian")
    assert set(result["term"].head(4)) == {"CSTO", "Tokayev", "Kazakistan", "affermare"}
    assert (result["sign"].head(10) == 1).all()
    # "CSTO" is not in wordfreq: reference 0, log ratio from the 5-in-1e9 floor.
    csto = result.set_index("term").loc["CSTO"]
    assert csto["reference_count"] == 0.0
    words = int((~seed.tokens["is_punct"]).sum())
    assert csto["log_ratio"] == pytest.approx(math.log2((6 / words) / (5 / 1e9)))


def test_seed_concordance_is_body_only(seed):
    lines = terms.concordance(seed, lemma="affermare", width=20)
    # Six "ha affermato" in the body; the title and the page furniture are not searched.
    assert lines["match"].tolist() == ["affermato"] * 6
    assert lines["left"].str.endswith("ha ").all()
    assert lines["sentence"].tolist() == [0, 1, 3, 4, 5, 8]
    by_phrase = terms.concordance(seed, regex=r"ha affermato")
    assert_frame_equal(by_phrase[["start"]], lines[["start"]].assign(start=lines["start"] - 3))


def test_seed_scare_quotes_and_collocations(seed):
    quotes = terms.distancing_quotes(seed)
    assert quotes["quoted"].tolist() == ["terroristi", "bande terroristiche"]
    pairs = terms.collocations(seed)
    assert ("bande", "terroristiche") in set(zip(pairs["w1"], pairs["w2"]))
    positions = terms.dispersion(seed, word="Tokayev")["position"]
    assert len(positions) == 4 and positions.is_monotonic_increasing and positions.between(0, 1).all()


# --------------------------------------------------------------------------
# invariants

VOCABULARY = ["il", "la", "pace", "guerra", "Stato", "stato", "fredda", ",", "."]
texts = st.dictionaries(
    st.sampled_from(["d1", "d2", "d3"]),
    st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=30).map(" ".join),
    min_size=1,
)


@settings(max_examples=60, deadline=None)
@given(texts)
def test_unigram_counts_add_up_to_the_words(texts):
    tokens, documents = make_tables(texts, outlets={"d1": "X", "d2": "Y", "d3": "X"})
    words = tokens[~tokens["is_punct"]]
    result = terms.term_frequencies(tokens, documents=documents, group_by="outlet", pos=None, drop_stop=False)
    per_outlet = words.assign(outlet=words["doc_id"].map(documents.set_index("doc_id")["outlet"]).astype(str))
    assert result.groupby("outlet")["count"].sum().to_dict() == per_outlet.groupby("outlet").size().to_dict()
    assert (result["doc_freq"] <= result["count"]).all()
    assert (result.groupby("outlet")["rank"].min() == 1).all()
    assert np.allclose(result.groupby("outlet")["per_10k"].sum(), 10_000)


@settings(max_examples=60, deadline=None)
@given(texts)
def test_bigrams_are_the_adjacent_pairs_of_each_sentence(texts):
    tokens, _ = make_tables(texts)
    result = terms.term_frequencies(tokens, n=2, pos=None, drop_stop=False, keep_noise=True)
    same_sentence = (tokens["doc_id"].to_numpy()[1:] == tokens["doc_id"].to_numpy()[:-1]) & (
        tokens["sentence"].to_numpy()[1:] == tokens["sentence"].to_numpy()[:-1]
    )
    assert result["count"].sum() == same_sentence.sum()
    assert (result["term"].str.count(" ") == 1).all()


@settings(max_examples=60, deadline=None)
@given(texts)
def test_keyness_is_non_negative_and_signed_by_rates(texts):
    tokens, documents = make_tables(texts)
    if len(texts) < 2 or tokens.loc[tokens["doc_id"] == "d1", "is_punct"].all():
        return
    if tokens.loc[tokens["doc_id"] != "d1", "is_punct"].all():
        return
    result = terms.keyness(tokens, target=["d1"], min_count=1, drop_stop=False)
    assert (result["g2"] >= -1e-9).all()
    assert result["p_value"].between(0, 1).all()
    rate_gap = result["target_per_10k"] - result["reference_per_10k"]
    assert (np.sign(rate_gap.round(9)) == result["sign"]).all()


@settings(max_examples=60, deadline=None)
@given(texts, st.sampled_from(["pace", "stato", "la"]))
def test_concordance_matches_are_the_text_at_their_offsets(texts, word):
    tokens, documents = make_tables(texts)
    result = terms.concordance(tokens, documents, word=word, width=5)
    for row in result.itertuples():
        body = texts[row.doc_id]
        assert body[row.start : row.end] == row.match
        assert row.match.lower() == word
        assert body[max(row.start - 5, 0) : row.start] == row.left
    assert len(result) == int((tokens["lower"] == word).sum())


# --------------------------------------------------------------------------
# figures


def test_figures_draw_one_bar_or_tick_per_row(peace):
    from matplotlib.figure import Figure

    from corpus.plots import terms as plots_terms

    tokens, documents = peace
    single = plots_terms.top_terms_figure(terms.term_frequencies(tokens), top=3)
    assert isinstance(single, Figure)
    assert [label.get_text() for label in single.axes[0].get_yticklabels()] == ["sicurezza", "guerra", "pace"]
    grouped = plots_terms.top_terms_figure(terms.term_frequencies(tokens, documents=documents, group_by="outlet"), top=2)
    assert [ax.get_title() for ax in grouped.axes] == ["Y", "X"]  # Y has more counted words (8 vs 6)
    key = plots_terms.keyness_figure(terms.keyness(tokens, target=["a"], min_count=1), top=4)
    assert len(key.axes[0].patches) == 4
    spread = plots_terms.dispersion_figure(terms.dispersion(tokens, documents, word="pace"))
    assert len(spread.axes[0].collections[0].get_offsets()) == 4
    empty = plots_terms.keyness_figure(terms.keyness(tokens, target=["a"], min_count=99))
    assert empty.axes[0].texts[0].get_text() == "No term is used significantly more or less often than in the reference."
