"""Network file formats for Gephi, Gephi Lite and other graph tools.

One module per format, one writer per module, all with the signature ``(G, path)``
for a networkx graph ``G``, in the manner of ``networkx.readwrite``:

* :func:`write_gexf` - GEXF 1.3 with spells and viz (Gephi, Gephi Lite);
* :func:`write_graphml` - GraphML through networkx, lists joined with ``"|"``;
* :func:`write_json` - node-link JSON (``networkx.node_link_data``);
* :func:`write_csv` - ``<stem>-nodes.csv`` and ``<stem>-edges.csv`` for Gephi's
  spreadsheet import.

Every writer is deterministic (same graph, same bytes) and replaces ``path``
atomically. Importing this package has no side effects.
"""

from kg.export.csv import write_csv
from kg.export.gexf import write_gexf
from kg.export.graphml import write_graphml
from kg.export.json import write_json

__all__ = ["write_csv", "write_gexf", "write_graphml", "write_json"]
