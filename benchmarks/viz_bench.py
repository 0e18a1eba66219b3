"""How fast `kg viz` pages draw in headless Chromium, on synthetic graphs shaped like ours.

    python benchmarks/viz_bench.py                 # 100, 1,000 and 5,000 nodes; writes benchmarks/results/viz.md
    python benchmarks/viz_bench.py --sizes 300 500 --runs 1 --physics   # also time physics layouts

The graphs have the class mix, relation mix and hub structure of the seed graph (about 60 %
metrics, most hanging off a few programmes and countries; regions in countries, facilities in
regions; programmes operating in countries and regions, funded and implemented by a handful of
big donors; quotes on every relation and metric, labels in en/ru/kk). Each is rendered by the
real `kg.views.page.render_html` and opened from a file:// URL in the same headless Chromium the tests
use (tests/chromium.py); "drawn" is when the page reports that vis-network has drawn its first
frame with its final positions and handlers in place (window.tmStatus.ready), measured from
navigation start with the browser's own clock. "frame" is the time of one full redraw afterwards
(what a pan or zoom costs), "search" the time for the search box to find and select a node.
"""

from __future__ import annotations

import argparse
import hashlib
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg import terms as t  # noqa: E402

ID = "https://w3id.org/telemed-kg/id/"
# Class shares of a view (the seeds: 7 % countries, 19 % regions, 6 % programmes, 9 % funders,
# 4 % facilities, 57 % metrics); a bigger corpus has relatively fewer countries.
SHARES = {"Country": 0.02, "Region": 0.14, "Programme": 0.09, "Funder": 0.08, "Facility": 0.07}
WORDS_EN = ["rural", "digital", "mobile", "primary", "regional", "national", "remote", "child", "maternal",
            "health", "care", "telemedicine", "clinic", "network", "screening", "consultation", "support"]
WORDS_RU = ["сельская", "цифровая", "мобильная", "первичная", "региональная", "национальная", "дистанционная",
            "детская", "медицина", "помощь", "сеть", "консультация", "поддержка"]
INDICATORS = [("healthcare facilities connected", "подключённых медицинских организаций", "count"),
              ("teleconsultations", "телеконсультаций", "count"), ("funding", "финансирование", "USD"),
              ("population covered", "охват населения", "percent"), ("doctors trained", "обучено врачей", "count"),
              ("mobile complexes", "мобильных комплексов", "count"), ("budget", "бюджет", "KZT")]


def _zipf_pick(rnd: random.Random, items: list[URIRef], skew: float = 1.1) -> URIRef:
    """A few items get most picks, as NTN and Kazakhstan do in the seeds."""
    weights = [1.0 / (i + 1) ** skew for i in range(len(items))]
    return rnd.choices(items, weights=weights)[0]


def synthetic_graph(n: int, seed: int = 1) -> rdflib.Graph:
    """About ``n`` drawable nodes (entities + metrics), in the shape of docs/graph-shape.md."""
    rnd = random.Random(seed)
    g = rdflib.Graph()
    counts = {cls: max(2, round(n * share)) for cls, share in SHARES.items()}
    counts["Metric"] = max(1, n - sum(counts.values()))
    docs = [URIRef(f"{ID}document/{i:03d}_synthetic") for i in range(max(2, n // 50))]
    for i, doc in enumerate(docs):
        g.add((doc, RDF.type, t.Document))
        g.add((doc, t.fileName, Literal(f"{i:03d}_synthetic.txt")))
    nodes: dict[str, list[URIRef]] = {}
    klass = {"Country": t.Country, "Region": t.Region, "Programme": t.Programme, "Funder": t.Funder,
             "Facility": t.Facility}
    for cls, count in counts.items():
        if cls == "Metric":
            continue
        nodes[cls] = []
        for i in range(count):
            node = URIRef(f"{ID}{cls.lower()}/synthetic-{cls.lower()}-{i:05d}")
            nodes[cls].append(node)
            g.add((node, RDF.type, klass[cls]))
            words = rnd.sample(WORDS_EN, 3)
            g.add((node, RDFS.label, Literal(f"{' '.join(words).capitalize()} {cls.lower()} {i}", lang="en")))
            if rnd.random() < 0.8:
                g.add((node, RDFS.label, Literal(f"{' '.join(rnd.sample(WORDS_RU, 3)).capitalize()} {i}", lang="ru")))
            if cls == "Country":
                g.add((node, t.isoCode, Literal(f"Q{i:02d}" if i > 25 else chr(65 + i) * 2)))
            for doc in rnd.sample(docs, min(len(docs), rnd.randint(1, 3))):
                g.add((node, t.mentionedIn, doc))

    def relate(s: URIRef, prop: URIRef, o: URIRef) -> None:
        g.add((s, prop, o))
        key = f"{s}|{prop}|{o}"
        digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
        st = URIRef(f"{ID}statement/{digest}")
        g.add((st, RDF.type, t.Statement))
        g.add((st, RDF.subject, s))
        g.add((st, RDF.predicate, prop))
        g.add((st, RDF.object, o))
        ann = URIRef(f"{ID}evidence/{digest}")
        g.add((ann, RDF.type, t.OA.Annotation))
        g.add((ann, t.OA.hasBody, st))
        g.add((ann, t.normalizedQuote, Literal(
            f"{' '.join(rnd.sample(WORDS_EN, 8)).capitalize()}, according to the ministry.", lang="en")))
        g.add((ann, PROV.wasDerivedFrom, rnd.choice(docs)))

    countries, regions = nodes["Country"], nodes["Region"]
    for region in regions:
        relate(region, t.locatedIn, _zipf_pick(rnd, countries, 0.8))
    for facility in nodes["Facility"]:
        relate(facility, t.locatedIn, _zipf_pick(rnd, regions, 0.5))
    for programme in nodes["Programme"]:
        for place in {_zipf_pick(rnd, countries) for _ in range(rnd.randint(1, 2))}:
            relate(programme, t.operatesIn, place)
        if rnd.random() < 0.4:
            relate(programme, t.operatesIn, rnd.choice(regions))
        for funder in {_zipf_pick(rnd, nodes["Funder"], 1.3) for _ in range(rnd.randint(0, 2))}:
            relate(programme, rnd.choice([t.fundedBy, t.implementedBy, t.partner]), funder)
        for facility in {rnd.choice(nodes["Facility"]) for _ in range(rnd.randint(0, 2))}:
            relate(programme, t.involvesFacility, facility)

    subjects = (nodes["Programme"] * 5) + (countries * 8) + regions + nodes["Facility"]
    subjects.sort(key=str)
    metrics: list[tuple[URIRef, URIRef]] = []
    for i in range(counts["Metric"]):
        doc = rnd.choice(docs)
        metric = URIRef(f"{ID}metric/{doc.rsplit('/', 1)[1]}-{i:05d}")
        g.add((metric, RDF.type, t.Metric))
        value = rnd.choice([rnd.randint(2, 500), rnd.randint(1000, 900000), round(rnd.random() * 100, 1)])
        g.add((metric, t.value, Literal(str(value), datatype=XSD.decimal)))
        en, ru, unit = rnd.choice(INDICATORS)
        slug = en.replace(" ", "-")
        indicator, unit_iri = URIRef(f"{ID}indicator/{slug}"), URIRef(f"{ID}unit/{unit}")
        g.add((indicator, RDFS.label, Literal(en, lang="en")))
        g.add((indicator, RDFS.label, Literal(ru, lang="ru")))
        g.add((unit_iri, RDFS.label, Literal("%" if unit == "percent" else unit, lang="en")))
        g.add((metric, t.indicator, indicator))
        g.add((metric, t.unit, unit_iri))
        g.add((metric, t.bound, rnd.choice([t.exact, t.exact, t.atLeast, t.approximately])))
        if rnd.random() < 0.7:
            g.add((metric, t.period, Literal(str(rnd.randint(2015, 2026)), datatype=XSD.gYear)))
        g.add((metric, PROV.wasDerivedFrom, doc))
        if rnd.random() < 0.95:  # a few metrics in the seeds are about nothing we know
            subject = _zipf_pick(rnd, subjects, 0.9)
            g.add((metric, t.about, subject))
            same = [m for m, s in metrics[-40:] if s == subject]
            if same and rnd.random() < 0.3:
                g.add((metric, t.partOf, same[-1]))
            metrics.append((metric, subject))
        ann = URIRef(f"{ID}evidence/m{i:05d}")
        g.add((ann, RDF.type, t.OA.Annotation))
        g.add((ann, t.OA.hasBody, metric))
        g.add((ann, t.normalizedQuote, Literal(f"В {rnd.randint(2015, 2026)} году {value} {ru}.", lang="ru")))
        g.add((ann, PROV.wasDerivedFrom, doc))
    return g


# ---------------------------------------------------------------- measuring


def measure_page(browser, html: Path, timeout: float = 120.0) -> dict[str, float]:  # noqa: ANN001
    """Open ``html`` in a fresh tab; time to ready, one redraw, one search."""
    page = browser.new_page(1280, 800)
    try:
        page.goto(html.resolve().as_uri(), timeout=timeout)
        page.wait_for("window.tmStatus && window.tmStatus.ready", timeout=timeout, interval=0.02)
        status = page.evaluate("JSON.parse(JSON.stringify(window.tmStatus))")
        frame = page.evaluate("""(function () {
            var n = window.tmNetwork, times = [];
            for (var i = 0; i < 3; i++) { var t0 = performance.now(); n.redraw(); times.push(performance.now() - t0); }
            return times.sort(function (a, b) { return a - b; })[1]; })()""")
        target = page.evaluate("window.tmData.nodes[Math.floor(window.tmData.nodes.length / 2)].id")
        search = page.evaluate(f"""(function () {{
            var box = document.getElementById("tm-search"), t0 = performance.now();
            box.value = window.tmData.search[{target!r}].split("\\n")[0];
            box.dispatchEvent(new KeyboardEvent("keydown", {{key: "Enter"}}));
            return [performance.now() - t0, window.tmNetwork.getSelectedNodes()[0] || null]; }})()""")
        problems = page.problems()
        requests = [u for u in page.requests() if u != html.resolve().as_uri()]
        return {"ready_ms": status["readyAt"], "frame_ms": frame, "search_ms": search[0],
                "drawn": status["drawnNodes"], "physics": status["physics"],
                "ok": not problems and not requests and bool(search[1])}
    finally:
        page.close()


def run(sizes: list[int], runs: int, physics_sizes: list[int], out: Path | None) -> str:
    from kg.views.page import render_html
    from tests.chromium import Browser

    rows = []
    with tempfile.TemporaryDirectory() as tmp, Browser() as browser:
        for n in sizes:
            graph = synthetic_graph(n)
            t0 = time.perf_counter()
            summary = render_html(graph, Path(tmp) / f"g{n}.html", title=f"synthetic {n}")
            write_s = time.perf_counter() - t0
            size_kb = summary.path.stat().st_size / 1024
            results = [measure_page(browser, summary.path) for _ in range(runs)]
            rows.append((n, "default", summary, write_s, size_kb, results))
        for n in physics_sizes:  # the same view forced to lay out in the browser
            graph = synthetic_graph(n)
            t0 = time.perf_counter()
            summary = render_html(graph, Path(tmp) / f"p{n}.html", title=f"synthetic {n}", physics_limit=10**9)
            write_s = time.perf_counter() - t0
            size_kb = summary.path.stat().st_size / 1024
            results = [measure_page(browser, summary.path, timeout=300) for _ in range(runs)]
            rows.append((n, "physics forced", summary, write_s, size_kb, results))
        version = browser.version
    lines = [
        "# `kg viz` draw times in headless Chromium",
        "",
        f"Measured by `python benchmarks/viz_bench.py` ({time.strftime('%Y-%m-%d')}): {version}, "
        f"headless, software rendering (--disable-gpu), {platform.machine()} with {_cores()} cores, "
        f"Python {platform.python_version()}; viewport 1280×800; median of {runs} runs.",
        "",
        "| nodes asked | view | nodes drawn | edges | layout | write HTML (s) | page (kB) | drawn and ready (s) | one redraw (ms) | search (ms) | clean |",
        "|---:|---|---:|---:|---|---:|---:|---:|---:|---:|---|",
    ]
    for n, view, summary, write_s, size_kb, results in rows:
        ready = statistics.median(r["ready_ms"] for r in results) / 1000
        frame = statistics.median(r["frame_ms"] for r in results)
        search = statistics.median(r["search_ms"] for r in results)
        layout = "physics in browser" if summary.physics else "Python, physics off"
        clean = "yes" if all(r["ok"] for r in results) else "NO"
        lines.append(f"| {n:,} | {view} | {summary.nodes:,} | {summary.edges:,} | {layout} | {write_s:.2f} | "
                     f"{size_kb:,.0f} | {ready:.2f} | {frame:.0f} | {search:.0f} | {clean} |")
    from kg.views.cut import MAX_NODES
    from kg.views.page import PHYSICS_LIMIT

    lines += ["", "\"clean\": no console error, no network request, and the search found its node. \"physics forced\" "
              "rows draw the same view with the browser's forceAtlas2 settling it (250 stabilisation iterations from "
              "the Python layout), which is how the limit was chosen.", "",
              f"Limits in kg/views/page.py and kg/views/cut.py: PHYSICS_LIMIT = {PHYSICS_LIMIT} (physics settles, then stops, up to that many "
              f"nodes; above it positions come from Python and physics is off); MAX_NODES = {MAX_NODES} (above it "
              "metrics are folded into their subjects, then the least-connected nodes are left out, and the page "
              "says so).", ""]
    text = "\n".join(lines)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    return text


def _cores() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--physics", type=int, nargs="*", default=[], metavar="N",
                        help="also time these sizes with physics forced on (to choose the limit)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "benchmarks" / "results" / "viz.md")
    args = parser.parse_args()
    print(run(args.sizes, args.runs, args.physics, args.output))


if __name__ == "__main__":
    main()
