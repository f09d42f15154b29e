"""The figures hold at every size: whole-number ticks for counts, dates with their year, labels that
never collide, a sentence where there is nothing to show, rates where groups differ in size.

One section per module of :mod:`corpus.plots`; the seed-based checks of each figure live beside
the analysis they draw (test_terms, test_trends, test_network, test_timeline).
"""

import datetime as dt

import matplotlib.dates as mdates
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from corpus.plots import actors, axes, overview, terms, timelines

ROME = "Europe/Rome"


def _texts(ax) -> list[str]:
    return [text.get_text() for text in ax.texts]


def _ticks(ax, axis="x") -> list[str]:
    """The tick labels drawn inside the axis's view."""
    axes.renderer(ax.figure)
    ax.figure.draw_without_rendering()
    target = ax.xaxis if axis == "x" else ax.yaxis
    low, high = sorted(target.get_view_interval())
    return [
        tick.label1.get_text() for tick in target.get_major_ticks()
        if tick.label1.get_text() and low - 1e-9 <= tick.get_loc() <= high + 1e-9
    ]  # fmt: skip


# --------------------------------------------------------------------------
# axes


def test_count_axis_has_whole_numbers_only():
    figure = Figure()
    ax = figure.add_subplot()
    ax.barh(["a", "b"], [1, 3])
    axes.count_axis(ax)
    assert _ticks(ax) == ["0", "1", "2", "3"]
    wide = Figure().add_subplot()
    wide.barh(["c"], [12500])
    axes.count_axis(wide)
    assert _ticks(wide) == ["0", "3,000", "6,000", "9,000", "12,000"]


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        (["2021-01-01", "2022-01-01"], ["2021", "2022"]),
        (["2021-03-01", "2021-04-01"], ["Mar 2021", "Apr 2021"]),
        (["2021-03-05", "2021-03-12"], ["5 Mar 2021", "12 Mar 2021"]),
    ],
)
def test_dates_always_carry_their_year(dates, expected):
    values = mdates.date2num(pd.to_datetime(dates).to_pydatetime())
    assert axes.YearDateFormatter().format_ticks(values) == expected


def test_a_date_axis_is_never_finer_than_a_day():
    figure = Figure()
    ax = figure.add_subplot()
    days = pd.Series(pd.date_range("2022-01-03", periods=12, freq="D"))
    ax.plot(days, range(12))
    axes.date_axis(ax, days)
    ticks = ax.xaxis.get_majorticklocs()
    assert len(ticks) >= 3 and all(float(tick).is_integer() for tick in ticks)
    assert all(label.endswith("2022") for label in _ticks(ax))
    lone = Figure().add_subplot()
    lone.bar([pd.Timestamp("2022-01-05")], [1])
    lone.set_xlim(pd.Timestamp("2022-01-04"), pd.Timestamp("2022-01-07"))
    axes.date_axis(lone, pd.Series([pd.Timestamp("2022-01-05")]))
    assert _ticks(lone) == ["5 Jan 2022"]


def test_placed_labels_never_overlap_even_when_points_crowd():
    figure = Figure(figsize=(6, 4))
    ax = figure.add_axes((0, 0, 1, 1))
    rng = np.random.default_rng(0)
    points = [tuple(point) for point in rng.normal(0, 0.15, size=(30, 2))]
    ax.set_xlim(-1, 1)
    ax.set_ylim(-1, 1)
    texts = axes.place_labels(ax, points, [f"Actor number {i}" for i in range(30)], avoid_radius=[6.0] * 30, fontsize=8)
    assert len(texts) == 30
    assert axes.boxes_overlap(texts, figure) == []


# --------------------------------------------------------------------------
# overview


def test_histogram_of_one_value_is_a_sentence():
    figure = overview.histogram_figure(pd.Series([251]), xlabel="body words", unit="articles", title="Article length")
    assert _texts(figure.axes[0]) == ["The one article has 251 body words: no distribution to show."]
    assert not figure.axes[0].patches


def test_histogram_bins_are_whole_numbers_and_counts_integers():
    lengths = pd.Series([250, 251, 251, 300, 420, 1000])
    figure = overview.histogram_figure(lengths, xlabel="body words", unit="articles", title="")
    ax = figure.axes[0]
    widths = {round(patch.get_width(), 9) for patch in ax.patches}
    assert all(float(width).is_integer() for width in widths)
    assert all(float(tick).is_integer() for tick in ax.yaxis.get_majorticklocs())
    assert ax.get_legend().get_texts()[0].get_text() == "median 276"  # 275.5


def test_a_long_tail_is_gathered_in_the_last_bar():
    lengths = pd.Series(list(range(100, 600)) + [50_000])
    ax = overview.histogram_figure(lengths, xlabel="body words", title="").axes[0]
    assert ax.get_xlim()[1] < 1000
    assert "the last bar gathers 3 up to 50,000" in ax.get_xlabel()


def test_bar_figure_of_one_row_is_a_sentence_and_says_what_it_leaves_out():
    one = pd.DataFrame({"value": ["L'AntiDiplomatico"], "documents": [1]})
    lone = overview.bar_figure(one, label="value", value="documents", what="outlet", xlabel="articles", title="t")
    assert _texts(lone.axes[0]) == ["Every article has the same outlet: L'AntiDiplomatico (1 article)."]
    many = pd.DataFrame({"value": [f"author {i}" for i in range(25)], "documents": range(25)})
    ax = overview.bar_figure(many, label="value", value="documents", title="Articles per author").axes[0]
    assert ax.get_title(loc="left") == "Articles per author (top 20 of 25)" and len(ax.patches) == 20


def _timeline(periods, groups=None):
    periods = pd.to_datetime(periods).tz_localize(ROME)
    frame = pd.DataFrame({"period": periods, "articles": np.arange(1, len(periods) + 1), "words": 100})
    if groups is not None:
        frame.insert(1, "outlet", groups)
    return frame


def test_a_one_day_timeline_has_one_tick_with_its_year():
    ax = overview.timeline_figure(_timeline(["2022-01-05"]), freq="day").axes[0]
    assert _ticks(ax) == ["5 Jan 2022"]
    assert _ticks(ax, "y") == ["0", "1"]


def test_a_timeline_by_a_single_group_says_so_instead_of_repeating_the_plain_one():
    ax = overview.timeline_figure(_timeline(["2022-01-05"], ["X"]), freq="day", by="outlet").axes[0]
    assert _texts(ax) == ["All dated articles have one outlet, X: the chart without groups shows them."]


def test_a_timeline_by_many_groups_keeps_the_largest_and_sums_the_rest():
    periods = ["2022-01-01"] * 10 + ["2022-02-01"] * 10
    table = _timeline(periods, [f"outlet {i}" for i in range(10)] * 2)
    ax = overview.timeline_figure(table, freq="month", by="outlet").axes[0]
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert len(labels) == overview.MAX_LINES and labels[-1] == "other 3"


# --------------------------------------------------------------------------
# terms


def _keyness(n_over, n_under):
    rows = [(f"over{i}", 100.0 - i, 2.0 + i / 10, 1) for i in range(n_over)]
    rows += [(f"under{i}", 50.0 - i, -1.0 - i / 10, -1) for i in range(n_under)]
    return pd.DataFrame(rows, columns=["term", "g2", "log_ratio", "sign"])


def test_keyness_shows_each_side_with_a_legend_and_g2_clear_of_the_labels():
    figure = terms.keyness_figure(_keyness(30, 30), top=20, reference="general Italian")
    ax = figure.axes[0]
    assert len(ax.patches) == 20
    assert [text.get_text() for text in figure.legends[0].get_texts()] == [
        "more frequent than in general Italian", "less frequent than in general Italian",
    ]  # fmt: skip
    annotations = [text for text in ax.texts]
    assert annotations[-1].get_text() == "G2" and len(annotations) == 21
    figure.draw_without_rendering()
    assert axes.boxes_overlap(annotations + ax.get_yticklabels(), figure) == []
    over = terms.keyness_figure(_keyness(30, 30), top=10, side="over").axes[0]
    assert [label.get_text() for label in over.get_yticklabels()][-1] == "over9"  # largest log ratio on top
    assert all(patch.get_width() > 0 for patch in over.patches)


def test_dispersion_names_every_row_and_keeps_the_busiest_articles():
    rows = []
    for doc in range(78):
        for hit in range(1 + doc % 4):
            rows.append((f"d{doc:02d}", pd.Timestamp("2020-01-01", tz=ROME) + pd.Timedelta(days=doc), hit / 5, hit))
    table = pd.DataFrame(rows, columns=["doc_id", "published", "position", "start"])
    titles = pd.Series({f"d{doc:02d}": f"Title {doc}" for doc in range(78)})
    ax = terms.dispersion_figure(table, titles=titles, title="Where").axes[0]
    labels = [label.get_text() for label in ax.get_yticklabels()]
    assert len(labels) == 30 and all(" · Title " in label for label in labels)
    assert ax.get_title(loc="left") == "Where (30 of 78 articles, those with most occurrences)"


def test_terms_of_a_single_group_are_a_sentence():
    freqs = pd.DataFrame({"outlet": ["X", "X"], "term": ["a", "b"], "count": [2, 1], "per_10k": [2.0, 1.0]})
    figure = terms.top_terms_figure(freqs, value="per_10k")
    assert _texts(figure.axes[0]) == ["All articles have one outlet, X: the chart of the whole corpus shows its terms."]


def test_terms_by_group_share_one_scale():
    freqs = pd.DataFrame(
        {"outlet": ["X", "X", "Y"], "term": ["a", "b", "a"], "count": [20, 1, 2], "per_10k": [20.0, 1.0, 2.0]}
    )
    left, right = terms.top_terms_figure(freqs, value="per_10k").axes
    assert left.get_xlim() == right.get_xlim()


# --------------------------------------------------------------------------
# actors


def _graph(n):
    graph = nx.Graph()
    for i in range(n):
        graph.add_node(f"PER:{i}", name=f"Persona Numero {i}", type=("PER", "ORG", "LOC")[i % 3], mentions=100 - i)
    for i in range(n):
        for j in range(i + 1, min(n, i + 4)):
            graph.add_edge(f"PER:{i}", f"PER:{j}", weight=1 + (i * j) % 5)
    return graph


def test_the_network_names_every_actor_and_no_label_collides():
    figure = actors.actor_network(_graph(40), n=25)
    ax = figure.axes[0]
    labels = [text for text in ax.texts if text.get_text()]
    assert len(labels) == 25
    assert axes.boxes_overlap(labels, figure) == []


def test_top_actors_says_when_a_type_is_missing():
    table = pd.DataFrame({"actor_id": ["PER:mario rossi"], "name": ["Mario Rossi"], "type": ["PER"], "mentions": [3], "generic": [False]})
    figure = actors.top_actors(table, n=5)
    assert [_texts(ax) for ax in figure.axes] == [[], ["no organisations found"], ["no places found"]]
    assert _ticks(figure.axes[0]) == ["0", "1", "2", "3"]


def test_quotes_by_speaker_without_attribution_is_a_sentence():
    quotes = pd.DataFrame({"speaker": pd.Series([None, None], dtype="string")})
    figure = actors.quotes_by_speaker(quotes, pd.DataFrame({"actor_id": [], "name": []}))
    assert _texts(figure.axes[0]) == ["No direct quote is attributed to a named speaker."]
    assert figure.axes[0].get_title(loc="left") == "Direct quotes by speaker (2 not attributed to anyone)"


# --------------------------------------------------------------------------
# timelines


def _actor_trends():
    periods = pd.to_datetime(["2020-01-01", "2021-01-01"]).tz_localize(ROME)
    return pd.DataFrame(
        {
            "period": list(periods) * 2, "actor_id": ["PER:a", "PER:a", "LOC:b", "LOC:b"],
            "name": ["A", "A", "B", "B"], "count": [10, 10, 5, 1], "documents": [5, 5, 2, 1],
            "words": 1000, "articles": [10, 100, 10, 100], "rate": 1.0,
        }
    )  # fmt: skip


def test_the_heat_map_shows_shares_of_each_periods_articles():
    ax = timelines.actors_heatmap_figure(_actor_trends()).axes[0]
    assert ax.images[0].get_array().tolist() == [[0.5, 0.05], [0.2, 0.01]]
    assert _texts(ax) == ["50%", "5%", "20%", "1%"]
    assert [label.get_text() for label in ax.get_xticklabels()] == ["2020", "2021"]


def test_small_multiples_share_one_scale():
    table = _actor_trends().rename(columns={"name": "term"}).drop(columns="actor_id")
    table["rate"] = [1.0, 2.0, 10.0, 20.0]
    figure = timelines.small_multiples_figure(table, columns=2)
    first, second = figure.axes[:2]
    assert first.get_ylim() == second.get_ylim() and first.get_ylim()[1] >= 20


def test_event_timeline_legend_stays_off_the_points_and_far_dates_off_the_axis():
    published = pd.Timestamp("2022-01-05 10:00", tz=ROME)
    events = pd.DataFrame(
        {
            "published": [published] * 3,
            "referred": pd.to_datetime(["2022-01-04", "2021-12-01", "1492-10-12"]).tz_localize(ROME),
            "granularity": ["day", "month", "day"], "lag_days": [-1, -35, -193_000],
        }
    )  # fmt: skip
    figure = timelines.event_timeline_figure(events)
    scatter = figure.axes[0]
    figure.draw_without_rendering()
    draw = axes.renderer(figure)
    assert not figure.legends[0].get_window_extent(draw).overlaps(scatter.get_window_extent(draw))
    assert scatter.get_title(loc="left") == "1 of 3 mentions refer to dates outside this window"
    assert scatter.get_ylim()[0] > mdates.date2num(dt.datetime(2000, 1, 1))
    assert all(label.endswith(("2021", "2022")) for label in _ticks(scatter, "y"))


def test_an_empty_trend_says_why_it_is_empty_without_blaming_the_dates():
    empty = pd.DataFrame(columns=["period", "term", "count", "documents", "words", "articles", "rate", "smoothed"])
    assert _texts(timelines.trend_figure(empty).axes[0]) == [timelines.NOTHING_TO_FOLLOW]
    assert _texts(timelines.small_multiples_figure(empty).axes[0]) == [timelines.NOTHING_TO_FOLLOW]


def test_periods_with_too_few_articles_are_left_empty_and_named():
    periods = pd.to_datetime(["2013-01-01", "2014-01-01", "2015-01-01"]).tz_localize(ROME)
    table = pd.DataFrame(
        {"period": periods, "term": "x", "count": [1, 40, 50], "documents": [1, 30, 40], "words": [300, 9000, 9000],
         "articles": [1, 100, 100], "rate": [3.3, 4.4, 5.6], "smoothed": [0.5, 0.35, 0.4]}
    )  # fmt: skip
    ax = timelines.trend_figure(table, value="smoothed", share=True).axes[0]
    assert np.isnan(ax.lines[0].get_ydata()[0]) and list(ax.lines[0].get_ydata()[1:]) == [0.35, 0.4]
    assert ax.get_xlabel() == "left empty, fewer than 5 articles: 2013"
    assert _ticks(ax, "y")[:3] == ["0%", "5%", "10%"]
    heat = timelines.actors_heatmap_figure(table.assign(actor_id="PER:x", name="X")).axes[0]
    assert np.ma.is_masked(heat.images[0].get_array()[0][0]) and _texts(heat) == ["30%", "40%"]


def test_percent_ticks_show_the_decimals_they_need():
    assert axes.PercentTicks().format_ticks([0, 0.025, 0.05]) == ["0.0%", "2.5%", "5.0%"]
    assert axes.PercentTicks().format_ticks([0, 0.1, 0.2]) == ["0%", "10%", "20%"]


def _key_terms(periods: int, top: int) -> pd.DataFrame:
    starts = pd.date_range("2015-01-01", periods=periods, freq="MS").tz_localize(ROME)
    return pd.DataFrame(
        {
            "period": np.repeat(starts, top),
            "term": [f"presidente della Repubblica {p}-{r}" for p in range(periods) for r in range(top)],
            "count": 10, "docs": 5, "g2": np.tile(np.linspace(40, 5, top), periods), "log_ratio": 2.0,
            "rank": np.tile(np.arange(1, top + 1), periods),
        }
    )  # fmt: skip


def test_key_terms_by_period_stay_readable_from_one_period_to_ten_years():
    long = timelines.key_terms_figure(_key_terms(120, 10), title="Key lemmas")
    ax = long.axes[0]
    assert ax.get_title(loc="left") == "Key lemmas (the last 24 of 120 periods with key terms)"
    rows = [label.get_text() for label in ax.get_yticklabels()]
    assert (len(rows), rows[0], rows[-1]) == (24, "Jan 2023", "Dec 2024")
    assert len(ax.texts) == 240 and all(len(text.get_text()) <= 18 for text in ax.texts)
    long.draw_without_rendering()
    assert axes.boxes_overlap(ax.texts + ax.get_yticklabels(), long) == []
    short = timelines.key_terms_figure(_key_terms(3, 4), top=2).axes[0]
    assert [label.get_text() for label in short.get_xticklabels()] == ["1", "2"] and len(short.texts) == 6
    lone = timelines.key_terms_figure(_key_terms(0, 5))
    assert "at least two periods" in _texts(lone.axes[0])[0]
