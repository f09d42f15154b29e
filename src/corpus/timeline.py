"""Counts over time: when articles appeared. Pure functions returning long frames."""

from __future__ import annotations

import pandas as pd

from corpus.schema import STRING, TIMESTAMP, conform
from corpus.tally import Partial, tally

# The periods a timeline counts by.
FREQS = ("day", "week", "month", "year")


def _period_start(published: pd.Series, freq: str) -> pd.Series:
    """The local (Europe/Rome) midnight that opens each timestamp's day, week, month or year."""
    day = published.dt.tz_localize(None).dt.normalize()
    if freq == "day":
        start = day
    elif freq == "week":
        start = day - pd.to_timedelta(day.dt.day_of_week, unit="D")
    elif freq == "month":
        start = day.dt.to_period("M").dt.start_time
    elif freq == "year":
        start = day.dt.to_period("Y").dt.start_time
    else:
        raise ValueError(f"freq must be one of {list(FREQS)}, not {freq!r}")
    return start.dt.tz_localize(published.dt.tz, ambiguous="NaT", nonexistent="shift_forward")


def _calendar(first: pd.Timestamp, last: pd.Timestamp, freq: str) -> pd.DatetimeIndex:
    alias = {"day": "D", "week": "7D", "month": "MS", "year": "YS"}[freq]
    naive = pd.date_range(first.tz_localize(None), last.tz_localize(None), freq=alias)
    return naive.tz_localize(first.tz, ambiguous="NaT", nonexistent="shift_forward")


def period_counts(documents: pd.DataFrame, _=None, *, freq: str = "day", by: str | None = None) -> pd.DataFrame:
    """The additive part of :func:`publication_timeline` for a chunk of documents: period, [by], articles, words."""
    dated = documents[documents["published"].notna()]
    keys = [_period_start(dated["published"], freq).rename("period")]
    if by:
        keys.append(dated[by].astype(STRING).fillna("(unknown)").rename(by))
    counts = dated["n_words"].astype("int64").groupby(keys).agg(articles="size", words="sum")
    return counts.reset_index().astype({"articles": "int64", "words": "int64"})


def timeline_from_counts(counts: pd.DataFrame, *, freq: str, by: str | None = None) -> pd.DataFrame:
    """The finishing step of :func:`publication_timeline`: the summed counts over a complete calendar."""
    dtypes = {"period": TIMESTAMP, **({by: STRING} if by else {}), "articles": "int64", "words": "int64"}
    if counts.empty:
        return conform(pd.DataFrame(columns=list(dtypes)), dtypes)
    keys = ["period", *([by] if by else [])]
    counts = counts.set_index(keys)[["articles", "words"]]
    periods = counts.index.get_level_values("period")
    calendar = _calendar(periods.min(), periods.max(), freq)
    if by:
        groups = sorted(counts.index.get_level_values(by).unique())
        full = pd.MultiIndex.from_product([calendar, groups], names=keys)
    else:
        full = pd.Index(calendar, name="period")
    return conform(counts.reindex(full, fill_value=0).reset_index(), dtypes)


def publication_timeline(documents, *, freq: str = "day", by: str | None = None) -> pd.DataFrame:
    """Articles and body words per day, week (from Monday), month or year, over a complete calendar.

    Periods with no article are present with zero counts, from the first to the
    last dated article; with ``by`` (any documents column, e.g. ``"outlet"``)
    every group gets every period. Undated documents (``published`` is NaT) are
    left out: :func:`corpus.overview.summary` counts them.
    Columns: ``period`` (start, Europe/Rome), ``[by]``, ``articles``, ``words``.
    Takes a documents table or a corpus, pandas or Dask (counted per partition).
    """
    documents = getattr(documents, "documents", documents)
    if freq not in FREQS:
        raise ValueError(f"freq must be one of {list(FREQS)}, not {freq!r}")
    columns = ["published", "n_words", *([by] if by else [])]
    partial = {"counts": Partial(period_counts, {"articles": "sum", "words": "sum"})}
    counts = tally(documents[columns], partial, freq=freq, by=by)["counts"]
    return timeline_from_counts(counts, freq=freq, by=by)


def published_range(documents: pd.DataFrame, _=None) -> pd.DataFrame:
    """The additive part of :func:`suggest_freq`: first and last publication of a chunk of documents."""
    published = documents["published"]
    return pd.DataFrame(
        {"first": pd.Series([published.min()], dtype=published.dtype), "last": pd.Series([published.max()], dtype=published.dtype)}
    )


# Spans (in days) up to which a finer period still gives a readable chart.
DAILY_SPAN_DAYS = 60
WEEKLY_SPAN_DAYS = 730


def suggest_freq(documents, *, max_periods: int | None = None) -> str:
    """The period that suits the corpus span: ``"day"`` up to 60 days, ``"week"`` up to 2 years, else ``"month"``.

    With ``max_periods``, instead the finest of day, week, month and year whose
    calendar (as :func:`publication_timeline` builds it) has at most that many
    periods, e.g. columns enough for a heat map; ``"year"`` when none does.
    A corpus with fewer than two dated articles gets ``"day"``. Takes Dask tables too.
    """
    documents = getattr(documents, "documents", documents)
    span = tally(documents[["published"]], {"range": Partial(published_range, {"first": "min", "last": "max"})})
    first, last = span["range"].iloc[0]
    if pd.isna(first):
        return "day"
    if max_periods is not None:
        for freq in ("day", "week", "month"):
            starts = _period_start(pd.Series([first, last]), freq)
            if len(_calendar(starts.iloc[0], starts.iloc[1], freq)) <= max_periods:
                return freq
        return "year"
    days = (last - first).days
    if days <= DAILY_SPAN_DAYS:
        return "day"
    return "week" if days <= WEEKLY_SPAN_DAYS else "month"
