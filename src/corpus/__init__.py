"""corpus: load and analyse collections of Italian news articles as tidy pandas DataFrames."""

from corpus.corpus import Corpus, load

__all__ = ["Corpus", "load"]
__version__ = "0.1.0"
