"""The words that get a static vector, most frequent first, one a line.

Counts the tokens of the KIND *train* files (all domains), the Wikinews pages,
the UD treebanks, the KIND organisation gazetteer, the project's Italian
places and CLDR territory names, and adds wordfreq's most frequent Italian
words (lower case as wordfreq lists them, plus their capitalised form). No
WN_dev text is read, so the table's coverage of WN_dev is a fair estimate of
its coverage of unseen news.

Usage: python training/vector_words.py SHARED_DATA_DIR OUTPUT.txt [--rows N]
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

from corpus import places
from corpus.ner import read_conll

_TOKEN = re.compile(r"\w+(?:-\w+)*'?|[^\w\s]")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.replace("’", "'"))


def count_words(shared: Path) -> Counter:
    counts: Counter = Counter()
    kind = shared / "kind"
    for name in ("WN_train", "FIC_train", "ADG_train"):
        counts.update(token for sentence in read_conll(kind / f"{name}.tsv") for token, _ in sentence)
    for page in sorted((shared / "wikinews-pages").glob("*.txt")):
        counts.update(tokens(page.read_text(encoding="utf-8")))
    for treebank in sorted((shared / "ud").glob("*.conllu")):
        for line in treebank.read_text(encoding="utf-8").splitlines():
            fields = line.split("\t")
            if len(fields) == 10 and fields[0].isdigit():
                counts[fields[1]] += 1
    gazetteer = (kind / "gazetteers" / "it-ORG-wikipedia.txt").read_text(encoding="utf-8")
    names = [line.partition(" ")[2] for line in gazetteer.splitlines()]
    names += [*places.italian_places(), *places.territories()]
    for name in names:
        for token in tokens(name):
            counts[token] += 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("shared", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--wordfreq", type=int, default=100_000)
    args = parser.parse_args()
    from wordfreq import top_n_list

    counts = count_words(args.shared)
    # wordfreq ranks words in general Italian: give them a pseudo-count so that
    # frequent words come before corpus hapaxes.
    for rank, word in enumerate(top_n_list("it", args.wordfreq)):
        weight = 3 if rank < 20_000 else 1
        counts[word] += weight
        counts[word[:1].upper() + word[1:]] += weight - 1 if weight > 1 else 0
    words = [word for word, count in counts.most_common() if count > 0][: args.rows]
    args.output.write_text("\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(counts)} distinct words, {len(words)} kept -> {args.output}")


if __name__ == "__main__":
    main()
