"""Named-entity recognition (PER, ORG, LOC) for Italian news.

The shipped model (``corpus/models/ner_it``) is a spaCy pipeline trained on
the Wikinews part of KIND (CC BY-NC 4.0, research / non-commercial use; see
its ``MODEL_CARD.md``). It always consumes the project's own tokens, never
spaCy's tokenizer, so entity spans map back onto ``tokens`` rows exactly.

A gazetteer of Italian territory names (CLDR, via Babel) backs the model up:
a country the model left untagged (rare names such as "Kirghizistan") becomes
LOC, while a span the model tagged keeps its label, because KIND tags national
teams and governments named after countries as ORG.
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import shutil
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from corpus.schema import conform

Sentence = list[tuple[str, str]]
Span = tuple[int, int, str]

LABELS = ("PER", "ORG", "LOC")
MODEL_DIR = Path(__file__).resolve().parent / "models" / "ner_it"
PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATA_DIR = PROJECT_ROOT.parent / "shared" / "data" / "kind"
DEFAULT_SEED = 42
# The shipped model's own training config, so retraining reproduces it.
DEFAULT_CONFIG = MODEL_DIR / "config.cfg"

MENTION_DTYPES = {
    "doc_id": "category",
    "sentence": "int32",
    "token_start": "int32",
    "token_end": "int32",
    "start": "int32",
    "end": "int32",
    "label": pd.CategoricalDtype(list(LABELS)),
}

# CLDR entries that are not places, or that KIND tags as ORG ("Unione europea").
_NOT_PLACES = {"001", "EU", "UN", "EZ", "ZZ", "QO"}


def read_conll(path: str | Path) -> list[Sentence]:
    """Read a ``token<TAB>tag`` file into sentences of ``(token, tag)`` pairs.

    A blank line ends a sentence; a line without a tag counts as ``O``.
    """
    sentences: list[Sentence] = []
    current: Sentence = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line.strip():
                if current:
                    sentences.append(current)
                    current = []
                continue
            token, _, tag = line.partition("\t")
            current.append((token, tag.strip() or "O"))
    if current:
        sentences.append(current)
    return sentences


def tag_spans(tags: Sequence[str]) -> list[Span]:
    """Entity spans ``(start, end exclusive, label)`` from IOB tags.

    An ``I-`` tag not continuing an entity of the same type starts one, as
    conlleval does, so a stray ``I-LOC`` after ``O`` is still scored as an entity.
    """
    spans: list[Span] = []
    start, label = 0, None
    for index, tag in enumerate([*tags, "O"]):
        prefix, _, kind = tag.partition("-")
        continues = prefix == "I" and kind == label
        if label is not None and not continues:
            spans.append((start, index, label))
            label = None
        if prefix in ("B", "I") and not continues:
            start, label = index, kind
    return spans


@functools.cache
def load_model():
    """The shipped spaCy pipeline, loaded once from the package directory (offline)."""
    import spacy

    if not (MODEL_DIR / "meta.json").is_file():
        raise FileNotFoundError(
            f"the NER model is missing from {MODEL_DIR}; reinstall the package "
            "or rebuild it with `corpus train-ner --data DIR` (see training/README.md)"
        )
    return spacy.load(MODEL_DIR)


def _split_name(name: str) -> tuple[str, ...]:
    """Tokens of a place name as the project's tokenizer splits them (elisions apart)."""
    name = name.replace("’", "'")
    return tuple(re.findall(r"\w+(?:-\w+)*'?|[^\w\s]", name))


@functools.cache
def territory_names() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Italian CLDR territory names as token tuples, keyed by first token, longest first."""
    import babel

    names: set[tuple[str, ...]] = set()
    for code, name in babel.Locale("it").territories.items():
        if code in _NOT_PLACES:
            continue
        # "Myanmar (Birmania)", "Congo - Kinshasa", "RAS di Hong Kong": keep the plain name.
        name = re.sub(r"\s*\(.*\)", "", name).split(" - ")[0].removeprefix("RAS di ")
        names.add(_split_name(name))
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for tokens in names:
        by_first.setdefault(tokens[0], []).append(tokens)
    return {first: tuple(sorted(group, key=len, reverse=True)) for first, group in by_first.items()}


def gazetteer_spans(words: Sequence[str], tagged: Iterable[Span]) -> list[Span]:
    """LOC spans for territory names in ``words`` that overlap none of the ``tagged`` spans."""
    taken = set()
    for start, end, _ in tagged:
        taken.update(range(start, end))
    names = territory_names()
    normalised = [word.replace("’", "'") for word in words]
    spans: list[Span] = []
    index = 0
    while index < len(words):
        for name in names.get(normalised[index], ()):
            end = index + len(name)
            if tuple(normalised[index:end]) == name and taken.isdisjoint(range(index, end)):
                spans.append((index, end, "LOC"))
                index = end - 1
                break
        index += 1
    return spans


def _resolve_model(model):
    """The pipeline to use: the shipped one, a loaded ``Language``, or a path to one."""
    import spacy

    if model is None:
        return load_model()
    if isinstance(model, (str, Path)):
        return spacy.load(model)
    return model


def tag_sentences(
    sentences: Sequence[Sequence[str]],
    *,
    batch_size: int = 256,
    gazetteer: bool = True,
    model=None,
) -> list[list[Span]]:
    """Entity spans ``(token start, token end exclusive, label)`` for each pre-tokenised sentence.

    ``model`` is a spaCy ``Language`` or a path to one (default: the shipped
    model); ``gazetteer=False`` returns the model's spans alone.
    """
    from spacy.tokens import Doc

    nlp = _resolve_model(model)
    docs = (Doc(nlp.vocab, words=list(words)) for words in sentences)
    tagged: list[list[Span]] = []
    for words, doc in zip(sentences, nlp.pipe(docs, batch_size=batch_size), strict=True):
        spans = [(ent.start, ent.end, ent.label_) for ent in doc.ents]
        if gazetteer:
            spans = sorted(spans + gazetteer_spans(words, spans))
        tagged.append(spans)
    return tagged


def recognize_entities(tokens: pd.DataFrame, *, batch_size: int = 256) -> pd.DataFrame:
    """Entity mentions over a tokens table, one row per mention.

    ``tokens`` needs doc_id, sentence, token, start, end and text (the
    ``Corpus.tokens`` table). Returns doc_id, sentence, token_start and
    token_end (doc-level token indices, end exclusive), start and end (char
    offsets into ``documents.text``) and label (PER, ORG or LOC).
    """
    ordered = tokens.sort_values(["doc_id", "token"], kind="stable")
    groups = [group for _, group in ordered.groupby(["doc_id", "sentence"], sort=False, observed=True)]
    sentences = [group["text"].astype(str).tolist() for group in groups]
    rows = []
    for group, spans in zip(groups, tag_sentences(sentences, batch_size=batch_size), strict=True):
        token_index = group["token"].to_numpy()
        starts, ends = group["start"].to_numpy(), group["end"].to_numpy()
        doc_id, sentence = group["doc_id"].iloc[0], group["sentence"].iloc[0]
        for first, stop, label in spans:
            rows.append(
                (doc_id, sentence, token_index[first], token_index[stop - 1] + 1, starts[first], ends[stop - 1], label)
            )
    return conform(pd.DataFrame(rows, columns=list(MENTION_DTYPES)), MENTION_DTYPES)


def score_spans(gold: Sequence[Sequence[Span]], predicted: Sequence[Sequence[Span]]) -> dict:
    """Exact-span precision, recall and F1 per label and micro-averaged."""
    counts = {label: [0, 0, 0] for label in ("micro", *LABELS)}  # true pos., predicted, gold
    for gold_spans, predicted_spans in zip(gold, predicted, strict=True):
        gold_set, predicted_set = set(gold_spans), set(predicted_spans)
        for label in ("micro", *LABELS):
            keep = (lambda span: True) if label == "micro" else (lambda span, label=label: span[2] == label)
            g = {span for span in gold_set if keep(span)}
            p = {span for span in predicted_set if keep(span)}
            counts[label][0] += len(g & p)
            counts[label][1] += len(p)
            counts[label][2] += len(g)
    scores = {}
    for label, (true_positives, n_predicted, n_gold) in counts.items():
        precision = true_positives / n_predicted if n_predicted else 0.0
        recall = true_positives / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores[label] = {"precision": precision, "recall": recall, "f1": f1}
    return scores


def evaluate(gold: Sequence[Sentence], *, model=None, gazetteer: bool = True) -> dict:
    """Score the model on gold ``(token, tag)`` sentences (entity level, exact spans).

    Returns ``{"micro": {"precision", "recall", "f1"}, "PER": {...}, "ORG": {...}, "LOC": {...}}``.
    """
    words = [[token for token, _ in sentence] for sentence in gold]
    gold_spans = [tag_spans([tag for _, tag in sentence]) for sentence in gold]
    return score_spans(gold_spans, tag_sentences(words, model=model, gazetteer=gazetteer))


def write_docbin(sentences: Sequence[Sentence], path: str | Path) -> None:
    """Save gold sentences as a spaCy DocBin, one Doc per sentence (training input)."""
    import spacy
    from spacy.tokens import Doc, DocBin
    from spacy.tokens import Span as SpacySpan

    vocab = spacy.blank("it").vocab
    docbin = DocBin(attrs=["ORTH", "ENT_IOB", "ENT_TYPE"])
    for sentence in sentences:
        doc = Doc(vocab, words=[token for token, _ in sentence])
        doc.ents = [SpacySpan(doc, s, e, label) for s, e, label in tag_spans([tag for _, tag in sentence])]
        docbin.add(doc)
    docbin.to_disk(path)


def train(
    data_dir: str | Path = DEFAULT_DATA_DIR,
    output_dir: str | Path = "ner_it",
    *,
    config: str | Path = DEFAULT_CONFIG,
    seed: int = DEFAULT_SEED,
) -> Path:
    """Train the NER pipeline on ``WN_train.tsv``, selecting on ``WN_dev.tsv``; return its directory.

    The best checkpoint on WN_dev is written to ``output_dir`` (the same
    layout as the shipped model).
    """
    from spacy.cli.train import train as spacy_train

    data_dir, output_dir = Path(data_dir), Path(output_dir)
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        write_docbin(read_conll(data_dir / "WN_train.tsv"), work / "train.spacy")
        write_docbin(read_conll(data_dir / "WN_dev.tsv"), work / "dev.spacy")
        overrides = {
            "paths.train": str(work / "train.spacy"),
            "paths.dev": str(work / "dev.spacy"),
            "system.seed": seed,
        }
        spacy_train(Path(config), work / "out", overrides=overrides)
        if output_dir.exists():
            shutil.rmtree(output_dir)
        shutil.copytree(work / "out" / "model-best", output_dir)
    return output_dir


def format_scores(scores: dict) -> str:
    """Scores as an aligned text table, one row per label then micro."""
    lines = [f"{'type':<6}{'precision':>10}{'recall':>10}{'f1':>10}"]
    for label in (*LABELS, "micro"):
        row = scores[label]
        lines.append(f"{label:<6}{row['precision']:>10.4f}{row['recall']:>10.4f}{row['f1']:>10.4f}")
    return "\n".join(lines)


def eval_ner_command(argv: list[str] | None = None) -> int:
    """``corpus eval-ner FILE.tsv [--json]``: score the shipped model on a gold TSV file."""
    parser = argparse.ArgumentParser(prog="corpus eval-ner", description=eval_ner_command.__doc__)
    parser.add_argument("file", type=Path, help="gold token<TAB>tag file (blank line = sentence end)")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--model", type=Path, default=None, help="a spaCy pipeline directory instead of the shipped one")
    parser.add_argument("--no-gazetteer", action="store_true", help="score the model's own spans only")
    args = parser.parse_args(argv)
    scores = evaluate(read_conll(args.file), model=args.model, gazetteer=not args.no_gazetteer)
    print(json.dumps(scores, indent=2) if args.json else format_scores(scores))
    return 0


def train_ner_command(argv: list[str] | None = None) -> int:
    """``corpus train-ner --data DIR [--output DIR]``: retrain the NER model from KIND."""
    parser = argparse.ArgumentParser(prog="corpus train-ner", description=train_ner_command.__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, help="folder with WN_train.tsv and WN_dev.tsv")
    parser.add_argument("--output", type=Path, default=Path("ner_it"), help="where to write the trained pipeline")
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG, help="spaCy training config")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    path = train(args.data, args.output, config=args.config, seed=args.seed)
    print(f"model written to {path}", file=sys.stderr)
    return 0
