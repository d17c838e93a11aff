"""Publishing the built graph: a static linked-data site, a local server, a push to a triple store.

- :func:`kg.publishing.site.publish` writes the static site (entity pages in HTML, Turtle,
  JSON-LD and N-Triples, class indexes, a timeline, the actor network, a search box, the
  ontology's documentation, VoID/DCAT and compressed dumps);
- :func:`kg.publishing.server.serve` serves that site on 127.0.0.1 with content
  negotiation and a read-only SPARQL 1.1 Protocol endpoint;
- :func:`kg.publishing.push.push` loads the graph into an external store through the
  SPARQL 1.1 Graph Store HTTP Protocol.

Importing this package does nothing: each command imports the module it needs.
"""
