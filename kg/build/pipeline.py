"""The whole job as pure functions: sources → documents → facts → dataset."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import gc
import multiprocessing
from collections import Counter
import os
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cached_property, partial
from pathlib import Path

from rdflib import Dataset

from kg import paths
from kg.build.blocks import FOLDER as BLOCKS, BlockStore
from kg.build.graph import GraphBuilder, GraphSink, build_quads, make_block
from kg.build.cache import FactsCache, document_key
from kg.build.curation import apply_curation, load_curation
from kg.extract import extract_document
from kg.text.formats import ConvertOptions
from kg.text.ingest import DEFAULT_MAX_BYTES, SourceDocument, ingest
from kg.extract.lexicon import Lexicon, load_lexicon
from kg.model import DocumentFacts
from kg.build.quads import DEFAULT_GRAPH, QuadSet, type_counts
from kg.build.stream import NamedSpool


@dataclass
class BuildResult:
    quads: QuadSet
    documents: list[SourceDocument]
    # None for a document whose statements came from its cached block: its facts are read from
    # the cache only if asked for (``facts``).
    known_facts: list[DocumentFacts | None]
    skipped: list[tuple[Path, str]]
    cached: int = 0  # documents whose facts came from the cache
    spool: NamedSpool | None = None  # where the named graphs went, when they were streamed out
    load_facts: Callable[[SourceDocument], DocumentFacts] | None = None
    # With ``defer_named``: removes the cached blocks this build did not use, once the caller no
    # longer needs the previous build's.
    prune_blocks: Callable[[], object] | None = None

    @property
    def facts(self) -> list[DocumentFacts]:
        """Every document's facts, in the documents' order."""
        return self.first_facts(len(self.documents))

    def first_facts(self, count: int) -> list[DocumentFacts]:
        """The first ``count`` documents' facts, read from the cache where not kept."""
        for i in range(min(count, len(self.known_facts))):
            if self.known_facts[i] is None:
                assert self.load_facts is not None
                self.known_facts[i] = self.load_facts(self.documents[i])
        return self.known_facts[:count]  # type: ignore[return-value]

    def type_counts(self) -> tuple[dict[str, int], int]:
        """Typed nodes per class IRI, and the number of distinct statements, of the whole graph."""
        if self.quads.named_counts is None:
            statements = self.quads.union()
            return type_counts(statements), len(statements)
        classes = self.quads.named_counts[1]
        default = self.quads.graphs.get(DEFAULT_GRAPH, set())
        return dict(Counter(type_counts(default)) + Counter(classes)), self.triple_total()

    def triple_total(self) -> int:
        """The number of distinct statements of the whole graph (``type_counts``' second figure,
        without reading the default graph's types)."""
        if self.quads.named_counts is None:
            return len(self.quads.union())
        return len(self.quads.graphs.get(DEFAULT_GRAPH, set())) + self.quads.named_counts[0]

    @cached_property
    def dataset(self) -> Dataset:
        """The graph as an rdflib Dataset, made on first use: handy on small graphs, costly on large ones."""
        return self.quads.to_rdflib()


# Documents whose facts a build keeps for its caller (the summary lists this many); the others'
# are let go once assembled.
KEPT_FACTS = 30
# A pool costs a fork and some pickling; below this many documents one process is faster.
PARALLEL_THRESHOLD = 16
# Given a document's index and facts where they were made: True when it kept them (``extract_all``).
Keep = Callable[[int, DocumentFacts], bool]
_WORKER_LEXICON: Lexicon | None = None
# What a worker does with each document's facts (``extract_all``'s ``keep``), inherited by fork.
_WORKER_KEEP: Keep | None = None
Progress = Callable[[int], None]


def _extract_in_worker(item: tuple[int, SourceDocument]) -> DocumentFacts | None:
    assert _WORKER_LEXICON is not None
    index, doc = item
    facts = extract_document(doc, _WORKER_LEXICON)
    return None if _WORKER_KEEP is not None and _WORKER_KEEP(index, facts) else facts


def extract_all(documents: Sequence[SourceDocument], lexicon: Lexicon, workers: int | None = None,
                progress: Progress | None = None, keep: Keep | None = None) -> list[DocumentFacts | None]:
    """Extract every document, in worker processes when there are enough of them. Results come
    back in input order, so the graph is the same whatever the number of workers. ``progress``
    is called with the number of documents finished since its last call. ``workers`` None: one
    per core from ``PARALLEL_THRESHOLD`` documents up, else one. ``keep``: called in each worker
    process with a document's index and facts, so that what follows from one document alone
    runs on every core rather than in this process after extraction; when it returns True the
    facts are kept where it put them and None comes back instead (no pickling, nothing held
    here). Not called when the documents are extracted in this process: there it would gain
    nothing, and every document's facts come back."""
    if workers is None:
        workers = (os.cpu_count() or 1) if len(documents) >= PARALLEL_THRESHOLD else 1
    tick = progress or (lambda n: None)
    results: list[DocumentFacts | None] = []
    if workers <= 1 or len(documents) < 2:
        for doc in documents:
            results.append(extract_document(doc, lexicon))
            tick(1)
        return results
    global _WORKER_LEXICON, _WORKER_KEEP
    # Inherited by forked workers: no reloading, no pickling of the lexicon.
    _WORKER_LEXICON, _WORKER_KEEP = lexicon, keep
    context = multiprocessing.get_context("fork")
    # Small chunks keep the progress bar moving and the two workers evenly loaded.
    chunk = max(1, min(16, len(documents) // (workers * 8)))
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            for facts in pool.map(_extract_in_worker, enumerate(documents), chunksize=chunk):
                results.append(facts)
                tick(1)
    finally:
        _WORKER_KEEP = None
    return results


def extract_some(documents: Sequence[SourceDocument], lexicon: Lexicon, workers: int | None = None,
                 progress: Progress | None = None, scheduler: str | None = None,
                 on_json: Callable[[int, str], None] | None = None,
                 keep: Keep | None = None) -> list[DocumentFacts | None]:
    """``extract_all`` here, or on the Dask cluster whose scheduler is at ``scheduler``; there
    ``on_json(index, text)`` sees each document's facts in the cache's JSON as they arrive, and
    ``keep`` is not used (every document's facts come back)."""
    if scheduler:
        from kg.build.cluster import extract_on_cluster

        return extract_on_cluster(documents, lexicon, scheduler, progress, on_json)  # type: ignore[return-value]
    return extract_all(documents, lexicon, workers, progress, keep)


def extract_cached(documents: Sequence[SourceDocument], lexicon: Lexicon, cache: FactsCache | None,
                   workers: int | None = None, progress: Progress | None = None,
                   scheduler: str | None = None, skip: Collection[int] = (),
                   blocks: BlockStore | None = None) -> list[DocumentFacts | None]:
    """``extract_some``, answering unchanged documents from ``cache`` and storing the rest.
    ``skip``: documents whose facts are not wanted (None in their place; their entries are kept).
    ``blocks``: each document extracted by a local worker process also gets its statement block
    made there and kept in ``blocks`` (``make_block``), and its facts are None here, as for a
    document in ``skip``: assembling reads its block as it reads an unchanged document's. Made
    in the main process while the graph was assembled, the blocks were a third of a
    10,000-document build's main process, one core's work after extraction; in the workers
    they take both cores, and no document's facts are sent back and held meanwhile. Only for
    blocks that follow from each document's facts alone (no curation edits, not streamed)."""
    if cache is None:
        return extract_some(documents, lexicon, workers, progress, scheduler)
    keys = [document_key(doc, lexicon) for doc in documents]
    found: dict[int, DocumentFacts | None] = {i: None for i in skip}
    for i, key in enumerate(keys):
        if i in found:
            continue
        facts = cache.get(key)
        if facts is not None:
            found[i] = facts
    if found and progress:
        progress(len(found))
    todo = [i for i in range(len(documents)) if i not in found]
    stored: set[int] = set()

    def store_json(index: int, text: str) -> None:
        # A cluster's facts come as the cache's JSON already: kept as they came, not encoded again.
        cache.write_chunks(keys[todo[index]], [text.encode("utf-8")])
        stored.add(index)
    block_keys = [blocks.key(documents[i]) for i in todo] if blocks is not None else []
    builders: list[GraphBuilder] = []  # one per process that makes blocks, made on first use

    def keep(index: int, facts: DocumentFacts) -> bool:
        # Runs in a worker: the cache entry and the block are written there.
        cache.put(keys[todo[index]], facts)
        if blocks is None:
            return False
        if not builders:
            builders.append(GraphBuilder(lexicon))
        blocks.put(block_keys[index], make_block(builders[0], documents[todo[index]], facts))
        return True
    fresh = extract_some([documents[i] for i in todo], lexicon, workers, progress, scheduler, store_json,
                         None if scheduler else keep)
    for n, (i, facts) in enumerate(zip(todo, fresh)):
        if facts is not None and n not in stored:  # None: ``keep`` wrote the entry in a worker
            cache.put(keys[i], facts)
        found[i] = facts
    cache.prune(keys)
    return [found[i] for i in range(len(documents))]


def build_graph(sources: Sequence[Path], lexicon: Lexicon | None = None, curation: Path | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES, workers: int | None = None, cache_dir: Path | None = None,
        progress: Callable[[int], Progress] | None = None, follow_symlinks: bool = False,
        convert: ConvertOptions = ConvertOptions(), scheduler: str | None = None,
        spool: NamedSpool | None = None, loader: GraphSink | None = None, defer_named: bool = False) -> BuildResult:
    """``curation``: a curation file to apply; by default ``ontology/curation.yaml`` if present.
    ``max_bytes``: documents larger than this are skipped with a reason.
    ``workers``: extraction processes; default: one per core when there are
    ``PARALLEL_THRESHOLD`` documents or more, else one.
    ``cache_dir``: keep per-document facts here and reuse them for unchanged documents.
    ``progress``: given the number of documents, returns the callback extraction reports to.
    ``follow_symlinks``: also read symbolic links that lead out of an input folder.
    ``convert``: how PDF, HTML and DOCX documents are read (OCR, page limit).
    ``scheduler``: a Dask scheduler's address (tcp://HOST:PORT): extract on that cluster instead.
    ``spool``: stream each document's named graph there rather than keep it (``kg.build.stream``).
    ``loader``: also hand each document's named graph there as it is made (``kg.build.storeload``).
    ``defer_named``: leave unchanged documents' named graphs in their cached blocks until they are
    asked for (``QuadSet.deferred``), and the blocks no longer used until ``prune_blocks``."""
    lexicon = lexicon or load_lexicon()
    ingested = ingest(sources, max_bytes, follow_symlinks, convert)
    documents = ingested.documents
    cache = FactsCache(cache_dir) if cache_dir is not None else None
    curation = curation or paths.curation_file()
    curation_bytes = curation.read_bytes() if curation.is_file() else None
    edits = load_curation(curation) if curation_bytes is not None else []
    blocks = BlockStore(cache_dir / BLOCKS, lexicon.fingerprint, curation_bytes) if cache_dir is not None else None
    # A document whose block is kept needs no facts to be assembled (its block has its statements
    # and entity records), unless curation edits act across documents' facts.
    skip = [] if blocks is None or edits else [i for i, doc in enumerate(documents) if blocks.has(blocks.key(doc))]
    # Blocks made by the workers beside the facts when each follows from its document's facts alone.
    facts = extract_cached(documents, lexicon, cache, workers, progress(len(documents)) if progress else None,
                           scheduler, set(skip), blocks if not edits and spool is None else None)
    pairs = list(zip(documents, facts))
    del facts  # held by ``pairs`` alone, which assembling empties
    if edits:
        pairs = apply_curation(pairs, edits, lexicon, curation)  # type: ignore[arg-type]
    # The facts kept for the caller: all of them when curation changed them (``load_facts`` would
    # give them uncurated), else those of the first documents only (the build's summary lists
    # KEPT_FACTS documents); the others are read again from the cache if asked for.
    known = [f if edits or i < KEPT_FACTS else None for i, (_, f) in enumerate(pairs)]

    def load_facts(doc: SourceDocument) -> DocumentFacts:
        # The facts of a document assembled from its block, when asked for after all.
        found = cache.get(document_key(doc, lexicon)) if cache is not None else None
        return found if found is not None else extract_document(doc, lexicon)
    quads = _assemble(pairs, lexicon, blocks, spool, loader, load_facts, defer_named)  # empties ``pairs``
    prune = None
    if defer_named and blocks is not None:
        prune = partial(blocks.prune, [blocks.key(doc) for doc in documents] if spool is not None
                        else list(quads.block_keys.values()))
    return BuildResult(quads, documents, known, ingested.skipped,
                       (cache.hits if cache else 0) + len(skip), spool, load_facts, prune)


def _assemble(pairs: list[tuple[SourceDocument, DocumentFacts | None]], lexicon: Lexicon, blocks: BlockStore | None,
              spool: NamedSpool | None, loader: GraphSink | None = None,
              load_facts: Callable[[SourceDocument], DocumentFacts] | None = None, defer: bool = False) -> QuadSet:
    """``build_quads`` with the cyclic collector kept off what already exists: the documents and
    their facts (millions of small objects at 10,000 documents) live to the end of the build, and
    each full collection that assembling triggers walked all of them again, so the collector's
    share grew with the build. Frozen, they are skipped; freed by reference counting as before."""
    gc.freeze()
    try:
        return build_quads(pairs, lexicon, blocks, spool, loader, load_facts, defer, consume=True)
    finally:
        gc.unfreeze()


def release_memory() -> None:
    """Collect what is unreachable and hand freed heap pages back to the system (glibc keeps
    them otherwise): a 10,000-document build's documents and facts, let go before the store is
    loaded, did not lower its peak without this."""
    gc.collect()
    libc = ctypes.util.find_library("c")
    with contextlib.suppress(OSError, AttributeError, TypeError):
        ctypes.CDLL(libc).malloc_trim(0)
