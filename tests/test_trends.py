import datetime as dt
import math
import time

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus import schema, temporal, timeline, trends
from corpus.plots import timelines as plots_time
from corpus.schema import TIMESTAMP

ROME = "Europe/Rome"


def _rome(stamp: str) -> pd.Timestamp:
    # A wall-clock time inside the spring-forward gap is moved past it, as the loader does.
    return pd.Timestamp(stamp).tz_localize(ROME, ambiguous=True, nonexistent="shift_forward")


def _documents(published: dict[str, str | None], words: dict[str, int] | None = None) -> pd.DataFrame:
    ids = list(published)
    return pd.DataFrame(
        {
            "doc_id": pd.array(ids, dtype="string"),
            "published": pd.Series([_rome(p) if p else pd.NaT for p in published.values()], dtype=TIMESTAMP),
            "n_words": [(words or {}).get(i, 100) for i in ids],
        }
    )


def _tokens(lemmas: dict[str, list[str]], stop=("il",)) -> pd.DataFrame:
    rows = [(doc, i, lemma) for doc, words in lemmas.items() for i, lemma in enumerate(words)]
    frame = pd.DataFrame(rows, columns=["doc_id", "token", "lemma"])
    return frame.assign(
        doc_id=frame["doc_id"].astype("string"),
        sentence=0,
        lower=frame["lemma"].astype("category"),
        text=frame["lemma"].astype("category"),
        lemma=frame["lemma"].astype("category"),
        is_stop=frame["lemma"].isin(stop),
        is_punct=frame["lemma"].isin([",", "."]),
        is_number=False,
    )


# Three articles over three months, February empty.
DOCS = _documents(
    {"a": "2022-01-10 09:00", "b": "2022-03-05 12:00", "c": "2022-03-20 18:00"}, {"a": 100, "b": 200, "c": 300}
)
TOKENS = _tokens({"a": ["guerra", "pace", "guerra", ","], "b": ["pace"], "c": ["guerra", "il"]})
MONTHS = [_rome("2022-01-01"), _rome("2022-02-01"), _rome("2022-03-01")]


def test_term_trends_rates_per_thousand_words_over_a_zero_filled_calendar():
    table = trends.term_trends(TOKENS, documents=DOCS, terms=["guerra", "pace"], freq="month")
    assert list(table.columns) == ["period", "term", "count", "documents", "words", "articles", "rate"]
    assert table["period"].tolist() == MONTHS * 2
    assert table["term"].tolist() == ["guerra"] * 3 + ["pace"] * 3
    assert table["count"].tolist() == [2, 0, 1, 1, 0, 1]
    assert table["documents"].tolist() == [1, 0, 1, 1, 0, 1]
    assert table["words"].tolist() == [100, 0, 500] * 2
    assert table["articles"].tolist() == [1, 0, 2] * 2
    # February has no article: nothing can be said, so NaN rather than 0.
    np.testing.assert_allclose(table["rate"], [20.0, np.nan, 2.0, 10.0, np.nan, 2.0])
    assert str(table["term"].dtype) == "string" and table["period"].dtype == TIMESTAMP


def test_term_trends_share_of_articles_and_pooled_rolling_mean():
    shares = trends.term_trends(TOKENS, documents=DOCS, terms=["guerra"], per="articles")
    np.testing.assert_allclose(shares["rate"], [1.0, np.nan, 0.5])
    smooth = trends.term_trends(TOKENS, documents=DOCS, terms=["guerra"], rolling=3)
    # Windows [Jan, Feb], [Jan, Feb, Mar], [Feb, Mar]: 2/100, 3/600, 1/500 per word.
    np.testing.assert_allclose(smooth["smoothed"], [20.0, 5.0, 2.0])
    smooth_shares = trends.term_trends(TOKENS, documents=DOCS, terms=["guerra"], per="articles", rolling=3)
    np.testing.assert_allclose(smooth_shares["smoothed"], [1.0, 2 / 3, 0.5])
    with pytest.raises(ValueError, match="odd"):
        trends.term_trends(TOKENS, documents=DOCS, terms=["guerra"], rolling=2)
    with pytest.raises(ValueError, match="per"):
        trends.term_trends(TOKENS, documents=DOCS, terms=["guerra"], per="sentences")


def test_term_trends_top_terms_weekly_and_absent_terms():
    top = trends.term_trends(TOKENS, documents=DOCS, top=2, freq="year")
    assert top[["term", "count"]].values.tolist() == [["guerra", 3], ["pace", 2]]
    weekly = trends.term_trends(TOKENS, documents=DOCS, terms=["nessuno"], freq="week")
    assert len(weekly) == 10  # the Mondays from 10 January to 14 March
    assert weekly["period"].iloc[[0, -1]].tolist() == [_rome("2022-01-10"), _rome("2022-03-14")]
    assert weekly["count"].sum() == 0 and weekly["rate"].fillna(0).eq(0).all()


def test_undated_documents_take_no_part():
    docs = _documents({"a": "2022-01-10", "x": None})
    table = trends.term_trends(_tokens({"a": ["pace"], "x": ["pace", "pace"]}), documents=docs, terms=["pace"])
    assert table[["count", "words"]].values.tolist() == [[1, 100]]


def _mentions(rows):
    frame = pd.DataFrame(rows, columns=["doc_id", "actor_id", "text"])
    return frame.assign(sentence=0, start=0, end=1, type=frame["actor_id"].str.split(":").str[0])


MENTIONS = _mentions(
    [("a", "PER:mario rossi", "Mario Rossi"), ("a", "PER:mario rossi", "Rossi"), ("b", "LOC:roma", "Roma"),
     ("c", "PER:mario rossi", "Mario Rossi")]
)  # fmt: skip


def test_actor_trends_top_actor_with_its_canonical_name():
    table = trends.actor_trends(MENTIONS, documents=DOCS, top=1)
    assert list(table.columns) == ["period", "actor_id", "name", "count", "documents", "words", "articles", "rate"]
    assert table[["name", "count", "documents"]].values.tolist() == [
        ["Mario Rossi", 2, 1], ["Mario Rossi", 0, 0], ["Mario Rossi", 1, 1]
    ]
    np.testing.assert_allclose(table["rate"], [20.0, np.nan, 2.0])


def test_actor_trends_chosen_actors_even_when_absent():
    table = trends.actor_trends(MENTIONS, documents=DOCS, actors=["LOC:roma", "ORG:assente"], per="articles")
    expected = [["Roma", 0], ["Roma", 0], ["Roma", 1]] + [["ORG:assente", 0]] * 3
    assert table[["name", "count"]].values.tolist() == expected
    np.testing.assert_allclose(table["rate"], [0.0, np.nan, 0.5, 0.0, np.nan, 0.0])


def _trend_table(counts: dict[str, dict[str, int]], words: dict[str, int]) -> pd.DataFrame:
    rows = [
        {"period": _rome(f"{year}-01-01"), "term": term, "count": n, "documents": n // 2, "words": words[year],
         "articles": 1, "rate": n / words[year] * 1000}
        for term, by_year in counts.items() for year, n in by_year.items()
    ]  # fmt: skip
    return pd.DataFrame(rows)


RISING = _trend_table(
    {"x": {"2021": 10, "2022": 40}, "y": {"2021": 20, "2022": 5}, "z": {"2021": 0, "2022": 6},
     "rare": {"2021": 1, "2022": 1}},
    {"2021": 1000, "2022": 1000},
)


def test_rising_terms_log_ratio_and_g2():
    table = trends.rising_terms(RISING, before=("2021", "2021"), after=("2022", "2022"), min_count=5)
    assert table["term"].tolist() == ["z", "x", "y"]
    assert table["before_count"].tolist() == [0, 10, 20] and table["after_count"].tolist() == [6, 40, 5]
    np.testing.assert_allclose(table["before_rate"], [0.0, 10.0, 20.0])
    # log2((a/c)/(b/d)) with 0 -> 0.5; G2 = 2 * sum(O ln(O/E)).
    np.testing.assert_allclose(table["log_ratio"], [math.log2(12), 2.0, -2.0])
    expected_g2 = [12 * math.log(2), 2 * (40 * math.log(40 / 25) + 10 * math.log(10 / 25)),
                   2 * (5 * math.log(5 / 12.5) + 20 * math.log(20 / 12.5))]  # fmt: skip
    np.testing.assert_allclose(table["g2"], expected_g2)
    np.testing.assert_allclose(table["p_value"], [math.erfc(math.sqrt(g / 2)) for g in expected_g2])
    assert table["before_documents"].tolist() == [0, 5, 10] and table["after_documents"].tolist() == [3, 20, 2]
    spans = {"before": ("2021", "2021"), "after": ("2022", "2022")}
    assert trends.rising_terms(RISING, **spans, min_count=7)["term"].tolist() == ["x", "y"]
    # z is in only 3 articles: frequent enough, but not spread enough to be a trend.
    assert trends.rising_terms(RISING, **spans, min_documents=4)["term"].tolist() == ["x", "y"]


def test_rising_terms_default_halves_leave_out_the_middle_period():
    three = _trend_table(
        {"x": {"2021": 10, "2022": 999, "2023": 40}, "y": {"2021": 20, "2022": 999, "2023": 5},
         "z": {"2021": 0, "2022": 999, "2023": 6}},
        {"2021": 1000, "2022": 5000, "2023": 1000},
    )  # fmt: skip
    halves = trends.rising_terms(three, min_count=5)
    expected = [["z", 0, 6], ["x", 10, 40], ["y", 20, 5]]
    assert halves[["term", "before_count", "after_count"]].values.tolist() == expected
    assert trends.rising_terms(RISING[RISING["period"] == _rome("2021-01-01")]).empty


def test_rising_terms_on_actor_trends_and_bad_spans():
    table = trends.actor_trends(MENTIONS, documents=DOCS, actors=["PER:mario rossi", "LOC:roma"])
    spans = {"before": ("2022-01", "2022-01"), "after": ("2022-03", "2022-03")}
    change = trends.rising_terms(table, **spans, min_count=1, min_documents=1)
    assert change[["actor_id", "name", "before_count", "after_count"]].values.tolist() == [
        ["LOC:roma", "Roma", 0, 1], ["PER:mario rossi", "Mario Rossi", 2, 1]
    ]
    with pytest.raises(ValueError, match="no words"):
        trends.rising_terms(table, before=("2022-02", "2022-02"), after=("2022-03", "2022-03"))


def _dates(rows) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["doc_id", "start", "text", "value", "granularity", "kind"])
    return frame.assign(
        doc_id=frame["doc_id"].astype("string"), end=frame["start"] + 1, value=frame["value"].astype("string"),
        granularity=frame["granularity"].astype(schema.GRANULARITIES), kind=frame["kind"].astype(schema.DATE_KINDS),
    )


EVENT_DOCS = _documents({"a": "2022-01-05 21:16", "u": None})
DATES = _dates(
    [("a", 0, "ieri", "2022-01-04", "day", "relative"), ("a", 10, "2013-2015", "2013/2015", "year", "absolute"),
     ("a", 20, "settimana scorsa", "2021-W52", "week", "relative"),
     ("a", 30, "23:30", "2022-01-05T23:30", "time", "absolute"),
     ("a", 40, "1492", "1492", "year", "absolute"), ("a", 50, "30 febbraio", None, "day", "absolute"),
     ("a", 60, "marzo", "2022-03", "month", "absolute"),
     ("u", 0, "5 maggio 2020", "2020-05-05", "day", "absolute")]
)  # fmt: skip


def test_event_timeline_referred_start_and_lag_in_calendar_days():
    events = trends.event_timeline(DATES, documents=EVENT_DOCS)
    assert list(events.columns) == [
        "doc_id", "start", "published", "date_text", "value", "referred", "lag_days", "granularity", "kind"
    ]
    assert events["start"].tolist() == [0, 10, 20, 30, 40, 60, 0]
    assert events["referred"].tolist() == [
        _rome("2022-01-04"), _rome("2013-01-01"), _rome("2021-12-27"), _rome("2022-01-05 23:30"), pd.NaT,
        _rome("2022-03-01"), _rome("2020-05-05"),
    ]
    before_columbus = (dt.date(1492, 1, 1) - dt.date(2022, 1, 5)).days
    assert events["lag_days"].tolist() == [-1, -3291, -9, 0, before_columbus, 55, pd.NA]
    assert events["published"].iloc[-1] is pd.NaT and events["lag_days"].dtype == "Int64"
    assert events["granularity"].dtype == schema.GRANULARITIES and events["kind"].dtype == schema.DATE_KINDS
    days = trends.event_timeline(DATES, documents=EVENT_DOCS, granularity=("day",))
    assert days["date_text"].tolist() == ["ieri", "5 maggio 2020"]
    with pytest.raises(ValueError, match="granularity"):
        trends.event_timeline(DATES, documents=EVENT_DOCS, granularity=("decade",))


def test_event_timeline_uses_the_rome_calendar_day():
    # 00:30 in Rome on 6 January is still 5 January in UTC; "oggi" is the 6th and lag 0.
    published = pd.Series([pd.Timestamp("2022-01-05 23:30", tz="UTC")])
    documents = pd.DataFrame({"doc_id": ["a"], "published": published, "n_words": [1]})
    today = _dates([("a", 0, "oggi", "2022-01-06", "day", "relative")])
    events = trends.event_timeline(today, documents=documents)
    assert events["lag_days"].tolist() == [0] and events["published"].iloc[0] == _rome("2022-01-06 00:30")


TEXT = "Oggi il vertice. Ieri sera la firma, tre giorni fa l'annuncio. Domani il voto. Il 5 gennaio 2022 la crisi."


@settings(max_examples=40, deadline=None)
@given(published=st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2060, 12, 31)))
def test_relative_lags_never_depend_on_the_publication_date(published):
    documents = _documents({"a": published.strftime("%Y-%m-%d %H:%M")})
    documents["text"] = TEXT
    events = trends.event_timeline(temporal.date_mentions(documents), documents=documents)
    relative = events[events["kind"] == "relative"]
    assert relative["lag_days"].tolist() == [0, -1, -3, 1]
    # The absolute date moves the other way when publication moves.
    anchor = documents["published"].iloc[0].date()
    assert events[events["kind"] == "absolute"]["lag_days"].tolist() == [(dt.date(2022, 1, 5) - anchor).days]


@pytest.mark.parametrize("zone", ["UTC", "America/Los_Angeles", "Asia/Tokyo", "Pacific/Kiritimati"])
def test_event_timeline_is_the_same_whatever_the_machine_time_zone(zone, monkeypatch):
    documents = _documents({"a": "2022-03-27 01:30"})  # the night Rome moves to summer time
    documents["text"] = TEXT
    baseline = trends.event_timeline(temporal.date_mentions(documents), documents=documents)
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        moved = trends.event_timeline(temporal.date_mentions(documents), documents=documents)
    finally:
        monkeypatch.undo()
        time.tzset()
    pd.testing.assert_frame_equal(baseline, moved)
    assert baseline["lag_days"].tolist() == [0, -1, -3, 1, -81]


def test_suggest_freq_from_the_span():
    assert timeline.suggest_freq(_documents({"a": "2022-01-01", "b": "2022-03-02"})) == "day"
    assert timeline.suggest_freq(_documents({"a": "2022-01-01", "b": "2022-03-03"})) == "week"
    assert timeline.suggest_freq(_documents({"a": "2020-01-01", "b": "2021-12-31"})) == "week"
    assert timeline.suggest_freq(_documents({"a": "2020-01-01", "b": "2022-01-02"})) == "month"
    assert timeline.suggest_freq(_documents({"a": None})) == "day"


def test_suggest_freq_with_a_cap_on_periods():
    two_years = _documents({"a": "2020-01-01", "b": "2022-01-02"})  # 25 months, 3 years
    assert timeline.suggest_freq(two_years, max_periods=30) == "month"
    assert timeline.suggest_freq(two_years, max_periods=24) == "year"
    assert timeline.suggest_freq(two_years, max_periods=2) == "year"
    assert timeline.suggest_freq(_documents({"a": "2022-01-01", "b": "2022-01-10"}), max_periods=10) == "day"
    assert timeline.suggest_freq(_documents({"a": "2022-01-03", "b": "2022-01-30"}), max_periods=10) == "week"


# --------------------------------------------------------------------------
# the seed: one article, published 2022-01-05 21:16, no dates in its body


def test_seed_trends_have_one_period(seed_corpus):
    assert timeline.suggest_freq(seed_corpus) == "day"
    table = trends.term_trends(seed_corpus, terms=["Kazakistan", "CSTO"], freq="day")
    assert table[["period", "term", "count", "words", "articles"]].values.tolist() == [
        [_rome("2022-01-05"), "Kazakistan", 7, 251, 1], [_rome("2022-01-05"), "CSTO", 6, 251, 1]
    ]
    assert table["rate"].tolist() == pytest.approx([7 / 251 * 1000, 6 / 251 * 1000])
    assert trends.rising_terms(table).empty


def test_seed_event_timeline_is_empty(seed_corpus):
    events = trends.event_timeline(seed_corpus)
    assert events.empty and list(events.columns) == list(schema.EVENTS)
    assert events["published"].dtype == TIMESTAMP


def test_seed_figures_say_in_a_sentence_that_one_period_has_no_trend(seed_corpus):
    one_period = (
        "All articles fall in one period (1 Jan 2022): no change over time to show.\n"
        "The notebook's table gives that period's numbers."
    )
    table = trends.term_trends(seed_corpus, top=4, freq="month")
    actors = trends.actor_trends(seed_corpus, top=15, freq="month")
    for figure in (
        plots_time.trend_figure(table, title="terms"),
        plots_time.small_multiples_figure(table, columns=3),
        plots_time.actors_heatmap_figure(actors),
    ):
        assert [text.get_text() for text in figure.axes[0].texts] == [one_period]
        assert not figure.axes[0].patches and not figure.axes[0].lines and not figure.axes[0].images
    events = plots_time.event_timeline_figure(trends.event_timeline(seed_corpus))
    assert [text.get_text() for text in events.axes[0].texts] == [
        "No article body mentions a date that can be placed on a calendar."
    ]


def test_event_figure_with_one_mention_has_room_around_it():
    events = trends.event_timeline(DATES[DATES["start"] == 0].head(1), documents=EVENT_DOCS)
    figure = plots_time.event_timeline_figure(events)
    scatter, bands = figure.axes[:2]
    low, high = scatter.get_xlim()
    assert high - low >= 60  # days, in matplotlib's date units
    assert [patch.get_width() for patch in bands.patches][::-1][3] == 1  # "1-7 days before"


def test_empty_trend_tables_render_a_message():
    empty = trends.term_trends(TOKENS.iloc[:0], documents=DOCS.iloc[:0], terms=["x"])
    for draw in (plots_time.trend_figure, plots_time.small_multiples_figure, plots_time.actors_heatmap_figure):
        assert draw(empty).axes[0].texts


# --------------------------------------------------------------------------
# key terms per period


def _g2_by_hand(a, b, c, d):
    expected_a, expected_b = c * (a + b) / (c + d), d * (a + b) / (c + d)
    return 2 * sum(o * math.log(o / e) for o, e in ((a, expected_a), (b, expected_b)) if o > 0)


def _tagged(lemmas: dict[str, list[str]], upos: dict[str, str]) -> pd.DataFrame:
    tokens = _tokens(lemmas)
    return tokens.assign(upos=pd.Categorical(tokens["lemma"].astype(str).map(upos)))


KEY_DOCS = _documents(
    {"a1": "2022-01-03 10:00", "a2": "2022-01-10 10:00", "a3": "2022-01-20 10:00",
     "b1": "2022-02-03 10:00", "b2": "2022-02-10 10:00", "b3": "2022-02-20 10:00", "u": None}
)  # fmt: skip
KEY_TOKENS = _tagged(
    {
        # January, 7 words: guerra 4 times in 3 articles, sole once in one article.
        "a1": ["guerra", "pace", "guerra", ","], "a2": ["guerra", "neve"], "a3": ["guerra", "sole"],
        # February, 7 words: pace 3 times in 3 articles; "essere" (AUX) and "il" (stop) are words, not terms.
        "b1": ["pace", "neve"], "b2": ["pace", "essere"], "b3": ["pace", "guerra", "il"],
        # Undated: no period, not in the rest either.
        "u": ["guerra", "guerra", "guerra"],
    },
    {"guerra": "NOUN", "pace": "NOUN", "neve": "NOUN", "sole": "NOUN", "essere": "AUX", "il": "DET", ",": "PUNCT"},
)


def test_key_terms_by_period_g2_against_the_rest_with_a_minimum_of_documents():
    table = trends.key_terms_by_period(KEY_TOKENS, KEY_DOCS, per="month", min_docs=3)
    assert list(table.columns) == list(schema.KEY_TERMS)
    assert table["period"].tolist() == [_rome("2022-01-01"), _rome("2022-02-01")]
    assert table[["term", "count", "docs", "rank"]].to_dict("list") == {
        "term": ["guerra", "pace"], "count": [4, 3], "docs": [3, 3], "rank": [1, 1],
    }
    assert table["g2"].tolist() == pytest.approx([_g2_by_hand(4, 1, 7, 7), _g2_by_hand(3, 1, 7, 7)])
    assert table["log_ratio"].tolist() == pytest.approx([math.log2(4 / 1), math.log2(3 / 1)])
    # With one article enough, January's "sole" (absent from February: 0.5 for the log ratio) ranks second.
    loose = trends.key_terms_by_period(KEY_TOKENS, KEY_DOCS, per="month", min_docs=1, top=5)
    january = loose[loose["period"] == _rome("2022-01-01")]
    assert january[["term", "rank"]].to_dict("list") == {"term": ["guerra", "sole"], "rank": [1, 2]}
    assert january["g2"].iloc[1] == pytest.approx(_g2_by_hand(1, 0, 7, 7))
    assert january["log_ratio"].iloc[1] == pytest.approx(math.log2((1 / 7) / (0.5 / 7)))
    assert trends.key_terms_by_period(KEY_TOKENS, KEY_DOCS, per="month", min_docs=1, top=1)["term"].tolist() == [
        "guerra", "pace",
    ]


def test_key_terms_by_week_start_on_monday():
    weekly = trends.key_terms_by_period(KEY_TOKENS, KEY_DOCS, per="week", min_docs=1, top=1)
    # 3 Jan 2022 is a Monday; 20 Jan 2022 a Thursday of the week from 17 Jan.
    assert weekly["period"].iloc[0] == _rome("2022-01-03")
    assert set(weekly["period"]) <= set(pd.date_range("2022-01-03", "2022-02-28", freq="W-MON", tz=ROME))


def test_key_terms_by_period_need_two_periods_and_a_known_period():
    assert trends.key_terms_by_period(KEY_TOKENS, KEY_DOCS, per="year").empty
    assert list(trends.key_terms_by_period(KEY_TOKENS, KEY_DOCS, per="year").columns) == list(schema.KEY_TERMS)
    with pytest.raises(ValueError, match="per must be one of"):
        trends.key_terms_by_period(KEY_TOKENS, KEY_DOCS, per="decade")


def test_key_terms_figure_is_one_row_per_period_with_the_terms_in_rank_order():
    table = trends.key_terms_by_period(KEY_TOKENS, KEY_DOCS, per="month", min_docs=1, top=5)
    figure = plots_time.key_terms_figure(table, title="Key lemmas by month")
    ax = figure.axes[0]
    assert [label.get_text() for label in ax.get_yticklabels()] == ["Jan 2022", "Feb 2022"]
    assert [text.get_text() for text in ax.texts] == ["guerra", "sole", "pace"]
    empty = plots_time.key_terms_figure(trends.key_terms_by_period(KEY_TOKENS, KEY_DOCS, per="year"))
    assert "at least two periods" in empty.axes[0].texts[0].get_text()
