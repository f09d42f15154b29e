"""Italian text layer: tokens and sentences of the article bodies.

One tokenisation serves the whole package (term counts, NER, the date finder):
:func:`tokenize` gives character spans into the text, :func:`split_sentences`
groups them into sentences with NLTK's Punkt decision rules and the Italian
parameters shipped in ``resources/punkt_it.json`` (see ``training/punkt_it.py``
and :func:`punkt_parameters`), and :func:`text_layer` turns a documents table
into the tidy ``sentences`` and ``tokens`` tables (which bodies are Italian:
:mod:`corpus.lang`).

Tokenisation rules, in order of precedence (one compiled regular expression):

* URLs and e-mail addresses stay whole;
* a few words written with an apostrophe for an accent stay whole (``po'``,
  ``piu'``, ``perche'``, ``e'``); any other apostrophe after a word that no letter
  follows is a closing quote and a token of its own;
* elisions are split after the apostrophe, straight or typographic, as in the
  KIND NER data: ``dell'`` + ``organizzazione``, ``un’`` + ``aggressione``,
  ``c'`` + ``è``;
* abbreviations known to the Punkt parameters keep their period (``Dott.``,
  ``sen.``, ``ecc.``, ``n.``), and so do dotted acronyms (``S.p.A.``) and
  initials before a capitalised word (``George W. Bush``);
* numbers with decimal, thousands, date or time separators and a trailing
  ``%`` stay whole (``10,5``, ``1.000``, ``15%``, ``08/09/2015``, ``21:16``);
* words are runs of letters and digits, hyphenated compounds kept whole
  (``Kassym-Jomart``, ``F-16``, ``344esimo``);
* ``...`` and ``…`` are one token; every other non-space character (punctuation,
  quotes “ ” « » " ', symbols) is a token of its own.

So the spans are increasing, never overlap and cover every non-space character.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Sequence
from importlib import resources

import numpy as np
import pandas as pd
import pyarrow as pa
import simplemma
from nltk.tokenize.punkt import _ORTHO_BEG_LC, _ORTHO_LC, _ORTHO_MID_UC, _ORTHO_UC, PunktParameters

from corpus import lexicon
from corpus.artefacts import artefact_spans
from corpus.lang import ITALIAN, is_italian
from corpus.schema import DOC_ID, SENTENCES, STRING, TOKENS, conform





_LETTER = r"[^\W\d_]"
_ALNUM = r"[^\W_]"
_APOSTROPHES = "'’"
_QUOTES = "\"«»“”"

_NUMBER = re.compile(r"\d+(?:[.,:/]\d+)*%?")
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")
_DOCUMENT_SEPARATOR = "\n\n"
# Punkt's candidate sentence ends, and what may follow one for it to count:
# white space, the end of the text or one of Punkt's non-word characters.
_SENTENCE_END = re.compile(r"[.?!…](?=\s|$|[)\";}\]*:@'({[‘’“”«»?!])")
_CLOSING = frozenset("\"')]}’”»")
_OPENING = frozenset("\"'([{‘“«")
_ORTHO_PUNCTUATION = frozenset(";:,.!?")
_PUNKT_NUMBER = re.compile(r"-?[.,]?\d[\d,.-]*\.?")
_PUNKT_INITIAL = re.compile(r"[^\W\d]\.")
# Titles and forms of address precede a name: they never end a sentence, even
# before a name that is also a common word ("l'on. Verdi", "il sen. Grasso").
_TITLES = frozenset(lexicon.TITLE_ABBREVIATIONS)


@functools.cache
def punkt_parameters() -> PunktParameters:
    """The shipped Italian Punkt parameters (``resources/punkt_it.json``).

    ``nltk.tokenize.punkt.PunktSentenceTokenizer(punkt_parameters())`` is NLTK's
    own sentence splitter with them; :func:`split_sentences` applies the same
    decision rules to the tokens of :func:`tokenize`.
    """
    data = json.loads(resources.files("corpus").joinpath("resources/punkt_it.json").read_text("utf-8"))
    params = PunktParameters()
    params.abbrev_types = set(data["abbrev_types"])
    params.collocations = {tuple(pair) for pair in data["collocations"]}
    params.sent_starters = set(data["sent_starters"])
    for word, flags in data["ortho_context"].items():
        params.ortho_context[word] = flags
    return params


@functools.cache
def stop_words() -> frozenset[str]:
    """The Italian stop words (lower case, straight apostrophes) used for ``is_stop``."""
    lines = resources.files("corpus").joinpath("resources/stopwords_it.txt").read_text("utf-8")
    return frozenset(
        line.strip() for line in lines.splitlines() if line.strip() and not line.startswith("#")
    )


@functools.cache
def _token_pattern() -> re.Pattern[str]:
    # Longest first, so that "s.p.a" wins over "s.p" and "sig.ra" over "sig".
    abbreviations = sorted(punkt_parameters().abbrev_types, key=len, reverse=True)
    dotted = [kind for kind in abbreviations if "." in kind]
    plain = [kind for kind in abbreviations if "." not in kind]
    longest_plain = max(map(len, plain))
    no_quote = rf"[^\s<>{_QUOTES}]"
    # re tries the alternatives in order at every token start.  Most tokens are
    # a word followed by a space or a punctuation mark that no special rule
    # involves, or a punctuation mark that cannot start a special token: two
    # cheap alternatives settle those first.  Each rare rule then opens with a
    # lookahead that rejects an ordinary word in a few steps, and possessive
    # quantifiers stop useless backtracking.
    alternatives = [
        r"\w++(?![-‐.'’@:/%+]|,\d)",
        r"[^\w\s.…]",
        rf"(?=[hHwW])(?:https?://|www\.){no_quote}*[^\s<>{_QUOTES}.,;:!?{_APOSTROPHES})\]]",
        rf"(?=[\w.+-]*+@){_ALNUM}[\w.+-]*@{_ALNUM}[\w-]*(?:\.{_ALNUM}[\w-]*)+",
        rf"(?={_ALNUM}{{1,8}}+[{_APOSTROPHES}])(?<!{_ALNUM})"
        rf"(?i:{'|'.join(lexicon.ACCENT_APOSTROPHE_WORDS)})[{_APOSTROPHES}](?!{_ALNUM})",
        rf"{_LETTER}++[{_APOSTROPHES}](?={_ALNUM})",
        # Dotted acronyms, with or without the final period ("U.S.A.", "S.p.A").
        rf"(?={_LETTER}\.{_LETTER}\.)(?:{_LETTER}\.){{2,}}(?:{_LETTER}(?!{_ALNUM}))?",
        # Dotted abbreviations are often written without the final period
        # ("dott.ssa"); plain ones ("sen") are words without it.
        rf"(?={_LETTER}{{1,4}}+\.{_LETTER})(?<!{_ALNUM})"
        rf"(?i:{'|'.join(map(re.escape, dotted))})(?:\.|(?!{_ALNUM}))",
        rf"(?={_LETTER}{{1,{longest_plain}}}+\.)(?<!{_ALNUM})(?i:{'|'.join(map(re.escape, plain))})\.",
        rf"[A-ZÀ-ÖØ-Þ]\.(?<!{_ALNUM}..)(?= ?[A-ZÀ-ÖØ-Þ])",
        # A number glued to letters or a hyphen is left to the word rule ("344esimo",
        # "2022-2023"), one ending in "%" or punctuation is a number.
        rf"\d+(?:[.,:/]\d+)*(?:%|(?!{_ALNUM}|-{_ALNUM}))",
        r"\w++(?:[-‐]\w++)*+",
        r"\.{2,}|…",
        r"\S",
    ]
    # Each match takes the white space before its token along, so the engine
    # never starts (and fails) at a space, and returns just the token.
    return re.compile(r"\s*(" + "|".join(alternatives) + ")")


# str.isspace of every code point up to the last white-space one, U+3000.
_IS_SPACE = np.array([chr(code).isspace() for code in range(0x3001)])


def _token_arrays(text: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Token strings with their start and end offsets (int64 arrays).

    The tokens, in order, are exactly the non-space characters of ``text``, so
    token ``k`` starts at the non-space character numbered by the total length
    of the tokens before it: offsets come from array arithmetic, not from a
    Match object per token.
    """
    strings = _token_pattern().findall(text)
    lengths = np.fromiter(map(len, strings), dtype=np.int64, count=len(strings))
    code_points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    space = np.zeros(len(code_points), dtype=bool)
    listed = code_points < len(_IS_SPACE)
    space[listed] = _IS_SPACE[code_points[listed]]
    visible = np.flatnonzero(~space)
    through = np.cumsum(lengths)
    return strings, visible[through - lengths], visible[through - 1] + 1


def tokenize(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of the Italian tokens of ``text``.

    See the module docstring for the rules.  ``text[start:end]`` is the token;
    spans are increasing, disjoint and cover every non-space character, e.g.
    ``"L'11,5% dell’Ue"`` gives ``L'`` ``11,5%`` ``dell’`` ``Ue``.
    """
    _, starts, ends = _token_arrays(text)
    return list(zip(starts.tolist(), ends.tolist(), strict=True))


def _punkt_type(token: str) -> str:
    """Punkt's type of a token: lower case, numbers folded into ``##number##``."""
    return "##number##" if _PUNKT_NUMBER.fullmatch(token) else token.lower()


def _starts_sentence(params: PunktParameters, word: str) -> bool | None:
    """Punkt's orthographic heuristic: does ``word`` start a sentence (None: unknown)?"""
    if word in _ORTHO_PUNCTUATION:
        return False
    context = params.ortho_context[_punkt_type(word)]
    if word[0].isupper() and context & _ORTHO_LC and not context & _ORTHO_MID_UC:
        return True
    if word[0].islower() and (context & _ORTHO_UC or not context & _ORTHO_BEG_LC):
        return False
    return None


def _breaks_after(params: PunktParameters, candidate: str, before: str, after: str) -> bool:
    """Punkt's decision whether a sentence ends after ``candidate``.

    ``candidate`` is ``?``, ``!``, an ellipsis, a lone ``.`` (``before`` is then
    the token glued to its left, or "") or a token ending in a period
    (``sen.``, ``S.p.A.``, ``W.``); ``after`` is the next word.  This is
    the first and second annotation pass of
    :class:`nltk.tokenize.punkt.PunktSentenceTokenizer` applied to one pair of
    tokens, so the shipped abbreviations, collocations, sentence starters and
    orthographic context decide as they would in NLTK, on the tokens of this
    module: an elided word is no longer glued to the abbreviation after it
    (``l'on.`` is ``on.``).  One Italian rule is added: a title
    (:data:`_TITLES`) never ends a sentence.
    """
    if candidate in ("?", "!"):
        return True
    ellipsis = candidate.startswith("..") or candidate == "…"
    word = before + candidate
    kind = _punkt_type(word)
    kind = kind[:-1] if len(kind) > 1 and kind.endswith(".") else kind
    abbreviation = not ellipsis and (
        kind in params.abbrev_types or kind.rsplit("-", 1)[-1] in params.abbrev_types
    )
    if kind in _TITLES:
        return False
    next_kind = _punkt_type(after)
    if (kind, next_kind) in params.collocations:
        return False
    initial = _PUNKT_INITIAL.fullmatch(word) is not None
    if (abbreviation or ellipsis) and not initial:
        if _starts_sentence(params, after) is True:
            return True
        if after[0].isupper() and next_kind in params.sent_starters:
            return True
    if initial or kind == "##number##":
        starts = _starts_sentence(params, after)
        if starts is False:
            return False
        seen_lower = params.ortho_context[next_kind] & _ORTHO_LC
        if starts is None and initial and after[0].isupper() and not seen_lower:
            return False
    return not (abbreviation or ellipsis)


@functools.cache
def _plain_word_blockers() -> frozenset[str]:
    """Words whose final period Punkt may not read as a sentence end."""
    params = punkt_parameters()
    return frozenset(params.abbrev_types | {first for first, _ in params.collocations} | _TITLES)


def _sentence_ids(text: str, strings: list[str], starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """0-based sentence number of each token of ``text``.

    A sentence ends after a candidate token that :func:`_breaks_after` accepts,
    taking along the closing quotes and brackets glued to it (``aiuto.»``), and
    at every paragraph break (a blank line).  Only candidates are examined, in
    Python; everything else is array arithmetic.
    """
    n = len(strings)
    new_sentence = np.zeros(n, dtype=bool)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    new_sentence[0] = True
    breaks = np.fromiter((m.end() for m in _PARAGRAPH_BREAK.finditer(text)), dtype=np.int64)
    after_break = np.searchsorted(starts, breaks)
    new_sentence[after_break[after_break < n]] = True
    ends_at = np.fromiter((m.end() for m in _SENTENCE_END.finditer(text)), dtype=np.int64)
    candidates = np.searchsorted(ends, ends_at)
    params = punkt_parameters()
    plain_blockers = _plain_word_blockers()
    for i in candidates[ends[np.minimum(candidates, n - 1)] == ends_at].tolist():
        following = i + 1
        while following < n and strings[following] in _CLOSING and starts[following] == ends[following - 1]:
            following += 1
        if following == i + 1:
            # Punkt's realignment: quotes or brackets standing alone after the
            # end ('bambini! ) ed', 'vede. ” (Anna') close the sentence before.
            run_end = following
            while run_end < n and strings[run_end] in _CLOSING and (
                run_end == following or starts[run_end] == ends[run_end - 1]
            ):
                run_end += 1
            if (
                run_end > following
                and (run_end == n or starts[run_end] > ends[run_end - 1])
                and not _PARAGRAPH_BREAK.search(text, ends[i], starts[following])
            ):
                following = run_end
        if following == n or strings[following] in _ORTHO_PUNCTUATION:
            # The end of the text, or a run such as "?!" or ".»," that goes on.
            continue
        word = following
        while word < n - 1 and strings[word] in _OPENING:
            word += 1
        glued = strings[i] == "." and i > 0 and ends[i - 1] == starts[i]
        before = strings[i - 1] if glued else ""
        # The commonest case, a period after an ordinary word, is always a break.
        if (
            len(before) > 1 and before.isalpha() and before.lower() not in plain_blockers
        ) or _breaks_after(params, strings[i], before, strings[word]):
            new_sentence[following] = True
    return np.cumsum(new_sentence) - 1


def _sentence_bounds(sentence_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index of the first and of the last token of each sentence."""
    first = np.flatnonzero(np.diff(sentence_ids, prepend=-1))
    last = np.append(first[1:], len(sentence_ids))[: len(first)] - 1
    return first, last


def split_sentences(
    text: str, spans: Sequence[tuple[int, int]] | None = None
) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text``, from first to last token.

    ``spans`` are the token spans of ``text`` (:func:`tokenize` by default).
    Boundaries are decided by NLTK's Punkt rules with the shipped Italian
    parameters (:func:`punkt_parameters`), applied to these tokens rather than
    to Punkt's own (see :func:`_breaks_after`): abbreviations such as ``sen.``
    or ``ecc.`` do not end a sentence unless the next word is known to start
    sentences, titles (``sen.``, ``dott.``, ``on.``) never do, ``…`` counts like
    ``...``, closing quotes and brackets stay with the sentence they close, and
    a paragraph break (a blank line) always ends one.  A sentence never starts
    inside a token.
    """
    spans = tokenize(text) if spans is None else spans
    if not spans:
        return []
    bounds = np.asarray(spans, dtype=np.int64).reshape(-1, 2)
    strings = [text[start:end] for start, end in bounds.tolist()]
    first, last = _sentence_bounds(_sentence_ids(text, strings, bounds[:, 0], bounds[:, 1]))
    return list(zip(bounds[first, 0].tolist(), bounds[last, 1].tolist(), strict=True))


def _normalise(form: str) -> str:
    """Lookup form of a token: typographic apostrophe made straight."""
    return form.replace("’", "'")


def _lemma(form: str) -> str:
    """Italian lemma of one surface form; unknown words keep their case.

    Hyphenated names (``Notre-Dame``, ``Spider-Man``) are their own lemma:
    simplemma would lemmatise their last part as a common word.
    """
    if "-" in form and not form.islower():
        return form
    return lexicon.CAPITALISED_NOUNS.get(form) or simplemma.lemmatize(_normalise(form), lang=ITALIAN)


def _encode(values: list[str]) -> tuple[np.ndarray, list[str]]:
    """Codes into the distinct values, and the distinct values, in order of appearance.

    Arrow's hash-based dictionary encoding is the fastest way here from a
    Python list of a million strings to integer codes.
    """
    encoded = pa.array(values, type=pa.large_string()).dictionary_encode()
    return encoded.indices.to_numpy(zero_copy_only=False), encoded.dictionary.to_pylist()


def _categorical(codes: np.ndarray, values: list[str]) -> pd.Categorical:
    """Categorical of ``values[codes]``, over the distinct ``values``."""
    value_codes, categories = _encode(values)
    return pd.Categorical.from_codes(value_codes[codes], categories=pd.Index(categories))


def _numbered_within(counts: np.ndarray) -> np.ndarray:
    """0, 1, ... restarting for each group, for groups of the given sizes in order."""
    return np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)


def _overlapping(starts: np.ndarray, ends: np.ndarray, spans: list[tuple[int, int]]) -> np.ndarray:
    """Whether each token (sorted, disjoint ``starts``/``ends``) overlaps one of the sorted, disjoint ``spans``."""
    flags = np.zeros(len(starts), dtype=bool)
    if not spans or not len(starts):
        return flags
    bounds = np.asarray(spans, dtype=np.int64)
    # Tokens from the first one ending after a span's start to the last one starting before its end.
    first = np.searchsorted(ends, bounds[:, 0], side="right")
    last = np.searchsorted(starts, bounds[:, 1], side="left")
    change = np.zeros(len(starts) + 1, dtype=np.int64)
    np.add.at(change, first, 1)
    np.add.at(change, last, -1)
    return np.cumsum(change)[:-1] > 0


def _italian_documents(documents: pd.DataFrame, lang: str | pd.Series) -> np.ndarray:
    """Whether each document is Italian, from one code or codes aligned on its index."""
    if isinstance(lang, str):
        return np.full(len(documents), lang == ITALIAN)
    return is_italian(lang.reindex(documents.index))


def text_layer(
    documents: pd.DataFrame, *, lang: str | pd.Series = ITALIAN
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``(sentences, tokens)`` tables of the article bodies in ``documents``.

    Reads only the ``doc_id`` and ``text`` columns; a missing text counts as
    empty and yields no rows.  Offsets are into that document's ``text``.  Token
    columns: ``text`` (surface form), ``lower`` (lower case, typographic
    apostrophe made straight, so ``l’`` and ``L'`` count as one term), ``lemma``
    (simplemma, Italian, computed once per distinct surface form so that unknown
    names keep their case: ``affermato`` -> ``affermare``, ``Tokayev`` stays
    ``Tokayev``; capitalised ``Stato``/``Stati`` -> ``stato``, not ``essere``),
    ``is_stop`` (in :func:`stop_words`), ``is_punct`` (no letter or
    digit), ``is_number`` (digits with ``.,:/`` separators and an optional ``%``),
    ``is_artefact`` (overlaps a scraping artefact of :func:`corpus.artefacts.artefact_spans`:
    ``direttorern``, ``&amp;``, ``<br>``; the term analyses leave these tokens out).

    ``lang`` is the language of every body, or a Series of ISO 639-1 codes
    aligned on ``documents.index`` (e.g. ``detect_language(documents["text"])``;
    a missing code counts as Italian).  Bodies in another language are tokenised
    and split into sentences by the same Italian rules, which hold for most
    Latin-script text, but they get ``lemma = lower`` and ``is_stop = False``:
    no Italian lemma or stop word is forced on them.
    """
    texts = documents["text"].fillna("").tolist()
    italian_doc = _italian_documents(documents, lang)
    # All bodies are read as one text, separated by a paragraph break, which
    # ends a sentence and cannot be inside a token: one regex pass and one
    # sentence pass for the corpus instead of one per document.
    corpus = _DOCUMENT_SEPARATOR.join(texts)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    doc_starts = np.cumsum(lengths + len(_DOCUMENT_SEPARATOR)) - lengths - len(_DOCUMENT_SEPARATOR)
    forms, starts, ends = _token_arrays(corpus)
    token_doc = np.searchsorted(doc_starts, starts, side="right") - 1
    sentence_of_token = _sentence_ids(corpus, forms, starts, ends)
    first, last = _sentence_bounds(sentence_of_token)
    sentence_doc = token_doc[first]
    token_counts = np.bincount(token_doc, minlength=len(texts))
    sentence_counts = np.bincount(sentence_doc, minlength=len(texts))
    sentence_number = _numbered_within(sentence_counts)

    doc_ids = documents["doc_id"].to_numpy(dtype=object)
    sentences = pd.DataFrame(
        {
            "doc_id": pd.array(doc_ids[sentence_doc], dtype=DOC_ID),
            "sentence": sentence_number,
            "start": starts[first] - doc_starts[sentence_doc],
            "end": ends[last] - doc_starts[sentence_doc],
            "text": [corpus[s:e] for s, e in zip(starts[first].tolist(), ends[last].tolist())],
        }
    )

    form_codes, distinct_forms = _encode(forms)
    lowers = [_normalise(form).lower() for form in distinct_forms]
    lower_codes, distinct_lowers = _encode(lowers)
    token_lower_codes = lower_codes[form_codes]
    italian = italian_doc[token_doc]
    lemmas = [_lemma(form) for form in distinct_forms]
    if italian.all():
        lemma = _categorical(form_codes, lemmas)
    else:
        # Italian lemmas and plain lower-case forms share one set of categories.
        both_codes = np.where(italian, form_codes, form_codes + len(distinct_forms))
        lemma = _categorical(both_codes, lemmas + lowers)
    stop = stop_words()
    is_stop = np.array([form in stop for form in distinct_lowers], dtype=bool)
    is_punct = np.array([not any(ch.isalnum() for ch in form) for form in distinct_forms], dtype=bool)
    is_number = np.array([_NUMBER.fullmatch(form) is not None for form in distinct_forms], dtype=bool)
    is_artefact = _overlapping(starts, ends, artefact_spans(corpus))
    tokens = pd.DataFrame(
        {
            "doc_id": pd.array(doc_ids[token_doc], dtype=DOC_ID),
            "sentence": sentence_number[sentence_of_token],
            "token": _numbered_within(token_counts),
            "start": starts - doc_starts[token_doc],
            "end": ends - doc_starts[token_doc],
            "text": pd.Categorical.from_codes(form_codes, categories=pd.Index(distinct_forms)),
            "lower": pd.Categorical.from_codes(token_lower_codes, categories=pd.Index(distinct_lowers)),
            "lemma": lemma,
            "is_stop": is_stop[token_lower_codes] & italian,
            "is_punct": is_punct[form_codes],
            "is_number": is_number[form_codes],
            "is_artefact": is_artefact,
        }
    )
    return conform(sentences, SENTENCES), conform(tokens, TOKENS)
