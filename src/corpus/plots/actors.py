"""Figures about actors (notebook 03). Each function returns a matplotlib ``Figure``; none shows or saves.

Built on :class:`matplotlib.figure.Figure` directly, so no pyplot state or GUI
backend is involved.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from corpus import actors as actor_table
from corpus.plots.axes import count_axis, message, place_labels, plain, shorten

TYPE_COLOURS = {"PER": "#1f77b4", "ORG": "#ff7f0e", "LOC": "#2ca02c"}
TYPE_NAMES = {"PER": "people", "ORG": "organisations", "LOC": "places"}


def top_actors(actors: pd.DataFrame, *, n: int = 10, generic: bool = False) -> Figure:
    """Horizontal bars of the ``n`` most mentioned actors of each type (people, organisations, places), side by side.

    Generic institutions ("governo", "polizia") are left out unless ``generic=True``
    (see :func:`corpus.actors.top_actors`).
    """
    figure = Figure(figsize=(13.5, 0.32 * n + 1.6), layout="constrained")
    for axes, kind in zip(figure.subplots(1, len(TYPE_COLOURS), squeeze=False)[0], TYPE_COLOURS):
        top = actor_table.top_actors(actors, n, generic=generic, types=kind).iloc[::-1]
        axes.set_title(f"{TYPE_NAMES[kind]} ({kind})", loc="left")
        if top.empty:
            message(axes, f"no {TYPE_NAMES[kind]} found")
            continue
        axes.barh([shorten(name, 28) for name in top["name"].astype(str)], top["mentions"], color=TYPE_COLOURS[kind])
        axes.set_xlabel("mentions")
        count_axis(axes)
        plain(axes)
    figure.suptitle("Most mentioned actors", x=0.01, ha="left")
    return figure


def quotes_by_speaker(quotes: pd.DataFrame, actors: pd.DataFrame, *, n: int = 10) -> Figure:
    """Horizontal bars of the ``n`` speakers quoted most often; the title counts the unattributed quotes."""
    names = actors.set_index("actor_id")["name"]
    counts = quotes["speaker"].value_counts(dropna=True)
    shown = counts.head(n).iloc[::-1]
    labels = [shorten(names.get(speaker, speaker), 35) for speaker in shown.index]
    figure = Figure(figsize=(7, 0.32 * max(len(shown), 2) + 1.5), layout="constrained")
    axes = figure.subplots()
    unattributed = int(quotes["speaker"].isna().sum())
    title = f"Direct quotes by speaker ({unattributed:,} not attributed to anyone)"
    if len(counts) > len(shown):
        title = f"{title}; top {len(shown)} of {len(counts):,} speakers"
    axes.set_title(title, loc="left", fontsize="medium")
    if shown.empty:
        message(axes, "No direct quote is attributed to a named speaker." if len(quotes) else "No direct quote found.")
        return figure
    axes.barh(labels, shown.to_numpy(), color=TYPE_COLOURS["PER"])
    axes.set_xlabel("direct quotes")
    count_axis(axes)
    plain(axes)
    return figure


def actor_network(graph: nx.Graph, *, n: int = 25, edges: int = 60, seed: int = 0) -> Figure:
    """The co-occurrence network of the ``n`` most mentioned actors, every one of them named.

    Node size follows mentions, colour the type, edge width the weight. Only
    the ``edges`` heaviest edges among them are drawn and laid out, so a dense
    corpus still reads as a few clusters rather than a hairball. Labels are
    placed so that none overlaps another or a node (a thin line joins a label
    moved away to its node). ``seed`` fixes the layout: the same graph draws
    the same way.
    """
    mentions = nx.get_node_attributes(graph, "mentions")
    keep = sorted(graph.nodes, key=lambda node: (-mentions.get(node, 0), node))[:n]
    heaviest = sorted(graph.subgraph(keep).edges(data="weight"), key=lambda edge: (-edge[2], edge[0], edge[1]))
    sub = nx.Graph()
    sub.add_nodes_from((node, graph.nodes[node]) for node in keep)
    sub.add_weighted_edges_from(heaviest[:edges])
    figure = Figure(figsize=(11, 8.5))
    axes = figure.add_axes((0.01, 0.07, 0.98, 0.86))
    axes.set_axis_off()
    figure.suptitle(
        f"Who is named with whom (same sentence): the {len(keep)} most mentioned actors, "
        f"their {sub.number_of_edges()} strongest ties", x=0.01, ha="left",
    )  # fmt: skip
    if not keep:
        message(axes, "No actor found.")
        return figure
    # Unweighted layout: raw counts as spring strengths crush the big cluster into a knot.
    position = nx.spring_layout(sub, weight=None, seed=seed, k=2.2 / len(keep) ** 0.5)
    nodes = list(sub.nodes)
    xy = np.array([position[node] for node in nodes])
    # Fill the frame: the layout's bounding box, with room for the labels beside the outer nodes.
    low, high = xy.min(axis=0), xy.max(axis=0)
    pad = np.maximum((high - low) * np.array([0.16, 0.08]), 0.15)
    axes.set_xlim(low[0] - pad[0], high[0] + pad[0])
    axes.set_ylim(low[1] - pad[1], high[1] + pad[1])
    weights = [weight for _, _, weight in sub.edges(data="weight")]
    strongest = max(weights, default=1)
    nx.draw_networkx_edges(sub, position, ax=axes, width=[0.5 + 4 * w / strongest for w in weights], alpha=0.3)
    largest = max(mentions.get(node, 1) for node in keep)
    sizes = [60 + 700 * mentions.get(node, 1) / largest for node in nodes]
    nx.draw_networkx_nodes(
        sub, position, ax=axes, nodelist=nodes, node_size=sizes,
        node_color=[TYPE_COLOURS.get(sub.nodes[node].get("type"), "grey") for node in nodes],
    )  # fmt: skip
    # A marker of size s points² has radius sqrt(s)/2 points; in pixels at the figure's dpi.
    radii = [math.sqrt(size) / 2 * figure.dpi / 72 for size in sizes]
    order = sorted(range(len(nodes)), key=lambda index: (-mentions.get(nodes[index], 0), nodes[index]))
    place_labels(
        axes, [tuple(xy[i]) for i in order], [shorten(sub.nodes[nodes[i]].get("name", nodes[i]), 26) for i in order],
        avoid_radius=[radii[i] for i in order], fontsize=8.5,
        bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 0.5},
    )  # fmt: skip
    handles = [
        Line2D([], [], marker="o", ls="", color=colour, label=f"{TYPE_NAMES[kind]} ({kind})")
        for kind, colour in TYPE_COLOURS.items()
    ]
    handles.append(Line2D([], [], color="0.4", lw=3, alpha=0.5, label="line width: sentences shared"))
    figure.legend(handles=handles, loc="lower center", ncols=len(handles), frameon=False, fontsize="small")
    return figure
