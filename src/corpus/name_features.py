"""Gazetteer features for the spaCy NER model: which name lists each token is part of.

A plain ruler that overrode the model hurt (place names that KIND tags as ORG,
organisation names that are also surnames), so the lists only describe the
tokens and the model learns how far to trust them. The ``name_features``
pipeline component marks every token with one code such as ``ORG:B|PLACE:I``
(begins an organisation name, continues a place name) or ``-`` (in no list),
and the tok2vec embeds that code as one more hashed feature.

The pipeline has no lemmatizer, so the code is written into ``Token.lemma_``:
spaCy's ``MultiHashEmbed`` only embeds built-in token attributes, and LEMMA is
the one this pipeline leaves free. The lists are saved inside the model folder,
so loading the model needs nothing else, as 64-bit keys of each name and of
each of its beginnings (``keys.npz``), never as text: membership can be
tested, the lists cannot be read back, so the shipped model carries no copy
of the gazetteer (KIND's licence asks that its files are not copied).

Lists: ``ORG``, organisation names (KIND's ``it-ORG-wikipedia.txt``, given at
training time); ``PLACE``, Italian comuni, provinces and regions, countries
and cities (:func:`corpus.places.place_kinds`).
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from spacy.language import Language
from spacy.tokens import Doc

_TOKEN = re.compile(r"\w+(?:-\w+)*'?|[^\w\s]")
MAX_NAME_TOKENS = 8
_MASK = (1 << 64) - 1
_START = 0x9E3779B97F4A7C15


@functools.lru_cache(maxsize=200_000)
def _word_key(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


def _extend(key: int, word: str) -> int:
    """The key of a word sequence one word longer: stable across processes and machines."""
    return ((key * 0x100000001B3) ^ _word_key(word)) & _MASK


def sequence_key(words: Iterable[str]) -> int:
    """The 64-bit key of a sequence of words (see :class:`NameLists`)."""
    key = _START
    for word in words:
        key = _extend(key, word)
    return key


def name_tokens(name: str) -> tuple[str, ...]:
    """A name's tokens as the project's tokenizer (and KIND) splits them: elided articles apart."""
    return tuple(_TOKEN.findall(name.replace("’", "'")))


def organisation_name(line: str) -> str:
    """The name of a KIND gazetteer line (``ORG Banca d ' Inghilterra``), with elisions rejoined;
    empty for the lower-case variants the list also holds ("banca d ' inghilterra"), which would mark common nouns."""
    name = re.sub(r"(\w) ' ", r"\1' ", line.partition(" ")[2].strip())
    return name if any(character.isupper() for character in name) else ""


class NameLists:
    """Name lists as keys of token sequences, matched longest first, left to right, each list on its own.

    ``names`` and ``prefixes`` map each list to the keys (:func:`sequence_key`) of its
    names and of their proper beginnings; :meth:`from_names` builds them from names.
    """

    def __init__(self, names: dict[str, set[int]], prefixes: dict[str, set[int]]):
        self.names = names
        self.prefixes = prefixes

    @classmethod
    def from_names(cls, lists: dict[str, Iterable[str]]) -> NameLists:
        tokens = {
            kind: {words for name in names if 0 < len(words := name_tokens(name)) <= MAX_NAME_TOKENS}
            for kind, names in lists.items()
        }
        return cls(
            {kind: {sequence_key(words) for words in names} for kind, names in tokens.items()},
            {kind: {sequence_key(words[:n]) for words in names for n in range(1, len(words))} for kind, names in tokens.items()},
        )

    def save(self, path: Path) -> None:
        arrays = {f"{kind}.names": np.array(sorted(keys), dtype=np.uint64) for kind, keys in self.names.items()}
        arrays |= {f"{kind}.prefixes": np.array(sorted(keys), dtype=np.uint64) for kind, keys in self.prefixes.items()}
        with open(path, "wb") as handle:
            np.savez_compressed(handle, **arrays)

    @classmethod
    def load(cls, path: Path) -> NameLists:
        with np.load(path) as arrays:
            sets = {name: set(arrays[name].tolist()) for name in arrays.files}
        kinds = [name.rpartition(".")[0] for name in arrays.files if name.endswith(".names")]
        return cls({kind: sets[f"{kind}.names"] for kind in kinds}, {kind: sets[f"{kind}.prefixes"] for kind in kinds})

    def codes(self, words: list[str]) -> list[str]:
        """One code per word: ``KIND:B`` / ``KIND:I`` for each list the word's name is in, ``-`` for none."""
        marks: list[list[str]] = [[] for _ in words]
        for kind, names in self.names.items():
            prefixes = self.prefixes[kind]
            index = 0
            while index < len(words):
                end, longest, key = index, 0, _START
                while end < len(words) and end - index < MAX_NAME_TOKENS:
                    key = _extend(key, words[end])
                    if key in names:
                        longest = end - index + 1
                    if key not in prefixes:
                        break
                    end += 1
                if longest:
                    marks[index].append(f"{kind}:B")
                    for inside in range(index + 1, index + longest):
                        marks[inside].append(f"{kind}:I")
                    index += longest
                else:
                    index += 1
        return ["|".join(mark) or "-" for mark in marks]


@Language.factory("name_features", default_config={})
def make_name_features(nlp: Language, name: str) -> NameFeatures:
    return NameFeatures(name)


class NameFeatures:
    """Pipeline component writing each token's name-list code into ``lemma_`` (see the module docstring)."""

    def __init__(self, name: str = "name_features"):
        self.name = name
        self.lists: dict[str, list[str]] = {}  # the names, at training time only (never saved)
        self.matcher = NameLists({}, {})

    def initialize(self, get_examples=None, *, nlp=None, org_names: str | None = None) -> None:
        from corpus import places

        lists = {"PLACE": sorted(places.place_kinds())}
        if org_names:
            lines = Path(org_names).read_text(encoding="utf-8").splitlines()
            lists["ORG"] = sorted({name for line in lines if (name := organisation_name(line))})
        self.set_lists(lists)

    def set_lists(self, lists: dict[str, list[str]]) -> None:
        self.lists = lists
        self.matcher = NameLists.from_names(lists)

    def __call__(self, doc: Doc) -> Doc:
        for token, code in zip(doc, self.matcher.codes([token.text.replace("’", "'") for token in doc]), strict=True):
            token.lemma_ = code
        return doc

    def to_disk(self, path, *, exclude=()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        self.matcher.save(path / "keys.npz")

    def from_disk(self, path, *, exclude=()) -> NameFeatures:
        self.matcher = NameLists.load(Path(path) / "keys.npz")
        return self
