"""Generate seed-like corpora of any size for benchmarks: real Italian text, varied page furniture.

Bodies are real Italian Wikinews paragraphs (from ``../shared/data/wikinews-pages`` when
present, else the seed's body), reshuffled per page; pages come from several invented
outlets, each with its own dateline style, byline, teaser block and footer, over ten years
of dates. Deterministic for a given ``seed``.

    python benchmarks/synthetic.py OUT_DIR N
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from corpus import config  # noqa: E402

MONTHS = ["Gennaio", "Febbraio", "Marzo", "Aprile", "Maggio", "Giugno", "Luglio", "Agosto", "Settembre",
          "Ottobre", "Novembre", "Dicembre"]
AUTHORS = ["Marinella Mondaini", "Giuseppe Masala", "Clara Statello", "Fabrizio Verde", "Alessandro Bianchi",
           "Anna Rossi", "Luca Bianchi", "Giulia Romano", "Marco Ferrari", "Sara Esposito"]
OUTLETS = [
    {"name": "l'AntiDiplomatico", "folder": "antidiplomatico", "heading": "Le più recenti da NOTIZIE BREVI\n\nOn Fire",
     "footer": "Copyright L'Antiplomatico 2013 all rights reserved\nL'AntiDiplomatico è una testata registrata in data 08/09/2015 presso il Tribunale civile di Roma al n° 162/2015 del registro di stampa"},
    {"name": "Il Quotidiano del Sud", "folder": "quotidiano", "heading": "Leggi anche",
     "footer": "© Il Quotidiano del Sud Srl - P.IVA 01234567890 - Tutti i diritti riservati"},
    {"name": "La Voce di Roma", "folder": "voce", "heading": "Articoli correlati",
     "footer": "La Voce di Roma è una testata giornalistica registrata presso il Tribunale di Roma\nRiproduzione riservata"},
    {"name": "Cronache Italiane", "folder": "cronache", "heading": "Potrebbe interessarti",
     "footer": "Copyright © Cronache Italiane. All rights reserved"},
]


def paragraphs() -> list[str]:
    """Real Italian body paragraphs to draw from."""
    folder = config.WIKINEWS_PAGES_DIR
    files = sorted(folder.glob("*.txt")) if folder.exists() else [config.SEEDS_DIR / "000_3a0c8e003257abe6.txt"]
    out = []
    for path in files:
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        for line in lines[2:]:
            if line.startswith("Le più recenti da"):
                break
            out.append(line)
    return out


def page(rng: random.Random, pool: list[str], outlet: dict, titles: list[str]) -> str:
    year = rng.randint(2015, 2024)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    author = rng.choice(AUTHORS)
    if rng.random() < 0.15:
        byline = f"La Redazione de {outlet['name']}"
    else:
        byline = f"di {author} per {outlet['name']}"
    time = f" {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}" if rng.random() < 0.9 else ""
    month_name = MONTHS[month - 1] if rng.random() < 0.8 else MONTHS[month - 1][:3].lower() + "."
    body = rng.sample(pool, k=min(len(pool), rng.randint(3, 12)))
    title = rng.choice(body).split(".")[0][:90]
    parts = [title, f"{day:02d} {month_name} {year}{time} {byline}", *body]
    if rng.random() < 0.8:
        parts.append(outlet["heading"])
        for _ in range(3):
            teaser_body = rng.choice(pool)
            parts += [rng.choice(titles), f"di {rng.choice(AUTHORS)} per {outlet['name']} {teaser_body[:180]}..."]
        parts.append(outlet["footer"])
    return "\n\n".join(parts) + "\n"


def generate(out_dir: Path, n: int, *, seed: int = 0) -> list[Path]:
    """Write ``n`` pages under ``out_dir/<outlet>/`` and return their paths."""
    rng = random.Random(seed)
    pool = paragraphs()
    titles = [p.split(".")[0][:90] for p in rng.sample(pool, k=min(200, len(pool)))]
    paths = []
    for index in range(n):
        outlet = OUTLETS[index % len(OUTLETS)]
        path = Path(out_dir) / outlet["folder"] / f"{index:07d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page(rng, pool, outlet, titles), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    generate(Path(sys.argv[1]), int(sys.argv[2]))
