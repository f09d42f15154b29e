"""Figures of change over time (:mod:`corpus.trends`). Each returns a Figure; none saves or shows.

Built on :class:`matplotlib.figure.Figure` directly, so they work headless and
never touch pyplot's global state. Every figure still reads for a corpus of one
article: a single period is one point or bar with a labelled tick and room
around it, and a table with nothing in it gives a message in the axes.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.colors import Normalize
from matplotlib.figure import Figure

from corpus.plots import _empty

COLOURS = (
    "#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3", "#937860", "#DA8BC3", "#8C8C8C", "#CCB974", "#64B5CD",
)  # fmt: skip
LABELS = {"rate": "rate", "smoothed": "rate (smoothed)", "count": "occurrences", "documents": "articles"}
# Room left on each side of a lone period, so one point or bar does not fill the axes.
LONE_PERIOD_MARGIN = pd.Timedelta(days=30)
# Lag bands of the event timeline, as inclusive day ranges.
LAG_BANDS = (
    ("over a year before", -math.inf, -366),
    ("1-12 months before", -365, -32),
    ("1-4 weeks before", -31, -8),
    ("1-7 days before", -7, -1),
    ("same day", 0, 0),
    ("1-7 days after", 1, 7),
    ("over a week after", 8, math.inf),
)
GRANULARITY_COLOURS = {"time": "#C44E52", "day": "#4C72B0", "week": "#8172B3", "month": "#55A868", "year": "#DD8452"}


def _plain(ax) -> None:
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)


def _series_label(table: pd.DataFrame) -> pd.Series:
    """What names a line or row: the term, or the actor's name with its type ("Italia (LOC)" vs "Italia (ORG)")."""
    if "actor_id" in table.columns:
        kind = table["actor_id"].astype(str).str.split(":", n=1).str[0]
        return table["name"].astype(str) + " (" + kind + ")"
    return table["term"].astype(str)


def _value_label(table: pd.DataFrame, value: str) -> str:
    if value == "count" and "actor_id" in table.columns:
        return "mentions"
    return LABELS.get(value, value)


def _naive(periods: pd.Series) -> pd.Series:
    return periods.dt.tz_localize(None) if periods.dt.tz is not None else periods


def _step(periods: pd.Series) -> pd.Timedelta:
    """The typical distance between periods (a lone period gets a month either side)."""
    distinct = periods.drop_duplicates().sort_values()
    return distinct.diff().median() if len(distinct) > 1 else LONE_PERIOD_MARGIN


def _period_format(periods: pd.Series) -> str:
    """strftime for period labels: the coarsest that tells the periods apart."""
    if (periods.dt.month.eq(1) & periods.dt.day.eq(1)).all():
        return "%Y"
    return "%Y-%m" if periods.dt.day.eq(1).all() else "%Y-%m-%d"


def _lone_period(ax, periods: pd.Series) -> None:
    """Centre a single period with room around it and a tick that names it."""
    only = periods.iloc[0]
    ax.set_xlim(only - LONE_PERIOD_MARGIN, only + LONE_PERIOD_MARGIN)
    ax.set_xticks([only], [only.strftime(_period_format(periods))])


def _value_limits(ax, values: pd.Series) -> None:
    top = values.max(skipna=True)
    ax.set_ylim(0, top * 1.1 if pd.notna(top) and top > 0 else 1)


def trend_figure(
    trends: pd.DataFrame, *, value: str = "rate", ylabel: str | None = None, title: str = ""
) -> Figure:
    """One line per term (or actor) of a :func:`~corpus.trends.term_trends` / ``actor_trends`` table.

    ``value`` is the column drawn (``"rate"``, ``"smoothed"``, ``"count"``...);
    ``ylabel`` names it (e.g. ``"per 1,000 words"``). Periods without
    articles (rate NaN) are gaps in the line. A table of one period is drawn
    as one bar per term, the period named above it.
    """
    figure = Figure(figsize=(9, 4))
    ax = figure.add_subplot()
    if trends.empty:
        _empty(ax, "no dated articles")
    elif trends["period"].nunique() == 1:
        # Points of one period would hide each other where values tie: one bar per series instead.
        shown = trends.iloc[::-1]
        ax.barh(_series_label(shown), shown[value].fillna(0), color=COLOURS[0])
        ax.set_xlabel(ylabel or _value_label(trends, value))
        only = trends["period"].iloc[0]
        ax.set_title(only.strftime(_period_format(trends["period"])), fontsize="medium", loc="right")
        _plain(ax)
    else:
        periods = _naive(trends["period"])
        labels = _series_label(trends)
        markers = periods.nunique() <= 40
        for index, (label, rows) in enumerate(trends.groupby(labels, sort=False)):
            ax.plot(
                periods[rows.index], rows[value], label=label, lw=1.4, marker="o" if markers else None, ms=4,
                color=COLOURS[index % len(COLOURS)], ls="-" if index < len(COLOURS) else "--",
            )
        figure.autofmt_xdate()
        _value_limits(ax, trends[value])
        ax.set_ylabel(ylabel or _value_label(trends, value))
        ax.legend(fontsize="small", frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1))
        _plain(ax)
    ax.set_title(title, loc="left")
    figure.tight_layout()
    return figure


def actors_heatmap_figure(
    actor_trends: pd.DataFrame, *, top: int = 15, value: str = "count", title: str = ""
) -> Figure:
    """A heat map of the ``top`` actors (rows, most mentioned first) across periods (columns).

    Works on :func:`~corpus.trends.actor_trends` output (rows labelled
    "name (TYPE)") and on ``term_trends`` output alike. Cells show their
    value when there are few enough to read.
    """
    table = actor_trends.assign(_label=_series_label(actor_trends)) if len(actor_trends) else actor_trends
    periods = _naive(table["period"]) if len(table) else table.get("period")
    rows_shown = min(top, table["_label"].nunique()) if len(table) else 1
    figure = Figure(figsize=(10, 0.32 * rows_shown + 1.8))
    ax = figure.add_subplot()
    if table.empty:
        _empty(ax, "no actors mentioned")
        ax.set_title(title, loc="left")
        figure.tight_layout()
        return figure
    grid = table.assign(_period=periods).pivot_table(
        index="_label", columns="_period", values=value, aggfunc="sum", sort=False, fill_value=0
    )
    totals = grid.sum(axis=1)
    grid = grid.loc[totals.sort_values(ascending=False, kind="stable").index[:top]]
    image = ax.imshow(
        grid.to_numpy(dtype=float), aspect="auto", cmap="Blues", interpolation="nearest",
        norm=Normalize(vmin=0, vmax=max(float(np.nanmax(grid.to_numpy(dtype=float))), 1e-9)),
    )
    ax.set_yticks(range(len(grid)), grid.index)
    columns = pd.Series(grid.columns)
    every = max(1, math.ceil(len(columns) / 12))
    ticks = list(range(0, len(columns), every))
    ax.set_xticks(ticks, [columns[i].strftime(_period_format(columns)) for i in ticks], rotation=45, ha="right")
    if grid.size <= 150:
        peak = float(grid.to_numpy().max()) or 1.0
        for (row, column), cell in np.ndenumerate(grid.to_numpy(dtype=float)):
            text = f"{cell:.0f}" if value in ("count", "documents") else f"{cell:.2g}"
            colour = "white" if cell > peak / 2 else "0.2"
            ax.text(column, row, text, ha="center", va="center", fontsize="small", color=colour)
    figure.colorbar(image, ax=ax, label=_value_label(actor_trends, value), fraction=0.03, pad=0.01)
    ax.set_title(title, loc="left")
    figure.tight_layout()
    return figure


def small_multiples_figure(
    trends: pd.DataFrame, *, columns: int = 3, value: str = "rate", ylabel: str | None = None, title: str = ""
) -> Figure:
    """One small panel per term (or actor), same time axis, each with its own scale.

    Few periods (up to 40) are bars, more are a filled line.
    """
    labels = _series_label(trends) if len(trends) else pd.Series(dtype=object)
    names = list(pd.unique(labels))
    columns = max(1, min(columns, len(names) or 1))
    rows = max(1, math.ceil(len(names) / columns))
    figure = Figure(figsize=(3.4 * columns, 2.2 * rows + 0.6))
    axes = figure.subplots(rows, columns, squeeze=False, sharex=True)
    if not names:
        _empty(axes[0][0], "no dated articles")
    else:
        periods = _naive(trends["period"])
        step = _step(periods)
        bars = periods.nunique() <= 40
        for ax, name in zip(axes.flat, names):
            rows_of = labels[labels == name].index
            x, y = periods[rows_of], trends.loc[rows_of, value]
            if bars:
                ax.bar(x, y.fillna(0), width=step * 0.8, color=COLOURS[0])
            else:
                ax.plot(x, y, color=COLOURS[0], lw=1)
                ax.fill_between(x, y.fillna(0), color=COLOURS[0], alpha=0.25, lw=0)
            ax.set_title(name, fontsize="medium", loc="left")
            _value_limits(ax, y)
            _plain(ax)
        for ax in list(axes.flat)[len(names):]:
            ax.set_visible(False)
        if periods.nunique() == 1:
            _lone_period(axes.flat[0], periods)
        for ax in axes[:, 0]:
            ax.set_ylabel(ylabel or _value_label(trends, value), fontsize="small")
        figure.autofmt_xdate()
    if title:
        figure.suptitle(title, x=0.01, ha="left")
    figure.tight_layout()
    return figure


def _lag_bands(lags: pd.Series) -> pd.Series:
    lags = lags.dropna().astype("int64")
    return pd.Series({label: int(lags.between(low, high).sum()) for label, low, high in LAG_BANDS})


def event_timeline_figure(events: pd.DataFrame, *, title: str = "") -> Figure:
    """What the articles refer to against when they were published, from :func:`~corpus.trends.event_timeline`.

    Left: one point per date mention, x the publication date, y the date
    referred to, coloured by granularity; points on the grey diagonal are
    about the day of publication, points below it look back. Right: the
    mentions per band of lag (same day, within a week, a month, a year...).
    """
    placed = events.dropna(subset=["published", "referred"]) if len(events) else events
    if placed.empty:
        figure = Figure(figsize=(9, 3))
        ax = figure.add_subplot()
        _empty(ax, "no dates mentioned")
        ax.set_title(title, loc="left")
        figure.tight_layout()
        return figure
    figure = Figure(figsize=(11, 4.4))
    scatter, bands = figure.subplots(1, 2, width_ratios=(3, 2))
    published, referred = _naive(placed["published"]), _naive(placed["referred"])
    for granularity, colour in GRANULARITY_COLOURS.items():
        chosen = (placed["granularity"].astype(str) == granularity).to_numpy()
        if chosen.any():
            scatter.scatter(published[chosen], referred[chosen], s=14, alpha=0.6, color=colour, label=granularity, lw=0)
    # The x axis spans the publications only: references centuries back must
    # stretch the y axis, not squeeze the publication dates into a strip.
    margin = max((published.max() - published.min()) * 0.03, LONE_PERIOD_MARGIN)
    low, high = published.min() - margin, published.max() + margin
    scatter.plot([low, high], [low, high], color="0.6", lw=1, zorder=0, label="same day")
    scatter.set_xlim(low, high)
    if published.nunique() == 1:
        scatter.set_xticks([published.iloc[0]], [published.iloc[0].strftime("%Y-%m-%d")])
    if referred.nunique() == 1:
        only = referred.iloc[0]
        scatter.set_ylim(only - LONE_PERIOD_MARGIN, only + LONE_PERIOD_MARGIN)
    scatter.set_xlabel("published")
    scatter.set_ylabel("date referred to")
    # Below the diagonal's band, where the points thin out: the legend hides the fewest.
    scatter.legend(fontsize="small", loc="lower left", ncols=3, framealpha=0.9, edgecolor="none")
    _plain(scatter)
    counts = _lag_bands(events["lag_days"])
    bands.barh(counts.index[::-1], counts.to_numpy()[::-1], color=COLOURS[0])
    bands.set_xlabel("date mentions")
    bands.set_xlim(0, max(1, counts.max()) * 1.1)
    bands.set_title("distance from publication", fontsize="medium", loc="left")
    _plain(bands)
    for label in scatter.get_xticklabels():
        label.set(rotation=30, ha="right")
    if title:
        figure.suptitle(title, x=0.01, ha="left")
    figure.tight_layout()
    return figure
