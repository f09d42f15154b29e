"""Convert KIND ``token<TAB>tag`` files into one spaCy DocBin (one Doc per sentence).

Usage: python training/convert_kind.py INPUT.tsv [INPUT.tsv ...] OUTPUT.spacy
"""

from __future__ import annotations

import sys

from corpus.ner import read_conll, write_docbin

if __name__ == "__main__":
    *inputs, output = sys.argv[1:]
    sentences = [sentence for path in inputs for sentence in read_conll(path)]
    write_docbin(sentences, output)
    print(f"{len(sentences)} sentences -> {output}")
