"""Time for one large file, by size: parsing and annotating must cost time linear in the file's size.

    python benchmarks/bench_big_files.py [--sizes 1,5,20,50] [--workdir /tmp/corpus-big-files]

Two kinds of file of each size (MB), built from real Italian text (``../shared/data/wikinews-pages``):

- ``pages run together``: whole pages concatenated, as a scraper that appends to one file
  writes them (the parser flags the implausible furniture and keeps the text in blocks);
- ``one long body``: body paragraphs (lines over 120 characters) only, one article of that
  size (a book, a transcript).

For each, in a fresh process: ``corpus.load`` (read, decode, parse, assemble) and then the
text and dates layers (what ``corpus annotate`` computes by default), with an empty cache.
Seconds per MB should stay flat as the size grows.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

MB = 1_000_000


def measure(path: str, cache_dir: str) -> dict:
    import corpus

    start = time.perf_counter()
    c = corpus.load(path, cache_dir=cache_dir, workers=1, progress=False)
    loaded = time.perf_counter() - start
    c.annotate("text", "dates")
    annotated = time.perf_counter() - start - loaded
    return {"load": loaded, "annotate": annotated, "tokens": len(c.tokens), "body_mb": len(c.documents["text"].iloc[0]) / MB,
            "problems": c.documents["problems"].iloc[0][:120]}


def build(kind: str, size_mb: int, folder: Path) -> Path:
    from corpus import config

    pages = sorted(config.WIKINEWS_PAGES_DIR.glob("*.txt"))
    path = folder / f"{kind}-{size_mb}mb.txt"
    if path.exists():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    parts, total, index = [], 0, 0
    while total < size_mb * MB:
        text = pages[index % len(pages)].read_text(encoding="utf-8")
        if kind == "one-long-body":
            lines = [line for line in text.split("\n") if line.strip()]
            # Paragraphs only: no heading that would start a related section.
            text = "\n\n".join(line for line in lines[2:] if len(line) > 120) + "\n\n"
        parts.append(text)
        total += len(text.encode("utf-8"))
        index += 1
    path.write_text("".join(parts), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1,5,20,50")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "corpus-big-files")
    parser.add_argument("--child", nargs=2)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(*args.child)))
        return
    print(f"{'file':<20} {'MB':>4} {'load s':>8} {'s/MB':>6} {'text+dates s':>13} {'s/MB':>6} {'tokens':>10}  problems")
    for kind in ("pages-run-together", "one-long-body"):
        for size in (int(s) for s in args.sizes.split(",")):
            path = build(kind, size, args.workdir)
            cache = args.workdir / "cache"
            shutil.rmtree(cache, ignore_errors=True)
            out = subprocess.run([sys.executable, __file__, "--child", str(path), str(cache)], check=True,
                                 capture_output=True, text=True)
            result = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"{kind:<20} {size:>4} {result['load']:>8.1f} {result['load'] / size:>6.2f} {result['annotate']:>13.1f} "
                  f"{result['annotate'] / size:>6.2f} {result['tokens']:>10,}  {result['problems']}", flush=True)
            shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
