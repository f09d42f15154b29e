"""The ``corpus`` command: load, inspect, report, and the NER model's training and evaluation."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path



def _load(args: argparse.Namespace):
    from corpus import load

    return load(args.path, cache=not args.no_cache, workers=args.workers)


def command_load(args: argparse.Namespace) -> int:
    corpus = _load(args)
    table = getattr(corpus, args.table)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix == ".csv":
        table.to_csv(out, index=False)
    else:
        table.to_parquet(out, index=False)
    print(f"wrote {len(table)} rows of {args.table} to {out}")
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

    pages = run_report(source=args.source, reports_dir=args.reports_dir)
    for page in pages:
        print(page)
    return 0


def command_eval_ner(args: argparse.Namespace) -> int:
    from corpus import ner

    return ner.eval_ner_command(args.rest)


def command_train_ner(args: argparse.Namespace) -> int:
    from corpus import ner

    return ner.train_ner_command(args.rest)


def command_annotate(args: argparse.Namespace) -> int:
    from corpus.engine import dask as dask_engine
    from corpus.engine import stream

    wanted = [name.strip() for name in args.layers.split(",") if name.strip()]
    client = None
    if args.scheduler:
        from distributed import Client

        client = Client(args.scheduler)
    try:
        corpus = dask_engine.load(args.path, workers=args.workers, client=client, layers=wanted,
                                  progress=False if args.no_progress else None)
        if args.out:
            dask_engine.export(corpus, args.out, source=str(Path(args.path).resolve()))
            print(f"wrote {args.out}: " + ", ".join(f"{count} {name}" for name, count in
                                                   stream_rows(args.out).items()))
        else:
            print(f"annotated {corpus.rows['documents']} documents: {', '.join(corpus.tables)} (in the cache)")
    finally:
        if client is not None:
            client.close()
    return 0


def stream_rows(out) -> dict:
    from corpus import io
    from corpus.engine import stream

    return io.read_json(Path(out) / stream.DATASET_MANIFEST)["rows"]


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
        unit = {"parse": "files", "layer": "documents", "corpus": "documents"}[row.kind]
        state = "current" if row.current else "stale"
        print(f"  {row.kind:<6} {row.name:<40} {row.version:<16} {state:<7} {row.entries:>9,} {unit:<9} "
              f"{row.bytes / 1e6:>9.1f} MB")
    print(f"  total {table['bytes'].sum() / 1e6:.1f} MB, of which stale {table.loc[~table['current'], 'bytes'].sum() / 1e6:.1f} MB")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="corpus", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    def corpus_arguments(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("path", help="a folder of .txt pages (searched recursively) or one file")
        sub.add_argument("--no-cache", action="store_true", help="parse everything again, ignore the cache")
        sub.add_argument("--workers", type=int, default=None, help="parsing processes (default: all cores for large corpora)")

    load = commands.add_parser("load", help="parse a corpus and write one of its tables")
    corpus_arguments(load)
    load.add_argument("--out", required=True, help="output file: .parquet (default) or .csv")
    load.add_argument("--table", default="documents", choices=["documents", "blocks", "related", "skipped"])
    load.set_defaults(run=command_load)

    info = commands.add_parser("info", help="summarise a corpus: documents, dates, outlets, problems")
    corpus_arguments(info)
    info.set_defaults(run=command_info)

    report = commands.add_parser("report", help="execute every notebook headless and write reports/")
    report.add_argument("--source", type=Path, default=None, help="corpus to analyse (default: seeds/)")
    report.add_argument("--reports-dir", type=Path, default=None, help="output folder (default: reports/)")
    report.set_defaults(run=command_report)

    annotate = commands.add_parser("annotate", help="compute every layer of a corpus of any size; export it with --out")
    annotate.add_argument("path", help="a folder of pages (searched recursively) or one file")
    annotate.add_argument("--out", type=Path, default=None, help="also write the tables as a partitioned Parquet dataset here")
    annotate.add_argument("--workers", type=int, default=None, help="worker processes (default: all cores for large corpora)")
    annotate.add_argument("--layers", default="sentences,tokens,dates",
                          help="comma-separated tables: sentences,tokens,dates,entities,mentions,roles,quotes,sources")
    annotate.add_argument("--scheduler", default=None, help="run on this Dask scheduler, e.g. tcp://host:8786")
    annotate.add_argument("--no-progress", action="store_true", help="no progress output")
    annotate.set_defaults(run=command_annotate)

    cache = commands.add_parser("cache", help="what the cache holds (info) or free it (clear)")
    cache.add_argument("action", choices=["info", "clear"], help="info: list parsed files, layers and corpora; clear: delete")
    cache.add_argument("--stale", action="store_true", help="with clear: only what no current code reads")
    cache.add_argument("--cache-dir", type=Path, default=None, help="the cache folder (default: $CORPUS_CACHE_DIR or ~/.cache/corpus)")
    cache.set_defaults(run=command_cache)

    for name, run, text in (
        ("eval-ner", command_eval_ner, "score the shipped NER model on a token<TAB>tag file"),
        ("train-ner", command_train_ner, "train the NER model from the KIND data"),
    ):
        sub = commands.add_parser(name, help=text, add_help=False)
        sub.add_argument("rest", nargs=argparse.REMAINDER)
        sub.set_defaults(run=run)
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
