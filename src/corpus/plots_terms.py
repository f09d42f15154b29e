"""Figures of the term analyses (:mod:`corpus.terms`). Each returns a Figure; none saves or shows.

Built on :class:`matplotlib.figure.Figure` directly, so they work headless and
never touch pyplot's global state.
"""

from __future__ import annotations

import math

import pandas as pd
from matplotlib.figure import Figure

OVERUSE, UNDERUSE, NEUTRAL = "#4C72B0", "#DD8452", "0.6"


def _empty(ax, message: str) -> None:
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes, color="0.4")
    ax.set_xticks([])
    ax.set_yticks([])


def _plain(ax) -> None:
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)


def top_terms_figure(freqs: pd.DataFrame, *, top: int = 20, value: str = "count", max_groups: int = 6, title: str = "") -> Figure:
    """Horizontal bars of the ``top`` terms of a :func:`~corpus.terms.term_frequencies` table.

    A grouped table (columns before ``term``, e.g. ``outlet``) gets one panel
    per group, side by side, for the ``max_groups`` groups with most counts.
    ``value`` is the bar length: ``"count"`` or ``"per_10k"`` (comparable
    across groups of different size).
    """
    group_columns = list(freqs.columns[: list(freqs.columns).index("term")])
    if group_columns:
        groups = list(freqs.groupby(group_columns, dropna=False, sort=False))
        groups.sort(key=lambda group: -group[1]["count"].sum())
        panels = [(" / ".join(map(str, key)), frame) for key, frame in groups[:max_groups]] or [("", freqs)]
    else:
        panels = [("", freqs)]
    rows = max(1, min(top, max((len(frame) for _, frame in panels), default=1)))
    figure = Figure(figsize=(3.4 * len(panels) + 1, 0.3 * rows + 1.4))
    axes = figure.subplots(1, len(panels), squeeze=False)[0]
    for ax, (name, frame) in zip(axes, panels):
        shown = frame.nlargest(top, value, keep="first").iloc[::-1]
        if shown.empty:
            _empty(ax, "no terms")
        else:
            ax.barh(shown["term"].astype(str), shown[value], color=OVERUSE)
            ax.set_xlabel(value.replace("_", " "))
            _plain(ax)
        ax.set_title(name, fontsize="medium")
    if title:
        figure.suptitle(title, x=0.01, ha="left")
    figure.tight_layout()
    return figure


def dispersion_figure(dispersion: pd.DataFrame, *, title: str = "", max_labels: int = 40) -> Figure:
    """One row per document (in publication order, top to bottom), a tick per occurrence.

    Takes a :func:`~corpus.terms.dispersion` table; x is the relative position
    in the body (0 = start, 1 = end). Rows are labelled with date and doc_id
    when there are at most ``max_labels`` documents.
    """
    documents = dispersion.drop_duplicates("doc_id")[["doc_id", "published"]].reset_index(drop=True)
    figure = Figure(figsize=(8, min(12, 0.25 * len(documents) + 1.5)))
    ax = figure.add_subplot()
    if dispersion.empty:
        _empty(ax, "no occurrences")
    else:
        row = pd.Series(range(len(documents)), index=documents["doc_id"])
        ax.scatter(dispersion["position"], row[dispersion["doc_id"]].to_numpy(), marker="|", s=120, color=OVERUSE, linewidths=1.2)
        ax.set_xlim(0, 1)
        ax.set_ylim(len(documents) - 0.5, -0.5)
        ax.set_xlabel("position in the article body")
        if len(documents) <= max_labels:
            dates = documents["published"].dt.strftime("%Y-%m-%d").fillna("undated")
            ax.set_yticks(range(len(documents)), [f"{date}  {doc_id}" for date, doc_id in zip(dates, documents["doc_id"])], fontsize="small")
        else:
            ax.set_yticks([])
            ax.set_ylabel(f"{len(documents)} documents, oldest at the top")
        _plain(ax)
    ax.set_title(title, loc="left")
    figure.tight_layout()
    return figure


def keyness_figure(keyness: pd.DataFrame, *, top: int = 20, title: str = "") -> Figure:
    """Log ratio of the ``top`` terms by G2 from a :func:`~corpus.terms.keyness` table.

    Bars to the right (blue) are over-used by the target, to the left (orange)
    under-used; each bar is annotated with its G2.
    """
    shown = keyness.nlargest(top, "g2", keep="first").sort_values("log_ratio", kind="stable")
    figure = Figure(figsize=(7, 0.3 * max(1, len(shown)) + 1.4))
    ax = figure.add_subplot()
    if shown.empty:
        _empty(ax, "no key terms")
    else:
        colours = [OVERUSE if sign > 0 else UNDERUSE if sign < 0 else NEUTRAL for sign in shown["sign"]]
        bars = ax.barh(shown["term"].astype(str), shown["log_ratio"], color=colours)
        for bar, g2 in zip(bars, shown["g2"]):
            width = bar.get_width()
            ax.annotate(
                f"G2 {g2:.0f}" if math.isfinite(g2) and g2 >= 10 else f"G2 {g2:.1f}",
                (width, bar.get_y() + bar.get_height() / 2),
                xytext=(3 if width >= 0 else -3, 0),
                textcoords="offset points",
                ha="left" if width >= 0 else "right",
                va="center",
                fontsize="x-small",
                color="0.3",
            )
        ax.axvline(0, color="0.3", lw=0.8)
        ax.set_xlabel("log ratio (log2 of the ratio of relative frequencies)")
        _plain(ax)
    ax.set_title(title, loc="left")
    figure.tight_layout()
    return figure
