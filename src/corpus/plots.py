"""Figures of the corpus overview and publication timeline. Each returns a Figure; none saves or shows.

Figures are built on :class:`matplotlib.figure.Figure` directly, so they work
headless and never leak into pyplot's global state.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

WIDE = (8, 3.6)


def _empty(ax, message: str) -> None:
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color="0.4")
    ax.set_xticks([])
    ax.set_yticks([])


def bar_figure(frame: pd.DataFrame, *, label: str, value: str, title: str, top: int = 20) -> Figure:
    """A horizontal bar chart of the ``top`` rows, largest first."""
    figure = Figure(figsize=(7, max(2.0, 0.32 * min(top, len(frame)) + 1)))
    ax = figure.add_subplot()
    shown = frame.nlargest(top, value).iloc[::-1]
    if shown.empty:
        _empty(ax, "nothing to show")
    else:
        ax.barh(shown[label].astype(str), shown[value], color="#4C72B0")
        ax.set_xlabel(value.replace("_", " "))
        for spine in ("top", "right"):
            ax.spines[spine].set_visible(False)
    ax.set_title(title, loc="left")
    figure.tight_layout()
    return figure


PERIOD_LENGTH = {"day": pd.Timedelta(days=1), "week": pd.Timedelta(days=7), "month": pd.Timedelta(days=30.4), "year": pd.Timedelta(days=365)}


def timeline_figure(
    timeline: pd.DataFrame, *, freq: str = "day", value: str = "articles", by: str | None = None, title: str = ""
) -> Figure:
    """Counts per period as bars (one series) or lines (one per group); a single period still reads.

    ``freq`` is the one the timeline was computed with (it sets bar widths).
    """
    period = PERIOD_LENGTH[freq]
    figure = Figure(figsize=WIDE)
    ax = figure.add_subplot()
    if timeline.empty:
        _empty(ax, "no dated articles")
    else:
        periods = timeline["period"].dt.tz_localize(None)
        if by:
            for group, rows in timeline.groupby(by, sort=True):
                ax.plot(periods[rows.index], rows[value], marker="o" if len(rows) < 30 else None, label=str(group), lw=1.2)
            ax.legend(fontsize="small", ncols=2, frameon=False)
        else:
            ax.bar(periods, timeline[value], width=period * 0.8, align="edge", color="#4C72B0")
        if periods.nunique() == 1:
            only = periods.iloc[0]
            ax.set_xlim(only - period, only + 2 * period)
        ax.set_ylim(bottom=0)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylabel(value)
        figure.autofmt_xdate()
    ax.set_title(title, loc="left")
    figure.tight_layout()
    return figure


def histogram_figure(values: pd.Series, *, xlabel: str, title: str, bins: int = 30) -> Figure:
    """Distribution of a numeric column (e.g. body words per document)."""
    figure = Figure(figsize=WIDE)
    ax = figure.add_subplot()
    values = values.dropna()
    if values.empty:
        _empty(ax, "no values")
    else:
        ax.hist(values, bins=min(bins, max(1, values.nunique())), color="#4C72B0", edgecolor="white")
        ax.set_xlabel(xlabel)
        ax.set_ylabel("documents")
    ax.set_title(title, loc="left")
    figure.tight_layout()
    return figure
