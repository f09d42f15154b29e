"""Write the raw Italian text used by ``spacy pretrain`` as JSONL (``{"text": ...}`` per line).

Sources: the KIND *train* files (WN, FIC, ADG) and the Wikinews pages in
shared/data (they are KIND's Wikinews training articles). A page paragraph
that contains a WN_dev sentence is dropped, so no dev text leaks into
pretraining.

Usage: python training/raw_text.py KIND_DIR PAGES_DIR OUTPUT.jsonl
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from corpus.ner import read_conll


def squeeze(text: str) -> str:
    """Text without whitespace, to match sentences whatever their tokenisation."""
    return re.sub(r"\s+", "", text)


def raw_texts(kind_dir: Path, pages_dir: Path) -> list[str]:
    """Paragraphs and sentences for pretraining, WN_dev-free."""
    dev = [squeeze("".join(t for t, _ in s)) for s in read_conll(kind_dir / "WN_dev.tsv") if len(s) >= 6]
    texts = []
    for page in sorted(pages_dir.glob("*.txt")):
        for paragraph in page.read_text(encoding="utf-8").split("\n\n"):
            flat = squeeze(paragraph)
            if len(paragraph.split()) >= 5 and not any(sentence in flat for sentence in dev):
                texts.append(" ".join(paragraph.split()))
    seen = squeeze(" ".join(texts))
    for name in ("WN_train", "FIC_train", "ADG_train"):
        for sentence in read_conll(kind_dir / f"{name}.tsv"):
            words = [token for token, _ in sentence]
            if squeeze("".join(words)) not in seen:
                texts.append(" ".join(words))
    return texts


if __name__ == "__main__":
    kind_dir, pages_dir, output = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    texts = raw_texts(kind_dir, pages_dir)
    with output.open("w", encoding="utf-8") as handle:
        for text in texts:
            handle.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")
    print(f"{len(texts)} texts, {sum(len(t.split()) for t in texts)} words -> {output}")
