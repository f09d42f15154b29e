"""Term analyses over the tokens table: what words an article or a corpus uses.

Every function reads the tidy tables (``tokens``, ``documents``) or any object
exposing them as attributes (a :class:`corpus.Corpus`), never mutates them, and
returns a long DataFrame with the dtypes declared below:

- :func:`term_frequencies` -- counts of words, n-grams and noun phrases
  (:func:`phrase_spans`), optionally per outlet, author or month, with document
  frequency, frequency per 10,000 words and rank.
- :func:`collocations` -- word pairs that occur together more than chance
  (NLTK association measures).
- :func:`keyness` -- words over- or under-used by a set of documents compared with
  the rest of the corpus, another set, or general Italian (``wordfreq``).
- :func:`tfidf` -- the most distinctive terms of each document.
- :func:`distancing_quotes` -- short quoted words that are not speech ("scare
  quotes" such as *“terroristi”*).
- :func:`concordance` and :func:`dispersion` -- where a word occurs: keyword in
  context lines and relative positions across documents and time.

What counts as a term is decided once, for every analysis (:func:`counted_mask`):
content words by default (``pos=CONTENT_POS``: nouns, names, adjectives and
verbs, never auxiliaries or modals; from the tokens' ``upos`` when the tagger
gave it, else stop words and auxiliary lemmas out), no stop words
(``drop_stop``), and never noise -- numbers, percentages, times, initials,
apostrophe pieces, punctuation (:func:`is_noise`) -- nor scraping artefacts
(``tokens.is_artefact``, :mod:`corpus.artefacts`) unless ``keep_noise``.
``pos=None`` (or ``"all"``) counts every word. Totals (rates, tf, keyness)
are all words, so these filters remove rows, never change another term's rate.

Counting works on the integer codes of the categorical token columns with
``numpy.bincount``, so it costs a few array passes however large the corpus.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from corpus import lexicon
from corpus.schema import COLLOCATIONS, CONCORDANCE, DISPERSION, DISTANCING_QUOTES, FREQUENCIES, KEYNESS, STRING, TFIDF, TIMESTAMP, conform
from corpus.tally import Partial, tally


TERM_COLUMNS = ("lower", "text", "lemma")
# term_frequencies also counts noun phrases and whole names (see phrase_spans).
PHRASE = "phrase"
NAME = "name"
SPANS = (PHRASE, NAME)

# Content words, the default of every term analysis: Universal Dependencies tags.
CONTENT_POS = frozenset({"NOUN", "PROPN", "ADJ", "VERB"})
# ``pos="all"`` (or None): every word, whatever its part of speech.
ALL_POS = "all"
NOUN_PHRASE_HEADS = frozenset({"NOUN", "PROPN"})
NOUN_PHRASE_MODIFIERS = frozenset({"ADJ"})
# Tokens of a noun phrase, one character each (see phrase_spans): head, modifier, "di" link.
_PHRASE_PATTERN = re.compile(r"A*N+A*(?:dA*N+A*)*")
# A whole name: a run of proper-noun tokens ("Stati Uniti", "New York", "Silvio Berlusconi", "Italia").
_NAME_PATTERN = re.compile(r"N+")
# A token with no letter (punctuation, 12, 1,5%, 2:00, 08/09/2015, 2022-2023), a lone letter with
# or without a period or apostrophe (the initials "A.", "L", "O'"), or a piece of one or two letters
# cut off by an apostrophe ("un'", "d'"): never a term unless asked (keep_noise=True).
_NOISE = re.compile(r"[\W\d_]*|[^\W\d_][.'’]?|[^\W\d_]{1,2}['’]")

# Group keys derived from ``documents.published`` (local Rome time) when the
# documents table has no column of that name.
PERIODS = {"year": "%Y", "month": "%Y-%m", "week": "%G-W%V", "day": "%Y-%m-%d"}  # week: ISO, from Monday

# wordfreq gives relative frequencies; keyness against general Italian treats
# them as counts in a reference corpus of this many tokens. The size only sets
# how certain the reference is: at 1e9 the reference is practically exact and G2
# becomes a goodness-of-fit test of the target against wordfreq's proportions.
ITALIAN_REFERENCE_SIZE = 1_000_000_000

# Hardie's log ratio is undefined when a term is absent from one side; a count
# of zero is replaced by half the smallest count that could have been observed
# (only for the log ratio, not for G2): 0.5 in a corpus, and in general Italian
# half of wordfreq's lowest listed frequency (1e-8), i.e. 5 in 1e9 tokens.
ZERO_CORRECTION = 0.5
WORDFREQ_FLOOR = 1e-8


# --------------------------------------------------------------------------
# shared helpers


def _tables(data, documents: pd.DataFrame | None = None):
    """(tokens, documents) from a tokens frame (plus optional documents) or a corpus (pandas or Dask)."""
    if hasattr(data, "tokens"):
        return data.tokens, data.documents if documents is None else documents
    return data, documents


def _check_by(by: str) -> None:
    if by not in TERM_COLUMNS:
        raise ValueError(f"by must be one of {TERM_COLUMNS}, not {by!r}")


def _codes(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes (-1 for missing) and the vocabulary they index.

    Categorical columns give both for free; other columns are factorized.
    """
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = column.cat.codes.to_numpy().astype(np.int64)
        vocabulary = column.cat.categories
    else:
        codes, vocabulary = pd.factorize(column)
        codes = codes.astype(np.int64)
    return codes, np.asarray(vocabulary, dtype=object)


def _tally(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct non-negative integer keys in ascending order, and their counts.

    ``bincount`` is a single pass but allocates one slot per possible key, so it
    is used only when the key range is small compared with the data; otherwise
    ``unique`` sorts.
    """
    if keys.size == 0:
        return keys, keys
    top = int(keys.max()) + 1
    if top <= 4 * keys.size + 1_000_000:
        counts = np.bincount(keys, minlength=top)
        present = np.flatnonzero(counts)
        return present, counts[present]
    return np.unique(keys, return_counts=True)


def _distinct(keys: np.ndarray) -> np.ndarray:
    """Distinct integer keys, sorted (a sort and a diff: faster than hashing here)."""
    ordered = np.sort(keys)
    return ordered[np.r_[True, ordered[1:] != ordered[:-1]]] if ordered.size else ordered


def _in_text_order(tokens: pd.DataFrame) -> pd.DataFrame:
    """``tokens`` with each document's tokens contiguous and in reading order.

    Adjacency (n-grams, collocations, token windows) depends on row order; the
    text layer already produces this order, so sorting is usually skipped.
    """
    doc = tokens["doc_id"].to_numpy()
    position = tokens["token"].to_numpy()
    same_doc = doc[1:] == doc[:-1]
    runs = 1 + int(np.count_nonzero(~same_doc)) if len(tokens) else 0
    if runs == tokens["doc_id"].nunique() and bool(np.all(position[1:][same_doc] > position[:-1][same_doc])):
        return tokens
    return tokens.sort_values(["doc_id", "token"], kind="stable")


def _alphabetical(labels: np.ndarray) -> np.ndarray:
    """Position of each label in alphabetical order (ties keep their order)."""
    order = np.argsort(labels.astype(str), kind="stable")
    position = np.empty(order.size, dtype=np.int64)
    position[order] = np.arange(order.size)
    return position


def _flag(tokens: pd.DataFrame, column: str) -> np.ndarray:
    """A boolean token column; False everywhere when the table predates it (``is_artefact``)."""
    if column not in tokens.columns:
        return np.zeros(len(tokens), dtype=bool)
    return tokens[column].to_numpy(dtype=bool)


def is_noise(form: str) -> bool:
    """Whether a token's surface form is noise rather than a word: the one rule every term analysis applies.

    Noise is a token without a letter (punctuation, numbers, percentages,
    times, dates: ``,``, ``12``, ``1,5%``, ``2:00``, ``08/09/2015``), a lone
    letter with or without a period or apostrophe (initials: ``A.``, ``L``,
    ``O'``), or one or two letters cut off by an apostrophe (``un'``).
    ``F-16``, ``G7``, ``Ue`` and ``344esimo`` are words.
    """
    return _NOISE.fullmatch(form) is not None


def noise_mask(tokens: pd.DataFrame) -> np.ndarray:
    """Per token: noise by :func:`is_noise` (decided once per distinct form), or a scraping artefact (``is_artefact``)."""
    codes, forms = _codes(tokens["text"])
    # One more slot, True, for code -1: a token without a form is no word.
    noisy = np.append(np.fromiter((is_noise(str(form)) for form in forms), dtype=bool, count=len(forms)), True)
    return noisy[codes] | _flag(tokens, "is_artefact")


def _words(tokens: pd.DataFrame) -> np.ndarray:
    """The tokens that count as words in totals (per 10,000, tf, keyness totals): not punctuation nor an artefact."""
    return ~_flag(tokens, "is_punct") & ~_flag(tokens, "is_artefact")


def _present(tokens: pd.DataFrame, *, keep_noise: bool) -> np.ndarray:
    """The tokens an analysis may see at all: no artefact ever, and no noise unless ``keep_noise``."""
    if keep_noise:
        return ~_flag(tokens, "is_artefact")
    return _words(tokens) & ~noise_mask(tokens)


def _pos_tags(pos) -> frozenset[str] | None:
    """The UPOS tags a ``pos=`` option selects, or None for every word."""
    if pos is None or (isinstance(pos, str) and pos == ALL_POS):
        return None
    tags = frozenset([pos] if isinstance(pos, str) else pos)
    if not tags:
        raise ValueError("pos selects no tag: pass None or 'all' for every word")
    return tags


def content_mask(tokens: pd.DataFrame, *, pos=CONTENT_POS) -> np.ndarray:
    """Per token: whether its part of speech is one of ``pos`` (a set of UPOS tags; None or "all": every token).

    Auxiliaries and modals never count as verbs: UD tags them ``AUX``, and a
    ``VERB`` whose lemma is one of :data:`corpus.lexicon.AUXILIARY_LEMMAS`
    (essere, avere, stare, potere, dovere, volere) is left out too. A tokens
    table without ``upos`` (an older cache, a frame of your own) falls back
    for the default content words on the lemma alone: every token but those
    auxiliary lemmas (stop words go through ``drop_stop``, noise through
    :func:`noise_mask`); any other ``pos`` needs the tags and raises.
    """
    tags = _pos_tags(pos)
    if tags is None:
        return np.ones(len(tokens), dtype=bool)
    auxiliary = tokens["lemma"].isin(lexicon.AUXILIARY_LEMMAS).to_numpy(dtype=bool)
    if "upos" not in tokens.columns:
        if tags != CONTENT_POS:
            raise ValueError(f"pos={sorted(tags)} needs the tokens' upos column (the tagger); this table has none")
        return ~auxiliary
    upos = tokens["upos"]
    return upos.isin(tags).to_numpy(dtype=bool) & ~(auxiliary & (upos == "VERB").to_numpy(dtype=bool, na_value=False))


def counted_mask(
    tokens: pd.DataFrame, *, pos=CONTENT_POS, drop_stop: bool = True, keep_noise: bool = False
) -> np.ndarray:
    """Per token: whether the term analyses count it as a term.

    A word (not punctuation, not a scraping artefact) of part of speech
    ``pos`` (:func:`content_mask`), not a stop word with ``drop_stop``, and
    not noise (:func:`noise_mask`: numbers, initials...) unless ``keep_noise``,
    which also lets punctuation in.
    """
    counted = content_mask(tokens, pos=pos) & _present(tokens, keep_noise=keep_noise)
    if drop_stop:
        counted &= ~_flag(tokens, "is_stop")
    return counted


def _doc_text(documents: pd.DataFrame) -> pd.Series:
    return pd.Series(documents["text"].to_numpy(dtype=object), index=documents["doc_id"])


# --------------------------------------------------------------------------
# frequencies


def _group_keys(documents: pd.DataFrame, groups: list[str], doc_ids: np.ndarray):
    """Group code of every document code, and the group values of every group code."""
    columns = {}
    for name in groups:
        if name in documents.columns:
            columns[name] = documents[name].array
        elif name in PERIODS:
            columns[name] = documents["published"].dt.strftime(PERIODS[name]).astype(STRING).array
        else:
            raise KeyError(f"group_by column {name!r} is neither in documents nor one of {list(PERIODS)}")
    keys = pd.DataFrame(columns, index=documents["doc_id"])
    per_doc = keys.reindex(pd.Index(doc_ids.astype(str)))
    codes = per_doc.groupby(groups, dropna=False, sort=True, observed=True).ngroup().to_numpy()
    values = per_doc.assign(_code=codes).drop_duplicates("_code").sort_values("_code")
    return codes.astype(np.int64), values[groups].reset_index(drop=True)


def _ngrams(codes, vocabulary, inner, edge, boundary, n):
    """Occurrence positions, gram ids and gram labels of all valid n-grams.

    Every token of a gram is ``inner`` and its first and last are ``edge``;
    ``boundary[i]`` is True when tokens ``i`` and ``i+1`` are in different
    sentences or documents, so no gram spans it.
    """
    length = len(codes) - n + 1
    if length <= 0:
        return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, object)
    valid = edge[:length] & edge[n - 1 : n - 1 + length]
    for j in range(n):
        valid &= inner[j : j + length]
    for j in range(n - 1):
        valid &= ~boundary[j : j + length]
    positions = np.flatnonzero(valid)
    size = len(vocabulary)
    # Combine one component at a time, compacting in between, so keys never
    # overflow int64 however large the vocabulary.
    key = codes[positions]
    for j in range(1, n):
        _, compact = np.unique(key, return_inverse=True)
        key = compact * size + codes[positions + j]
    _, grams = np.unique(key, return_inverse=True)
    first = np.empty(grams.max() + 1 if grams.size else 0, dtype=np.int64)
    first[grams] = positions
    parts = [pd.Series(vocabulary[codes[first + j]], dtype=object) for j in range(n)]
    labels = parts[0].str.cat(parts[1:], sep=" ").to_numpy(dtype=object)
    return positions, grams.astype(np.int64), labels


def _boundaries(tokens: pd.DataFrame, doc_codes: np.ndarray) -> np.ndarray:
    """``boundary[i]``: tokens ``i`` and ``i + 1`` (in text order) are in different sentences or documents."""
    sentence = tokens["sentence"].to_numpy()
    return (doc_codes[1:] != doc_codes[:-1]) | (sentence[1:] != sentence[:-1])


def _joined(words: list[str]) -> str:
    """Words as written: a space between them, none after an elision ("dell'" + "Onu" is "dell'Onu")."""
    return " ".join(words).replace("' ", "'").replace("’ ", "’")


def phrase_spans(tokens: pd.DataFrame, *, drop_stop: bool = True, kind: str = PHRASE) -> pd.DataFrame:
    """The noun phrases (or names) of a tokens table: ``first``, ``last`` (token rows in text order), ``phrase``, ``surface``.

    ``phrase`` is the lower-case form, ``surface`` the phrase as written there.

    A noun phrase is a run of at least two tokens matching
    ``A* N+ A* (d A* N+ A*)*``: nouns or names (``N``: UPOS NOUN or PROPN)
    with the adjectives around them (``A``: ADJ), linked by "di" or its
    articulated forms (``d``: di, d', del, dello, della, dell', dei, degli,
    delle). So "Consiglio di sicurezza", "vigili del fuoco", "Stati Uniti",
    "presidente della Repubblica", "nuovo governo". A phrase never crosses
    a sentence end or any other token (punctuation, a verb, a number, an
    artefact), and runs are taken longest first from the left. Without
    ``upos`` every content word (:func:`counted_mask`) stands in for a noun,
    an approximation that also joins verbs.

    With ``kind="name"`` the spans are whole names instead: runs of one or
    more proper nouns (UPOS PROPN: "Stati Uniti", "New York", "Italia"),
    within a sentence; a tokens table without ``upos`` has no names.
    """
    tokens = _in_text_order(tokens)
    first, last = _phrase_bounds(tokens, drop_stop=drop_stop, kind=kind)
    phrase, phrases = _spelled(tokens["lower"], first, last)
    surface, surfaces = _spelled(tokens["text"], first, last)
    return pd.DataFrame({"first": first, "last": last, "phrase": phrases[phrase], "surface": surfaces[surface]})


def _phrase_bounds(tokens: pd.DataFrame, *, drop_stop: bool, kind: str = PHRASE) -> tuple[np.ndarray, np.ndarray]:
    """First and last row of each noun phrase (or name) of ``tokens`` (in text order): see :func:`phrase_spans`."""
    doc_codes, _ = _codes(tokens["doc_id"])
    plain = ~noise_mask(tokens)
    if kind == NAME:
        head = tokens["upos"].eq("PROPN").fillna(False).to_numpy(dtype=bool) & plain if "upos" in tokens.columns else (
            np.zeros(len(tokens), dtype=bool))
        modifier = np.zeros(len(tokens), dtype=bool)
    elif "upos" in tokens.columns:
        upos = tokens["upos"]
        head = upos.isin(NOUN_PHRASE_HEADS).to_numpy(dtype=bool) & plain
        modifier = upos.isin(NOUN_PHRASE_MODIFIERS).to_numpy(dtype=bool) & plain
    else:
        head = counted_mask(tokens, drop_stop=drop_stop)
        modifier = np.zeros(len(tokens), dtype=bool)
    link = tokens["lower"].isin(lexicon.DI_FORMS).to_numpy(dtype=bool)
    kinds = np.full(len(tokens), ".", dtype="<U1")
    kinds[link] = "d"
    kinds[modifier] = "A"
    kinds[head] = "N"
    cuts = np.flatnonzero(_boundaries(tokens, doc_codes)) + 1 if len(tokens) else np.empty(0, np.int64)
    # One character per token, "|" between sentences: the pattern runs over the whole table at once.
    line = "".join(np.insert(kinds, cuts, "|").tolist())
    row_of = np.insert(np.arange(len(tokens)), cuts, -1)
    pattern = _NAME_PATTERN if kind == NAME else _PHRASE_PATTERN
    bounds = np.array([m.span() for m in pattern.finditer(line)], dtype=np.int64).reshape(-1, 2)
    if kind == PHRASE:
        bounds = bounds[bounds[:, 1] - bounds[:, 0] > 1]
    return row_of[bounds[:, 0]], row_of[bounds[:, 1] - 1]


def _spelled(column: pd.Series, first: np.ndarray, last: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Ids of the word sequences of ``column`` from row ``first`` to row ``last`` of each span, and their text.

    Each distinct sequence is joined once (:func:`_joined`): spans become rows
    of word codes (padded with -1) and ``np.unique`` finds the distinct rows.
    """
    if not len(first):
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=object)
    codes, vocabulary = _codes(column)
    lengths = last - first + 1
    offsets = np.arange(int(lengths.max()))
    inside = offsets[None, :] < lengths[:, None]
    grid = np.full(inside.shape, -1, dtype=np.int64)
    grid[inside] = codes[(first[:, None] + offsets[None, :])[inside]]
    rows, which = np.unique(grid, axis=0, return_inverse=True)
    words = [str(word) for word in vocabulary]
    spelled = [_joined([words[code] for code in row if code >= 0]) for row in rows.tolist()]
    return which.reshape(-1).astype(np.int64), np.array(spelled, dtype=object)


def term_counts(
    tokens: pd.DataFrame,
    documents: pd.DataFrame | None,
    *,
    by: str = "lower",
    n: int = 1,
    groups: Sequence[str] = (),
    pos=CONTENT_POS,
    drop_stop: bool = True,
    keep_noise: bool = False,
) -> pd.DataFrame:
    """The additive part of :func:`term_frequencies` for a chunk of documents: group columns, term, count, doc_freq.

    Counts and document frequencies of disjoint sets of documents add up.
    Phrases are counted by their lower-case form (:func:`phrase_surfaces`
    tallies how each is written).
    """
    groups = list(groups)
    if n > 1 or by in SPANS:
        tokens = _in_text_order(tokens)
    doc_codes, doc_ids = _codes(tokens["doc_id"])
    group_of_doc, group_values = _groups(documents, groups, doc_ids)
    if by in SPANS:
        positions, last = _phrase_bounds(tokens, drop_stop=drop_stop, kind=by)
        terms, labels = _spelled(tokens["lower"], positions, last)
    else:
        codes, vocabulary = _codes(tokens[by])
        counted = counted_mask(tokens, pos=pos, drop_stop=drop_stop, keep_noise=keep_noise) & (codes >= 0)
        if n == 1:
            positions = np.flatnonzero(counted)
            terms, labels = codes[positions], vocabulary
        else:
            inner = (codes >= 0) & _present(tokens, keep_noise=keep_noise)
            positions, terms, labels = _ngrams(codes, vocabulary, inner, counted, _boundaries(tokens, doc_codes), n)

    size = max(len(labels), 1)
    keys, counts = _tally(group_of_doc[doc_codes[positions]] * size + terms)
    # A (document, term) pair counts once towards doc_freq.
    pairs = _distinct(doc_codes[positions] * size + terms)
    _, doc_freq = _tally(group_of_doc[pairs // size] * size + pairs % size)
    frame = group_values.take(keys // size).reset_index(drop=True)
    frame["term"] = pd.array(labels[keys % size] if len(keys) else [], dtype=STRING)
    frame["count"] = counts.astype(np.int64)
    frame["doc_freq"] = doc_freq.astype(np.int64)
    return frame


def phrase_surfaces(
    tokens: pd.DataFrame, documents: pd.DataFrame | None = None, *, drop_stop: bool = True, by: str = PHRASE, **_
) -> pd.DataFrame:
    """The additive part of how phrases (or names) are written: term (in lower case), surface, count."""
    phrases = phrase_spans(tokens, drop_stop=drop_stop, kind=by)
    counts = phrases.groupby(["phrase", "surface"], sort=True).size()
    return pd.DataFrame(
        {
            "term": pd.array(counts.index.get_level_values(0), dtype=STRING),
            "surface": pd.array(counts.index.get_level_values(1), dtype=STRING),
            "count": counts.to_numpy(dtype=np.int64),
        }
    )


def group_words(tokens: pd.DataFrame, documents: pd.DataFrame | None, *, groups: Sequence[str] = (), **_) -> pd.DataFrame:
    """The additive denominator of ``per_10k``: words (neither punctuation nor artefacts) per group (group columns, words)."""
    groups = list(groups)
    doc_codes, doc_ids = _codes(tokens["doc_id"])
    group_of_doc, group_values = _groups(documents, groups, doc_ids)
    words = np.bincount(group_of_doc[doc_codes[_words(tokens)]], minlength=len(group_values))
    return group_values.assign(words=words.astype(np.int64))


def _groups(documents: pd.DataFrame | None, groups: list[str], doc_ids: np.ndarray) -> tuple[np.ndarray, pd.DataFrame]:
    if groups:
        return _group_keys(documents, groups, doc_ids)
    return np.zeros(len(doc_ids), np.int64), pd.DataFrame(index=range(1))


TERM_TALLIES = {
    "counts": Partial(term_counts, {"count": "sum", "doc_freq": "sum"}),
    "words": Partial(group_words, {"words": "sum"}),
}
# Phrases are counted by their lower-case form and shown as most often written.
PHRASE_TALLIES = {**TERM_TALLIES, "surfaces": Partial(phrase_surfaces, {"count": "sum"})}


def term_tallies(data, documents: pd.DataFrame | None, *, by: str, groups: Sequence[str] = (), **options) -> dict[str, pd.DataFrame]:
    """The summed partials of :func:`term_frequencies` (counts, words, and for phrases their surfaces), on any engine."""
    return tally(
        data, PHRASE_TALLIES if by in SPANS else TERM_TALLIES, documents=documents if groups else None,
        document_columns=_document_columns(documents, list(groups)), by=by, groups=list(groups), **options,
    )  # fmt: skip


def _surface_forms(surfaces: pd.DataFrame) -> pd.Series:
    """Per lower-case phrase, its most frequent written form (ties: the first in alphabetical order)."""
    ordered = surfaces.sort_values(["term", "count", "surface"], ascending=[True, False, True], kind="stable")
    best = ordered.drop_duplicates("term")
    return pd.Series(best["surface"].to_numpy(dtype=object), index=best["term"].to_numpy(dtype=object))


def frequencies_from_counts(
    counts: pd.DataFrame,
    words: pd.DataFrame,
    *,
    groups: Sequence[str] = (),
    n: int = 1,
    min_count: int = 1,
    surfaces: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The finishing step of :func:`term_frequencies`: from summed :func:`term_counts`, :func:`group_words` and :func:`phrase_surfaces`."""
    groups = list(groups)
    counts = counts[counts["count"] >= min_count]
    if surfaces is not None and len(surfaces):
        written = _surface_forms(surfaces)
        terms = counts["term"].to_numpy(dtype=object)
        counts = counts.assign(term=pd.array(pd.Series(terms).map(written).fillna(pd.Series(terms)).to_numpy(dtype=object), dtype=STRING))
    if groups:
        group = counts.groupby(groups, dropna=False, sort=True).ngroup().to_numpy()
        counts = counts.merge(words, on=groups, how="left")
    else:
        group = np.zeros(len(counts), dtype=np.int64)
        counts = counts.assign(words=int(words["words"].sum()) if len(words) else 0)
    totals = counts["count"].to_numpy(dtype=np.int64)
    order = np.lexsort((_alphabetical(counts["term"].to_numpy(dtype=object)), -totals, group))
    frame = counts.iloc[order].reset_index(drop=True)
    totals, group, group_words_ = totals[order], group[order], frame["words"].to_numpy(dtype=np.int64)
    with np.errstate(divide="ignore", invalid="ignore"):
        frame["per_10k"] = np.where(group_words_ > 0, totals / group_words_ * 10_000, np.nan)
    frame["n"] = n
    frame["rank"] = _min_rank(group, totals)
    dtypes = {name: counts[name].dtype for name in groups} | FREQUENCIES
    return conform(frame, dtypes)


def term_frequencies(
    data,
    *,
    by: str = "lower",
    n: int = 1,
    documents: pd.DataFrame | None = None,
    group_by: str | Sequence[str] | None = None,
    pos=CONTENT_POS,
    drop_stop: bool = True,
    keep_noise: bool = False,
    min_count: int = 1,
) -> pd.DataFrame:
    """How often each term (word, n-gram, noun phrase or name) occurs, overall or per group.

    ``data`` is a tokens table (with ``documents`` for ``group_by``), a
    :class:`corpus.Corpus` or a ``DaskCorpus`` (counted per partition, the
    same frame). ``by`` picks the token column counted (``"lower"``,
    ``"text"`` or ``"lemma"``), or ``"phrase"``: noun phrases
    (:func:`phrase_spans`), counted by their lower-case form and shown as
    most often written ("Consiglio di sicurezza"), or ``"name"``: whole
    proper names, runs of PROPN tokens ("Stati Uniti", "New York", "Italia"),
    counted and shown the same way. ``n`` (1-3) is the n-gram length of words.

    Terms are content words by default: ``pos`` is a set of Universal
    Dependencies tags (default :data:`CONTENT_POS`: NOUN, PROPN, ADJ, VERB;
    auxiliaries and modals never count, see :func:`content_mask`), or
    ``None``/``"all"`` for every word. ``drop_stop`` leaves stop words out.
    Noise (punctuation, numbers, percentages, times, initials such as "A.",
    apostrophe pieces: :func:`is_noise`) and scraping artefacts never count
    unless ``keep_noise`` (artefacts never). N-grams never cross a sentence
    boundary; their first and last word are terms as above, inner words may
    be any word that is not noise ("trattato di pace").

    ``group_by`` names one or more ``documents`` columns (``"outlet"``,
    ``"author"``...) or a period derived from ``published`` (``"year"``,
    ``"month"`` as ``"YYYY-MM"``, ``"week"`` as ISO ``"YYYY-Www"``, ``"day"``); documents missing a value form
    their own group (``<NA>``).

    Returns one row per group and term with the group columns then ``term``,
    ``n``, ``count``, ``doc_freq`` (documents of the group containing the
    term), ``per_10k`` (count per 10,000 words of the group, words being all
    tokens but punctuation and artefacts, stop words included) and ``rank`` (1 = most
    frequent in the group; tied counts share the lowest rank, "1, 2, 2, 4").
    Rows are ordered by group, count descending, then term, so ties are
    deterministic. Terms counted fewer than ``min_count`` times in a group are
    left out.
    """
    tokens, documents = _tables(data, documents)
    if by not in SPANS:
        _check_by(by)
    elif n != 1:
        raise ValueError(f"by={by!r} counts whole phrases or names: leave n at 1")
    if n not in (1, 2, 3):
        raise ValueError(f"n must be 1, 2 or 3, not {n!r}")
    _pos_tags(pos)
    groups = [group_by] if isinstance(group_by, str) else list(group_by or [])
    if groups and documents is None:
        raise ValueError("group_by needs the documents table (documents=...)")
    tallies = term_tallies(tokens, documents, by=by, groups=groups, n=n, pos=pos, drop_stop=drop_stop, keep_noise=keep_noise)
    return frequencies_from_counts(
        tallies["counts"], tallies["words"], groups=groups, n=n, min_count=min_count, surfaces=tallies.get("surfaces")
    )


def _document_columns(documents, groups: list[str]) -> list[str]:
    """The documents columns that ``groups`` are read from (a period comes from ``published``)."""
    if documents is None:
        return []
    return list(dict.fromkeys(name if name in documents.columns else "published" for name in groups))


def _min_rank(group: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """1-based competition rank of rows already sorted by group then count descending."""
    if group.size == 0:
        return group
    index = np.arange(group.size)
    new_group = np.r_[True, group[1:] != group[:-1]]
    new_count = new_group | np.r_[True, counts[1:] != counts[:-1]]
    group_start = np.maximum.accumulate(np.where(new_group, index, 0))
    tie_start = np.maximum.accumulate(np.where(new_count, index, 0))
    return tie_start - group_start + 1


# --------------------------------------------------------------------------
# collocations


# Marks a word of a collocation stream that may not be part of a pair (never "\0": numpy drops it).
_NOT_A_TERM = "\x1f"


def _measures():
    from nltk.collocations import BigramAssocMeasures

    return {
        "likelihood": BigramAssocMeasures.likelihood_ratio,
        "pmi": BigramAssocMeasures.pmi,
        "t": BigramAssocMeasures.student_t,
        "chi2": BigramAssocMeasures.chi_sq,
        "dice": BigramAssocMeasures.dice,
    }


def collocations(
    tokens,
    *,
    by: str = "lower",
    measure: str = "likelihood",
    min_count: int = 2,
    window: int = 2,
    pos=CONTENT_POS,
    drop_stop: bool = True,
    keep_noise: bool = False,
    top: int | None = None,
) -> pd.DataFrame:
    """Word pairs that co-occur more often than chance, scored with NLTK.

    Pairs are counted by :class:`nltk.collocations.BigramCollocationFinder`
    within ``window`` tokens (2 = adjacent words; larger windows count ``w2``
    anywhere in the next ``window - 1`` tokens, in order). Windows never cross
    a sentence end. Punctuation fills a window slot but is never part of a
    pair, nor counted among the words (N): with ``window=2``, "Kazakistan,
    Kassym-Jomart" is not a pair; noise (numbers, initials: :func:`is_noise`)
    and scraping artefacts are gaps like punctuation unless ``keep_noise``.
    Pairs are of terms as :func:`term_frequencies` counts them (content words
    of ``pos`` by default, without stop words with ``drop_stop``): pairs
    containing another word are removed after counting, so those words still
    separate the words around them and count among the words (N).

    ``measure`` is ``"likelihood"`` (Dunning's log-likelihood ratio),
    ``"pmi"`` (pointwise mutual information, log2), ``"t"`` (Student's t),
    ``"chi2"`` or ``"dice"``. Pairs seen fewer than ``min_count`` times are left
    out. Returns ``w1, w2, count, score, measure`` ordered by score descending,
    then ``w1, w2``; ``top`` keeps the first rows.
    """
    from nltk.collocations import BigramCollocationFinder

    tokens, _ = _tables(tokens)
    _check_by(by)
    measures = _measures()
    if measure not in measures:
        raise ValueError(f"measure must be one of {list(measures)}, not {measure!r}")
    if window < 2:
        raise ValueError("window must be at least 2")
    tokens = _in_text_order(tokens)
    codes, vocabulary = _codes(tokens[by])
    doc_codes, _ = _codes(tokens["doc_id"])
    present = (codes >= 0) & _present(tokens, keep_noise=keep_noise)
    counted = counted_mask(tokens, pos=pos, drop_stop=drop_stop, keep_noise=keep_noise)

    # None is NLTK's gap marker: it fills a window slot but is never counted. A word that is
    # not a term is marked by a leading unit separator, so it counts among the words but never in a pair.
    labels = vocabulary[np.maximum(codes, 0)].astype(str).astype(object)
    words = np.where(present, np.where(counted, labels, _NOT_A_TERM + labels), None)
    sentence_end = np.flatnonzero(_boundaries(tokens, doc_codes)) + 1
    stream = np.insert(words, np.repeat(sentence_end, window - 1), None)
    finder = BigramCollocationFinder.from_words(stream.tolist(), window_size=window)
    finder.apply_word_filter(lambda word: word.startswith(_NOT_A_TERM))
    finder.apply_freq_filter(min_count)
    scored = finder.score_ngrams(measures[measure])
    if top is not None:
        scored = scored[:top]
    frame = pd.DataFrame(
        {
            "w1": [pair[0] for pair, _ in scored],
            "w2": [pair[1] for pair, _ in scored],
            "count": [finder.ngram_fd[pair] for pair, _ in scored],
            "score": [score for _, score in scored],
            "measure": measure,
        }
    )
    return conform(frame, COLLOCATIONS)


# --------------------------------------------------------------------------
# keyness


def _selected_docs(spec, documents: pd.DataFrame | None, role: str) -> pd.Index:
    """Doc ids chosen by a query string, a boolean mask over documents, or a list of ids."""
    if isinstance(spec, str):
        if documents is None:
            raise ValueError(f"a query string as {role} needs the documents table (documents=...)")
        return pd.Index(documents.query(spec)["doc_id"])
    values = spec if isinstance(spec, pd.Series) else pd.Series(list(spec))
    if pd.api.types.is_bool_dtype(values):
        if documents is None:
            raise ValueError(f"a boolean mask as {role} needs the documents table (documents=...)")
        if len(values) != len(documents):
            raise ValueError(f"{role} mask has {len(values)} values for {len(documents)} documents")
        return pd.Index(documents["doc_id"].to_numpy()[values.to_numpy(dtype=bool)])
    return pd.Index(values.astype(str))


def _italian_counts(terms: np.ndarray, forms: np.ndarray, counts: np.ndarray) -> pd.Series:
    """Expected counts of each term in ``ITALIAN_REFERENCE_SIZE`` tokens of general Italian.

    ``terms[i]`` was written as the lower-case form ``forms[i]`` ``counts[i]``
    times in the target. wordfreq knows word forms, not lemmas, so every term
    is looked up through the forms the target uses for it, and a lemma's
    reference count is the sum over those forms: both sides then count the
    same forms, and no out-of-context lemmatisation of wordfreq's word list is
    needed. A form the target gives to several terms ("stato" as the noun and
    as a form of "essere") has its frequency split in the target's
    proportions, so it is never counted twice.
    """
    from wordfreq import word_frequency

    pairs = pd.DataFrame({"term": terms, "form": forms, "count": counts})
    frequency = {form: word_frequency(form, "it") for form in pairs["form"].unique()}
    share = pairs["count"] / pairs.groupby("form")["count"].transform("sum")
    expected = share * pairs["form"].map(frequency) * ITALIAN_REFERENCE_SIZE
    return expected.groupby(pairs["term"]).sum()


def _g2(a, b, c, d):
    """Two-cell log-likelihood (Rayson & Garside 2000) for counts a of c and b of d."""
    expected_a = c * (a + b) / (c + d)
    expected_b = d * (a + b) / (c + d)
    with np.errstate(divide="ignore", invalid="ignore"):
        part_a = np.where(a > 0, a * np.log(a / expected_a), 0.0)
        part_b = np.where(b > 0, b * np.log(b / expected_b), 0.0)
    return 2 * (part_a + part_b)


def keyness(
    tokens,
    *,
    target,
    reference="rest",
    by: str = "lemma",
    documents: pd.DataFrame | None = None,
    min_count: int = 2,
    pos=CONTENT_POS,
    drop_stop: bool = True,
    keep_noise: bool = False,
) -> pd.DataFrame:
    """Terms a set of documents uses more (or less) than a reference does.

    ``target`` selects documents by a pandas query string on ``documents``
    (``"outlet == 'X'"``), a boolean mask positionally aligned with
    ``documents``, or a list of doc ids. ``reference`` is ``"rest"`` (all other
    documents of ``tokens``), another such selection (it must not overlap the
    target), or ``"italian"``: general Italian from ``wordfreq``, as expected
    counts in a reference of ``ITALIAN_REFERENCE_SIZE`` (1e9) tokens, so even a
    single article has keywords. wordfreq is form-based, so a lemma's
    reference count is the sum of the wordfreq frequencies of the lower-case
    forms the target writes it with: both sides count the same forms (a form
    shared by two lemmas, "stato", is split in the target's proportions).

    Terms are those :func:`term_frequencies` counts: content words of
    ``pos`` (NOUN, PROPN, ADJ, VERB without auxiliaries and modals; ``None``
    or ``"all"`` for every word), without stop words (``drop_stop``) and
    without noise (numbers, percentages, times, initials such as "A.",
    punctuation) unless ``keep_noise``. Totals are all words (tokens but
    punctuation and artefacts), so the filters only remove rows and never
    change another term's rate. Terms observed fewer than
    ``min_count`` times in target and reference together (in the target alone
    for ``"italian"``, whose reference is not observed) are left out.

    Columns: ``target_count``, ``reference_count`` and their rates per 10,000
    words; ``g2``, the two-cell log-likelihood ``2 * sum(O * ln(O / E))`` with
    expected counts from the pooled rate (Rayson & Garside 2000); ``log_ratio``,
    Hardie's effect size ``log2((a / c) / (b / d))`` where a zero count is
    replaced by 0.5, half the smallest observable count, so a term absent from
    one side gets a finite value rather than infinity (against ``"italian"``, a
    word wordfreq does not list counts as half its 1e-8 floor, 5 in 1e9);
    ``sign`` +1 when the target over-uses the term,
    -1 when it under-uses it; ``p_value`` from the chi-squared distribution with
    one degree of freedom, ``erfc(sqrt(g2 / 2))``. Ordered by ``g2`` descending,
    then term.
    """
    tokens, documents = _tables(tokens, documents)
    _check_by(by)
    codes, vocabulary = _codes(tokens[by])
    doc_codes, doc_ids = _codes(tokens["doc_id"])
    doc_ids = pd.Index(doc_ids.astype(str))
    is_word = _words(tokens)
    counted = counted_mask(tokens, pos=pos, drop_stop=drop_stop, keep_noise=keep_noise) & (codes >= 0)

    target_ids = _selected_docs(target, documents, "target")
    in_target = doc_ids.isin(target_ids)[doc_codes]
    target_total = int(np.count_nonzero(in_target & is_word))
    if target_total == 0:
        raise ValueError("the target selects no words")
    labels = pd.Index(vocabulary.astype(str))
    target_counts = pd.Series(np.bincount(codes[in_target & counted], minlength=len(labels)), index=labels)
    reference_zero = ZERO_CORRECTION
    if isinstance(reference, str) and reference == "italian":
        reference_total = ITALIAN_REFERENCE_SIZE
        reference_zero = ZERO_CORRECTION * WORDFREQ_FLOOR * ITALIAN_REFERENCE_SIZE
        target_counts = target_counts[target_counts > 0]
        forms, form_vocabulary = _codes(tokens["lower"])
        chosen = in_target & counted
        keys, pair_counts = _tally(codes[chosen] * len(form_vocabulary) + forms[chosen])
        reference_counts = _italian_counts(
            labels[keys // len(form_vocabulary)],
            form_vocabulary[keys % len(form_vocabulary)].astype(str),
            pair_counts,
        ).reindex(target_counts.index)
        observed = target_counts
    else:
        if isinstance(reference, str) and reference == "rest":
            in_reference = ~in_target
        else:
            reference_ids = _selected_docs(reference, documents, "reference")
            if reference_ids.isin(target_ids).any():
                raise ValueError("target and reference share documents")
            in_reference = doc_ids.isin(reference_ids)[doc_codes]
        reference_total = int(np.count_nonzero(in_reference & is_word))
        if reference_total == 0:
            raise ValueError("the reference selects no words")
        reference_counts = pd.Series(np.bincount(codes[in_reference & counted], minlength=len(labels)), index=labels)
        observed = target_counts + reference_counts

    keep = ((observed >= min_count) & (observed > 0)).to_numpy()
    a = target_counts.to_numpy(dtype=float)[keep]
    b = reference_counts.to_numpy(dtype=float)[keep]
    c, d = float(target_total), float(reference_total)
    g2 = _g2(a, b, c, d)
    log_ratio = np.log2((np.where(a > 0, a, ZERO_CORRECTION) / c) / (np.where(b > 0, b, reference_zero) / d))
    frame = pd.DataFrame(
        {
            "term": target_counts.index[keep],
            "target_count": a.astype(np.int64),
            "reference_count": b,
            "target_per_10k": a / c * 10_000,
            "reference_per_10k": b / d * 10_000,
            "g2": g2,
            "log_ratio": log_ratio,
            "sign": np.sign(a / c - b / d),
            "p_value": [math.erfc(math.sqrt(value / 2)) for value in np.maximum(g2, 0.0)],
        }
    )
    frame = frame.sort_values(["g2", "term"], ascending=[False, True], kind="stable")
    return conform(frame, KEYNESS)


# --------------------------------------------------------------------------
# tf-idf


def tfidf(
    tokens, *, by: str = "lemma", top: int | None = 10, pos=CONTENT_POS, drop_stop: bool = True, keep_noise: bool = False
) -> pd.DataFrame:
    """The most distinctive terms of each document.

    Terms as :func:`term_frequencies` counts them (content words of ``pos``,
    no stop words with ``drop_stop``, no noise unless ``keep_noise``).

    ``tf = count / words`` (words: the document's tokens but punctuation and
    artefacts, stop words included), ``idf = ln((1 + N) / (1 + df)) + 1`` (the smoothed form of
    scikit-learn's ``TfidfVectorizer``: never zero, so a term found in every
    document still ranks by its tf), ``tfidf = tf * idf``, with N the number of
    documents in ``tokens`` and ``df`` the documents containing the term.
    Returns ``doc_id, term, count, tf, df, idf, tfidf, rank`` with rank 1..top
    per document by tfidf descending, ties broken by term.
    """
    tokens, _ = _tables(tokens)
    _check_by(by)
    codes, vocabulary = _codes(tokens[by])
    doc_codes, doc_ids = _codes(tokens["doc_id"])
    length = np.bincount(doc_codes[_words(tokens)], minlength=len(doc_ids))
    counted = counted_mask(tokens, pos=pos, drop_stop=drop_stop, keep_noise=keep_noise) & (codes >= 0)
    size = max(len(vocabulary), 1)
    keys, counts = _tally(doc_codes[counted] * size + codes[counted])
    doc, term = keys // size, keys % size
    df = np.bincount(term, minlength=size)[term]
    tf = counts / length[doc]
    idf = np.log((1 + np.count_nonzero(length)) / (1 + df)) + 1
    score = tf * idf
    order = np.lexsort((_alphabetical(vocabulary)[term], -score, _alphabetical(doc_ids)[doc]))
    doc, term, counts, tf, df, idf, score = (values[order] for values in (doc, term, counts, tf, df, idf, score))
    first_of_doc = np.r_[True, doc[1:] != doc[:-1]]
    index = np.arange(doc.size)
    rank = index - np.maximum.accumulate(np.where(first_of_doc, index, 0)) + 1
    kept = rank <= top if top is not None else np.ones(doc.size, dtype=bool)
    frame = pd.DataFrame(
        {
            "doc_id": doc_ids[doc[kept]],
            "term": vocabulary[term[kept]],
            "count": counts[kept],
            "tf": tf[kept],
            "df": df[kept],
            "idf": idf[kept],
            "tfidf": score[kept],
            "rank": rank[kept],
        }
    )
    return conform(frame, TFIDF)


# --------------------------------------------------------------------------
# distancing quotes

def distancing_quotes(documents, tokens: pd.DataFrame | None = None, *, max_words: int = 4, context: int = 60):
    """Short quoted spans of the body that are not reported speech.

    Scare quotes mark a word the writer keeps at a distance ("definiti come
    “terroristi”"). A span inside “…”, «…», "…" or ‘…’ counts when it has at
    least one word and is no speech by :func:`corpus.quotes.is_speech` (the
    decision the quotes table takes too): at most ``max_words`` words
    (non-punctuation tokens when ``tokens`` is given, otherwise word-like runs),
    not ending like a sentence (. ! ? …), not introduced by a colon or a
    reporting verb, and not followed by one (", ha affermato"). Titles of works
    in quotes pass these tests too.

    Returns ``doc_id, start, end`` (character offsets of the quoted words in
    ``documents.text``, marks excluded), ``quoted``, ``left`` and ``right``
    (``context`` characters around the marks, line breaks as spaces) and
    ``lower``.
    """
    from corpus.quotes import QUOTE, WORD, is_speech

    if not isinstance(documents, pd.DataFrame):
        tokens = documents.tokens if tokens is None else tokens
        documents = documents.documents
    token_spans = _token_spans(tokens) if tokens is not None else {}
    rows = []
    for doc_id, text in _doc_text(documents).items():
        if not isinstance(text, str):
            continue
        for match in QUOTE.finditer(text):
            raw = match.group(match.lastgroup)
            quoted = raw.strip()
            # Offsets of the quoted words themselves: « Basta » and «Basta» alike.
            start = match.start(match.lastgroup) + len(raw) - len(raw.lstrip())
            end = start + len(quoted)
            if doc_id in token_spans:
                spans = token_spans[doc_id]
                inside = (spans["start"] >= start) & (spans["end"] <= end) & ~spans["is_punct"]
                n_words = int(inside.sum())
            else:
                n_words = len(WORD.findall(quoted))
            opened, closed = match.span(match.lastgroup)
            if n_words < 1 or is_speech(text, opened, closed, n_words=n_words, max_words=max_words):
                continue
            before = text[max(0, match.start() - context) : match.start()]
            after = text[match.end() : match.end() + context]
            rows.append(
                {
                    "doc_id": doc_id,
                    "start": start,
                    "end": end,
                    "quoted": quoted,
                    "left": before.replace("\n", " "),
                    "right": after.replace("\n", " "),
                    "lower": quoted.lower(),
                }
            )
    frame = pd.DataFrame(rows, columns=list(DISTANCING_QUOTES))
    frame = frame.sort_values(["doc_id", "start"], kind="stable")
    return conform(frame, DISTANCING_QUOTES)


def _token_spans(tokens: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Per document: its tokens' start, end, sentence and is_punct, in reading order."""
    ordered = _in_text_order(tokens)[["doc_id", "start", "end", "sentence", "is_punct"]]
    return {str(doc_id): rows for doc_id, rows in ordered.groupby("doc_id", observed=True, sort=False)}


# --------------------------------------------------------------------------
# concordance and dispersion


def _matches(tokens, documents, word, lemma, regex) -> pd.DataFrame:
    """Character spans (doc_id, start, end) of a word form, a lemma, or a regex in the body."""
    given = [option for option in (word, lemma, regex) if option is not None]
    if len(given) != 1:
        raise ValueError("give exactly one of word=, lemma=, regex=")
    if regex is not None:
        pattern = re.compile(regex) if isinstance(regex, str) else regex
        rows = [
            (doc_id, match.start(), match.end())
            for doc_id, text in _doc_text(documents).items()
            if isinstance(text, str)
            for match in pattern.finditer(text)
            if match.end() > match.start()
        ]
        return pd.DataFrame(rows, columns=["doc_id", "start", "end"])
    # The text layer's lower forms have straight apostrophes ("l’" -> "l'").
    column, value = ("lower", word.lower().replace("’", "'")) if word is not None else ("lemma", lemma)
    hits = tokens.loc[(tokens[column] == value).to_numpy(dtype=bool), ["doc_id", "start", "end"]]
    return hits.assign(doc_id=hits["doc_id"]).reset_index(drop=True)


def concordance(
    tokens,
    documents: pd.DataFrame | None = None,
    *,
    word: str | None = None,
    lemma: str | None = None,
    regex: str | re.Pattern | None = None,
    width: int = 60,
    window: int | None = None,
) -> pd.DataFrame:
    """Keyword-in-context lines for a word form, a lemma or a regular expression.

    ``word`` matches the lower-case form (case-insensitive), ``lemma`` the
    lemma, ``regex`` any span of the body text (multi-word phrases included;
    pass ``(?i)`` for case-insensitive). Context is cut from ``documents.text``
    (the article body only): ``width`` characters each side, or, when
    ``window`` is given, that many tokens each side. Line breaks in the
    context are shown as spaces so each line prints as one line.

    Returns ``doc_id, sentence, start, end, left, match, right`` in document
    and text order; ``sentence`` is that of the token where the match starts.
    """
    tokens, documents = _tables(tokens, documents)
    matches = _matches(tokens, documents, word, lemma, regex)
    texts = _doc_text(documents)
    spans = _token_spans(tokens)
    rows = []
    for doc_id, start, end in matches.itertuples(index=False):
        text = texts[doc_id]
        starts = spans[doc_id]["start"].to_numpy(np.int64)
        ends = spans[doc_id]["end"].to_numpy(np.int64)
        sentences = spans[doc_id]["sentence"].to_numpy(np.int64)
        first = max(int(np.searchsorted(ends, start, side="right")), 0)
        first = min(first, len(starts) - 1)
        if window is None:
            left_start, right_end = max(0, start - width), end + width
        else:
            last = max(int(np.searchsorted(starts, end, side="left")) - 1, first)
            left_start = int(starts[max(first - window, 0)])
            right_end = int(ends[min(last + window, len(ends) - 1)])
        rows.append(
            {
                "doc_id": doc_id,
                "sentence": int(sentences[first]),
                "start": start,
                "end": end,
                "left": text[left_start:start].replace("\n", " "),
                "match": text[start:end],
                "right": text[end:right_end].replace("\n", " "),
            }
        )
    frame = pd.DataFrame(rows, columns=list(CONCORDANCE))
    frame = frame.sort_values(["doc_id", "start"], kind="stable")
    return conform(frame, CONCORDANCE)


def dispersion(
    tokens,
    documents: pd.DataFrame | None = None,
    *,
    word: str | None = None,
    lemma: str | None = None,
    regex: str | re.Pattern | None = None,
) -> pd.DataFrame:
    """Where a word form, lemma or regex occurs: the data of a dispersion plot.

    One row per occurrence: ``doc_id``, ``published``, ``position`` (start
    offset divided by the body length, 0 = first character, towards 1 = end)
    and ``start``; ordered by publication time (unknown last), document and
    position, so documents can be laid out along time.
    """
    tokens, documents = _tables(tokens, documents)
    matches = _matches(tokens, documents, word, lemma, regex)
    info = pd.DataFrame(
        {
            "published": documents["published"].to_numpy(),
            "length": documents["text"].fillna("").str.len().to_numpy(),
        },
        index=documents["doc_id"],
    )
    joined = matches.join(info, on="doc_id")
    joined["published"] = joined["published"].astype(documents["published"].dtype) if len(joined) else joined["published"]
    joined["position"] = joined["start"] / joined["length"].where(joined["length"] > 0)
    joined = joined.sort_values(["published", "doc_id", "start"], na_position="last", kind="stable")
    return conform(joined, DISPERSION)
