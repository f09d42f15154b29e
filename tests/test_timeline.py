import pandas as pd
import pytest

import corpus
from corpus import plots


def _documents(stamps, outlets=None, words=None):
    published = pd.to_datetime(pd.Series(stamps)).dt.tz_localize("Europe/Rome")
    return pd.DataFrame(
        {"published": published, "outlet": outlets or ["A"] * len(stamps), "n_words": words or [10] * len(stamps)}
    )


def test_daily_timeline_fills_gaps():
    timeline = corpus.publication_timeline(_documents(["2022-01-01 10:00", "2022-01-03 23:59", "2022-01-03 08:00"]))
    assert timeline["articles"].tolist() == [1, 0, 2]
    assert timeline["words"].tolist() == [10, 0, 20]
    assert timeline["period"].iloc[1] == pd.Timestamp("2022-01-02", tz="Europe/Rome")


def test_weekly_and_monthly_periods():
    docs = _documents(["2022-01-05 21:16", "2022-01-10 09:00", "2022-03-01 00:30"])
    weekly = corpus.publication_timeline(docs, freq="week")
    assert weekly["period"].iloc[0] == pd.Timestamp("2022-01-03", tz="Europe/Rome")
    assert weekly["articles"].tolist()[:2] == [1, 1] and weekly["articles"].sum() == 3
    monthly = corpus.publication_timeline(docs, freq="month")
    assert monthly["articles"].tolist() == [2, 0, 1]


def test_grouped_timeline_every_group_every_period():
    docs = _documents(["2022-01-01", "2022-01-02"], outlets=["A", "B"])
    timeline = corpus.publication_timeline(docs, by="outlet")
    assert timeline[["outlet", "articles"]].values.tolist() == [["A", 1], ["B", 0], ["A", 0], ["B", 1]]


def test_undated_documents_left_out_and_bad_freq():
    docs = pd.concat([_documents(["2022-01-01"]), pd.DataFrame({"published": [pd.NaT], "outlet": ["A"], "n_words": [3]})])
    docs["published"] = docs["published"].astype("datetime64[ns, Europe/Rome]")
    assert corpus.publication_timeline(docs)["articles"].tolist() == [1]
    with pytest.raises(ValueError, match="freq"):
        corpus.publication_timeline(docs, freq="fortnight")


def test_one_article_timeline_renders(seed_corpus):
    timeline = corpus.publication_timeline(seed_corpus, freq="month")
    assert timeline["articles"].tolist() == [1]
    figure = plots.overview.timeline_figure(timeline, freq="month")
    ax = figure.axes[0]
    assert ax.get_ylim()[1] >= 1 and len(ax.patches) == 1
