"""kg: build a validated, queryable knowledge graph from news articles.

The pipeline: :mod:`kg.sources` loads the articles, :mod:`kg.cleaning` cleans their
text, :mod:`kg.extraction` finds the facts, :mod:`kg.curation` applies a person's
corrections, :mod:`kg.graph` turns facts into RDF, :mod:`kg.build` writes the outputs,
:mod:`kg.validation` checks them against the SHACL shapes and :mod:`kg.queries` runs
the named SPARQL queries.
"""

__version__ = "0.1.0"
