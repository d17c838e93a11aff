"""The ``kg`` command line: thin wrappers over library functions of the same names.

The library raises :class:`kg.errors.KgError`; only this module turns errors into
one-line messages and exit codes.
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

import click

from kg.errors import KgError
from kg.project import Project

pass_project = click.make_pass_decorator(Project)


def reports_errors(func):
    """Turn library errors into a one-line message and exit status 2."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except KgError as err:
            click.echo(f"Error: {err.message}", err=True)
            sys.exit(2)

    return wrapper


def format_option(*choices, default="table"):
    return click.option("--format", "fmt", type=click.Choice(choices), default=default, show_default=True,
                        help="Output format.")


@click.group()
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".",
              help="The project folder (with sources/, ontology/, queries/).", show_default=True)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where outputs go (default: ROOT/build).")
@click.version_option(package_name="kg")
@click.pass_context
def cli(ctx, root, out):
    """Build a knowledge graph from news articles, validate it, query it.

    \b
    Example:
        kg build && kg validate && kg query officials
    """
    ctx.obj = Project.at(root, out)


@cli.command()
@click.option("--jobs", type=int, default=None, help="Processes for extraction (default: all cores).")
@click.option("--quiet", is_flag=True, help="No progress or summary.")
@pass_project
@reports_errors
def build(project, jobs, quiet):
    """Extract facts from sources/ and write the graph to build/.

    Re-extracts only sources whose text, metadata or curation changed.

    \b
    Example:
        kg build
        kg --root myproject --out /tmp/out build --jobs 2
    """
    from kg.build import build as run_build

    def progress(i, total):
        if not quiet and total >= 20 and sys.stderr.isatty():
            click.echo(f"\rextracting {i}/{total}", nl=i == total, err=True)

    result = run_build(project, jobs=jobs, progress=progress)
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    if not quiet:
        click.echo(f"{result.sources} sources ({len(result.extracted)} extracted, {len(result.reused)} from the cache); "
                   f"{result.triples} triples, {result.quads} quads -> {result.out_dir}")


@cli.command()
@pass_project
@reports_errors
def stats(project):
    """Print counts: triples, quads per source, entities per class.

    \b
    Example:
        kg stats
    """
    from kg.stats import stats as run_stats

    click.echo(run_stats(project.out_dir).text())


@cli.command()
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--shapes", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="SHACL shapes (default: ontology/shapes.ttl).")
@pass_project
def validate(project, file, shapes):
    """Validate the graph (default: the build) against the SHACL shapes.

    Exit status: 0 conforms, 1 violations, 2 bad input.

    \b
    Example:
        kg validate
        kg validate build/graph.nq --shapes ontology/shapes.ttl
    """
    from kg.validation import validate as run_validate

    try:
        result = run_validate(file or project.out_dir / "graph.nq", shapes or project.shapes_file)
    except KgError as err:
        click.echo(f"Error: {err.message}", err=True)
        sys.exit(2)
    click.echo(result.text)
    sys.exit(0 if result.conforms else 1)


@cli.command()
@click.argument("name", required=False)
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE", help="A query parameter (repeatable).")
@click.option("--list", "list_", is_flag=True, help="List the named queries with their questions.")
@format_option("table", "csv", "json")
@pass_project
@reports_errors
def query(project, name, params, list_, fmt):
    """Run a named query from queries/ (or a .rq file) on the built graph.

    \b
    Example:
        kg query --list
        kg query officials --format csv
        kg query evidence --param entity="Maria Zakharova"
    """
    from kg.queries import format_result, list_queries, load_query, run_query
    from kg.stats import open_store

    if list_ or not name:
        for info in list_queries(project.queries_dir):
            click.echo(f"{info.name:<24} {info.question}")
        return
    bound = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep:
            raise click.BadParameter(f"{item!r} is not KEY=VALUE", param_hint="--param")
        bound[key] = value
    info = load_query(name, project.queries_dir)
    result = run_query(open_store(project.out_dir), info, bound)
    click.echo(format_result(result, fmt), nl=False)


@cli.command()
@click.argument("source_id")
@format_option("table", "json")
@pass_project
@reports_errors
def facts(project, source_id, fmt):
    """List what was extracted from one source, with quotes and curation marks.

    \b
    Example:
        kg facts russification-creates-migration
    """
    from kg.review import facts as run_facts

    rows = run_facts(project, source_id)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        mark = "curated" if row.get("curated") else "extracted"
        click.echo(f"[{mark}] {row['subject']} {row['predicate']} {row['object']}\n    \"{row['quote']}\" ({row['rule']})")


@cli.command()
@click.option("--gold", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Gold annotations (default: ROOT/tests/gold).")
@pass_project
@reports_errors
def evaluate(project, gold):
    """Score extraction against gold annotations: precision and recall per class.

    \b
    Example:
        kg evaluate
    """
    from kg.evaluation import evaluate as run_evaluate

    for part, report in run_evaluate(project.sources_dir, gold or project.root / "tests" / "gold").items():
        click.echo(report.text(part))


@cli.command()
@pass_project
@reports_errors
def diagram(project):
    """Print a Mermaid class diagram of the ontology (the README's diagram).

    \b
    Example:
        kg diagram > classes.mmd
    """
    from kg.diagram import diagram as run_diagram

    click.echo(run_diagram(project.ontology_file), nl=False)


@cli.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--url", help="Where the article was published.")
@click.option("--title", help="Its headline (default: from the page or the first line).")
@click.option("--publisher", help="The outlet.")
@click.option("--published", help="Publication date: YYYY-MM-DD, YYYY-MM or YYYY.")
@click.option("--published-inferred", help="For an undated article: how the date was inferred.")
@pass_project
@reports_errors
def add(project, path, url, title, publisher, published, published_inferred):
    """Add an article (.txt, .md or .html) to sources/ with its metadata.

    The same text added twice is refused, naming the existing source.

    \b
    Example:
        kg add ~/Downloads/raid.html --url https://example.com/raid
        kg add note.txt --title "Bishkek protests raid" --published 2025-04-20
    """
    from kg.adding import add as run_add

    result = run_add(project, path, url=url, title=title, publisher=publisher, published=published,
                     published_inferred=published_inferred)
    click.echo(f"added {result.source_id} -> {result.folder}")
    if result.same_events_as:
        click.echo("reports the same events as (they will be merged): " + ", ".join(result.same_events_as))


@cli.command()
@click.argument("old", type=click.Path(exists=True, path_type=Path))
@click.argument("new", type=click.Path(exists=True, path_type=Path))
@reports_errors
def diff(old, new):
    """Compare two builds: triples added (+) and removed (-), by entity.

    \b
    Example:
        cp -r build build.old && kg build && kg diff build.old build
    """
    from kg.diff import diff as run_diff

    for change in run_diff(old, new):
        click.echo(f"{change.label} <{change.entity}>")
        for line in change.added:
            click.echo(f"  + {line}")
        for line in change.removed:
            click.echo(f"  - {line}")


@cli.command()
@format_option("table", "json")
@pass_project
@reports_errors
def conflicts(project, fmt):
    """List values that differ between sources (dates, counts, states), with sources.

    \b
    Example:
        kg conflicts
    """
    from kg.consistency import conflicts as run_conflicts

    rows = run_conflicts(project.out_dir)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        click.echo(f"{row['entity']} | {row['property']} = {row['value']}  [{row['sources']}]")


def _decision(name, extra_value=False):
    """A command that writes one curation decision: accept, reject or correct."""

    @click.argument("source_id")
    @click.argument("subject")
    @click.argument("predicate")
    @click.argument("obj", metavar="OBJECT")
    @click.option("--by", help="Who decided.")
    @click.option("--why", help="Why.")
    @pass_project
    @reports_errors
    def command(project, source_id, subject, predicate, obj, by, why, value=None):
        from kg import review

        kwargs = {"by": by, "why": why}
        if extra_value:
            path = review.correct(project, source_id, subject, predicate, obj, value, **kwargs)
        else:
            path = getattr(review, name)(project, source_id, subject, predicate, obj, **kwargs)
        click.echo(f"{name}: written to {path}")

    if extra_value:
        command = click.option("--value", required=True, help="The corrected object.")(command)
    return command


accept = cli.command(name="accept", help="""Confirm an extracted fact (written to the source's curation file).

\b
Example:
    kg accept russification-creates-migration person/maria-zakharova state state/russia --by me
""")(_decision("accept"))
reject = cli.command(name="reject", help="""Reject an extracted fact (written to the source's curation file).

\b
Example:
    kg reject russification-creates-migration place/tashkent state state/uzbekistan --why "metonym"
""")(_decision("reject"))
correct = cli.command(name="correct", help="""Correct the object of an extracted fact (written to the curation file).

\b
Example:
    kg correct SOURCE person/maria-zakharova post spokeswoman --value "Foreign Ministry spokeswoman"
""")(_decision("correct", extra_value=True))


@cli.command()
@click.argument("entity")
@click.argument("predicate", required=False)
@click.argument("obj", metavar="[OBJECT]", required=False)
@format_option("table", "json")
@pass_project
@reports_errors
def why(project, entity, predicate, obj, fmt):
    """Show why facts are in the graph: quote, source, rule, version, curation.

    ENTITY is a label, an IRI or an IRI path; PREDICATE and OBJECT narrow it to one fact.

    \b
    Example:
        kg why "Maria Zakharova"
        kg why "Maria Zakharova" post
    """
    from kg.why import why as run_why

    rows = run_why(project.out_dir, entity, predicate, obj)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        curated = f"curated ({r['note']})" if r["curated"] == "true" else "extracted"
        extra = "".join(f"; {k} {r[k]}" for k in ("modality", "inferred") if r[k])
        click.echo(f"{r['predicate']} = {r['object']}\n  \"{r['quote']}\"\n  "
                   f"{r['source']} [{r['start']}:{r['end']}], rule {r['rule']}, {r['version']}, {curated}{extra}")


def network_filter_options(func):
    """``--type``, ``--since``, ``--until``, ``--min-weight``, ``--include-background``."""
    options = [
        click.option("--type", "types", multiple=True, metavar="TYPE",
                     help="Keep nodes of this type (repeatable or comma-separated): State, Agency, "
                          "Official, Person; Incident, Note, CommunicativeAct, Meeting, Law."),
        click.option("--since", metavar="DATE", help="Keep what happened on or after DATE (YYYY[-MM[-DD]])."),
        click.option("--until", metavar="DATE", help="Keep what happened on or before DATE (YYYY[-MM[-DD]])."),
        click.option("--min-weight", type=click.IntRange(min=1), default=1, show_default=True,
                     help="Drop edges supported by fewer articles."),
        click.option("--include-background", is_flag=True,
                     help="Keep events that every article mentions only as background."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def network_filters(types, since, until, min_weight, include_background) -> dict:
    types = [t.strip() for item in types for t in item.split(",") if t.strip()]
    return {"types": types or None, "since": since, "until": until, "min_weight": min_weight,
            "include_background": include_background}


@cli.command()
@click.argument("network")
@format_option("gexf", "graphml", "json", "csv", default="gexf")
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The file to write (default: BUILD/networks/NETWORK.FORMAT).")
@network_filter_options
@pass_project
@reports_errors
def export(project, network, fmt, out_path, **filters):
    """Write NETWORK (actors, actors-events, co-mention) for Gephi and networkx.

    GEXF 1.3 (dynamic, for Gephi and Gephi Lite), GraphML, node-link JSON, or CSV
    node and edge tables for Gephi's spreadsheet import; metrics included.

    \b
    Example:
        kg export actors --format gexf --out actors.gexf
        kg export co-mention --format csv --min-weight 2
        kg export actors-events --since 2025-06 --until 2025-06 --type State,Agency
    """
    from kg.networks import export_network

    result = export_network(project.out_dir, network, fmt, out_path, **network_filters(**filters))
    G = result.graph
    click.echo(f"{network}: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges -> "
               + ", ".join(str(p) for p in result.paths))


@cli.command()
@click.argument("what")
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The PNG to write (default: BUILD/networks/WHAT.png).")
@network_filter_options
@pass_project
@reports_errors
def plot(project, what, out_path, **filters):
    """Draw WHAT (actors, actors-events, co-mention, timeline) as a PNG, without Gephi.

    \b
    Example:
        kg plot actors --out actors.png
        kg plot timeline --since 2025 --out timeline.png
    """
    from kg.plot import plot as run_plot

    path = run_plot(project.out_dir, what, out_path, **network_filters(**filters))
    click.echo(f"{what} -> {path}")


@cli.command()
@click.option("--base-iri", default="https://example.org/kg/", show_default=True,
              help="The IRI the site is published under; the project's IRIs are rewritten to it.")
@click.option("--out", "site_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where the site goes (default: ROOT/site).")
@pass_project
@reports_errors
def publish(project, base_iri, site_dir):
    """Write the built graph as a static linked-data site.

    One page per entity with its facts, their quotes and sources, and its Turtle and
    JSON-LD; class indexes, a timeline, the actor network, search, the ontology's
    documentation, VoID/DCAT and gzip dumps. Any static web server can serve it.

    \b
    Example:
        kg publish
        kg publish --base-iri https://data.example.net/kg/ --out /tmp/site
    """
    from kg.publishing.site import publish as run_publish

    result = run_publish(project.out_dir, site_dir or project.root / "site", base_iri,
                         queries_dir=project.queries_dir)
    click.echo(result.text())


@cli.command()
@click.option("--port", type=int, default=8000, show_default=True, help="Port on 127.0.0.1 (0: any free port).")
@click.option("--site", "site_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The site `kg publish` wrote (default: ROOT/site).")
@click.option("--timeout", type=float, default=10.0, show_default=True, help="Seconds a SPARQL query may run.")
@click.option("--max-result-bytes", type=int, default=10_000_000, show_default=True,
              help="Largest SPARQL result the endpoint sends.")
@click.option("--build-store", is_flag=True,
              help="Query the build's Oxigraph store instead of the site's dump (default base IRI only).")
@pass_project
@reports_errors
def serve(project, port, site_dir, timeout, max_result_bytes, build_store):
    """Serve the published site with content negotiation and a SPARQL endpoint.

    Entity IRIs answer 303 See Other to HTML, Turtle, JSON-LD or N-Triples by the
    Accept header; /sparql is a read-only SPARQL 1.1 endpoint with a query form.

    \b
    Example:
        kg publish && kg serve --port 8000
        curl -L -H 'Accept: text/turtle' http://127.0.0.1:8000/id/state/russia
    """
    from kg.publishing.server import serve as run_serve

    server = run_serve(site_dir or project.root / "site", port=port, timeout=timeout,
                       max_result_bytes=max_result_bytes,
                       store_dir=project.out_dir / "store" if build_store else None)
    click.echo(f"Serving {server.site_dir} at {server.url} (SPARQL: {server.url}sparql); Ctrl-C to stop", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


@cli.command()
@click.argument("endpoint")
@click.option("--base-iri", default="https://example.org/kg/", show_default=True,
              help="Rewrite the project's IRIs to this base, as `kg publish --base-iri` does.")
@pass_project
@reports_errors
def push(project, endpoint, base_iri):
    """Load the built graph into a triple store, one named graph per PUT.

    Uses the SPARQL 1.1 Graph Store HTTP Protocol: PUT ENDPOINT?graph=<iri>.

    \b
    Example:
        oxigraph serve --location /tmp/ox --bind 127.0.0.1:7878 &
        kg push http://127.0.0.1:7878/store
    """
    from kg.publishing.push import push as run_push

    pushed = run_push(project.out_dir, endpoint, base_iri,
                      progress=lambda graph, n: click.echo(f"{graph}  {n} triples"))
    click.echo(f"{len(pushed)} graphs, {sum(n for _, n in pushed)} triples -> {endpoint}")


@cli.command()
@click.option("--articles", "sizes", type=click.IntRange(min=0), multiple=True,
              help="Articles in the synthetic corpus (repeatable: growth between the sizes; 0: no synthetic "
                   "corpus, only --corpus). [default: 1000]")
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the figures as JSON here.")
@click.option("--corpus", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Also time a full and an incremental build of a copy of this sources folder.")
@click.option("--seed", type=int, default=42, show_default=True, help="Seed of the synthetic corpus.")
@click.option("--repeats", type=click.IntRange(min=1), default=3, show_default=True,
              help="Runs of each query (the median counts).")
@click.option("--baseline/--no-baseline", default=True, show_default=True,
              help="Also validate with pySHACL over the whole graph.")
@click.option("--baseline-timeout", type=float, default=1800, show_default=True,
              help="Seconds pySHACL may take before it is reported as not finished.")
@click.option("--stage-timeout", type=float, default=900, show_default=True,
              help="Seconds export and publish may take before they are reported as not finished.")
@click.option("--workdir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where corpora and builds go (default: a temporary folder, removed afterwards).")
@pass_project
@reports_errors
def bench(project, sizes, json_path, corpus, seed, repeats, baseline, baseline_timeout, stage_timeout, workdir):
    """Time the pipeline on a synthetic corpus: stages, memory, queries against pyoxigraph.

    Generates N realistic articles (seeded), builds, validates, runs every named query
    (and the same SPARQL on plain pyoxigraph), exports actors, publishes, changes one
    article and rebuilds; prints seconds and peak memory per stage.

    \b
    Example:
        kg bench --articles 1000 --json out.json
        kg bench --articles 1000 --articles 10000 --no-baseline
        kg bench --articles 30 --corpus sources/
        kg bench --articles 0 --corpus sources/
    """
    import tempfile

    from kg.bench.report import format_table
    from kg.bench.run import run_bench

    if sizes and not any(sizes) and corpus is None:
        raise click.UsageError("--articles 0 runs no synthetic corpus: give --corpus too")
    sizes = [n for n in sizes if n] if sizes else [1000]
    keep = workdir is not None
    workdir = workdir or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    report = run_bench(sizes, workdir, project.root, seed=seed, repeats=repeats,
                       baseline=baseline, baseline_timeout=baseline_timeout, stage_timeout=stage_timeout,
                       corpus=corpus, keep=keep, say=lambda m: click.echo(m, err=True))
    click.echo(format_table(report))
    if json_path:
        json_path.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def main():
    cli(prog_name="kg")
