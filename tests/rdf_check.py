"""Parses actorgraph exports with rdflib, an RDF implementation independent of Oxigraph.

Usage: python3 tests/rdf_check.py FILE FORMAT [FILE FORMAT ...]
FORMAT is an rdflib format name (turtle, nt, nquads, trig, xml, json-ld). Prints one line per
file with the number of triples or quads parsed; exits 1 if any file fails or is empty.
"""
import sys

import rdflib


def main(args):
    failed = False
    for path, fmt in zip(args[0::2], args[1::2]):
        graph = rdflib.Dataset() if fmt in ("nquads", "trig", "json-ld") else rdflib.Graph()
        try:
            graph.parse(path, format=fmt)
            n = len(graph) if isinstance(graph, rdflib.Graph) and not isinstance(graph, rdflib.Dataset) else sum(1 for _ in graph.quads())
            print(f"{path}: {fmt}: {n} statements")
            if n == 0:
                failed = True
        except Exception as e:  # report every failure, not only the first
            print(f"{path}: {fmt}: {type(e).__name__}: {e}")
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
