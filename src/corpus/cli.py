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
    from corpus import scale

    return scale.annotate_command(args.rest)


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
    load.add_argument("--table", default="documents", choices=["documents", "blocks", "related"])
    load.set_defaults(run=command_load)

    info = commands.add_parser("info", help="summarise a corpus: documents, dates, outlets, problems")
    corpus_arguments(info)
    info.set_defaults(run=command_info)

    report = commands.add_parser("report", help="execute every notebook headless and write reports/")
    report.add_argument("--source", type=Path, default=None, help="corpus to analyse (default: seeds/)")
    report.add_argument("--reports-dir", type=Path, default=None, help="output folder (default: reports/)")
    report.set_defaults(run=command_report)

    for name, run, text in (
        ("eval-ner", command_eval_ner, "score the shipped NER model on a token<TAB>tag file"),
        ("train-ner", command_train_ner, "train the NER model from the KIND data"),
        ("annotate", command_annotate, "annotate a corpus of any size into a partitioned Parquet dataset"),
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
