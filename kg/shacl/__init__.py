"""SHACL validation as SPARQL over Oxigraph, with pySHACL's results.

:func:`compile_shapes` reads a shapes graph into checks (or raises
:class:`Unsupported` for SHACL it does not implement); :func:`evaluate` runs them over
an Oxigraph store's default graph and returns :class:`Raw` results that
:mod:`kg.validation` turns into pySHACL's report graph and findings.
``tests/test_validation_scale.py`` proves the results equal pySHACL's on the corpus and
on mutated copies of it.
"""

from kg.shacl.compile import Check, Shapes, SparqlCheck, Unsupported, compile_shapes
from kg.shacl.evaluate import Raw, evaluate, subclass_closure, to_rdflib

__all__ = ["Check", "Shapes", "SparqlCheck", "Unsupported", "compile_shapes", "Raw", "evaluate",
           "subclass_closure", "to_rdflib"]
