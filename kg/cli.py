"""The `kg` command: a thin click layer over the pipeline modules."""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections import Counter
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click

from kg import __version__
from kg.errors import EXIT_CODES, InputError, KgError, QueryError, ValidationFailed
from kg.text.formats import DEFAULT_MAX_PAGES
from kg.io.terminal import visible

DEFAULT_SOURCES = (Path("seeds"),)
DEFAULT_OUT = Path("build")


def graph_file_option(flag: str = "--graph") -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The built graph to read; one definition for every command (`kg push` spells it --from,
    because its --graph names the target graph in the store)."""
    return click.option(
        flag, "graph_path", type=click.Path(path_type=Path), default=Path("build") / "kg.trig", show_default=True,
        help="The built graph to read (.trig keeps per-document graphs; .ttl/.nt also work).")


graph_option = graph_file_option()
output_option = click.option("-o", "--output", type=str, default="-", show_default=True,
                             help="Output file, or - for standard output.")
lang_option = click.option("--lang", type=click.Choice(["en", "ru", "kk"]), default="en", show_default=True,
                           help="Language of labels.")


def friendly(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a KgError into one line on stderr and its documented exit code: no tracebacks."""
    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except click.ClickException:
            raise  # usage errors keep click's message and exit code 2
        except KgError as exc:
            click.echo(f"kg: error: {visible(str(exc))}", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("kg: interrupted; previous outputs are intact", err=True)
            sys.exit(130)
        except Exception as exc:  # a bug: still one line, unless the user asks for the traceback
            if os.environ.get("KG_DEBUG"):
                raise
            click.echo(f"kg: internal error: {type(exc).__name__}: {visible(str(exc))} (set KG_DEBUG=1 for a "
                       "traceback)", err=True)
            sys.exit(1)
    return wrapper


def _terminal_width(output: str) -> int | None:
    """The terminal's width when the output goes to one: tables fit it there, and are written
    whole to a file or a pipe."""
    return shutil.get_terminal_size().columns if output == "-" and sys.stdout.isatty() else None


def _emit(text: str, output: str) -> None:
    from kg.io.files import atomic_write_text

    if output == "-":
        click.echo(text, nl=False)
    else:
        atomic_write_text(Path(output), text)
        click.echo(f"wrote {output}", err=True)


def _terminate(signum: int, frame: Any) -> None:
    # SIGTERM ends a build like Ctrl-C: temporary files are removed, previous outputs stay.
    raise KeyboardInterrupt


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """telemed-kg: build a knowledge graph of telemedicine in Central Asia from documents."""
    import signal

    signal.signal(signal.SIGTERM, _terminate)


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--out-dir", type=click.Path(path_type=Path), default=DEFAULT_OUT, show_default=True,
              help="Folder for kg.ttl, kg.trig and kg.html.")
@click.option("--no-html", is_flag=True, help="Skip the HTML view.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@click.option("--curation", type=click.Path(path_type=Path, exists=True, dir_okay=False), default=None,
              help="Curation file to apply (default: ontology/curation.yaml).")
@click.option("--max-mb", type=click.FloatRange(min=0.001), default=16.0, show_default=True,
              help="Skip documents larger than this many megabytes.")
@click.option("--workers", type=click.IntRange(1, 256), default=None,
              help="Extraction processes (default: one per core from 16 documents up).")
@click.option("--no-cache", is_flag=True,
              help="Extract every document again instead of reusing OUT_DIR/.cache for unchanged ones.")
@click.option("--follow-symlinks", is_flag=True,
              help="Also read symbolic links that lead out of an input folder (skipped by default).")
@click.option("--ocr", is_flag=True, help="Read scanned PDFs (no text layer) with Tesseract, if installed.")
@click.option("--max-pages", type=click.IntRange(min=1), default=DEFAULT_MAX_PAGES, show_default=True,
              help="Skip PDFs with more pages than this.")
@click.option("--scheduler", envvar="KG_SCHEDULER", metavar="tcp://HOST:PORT", default=None,
              help="Extract on the Dask cluster whose scheduler is there (also $KG_SCHEDULER); see README.")
@click.option("--format", "fmt", type=click.Choice(["trig", "nquads"]), default="trig", show_default=True,
              help="trig: kg.ttl, kg.trig and kg.html; nquads: kg.nq alone, streamed as it is built "
                   "(for graphs too big to hold; read it with --graph OUT_DIR/kg.nq).")
@friendly
def build(sources: tuple[Path, ...], out_dir: Path, no_html: bool, quiet: bool, curation: Path | None,
          max_mb: float, workers: int | None, no_cache: bool, follow_symlinks: bool, ocr: bool,
          max_pages: int, scheduler: str | None, fmt: str) -> None:
    """Build the graph from SOURCES (files or folders; default: seeds/)."""
    import time
    from contextlib import ExitStack

    from kg.text.formats import ConvertOptions
    from kg.text.formats.store import write_derived_texts
    from kg.io.files import atomic_open
    from kg.build.pipeline import build_graph, release_memory
    from kg.build.serialize import write

    started = time.perf_counter()
    streamed = fmt == "nquads"
    with ExitStack() as cleanup:
        spool = None
        if streamed:
            from kg.build.stream import NamedSpool

            spool = NamedSpool(out_dir / f".kg.nq.{os.getpid()}.named")
            cleanup.callback(spool.remove)
        from kg.build.blocks import FOLDER as BLOCKS
        from kg.build.storeupdate import StoreWriter

        graph_file = out_dir / ("kg.nq" if streamed else "kg.trig")
        # Made before the file is replaced: whether its store still holds the previous build.
        store = StoreWriter(graph_file, None if no_cache else out_dir / ".cache" / BLOCKS)
        # A new store is loaded on a thread from the statements in memory, while the graph is
        # assembled and written (not a streamed build's: its statements are not kept).
        loader = None if streamed else store.begin()
        cleanup.push(lambda failed, *_: store.abandon() if failed else None)
        answers = None
        if store.updating:
            from kg.query.precomputed import AnswerPool

            # A rebuild: the stored answers are worked out beside the writing of the files.
            answers = AnswerPool(store.folder)
            cleanup.push(lambda failed, *_: answers.close() if failed else None)
        with ExitStack() as stack:
            progress = None
            if not quiet and sys.stderr.isatty():
                def progress(total: int) -> Callable[[int], None]:
                    bar = stack.enter_context(click.progressbar(length=total, label="extracting", file=sys.stderr,
                                                                show_eta=True, show_pos=True))
                    return bar.update
            result = build_graph(list(sources or DEFAULT_SOURCES), curation=curation,
                                 max_bytes=int(max_mb * 1024 * 1024), workers=workers,
                                 cache_dir=None if no_cache else out_dir / ".cache", progress=progress,
                                 follow_symlinks=follow_symlinks, convert=ConvertOptions(ocr=ocr, max_pages=max_pages),
                                 scheduler=scheduler, spool=spool, loader=loader, defer_named=not streamed)
            # Blocks no longer used are removed once the store no longer needs the previous build's.
            cleanup.callback(result.prune_blocks or (lambda: None))
        write_derived_texts(result.documents, out_dir)
        if not streamed:
            store.start(result.quads)
            if answers is not None and store.update_early(result.quads, answers.judge_removals):
                answers.begin(store.folder, store.changed)
        if spool is not None:
            with atomic_open(graph_file, "wb") as handle:
                spool.write_into(handle, result.quads)
        turtle = trig = None
        if not no_cache and (result.quads.sorted_runs or result.quads.deferred):
            from kg.build import trigparts, turtleparts

            turtle = turtleparts.TurtleParts(out_dir / "kg.ttl", out_dir / ".cache" / turtleparts.STATE)
            trig = trigparts.TrigParts(out_dir / "kg.trig", out_dir / ".cache" / trigparts.STATE)
        for name, rdf_format in () if streamed else (("kg.ttl", "turtle"), ("kg.trig", "trig")):
            with atomic_open(out_dir / name, "wb") as handle:
                if rdf_format == "turtle" and turtle is not None:
                    # What the store's update changed is what kg.ttl changes by.
                    change = store.changed
                    turtle.write(result.quads, handle, None if change is None or change.left_union is None
                                 else (change.left_union, change.added))
                elif rdf_format == "trig" and trig is not None and result.quads.graphs.get(""):
                    trig.write(result.quads, handle)
                else:
                    write(result.quads, rdf_format, handle)
        for parts in (turtle, trig):
            if parts is not None:
                parts.record()
    # One build's outputs in a folder: files of the other format would now describe an older graph.
    for name in ("kg.ttl", "kg.trig", "kg.html") if streamed else ("kg.nq",):
        (out_dir / name).unlink(missing_ok=True)
    try:
        view_note = ""
        if not no_html and not streamed:
            from kg.views.page import render_build_view

            view_note = render_build_view(result.quads, out_dir / "kg.html")[1]
        summary = None if quiet else _summary(result, out_dir, no_html, view_note)
        quads, documents, cached = result.quads, len(result.documents), result.cached
        # What `kg stats` would otherwise count with a DISTINCT over every quad of the store.
        triples = result.triple_total()
        if not store.in_place(quads) and quads.named_counts is not None:
            # Loading the store takes memory of its own: what it does not need goes first, the named
            # graphs (the summary needs only their counts), the documents and their facts.
            store.wait()  # a store begun in the background reads them until it is loaded
            quads.drop_named()
            del result
            release_memory()
        # Put in place once the graph file is written: the store holds exactly the exported graph.
        folder = store.write(quads)
        from kg.rdf.subset import keep_triple_count

        keep_triple_count(folder, triples)
        from kg.query.precomputed import write_precomputed

        # The heavy shipped queries, answered once here rather than by every `kg query`.
        if answers is not None:
            answers.finish(folder)
        else:
            write_precomputed(folder)
    finally:
        if answers is not None:
            answers.close()
    if summary is not None:
        click.echo(f"{summary}\n{documents} documents in {time.perf_counter() - started:.1f} s; "
                   f"{cached} unchanged, from the cache")


# Above this many documents the summary gives totals only.
SUMMARY_DOCUMENT_LINES = 30  # the build keeps these documents' facts (kg.build.pipeline.KEPT_FACTS)


def _summary(result: Any, out_dir: Path, no_html: bool, view_note: str) -> str:
    """All but the last line (documents, time, cache hits), which is written once the store is."""
    from kg import terms as T
    from kg.build.quads import split, type_counts

    statements = result.quads.graphs.get("", set())  # every relation is in the default graph
    types, triples = result.type_counts()
    counts = Counter({c.key: types.get(str(c.iri), 0) for c in T.NODE_CLASSES.values() if c.iri != T.Entity})
    relation_predicates = {f"<{p}>" for p in T.RELATIONS.values()}
    relations = sum(1 for st in statements if split(st)[1] in relation_predicates)
    evidence = types.get(str(T.OA.Annotation), 0)
    lines = ["telemed-kg build", "─" * 40]
    for doc, facts in zip(result.documents, result.first_facts(SUMMARY_DOCUMENT_LINES)):
        lines.append(f"{visible(doc.file_name):32} {','.join(facts.languages):9} {len(set(m.iri for m in facts.mentions)):3} entities "
                     f"{len(facts.relations):3} relations {len(facts.metrics):3} metrics")
    if len(result.documents) > SUMMARY_DOCUMENT_LINES:
        lines.append(f"… and {len(result.documents) - SUMMARY_DOCUMENT_LINES} more documents")
    lines.append("─" * 40)
    for name in ("country", "region", "programme", "funder", "facility", "metric", "document"):
        lines.append(f"{name:12} {counts[name]:6}")
    lines.append(f"{'relations':12} {relations:6}")
    lines.append(f"{'evidence':12} {evidence:6}")
    lines.append(f"{'triples':12} {triples:6}")
    for path, why in result.skipped:
        lines.append(f"skipped {visible(str(path))}: {visible(why)}")
    written = (["kg.nq"] if result.spool else ["kg.ttl", "kg.trig"]) + ["kg.oxigraph"] + (
        [] if no_html or result.spool else ["kg.html"])
    lines.append("wrote " + ", ".join(str(out_dir / n) for n in written) + view_note)
    return "\n".join(lines)


@main.command()
@click.argument("name_or_file", required=False)
@click.option("-e", "--expression", help="SPARQL text to run instead of a named query.")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a query parameter (as an RDF term, never pasted into the text): an IRI, "
                   "prefix:local, \"text\"@lang, or a plain string.")
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "turtle"]),
              default=None, help="Result format (default: table on a terminal, csv otherwise; turtle for CONSTRUCT).")
@click.option("--engine", type=click.Choice(["auto", "oxigraph", "rdflib"]), default="auto", show_default=True,
              help="Query engine: oxigraph (fast; what auto picks) or rdflib's own (reference).")
@click.option("--cached-store", is_flag=True,
              help="Oxigraph only: open a persistent copy kept beside the graph (made on first use) instead "
                   "of parsing it; starts in milliseconds, but joins run several times slower.")
@click.option("--no-store", "no_store", is_flag=True,
              help="Parse the graph file instead of opening the embedded store `kg build` wrote beside it.")
@click.option("--pairs", is_flag=True,
              help="With conflicts: every pair of numbers behind its rows instead, with both values, bounds, "
                   "quotes, files and offsets (one row per pair: 1.67M rows at 10,000 benchmark documents, "
                   "streamed as they are worked out).")
@click.option("--list", "list_queries", is_flag=True, help="List the shipped queries.")
@lang_option
@graph_option
@output_option
@friendly
def query(name_or_file: str | None, expression: str | None, params: tuple[str, ...], fmt: str | None,
          engine: str, cached_store: bool, no_store: bool, pairs: bool, list_queries: bool, lang: str,
          graph_path: Path, output: str) -> None:
    """Run a SPARQL query: a shipped NAME, a .rq FILE, or -e TEXT."""
    from kg.query.engine import open_engine
    from kg.query.catalogue import options_of, parse_params, resolve, resolve_option, run_query, shipped_queries
    from kg.query.results import check_format, write_result

    if list_queries:
        for info in shipped_queries():
            params_text = ", ".join(p for p, _ in info.params)
            options_text = " ".join(f"--{flag}" for flag in options_of(info.name))
            click.echo(f"{info.name:28} {info.title}" + (f"  [params: {params_text}]" if params_text else "")
                       + (f"  [options: {options_text}]" if options_text else ""))
        return
    info = resolve_option(name_or_file if expression is None else None, "pairs") if pairs \
        else resolve(name_or_file, expression)
    if fmt is not None:
        # A format that cannot fit is refused before the query runs (country-subgraph in CSV ran
        # 40 s at 10,000 documents to be refused).
        from kg.query.engine import QueryResult
        from kg.query.guard import query_form

        form = query_form(info.text)
        if form is not None:
            check_format(QueryResult(form), fmt)
    result = run_query(open_engine(graph_path, engine, cache=cached_store, store=not no_store), info, parse_params(params),
                 lang=lang, stream=True)
    if fmt is None:
        fmt = "turtle" if result.kind == "GRAPH" else ("table" if _terminal_width(output) else "csv")
    check_format(result, fmt)
    # Rows are written as the engine yields them: a large result is never held whole.
    if output == "-":
        write_result(result, fmt, click.get_text_stream("stdout"), _terminal_width(output))
        return
    from kg.io.files import atomic_open

    with atomic_open(Path(output)) as handle:
        write_result(result, fmt, handle)
    click.echo(f"wrote {output}", err=True)


@main.command()
@graph_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback exposes the graph to the network.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              help="Seconds a query may run before it is stopped (HTTP 503).")
@click.option("--max-result-mb", type=click.FloatRange(min=0.001), default=64.0, show_default=True,
              help="Largest result to send, in MB (larger: HTTP 507).")
@click.option("--workers", type=click.IntRange(1, 64), default=2, show_default=True,
              help="Query worker processes (queries answered at the same time).")
@click.option("--allowed-host", "allowed_hosts", multiple=True, metavar="NAME",
              help="Also answer requests for this host name (Host header); repeatable, * for any. "
                   "Loopback names and the --host address are always allowed.")
@click.option("--cors", "cors", metavar="ORIGIN", multiple=True,
              help="Let a page on ORIGIN (e.g. https://yasgui.example, or * for any) call the endpoint "
                   "from a browser; repeat for more. Off by default.")
@friendly
def serve(graph_path: Path, host: str, port: int, timeout: float, max_result_mb: float, workers: int,
          allowed_hosts: tuple[str, ...], cors: tuple[str, ...]) -> None:
    """Serve the built graph over the SPARQL 1.1 Protocol (read-only) with a query page at /."""
    from kg.query.engine import PREFIXES
    from kg.query.catalogue import shipped_queries
    from kg.serve.app import ServerConfig, is_loopback, serve as run_server

    if not is_loopback(host):
        click.echo(f"kg: warning: listening on {host}, not loopback: the graph is reachable from the network",
                   err=True)
    examples = tuple({"name": q.name, "title": q.title, "description": q.description, "text": q.text,
                      "params": [p for p, _ in q.params]} for q in shipped_queries())
    config = ServerConfig(timeout=timeout, max_result_bytes=int(max_result_mb * 1_000_000),
                          prefixes=PREFIXES, examples=examples, allowed_hosts=allowed_hosts, cors=cors)
    run_server(graph_path, host, port, config, workers, announce=lambda line: click.echo(line, err=True))


@main.command()
@graph_file_option("--from")
@click.option("--endpoint", required=True, metavar="URL",
              help="Graph Store Protocol URL, e.g. http://localhost:3030/ds/data (Fuseki) or "
                   "http://localhost:7878/store (Oxigraph). user:password@ in the URL is sent as basic auth.")
@click.option("--graph", "target_graph", metavar="IRI", default=None,
              help="Put the default graph's triples (entities, documents, rules) into this named graph "
                   "instead of the store's default graph. Document graphs keep their own IRIs.")
@click.option("--replace", is_flag=True, help="Replace each graph sent (PUT) instead of adding to it (POST).")
@click.option("--timeout", type=click.FloatRange(min=1), default=120.0, show_default=True,
              help="Seconds each request may take from connecting to the end of the reply.")
@friendly
def push(graph_path: Path, endpoint: str, target_graph: str | None, replace: bool, timeout: float) -> None:
    """Upload the built graph, one named graph per document, to a SPARQL Graph Store endpoint."""
    from kg.rdf.push import push as run_push

    progress = None
    if sys.stderr.isatty():
        def progress(sent: int, total: int) -> None:
            click.echo(f"\rpushed {sent:,} of {total:,} triples", err=True, nl=sent == total)
    report = run_push(graph_path, endpoint, graph=target_graph, replace=replace, timeout=timeout, progress=progress)
    click.echo(visible(report.summary(), keep_newlines=True), nl=False)


@main.command()
@click.option("-f", "--format", "fmt", type=click.Choice(["turtle", "trig", "nt", "nquads", "json-ld"]),
              default="turtle", show_default=True)
@click.option("--context-url", metavar="URL", default=None,
              help="JSON-LD: refer to this published @context (https://w3id.org/telemed-kg/context.jsonld, or "
                   "kg serve's /context.jsonld) instead of writing it inline.")
@graph_option
@output_option
@friendly
def export(fmt: str, context_url: str | None, graph_path: Path, output: str) -> None:
    """Export the built graph in another RDF format."""
    import pyoxigraph as ox

    from kg.rdf.store import graph_source, rdf_format
    from kg.build.quads import QuadSet
    from kg.build.serialize import serialize

    # From the file, not the store: Oxigraph stores xsd:nonNegativeInteger offsets as xsd:integer,
    # and an export must give back exactly the built statements.
    graph_path = graph_source(graph_path)
    try:
        quads = QuadSet.from_ox(ox.parse(path=str(graph_path), format=rdf_format(graph_path)))
    except SyntaxError as exc:
        raise InputError(f"{graph_path}: not valid {rdf_format(graph_path).name}: {exc}") from exc
    _emit(serialize(quads, fmt, context_url), output)


@main.command()
@graph_option
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="HTML file to write [default: kg.html beside the graph for the whole graph; for a part of "
                   "it, a name that says which part, e.g. kg-focus-kazakhstan.html].")
@lang_option
@click.option("--focus", help="Entity IRI or label (any language) to centre on.")
@click.option("--depth", type=click.IntRange(0, 10), default=2, show_default=True)
@click.option("--country", help="Only one country: ISO code (KZ), label in any language, or IRI.")
@click.option("--document", help="Only what one source document says: file name, path, stem or IRI.")
@click.option("--query", "query_file", metavar="NAME|FILE.rq", help="Draw the result of a CONSTRUCT query.")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE", help="Bind a parameter of --query.")
@click.option("--no-metrics", is_flag=True, help="Leave metric nodes out.")
@click.option("--metrics-only", is_flag=True, help="Only metrics and the entities they are about.")
@click.option("--documents", "include_documents", is_flag=True, help="Also draw the documents (mentioned in).")
@click.option("--metric-nodes", is_flag=True,
              help="Whole graph: draw each metric as a node (by default they are listed in the panel of "
                   "the entity they are about).")
@click.option("--max-nodes", type=click.IntRange(1, None), default=5000, show_default=True,
              help="Above this, metrics are folded into their subjects, then the least-connected nodes left out.")
@friendly
def viz(graph_path: Path, output: Path | None, lang: str, focus: str | None, depth: int, country: str | None,
        document: str | None, query_file: str | None, params: tuple[str, ...], no_metrics: bool, metrics_only: bool,
        include_documents: bool, metric_nodes: bool, max_nodes: int) -> None:
    """Write an interactive, self-contained HTML view of the graph (or of a part of it)."""
    from kg.rdf.store import open_graph
    from kg.rdf.subset import select_from
    from kg.views.network import VIEW_SELECTION
    from kg.views.page import render_html, view_file_name
    from kg.views.storeread import view_graph

    if no_metrics and metrics_only:
        raise click.UsageError("--no-metrics and --metrics-only exclude each other")
    if params and not query_file:
        raise click.UsageError("--param goes with --query")
    if output is None:
        # A partial view never overwrites the whole-graph page the build wrote.
        output = graph_path.parent / view_file_name(focus=focus, country=country, document=document, query=query_file)
    # Only what a view shows is read from the store, not the whole dataset (kg.rdf.subset).
    store = open_graph(graph_path)
    constructed, query_name = None, None
    if query_file:
        from rdflib import Graph

        from kg.query.engine import OxigraphEngine
        from kg.rdf.convert import to_rdflib
        from kg.query.catalogue import parse_params, resolve, run_query

        info = resolve(query_file, None)
        result = run_query(OxigraphEngine(store), info, parse_params(params), lang)
        if result.kind != "GRAPH":
            raise QueryError(f"--query draws CONSTRUCT or DESCRIBE results; {info.name} is a {result.kind} query")
        constructed = Graph()
        for triple in result.triples:
            constructed.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
        query_name = info.path.name if info.path else info.name
    # A query's result is drawn with what the whole graph knows of its nodes (an rdflib graph);
    # any other view reads only the statements its nodes and edges show.
    graph = select_from(store, VIEW_SELECTION) if query_file else view_graph(store, include_documents=include_documents)
    summary = render_html(graph, output, lang=lang, focus=focus, depth=depth, country=country,
                          document=document, query_graph=constructed, query_name=query_name,
                          include_metrics=not no_metrics, metrics_only=metrics_only,
                          include_documents=include_documents, max_nodes=max_nodes, metric_nodes=metric_nodes)
    line = f"wrote {summary.path}: {summary.nodes} nodes, {summary.edges} edges ({summary.description})"
    if summary.omitted:
        line += f"; {summary.omitted} of the graph's {summary.total} nodes not drawn"
    if summary.folded:
        line += f"; {summary.folded} metrics folded into their subjects"
    if summary.capped:
        line += f"; {sum(summary.capped.values())} least-connected nodes left out (limit {max_nodes})"
    click.echo(visible(line))


@main.command()
@graph_option
@click.option("--shapes", type=click.Path(path_type=Path, exists=True), default=None,
              help="SHACL shapes file (default: the shipped ontology/shapes.ttl).")
@friendly
def validate(graph_path: Path, shapes: Path | None) -> None:
    """Check the graph against the SHACL shapes."""
    from kg.check.consistency import Finding
    from kg.check.shacl import validate_file

    # From the file, not the on-disk store: SHACL checks literals as written (the store
    # canonicalises them), and the store answers the lookups of a check a hundred times slower.
    findings: list[Finding] = []
    report = validate_file(graph_path, shapes=shapes, consistency=findings)
    if report.conforms:
        click.echo("conforms: the graph satisfies every shape")
    else:
        click.echo(visible(report.summary(), keep_newlines=True))
    # Numbers that do not add up or disagree are warnings: the graph records what sources say.
    for finding in findings:
        for line in finding.lines():
            click.echo(visible(line))
    if findings:
        click.echo(f"{len(findings)} consistency warning(s)")
    if not report.conforms:
        raise ValidationFailed(f"{len(report.results)} SHACL violation(s)")


@main.command()
@graph_option
@lang_option
@click.option("--top", type=click.IntRange(1, 100), default=10, show_default=True,
              help="How many best-connected entities to list.")
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True, help="Text for people, or CSV (measure,name,value) or JSON for scripts.")
@output_option
@friendly
def stats(graph_path: Path, lang: str, top: int, fmt: str, output: str) -> None:
    """Counts per class and property, and network measures (networkx)."""
    from kg.rdf.store import fresh_store, open_graph
    from kg.views.measures import store_measures
    from kg.views.network import format_measures, measures_csv

    store = open_graph(graph_path)
    measures = store_measures(store, lang=lang, top=top, folder=fresh_store(graph_path))
    if fmt == "json":
        text = json.dumps(measures, ensure_ascii=False, indent=2) + "\n"
    elif fmt == "csv":
        text = measures_csv(measures)
    else:
        # Labels come from documents: control characters are shown, not obeyed.
        text = visible(f"{'triples':24} {measures['triples']:>6}\n" + format_measures(measures), keep_newlines=True)
    _emit(text, output)


@main.command()
@graph_option
@lang_option
@click.option("--class", "cls", type=click.Choice(["country", "region", "programme", "funder", "facility"]),
              default=None, help="Only entities of this class.")
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True, help="A table for people, CSV or JSON (every label and document) for scripts.")
@output_option
@friendly
def entities(graph_path: Path, lang: str, cls: str | None, fmt: str, output: str) -> None:
    """List every entity with its class, labels, documents and mention counts (for review)."""
    from kg.check.review import format_rows, store_entity_rows
    from kg.rdf.store import open_graph

    _emit(format_rows(store_entity_rows(open_graph(graph_path), cls), lang, fmt, _terminal_width(output)), output)


@main.command(name="exit-codes")
def exit_codes() -> None:
    """List the exit codes and what they mean."""
    for code, meaning in sorted(EXIT_CODES.items()):
        click.echo(f"{code:3}  {meaning}")
