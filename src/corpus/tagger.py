"""Italian part of speech, morphology and lemmas (the ``token_tags`` layer).

The shipped model (``corpus/models/tagger_it``) is a small spaCy pipeline
(hash-embedding CNN + morphologizer) trained on the Italian Universal
Dependencies treebanks (CC BY-NC-SA, research / non-commercial use; see its
``README.md``). It tags the project's own tokens, never spaCy's: a contraction
or elision the project keeps as one token ("della", "dell'", "dargli") is one
word, as in UD's surface tokens, and gets the part of speech and lemma of its
first part (ADP "di"; VERB "dare").
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
import simplemma

from corpus.config import MODELS_DIR
from corpus.lang import ITALIAN, is_italian
from corpus.schema import TAGGED_TOKENS, TOKEN_TAGS, UPOS_TAGS, conform

MODEL_DIR = MODELS_DIR / "tagger_it"
LEMMA_TABLE = "lemmas.tsv"
# Parts of speech whose unseen forms are their own lemma (lower-cased but for PROPN).
_OWN_LEMMA = {"PROPN", "NUM", "PUNCT", "SYM", "X"}
# Longest word ending a suffix rule looks at, and how many known words must back a rule.
_SUFFIX_LENGTH = 6
_RULE_SUPPORT = 2
# The UD features the model predicts; the others are dropped from training and scoring.
FEATURES = ("Gender", "Number", "Person", "Mood", "Tense", "VerbForm")


class Word(NamedTuple):
    """One surface word of a CoNLL-U sentence (a multiword token counts once)."""

    form: str
    upos: str
    lemma: str
    feats: str


def keep_features(feats: str) -> str:
    """The :data:`FEATURES` of a UD ``FEATS`` string, in UD's order; ``""`` when none."""
    kept = [pair for pair in feats.split("|") if pair.partition("=")[0] in FEATURES]
    return "|".join(kept)


def read_conllu(path: str | Path) -> Iterator[list[Word]]:
    """The sentences of a CoNLL-U file as lists of surface :class:`Word`.

    A multiword token (``4-5 della``) is one word with the UPOS, lemma and
    features of its first part (``di`` ADP); empty nodes (``8.1``) are skipped.
    Raises ``ValueError`` naming the file and line of a line that is not
    CoNLL-U (ten tab-separated fields).
    """
    sentence: list[Word] = []
    covered_until = 0
    with open(path, encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, 1):
            line = line.rstrip("\r\n")
            if not line:
                if sentence:
                    yield sentence
                sentence, covered_until = [], 0
                continue
            if line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) != 10:
                raise ValueError(f"{path}, line {number}: expected 10 tab-separated CoNLL-U fields, got {line[:60]!r}")
            index, form, lemma, upos, _, feats = fields[:6]
            if "." in index:
                continue
            if "-" in index:
                _, _, last = index.partition("-")
                covered_until = int(last)
                sentence.append(Word(form, "", "", ""))
                continue
            word = Word(form, upos, lemma, keep_features(feats if feats != "_" else ""))
            if int(index) <= covered_until:
                if sentence[-1].upos == "":
                    sentence[-1] = Word(sentence[-1].form, word.upos, word.lemma, word.feats)
                continue
            sentence.append(word)
    if sentence:
        yield sentence


# --------------------------------------------------------------------------
# lemmas: (form, UPOS) -> lemma from the treebanks, suffix rules for unseen forms


def lookup_form(form: str) -> str:
    """The lookup key of a surface form: lower case, typographic apostrophe made straight."""
    return form.replace("’", "'").lower()


def lemma_case(lemma: str, upos: str) -> str:
    """Lemmas are lower case, except a proper noun's, which keeps its case ("Stato" NOUN -> "stato")."""
    return lemma if upos == "PROPN" else lemma.lower()


def lemma_counts(sentences: Iterable[Sequence[Word]]) -> pd.DataFrame:
    """The lemma table a model ships: one row per (form, upos, lemma) with its count in ``sentences``.

    ``form`` is :func:`lookup_form`; lemmas follow :func:`lemma_case`.
    """
    counts = Counter(
        (lookup_form(word.form), word.upos, lemma_case(word.lemma, word.upos))
        for sentence in sentences for word in sentence if word.upos
    )
    rows = sorted(counts.items(), key=lambda item: (item[0][0], item[0][1], -item[1], item[0][2]))
    return pd.DataFrame([(*key, count) for key, count in rows], columns=["form", "upos", "lemma", "count"])


def _edit(form: str, lemma: str) -> tuple[int, str]:
    """How to turn ``form`` into ``lemma``: characters to strip from its end, and the ending to add."""
    shared = 0
    for a, b in zip(form, lemma):
        if a != b:
            break
        shared += 1
    return len(form) - shared, lemma[shared:]


class Lemmatizer:
    """(form, UPOS) -> lemma: the treebanks' commonest lemma, else simplemma or a suffix rule learned from them.

    ``table`` has the columns of :func:`lemma_counts`. A form the treebanks
    never gave with that part of speech takes simplemma's lemma when the
    treebanks know it as a lemma of that part of speech ("servente" ADJ ->
    "servente", not simplemma's verb "servire" for a noun); else the edit
    (strip an ending, add another) most common among known words of that part
    of speech sharing its longest ending (at most six letters, backed by at
    least two words): "sgomberati" VERB -> "sgomberare" as "rimpatriati" ->
    "rimpatriare"; else simplemma's. Proper nouns, numbers and symbols keep
    their form, and so does an unknown acronym tagged NOUN ("CSTO": the model
    often takes acronyms for common nouns); a proper noun the treebanks know
    keeps the case it is written in unless it is all capitals or all lower case
    ("ROMA" -> "Roma").
    """

    def __init__(self, table: pd.DataFrame):
        # A proper noun's lemma written with capitals wins over a lower-case one (tweets write "italia").
        lowered = (table["upos"] == "PROPN") & (table["lemma"] == table["lemma"].str.lower())
        ranked = table.assign(lowered=lowered).sort_values(["lowered", "count"], ascending=[True, False], kind="stable")
        best = ranked.drop_duplicates(["form", "upos"])
        self.known = dict(zip(zip(best["form"], best["upos"]), best["lemma"]))
        self.lemmas = set(zip(best["lemma"], best["upos"]))
        rules: dict[tuple[str, str], Counter] = defaultdict(Counter)
        for (form, upos), lemma in self.known.items():
            edit = _edit(form, lemma.lower())
            for length in range(1, min(_SUFFIX_LENGTH, len(form)) + 1):
                rules[form[-length:], upos][edit] += 1
        self.rules = {
            key: counts.most_common(1)[0][0] for key, counts in rules.items() if sum(counts.values()) >= _RULE_SUPPORT
        }

    def __call__(self, form: str, upos: str) -> str:
        """The lemma of surface ``form`` tagged ``upos``."""
        written = form.replace("’", "'")
        key = lookup_form(written)
        known = self.known.get((key, upos))
        if upos == "PROPN" and (known is None or known.lower() == key):
            return known if known and (written.isupper() or written.islower()) else written
        if known is not None:
            return known
        if upos == "NOUN" and _is_acronym(written):
            return written
        if upos in _OWN_LEMMA:
            return lemma_case(written, upos)
        guess = simplemma.lemmatize(key, lang=ITALIAN).lower()
        if (guess, upos) in self.lemmas:
            return guess
        for length in range(min(_SUFFIX_LENGTH, len(key)), 0, -1):
            edit = self.rules.get((key[-length:], upos))
            if edit is not None:
                strip, ending = edit
                return key[: len(key) - strip] + ending
        return guess


def _is_acronym(form: str) -> bool:
    """Two or more letters, all capitals ("CSTO", "Usa" is not): unknown ones keep their form as lemma."""
    return len(form) > 1 and form.isupper() and form.isalpha()


@functools.cache
def load_lemmatizer(model_dir: Path = MODEL_DIR) -> Lemmatizer:
    """The lemmatiser of the model in ``model_dir`` (its ``lemmas.tsv``), loaded once."""
    table = pd.read_csv(model_dir / LEMMA_TABLE, sep="\t", dtype={"form": str, "upos": str, "lemma": str},
                        keep_default_na=False, quoting=3)
    return Lemmatizer(table)


def write_lemma_table(table: pd.DataFrame, model_dir: Path) -> Path:
    """Write :func:`lemma_counts` into a model folder as ``lemmas.tsv``; return its path."""
    path = Path(model_dir) / LEMMA_TABLE
    table.to_csv(path, sep="\t", index=False, quoting=3)
    return path


# --------------------------------------------------------------------------
# tagging


@functools.cache
def load_model(model_dir: Path = MODEL_DIR):
    """The shipped spaCy tagger, loaded once from the package directory (offline)."""
    import spacy

    if not (Path(model_dir) / "meta.json").is_file():
        raise FileNotFoundError(
            f"the tagger model is missing from {model_dir}; reinstall the package "
            "or retrain it (see training/README.md)"
        )
    return spacy.load(model_dir)


def tag_sentences(
    sentences: Sequence[Sequence[str]], *, model_dir: Path = MODEL_DIR, batch_size: int = 1000
) -> list[list[tuple[str, str, str]]]:
    """``(upos, feats, lemma)`` for each word of each pre-tokenised sentence (what :func:`tag_tokens` gives)."""
    upos, feats, lemmas = _tag_words(sentences, model_dir, batch_size)
    tagged, first = [], 0
    for words in sentences:
        last = first + len(words)
        tagged.append(list(zip(upos[first:last].tolist(), feats[first:last].tolist(), lemmas[first:last].tolist())))
        first = last
    return tagged


def _tag_words(
    sentences: Sequence[Sequence[str]], model_dir: Path, batch_size: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """UPOS, features and lemma of every word of ``sentences``, as three flat object arrays."""
    from spacy.parts_of_speech import NAMES

    nlp = load_model(model_dir)
    arrays = [doc.to_array(["POS", "MORPH"]) for doc in _tagged_docs(nlp, sentences, batch_size)]
    codes = np.concatenate(arrays) if arrays else np.zeros((0, 2), dtype=np.uint64)
    distinct_pos, pos_index = np.unique(codes[:, 0], return_inverse=True)
    upos = np.array([NAMES[int(code)] for code in distinct_pos], dtype=object)[pos_index.reshape(-1)]
    distinct_morph, morph_index = np.unique(codes[:, 1], return_inverse=True)
    feats = np.array([_feats(nlp, int(code)) for code in distinct_morph], dtype=object)[morph_index.reshape(-1)]
    forms = np.array([word for words in sentences for word in words], dtype=object)
    starts = np.cumsum([len(words) for words in sentences])[:-1]
    upos = _common_nouns(forms, upos, starts)
    return upos, feats, _lemmas(forms, upos, model_dir)


def _tagged_docs(nlp, sentences: Sequence[Sequence[str]], batch_size: int):
    from spacy.tokens import Doc

    docs = (Doc(nlp.vocab, words=[word.replace("’", "'") for word in words]) for words in sentences)
    return nlp.pipe(docs, batch_size=batch_size)


def _feats(nlp, code: int) -> str:
    feats = nlp.vocab.strings[code] if code else ""
    return "" if feats == "_" else feats


def tag_tokens(tokens: pd.DataFrame, *, documents: pd.DataFrame | None = None, batch_size: int = 1000) -> pd.DataFrame:
    """Part of speech, features and lemma of every token: the ``token_tags`` table.

    ``tokens`` is the project's tokens table (doc_id, sentence, token, text,
    lower; see :func:`corpus.text.text_layer`), in token order within each
    document. ``documents`` (doc_id, lang) says each document's language; the
    tokens of a document whose ``lang`` is set and not Italian are not tagged:
    ``upos`` <NA>, ``feats`` "" and ``lemma`` = ``lower``. Without ``documents``
    every token counts as Italian.

    Returns one row per token, keyed by (doc_id, sentence, token) in the order
    of ``tokens``: ``upos`` (one of the 17 UD tags), ``feats`` (UD features
    among :data:`FEATURES`, "|"-joined, "" when none) and ``lemma`` (lower
    case, but a proper noun's keeps its case: see :class:`Lemmatizer`).
    """
    ordered = tokens.reset_index(drop=True)
    italian = _italian(ordered, documents)
    lower = ordered["lower"].astype(object).to_numpy()
    upos = np.full(len(ordered), None, dtype=object)
    feats = np.full(len(ordered), "", dtype=object)
    lemma = lower.copy()
    if italian.any():
        chosen = np.flatnonzero(italian)
        part = ordered.iloc[chosen]
        words = part["text"].astype(object).tolist()
        bounds = np.concatenate([[0], _sentence_starts(part), [len(words)]]).tolist()
        sentences = [words[first:last] for first, last in zip(bounds[:-1], bounds[1:])]
        upos[chosen], feats[chosen], lemma[chosen] = _tag_words(sentences, MODEL_DIR, batch_size)
    frame = pd.DataFrame({
        "doc_id": ordered["doc_id"], "sentence": ordered["sentence"], "token": ordered["token"],
        "upos": pd.Categorical(upos, categories=UPOS_TAGS), "feats": _in_order_of_appearance(feats),
        "lemma": _in_order_of_appearance(lemma),
    })
    return conform(frame, TOKEN_TAGS)


def _in_order_of_appearance(values: np.ndarray) -> pd.Categorical:
    """A categorical whose categories come in order of first appearance, as the text layer's.

    Tables read from several cached segments then have the same categories,
    in the same order, however the documents were cut into jobs.
    """
    return pd.Categorical(values, categories=pd.unique(values))


def _common_nouns(forms: np.ndarray, upos: np.ndarray, sentence_starts: np.ndarray) -> np.ndarray:
    """``upos`` with a lone capitalised common noun ("lo Stato", "i Trattati") made NOUN, not PROPN.

    The treebanks mostly tag "Stato" PROPN (legal texts capitalise it), so the
    model does too; unless a capitalised word follows ("Stati Uniti", "Stato
    Islamico": a name), a word of :data:`corpus.lexicon.CAPITALISED_NOUNS` is the noun.
    """
    from corpus.lexicon import CAPITALISED_NOUNS

    upos = upos.copy()
    last = set((np.asarray(sentence_starts, dtype=np.int64) - 1).tolist()) | {len(forms) - 1}
    for position in np.flatnonzero(upos == "PROPN").tolist():
        if forms[position] in CAPITALISED_NOUNS and (position in last or not forms[position + 1][:1].isupper()):
            upos[position] = "NOUN"
    return upos


def _sentence_starts(tokens: pd.DataFrame) -> np.ndarray:
    """Positions (but the first) where a new (doc_id, sentence) begins, in a table ordered by them."""
    documents, _ = pd.factorize(tokens["doc_id"])
    sentences = tokens["sentence"].to_numpy()
    return np.flatnonzero((np.diff(documents) != 0) | (np.diff(sentences) != 0)) + 1


def _lemmas(forms: np.ndarray, upos: np.ndarray, model_dir: Path = MODEL_DIR) -> np.ndarray:
    """The lemma of each (form, upos) pair, computed once per distinct pair."""
    lemmatize = load_lemmatizer(model_dir)
    form_codes, distinct_forms = pd.factorize(forms)
    upos_codes, distinct_upos = pd.factorize(upos)
    pairs, codes = np.unique(form_codes.astype(np.int64) * len(distinct_upos) + upos_codes, return_inverse=True)
    lemmas = np.array(
        [lemmatize(distinct_forms[pair // len(distinct_upos)], distinct_upos[pair % len(distinct_upos)])
         for pair in pairs.tolist()],
        dtype=object,
    )
    return lemmas[codes]


def _italian(tokens: pd.DataFrame, documents: pd.DataFrame | None) -> np.ndarray:
    """Whether each token's document is Italian (a missing ``lang`` counts as Italian)."""
    if documents is None or tokens.empty:
        return np.ones(len(tokens), dtype=bool)
    lang = documents.drop_duplicates("doc_id").set_index("doc_id")["lang"].astype(object)
    return is_italian(lang.reindex(tokens["doc_id"].astype(object)))


def with_tags(tokens: pd.DataFrame, tags: pd.DataFrame) -> pd.DataFrame:
    """``tokens`` with the ``upos``, ``feats`` and ``lemma`` of ``tags`` (the ``token_tags`` table).

    Both tables come from the same documents in the same order, so rows align;
    should they not, they are joined on (doc_id, sentence, token).
    """
    tokens, tags = tokens.reset_index(drop=True), tags.reset_index(drop=True)
    aligned = (
        len(tokens) == len(tags)
        and (tokens["token"].to_numpy() == tags["token"].to_numpy()).all()
        and (tokens["doc_id"].to_numpy(dtype=object) == tags["doc_id"].to_numpy(dtype=object)).all()
    )
    if aligned:
        out = tokens.assign(lemma=tags["lemma"], upos=tags["upos"], feats=tags["feats"])
    else:
        keys = ["doc_id", "sentence", "token"]
        out = tokens.drop(columns="lemma").merge(tags, on=keys, how="left", sort=False)
    return conform(out, TAGGED_TOKENS)


# --------------------------------------------------------------------------
# scoring


def evaluate(gold: Sequence[Sequence[Word]], *, model_dir: Path = MODEL_DIR) -> dict:
    """Accuracy of the tagger on gold sentences (:func:`read_conllu`), one count per surface word.

    ``upos``: the part of speech; ``lemma``: the lemma against the gold one
    written as this module writes lemmas (:func:`lemma_case`, straight
    apostrophe); ``feats``: all of :data:`FEATURES` right (a word without any
    counts as right when none is predicted). Returns those three, and ``words``.
    """
    predicted = tag_sentences([[word.form for word in sentence] for sentence in gold], model_dir=model_dir)
    right = Counter()
    words = 0
    for sentence, tags in zip(gold, predicted, strict=True):
        for word, (upos, feats, lemma) in zip(sentence, tags, strict=True):
            words += 1
            right["upos"] += upos == word.upos
            right["lemma"] += lemma == lemma_case(word.lemma.replace("’", "'"), word.upos)
            right["feats"] += set(filter(None, feats.split("|"))) == set(filter(None, word.feats.split("|")))
    return {name: right[name] / words if words else 0.0 for name in ("upos", "lemma", "feats")} | {"words": words}


def format_scores(scores: dict) -> str:
    """Scores as aligned text, one line per measure."""
    lines = [f"{name:<6}{scores[name]:>8.4f}" for name in ("upos", "lemma", "feats")]
    return "\n".join([*lines, f"{'words':<6}{scores['words']:>8}"])
