"""Build benchmark: per-stage wall time for synthetic corpora, with baselines from the same run.

    python benchmarks/build_bench.py [SIZES...]      (default: 100 1000)

Writes benchmarks/results/build.md. Baseline (a): reading and regex-tokenising the same corpus —
a floor no extractor beats. Baseline (b): rdflib's own Turtle serialiser and parser on the graph.
"""

from __future__ import annotations

import re
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import write_corpus  # noqa: E402

from kg.build import build_dataset  # noqa: E402
from kg.ingest import ingest  # noqa: E402
from kg.lexicon import load_lexicon  # noqa: E402
from kg.pipeline import extract_all  # noqa: E402
from kg.serialize import serialize, union_graph  # noqa: E402

TOKEN = re.compile(r"\w+")


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def bench(size: int, lexicon) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        paths = write_corpus(folder, size)
        megabytes = sum(p.stat().st_size for p in paths) / 1e6
        _, floor = timed(lambda: sum(len(TOKEN.findall(p.read_text(encoding="utf-8"))) for p in paths))
        ingested, t_ingest = timed(lambda: ingest([folder]))
        docs = ingested.documents
        facts1, t_extract1 = timed(lambda: extract_all(docs, lexicon, workers=1))
        facts2, t_extract2 = timed(lambda: extract_all(docs, lexicon, workers=2))
        dataset, t_build = timed(lambda: build_dataset(list(zip(docs, facts2)), lexicon))
        ttl, t_turtle = timed(lambda: serialize(dataset, "turtle"))
        graph = union_graph(dataset)
        _, t_parse = timed(lambda: __import__("rdflib").Graph().parse(data=ttl, format="turtle"))
        same = serialize(build_dataset(list(zip(docs, facts1)), lexicon), "turtle") == ttl
    return {"docs": size, "MB": megabytes, "triples": len(graph), "floor": floor, "ingest": t_ingest,
            "extract1": t_extract1, "extract2": t_extract2, "build": t_build, "turtle": t_turtle,
            "parse": t_parse, "ttl_MB": len(ttl.encode()) / 1e6, "same": same,
            "rss_MB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main(sizes: list[int]) -> None:
    lexicon = load_lexicon()
    rows = [bench(size, lexicon) for size in sizes]
    lines = ["| docs | MB | triples | floor (a) s | ingest s | extract 1 worker s | extract 2 workers s | "
             "speed-up | extract / floor | build s | Turtle write s (MB/s) | rdflib parse s (MB/s) | total s | docs/s | "
             "peak RSS MB | 1 = 2 workers |",
             "|" + "---:|" * 16]
    for r in rows:
        total = r["ingest"] + r["extract2"] + r["build"] + r["turtle"]
        lines.append(
            f"| {r['docs']} | {r['MB']:.1f} | {r['triples']} | {r['floor']:.2f} | {r['ingest']:.2f} | "
            f"{r['extract1']:.1f} | {r['extract2']:.1f} | {r['extract1'] / r['extract2']:.2f}× | "
            f"{r['extract2'] / r['floor']:.0f}× | {r['build']:.1f} | {r['turtle']:.1f} ({r['ttl_MB'] / r['turtle']:.1f}) | "
            f"{r['parse']:.1f} ({r['ttl_MB'] / r['parse']:.1f}) | {total:.1f} | {r['docs'] / total:.0f} | "
            f"{r['rss_MB']:.0f} | {'yes' if r['same'] else 'NO'} |")
    if len(rows) > 1:
        a, b = rows[-2], rows[-1]
        ratio = (b["extract2"] / b["docs"]) / (a["extract2"] / a["docs"])
        lines.append(f"\nTime per document at {b['docs']} docs is {ratio:.2f}× that at {a['docs']} docs (extraction, 2 workers).")
    text = "\n".join(lines) + "\n"
    out = ROOT / "benchmarks" / "results" / "build.md"
    out.write_text("# Build benchmark\n\nMachine: 2 cores; same-run baselines.\n\n" + text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 1000])
