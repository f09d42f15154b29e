"""Figures of the corpus overview (notebook 01) and of publication counts over time.

Each returns a Figure; none saves or shows. Figures are built on
:class:`matplotlib.figure.Figure` directly, so they work headless and never
leak into pyplot's global state.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from corpus.plots.axes import BLUE, COLOURS, count_axis, date_axis, message, naive, percent_axis, plain, shorten

WIDE = (8, 3.6)
PERIOD_LENGTH = {
    "day": pd.Timedelta(days=1), "week": pd.Timedelta(days=7), "month": pd.Timedelta(days=30.4),
    "year": pd.Timedelta(days=365),
}  # fmt: skip
# Lines of a timeline by group stay readable up to this many groups; the rest are summed as "other".
MAX_LINES = 8


def bar_figure(
    frame: pd.DataFrame, *, label: str, value: str, title: str, top: int = 20, xlabel: str | None = None,
    share: bool = False, what: str | None = None,
) -> Figure:  # fmt: skip
    """A horizontal bar chart of the ``top`` rows, largest first.

    Counts get whole-number ticks; ``share=True`` reads ``value`` as a share
    (0..1) and shows percentages. When rows are left out the title says how
    many. With ``what`` (e.g. ``"outlet"``), a table of one row is a sentence
    ("Every article has the same outlet: …") rather than a lone bar.
    """
    shown = frame.nlargest(top, value, keep="first").iloc[::-1]
    lone = what is not None and len(frame) == 1
    figure = Figure(figsize=(7, 1.6 if lone else max(2.0, 0.3 * len(shown) + 1.3)))
    ax = figure.add_subplot()
    if shown.empty:
        message(ax, "nothing to show")
    elif lone:
        row = frame.iloc[0]
        unit = xlabel or value
        unit = unit.removesuffix("s") if row[value] == 1 else unit
        message(ax, f"Every article has the same {what}: {row[label]} ({row[value]:,} {unit}).")
    else:
        ax.barh([shorten(name) for name in shown[label].astype(str)], shown[value], color=BLUE)
        ax.set_xlabel(xlabel or value.replace("_", " "))
        percent_axis(ax) if share else count_axis(ax)
        plain(ax)
    if len(frame) > len(shown):
        title = f"{title} (top {len(shown)} of {len(frame):,})"
    ax.set_title(title, loc="left")
    figure.tight_layout()
    return figure


def timeline_figure(
    timeline: pd.DataFrame, *, freq: str = "day", value: str = "articles", by: str | None = None, title: str = ""
) -> Figure:
    """Counts per period as bars (one series) or lines (one per group); a single period still reads.

    ``freq`` is the one the timeline was computed with (it sets bar widths).
    With ``by``, the ``MAX_LINES - 1`` largest groups get a line each and the
    rest are summed as "other".
    """
    period = PERIOD_LENGTH[freq]
    figure = Figure(figsize=WIDE)
    ax = figure.add_subplot()
    if timeline.empty:
        message(ax, "No dated article: nothing to place on a calendar.")
        ax.set_title(title, loc="left")
        figure.tight_layout()
        return figure
    periods = naive(timeline["period"])
    if by and timeline[by].nunique() == 1:
        message(ax, f"All dated articles have one {by}, {timeline[by].iloc[0]}: the chart without groups shows them.")
        ax.set_title(title, loc="left")
        figure.tight_layout()
        return figure
    if by:
        table = timeline.assign(period=periods, **{by: _top_groups(timeline, by, value)})
        grid = table.pivot_table(index="period", columns=by, values=value, aggfunc="sum", sort=False, fill_value=0)
        order = grid.sum().sort_values(ascending=False, kind="stable").index
        grid = grid[sorted(order, key=lambda group: str(group).startswith("other "))]  # "other" last
        markers = len(grid) <= 30
        for index, group in enumerate(grid.columns):
            ax.plot(grid.index, grid[group], marker="o" if markers else None, ms=4, lw=1.2, label=str(group),
                    color=COLOURS[index % len(COLOURS)])  # fmt: skip
        ax.legend(fontsize="small", frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1), title=by)
    else:
        ax.bar(periods, timeline[value], width=period * 0.8, align="edge", color=BLUE)
    if periods.nunique() == 1:
        only = periods.iloc[0]
        ax.set_xlim(only - period, only + 2 * period)
    ax.set_ylim(bottom=0)
    count_axis(ax, "y")
    date_axis(ax, periods)
    ax.set_ylabel(f"{value} per {freq}")
    plain(ax)
    ax.set_title(title, loc="left")
    figure.tight_layout()
    return figure


def _top_groups(timeline: pd.DataFrame, by: str, value: str) -> pd.Series:
    totals = timeline.groupby(by, observed=True)[value].sum().sort_values(ascending=False, kind="stable")
    if len(totals) <= MAX_LINES:
        return timeline[by].astype(str)
    kept = set(totals.index[: MAX_LINES - 1])
    other = f"other {len(totals) - len(kept)}"
    return timeline[by].map(lambda group: group if group in kept else other).astype(str)


def histogram_figure(values: pd.Series, *, xlabel: str, title: str, bins: int = 40, unit: str = "documents") -> Figure:
    """Distribution of a whole-number column (e.g. body words per document), median marked.

    Bins are whole numbers wide; the longest 0.5% are gathered beyond the last
    bin when they would stretch the axis. Fewer than two different values are
    said in a sentence, not drawn.
    """
    values = pd.Series(values).dropna()
    figure = Figure(figsize=WIDE if values.nunique() > 1 else (8, 1.6))
    ax = figure.add_subplot()
    if values.nunique() < 2:
        if values.empty:
            text = "No values to show."
        elif len(values) == 1:
            text = f"The one {unit.rstrip('s')} has {values.iloc[0]:,.0f} {xlabel}: no distribution to show."
        else:
            text = f"All {len(values):,} {unit} have {values.iloc[0]:,.0f} {xlabel}: no distribution to show."
        message(ax, text)
        ax.set_title(title, loc="left")
        figure.tight_layout()
        return figure
    low, high = float(values.min()), float(values.max())
    cap = float(values.quantile(0.995))
    clipped = high > 2 * cap and len(values) >= 200
    top = cap if clipped else high
    width = max(1, math.ceil((top - low) / bins))
    edges = np.arange(math.floor(low), top + width + 1, width)
    ax.hist(values.clip(upper=edges[-1] - 0.5), bins=edges, color=BLUE, edgecolor="white")
    median = float(values.median())
    ax.axvline(median, color="0.2", lw=1, ls="--", label=f"median {median:,.0f}")
    ax.legend(frameon=False, fontsize="small")
    count_axis(ax, "y")
    count_axis(ax, "x")
    ax.set_xlim(edges[0], edges[-1])
    ax.set_xlabel(xlabel + (f" (the last bar gathers {int((values > cap).sum()):,} up to {high:,.0f})" if clipped else ""))
    ax.set_ylabel(unit)
    plain(ax)
    ax.set_title(title, loc="left")
    figure.tight_layout()
    return figure
