import pandas as pd

from corpus.tally import Partial, combine, tally


def _counts(frame, _=None, *, column):
    counts = frame[column].value_counts()
    return pd.DataFrame({"value": counts.index.astype(object), "n": counts.to_numpy()})


def test_tally_runs_a_partial_once_over_a_pandas_table():
    frame = pd.DataFrame({"x": ["a", "b", "a"]})
    got = tally(frame, {"counts": Partial(_counts, {"n": "sum"})}, column="x")["counts"]
    assert dict(zip(got["value"], got["n"])) == {"a": 2, "b": 1}


def test_combine_adds_sums_and_keeps_minima_and_maxima():
    parts = [
        pd.DataFrame({"key": ["a", "b"], "n": [1, 2], "first": [3, 1]}),
        pd.DataFrame({"key": ["a", None], "n": [5, 1], "first": [2, 9]}),
    ]
    got = combine(parts, {"n": "sum", "first": "min"})
    assert got["key"].tolist()[:2] == ["a", "b"] and pd.isna(got["key"].iloc[2])
    assert got[["n", "first"]].to_dict("list") == {"n": [6, 2, 1], "first": [2, 1, 9]}
    assert combine([pd.DataFrame({"n": [1]}), pd.DataFrame({"n": [4]})], {"n": "max"}).to_dict("list") == {"n": [4]}
