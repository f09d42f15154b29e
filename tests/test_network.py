import networkx as nx
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.figure import Figure

import actor_frames as frames
from corpus import actors as A
from corpus import network, schema
from corpus.plots import actors as plots_actors
from corpus import quotes as Q
from corpus import roles as R
from corpus.schema import STRING


def mention_frame(rows):
    return pd.DataFrame(rows, columns=["doc_id", "sentence", "actor_id"]).astype(
        {"doc_id": STRING, "sentence": "int32", "actor_id": STRING}
    )


MENTIONS = mention_frame([
    ("a", 0, "PER:x"), ("a", 0, "PER:y"), ("a", 0, "PER:x"),
    ("a", 1, "PER:x"), ("a", 1, "LOC:z"),
    ("b", 0, "PER:x"), ("b", 0, "PER:y"),
    ("b", 3, "LOC:z"),
])  # fmt: skip


def test_cooccurrences_count_shared_sentences_or_documents():
    sentence = network.cooccurrences(MENTIONS)
    assert sentence.values.tolist() == [["PER:x", "PER:y", 2], ["LOC:z", "PER:x", 1]]
    assert dict(sentence.dtypes) == schema.EDGES
    document = network.cooccurrences(MENTIONS, level="document")
    assert document.values.tolist() == [["LOC:z", "PER:x", 2], ["LOC:z", "PER:y", 2], ["PER:x", "PER:y", 2]]
    with pytest.raises(ValueError, match="level"):
        network.cooccurrences(MENTIONS, level="paragraph")


MENTION_ROWS = st.tuples(st.sampled_from("abc"), st.integers(0, 3), st.sampled_from(["A", "B", "C", "D"]))


@given(st.lists(MENTION_ROWS, max_size=30))
def test_edge_weights_never_exceed_the_units_of_either_actor(rows):
    mentions = mention_frame(rows)
    edges = network.cooccurrences(mentions)
    units = mentions.drop_duplicates().groupby("actor_id", observed=True).size()
    assert (edges["source"] < edges["target"]).all()
    assert not edges.duplicated(["source", "target"]).any()
    for source, target, weight in edges.itertuples(index=False):
        assert 1 <= weight <= min(units[source], units[target])


def test_actor_network_carries_actor_attributes():
    actors = pd.DataFrame(
        {
            "actor_id": ["PER:x", "PER:y", "LOC:z"],
            "name": ["X", "Y", "Z"],
            "type": ["PER", "PER", "LOC"],
            "mentions": [4, 2, 2],
        }
    )
    graph = network.actor_network(network.cooccurrences(MENTIONS), actors)
    assert graph.nodes["PER:x"] == {"name": "X", "type": "PER", "mentions": 4}
    assert graph.edges["PER:x", "PER:y"]["weight"] == 2
    assert sorted(graph.edges) == [("PER:x", "LOC:z"), ("PER:x", "PER:y")]


def test_figures_of_the_seed():
    docs, mentions = frames.seed()
    actors = A.actors(mentions, docs)
    quotes = Q.quotes(docs, mentions, R.roles(mentions, docs))
    graph = network.actor_network(network.cooccurrences(mentions), actors)
    bars = plots_actors.top_actors(actors, n=5)
    assert isinstance(bars, Figure)
    assert [axes.get_title(loc="left") for axes in bars.axes] == ["people (PER)", "organisations (ORG)", "places (LOC)"]
    people = [label.get_text() for label in bars.axes[0].get_yticklabels()]
    assert people == ["Nikol Pashinian", "Kassym-Jomart Tokayev"]  # most mentioned at the top
    speakers = plots_actors.quotes_by_speaker(quotes, actors)
    assert [label.get_text() for label in speakers.axes[0].get_yticklabels()] == ["Kassym-Jomart Tokayev"]
    drawn = plots_actors.actor_network(graph, n=3)
    assert {text.get_text() for text in drawn.axes[0].texts} == {"CSTO", "Kazakistan", "Kassym-Jomart Tokayev"}
    assert isinstance(plots_actors.actor_network(nx.Graph()), Figure)
