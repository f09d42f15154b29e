"""The notebooks' figures, one module per theme: :mod:`~corpus.plots.overview` (01, and publication
counts), :mod:`~corpus.plots.terms` (02), :mod:`~corpus.plots.actors` (03),
:mod:`~corpus.plots.timelines` (04); :mod:`~corpus.plots.axes` holds what they share.

Every function returns a :class:`matplotlib.figure.Figure` and never saves or
shows it: :func:`corpus.save_figure` writes it and displays the file written.
Each figure is checked on 1, ~500 and 20,000 articles
(``benchmarks/report_figures.py``): whole-number ticks for counts, dates with
their year, labels that do not collide, a sentence when there is nothing to show.
"""

from corpus.plots import actors, axes, overview, terms, timelines

__all__ = ["actors", "axes", "overview", "terms", "timelines"]
