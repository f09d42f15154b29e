"""Co-occurrence of actors: who is named together with whom."""

from __future__ import annotations

import networkx as nx
import pandas as pd

from corpus.schema import EDGES, STRING, conform

EDGES = {"source": STRING, "target": STRING, "weight": "int64"}
LEVELS = {"sentence": ["doc_id", "sentence"], "document": ["doc_id"]}


def cooccurrences(mentions: pd.DataFrame, *, level: str = "sentence") -> pd.DataFrame:
    """Undirected edges between actors named in the same sentence or document.

    ``weight`` is the number of sentences (or documents) naming both actors;
    each pair appears once with ``source < target``. Sorted by weight, heaviest
    first, then by the pair.
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {sorted(LEVELS)}, not {level!r}")
    units = LEVELS[level]
    present = mentions[[*units, "actor_id"]].astype({"doc_id": str, "actor_id": str}).drop_duplicates()
    pairs = present.merge(present, on=units, suffixes=("_source", "_target"))
    pairs = pairs[pairs["actor_id_source"] < pairs["actor_id_target"]]
    edges = (
        pairs.groupby(["actor_id_source", "actor_id_target"]).size().rename("weight").reset_index()
        .rename(columns={"actor_id_source": "source", "actor_id_target": "target"})
        .sort_values(["weight", "source", "target"], ascending=[False, True, True], kind="stable")
    )
    return conform(edges, EDGES)


def actor_network(edges: pd.DataFrame, actors: pd.DataFrame) -> nx.Graph:
    """The co-occurrence graph: a node per actor (name, type, mentions), weighted edges."""
    graph = nx.Graph()
    for actor_id, name, kind, count in actors[["actor_id", "name", "type", "mentions"]].itertuples(index=False):
        graph.add_node(str(actor_id), name=str(name), type=str(kind), mentions=int(count))
    for source, target, weight in edges[["source", "target", "weight"]].itertuples(index=False):
        graph.add_edge(str(source), str(target), weight=int(weight))
    return graph
