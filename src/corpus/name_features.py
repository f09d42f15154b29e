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
so loading the model needs nothing else.

Lists: ``ORG``, organisation names (KIND's ``it-ORG-wikipedia.txt``, given at
training time); ``PLACE``, Italian comuni, provinces and regions, countries
and cities (:func:`corpus.places.place_kinds`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

_TOKEN = re.compile(r"\w+(?:-\w+)*'?|[^\w\s]")
MAX_NAME_TOKENS = 8


def name_tokens(name: str) -> tuple[str, ...]:
    """A name's tokens as the project's tokenizer (and KIND) splits them: elided articles apart."""
    return tuple(_TOKEN.findall(name.replace("’", "'")))


def organisation_name(line: str) -> str:
    """The name of a KIND gazetteer line (``ORG Banca d ' Inghilterra``), with elisions rejoined;
    empty for the lower-case variants the list also holds ("banca d ' inghilterra"), which would mark common nouns."""
    name = re.sub(r"(\w) ' ", r"\1' ", line.partition(" ")[2].strip())
    return name if any(character.isupper() for character in name) else ""


class NameLists:
    """Token-tuple name lists, matched longest first, left to right, each list on its own."""

    def __init__(self, lists: dict[str, Iterable[str]]):
        self.names = {
            kind: {tokens for name in names if 0 < len(tokens := name_tokens(name)) <= MAX_NAME_TOKENS}
            for kind, names in lists.items()
        }
        self.prefixes = {
            kind: {name[:n] for name in names for n in range(1, len(name))} for kind, names in self.names.items()
        }

    def codes(self, words: list[str]) -> list[str]:
        """One code per word: ``KIND:B`` / ``KIND:I`` for each list the word's name is in, ``-`` for none."""
        marks: list[list[str]] = [[] for _ in words]
        for kind, names in self.names.items():
            prefixes = self.prefixes[kind]
            index = 0
            while index < len(words):
                end, longest = index, 0
                while end < len(words) and end - index < MAX_NAME_TOKENS:
                    candidate = tuple(words[index : end + 1])
                    if candidate in names:
                        longest = len(candidate)
                    if candidate not in prefixes:
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
        self.lists: dict[str, list[str]] = {}
        self.matcher = NameLists({})

    def initialize(self, get_examples=None, *, nlp=None, org_names: str | None = None) -> None:
        from corpus import places

        lists = {"PLACE": sorted(places.place_kinds())}
        if org_names:
            lines = Path(org_names).read_text(encoding="utf-8").splitlines()
            lists["ORG"] = sorted({name for line in lines if (name := organisation_name(line))})
        self.set_lists(lists)

    def set_lists(self, lists: dict[str, list[str]]) -> None:
        self.lists = lists
        self.matcher = NameLists(lists)

    def __call__(self, doc: Doc) -> Doc:
        for token, code in zip(doc, self.matcher.codes([token.text.replace("’", "'") for token in doc]), strict=True):
            token.lemma_ = code
        return doc

    def to_disk(self, path, *, exclude=()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "lists.json").write_text(json.dumps(self.lists, ensure_ascii=False), encoding="utf-8")

    def from_disk(self, path, *, exclude=()) -> NameFeatures:
        self.set_lists(json.loads((Path(path) / "lists.json").read_text(encoding="utf-8")))
        return self
