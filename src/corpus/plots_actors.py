"""Figures about actors. Each function returns a matplotlib ``Figure``; none shows or saves.

Built on :class:`matplotlib.figure.Figure` directly, as in :mod:`corpus.plots`,
so no pyplot state or GUI backend is involved.
"""

from __future__ import annotations

import networkx as nx
import pandas as pd
from matplotlib.figure import Figure

from corpus import actors as actor_table

TYPE_COLOURS = {"PER": "#1f77b4", "ORG": "#ff7f0e", "LOC": "#2ca02c"}


def top_actors(actors: pd.DataFrame, *, n: int = 10, generic: bool = False) -> Figure:
    """Horizontal bars of the ``n`` most mentioned actors of each type, side by side.

    Generic institutions ("governo", "polizia") are left out unless ``generic=True``
    (see :func:`corpus.actors.top_actors`).
    """
    kinds = [kind for kind in TYPE_COLOURS if (actors["type"] == kind).any()] or list(TYPE_COLOURS)
    figure = Figure(figsize=(4.5 * len(kinds), 0.35 * n + 1.5), layout="constrained")
    for axes, kind in zip(figure.subplots(1, len(kinds), squeeze=False)[0], kinds):
        top = actor_table.top_actors(actors, n, generic=generic, types=kind).iloc[::-1]
        axes.barh(top["name"].astype(str), top["mentions"], color=TYPE_COLOURS[kind])
        axes.set_title(kind)
        axes.set_xlabel("mentions")
    figure.suptitle("Most mentioned actors")
    return figure


def quotes_by_speaker(quotes: pd.DataFrame, actors: pd.DataFrame, *, n: int = 10) -> Figure:
    """Horizontal bars of the ``n`` speakers quoted most often, unattributed quotes apart."""
    names = actors.set_index("actor_id")["name"]
    counts = quotes["speaker"].value_counts(dropna=True).head(n).iloc[::-1]
    labels = [str(names.get(speaker, speaker)) for speaker in counts.index]
    figure = Figure(figsize=(6, 0.35 * max(len(counts), 1) + 1.5), layout="constrained")
    axes = figure.subplots()
    axes.barh(labels, counts.to_numpy(), color=TYPE_COLOURS["PER"])
    axes.set_xlabel("direct quotes")
    unattributed = int(quotes["speaker"].isna().sum())
    axes.set_title(f"Quotes by speaker ({unattributed} unattributed)")
    return figure


def actor_network(graph: nx.Graph, *, n: int = 30, edges: int = 60, labels: int = 15, seed: int = 0) -> Figure:
    """The co-occurrence network of the ``n`` most mentioned actors.

    Node size follows mentions, colour the type, edge width the weight. Only
    the ``edges`` heaviest edges among them are drawn and laid out, and only the
    ``labels`` most mentioned actors are named, so that a dense corpus still
    reads as a few clusters rather than a hairball. ``seed`` fixes the spring
    layout, so the same graph draws the same way.
    """
    mentions = nx.get_node_attributes(graph, "mentions")
    keep = sorted(graph.nodes, key=lambda node: (-mentions.get(node, 0), node))[:n]
    heaviest = sorted(graph.subgraph(keep).edges(data="weight"), key=lambda edge: (-edge[2], edge[0], edge[1]))
    sub = nx.Graph()
    sub.add_nodes_from((node, graph.nodes[node]) for node in keep)
    sub.add_weighted_edges_from(heaviest[:edges])
    figure = Figure(figsize=(10, 8), layout="constrained")
    axes = figure.subplots()
    axes.set_axis_off()
    axes.set_title(f"Who is named with whom: {len(keep)} most mentioned actors, {sub.number_of_edges()} strongest ties")
    if not keep:
        return figure
    # Unweighted layout: raw counts as spring strengths crush the big cluster into a knot.
    position = nx.spring_layout(sub, weight=None, seed=seed, k=2 / len(keep) ** 0.5)
    weights = [weight for _, _, weight in sub.edges(data="weight")]
    strongest = max(weights, default=1)
    widths = [0.5 + 4 * weight / strongest for weight in weights]
    nx.draw_networkx_edges(sub, position, ax=axes, width=widths, alpha=0.3)
    largest = max(mentions.get(node, 1) for node in keep)
    nx.draw_networkx_nodes(
        sub, position, ax=axes,
        node_size=[80 + 900 * mentions.get(node, 1) / largest for node in sub.nodes],
        node_color=[TYPE_COLOURS.get(sub.nodes[node].get("type"), "grey") for node in sub.nodes],
    )  # fmt: skip
    named = {node: sub.nodes[node].get("name", node) for node in keep[:labels]}
    nx.draw_networkx_labels(
        sub, position, labels=named, ax=axes, font_size=9,
        bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.7, "pad": 1},
    )  # fmt: skip
    for kind, colour in TYPE_COLOURS.items():
        axes.scatter([], [], color=colour, label=kind)
    axes.legend(loc="lower right", frameon=False)
    return figure
