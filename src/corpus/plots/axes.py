"""What every figure shares so it holds from 1 to 20,000 articles: counts on integer ticks, dates
that carry their year, a sentence instead of an empty chart, labels placed so they never collide.
"""

from __future__ import annotations

import itertools
import math

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.ticker import FixedLocator, Formatter, FuncFormatter, MaxNLocator

BLUE, ORANGE, GREY = "#4C72B0", "#DD8452", "0.6"
COLOURS = (
    "#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3", "#937860", "#DA8BC3", "#8C8C8C", "#CCB974", "#64B5CD",
)  # fmt: skip
MAX_DATE_TICKS = 8


def message(ax, text: str) -> None:
    """Say in a sentence why there is nothing to draw, in place of an empty chart."""
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, color="0.35", wrap=True)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)


def plain(ax) -> None:
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)


def count_axis(ax, axis: str = "x") -> None:
    """Whole numbers only, with thousands separators, from zero to at least one."""
    target = ax.xaxis if axis == "x" else ax.yaxis
    # Fewer ticks across than up: "1,250" takes room a narrow panel does not have.
    target.set_major_locator(MaxNLocator(nbins=5 if axis == "x" else "auto", integer=True, min_n_ticks=2))
    target.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
    low, high = ax.get_xlim() if axis == "x" else ax.get_ylim()
    (ax.set_xlim if axis == "x" else ax.set_ylim)(min(low, 0), max(high, 1))


class PercentTicks(Formatter):
    """Shares in 0..1 as percentages with as few decimals as the ticks need to read exactly (2.5%, not 2%)."""

    def __call__(self, value, pos=None) -> str:
        return self.format_ticks([value])[0]

    def format_ticks(self, values) -> list[str]:
        percents = [100 * float(value) for value in values]
        decimals = next(
            (d for d in range(4) if all(abs(round(p, d) - p) < 1e-9 * max(1.0, abs(p)) for p in percents)), 3
        )
        return [f"{p:.{decimals}f}%" for p in percents]


def percent_axis(ax, axis: str = "x") -> None:
    """Shares in 0..1 shown as percentages."""
    (ax.xaxis if axis == "x" else ax.yaxis).set_major_formatter(PercentTicks())


def date_labels(dates) -> list[str]:
    """Labels for period starts, all with their year, as coarse as they allow: ``2021``, ``Mar 2021``, ``5 Mar 2021``."""
    dates = list(naive(pd.Series(dates)))
    if all(date.month == 1 and date.day == 1 for date in dates):
        pattern = "%Y"
    elif all(date.day == 1 for date in dates):
        pattern = "%b %Y"
    else:
        pattern = "%-d %b %Y"
    return [date.strftime(pattern) for date in dates]


class YearDateFormatter(Formatter):
    """Dates that always carry their year, as coarse as the ticks allow: ``2021``, ``Mar 2021``, ``5 Mar 2021``."""

    def __call__(self, value, pos=None) -> str:
        return self.format_ticks([value])[0]

    def format_ticks(self, values) -> list[str]:
        return date_labels([mdates.num2date(value).replace(tzinfo=None) for value in values])


def naive(dates: pd.Series) -> pd.Series:
    """Wall-clock dates (Europe/Rome) without their zone: matplotlib draws them as they read."""
    dates = pd.Series(dates)
    return dates.dt.tz_localize(None) if getattr(dates.dt, "tz", None) is not None else dates


def date_axis(ax, dates, *, axis: str = "x", rotate: bool = True) -> None:
    """Date ticks with their year and never finer than a day: at each date when there are few,
    else at round days, months or years."""
    target = ax.xaxis if axis == "x" else ax.yaxis
    distinct = naive(pd.Series(dates)).dropna().drop_duplicates().sort_values()
    if len(distinct) <= MAX_DATE_TICKS:
        target.set_major_locator(FixedLocator(mdates.date2num(distinct.dt.to_pydatetime())))
    else:
        locator = mdates.AutoDateLocator(minticks=3, maxticks=MAX_DATE_TICKS)
        # Never hours or minutes: the finest period here is a day.
        for frequency in (mdates.HOURLY, mdates.MINUTELY, mdates.SECONDLY, mdates.MICROSECONDLY):
            locator.intervald[frequency] = []
        target.set_major_locator(locator)
    target.set_major_formatter(YearDateFormatter())
    target.set_minor_locator(FixedLocator([]))
    if rotate and axis == "x":
        for label in ax.get_xticklabels():
            label.set(rotation=30, ha="right", rotation_mode="anchor")


def shorten(text: str, limit: int = 40) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def renderer(figure):
    """A renderer that measures text as the saved PNG will show it."""
    if not isinstance(figure.canvas, FigureCanvasAgg):
        FigureCanvasAgg(figure)
    return figure.canvas.get_renderer()


def place_labels(ax, anchors: list[tuple[float, float]], texts: list[str], *, avoid_radius: list[float] | None = None, **style):
    """Label points without any two labels overlapping, most important first.

    Each label tries positions around its point (right, left, above, below, then
    the diagonals, farther and farther); it takes the first that overlaps no
    label already placed, no other point's marker and stays inside the axes.
    A label moved away from its point gets a thin leader line. Returns the texts.
    """
    figure = ax.figure
    draw = renderer(figure)
    to_display = ax.transData.transform
    points = np.array([to_display(anchor) for anchor in anchors]) if anchors else np.empty((0, 2))
    radii = np.array(avoid_radius if avoid_radius is not None else [0.0] * len(anchors))
    frame = ax.get_window_extent(draw)
    placed: list[tuple[float, float, float, float]] = []
    artists = []
    directions = [(1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1)]
    for index, (anchor, text) in enumerate(zip(anchors, texts, strict=True)):
        artist = ax.text(*anchor, text, ha="center", va="center", zorder=5, **style)
        box = artist.get_window_extent(draw)
        width, height = box.width + 2, box.height + 2
        x0, y0 = points[index]
        best, best_cost = None, math.inf
        for step, (dx, dy) in itertools.product(range(12), directions):
            gap = radii[index] + 2 + step * height * 0.8
            cx = x0 + dx * (gap + width / 2)
            cy = y0 + dy * (gap + height / 2)
            rect = (cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)
            cost = _overlap(rect, placed) + _covers_points(rect, points, radii)
            if rect[0] < frame.x0 or rect[2] > frame.x1 or rect[1] < frame.y0 or rect[3] > frame.y1:
                cost += 1e6
            if cost < best_cost:
                best, best_cost = (cx, cy, rect), cost
            if cost == 0:
                break
        cx, cy, rect = best
        placed.append(rect)
        position = ax.transData.inverted().transform((cx, cy))
        artist.set_position(position)
        if math.hypot(cx - x0, cy - y0) > radii[index] + width / 2 + height:
            ax.annotate("", xy=anchor, xytext=position, arrowprops={"arrowstyle": "-", "color": "0.55", "lw": 0.6}, zorder=4)
        artists.append(artist)
    return artists


def _overlap(rect, placed) -> float:
    total = 0.0
    for other in placed:
        width = min(rect[2], other[2]) - max(rect[0], other[0])
        height = min(rect[3], other[3]) - max(rect[1], other[1])
        if width > 0 and height > 0:
            total += width * height
    return total


def _covers_points(rect, points, radii) -> float:
    """How many markers a label box would hide."""
    total = 0.0
    for (x, y), radius in zip(points, radii, strict=True):
        nearest_x = min(max(x, rect[0]), rect[2])
        nearest_y = min(max(y, rect[1]), rect[3])
        if math.hypot(nearest_x - x, nearest_y - y) < radius * 0.7:
            total += 1.0
    return total


def boxes_overlap(texts, figure) -> list[tuple[str, str]]:
    """Pairs of texts whose drawn boxes overlap (for tests and checks)."""
    draw = renderer(figure)
    boxes = [(text.get_text(), text.get_window_extent(draw)) for text in texts if text.get_visible() and text.get_text()]
    return [(a, b) for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2) if box_a.overlaps(box_b)]
