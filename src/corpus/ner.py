"""Named-entity recognition (PER, ORG, LOC) for Italian news.

The shipped model (``corpus/models/ner_it``, the fast tier) is a spaCy CNN
pipeline trained on the Wikinews part of KIND (CC BY-NC 4.0, research /
non-commercial use; see its ``MODEL_CARD.md``), with static word vectors
taken from the multilingual-e5-small encoder's embeddings and name-list
features (:mod:`corpus.name_features`); everything it needs is inside its
folder. It always consumes the project's own tokens, never spaCy's
tokenizer, so entity spans map back onto ``tokens`` rows exactly.
:func:`evaluate` scores it by exact span and by the NERMuD 2023 token measure.

A gazetteer of Italian territory names (CLDR, via Babel) backs the model up:
a country the model left untagged (rare names such as "Kirghizistan") becomes
LOC, while a span the model tagged keeps its label, because KIND tags national
teams and governments named after countries as ORG, unless the country is
listed among places. Within a document,
:func:`harmonise` makes repeated names consistent before that.
"""

from __future__ import annotations

import functools
import re
import shutil
import tempfile
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Sequence
from pathlib import Path

import pandas as pd

from corpus import places
from corpus.config import KIND_DIR, MODELS_DIR
from corpus.schema import ENTITIES, NER_LABELS, conform

_IOB_TAG = re.compile(r"O|[BI]-\w+")
Sentence = list[tuple[str, str]]
Span = tuple[int, int, str]

LABELS = NER_LABELS
MODEL_DIR = MODELS_DIR / "ner_it"
DEFAULT_SEED = 42
# The shipped model's own training config, so retraining reproduces it.
DEFAULT_CONFIG = MODEL_DIR / "config.cfg"


_LIST_SEPARATORS = {",", ";", "e", "ed", "o", "od"}


def read_conll(path: str | Path) -> list[Sentence]:
    """Read a ``token<TAB>tag`` file into sentences of ``(token, tag)`` pairs.

    A blank line ends a sentence; a lone token without a tag counts as ``O``.
    Anything else -- a tag that is not IOB (``O``, ``B-X``, ``I-X``), a line of
    several words without a tab, text that is not UTF-8, a file without a
    single tab -- raises ``ValueError`` naming the file and the line.
    """
    sentences: list[Sentence] = []
    current: Sentence = []
    tagged = False
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, 1):
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8").rstrip("\r\n")
            except UnicodeDecodeError as error:
                raise ValueError(f"{path}, line {number}: not UTF-8 text ({error.reason})") from error
            if not line.strip():
                if current:
                    sentences.append(current)
                    current = []
                continue
            token, tab, tag = line.partition("\t")
            tag = tag.strip()
            if (tab and not _IOB_TAG.fullmatch(tag)) or (not tab and len(token.split()) != 1):
                raise ValueError(
                    f"{path}, line {number}: expected token<TAB>tag with an IOB tag (O, B-X, I-X), got {line[:60]!r}"
                )
            tagged = tagged or bool(tab)
            current.append((token, tag or "O"))
    if not tagged:
        raise ValueError(f"{path}: no token<TAB>tag line; is it a CoNLL file?")
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
    if not (MODEL_DIR / "meta.json").is_file():
        raise FileNotFoundError(
            f"the NER model is missing from {MODEL_DIR}; reinstall the package "
            "or rebuild it with `corpus train-ner --data DIR` (see training/README.md)"
        )
    return load_pipeline(MODEL_DIR)


def load_pipeline(path: str | Path):
    """A spaCy pipeline from a folder, with the project's own components registered."""
    import spacy

    from corpus import name_features  # noqa: F401  (registers the "name_features" factory)

    return spacy.load(path)


def _split_name(name: str) -> tuple[str, ...]:
    """Tokens of a place name as the project's tokenizer splits them (elisions apart)."""
    name = name.replace("’", "'")
    return tuple(re.findall(r"\w+(?:-\w+)*'?|[^\w\s]", name))


@functools.cache
def territory_names() -> dict[str, list[tuple[str, ...]]]:
    """Italian CLDR territory names (:func:`corpus.places.territories`) as token tuples, keyed by first token, longest first."""
    return _index_names(_split_name(name) for name in places.territories())


def _index_names(names: Iterable[tuple[str, ...]]) -> dict[str, list[tuple[str, ...]]]:
    """Token-tuple names keyed by first token, longest first (so longer names win)."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for name in sorted(set(names), key=len, reverse=True):
        by_first.setdefault(name[0], []).append(name)
    return by_first


def _free_matches(
    words: Sequence[str], names: dict[str, list[tuple[str, ...]]], tagged: Iterable[Span]
) -> list[tuple[int, int]]:
    """Left-to-right, longest-first occurrences of ``names`` that overlap no ``tagged`` span."""
    taken = {index for start, end, _ in tagged for index in range(start, end)}
    matches = []
    index = 0
    while index < len(words):
        for name in names.get(words[index], ()):
            end = index + len(name)
            if tuple(words[index:end]) == name and taken.isdisjoint(range(index, end)):
                matches.append((index, end))
                index = end - 1
                break
        index += 1
    return matches


def gazetteer_spans(words: Sequence[str], tagged: Iterable[Span]) -> list[Span]:
    """LOC spans for territory names in ``words`` that overlap none of the ``tagged`` spans."""
    normalised = [word.replace("’", "'") for word in words]
    return [(start, end, "LOC") for start, end in _free_matches(normalised, territory_names(), tagged)]


def listed_territories(words: Sequence[str], spans: Iterable[Span]) -> list[Span]:
    """``spans`` with the territory names of a list of mostly LOC items relabelled LOC.

    In "Russia, Armenia, Bielorussia e Kazakistan" every item is the same kind
    of thing; a model reading one country as ORG (KIND's reading for national
    teams and governments) is contradicted by its neighbours.
    """
    spans = sorted(spans)
    names = territory_names()
    normalised = [word.replace("’", "'") for word in words]
    lists: list[list[Span]] = []
    for span in spans:
        previous = lists[-1][-1] if lists else None
        if previous and span[0] == previous[1] + 1 and words[previous[1]].lower() in _LIST_SEPARATORS:
            lists[-1].append(span)
        else:
            lists.append([span])
    relabelled = []
    for items in lists:
        mostly_places = len(items) >= 3 and 2 * sum(label == "LOC" for _, _, label in items) > len(items)
        for start, end, label in items:
            name = tuple(normalised[start:end])
            is_territory = name in names.get(name[0], ())
            relabelled.append((start, end, "LOC" if mostly_places and is_territory else label))
    return relabelled


def harmonise(sentences: Sequence[Sequence[str]], spans: Sequence[Sequence[Span]]) -> list[list[Span]]:
    """Make the entity spans of one document's sentences consistent.

    A name tagged several times gets its majority label everywhere, and an
    untagged repeat of a tagged capitalised name gets tagged too, as does the
    bare surname of a person named in full ("Rossi" after "Mario Rossi"): a
    news article names the same actor many times, and the model, which sees
    one sentence at a time, misses or mislabels some of them.
    """
    votes: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    for words, found in zip(sentences, spans, strict=True):
        for start, end, label in found:
            votes[tuple(words[start:end])][label] += 1
    label_of = {name: counter.most_common(1)[0][0] for name, counter in votes.items()}
    # A full name is better evidence than a bare surname, which may also be a place.
    for name, label in list(label_of.items()):
        if label == "PER" and len(name) > 1:
            label_of[name[-1:]] = "PER"
    names = _index_names(name for name in label_of if len(name[0]) > 1 and name[0][0].isupper())
    harmonised = []
    for words, found in zip(sentences, spans, strict=True):
        relabelled = [(start, end, label_of[tuple(words[start:end])]) for start, end, _ in found]
        repeats = [(start, end, label_of[tuple(words[start:end])]) for start, end in _free_matches(words, names, found)]
        harmonised.append(sorted(relabelled + repeats))
    return harmonised


def _resolve_model(model):
    """The pipeline to use: the shipped one, a loaded ``Language``, or a path to one."""
    if model is None:
        return load_model()
    if isinstance(model, (str, Path)):
        return load_pipeline(model)
    return model


def tag_sentences(
    sentences: Sequence[Sequence[str]],
    *,
    documents: Sequence[Hashable] | None = None,
    batch_size: int = 256,
    gazetteer: bool = True,
    model=None,
) -> list[list[Span]]:
    """Entity spans ``(token start, token end exclusive, label)`` for each pre-tokenised sentence.

    ``documents`` gives each sentence's document; the sentences of one
    document are then made consistent (:func:`harmonise`). Without it each
    sentence stands alone. ``model`` is a spaCy ``Language`` or a path to one
    (default: the shipped model); ``gazetteer=False`` skips the territory
    gazetteer.
    """
    from spacy.tokens import Doc

    nlp = _resolve_model(model)
    docs = (Doc(nlp.vocab, words=list(words)) for words in sentences)
    tagged = [[(ent.start, ent.end, ent.label_) for ent in doc.ents] for doc in nlp.pipe(docs, batch_size=batch_size)]
    if documents is not None:
        positions: dict[Hashable, list[int]] = defaultdict(list)
        for position, document in enumerate(documents):
            positions[document].append(position)
        for members in positions.values():
            consistent = harmonise([sentences[i] for i in members], [tagged[i] for i in members])
            for position, spans in zip(members, consistent, strict=True):
                tagged[position] = spans
    if gazetteer:
        tagged = [
            listed_territories(words, spans + gazetteer_spans(words, spans))
            for words, spans in zip(sentences, tagged, strict=True)
        ]
    return tagged


def recognize_entities(tokens: pd.DataFrame, *, batch_size: int = 256) -> pd.DataFrame:
    """Entity mentions over a tokens table, one row per mention.

    ``tokens`` needs doc_id, sentence, token, start, end and text (the
    ``Corpus.tokens`` table). Returns doc_id, sentence, token_start and
    token_end (doc-level token indices, end exclusive), start and end (char
    offsets into ``documents.text``), label (PER, ORG or LOC) and confidence
    (NaN: this model gives none).
    """
    ordered = tokens.sort_values(["doc_id", "token"], kind="stable")
    groups = [group for _, group in ordered.groupby(["doc_id", "sentence"], sort=False, observed=True)]
    sentences = [group["text"].astype(str).tolist() for group in groups]
    documents = [group["doc_id"].iloc[0] for group in groups]
    rows = []
    tagged = tag_sentences(sentences, documents=documents, batch_size=batch_size)
    for group, spans in zip(groups, tagged, strict=True):
        token_index = group["token"].to_numpy()
        starts, ends = group["start"].to_numpy(), group["end"].to_numpy()
        doc_id, sentence = group["doc_id"].iloc[0], group["sentence"].iloc[0]
        for first, stop, label in spans:
            rows.append(
                (doc_id, sentence, token_index[first], token_index[stop - 1] + 1, starts[first], ends[stop - 1], label,
                 float("nan"))
            )
    return conform(pd.DataFrame(rows, columns=list(ENTITIES)), ENTITIES)


def _prf(true_positives: int, n_predicted: int, n_gold: int) -> dict:
    precision = true_positives / n_predicted if n_predicted else 0.0
    recall = true_positives / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def score_spans(gold: Sequence[Sequence[Span]], predicted: Sequence[Sequence[Span]]) -> dict:
    """Exact-span precision, recall and F1 per label and micro-averaged."""
    # per label: [true positives, predicted, gold]; "micro" counts every label
    counts = {label: [0, 0, 0] for label in ("micro", *LABELS)}
    for gold_spans, predicted_spans in zip(gold, predicted, strict=True):
        gold_set, predicted_set = set(gold_spans), set(predicted_spans)
        for column, spans in enumerate((gold_set & predicted_set, predicted_set, gold_set)):
            for span in spans:
                counts["micro"][column] += 1
                if span[2] in counts:
                    counts[span[2]][column] += 1
    return {label: _prf(*row) for label, row in counts.items()}


def span_labels(n_tokens: int, spans: Iterable[Span]) -> list[str]:
    """Each token's entity type (``O`` outside entities): IOB tags with B-/I- stripped."""
    labels = ["O"] * n_tokens
    for start, end, label in spans:
        labels[start:end] = [label] * (end - start)
    return labels


def score_tokens(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]) -> dict:
    """Token-level precision, recall and F1 per label and micro-averaged over PER, ORG and LOC.

    The NERMuD 2023 measure (KIND's ``evalita-2023/scripts/get-results.py``):
    each token's tag with its ``B-``/``I-`` prefix stripped; a token counts as
    right when its predicted type equals its gold type. ``gold`` and
    ``predicted`` are per-sentence tag lists (``B-PER``, ``I-PER``, ``PER``
    or ``O``), aligned token by token.
    """
    counts = {label: [0, 0, 0] for label in ("micro", *LABELS)}
    for gold_tags, predicted_tags in zip(gold, predicted, strict=True):
        for gold_tag, predicted_tag in zip(gold_tags, predicted_tags, strict=True):
            gold_label, predicted_label = gold_tag.rpartition("-")[2], predicted_tag.rpartition("-")[2]
            for column, label in ((1, predicted_label), (2, gold_label)):
                if label in LABELS:
                    counts[label][column] += 1
                    counts["micro"][column] += 1
            if gold_label == predicted_label and gold_label in LABELS:
                counts[gold_label][0] += 1
                counts["micro"][0] += 1
    return {label: _prf(*row) for label, row in counts.items()}


def evaluate(gold: Sequence[Sentence], *, model=None, gazetteer: bool = True, window: int = 0) -> dict:
    """Score the model on gold ``(token, tag)`` sentences, by exact spans and by tokens.

    Sentences are tagged one by one, unless ``window`` > 0: then each run of
    ``window`` consecutive sentences counts as one document for
    :func:`harmonise` (KIND has no document boundaries, but its sentences
    follow each other within an article, so this approximates documents).
    Returns ``{"exact_span": scores, "token": scores}``, each
    ``{"micro": {"precision", "recall", "f1"}, "PER": {...}, "ORG": {...}, "LOC": {...}}``:
    :func:`score_spans` (an entity is right when its span and type are) and
    :func:`score_tokens` (the NERMuD 2023 token-level measure).
    """
    words = [[token for token, _ in sentence] for sentence in gold]
    gold_tags = [[tag for _, tag in sentence] for sentence in gold]
    documents = [index // window for index in range(len(gold))] if window > 0 else None
    predicted = tag_sentences(words, documents=documents, model=model, gazetteer=gazetteer)
    return {
        "exact_span": score_spans([tag_spans(tags) for tags in gold_tags], predicted),
        "token": score_tokens(
            gold_tags, [span_labels(len(sentence), spans) for sentence, spans in zip(words, predicted, strict=True)]
        ),
    }


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
    data_dir: str | Path = KIND_DIR,
    output_dir: str | Path = "ner_it",
    *,
    config: str | Path = DEFAULT_CONFIG,
    seed: int = DEFAULT_SEED,
    init_tok2vec: str | Path | None = None,
) -> Path:
    """Train the NER pipeline on ``WN_train.tsv``, selecting on ``WN_dev.tsv``; return its directory.

    ``config`` defaults to the shipped model's own training config.
    ``init_tok2vec`` is a ``spacy pretrain`` weights file; without it the
    network starts from random weights. A config with static vectors takes
    them from the shipped model (they were built once from the e5 encoder's
    embedding table, ``training/e5_vectors.py``), and one with name features
    reads the organisation gazetteer from ``DATA_DIR/gazetteers/it-ORG-wikipedia.txt``.
    The best checkpoint on WN_dev is written to ``output_dir`` (the same
    layout as the shipped model).
    """
    import spacy
    from spacy.cli.train import train as spacy_train

    from corpus import name_features  # noqa: F401  (registers the "name_features" factory)

    data_dir, output_dir = Path(data_dir), Path(output_dir)
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        write_docbin(read_conll(data_dir / "WN_train.tsv"), work / "train.spacy")
        write_docbin(read_conll(data_dir / "WN_dev.tsv"), work / "dev.spacy")
        overrides = {
            "paths.train": str(work / "train.spacy"),
            "paths.dev": str(work / "dev.spacy"),
            "system.seed": seed,
            "paths.init_tok2vec": str(init_tok2vec) if init_tok2vec else None,
        }
        paths = spacy.util.load_config(config)["paths"]
        if paths.get("vectors"):
            overrides["paths.vectors"] = str(MODEL_DIR)
        if "org_names" in paths:
            overrides["paths.org_names"] = str(data_dir / "gazetteers" / "it-ORG-wikipedia.txt")
        spacy_train(Path(config), work / "out", overrides=overrides)
        if output_dir.exists():
            shutil.rmtree(output_dir)
        shutil.copytree(work / "out" / "model-best", output_dir)
    return output_dir


def format_scores(scores: dict) -> str:
    """Scores from :func:`evaluate` as aligned text tables, one per measure, one row per label then micro."""
    titles = {"exact_span": "exact-span (entity) scores", "token": "token-level scores (NERMuD 2023: B-/I- stripped)"}
    blocks = []
    for measure, title in titles.items():
        lines = [title, f"{'type':<6}{'precision':>10}{'recall':>10}{'f1':>10}"]
        for label in (*LABELS, "micro"):
            row = scores[measure][label]
            lines.append(f"{label:<6}{row['precision']:>10.4f}{row['recall']:>10.4f}{row['f1']:>10.4f}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
