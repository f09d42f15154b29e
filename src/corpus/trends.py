"""Change over time: terms and actors per period, what rose or fell, and the dates articles refer to.

- :func:`term_trends` -- occurrences of chosen (or the most frequent) terms per
  day, week, month or year, as a rate per 1,000 words or a share of articles.
- :func:`actor_trends` -- the same for actors, from the ``mentions`` table.
- :func:`rising_terms` -- which terms or actors rose or fell most between two
  spans of a trends table (log ratio and log-likelihood G2).
- :func:`key_terms_by_period` -- the key terms of each year, month or day: what
  a period says more than the rest of the corpus (G2), in enough articles.
- :func:`event_timeline` -- every date an article mentions against the day it
  was published: how far back (or ahead) the news looks.

Periods are the ones of :func:`corpus.timeline.publication_timeline`: a
complete calendar from the first to the last dated article, periods without
articles included, so every term or actor has one row per period. Words are
``documents.n_words`` (body words split on white space), the same words the
publication timeline counts, so a rate's denominator is that timeline's
``words`` column. Undated documents (``published`` is NaT) take no part in
trends: they belong to no period.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from corpus import temporal
from corpus.schema import CHANGE, EVENTS, GRANULARITIES, KEY_TERMS, ROME, STRING, TIMESTAMP, TREND_COUNTS, conform
from corpus.terms import (
    CONTENT_POS, PERIODS, SPANS, TERM_COLUMNS, ZERO_CORRECTION, _g2, _surface_forms, _tables, term_frequencies, term_tallies,
)
from corpus.timeline import _period_start, publication_timeline

PER = ("words", "articles")
DEFAULT_TOP = 10
RATE_SCALE = {"words": 1_000, "articles": 1}

# After the period and the key columns (term, or actor_id and name).
GRANULARITY_NAMES = tuple(GRANULARITIES.categories)
# Whole years that datetime64[ns] can hold (1677-09-21 to 2262-04-11).
NANOSECOND_YEARS = (1678, 2261)


# --------------------------------------------------------------------------
# counts per period


def _check(per: str, rolling: int | None) -> None:
    if per not in PER:
        raise ValueError(f"per must be one of {PER}, not {per!r}")
    if rolling is not None and (rolling < 1 or rolling % 2 == 0):
        raise ValueError(f"rolling must be an odd number of periods (centred window), not {rolling!r}")


def _trends(
    occurrences: pd.DataFrame,
    keys: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    freq: str,
    per: str,
    rolling: int | None,
) -> pd.DataFrame:
    """Counts of ``occurrences`` (doc_id + key columns) per period for every row of ``keys``.

    ``keys`` lists the terms or actors wanted, in the order rows come out; the
    first column identifies them, the others (an actor's name) ride along.
    """
    key = keys.columns[0]
    dtypes = {"period": TIMESTAMP, **{name: STRING for name in keys.columns}, **TREND_COUNTS}
    if rolling is not None:
        dtypes["smoothed"] = "float64"
    timeline = publication_timeline(documents, freq=freq)
    if timeline.empty or keys.empty:
        return conform(pd.DataFrame(columns=list(dtypes)), dtypes)

    dated = documents[documents["published"].notna()]
    period_of = pd.Series(_period_start(dated["published"], freq).to_numpy(), index=dated["doc_id"])
    wanted = keys[key].astype(str).tolist()
    chosen = occurrences[occurrences[key].isin(wanted).to_numpy(dtype=bool)]
    found = pd.DataFrame(
        {"doc_id": chosen["doc_id"].to_numpy(), key: chosen[key].astype(str).to_numpy()}
    )
    found["period"] = found["doc_id"].map(period_of)
    found = found[found["period"].notna()]
    counts = found.groupby(["period", key]).agg(count=("doc_id", "size"), documents=("doc_id", "nunique"))

    full = pd.MultiIndex.from_product([timeline["period"], wanted], names=["period", key])
    frame = counts.reindex(full, fill_value=0).reset_index()
    frame = frame.merge(timeline, on="period").merge(keys.astype(str), on=key)
    numerator, denominator = ("count", "words") if per == "words" else ("documents", "articles")
    frame["rate"] = _ratio(frame[numerator], frame[denominator]) * RATE_SCALE[per]
    frame["_order"] = frame[key].map({name: index for index, name in enumerate(wanted)})
    frame = frame.sort_values(["_order", "period"], kind="stable")
    if rolling is not None:
        # The rate of the pooled window, i.e. a mean of the rates weighted by
        # each period's words (or articles): a period with one short article
        # cannot swing the curve, and empty periods simply add nothing.
        window = frame.groupby("_order", sort=False)[[numerator, denominator]].rolling(
            rolling, center=True, min_periods=1
        ).sum()
        window.index = window.index.droplevel(0)
        frame["smoothed"] = _ratio(window[numerator], window[denominator]).reindex(frame.index) * RATE_SCALE[per]
    return conform(frame, dtypes)


def _ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """numerator / denominator, NaN (nothing can be said) where the denominator is zero."""
    numerator = numerator.astype("float64")
    return numerator / denominator.astype("float64").where(denominator > 0)


def term_trends(
    data,
    *,
    terms: Sequence[str] | None = None,
    by: str = "lemma",
    freq: str = "month",
    per: str = "words",
    documents: pd.DataFrame | None = None,
    rolling: int | None = None,
    top: int | None = None,
) -> pd.DataFrame:
    """How often each term occurs per period, over the complete publication calendar.

    ``data`` is a :class:`corpus.Corpus` or a tokens frame (then pass
    ``documents``, which dates the articles). ``by`` is the token column
    matched (``"lemma"``, ``"lower"`` or ``"text"``); ``freq`` the period
    (``"day"``, ``"week"`` from Monday, ``"month"``, ``"year"``).

    ``terms`` lists the terms to follow (every non-punctuation occurrence
    counts, stop words included if listed); without it the ``top`` (default
    10) most frequent terms (content words, no noise) of the whole corpus are followed, in the
    order and with the exclusions of :func:`corpus.terms.term_frequencies`.

    Returns one row per term and period, terms in the order chosen then
    periods in time order: ``period``, ``term``, ``count`` (occurrences),
    ``documents`` (articles of the period containing the term), ``words`` and
    ``articles`` (the period's totals, as in the publication timeline) and
    ``rate``: with ``per="words"`` occurrences per 1,000 words, with
    ``per="articles"`` the share (0-1) of the period's articles mentioning
    the term. A period without articles has counts 0 and rate NaN.
    ``rolling`` (an odd number of periods) adds ``smoothed``: the rate of the
    centred window's pooled counts (sum of counts / sum of words), which is
    the words-weighted mean of the window's rates; windows are cut short at
    the ends of the calendar.
    """
    _check(per, rolling)
    if by not in TERM_COLUMNS:
        raise ValueError(f"by must be one of {TERM_COLUMNS}, not {by!r}")
    if isinstance(data, pd.DataFrame):
        tokens = data
        if documents is None:
            raise ValueError("a tokens frame needs the documents table (documents=...)")
    else:
        tokens, documents = data.tokens, data.documents if documents is None else documents
    if terms is None:
        ranked = term_frequencies(tokens, by=by)
        terms = ranked["term"].head(DEFAULT_TOP if top is None else top).tolist()
    keys = pd.DataFrame({"term": pd.unique(pd.Series(list(terms), dtype=object).astype(str))})
    words = tokens[~tokens["is_punct"].to_numpy(dtype=bool)]
    occurrences = pd.DataFrame({"doc_id": words["doc_id"].array, "term": words[by].array})
    return _trends(occurrences, keys, documents, freq=freq, per=per, rolling=rolling)


def actor_trends(
    data,
    *,
    actors: Sequence[str] | None = None,
    freq: str = "month",
    per: str = "words",
    documents: pd.DataFrame | None = None,
    rolling: int | None = None,
    top: int | None = None,
) -> pd.DataFrame:
    """How often each actor is mentioned per period: :func:`term_trends` for the ``mentions`` table.

    ``data`` is a :class:`corpus.Corpus` or a mentions frame (then pass
    ``documents``). ``actors`` lists ``actor_id`` values; without it the
    ``top`` (default 10) most mentioned actors are followed, in the order of
    :func:`corpus.actors.actors` (mentions, most first). Columns as in
    :func:`term_trends` with ``actor_id`` and ``name`` (the canonical name)
    instead of ``term``; ``count`` is mentions.
    """
    from corpus import actors as actor_tables

    _check(per, rolling)
    if isinstance(data, pd.DataFrame):
        mentions = data
        if documents is None:
            raise ValueError("a mentions frame needs the documents table (documents=...)")
        table = actor_tables.actors(mentions, documents)
    else:
        mentions, table = data.mentions, data.actors
        documents = data.documents if documents is None else documents
    if actors is None:
        table = table.head(DEFAULT_TOP if top is None else top)
    else:
        wanted = pd.unique(pd.Series(list(actors), dtype=object).astype(str))
        named = dict(zip(table["actor_id"].astype(str), table["name"].astype(str)))
        # An actor absent from these mentions is followed all the same (all zeros), named by its id.
        table = pd.DataFrame({"actor_id": wanted, "name": [named.get(actor, actor) for actor in wanted]})
    keys = table[["actor_id", "name"]].astype(str).reset_index(drop=True)
    occurrences = mentions[["doc_id", "actor_id"]]
    return _trends(occurrences, keys, documents, freq=freq, per=per, rolling=rolling)


# --------------------------------------------------------------------------
# rising and falling


def _bound(value, *, end: bool) -> pd.Timestamp:
    """A span end as a Rome timestamp; a string covers its whole written precision ("2019" = all of 2019)."""
    if isinstance(value, str):
        period = pd.Period(value)
        stamp = period.end_time if end else period.start_time
    else:
        stamp = pd.Timestamp(value)
    return stamp.tz_localize(ROME) if stamp.tzinfo is None else stamp.tz_convert(ROME)


def rising_terms(
    table: pd.DataFrame,
    *,
    before: tuple | None = None,
    after: tuple | None = None,
    min_count: int = 5,
    min_documents: int = 3,
) -> pd.DataFrame:
    """Terms (or actors) that rose or fell most between two spans of a trends table.

    ``table`` is the output of :func:`term_trends` or :func:`actor_trends`
    (its ``per`` and ``rolling`` do not matter: occurrences are compared per
    word). ``before`` and ``after`` are ``(start, end)`` pairs, both ends
    inclusive; a string end covers everything it names, so
    ``before=("2015", "2019")`` is 2015-01-01 to 2019-12-31 and
    ``("2022-01", "2022-01")`` is January 2022. A period belongs to a span when
    its start falls inside it. Without ``before`` and ``after`` the first
    half of the table's periods is compared with the second half (the middle
    period of an odd count is left out); a table of fewer than two periods
    then gives an empty result, there being nothing to compare. Terms seen
    fewer than ``min_count`` times, or in fewer than ``min_documents``
    articles, in the two spans together are left out: a name repeated
    throughout one long article is not a trend.

    Per term: counts and documents in each span, rates per 1,000 words,
    ``log_ratio`` = ``log2((a / c) / (b / d))`` (a, b occurrences after and
    before, c, d the spans' words; a zero count is replaced by 0.5, as in
    :func:`corpus.terms.keyness`, so a term new in one span has a finite
    value), ``g2`` the two-cell log-likelihood of :func:`corpus.terms.keyness`
    and ``p_value`` its chi-squared (1 df) tail. Sorted by ``log_ratio``
    descending (rising first, falling last), then ``g2`` descending, then the
    key.
    """
    keys = [name for name in ("term", "actor_id", "name") if name in table.columns]
    if not keys:
        raise KeyError("table has neither a term nor an actor_id column: pass term_trends or actor_trends output")
    dtypes = {name: STRING for name in keys} | CHANGE
    if before is None or after is None:
        periods = table["period"].drop_duplicates().sort_values()
        half = len(periods) // 2
        if half == 0:
            return conform(pd.DataFrame(columns=list(dtypes)), dtypes)
        before = before or (periods.iloc[0], periods.iloc[half - 1])
        after = after or (periods.iloc[-half], periods.iloc[-1])
    spans = {}
    for label, (start, end) in (("before", before), ("after", after)):
        inside = table[table["period"].between(_bound(start, end=False), _bound(end, end=True))]
        words = int(inside.drop_duplicates("period")["words"].sum())
        if words == 0:
            raise ValueError(f"the {label} span {start!r}-{end!r} holds no words")
        spans[label] = (inside.groupby(keys, sort=False)[["count", "documents"]].sum(), words)
    (before_counts, d), (after_counts, c) = spans["before"], spans["after"]
    frame = after_counts.reset_index().merge(
        before_counts.reset_index(), on=keys, how="outer", suffixes=("_after", "_before"), sort=False
    ).fillna({"count_after": 0, "count_before": 0, "documents_after": 0, "documents_before": 0})
    a = frame["count_after"].to_numpy(dtype=float)
    b = frame["count_before"].to_numpy(dtype=float)
    frame = frame.assign(
        before_count=b.astype(np.int64),
        after_count=a.astype(np.int64),
        before_documents=frame["documents_before"].astype("int64"),
        after_documents=frame["documents_after"].astype("int64"),
        before_rate=b / d * 1_000,
        after_rate=a / c * 1_000,
        log_ratio=np.log2((np.where(a > 0, a, ZERO_CORRECTION) / c) / (np.where(b > 0, b, ZERO_CORRECTION) / d)),
        g2=_g2(a, b, float(c), float(d)),
    )
    frame["p_value"] = [math.erfc(math.sqrt(max(value, 0.0) / 2)) for value in frame["g2"]]
    seen = (frame["before_count"] + frame["after_count"] >= max(min_count, 1)) & (
        frame["before_documents"] + frame["after_documents"] >= min_documents
    )
    frame = frame[seen]
    frame = frame.sort_values(["log_ratio", "g2", keys[0]], ascending=[False, False, True], kind="stable")
    return conform(frame, dtypes)


# --------------------------------------------------------------------------
# key terms per period


def key_terms_by_period(
    data,
    documents: pd.DataFrame | None = None,
    *,
    per: str = "month",
    by: str = "lemma",
    top: int = 10,
    min_docs: int = 3,
    pos=CONTENT_POS,
    drop_stop: bool = True,
) -> pd.DataFrame:
    """The key terms of each period: those it uses most distinctly more than the rest of the corpus.

    ``data`` is a :class:`corpus.Corpus`, a ``DaskCorpus`` or a tokens table
    (then pass ``documents``, which dates the articles). ``per`` is
    ``"year"``, ``"month"``, ``"week"`` (ISO, from Monday) or ``"day"`` (of
    ``published``, Rome time); ``by``
    the term (``"lemma"``, ``"lower"``, ``"text"``, ``"phrase"`` or ``"name"``), counted
    as :func:`corpus.terms.term_frequencies` counts it: content words of
    ``pos``, no stop words, no noise.

    Each period is compared with every other dated article together: ``g2``
    is the log-likelihood of :func:`corpus.terms.keyness` for the term's
    ``count`` in the period's words against its count in the rest's words,
    ``log_ratio`` Hardie's log2 ratio of the two rates (a zero count in the
    rest is taken as 0.5). A term is kept for a period when the period uses
    it more than the rest and it occurs in at least ``min_docs`` of the
    period's articles (``docs``), so a name repeated in one long article is
    not what a month was about. The ``top`` terms of each period by ``g2``
    (ties by term) are returned, ranked 1..top.

    Columns ``period`` (its start, as in :func:`term_trends`), ``term``,
    ``count``, ``docs``, ``g2``, ``log_ratio``, ``rank``; ordered by period
    then rank. Undated articles take no part; a corpus of one period has no
    rest to compare with and gives no rows.
    """
    if per not in PERIODS:
        raise ValueError(f"per must be one of {tuple(PERIODS)}, not {per!r}")
    if by not in (*TERM_COLUMNS, *SPANS):
        raise ValueError(f"by must be one of {(*TERM_COLUMNS, *SPANS)}, not {by!r}")
    tokens, documents = _tables(data, documents)
    if documents is None:
        raise ValueError("a tokens frame needs the documents table (documents=...)")
    tallies = term_tallies(tokens, documents, by=by, groups=[per], n=1, pos=pos, drop_stop=drop_stop, keep_noise=False)
    counts = tallies["counts"].dropna(subset=[per])
    words = tallies["words"].dropna(subset=[per])
    total_words = float(words["words"].sum())
    if counts.empty or len(words) < 2:
        return conform(pd.DataFrame(columns=list(KEY_TERMS)), KEY_TERMS)
    if "surfaces" in tallies:
        written = _surface_forms(tallies["surfaces"])
        counts = counts.assign(term=counts["term"].map(lambda term: written.get(term, term)))
    counts = counts.merge(words, on=per)
    a = counts["count"].to_numpy(dtype=float)
    b = counts.groupby("term")["count"].transform("sum").to_numpy(dtype=float) - a
    c = counts["words"].to_numpy(dtype=float)
    d = total_words - c
    with np.errstate(divide="ignore", invalid="ignore"):
        over = a / c > b / d
        log_ratio = np.log2((a / c) / (np.where(b > 0, b, ZERO_CORRECTION) / d))
    counts = counts.assign(g2=_g2(a, b, c, d), log_ratio=log_ratio, docs=counts["doc_freq"])
    key = counts[over & (counts["docs"] >= min_docs).to_numpy()]
    key = key.sort_values([per, "g2", "term"], ascending=[True, False, True], kind="stable")
    key = key.assign(rank=key.groupby(per, sort=False).cumcount() + 1)
    key = key[key["rank"] <= top]
    labels = key[per].astype(str)
    # An ISO week label names no day: its Monday is the period's start, as in term_trends.
    start = pd.to_datetime(labels + "-1", format="%G-W%V-%u") if per == "week" else pd.to_datetime(labels, format=PERIODS[per])
    start = start.dt.tz_localize(ROME)
    return conform(key.assign(period=start.to_numpy()), KEY_TERMS)


# --------------------------------------------------------------------------
# event timeline

_VALUE = re.compile(
    r"(?P<year>\d{4})(?:-W(?P<week>\d\d)|-(?P<month>\d\d)(?:-(?P<day>\d\d)(?:T(?P<hour>\d\d):(?P<minute>\d\d))?)?)?"
)


def _referred(value: str) -> dt.datetime:
    """The moment an ISO value starts: its day, ISO week's Monday, month, year or clock time.

    A range (``2013/2015``) starts where its first end does.
    """
    match = _VALUE.match(value.split("/", 1)[0])
    year = int(match["year"])
    if match["week"]:
        return dt.datetime.combine(dt.date.fromisocalendar(year, int(match["week"]), 1), dt.time())
    return dt.datetime(
        year, int(match["month"] or 1), int(match["day"] or 1), int(match["hour"] or 0), int(match["minute"] or 0)
    )


def _as_rome(moments: list[dt.datetime | None]) -> pd.Series:
    """Local Rome timestamps; moments outside pandas' nanosecond range (before 1678) become NaT."""
    inside = [m if NANOSECOND_YEARS[0] <= m.year <= NANOSECOND_YEARS[1] else None for m in moments]
    naive = pd.Series(pd.to_datetime(pd.Series(inside, dtype=object)), dtype="datetime64[ns]")
    return naive.dt.tz_localize(ROME, ambiguous="NaT", nonexistent="shift_forward")


def event_timeline(
    data, *, documents: pd.DataFrame | None = None, granularity: Sequence[str] = GRANULARITY_NAMES
) -> pd.DataFrame:
    """Every date an article mentions, set against the day it was published.

    ``data`` is a :class:`corpus.Corpus` or a ``dates`` table
    (:func:`corpus.temporal.date_mentions`; then pass ``documents``).
    ``granularity`` keeps the mentions of those granularities (all by default:
    ``time``, ``day``, ``week``, ``month``, ``year``).

    One row per date mention with a value: ``doc_id``, ``start`` (offset in
    ``documents.text``), ``published``, ``date_text`` (as written), ``value``
    (ISO), ``referred`` (the start of what it names, local Rome time: the
    day, the Monday of the ISO week, the first of the month or year, or the
    clock time; a range ``2013/2015`` counts from its start), ``lag_days``
    (calendar days from the publication day to the referred day: 0 for
    "oggi", -1 for "ieri", negative = looking back) and ``granularity``,
    ``kind``. Mentions whose value is ``<NA>`` (an impossible date, or a
    relative one in an undated article) are left out. An absolute date in an
    undated article stays, with ``lag_days`` ``<NA>``. Years before 1678
    (outside pandas' nanosecond timestamps) have ``referred`` NaT but their
    ``lag_days``. Days are calendar days in Rome, so lags never depend on the
    machine's clock or time zone. Sorted by publication, doc_id, start.
    """
    if isinstance(data, pd.DataFrame):
        dates = data
        if documents is None:
            raise ValueError("a dates frame needs the documents table (documents=...)")
    else:
        dates, documents = data.dates, data.documents if documents is None else documents
    unknown = set(granularity) - set(GRANULARITY_NAMES)
    if unknown:
        raise ValueError(f"granularity must be among {GRANULARITY_NAMES}, not {sorted(unknown)}")
    dates = dates[dates["value"].notna() & dates["granularity"].astype(str).isin(set(granularity))]
    if dates.empty:
        return conform(pd.DataFrame(columns=list(EVENTS)), EVENTS)
    published_of = pd.Series(
        documents["published"].astype(TIMESTAMP).to_numpy(), index=documents["doc_id"]
    )
    doc_ids = dates["doc_id"]
    published = pd.Series(doc_ids.map(published_of).to_numpy(), dtype=TIMESTAMP)
    moments = [_referred(value) for value in dates["value"].astype(str)]
    published_days = published.dt.tz_convert(ROME).dt.date
    lags = [
        pd.NA if pd.isna(day) else (moment.date() - day).days for moment, day in zip(moments, published_days)
    ]
    frame = pd.DataFrame(
        {
            "doc_id": doc_ids.to_numpy(),
            "start": dates["start"].to_numpy(),
            "published": published,
            "date_text": dates["text"].to_numpy(),
            "value": dates["value"].to_numpy(),
            "referred": _as_rome(moments),
            "lag_days": pd.array(lags, dtype="Int64"),
            "granularity": dates["granularity"].to_numpy(),
            "kind": dates["kind"].to_numpy(),
        }
    )
    frame = frame.sort_values(["published", "doc_id", "start"], kind="stable", na_position="last")
    return conform(frame, EVENTS)
