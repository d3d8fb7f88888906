"""Reads actorgraph's graph exports with NetworkX, an independent implementation.

Usage: graph_check.py GRAPHML CYTOSCAPE_JSON
Prints "nodes edges" of each and checks the declared attribute types came through.
"""
import json
import sys

import networkx as nx

graphml, cyjs = sys.argv[1], sys.argv[2]

g = nx.read_graphml(graphml)
assert g.is_directed(), "GraphML graph is directed"
for node, data in g.nodes(data=True):
    assert isinstance(data["label"], str) and data["label"], (node, data)
    assert data["type"] in {"state", "person", "organisation", "place", "group"}, data
for s, t, data in g.edges(data=True):
    assert isinstance(data["mentions"], int) and data["mentions"] >= 1, data
    assert data["sign"] in (-1, 0, 1), data
    assert isinstance(data["negated"], bool), data
    assert isinstance(data["relation"], str), data
print("graphml", g.number_of_nodes(), g.number_of_edges())

with open(cyjs, encoding="utf-8") as f:
    c = nx.cytoscape_graph(json.load(f))
assert c.is_directed() and c.is_multigraph()
print("cytoscape", c.number_of_nodes(), c.number_of_edges())
