"""corpus: load and analyse collections of Italian news articles as tidy pandas DataFrames.

>>> import corpus
>>> c = corpus.load("seeds")                  # a folder, a file or a list of files
>>> c.documents, c.blocks, c.related          # one row per file / line / teaser
>>> corpus.publication_timeline(c, freq="month", by="outlet")
>>> corpus.term_frequencies(c, by="lemma", group_by="outlet")
"""

from corpus import config, plots, plots_actors, plots_terms
from corpus.corpus import Corpus, load
from corpus.overview import counts_by, furniture_share, problem_counts, summary
from corpus.report import save_figure, save_table
from corpus.terms import collocations, concordance, dispersion, distancing_quotes, keyness, term_frequencies, tfidf
from corpus.timeline import publication_timeline

__all__ = [
    "Corpus", "load", "summary", "problem_counts", "furniture_share", "counts_by",
    "publication_timeline", "save_figure", "save_table",
    "term_frequencies", "collocations", "keyness", "tfidf", "distancing_quotes", "concordance", "dispersion",
]
__version__ = "0.1.0"
