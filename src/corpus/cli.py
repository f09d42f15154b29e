"""The ``corpus`` command: one argument parser for every subcommand.

Options go before or after positional arguments, every subcommand has
``--help``, and errors in the input are one line on stderr with exit status 2.
The work itself is done by plain functions in the package (``corpus.load``,
``report.run_report``, ``corpus.engine.dask.load``, ``ner.evaluate``, ``ner.train``, ``tagger.evaluate``,
``corpus.cache``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

DESCRIPTION = "Load and analyse collections of Italian news articles (folders of pages, or tables of articles)."
# What ``corpus load --out`` can write, by file extension.
TABLE_FORMATS = (".parquet", ".csv", ".jsonl")
LAYER_NAMES = "sentences, tokens, dates, entities, mentions, roles, quotes, sources"


def table_path(value: str) -> Path:
    """An ``--out`` file whose extension names a format this command writes."""
    path = Path(value)
    if path.suffix.lower() not in TABLE_FORMATS:
        raise argparse.ArgumentTypeError(
            f"{value!r}: the extension names the format; use one of {', '.join(TABLE_FORMATS)}"
        )
    return path


def write_table(frame, path: Path) -> None:
    """Write ``frame`` in the format ``path``'s extension names."""
    import pandas as pd

    path.parent.mkdir(parents=True, exist_ok=True)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        frame.to_csv(path, index=False, lineterminator="\n")
    elif suffix == ".jsonl":
        # Timestamps as ISO 8601 with their own offset (pandas would turn them into UTC).
        stamps = frame.select_dtypes(include=["datetime", "datetimetz"]).columns
        frame = frame.assign(**{name: frame[name].map(lambda t: t.isoformat() if pd.notna(t) else None) for name in stamps})
        frame.to_json(path, orient="records", lines=True, force_ascii=False)
    else:
        frame.to_parquet(path, index=False)


def _load(args: argparse.Namespace):
    from corpus import load

    return load(args.path, cache=not args.no_cache, workers=args.workers)


def command_load(args: argparse.Namespace) -> int:
    table = getattr(_load(args), args.table)
    write_table(table, args.out)
    print(f"wrote {len(table)} rows of {args.table} to {args.out}")
    return 0


def command_info(args: argparse.Namespace) -> int:
    from corpus import overview

    corpus = _load(args)
    summary = overview.summary(corpus.documents)
    width = max(len(k) for k in summary)
    for key, value in summary.items():
        print(f"{key:<{width}}  {value}")
    problems = overview.problem_counts(corpus.documents)
    if len(problems):
        print("\nproblems:")
        for row in problems.itertuples(index=False):
            print(f"  {row.documents:>7}  {row.problem}")
    if len(corpus.skipped):
        print(f"\nnot read ({len(corpus.skipped)} files):")
        for row in corpus.skipped.itertuples(index=False):
            print(f"  {row.path}: {row.reason}")
    return 0


def command_report(args: argparse.Namespace) -> int:
    from corpus.report import run_report

    run_report(
        source=args.source, reports_dir=args.reports_dir, reuse=not args.execute_all,
        progress=lambda line: print(line, flush=True),
    )
    return 0


def command_annotate(args: argparse.Namespace) -> int:
    from corpus import io
    from corpus.engine import dask as dask_engine
    from corpus.engine import stream

    client = None
    if args.scheduler:
        from distributed import Client

        client = Client(args.scheduler)
    try:
        corpus = dask_engine.load(
            args.path, workers=args.workers, client=client,
            layers=[name.strip() for name in args.layers.split(",") if name.strip()],
            progress=False if args.no_progress else None,
        )  # fmt: skip
        if args.out is None:
            print(f"annotated {corpus.rows['documents']} documents in the cache: " + ", ".join(corpus.tables))
            return 0
        dask_engine.export(corpus, args.out, source=str(Path(args.path).resolve()))
    finally:
        if client is not None:
            client.close()
    rows = io.read_json(Path(args.out) / stream.DATASET_MANIFEST)["rows"]
    print(f"wrote {args.out}: " + ", ".join(f"{rows[name]} {name}" for name in corpus.tables))
    return 0


def command_cache(args: argparse.Namespace) -> int:
    from corpus import cache, io

    cache_dir = io.cache_root(args.cache_dir)
    if args.action == "clear":
        freed = cache.clear(cache_dir, stale_only=args.stale)
        print(f"freed {freed / 1e6:.1f} MB in {cache_dir}" + (" (stale entries only)" if args.stale else ""))
        return 0
    table = cache.cached(cache_dir)
    print(f"cache: {cache_dir}")
    if table.empty:
        print("empty")
        return 0
    for row in table.itertuples(index=False):
        unit = {"parse": "files", "layer": "documents", "corpus": "documents", "page": "page"}[row.kind]
        state = "current" if row.current else "stale"
        print(f"  {row.kind:<6} {row.name:<40} {row.version:<16} {state:<7} {row.entries:>9,} {unit:<9} "
              f"{row.bytes / 1e6:>9.1f} MB")
    stale = table.loc[~table["current"], "bytes"].sum()
    print(f"  total {table['bytes'].sum() / 1e6:.1f} MB, of which stale {stale / 1e6:.1f} MB")
    return 0


def command_eval_ner(args: argparse.Namespace) -> int:
    from corpus import ner

    if not args.file.is_file():
        raise FileNotFoundError(f"no such file: {args.file}")
    gold = ner.read_conll(args.file)
    scores = ner.evaluate(gold, model=args.model, gazetteer=not args.no_gazetteer, window=args.window)
    print(json.dumps(scores, indent=2) if args.json else ner.format_scores(scores))
    return 0


def command_eval_tagger(args: argparse.Namespace) -> int:
    from corpus import tagger

    if not args.file.is_file():
        raise FileNotFoundError(f"no such file: {args.file}")
    gold = list(tagger.read_conllu(args.file))
    if not gold:
        raise ValueError(f"{args.file}: no CoNLL-U sentence")
    scores = tagger.evaluate(gold, model_dir=args.model or tagger.MODEL_DIR)
    print(json.dumps(scores, indent=2) if args.json else tagger.format_scores(scores))
    return 0


def command_train_ner(args: argparse.Namespace) -> int:
    from corpus import ner

    path = ner.train(args.data, args.output, config=args.config, seed=args.seed, init_tok2vec=args.init_tok2vec)
    print(f"model written to {path}", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    from corpus import config
    from corpus.ner import DEFAULT_CONFIG, DEFAULT_SEED

    parser = argparse.ArgumentParser(prog="corpus", description=DESCRIPTION)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, run, summary: str, description: str = "") -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name, help=summary, description=description or summary, formatter_class=argparse.RawDescriptionHelpFormatter
        )
        sub.set_defaults(run=run)
        return sub

    def corpus_arguments(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("path", help="a folder of pages (searched recursively), one page, or a table of articles")
        sub.add_argument("--no-cache", action="store_true", help="compute everything again in a private cache, deleted afterwards")
        sub.add_argument("--workers", type=int, default=None, help="worker processes (default: all cores for large corpora)")

    load = command(
        "load", command_load, "parse a corpus and write one of its tables",
        "Parse a corpus and write one of its tables; the extension of --out names the format.\n\n"
        "example: corpus load seeds/ --table blocks --out blocks.csv",
    )  # fmt: skip
    corpus_arguments(load)
    load.add_argument("--out", required=True, type=table_path, help="output file: .parquet, .csv or .jsonl")
    load.add_argument("--table", default="documents", choices=["documents", "blocks", "related", "skipped"], help="default: documents")

    info = command("info", command_info, "summarise a corpus: documents, dates, outlets, problems")
    corpus_arguments(info)

    report = command(
        "report", command_report, "execute every notebook headless and write the reports",
        "Execute every notebook headless, in order, and write figures, tables, HTML pages and index.html.\n\n"
        "The seed's reports go to reports/; another corpus's to reports-NAME/ (NAME its folder),\n"
        "or to --reports-dir or $CORPUS_REPORTS_DIR. Prints one line per notebook with its time.\n"
        "A notebook whose notebook file, package and corpus are unchanged is not executed again:\n"
        "its page is reused from the cache (corpus cache info|clear).",
    )  # fmt: skip
    report.add_argument("--source", type=Path, default=None, help="corpus to analyse (default: $CORPUS_SOURCE, else seeds/)")
    report.add_argument("--reports-dir", type=Path, default=None, help="output folder (default: see above)")
    report.add_argument(
        "--execute-all", action="store_true",
        help="execute every notebook, even one whose notebook, package and corpus are those of a page in the cache",
    )

    annotate = command(
        "annotate", command_annotate, "compute the layers of a corpus of any size; export them with --out",
        "Compute the layers of a corpus of any size into the cache, chunk by chunk in worker processes\n"
        "or on a Dask cluster, with bounded memory; with --out, also write every table as a\n"
        "partitioned Parquet dataset (one folder per table, one part file per chunk).\n\n"
        "example: corpus annotate pages/ --layers tokens,entities,mentions --out dataset/ --workers 2",
    )  # fmt: skip
    annotate.add_argument("path", help="a folder of pages (searched recursively), one page, or a table of articles")
    annotate.add_argument("--out", type=Path, default=None, help="dataset folder (replaced if it is one)")
    annotate.add_argument("--workers", type=int, default=None, help="worker processes (default: all cores for large corpora)")
    annotate.add_argument(
        "--layers", default="sentences,tokens,dates", help=f"comma-separated, from: {LAYER_NAMES} (default: %(default)s)"
    )
    annotate.add_argument("--scheduler", default=None, help="run on this Dask scheduler, e.g. tcp://host:8786")
    annotate.add_argument("--no-progress", action="store_true", help="no progress output")

    cache = command(
        "cache", command_cache, "what the cache holds (info), or free it (clear)",
        "List what the cache holds -- parsed files, each layer per version of the code, assembled\n"
        "corpora -- or delete it. A stale entry was made by another version of the code or models:\n"
        "nothing reads it any more.",
    )  # fmt: skip
    cache.add_argument("action", choices=["info", "clear"])
    cache.add_argument("--stale", action="store_true", help="with clear: only what no current code reads")
    cache.add_argument("--cache-dir", type=Path, default=None, help="default: $CORPUS_CACHE_DIR, else ~/.cache/corpus")

    eval_ner = command(
        "eval-ner", command_eval_ner, "score the NER model on a token<TAB>tag file",
        "Score the shipped NER model (or --model) on gold data: one token<TAB>IOB-tag per line,\n"
        "a blank line between sentences. Prints precision, recall and F1 per type and micro-averaged,\n"
        "twice: by exact entity span (span and type both right), and by token with B-/I- stripped\n"
        "(the NERMuD 2023 measure, micro over PER/ORG/LOC tokens). --json gives\n"
        '{"exact_span": {...}, "token": {...}}, each {"micro"|"PER"|"ORG"|"LOC": {"precision", "recall", "f1"}}.',
    )  # fmt: skip
    eval_ner.add_argument("file", type=Path, help="gold token<TAB>tag file")
    eval_ner.add_argument("--json", action="store_true", help="print the scores as JSON")
    eval_ner.add_argument("--model", type=Path, default=None, help="a spaCy pipeline folder instead of the shipped one")
    eval_ner.add_argument("--no-gazetteer", action="store_true", help="skip the territory gazetteer")
    eval_ner.add_argument(
        "--window", type=int, default=0, help="treat runs of N sentences as documents for label consistency (0: off)"
    )

    eval_tagger = command(
        "eval-tagger", command_eval_tagger, "score the part-of-speech tagger and lemmatiser on a CoNLL-U file",
        "Score the shipped tagger (or --model) on gold CoNLL-U data, one count per surface word (a\n"
        "contraction such as \"della\" counts once, judged on its first part). Prints UPOS, lemma and\n"
        "features accuracy.",
    )  # fmt: skip
    eval_tagger.add_argument("file", type=Path, help="gold .conllu file")
    eval_tagger.add_argument("--json", action="store_true", help="print the scores as JSON")
    eval_tagger.add_argument("--model", type=Path, default=None, help="a tagger folder instead of the shipped one")

    train_ner = command(
        "train-ner", command_train_ner, "retrain the NER model from the KIND data",
        "Retrain the NER model on KIND's WN_train.tsv, selecting on WN_dev.tsv (see training/README.md).",
    )  # fmt: skip
    train_ner.add_argument("--data", type=Path, default=config.KIND_DIR, help="folder with WN_train.tsv and WN_dev.tsv")
    train_ner.add_argument("--output", type=Path, default=Path("ner_it"), help="where to write the trained pipeline")
    train_ner.add_argument("--config", type=Path, default=DEFAULT_CONFIG, help="spaCy training config")
    train_ner.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default: %(default)s)")
    train_ner.add_argument("--init-tok2vec", type=Path, default=None, help="pretrained tok2vec weights (spacy pretrain)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except (FileNotFoundError, ValueError) as error:
        print(f"corpus: error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
