#!/usr/bin/env python3
"""Load `claimdex flows --format graphml` (standard input) with networkx, a real graph
library, and print its nodes and edges; exits non-zero if it does not load or is empty.

    claimdex flows --format graphml | python3 scripts/check-graphml.py
"""
import sys

import networkx as nx

graph = nx.read_graphml(sys.stdin.buffer)
if graph.number_of_nodes() == 0 or graph.number_of_edges() == 0:
    sys.exit("graphml: empty graph")
for a, b, data in graph.edges(data=True):
    print(f"{a} -> {b}: {data.get('label', '')}")
print(f"graphml: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges, loads in networkx {nx.__version__}")
