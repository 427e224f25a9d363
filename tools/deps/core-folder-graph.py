#!/usr/bin/env python3
"""Which folders of src/PcHpc.Core use types declared in which others, and the cycles among them.

Approximate (reads text, not a compiler): comments, string literals and declared member names are removed, then every identifier that names a
type declared in another top-level folder of PcHpc.Core counts as a use. Usage: python3 tools/deps/core-folder-graph.py [folder]
(default: src/PcHpc.Core); exit code 1 when folders import each other.
"""
import os, re, sys, itertools

root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..', '..', 'src', 'PcHpc.Core')
decl = re.compile(r'\b(?:class|interface|enum|struct)\s+([A-Z]\w*)')
strip = re.compile(r'//[^\n]*|/\*.*?\*/|@"(?:[^"]|"")*"|\$?"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\])\'', re.S)

def folder_of(path):
    rel = os.path.relpath(path, root)
    return rel.split(os.sep)[0] if os.sep in rel else '(root)'

files = []
for d, _, names in os.walk(root):
    if '/obj' in d or '/bin' in d:
        continue
    files += [os.path.join(d, n) for n in names if n.endswith('.cs')]

owner = {}
texts = {}
members = {}
for f in files:
    text = strip.sub('""', open(f, encoding='utf-8').read())
    for name in decl.findall(text):
        owner.setdefault(name, set()).add(folder_of(f))
    # Names the file declares as members (`ClusterHeadNode HeadNode { get; }`) are not uses of a type of that name.
    member = re.compile(r'(\w[\w<>\[\]?,.]*\s+)([A-Z]\w*)(?=\s*(?:\{|=>|=(?!=)|;|,|\)))')
    body = decl.sub('', text)
    members[f] = {m.group(2) for m in member.finditer(body)}
    texts[f] = member.sub(r'\1', body)
unique = {n: next(iter(fs)) for n, fs in owner.items() if len(fs) == 1}

edges = {}
for f, text in texts.items():
    mine = folder_of(f)
    for word in set(re.findall(r'(?<![.\w])[A-Z]\w*\b', text)):
        other = unique.get(word)
        if other and other != mine and word not in members[f]:
            edges.setdefault((mine, other), set()).add(word)

graph = {}
for (a, b) in edges:
    graph.setdefault(a, set()).add(b)

def reaches(a, b, seen=None):
    seen = seen or set()
    for n in graph.get(a, ()):
        if n == b:
            return True
        if n not in seen:
            seen.add(n)
            if reaches(n, b, seen):
                return True
    return False

folders = sorted({folder_of(f) for f in files})
for a in folders:
    print(f"{a:12} -> {', '.join(sorted(graph.get(a, ()))) or '-'}")
cycles = [(a, b) for a, b in itertools.combinations(folders, 2) if reaches(a, b) and reaches(b, a)]
print()
if not cycles:
    print('no cycles between folders')
for a, b in cycles:
    direct = [(x, y) for (x, y) in [(a, b), (b, a)] if (x, y) in edges]
    print(f"cycle {a} <-> {b}: " + '; '.join(f"{x}->{y} via {', '.join(sorted(edges[(x, y)])[:6])}" for x, y in direct))
sys.exit(1 if cycles else 0)
