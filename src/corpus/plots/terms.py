"""Figures of the term analyses (:mod:`corpus.terms`, notebook 02). Each returns a Figure; none saves or shows.

Built on :class:`matplotlib.figure.Figure` directly, so they work headless and
never touch pyplot's global state.
"""

from __future__ import annotations

import math

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from corpus.plots.axes import BLUE, GREY, ORANGE, count_axis, message, plain, shorten

OVERUSE, UNDERUSE, NEUTRAL = BLUE, ORANGE, GREY
VALUE_LABELS = {"count": "occurrences", "per_10k": "per 10,000 words", "doc_freq": "articles"}


def top_terms_figure(freqs: pd.DataFrame, *, top: int = 20, value: str = "count", max_groups: int = 6, title: str = "") -> Figure:
    """Horizontal bars of the ``top`` terms of a :func:`~corpus.terms.term_frequencies` table.

    A grouped table (columns before ``term``, e.g. ``outlet``) gets one panel
    per group, side by side, for the ``max_groups`` groups with most counts,
    all on one scale. ``value`` is the bar length: ``"count"`` or ``"per_10k"``
    (comparable across groups of different size).
    """
    group_columns = list(freqs.columns[: list(freqs.columns).index("term")])
    if group_columns:
        groups = list(freqs.groupby(group_columns, dropna=False, sort=False))
        groups.sort(key=lambda group: -group[1]["count"].sum())
        panels = [(" / ".join(map(str, key)), frame) for key, frame in groups[:max_groups]] or [("", freqs)]
        if len(groups) > max_groups:
            title = f"{title} ({max_groups} of {len(groups)} groups, the largest)"
    else:
        panels = [("", freqs)]
    if group_columns and len(panels) == 1 and len(freqs):
        figure = Figure(figsize=(7, 1.6))
        message(figure.add_subplot(), f"All articles have one {', '.join(group_columns)}, {panels[0][0]}: the chart of the whole corpus shows its terms.")
        if title:
            figure.suptitle(title, x=0.01, ha="left")
        figure.tight_layout()
        return figure
    rows = max(1, min(top, max((len(frame) for _, frame in panels), default=1)))
    figure = Figure(figsize=(3.4 * len(panels) + 1, 0.3 * rows + 1.4))
    axes = figure.subplots(1, len(panels), squeeze=False, sharex=True)[0]
    for ax, (name, frame) in zip(axes, panels):
        shown = frame.nlargest(top, value, keep="first").iloc[::-1]
        if shown.empty:
            message(ax, "no terms")
        else:
            ax.barh([shorten(term, 30) for term in shown["term"].astype(str)], shown[value], color=OVERUSE)
            ax.set_xlabel(VALUE_LABELS.get(value, value.replace("_", " ")))
            if value in ("count", "doc_freq"):
                count_axis(ax)
            plain(ax)
        ax.set_title(shorten(name, 30), fontsize="medium")
    if title:
        figure.suptitle(title, x=0.01, ha="left")
    figure.tight_layout()
    return figure


def dispersion_figure(dispersion: pd.DataFrame, *, title: str = "", max_rows: int = 30, titles: pd.Series | None = None) -> Figure:
    """Where a word falls in each article's body: one row per article, a tick per occurrence.

    Takes a :func:`~corpus.terms.dispersion` table; x is the relative position
    in the body (0 = start, 1 = end). Every row is labelled (date and, given
    ``titles`` indexed by doc_id, the title; else the doc_id). Beyond
    ``max_rows`` articles only those with most occurrences are drawn, in
    publication order, and the title says how many were left out.
    """
    counts = dispersion.groupby("doc_id", sort=False, observed=True).agg(
        occurrences=("position", "size"), published=("published", "first")
    ).reset_index()  # fmt: skip
    chosen = counts.sort_values(["occurrences", "published", "doc_id"], ascending=[False, True, True], kind="stable")
    chosen = chosen.head(max_rows).sort_values(["published", "doc_id"], kind="stable", na_position="last")
    documents = chosen.reset_index(drop=True)
    figure = Figure(figsize=(8, min(12, 0.26 * max(1, len(documents)) + 1.6)))
    ax = figure.add_subplot()
    if dispersion.empty:
        message(ax, "The word does not occur in any article body.")
        ax.set_title(title, loc="left")
        figure.tight_layout()
        return figure
    row = pd.Series(range(len(documents)), index=documents["doc_id"])
    drawn = dispersion[dispersion["doc_id"].isin(row.index)]
    ax.scatter(drawn["position"], row[drawn["doc_id"]].to_numpy(), marker="|", s=120, color=OVERUSE, linewidths=1.2)
    ax.set_xlim(0, 1)
    ax.set_ylim(len(documents) - 0.5, -0.5)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1], ["start", "", "middle", "", "end"])
    ax.set_xlabel("position in the article body")
    dates = documents["published"].dt.strftime("%-d %b %Y").fillna("undated")
    names = documents["doc_id"].map(titles) if titles is not None else documents["doc_id"]
    labels = [f"{date} · {shorten(name, 45)}" for date, name in zip(dates, names.fillna(documents["doc_id"]).astype(str))]
    ax.set_yticks(range(len(documents)), labels, fontsize="small")
    if len(counts) > len(documents):
        title = f"{title} ({len(documents)} of {len(counts):,} articles, those with most occurrences)"
    plain(ax)
    ax.set_title(title, loc="left")
    figure.tight_layout()
    return figure


def keyness_figure(
    keyness: pd.DataFrame, *, top: int = 20, side: str = "both", title: str = "", reference: str = "the reference"
) -> Figure:
    """Log ratio of the terms with the highest G2 from a :func:`~corpus.terms.keyness` table.

    ``side="over"`` shows the ``top`` terms more frequent in the target than in
    ``reference`` (blue bars, to the right), ``"under"`` those less frequent
    (orange, to the left), ``"both"`` half of each, so that neither side
    crowds the other out. A legend names the colours. Each term's G2 (how sure
    the difference is) is printed in a column of its own at the right edge,
    clear of the bars and labels.
    """
    over, under = keyness[keyness["sign"] > 0], keyness[keyness["sign"] < 0]
    if side not in ("both", "over", "under"):
        raise ValueError(f"side must be 'both', 'over' or 'under', not {side!r}")
    counts = {"over": (top, 0), "under": (0, top), "both": (top - top // 2, top // 2)}[side]
    chosen = [frame.nlargest(n, "g2", keep="first") for frame, n in zip((over, under), counts, strict=True) if n]
    shown = pd.concat(chosen).sort_values("log_ratio", kind="stable")
    figure = Figure(figsize=(7.5, 0.3 * max(1, len(shown)) + 1.9), layout="constrained")
    ax = figure.add_subplot()
    if shown.empty:
        message(ax, "No term is used significantly more or less often than in the reference.")
        ax.set_title(title, loc="left")
        return figure
    colours = [OVERUSE if sign > 0 else UNDERUSE if sign < 0 else NEUTRAL for sign in shown["sign"]]
    positions = range(len(shown))
    ax.barh(positions, shown["log_ratio"], color=colours)
    ax.set_yticks(positions, [shorten(term, 30) for term in shown["term"].astype(str)])
    ax.set_ylim(-0.6, len(shown) - 0.4)
    for position, g2 in zip(positions, shown["g2"]):
        text = f"{g2:,.0f}" if math.isfinite(g2) and g2 >= 10 else f"{g2:.1f}"
        ax.annotate(text, (1.01, position), xycoords=("axes fraction", "data"), va="center", fontsize="x-small", color="0.3")
    ax.annotate("G2", (1.01, 1.0), xycoords="axes fraction", va="bottom", fontsize="x-small", color="0.3", weight="bold")
    ax.axvline(0, color="0.3", lw=0.8)
    low, high = ax.get_xlim()
    ax.set_xlim(min(low, 0), max(high, 0))
    ax.set_xlabel("log ratio: log2 of (relative frequency here / in the reference)")
    handles = [Patch(color=OVERUSE, label=f"more frequent than in {reference}")]
    if (shown["sign"] < 0).any():
        handles.append(Patch(color=UNDERUSE, label=f"less frequent than in {reference}"))
    figure.legend(handles=handles, loc="outside lower center", ncols=len(handles), frameon=False, fontsize="small")
    plain(ax)
    ax.set_title(title, loc="left")
    return figure
