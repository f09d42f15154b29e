"""Copy a trained tagger into the package (``src/corpus/models/tagger_it``) with its lemma table and metadata.

Usage: python training/tagger/ship.py TRAINED_MODEL_DIR [UD_DIR]

The lemma table (``lemmas.tsv``: form, upos, lemma, count) is built from the
same CoNLL-U files the model was trained on: every file of UD_DIR (default
``../shared/data/ud``) except ``it_isdt-ud-dev.conllu``, kept for tuning and
reporting. ``meta.json`` gets the licence (CC BY-NC-SA: research /
non-commercial use, share-alike) and the treebanks' citations; the hand-written
``README.md`` model card already in the package folder is kept.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

from corpus.config import UD_DIR
from corpus.tagger import MODEL_DIR, lemma_counts, read_conllu, write_lemma_table

DEV_FILE = "it_isdt-ud-dev.conllu"
META = {
    "lang": "it",
    "name": "tagger_it",
    "version": "1.0.0",
    "description": "Italian UPOS + morphological features (Gender, Number, Person, Mood, Tense, VerbForm) for the "
    "corpus package, with a (form, UPOS) -> lemma table; trained on UD Italian ParTUT, VIT and PoSTWITA; "
    "see README.md",
    "license": "CC BY-NC-SA 4.0 / 3.0 (research / non-commercial use, share-alike)",
    "sources": [
        {"name": "UD Italian ISDT (dev split, tuning only)", "url": "https://github.com/UniversalDependencies/UD_Italian-ISDT",
         "license": "CC BY-NC-SA 3.0", "author": "Bosco, Montemagni & Simi 2013"},
        {"name": "UD Italian ParTUT", "url": "https://github.com/UniversalDependencies/UD_Italian-ParTUT",
         "license": "CC BY-NC-SA 4.0", "author": "Sanguinetti & Bosco 2015"},
        {"name": "UD Italian VIT", "url": "https://github.com/UniversalDependencies/UD_Italian-VIT",
         "license": "CC BY-NC-SA 3.0", "author": "Delmonte, Bristot & Tonelli 2007"},
        {"name": "UD Italian PoSTWITA", "url": "https://github.com/UniversalDependencies/UD_Italian-PoSTWITA",
         "license": "CC BY-NC-SA 4.0", "author": "Sanguinetti et al. 2018"},
    ],
}


def training_files(ud_dir: Path) -> list[Path]:
    """The CoNLL-U files the tagger learns from: all of ``ud_dir`` but the ISDT dev file."""
    return sorted(path for path in Path(ud_dir).glob("*.conllu") if path.name != DEV_FILE)


def ship(trained: Path, ud_dir: Path = UD_DIR, target: Path = MODEL_DIR) -> None:
    """Replace ``target`` with the pipeline files of ``trained`` and the lemma table, keeping the model card."""
    card = target / "README.md"
    with tempfile.TemporaryDirectory() as keep:
        if card.is_file():
            shutil.copy2(card, keep)
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(trained, target)
        if (Path(keep) / "README.md").is_file():
            shutil.copy2(Path(keep) / "README.md", target)
    sentences = [sentence for path in training_files(ud_dir) for sentence in read_conllu(path)]
    write_lemma_table(lemma_counts(sentences), target)
    meta_path = target / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.update(META)
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    ship(Path(sys.argv[1]), *(Path(arg) for arg in sys.argv[2:3]))
    print(f"shipped {sys.argv[1]} -> {MODEL_DIR}")
