"""Corpus-level steps: from per-file parse rows to the final ``documents``, ``blocks`` and ``related``.

What a single page cannot tell, the whole corpus can. Pure functions, in two steps
that every engine runs the same way (one chunk for a small corpus, many for a large one):

1. :func:`corpus_context` reduces small per-file facts (:func:`file_facts`,
   :func:`body_line_keys`) of every file to the corpus context: the original of
   each byte-identical duplicate, the outlet of pages that name none (the one
   outlet every other page of their folder names), the body lines repeated on
   enough pages of an outlet to be furniture, and the document each teaser title
   links to;
2. :func:`assemble_chunk` turns a run of files' parse rows into the final
   tables, taking its share of that context.

Lines and titles are matched by 64-bit hashes (:func:`line_keys`,
:func:`title_hashes`), so the context of a million pages stays small; a
collision between two distinct lines is about 1e-7 likely at that size.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from corpus import lang
from corpus.schema import BLOCK_KINDS, BLOCKS, DOCUMENTS, RELATED, ROME, STRING, conform

# A line must recur on at least this many distinct pages of one outlet, and on at
# least this share of them, before it counts as furniture rather than a quotation
# or a paragraph shared by two related articles.
FURNITURE_MIN_DOCUMENTS = 5
FURNITURE_MIN_SHARE = 0.05
NO_TITLE = np.uint64(0)

OUTLET_INFERRED = "outlet: inferred from the other pages of its folder"
OUTLET_NOT_FOUND = "outlet: not found"

# Punctuation that does not tell two titles apart: "Kazakistan, il presidente…" = "Kazakistan il presidente…".
_TITLE_PUNCTUATION = re.compile(r"[\"“”«»‘’'`.,:;!?()\[\]–—-]")


def title_key(title: str) -> str:
    """A title casefolded, without punctuation, single-spaced: what teaser links match on."""
    return " ".join(_TITLE_PUNCTUATION.sub(" ", title.casefold()).split())


def doc_ids(paths: pd.Series) -> pd.Series:
    """A document's id: its path relative to the corpus root, without ``.txt``."""
    return paths.str.replace(r"\.txt$", "", regex=True, case=False).astype(STRING)


def title_hashes(keys: pd.Series) -> np.ndarray:
    """64-bit hash of each title key (:func:`title_key`); 0 for a missing or empty key."""
    keys = keys.astype(STRING).fillna("").to_numpy(dtype=object)
    return np.where(keys == "", NO_TITLE, pd.util.hash_array(keys))


def line_keys(texts: pd.Series) -> np.ndarray:
    """64-bit hash of each line, what repeated furniture is counted by."""
    return pd.util.hash_array(texts.to_numpy(dtype=object))


# --------------------------------------------------------------------------
# step 1: the corpus context


def file_facts(files: pd.DataFrame) -> pd.DataFrame:
    """Per file, what the context needs: path, sha1, outlet, whether it has a title, its title hash."""
    return pd.DataFrame(
        {
            "path": files["path"].to_numpy(),
            "sha1": files["sha1"].to_numpy(),
            "outlet": files["outlet"].astype(STRING).to_numpy(),
            "has_title": files["title"].notna().to_numpy(),
            "title_key": title_hashes(files["title_key"]),
        }
    )


def body_line_keys(files: pd.DataFrame, raw_blocks: pd.DataFrame, first: int) -> pd.DataFrame:
    """Distinct (file number, line hash) pairs of the body lines of files numbered from ``first`` in path order."""
    number = pd.Series(np.arange(first, first + len(files)), index=files["path"].to_numpy())
    body = raw_blocks[(raw_blocks["kind"] == "body").to_numpy(dtype=bool)]
    return pd.DataFrame(
        {"file": number.reindex(body["path"].to_numpy()).to_numpy(), "key": line_keys(body["text"])}
    ).drop_duplicates()


@dataclass(frozen=True)
class Context:
    """The corpus-level facts, per file in path order, that every chunk takes its share of."""

    doc_ids: pd.Series
    outlet: pd.Series
    outlet_inferred: np.ndarray
    duplicate_of: pd.Series
    furniture: frozenset[tuple[str, int]]  # (outlet, line hash)
    links: pd.Series  # title hash -> doc_id of the first document with that title
    given: pd.DataFrame | None = None  # per file, the fields a sidecar table or the load's arguments give

    def for_files(self, first: int, count: int, teaser_hashes: np.ndarray | None = None) -> "Context":
        """The share of files ``first`` to ``first + count``, with the links of their teasers' title hashes only."""
        span = slice(first, first + count)
        links = self.links if teaser_hashes is None else self.links[self.links.index.isin(teaser_hashes)]
        return Context(
            self.doc_ids.iloc[span].reset_index(drop=True), self.outlet.iloc[span].reset_index(drop=True),
            self.outlet_inferred[span], self.duplicate_of.iloc[span].reset_index(drop=True), self.furniture, links,
            self.given.iloc[span].reset_index(drop=True) if self.given is not None else None,
        )

    def linked_doc_ids(self, hashes: np.ndarray) -> np.ndarray:
        """The doc_id each title hash links to (``None`` where no document has that title)."""
        return self.links.reindex(hashes).to_numpy(dtype=object)


def teaser_hashes(raw_teasers: pd.DataFrame) -> pd.DataFrame:
    """The distinct title hashes of a chunk's teasers: what its share of the links is looked up by."""
    return pd.DataFrame({"key": np.unique(title_hashes(raw_teasers["title_key"]))})


def _outlet_from_folder(paths: pd.Series, outlet: pd.Series) -> pd.Series:
    """For pages that name no outlet: the one outlet every other page of the same folder names, if unique."""
    folders = paths.str.rpartition("/")[0]
    known = pd.DataFrame({"folder": folders, "outlet": outlet}).dropna()
    named = known.groupby("folder")["outlet"].agg(["first", "nunique"])
    unique = named["first"].where(named["nunique"] == 1)
    return folders.map(unique).astype(STRING)


def with_overrides(facts: pd.DataFrame, given: pd.DataFrame | None) -> pd.DataFrame:
    """The facts of each file as the sidecar table or the load's arguments correct them (outlet, title)."""
    if given is None:
        return facts
    outlet = given["outlet"].to_numpy(dtype=object)
    title = given["title"].to_numpy(dtype=object)
    has_outlet, has_title = pd.notna(outlet), pd.notna(title)
    keys = title_hashes(pd.Series([title_key(t) if isinstance(t, str) else "" for t in title]))
    return facts.assign(
        outlet=pd.array(np.where(has_outlet, outlet, facts["outlet"].to_numpy(dtype=object)), dtype=STRING),
        has_title=facts["has_title"].to_numpy() | has_title,
        title_key=np.where(has_title, keys, facts["title_key"].to_numpy()),
    )


def corpus_context(facts: pd.DataFrame, body_lines: Iterable[pd.DataFrame], given: pd.DataFrame | None = None) -> Context:
    """The context of a corpus from the facts of every file (in path order) and its body-line keys.

    ``body_lines`` yields frames of :func:`body_line_keys` (any grouping of the
    files), read once; partial counts are folded as they come, so their total
    size does not matter.
    """
    paths = pd.Series(facts["path"].to_numpy(), dtype=STRING)
    ids = doc_ids(paths)
    first_with_hash = ids.groupby(facts["sha1"].to_numpy(), sort=False).transform("first")
    duplicate_of = first_with_hash.where(first_with_hash != ids).astype(STRING)

    outlet = pd.Series(facts["outlet"].to_numpy(), dtype=STRING)
    inferred = _outlet_from_folder(paths, outlet)
    filled = (outlet.isna() & inferred.notna() & pd.Series(facts["has_title"].to_numpy())).to_numpy(dtype=bool)
    outlet = outlet.where(~filled, inferred)

    codes, outlets = pd.factorize(outlet.fillna(""))
    original = duplicate_of.isna().to_numpy(dtype=bool)
    furniture = _repeated_lines(body_lines, codes, original, list(outlets))

    title_key = facts["title_key"].to_numpy()
    titled = title_key != NO_TITLE
    # The first document (in path order) with a title wins.
    links = pd.Series(ids.to_numpy(dtype=object)[titled], index=title_key[titled], dtype=object)
    links = links[~links.index.duplicated()]
    return Context(ids, outlet, filled, duplicate_of, furniture, links, given)


def _repeated_lines(
    body_lines: Iterable[pd.DataFrame], outlet_code: np.ndarray, original: np.ndarray, outlets: list[str]
) -> frozenset[tuple[str, int]]:
    """(outlet, line hash) pairs found on enough original pages of the outlet to be furniture.

    Byte-identical duplicates are left out of the count, so a page scraped twice
    does not make its own paragraphs furniture.
    """
    sizes = np.bincount(outlet_code[original], minlength=len(outlets))
    threshold = np.maximum(FURNITURE_MIN_DOCUMENTS, np.ceil(sizes * FURNITURE_MIN_SHARE))
    folded: list[pd.Series] = []
    for lines in body_lines:
        lines = lines[original[lines["file"].to_numpy()]]
        pairs = pd.MultiIndex.from_arrays([outlet_code[lines["file"].to_numpy()], lines["key"].to_numpy()])
        folded.append(pd.Series(1, index=pairs).groupby(level=[0, 1]).sum())
        if len(folded) >= 32:
            folded = [pd.concat(folded).groupby(level=[0, 1]).sum()]
    if not folded:
        return frozenset()
    counts = pd.concat(folded).groupby(level=[0, 1]).sum()
    if counts.empty:
        return frozenset()
    codes = counts.index.get_level_values(0).to_numpy()
    keys = counts.index.get_level_values(1).to_numpy()
    chosen = counts.to_numpy() >= threshold[codes]
    return frozenset((outlets[c], int(k)) for c, k in zip(codes[chosen], keys[chosen]))


# --------------------------------------------------------------------------
# step 2: the final tables of one chunk


def _join_problems(*columns: Sequence) -> list[str]:
    return ["; ".join(p for p in row if isinstance(p, str) and p) for row in zip(*columns)]


def _body_texts(doc_of_block: np.ndarray, texts: np.ndarray, body: np.ndarray, ids: np.ndarray) -> list[str]:
    """Each document's body blocks joined by a blank line, in block order ("" when it has none)."""
    paragraphs: dict[str, list[str]] = {}
    for doc_id, paragraph in zip(doc_of_block[body], texts[body]):
        paragraphs.setdefault(doc_id, []).append(paragraph)
    return ["\n\n".join(paragraphs.get(doc_id, ())) for doc_id in ids]


def assemble_chunk(
    files: pd.DataFrame, raw_blocks: pd.DataFrame, raw_teasers: pd.DataFrame, context: Context
) -> dict[str, pd.DataFrame]:
    """The final tables of a run of files, whose share of the corpus context is ``context``.

    ``files`` are in path order, as the context is. A body line that is
    furniture for the corpus becomes a ``boilerplate`` block; a document that
    lost body lines that way gets its language found again on the final body
    (the others keep the language found where the page was parsed).
    """
    files = files.reset_index(drop=True)
    ids = context.doc_ids.to_numpy(dtype=object)
    doc_of_path = pd.Series(ids, index=files["path"].to_numpy())
    paths = raw_blocks["path"].to_numpy()
    doc_of_block = doc_of_path.reindex(paths).to_numpy(dtype=object)
    outlet = context.outlet.fillna("")
    outlet_of_path = pd.Series(outlet.to_numpy(dtype=object), index=files["path"].to_numpy())
    original = pd.Series(context.duplicate_of.isna().to_numpy(), index=files["path"].to_numpy())

    kinds = raw_blocks["kind"].to_numpy(dtype=object).copy()
    body = kinds == "body"
    candidates = np.flatnonzero(body & original.reindex(paths).to_numpy(dtype=bool))
    if context.furniture and len(candidates):
        pairs = zip(outlet_of_path.reindex(paths[candidates]).tolist(), line_keys(raw_blocks["text"].iloc[candidates]).tolist())
        repeated = np.fromiter((pair in context.furniture for pair in pairs), dtype=bool, count=len(candidates))
        kinds[candidates[repeated]] = "boilerplate"
        trimmed = set(doc_of_block[candidates[repeated]])
        body = kinds == "body"
    else:
        trimmed = set()

    texts = raw_blocks["text"].to_numpy(dtype=object)
    body_text = _body_texts(doc_of_block, texts, body, ids)
    words = pd.Series(raw_blocks["n_words"].to_numpy(dtype=np.int64)[body]).groupby(doc_of_block[body]).sum()
    n_blocks = pd.Series(doc_of_block).value_counts()
    languages = files["lang"].to_numpy(dtype=object).copy()
    for position, doc_id in enumerate(ids):
        if doc_id in trimmed:
            languages[position] = lang.language_of(body_text[position])

    inferred = context.outlet_inferred
    file_problems = files["problems"].fillna("").to_numpy(dtype=object).copy()
    for position in np.flatnonzero(inferred):
        file_problems[position] = "; ".join(p for p in file_problems[position].split("; ") if p != OUTLET_NOT_FOUND)
    if context.given is not None:
        # What a sidecar or the load's arguments give is no longer missing.
        for position, fields in enumerate(context.given["fields"].tolist()):
            if fields:
                solved = tuple(f"{name}:" for name in fields.split("; "))
                file_problems[position] = "; ".join(
                    p for p in file_problems[position].split("; ") if not p.startswith(solved)
                )
    duplicate_of = context.duplicate_of
    fields = _given_fields(files, context.given)
    documents = pd.DataFrame(
        {
            "doc_id": ids,
            "path": files["path"].to_numpy(),
            "title": fields["title"],
            "subtitle": files["subtitle"].to_numpy(),
            "published": _rome(fields["published"]),
            "published_source": fields["published_source"],
            "updated": _rome(files["updated"]),
            "author": fields["author"],
            "outlet": context.outlet.to_numpy(),
            "source": files["source"].to_numpy(),
            "translator": files["translator"].to_numpy(),
            "url": fields["url"],
            "section": fields["section"],
            "tags": files["tags"].to_numpy(),
            "text": body_text,
            "n_words": words.reindex(ids, fill_value=0).to_numpy(dtype=np.int64),
            "n_blocks": n_blocks.reindex(ids, fill_value=0).to_numpy(dtype=np.int64),
            "lang": languages,
            "encoding": files["encoding"].to_numpy(),
            "n_bytes": files["size"].to_numpy(),
            "sha1": files["sha1"].to_numpy(),
            "duplicate_of": duplicate_of.to_numpy(),
            "metadata_fields": fields["fields"],
            "problems": _join_problems(
                file_problems.tolist(),
                [OUTLET_INFERRED if flag else "" for flag in inferred],
                [f"duplicate: byte-identical to {d}" if isinstance(d, str) else "" for d in duplicate_of.tolist()],
            ),
        }
    )

    blocks = pd.DataFrame(
        {
            "doc_id": doc_of_block,
            "block": raw_blocks["block"].to_numpy(),
            "kind": pd.Categorical(kinds, categories=BLOCK_KINDS),
            "text": texts,
            "start": raw_blocks["start"].to_numpy(),
            "end": raw_blocks["end"].to_numpy(),
        }
    )
    teaser_paths = raw_teasers["path"].to_numpy()
    related = raw_teasers.drop(columns=["path", "title_key"]).assign(
        doc_id=doc_of_path.reindex(teaser_paths).to_numpy(dtype=object),
        linked_doc_id=context.linked_doc_ids(title_hashes(raw_teasers["title_key"])),
    )
    position = pd.Series(np.arange(len(ids)), index=files["path"].to_numpy())
    return {
        "documents": conform(documents, DOCUMENTS),
        "blocks": conform(_in_file_order(blocks, position.reindex(paths).to_numpy()), BLOCKS),
        "related": conform(_in_file_order(related, position.reindex(teaser_paths).to_numpy()), RELATED),
    }


def _rome(naive: pd.Series) -> pd.Series:
    """Local Rome wall-clock times as time-zone aware timestamps."""
    return pd.Series(pd.to_datetime(naive.to_numpy())).dt.tz_localize(ROME, ambiguous="NaT", nonexistent="shift_forward")


def _given_fields(files: pd.DataFrame, given: pd.DataFrame | None) -> dict[str, np.ndarray]:
    """The parsed fields, where the sidecar table or the load's arguments give none; theirs elsewhere."""
    fields = {name: files[name].to_numpy(dtype=object) for name in ("title", "author", "url", "section")}
    fields["published"] = files["published"]
    fields["published_source"] = files["published_source"].to_numpy(dtype=object)
    fields["fields"] = np.full(len(files), "", dtype=object)
    if given is None:
        return fields
    for name in ("title", "author", "url", "section"):
        value = given[name].to_numpy(dtype=object)
        fields[name] = np.where(pd.notna(value), value, fields[name])
    published = given["published"].to_numpy(dtype=object)
    has_date = pd.notna(published)
    fields["published"] = pd.Series(np.where(has_date, published, files["published"].to_numpy(dtype=object)))
    fields["published_source"] = np.where(has_date, "metadata", fields["published_source"])
    fields["fields"] = given["fields"].to_numpy(dtype=object)
    return fields


def _in_file_order(frame: pd.DataFrame, file_position: np.ndarray) -> pd.DataFrame:
    """Rows by file (path order) then block, however they came."""
    order = np.lexsort((frame["block"].to_numpy(), file_position))
    return frame.iloc[order]
