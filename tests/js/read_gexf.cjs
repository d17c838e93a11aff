// Read a GEXF file the way Gephi Lite does (graphology + graphology-gexf) and print
// the resulting graph as JSON on stdout. Used by tests/test_export_formats.py.
//
// Usage: node read_gexf.cjs <node_modules parent dir> <file.gexf>
//
// Strict: no addMissingNodes, no allowUndeclaredAttributes, and an explicit check
// that every <attvalue for=...> of a node or edge was declared in <attributes>.
// Exits 1 with a message on stderr when the file is rejected.
"use strict";
const fs = require("fs");
const path = require("path");
const { createRequire } = require("module");

const [moduleDir, gexfPath] = process.argv.slice(2);
if (!moduleDir || !gexfPath) {
  console.error("usage: node read_gexf.cjs <dir with node_modules> <file.gexf>");
  process.exit(2);
}
const requireFrom = createRequire(path.join(path.resolve(moduleDir), "package.json"));
const Graph = requireFrom("graphology");
const gexf = requireFrom("graphology-gexf");
const { DOMParser } = requireFrom("@xmldom/xmldom");

const xml = fs.readFileSync(gexfPath, "utf8");

// 1. every attvalue refers to a declared attribute of its class
const doc = new DOMParser().parseFromString(xml, "application/xml");
const declared = { node: new Set(), edge: new Set() };
for (const block of Array.from(doc.getElementsByTagName("attributes"))) {
  const cls = block.getAttribute("class");
  for (const attribute of Array.from(block.getElementsByTagName("attribute"))) {
    declared[cls].add(attribute.getAttribute("id"));
  }
}
for (const cls of ["node", "edge"]) {
  for (const element of Array.from(doc.getElementsByTagName(cls))) {
    for (const value of Array.from(element.getElementsByTagName("attvalue"))) {
      const key = value.getAttribute("for");
      if (!declared[cls].has(key)) {
        console.error(`undeclared ${cls} attribute ${JSON.stringify(key)}`);
        process.exit(1);
      }
    }
  }
}

// 2. graphology-gexf, strict
let graph;
try {
  graph = gexf.parse(Graph, xml, { addMissingNodes: false, allowUndeclaredAttributes: false });
} catch (error) {
  console.error(String(error && error.message ? error.message : error));
  process.exit(1);
}

const out = {
  type: graph.type,
  multi: graph.multi,
  order: graph.order,
  size: graph.size,
  graph: graph.getAttributes(),
  declared: { node: [...declared.node].sort(), edge: [...declared.edge].sort() },
  nodes: graph.mapNodes((key, attributes) => ({ key, attributes })),
  edges: graph.mapEdges((key, attributes, source, target, _s, _t, undirected) => ({
    source,
    target,
    undirected,
    attributes,
  })),
};
// JSON.stringify turns NaN and Infinity into null, which the test rejects.
process.stdout.write(JSON.stringify(out, null, 2) + "\n");
