"""``kg conflicts``: values that disagree across sources, each kept with its sources.

The graph never drops a source's figure ("about 160,000" against "more than 150,000");
this lists every property that should have one value but has several.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from kg.stats import open_store


def conflicts(out_dir: Path) -> list[dict]:
    """Rows of entity, property, value and the sources that give that value."""
    query = resources.files("kg").joinpath("sparql/conflicts.rq").read_text(encoding="utf-8")
    store = open_store(out_dir)
    rows = [{k: r[k].value for k in ("entity", "property", "value", "sources")}
            for r in store.query(query, use_default_graph_as_union=True)]
    for row in rows:
        row["sources"] = "; ".join(sorted(row["sources"].split("; ")))
    # a partial date agrees with a fuller one it is a prefix of ("2025-06" and "2025-06-11")
    groups: dict[tuple, list[dict]] = {}
    for row in rows:
        groups.setdefault((row["entity"], row["property"]), []).append(row)
    result = []
    for group in groups.values():
        values = {r["value"] for r in group}
        distinct = {v for v in values if not any(o != v and o.startswith(v + "-") for o in values)}
        if len(distinct) > 1:
            result.extend(group)
    return result
