"""Regenerate ``src/corpus/resources/punkt_it.json``, the Italian Punkt parameters.

NLTK ships no Italian Punkt model offline, so the project trains its own with
:class:`nltk.tokenize.punkt.PunktTrainer` on the article bodies of the Italian
Wikinews pages in ``../shared/data/wikinews-pages`` (CC BY 2.5) and adds a
hand-curated list of Italian abbreviations that a corpus of this size cannot
learn reliably.  Run from the repository root::

    python training/punkt_it.py [PAGES_DIR]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from nltk.tokenize.punkt import PunktTrainer

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "src" / "corpus" / "resources" / "punkt_it.json"
DEFAULT_PAGES = ROOT.parent / "shared" / "data" / "wikinews-pages"  # ../shared beside the repository

# Abbreviations written with a final period in Italian news prose, lower case and
# without the period, as Punkt stores them.  Titles (dott, sen, on), enumerations
# (ecc, pag, art, n) and common Latin/Italian shorthands.
HAND_ABBREVIATIONS = """
a.c d.c aa abbr acc amm app apr arch art ass att avv
c.a ca cap capt cav cfr cit cm co col comm cons corr cost
dott dott.ssa dr dr.ssa ecc es etc
f.lli fig fratt gen geom giu gr
ill imp inc ing int lett lib ll loc
mag magg mar max mil min mons mr mrs ms
n nn nov num
on ott p.es p.s pag pagg par parr pp pres prof prof.ssa prov
rag rev rif s.a s.p.a s.r.l sac sec seg segg sen sett sez sig sig.na sig.ra
soc sr sra srl ss st str
tab tel ten tit tot trad
v vd vol voll vs
""".split()

# Words like "no", "ed" and "all" are left out on purpose: as Italian words they
# often do end a sentence.


def plausible_abbreviation(kind: str) -> bool:
    """Whether a learnt abbreviation type is kept: dotted acronyms and 1-2 letters.

    On a corpus this small Punkt also "learns" ordinary words (``diametro``,
    ``uva``) that once preceded a period and a lower-case word; those would stop
    real sentences from ending, so longer undotted types must come from the
    hand-curated list.
    """
    parts = kind.split(".")
    return all(part.isalpha() for part in parts) and (len(parts) > 1 or len(kind) <= 2)


# Frequency floor for the orthographic context: a type seen once says little about
# how its capitalisation behaves and would only bloat the shipped file.
MIN_ORTHO_COUNT = 2


def article_body(page: str) -> str:
    """The body paragraphs of one page: after the dateline, before the teasers."""
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    body = []
    for line in lines[2:]:
        if line.startswith("Le più recenti da"):
            break
        body.append(line)
    return "\n\n".join(body)


def train(text: str) -> dict:
    """Punkt parameters learnt from ``text`` plus the hand-curated abbreviations."""
    trainer = PunktTrainer()
    trainer.INCLUDE_ALL_COLLOCS = True
    trainer.train(text, finalize=True)
    params = trainer.get_params()
    counts = trainer._type_fdist
    ortho = {
        word: flags
        for word, flags in params.ortho_context.items()
        if counts[word] + counts[word + "."] >= MIN_ORTHO_COUNT
    }
    return {
        "source": "nltk PunktTrainer on Italian Wikinews article bodies (CC BY 2.5) "
        "plus hand-curated abbreviations; regenerate with training/punkt_it.py",
        "abbrev_types": sorted(
            {kind for kind in params.abbrev_types if plausible_abbreviation(kind)}
            | set(HAND_ABBREVIATIONS)
        ),
        "collocations": sorted([list(pair) for pair in params.collocations]),
        "sent_starters": sorted(params.sent_starters),
        "ortho_context": dict(sorted(ortho.items())),
    }


def main(pages_dir: Path) -> None:
    pages = sorted(pages_dir.glob("*.txt"))
    if not pages:
        sys.exit(f"no .txt pages in {pages_dir}: nothing to train on, {OUTPUT.name} left as it is")
    text = "\n\n".join(article_body(p.read_text(encoding="utf-8")) for p in pages)
    params = train(text)
    OUTPUT.write_text(json.dumps(params, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(
        f"{OUTPUT}: {len(pages)} pages, {len(params['abbrev_types'])} abbreviations, "
        f"{len(params['collocations'])} collocations, {len(params['sent_starters'])} "
        f"sentence starters, {len(params['ortho_context'])} ortho types"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_PAGES)
