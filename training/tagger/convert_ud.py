"""UD CoNLL-U files -> spaCy DocBin for the tagger (one Doc per sentence).

Usage: python training/tagger/convert_ud.py OUT.spacy FILE.conllu [FILE.conllu ...]

Words are UD's surface tokens (a contraction such as "della" is one word with
the UPOS, lemma and features of its first part: see corpus.tagger.read_conllu),
the words the project's tokenizer gives. Only corpus.tagger.FEATURES are kept.
"""

from __future__ import annotations

import sys
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin

from corpus.tagger import read_conllu


def convert(out: Path, sources: list[Path]) -> int:
    """Write the sentences of ``sources`` to ``out``; return the number of words."""
    vocab = spacy.blank("it").vocab
    docbin = DocBin(attrs=["ORTH", "POS", "MORPH", "LEMMA"])
    words = 0
    for source in sources:
        for sentence in read_conllu(source):
            doc = Doc(
                vocab,
                words=[word.form for word in sentence],
                pos=[word.upos for word in sentence],
                morphs=[word.feats for word in sentence],
                lemmas=[word.lemma for word in sentence],
            )
            docbin.add(doc)
            words += len(sentence)
    docbin.to_disk(out)
    return words


if __name__ == "__main__":
    target, *files = sys.argv[1:]
    print(f"{convert(Path(target), [Path(name) for name in files])} words -> {target}")
