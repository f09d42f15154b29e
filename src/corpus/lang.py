"""Which language each article body is written in.

py3langid chooses among the languages an Italian news corpus plausibly contains;
bodies whose first words are plainly Italian skip the classifier, which keeps
loading fast. The loader calls :func:`language_of` where each page is parsed.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np
import pandas as pd
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from corpus import lexicon

ITALIAN = "it"

# Languages a body of an Italian news corpus is plausibly written in.  Letting
# py3langid choose among all its 97 languages makes short Italian texts come out
# as Latin, Esperanto or Corsican.
LANGUAGES = (
    "it", "en", "fr", "de", "es", "pt", "ca", "ro", "nl", "sl", "hr", "sq",
    "el", "ru", "uk", "pl", "tr", "ar", "zh",
)  # fmt: skip


@functools.cache
def _language_identifier(languages: tuple[str, ...]) -> LanguageIdentifier:
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
    identifier.set_languages(list(languages))
    return identifier


# A body whose first words are this share of Italian function words
# (lexicon.ITALIAN_MARKERS) is Italian without asking the classifier.
ITALIAN_MARKER_SHARE = 0.18
_MARKER_MIN_WORDS = 30
# How much of a body the classifier reads: enough to decide, bounded on long articles.
LANGUAGE_SAMPLE_CHARS = 1000


def _obviously_italian(sample: str) -> bool:
    words = sample.lower().split()
    if len(words) < _MARKER_MIN_WORDS:
        return False
    return sum(map(lexicon.ITALIAN_MARKERS.__contains__, words)) >= ITALIAN_MARKER_SHARE * len(words)


def language_of(text: str | None, *, languages: Sequence[str] = LANGUAGES) -> str | None:
    """ISO 639-1 code of the language of one text, or ``None`` when it is empty or blank.

    The rule of :func:`detect_language`, for one text: the loader calls it on
    each page's body where the page is parsed.
    """
    if not isinstance(text, str) or not text.strip():
        return None
    sample = text[:LANGUAGE_SAMPLE_CHARS]
    if ITALIAN in languages and _obviously_italian(sample):
        return ITALIAN
    # Loaded on first need (about a second): an all-Italian corpus never pays it.
    return _language_identifier(tuple(languages)).classify(sample)[0]


def detect_language(texts: pd.Series, *, languages: Sequence[str] = LANGUAGES) -> pd.Series:
    """ISO 639-1 code of the language of each text, as a categorical Series.

    py3langid chooses among ``languages`` only (default :data:`LANGUAGES`, the
    languages an Italian news corpus plausibly contains), reading the first
    :data:`LANGUAGE_SAMPLE_CHARS` characters. A text whose first words are at
    least :data:`ITALIAN_MARKER_SHARE` Italian function words (Italian news prose
    is at 0.19 or more in 95% of cases, Spanish and French around 0.10) is
    Italian without running the classifier, which keeps loading fast. Empty,
    blank or missing texts get ``<NA>``. The index of ``texts`` is kept.
    """
    codes = [language_of(text, languages=languages) for text in texts]
    return pd.Series(pd.Categorical(codes, categories=list(dict.fromkeys(languages))), index=texts.index, name="lang")


def is_italian(codes: pd.Series) -> np.ndarray:
    """Whether each language code is Italian; a missing one counts as Italian (the text layer's and tagger's rule)."""
    codes = codes.astype(object)
    return (codes.isna() | (codes == ITALIAN)).to_numpy(dtype=bool)
