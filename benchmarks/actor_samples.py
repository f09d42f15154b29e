"""Hand-checked samples of mentions and quotes: draw them to annotate, then score the annotations.

    python benchmarks/actor_samples.py draw PAGES OUT [--mentions 200] [--quotes 50] [--places any|italian] [--seed 0]
    python benchmarks/actor_samples.py score OUT [--against OTHER_OUT]

``draw`` loads the pages (cached as usual), draws a fixed random sample (same
seed, same corpus: same rows) and writes ``OUT/mentions.csv`` and
``OUT/quotes.csv`` with the context to judge each row and empty gold columns
(``--mentions 0 --quotes 0`` writes every row, to score gold rows against):

- mentions: ``gold_type`` (PER, ORG, LOC, or ``-`` when the span is not a name)
  and ``gold_span`` (``y`` when the span is exactly the name, else ``n``);
  ``--places any`` draws only mentions whose surface is a known place name,
  ``--places italian`` only Italian comuni, province and regioni (town typing);
- quotes: ``gold_speaker`` (the speaker's name as the article gives it, or
  ``-`` when the text names none) and ``gold_quote`` (``y`` when the span is
  speech, ``n`` for a scare quote or a title).

``score`` reads the filled files and prints the share right: a mention is right
when its span and type are; a quote's speaker is right when the predicted
actor's name or one of its aliases is the gold name (both missing counts as
right). ``--against`` scores another run's predictions (a ``draw`` of the same
pages by other code) on the same gold rows, matched by doc_id and offsets.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

import corpus
from corpus.actors import normalise, place_keys
from corpus.places import italian_places

CONTEXT = 200


def _context(texts: dict, frame: pd.DataFrame) -> pd.DataFrame:
    left = [texts[d][max(0, s - CONTEXT) : s].replace("\n", " ") for d, s in zip(frame["doc_id"], frame["start"])]
    right = [texts[d][e : e + CONTEXT].replace("\n", " ") for d, e in zip(frame["doc_id"], frame["end"])]
    return frame.assign(left=left, right=right)


def draw(pages: Path, out: Path, *, mentions: int, quotes: int, places: str | None, seed: int) -> None:
    c = corpus.load(pages, progress=False)
    texts = dict(zip(c.documents["doc_id"], c.documents["text"]))
    names = c.actors.set_index("actor_id")
    found = c.mentions
    if places:
        known = place_keys() if places == "any" else {normalise(name) for name in italian_places()}
        found = found[[normalise(text) in known for text in found["text"]]]
    # 0 draws every row: a full table to score gold rows --against.
    sample = found.sample(min(mentions or len(found), len(found)), random_state=seed).sort_values(["doc_id", "start"])
    sample = _context(texts, sample[["doc_id", "start", "end", "text", "type", "actor_id"]])
    out.mkdir(parents=True, exist_ok=True)
    sample.assign(gold_type="", gold_span="").to_csv(out / "mentions.csv", index=False)
    said = c.quotes.sample(min(quotes or len(c.quotes), len(c.quotes)), random_state=seed).sort_values(["doc_id", "start"])
    speakers = said["speaker"].astype(object)
    said = said.assign(
        speaker_name=[names["name"].get(s, "") if isinstance(s, str) else "" for s in speakers],
        speaker_aliases=[names["aliases"].get(s, "") if isinstance(s, str) else "" for s in speakers],
    )
    said = _context(texts, said[["doc_id", "start", "end", "quote", "speaker", "speaker_name", "speaker_aliases", "verb"]])
    said.assign(gold_speaker="", gold_quote="").to_csv(out / "quotes.csv", index=False)
    print(f"wrote {len(sample)} mentions and {len(said)} quotes to {out}")


def _said_by(gold: str, name: str, aliases: str) -> bool:
    """Whether the predicted speaker is the gold one: the gold name is the actor's name, an alias or its tail."""
    if gold.strip() == "-":
        return not name
    wanted = normalise(gold)
    return any(known == wanted or known.endswith(" " + wanted) for known in map(normalise, [name, *aliases.split("; ")]) if known)


def score(out: Path, against: Path | None = None) -> dict[str, float]:
    """Shares right in the annotated files of ``out`` (predictions from ``against`` when given)."""
    if against is None and "type" not in pd.read_csv(out / "mentions.csv", nrows=0).columns:
        raise SystemExit(f"{out} holds gold annotations only: give --against a draw of the same pages")
    results = {}
    gold = pd.read_csv(out / "mentions.csv", dtype=str, keep_default_na=False)
    gold = gold[gold["gold_type"] != ""]
    if len(gold):
        predicted = gold
        if against is not None:
            other = pd.read_csv(against / "mentions.csv", dtype=str, keep_default_na=False)
            predicted = gold.drop(columns=["type", "actor_id"], errors="ignore").merge(
                other[["doc_id", "start", "end", "type", "actor_id"]], on=["doc_id", "start", "end"], how="left"
            ).fillna({"type": "-"})
        right = (predicted["gold_span"] == "y") & (predicted["type"] == predicted["gold_type"])
        results["mentions right"] = float(right.mean())
        results["mentions typed right"] = float((predicted["type"] == predicted["gold_type"]).mean())
        results["mentions"] = len(gold)
    gold = pd.read_csv(out / "quotes.csv", dtype=str, keep_default_na=False)
    gold = gold[gold["gold_speaker"] != ""]
    if len(gold):
        predicted = gold
        if against is not None:
            other = pd.read_csv(against / "quotes.csv", dtype=str, keep_default_na=False)
            predicted = gold.drop(columns=["speaker", "speaker_name", "speaker_aliases", "verb"], errors="ignore").merge(
                other[["doc_id", "start", "end", "speaker_name", "speaker_aliases"]], on=["doc_id", "start", "end"],
                how="left",
            ).fillna("")
        right = [_said_by(*row) for row in zip(predicted["gold_speaker"], predicted["speaker_name"], predicted["speaker_aliases"])]
        results["speakers right"] = sum(right) / len(right)
        results["quotes"] = len(gold)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    drawing = commands.add_parser("draw")
    drawing.add_argument("pages", type=Path)
    drawing.add_argument("out", type=Path)
    drawing.add_argument("--mentions", type=int, default=200)
    drawing.add_argument("--quotes", type=int, default=50)
    drawing.add_argument("--places", choices=["any", "italian"], default=None, help="only mentions of known places")
    drawing.add_argument("--seed", type=int, default=0)
    scoring = commands.add_parser("score")
    scoring.add_argument("out", type=Path)
    scoring.add_argument("--against", type=Path, default=None)
    args = parser.parse_args(argv)
    if args.command == "draw":
        draw(args.pages, args.out, mentions=args.mentions, quotes=args.quotes, places=args.places, seed=args.seed)
    else:
        for name, value in score(args.out, args.against).items():
            print(f"{name:<22}{value:.3f}" if isinstance(value, float) else f"{name:<22}{value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
