#!/usr/bin/env python3
"""Fails when two parts of the host include each other, directly or round a
longer loop, and names the includes that close each loop.

A part is a folder right below host/ (cli, run, emit, ...); the SDK's headers
(host/include/fairaudit, or sdk/include/fairaudit) and sources (host/sdk,
host/stats) are the part "sdk". An include that resolves to no file of the
repository (the standard library, Boost, RapidJSON, ...) is not an edge.

usage: include_cycles.py [REPOSITORY]   (default: the repository holding this file)
"""
import re
import sys
from pathlib import Path

INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"', re.MULTILINE)
SOURCES = {".h", ".hpp", ".hh", ".c", ".cc", ".cpp", ".cxx", ".ipp", ".inc"}
SDK_SOURCE_FOLDERS = {"sdk", "stats"}


def part_of(path, root):
    rel = path.relative_to(root).parts
    if rel[0] == "sdk" or "include" in rel[:2]:
        return "sdk"
    if rel[0] == "host" and len(rel) > 2:
        return "sdk" if rel[1] in SDK_SOURCE_FOLDERS else rel[1]
    return None  # a file right in host/, or outside it


def main():
    root = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[2]).resolve()
    search = [root / "host", root / "host" / "include", root / "sdk" / "include"]
    files = [p for d in (root / "host", root / "sdk") if d.is_dir() for p in sorted(d.rglob("*"))
             if p.is_file() and p.suffix in SOURCES]
    if not files:
        print(f"no sources under {root}/host", file=sys.stderr)
        return 2
    # part -> part -> the first include seen that makes the edge
    edges = {}
    for f in files:
        src = part_of(f, root)
        if src is None:
            continue
        for name in INCLUDE.findall(f.read_text(encoding="utf-8", errors="replace")):
            target = next((d / name for d in [f.parent, *search] if (d / name).is_file()), None)
            if target is None:
                continue
            dst = part_of(target.resolve(), root)
            if dst and dst != src:
                edges.setdefault(src, {}).setdefault(dst, f"{f.relative_to(root)} includes \"{name}\"")

    # Tarjan's strongly connected components: every component of more than
    # one part holds a loop.
    index, low, stack, on, comps = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in edges.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            comps.append(comp)

    parts = sorted(set(edges) | {w for ws in edges.values() for w in ws})
    for v in parts:
        if v not in index:
            visit(v)

    loops = [sorted(c) for c in comps if len(c) > 1]
    for comp in loops:
        # One shortest loop through the component's first part, by breadth-first search.
        start, members = comp[0], set(comp)
        prev, queue = {start: None}, [start]
        cycle = None
        while queue and cycle is None:
            v = queue.pop(0)
            for w in sorted(edges.get(v, {})):
                if w not in members:
                    continue
                if w == start:
                    path = [v]
                    while prev[path[-1]] is not None:
                        path.append(prev[path[-1]])
                    cycle = list(reversed(path)) + [start]
                    break
                if w not in prev:
                    prev[w] = v
                    queue.append(w)
        print("include cycle between host parts: " + " -> ".join(cycle))
        for a, b in zip(cycle, cycle[1:]):
            print(f"  {a} -> {b}: {edges[a][b]}")
        if len(comp) > len(cycle) - 1:
            print("  (the loop is part of a larger tangle: " + ", ".join(comp) + ")")
    if loops:
        return 1
    print(f"no include cycle between the {len(parts)} host parts ({sum(len(w) for w in edges.values())} edges)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
