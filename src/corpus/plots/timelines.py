"""Figures of change over time (:mod:`corpus.trends`, notebook 04). Each returns a Figure; none saves or shows.

Built on :class:`matplotlib.figure.Figure` directly, so they work headless and
never touch pyplot's global state. Dates on every axis carry their year. A
trend needs at least two periods: a table of one period is said in a sentence
(its numbers are in the table), and a table with nothing in it gives a message.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.colors import Normalize
from matplotlib.figure import Figure

from corpus.plots.axes import COLOURS, count_axis, date_axis, date_labels, message, naive, percent_axis, plain, shorten

LABELS = {"rate": "rate", "smoothed": "rate (smoothed)", "count": "occurrences", "documents": "articles",
          "share": "share of the period's articles"}  # fmt: skip
# Room left on each side of a lone date, so one point does not fill the axes.
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

# An empty trends table: the corpus has no dated article, or no term (or actor) was chosen to follow.
NOTHING_TO_FOLLOW = "Nothing to follow over time: no dated article, or no term to follow."


def _series_label(table: pd.DataFrame) -> pd.Series:
    """What names a line or row: the term, or the actor's name with its type ("Italia (LOC)" vs "Italia (ORG)")."""
    if "actor_id" in table.columns:
        kind = table["actor_id"].astype(str).str.split(":", n=1).str[0]
        return table["name"].astype(str).map(shorten) + " (" + kind + ")"
    return table["term"].astype(str)


def _value_label(table: pd.DataFrame, value: str) -> str:
    if value == "count" and "actor_id" in table.columns:
        return "mentions"
    return LABELS.get(value, value)


def _one_period(ax, table: pd.DataFrame) -> None:
    only = naive(table["period"]).iloc[0]
    message(
        ax,
        f"All articles fall in one period ({only:%-d %b %Y}): no change over time to show.\n"
        "The notebook's table gives that period's numbers.",
    )


def _values(table: pd.DataFrame, value: str, min_articles: int = 1) -> pd.Series:
    """A column of the table, or ``share``: the share of the period's articles (documents / articles).

    Periods with fewer than ``min_articles`` articles are left empty (NaN): one article
    makes a share of 0% or 100% and a rate as noisy, which would dwarf every real change.
    """
    values = table["documents"] / table["articles"] if value == "share" else table[value].astype(float)
    if value in ("count", "documents") or "articles" not in table:
        return values
    return values.where(table["articles"] >= max(min_articles, 1))


def _thin_note(table: pd.DataFrame, min_articles: int) -> str:
    """Which periods were left empty for having too few articles, in a few words."""
    if "articles" not in table or min_articles <= 1:
        return ""
    thin = table.loc[table["articles"].between(1, min_articles - 1), "period"].drop_duplicates().sort_values()
    if thin.empty:
        return ""
    named = ", ".join(date_labels(thin.head(4)))
    more = f" and {len(thin) - 4} more" if len(thin) > 4 else ""
    return f"left empty, fewer than {min_articles} articles: {named}{more}"


def _value_limits(ax, values: pd.Series, *, share: bool) -> None:
    top = values.max(skipna=True)
    top = top * 1.1 if pd.notna(top) and top > 0 else 1
    ax.set_ylim(0, min(top, 1.0) if share else top)


def trend_figure(
    trends: pd.DataFrame, *, value: str = "rate", ylabel: str | None = None, title: str = "", share: bool = False,
    min_articles: int = 5,
) -> Figure:  # fmt: skip
    """One line per term (or actor) of a :func:`~corpus.trends.term_trends` / ``actor_trends`` table.

    ``value`` is the column drawn (``"rate"``, ``"smoothed"``, ``"count"``...);
    ``ylabel`` names it (e.g. ``"per 1,000 words"``); ``share=True`` shows it
    as a percentage (a share of articles). Periods without articles (rate NaN)
    are gaps in the line, and so are periods with fewer than ``min_articles``
    articles (the x label names them). The legend sits outside the plot, clear of the data.
    """
    figure = Figure(figsize=(9.5, 4))
    ax = figure.add_subplot()
    if trends.empty:
        message(ax, NOTHING_TO_FOLLOW)
    elif trends["period"].nunique() == 1:
        _one_period(ax, trends)
    else:
        periods = naive(trends["period"])
        labels = _series_label(trends)
        markers = periods.nunique() <= 40
        for index, (label, rows) in enumerate(trends.groupby(labels, sort=False)):
            ax.plot(
                periods[rows.index], _values(rows, value, min_articles), label=label, lw=1.4,
                marker="o" if markers else None, ms=4, color=COLOURS[index % len(COLOURS)],
                ls="-" if index < len(COLOURS) else "--",
            )  # fmt: skip
        _value_limits(ax, _values(trends, value, min_articles), share=share)
        ax.set_xlabel(_thin_note(trends, min_articles), fontsize="small", color="0.35")
        if share:
            percent_axis(ax, "y")
        elif value in ("count", "documents"):
            count_axis(ax, "y")
        date_axis(ax, periods)
        ax.set_ylabel(ylabel or _value_label(trends, value))
        ax.legend(fontsize="small", frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1))
        plain(ax)
    ax.set_title(title, loc="left")
    figure.tight_layout()
    return figure


def actors_heatmap_figure(
    actor_trends: pd.DataFrame, *, top: int = 15, value: str = "share", title: str = "", min_articles: int = 5
) -> Figure:
    """A heat map of the ``top`` actors (rows, most mentioned first) across periods (columns).

    ``value="share"`` (the default) colours each cell by the share of that
    period's articles that mention the actor, so periods with many articles do
    not look busier just for being bigger; ``"count"`` gives raw mentions.
    Works on :func:`~corpus.trends.actor_trends` output (rows labelled
    "name (TYPE)") and on ``term_trends`` output alike. Cells show their value
    when there are few enough to read. Columns of periods with fewer than
    ``min_articles`` articles are left blank (a share of one article is 0 or 100%).
    """
    table = actor_trends.assign(_label=_series_label(actor_trends)) if len(actor_trends) else actor_trends
    rows_shown = min(top, table["_label"].nunique()) if len(table) and table["period"].nunique() > 1 else 4
    figure = Figure(figsize=(10, 0.32 * rows_shown + 2.0))
    ax = figure.add_subplot()
    if table.empty or table["period"].nunique() == 1:
        _one_period(ax, table) if len(table) else message(ax, "No actor is mentioned in a dated article.")
        ax.set_title(title, loc="left")
        figure.tight_layout()
        return figure
    table = table.assign(_period=naive(table["period"]), _value=_values(table, value, min_articles), _mentions=table["count"])
    grid = table.groupby(["_label", "_period"], sort=False)["_value"].sum(min_count=1).unstack("_period")
    totals = table.groupby("_label", sort=False)["_mentions"].sum()
    grid = grid.loc[totals.sort_values(ascending=False, kind="stable").index[:top]]
    cells = grid.to_numpy(dtype=float)
    share = value == "share"
    image = ax.imshow(
        cells, aspect="auto", cmap="Blues", interpolation="nearest",
        norm=Normalize(vmin=0, vmax=max(float(np.nanmax(cells)) if np.isfinite(cells).any() else 0.0, 1e-9)),
    )  # fmt: skip
    ax.set_yticks(range(len(grid)), grid.index)
    columns = pd.Series(grid.columns)
    every = max(1, math.ceil(len(columns) / 12))
    ticks = list(range(0, len(columns), every))
    labels = date_labels(columns)
    ax.set_xticks(ticks, [labels[i] for i in ticks], rotation=30, ha="right", rotation_mode="anchor")
    ax.set_xlabel(_thin_note(table, min_articles), fontsize="small", color="0.35")
    if grid.size <= 150:
        peak = float(np.nanmax(cells)) if np.isfinite(cells).any() else 1.0
        for (row, column), cell in np.ndenumerate(cells):
            if np.isnan(cell):
                continue
            text = f"{cell:.0%}" if share else f"{cell:.0f}" if value in ("count", "documents") else f"{cell:.2g}"
            ax.text(column, row, text, ha="center", va="center", fontsize="small", color="white" if cell > peak / 2 else "0.2")
    bar = figure.colorbar(image, ax=ax, label=_value_label(actor_trends, value), fraction=0.03, pad=0.01)
    if share:
        percent_axis(bar.ax, "y")
    ax.set_title(title, loc="left")
    figure.tight_layout()
    return figure


def small_multiples_figure(
    trends: pd.DataFrame, *, columns: int = 3, value: str = "rate", ylabel: str | None = None, title: str = "",
    min_articles: int = 5,
) -> Figure:  # fmt: skip
    """One small panel per term (or actor), same time axis and the same scale, so panels compare.

    Few periods (up to 40) are bars, more are a filled line. Periods with fewer
    than ``min_articles`` articles are left empty, as in :func:`trend_figure`.
    """
    labels = _series_label(trends) if len(trends) else pd.Series(dtype=object)
    names = list(pd.unique(labels))
    single = len(trends) and trends["period"].nunique() == 1
    columns = 1 if single else max(1, min(columns, len(names) or 1))
    rows = 1 if single else max(1, math.ceil(len(names) / columns))
    figure = Figure(figsize=(3.4 * columns if not single else 9, 2.2 * rows + 0.8))
    axes = figure.subplots(rows, columns, squeeze=False, sharex=True, sharey=True)
    if not names:
        message(axes[0][0], NOTHING_TO_FOLLOW)
    elif single:
        _one_period(axes[0][0], trends)
    else:
        periods = naive(trends["period"])
        step = periods.drop_duplicates().sort_values().diff().median()
        bars = periods.nunique() <= 40
        for ax, name in zip(axes.flat, names):
            rows_of = labels[labels == name].index
            x, y = periods[rows_of], _values(trends.loc[rows_of], value, min_articles)
            if bars:
                ax.bar(x, y.fillna(0), width=step * 0.8, color=COLOURS[0])
            else:
                ax.plot(x, y, color=COLOURS[0], lw=1)
                ax.fill_between(x, y.fillna(0), color=COLOURS[0], alpha=0.25, lw=0)
            ax.set_title(name, fontsize="medium", loc="left")
            plain(ax)
        for ax in list(axes.flat)[len(names):]:
            ax.set_visible(False)
        _value_limits(axes[0][0], _values(trends, value, min_articles), share=False)
        note = _thin_note(trends, min_articles)
        if note:
            figure.supxlabel(note, fontsize="small", color="0.35")
        for ax in axes[:, 0]:
            ax.set_ylabel(ylabel or _value_label(trends, value), fontsize="small")
        for index, ax in enumerate(list(axes.flat)[: len(names)]):
            date_axis(ax, periods)
            # Dates under the lowest panel of each column only.
            ax.tick_params(labelbottom=index + columns >= len(names))
    if title:
        figure.suptitle(title, x=0.01, ha="left")
    figure.tight_layout()
    return figure


def key_terms_figure(
    key_terms: pd.DataFrame, *, top: int | None = None, max_periods: int = 24, title: str = ""
) -> Figure:
    """The key terms of each period, as a table to read: one row per period, its terms left to right by rank.

    Takes a :func:`~corpus.trends.key_terms_by_period` table. Each cell is a
    term, shaded by its G2 (how sure it is that the period uses the term more
    than the rest of the corpus; one scale for the whole figure). ``top``
    limits the terms per row (default: all the table has). Beyond
    ``max_periods`` periods the latest are drawn and the title says how many
    were left out, so the rows stay readable however long the corpus runs.
    """
    table = key_terms[key_terms["rank"] <= top] if top is not None else key_terms
    ranked = table
    periods = pd.Series(table["period"].drop_duplicates().sort_values().to_numpy())
    if len(periods) > max_periods:
        title = f"{title} (the last {max_periods} of {len(periods)} periods with key terms)".strip()
        periods = periods.iloc[-max_periods:].reset_index(drop=True)
        table = table[table["period"].isin(set(periods))]
    columns = int(ranked["rank"].max()) if len(ranked) else 1
    figure = Figure(figsize=(min(2.0 * columns + 1.6, 16), 0.34 * max(len(periods), 2) + 1.3))
    ax = figure.add_subplot()
    if table.empty:
        message(ax, "No key terms: they need at least two periods with dated articles, and terms used in enough "
                    "articles of a period.")  # fmt: skip
        ax.set_title(title, loc="left")
        figure.tight_layout()
        return figure
    row_of = {period: row for row, period in enumerate(periods)}
    cells = np.full((len(periods), columns), np.nan)
    rows = table["period"].map(row_of).to_numpy(dtype=int)
    ranks = table["rank"].to_numpy(dtype=int) - 1
    cells[rows, ranks] = table["g2"].to_numpy(dtype=float)
    peak = float(np.nanmax(cells)) or 1.0
    ax.imshow(cells, aspect="auto", cmap="Blues", interpolation="nearest", norm=Normalize(vmin=0, vmax=peak * 1.6))
    for row, rank, term in zip(rows, ranks, table["term"].astype(str)):
        ax.text(rank, row, shorten(term, 18), ha="center", va="center", fontsize="small", color="0.1")
    ax.set_yticks(range(len(periods)), date_labels(periods))
    ax.set_xticks(range(columns), [str(rank) for rank in range(1, columns + 1)])
    ax.xaxis.tick_top()
    ax.set_xlabel("rank by G2 against the rest of the corpus (darker: surer)", fontsize="small", color="0.35")
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(length=0)
    ax.set_title(title, loc="left")
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
    The legend sits under the plots, never over the points.
    """
    placed = events.dropna(subset=["published", "referred"]) if len(events) else events
    if placed.empty:
        figure = Figure(figsize=(9, 2.6))
        ax = figure.add_subplot()
        message(ax, "No article body mentions a date that can be placed on a calendar.")
        ax.set_title(title, loc="left")
        figure.tight_layout()
        return figure
    figure = Figure(figsize=(11, 4.8), layout="constrained")
    scatter, bands = figure.subplots(1, 2, width_ratios=(3, 2))
    published, referred = naive(placed["published"]), naive(placed["referred"])
    # Both axes span the publications (and a window before them): a mention of 1492 must not squeeze
    # every other point into a strip. The bands on the right count the mentions left outside.
    margin = max((published.max() - published.min()) * 0.03, LONE_PERIOD_MARGIN)
    low, high = published.min() - margin, published.max() + margin
    floor = low - max(high - low, pd.Timedelta(days=365))
    inside = referred.between(floor, high).to_numpy()
    for granularity, colour in GRANULARITY_COLOURS.items():
        chosen = (placed["granularity"].astype(str) == granularity).to_numpy() & inside
        if chosen.any():
            scatter.scatter(published[chosen], referred[chosen], s=14, alpha=0.6, color=colour, label=f"a {granularity}", lw=0)
    outside = int((~inside).sum())
    if outside:
        scatter.set_title(
            f"{outside:,} of {len(placed):,} mentions refer to dates outside this window", fontsize="small", loc="left", color="0.35"
        )
        scatter.set_ylim(floor, high)
    scatter.plot([low, high], [low, high], color="0.6", lw=1, zorder=0, label="the day of publication")
    scatter.set_xlim(low, high)
    if referred[inside].nunique() == 1:
        only = referred[inside].iloc[0]
        scatter.set_ylim(only - LONE_PERIOD_MARGIN, only + LONE_PERIOD_MARGIN)
    date_axis(scatter, published)
    date_axis(scatter, referred[inside], axis="y")
    scatter.set_xlabel("published")
    scatter.set_ylabel("date referred to")
    plain(scatter)
    counts = _lag_bands(events["lag_days"])
    bands.barh(counts.index[::-1], counts.to_numpy()[::-1], color=COLOURS[0])
    bands.set_xlabel("date mentions")
    bands.set_xlim(0, max(1, counts.max()) * 1.1)
    count_axis(bands)
    bands.set_title("distance from publication", fontsize="medium", loc="left")
    plain(bands)
    handles, labels = scatter.get_legend_handles_labels()
    figure.legend(handles, labels, loc="outside lower left", ncols=len(labels), frameon=False, fontsize="small",
                  title="what a mention refers to", title_fontsize="small")  # fmt: skip
    if title:
        figure.suptitle(title, x=0.01, ha="left")
    return figure
