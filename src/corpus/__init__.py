"""corpus: load and analyse collections of Italian news articles as tidy pandas DataFrames.

>>> import corpus
>>> c = corpus.load("seeds")                  # a folder, a file or a list of files
>>> c.documents, c.blocks, c.related          # one row per file / line / teaser
>>> corpus.publication_timeline(c, freq="month", by="outlet")
>>> corpus.term_frequencies(c, by="lemma", group_by="outlet")

Analysis functions and plotting modules are imported on first use, so that
``import corpus`` in a script stays quick.
"""

import importlib

from corpus import config
from corpus.corpus import Corpus, load

_EXPORTS = {
    "summary": "corpus.overview",
    "problem_counts": "corpus.overview",
    "furniture_share": "corpus.overview",
    "counts_by": "corpus.overview",
    "field_sources": "corpus.overview",
    "publication_timeline": "corpus.timeline",
    "save_figure": "corpus.report",
    "save_table": "corpus.report",
    "term_frequencies": "corpus.terms",
    "collocations": "corpus.terms",
    "keyness": "corpus.terms",
    "tfidf": "corpus.terms",
    "distancing_quotes": "corpus.terms",
    "concordance": "corpus.terms",
    "dispersion": "corpus.terms",
    "term_trends": "corpus.trends",
    "actor_trends": "corpus.trends",
    "rising_terms": "corpus.trends",
    "key_terms_by_period": "corpus.trends",
    "event_timeline": "corpus.trends",
    "suggest_freq": "corpus.timeline",
}
_SUBMODULES = {
    "actors", "assemble", "cache", "cues", "engine", "io", "lang", "layers", "lexicon", "loader", "ner", "network",
    "overview", "pages_html", "parse", "plots", "quotes", "report", "roles", "schema", "tally", "temporal", "terms",
    "text", "timeline", "trends",
}

__all__ = ["Corpus", "load", "config", *_EXPORTS]
__version__ = "0.1.0"


def __getattr__(name: str):
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
    elif name in _SUBMODULES:
        value = importlib.import_module(f"corpus.{name}")
    else:
        raise AttributeError(f"module 'corpus' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS, *_SUBMODULES})
