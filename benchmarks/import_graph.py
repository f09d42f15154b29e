"""Print the package's internal import graph: modules, lines, imports and every import circle.

Counts every ``import corpus.x`` / ``from corpus import x`` / ``from corpus.x import y``,
including imports inside functions (a lazy import is still a dependency).

    python benchmarks/import_graph.py [src/corpus]
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, name: str, modules: set[str]) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name and target != "corpus":
                found.add(target)
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, result, counter = {}, {}, [], set(), [], [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    sys.setrecursionlimit(10_000)
    for node in sorted(graph):
        if node not in index:
            visit(node)
    return result


def main(argv: list[str]) -> int:
    root = Path(argv[1] if len(argv) > 1 else Path(__file__).resolve().parents[1] / "src" / "corpus")
    paths = sorted(root.rglob("*.py"))
    names = {module_name(path, root): path for path in paths}
    graph = {name: imports_of(path, name, set(names)) for name, path in names.items()}
    total = 0
    print(f"{'module':<28} {'lines':>6}  imports")
    for name, path in names.items():
        lines = sum(1 for _ in path.open(encoding="utf-8"))
        total += lines
        print(f"{name:<28} {lines:>6}  {', '.join(sorted(m.removeprefix('corpus.') for m in graph[name]))}")
    found = cycles(graph)
    print(f"\n{len(names)} modules, {total} lines, {sum(len(v) for v in graph.values())} internal imports")
    print(f"{len(found)} import circle(s)" + "".join(f"\n  {' <-> '.join(c)}" for c in found))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
