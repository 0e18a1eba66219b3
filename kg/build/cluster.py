"""Extraction on a Dask distributed cluster (`kg build --scheduler tcp://HOST:PORT`).

Dask's own scheduler and workers do the distributing, retrying and rescheduling: a worker that
dies mid-build has its tasks run again elsewhere, and each result is collected once by its task,
so no document is lost or counted twice. What crosses the wire is plain data: a document goes
out as bytes (a JSON header and its UTF-8 text) and its facts come back as the cache's JSON
encoding (``kg.build.cache.encode``). No lexicon or code object is pickled: each worker loads
the lexicon from its own installation and the build refuses workers whose lexicon or extraction
code differs from ours, since their facts would differ from a local build's.

The graph is assembled here, from the facts in document order, exactly as a local build does;
the output is therefore byte-identical.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from kg.build.cache import code_fingerprint, decode, encode
from kg.errors import NetworkError
from kg.extract.lexicon import Lexicon
from kg.model import DocumentFacts
from kg.text.ingest import DocumentMeta, SourceDocument

# Seconds to wait for the scheduler to answer; KG_SCHEDULER_TIMEOUT overrides it.
CONNECT_TIMEOUT = 10.0
# Documents per task: one task per document costs the scheduler ~1 ms each and a round trip;
# a few documents per task keep that small while a lost worker costs little work to redo.
MAX_BATCH = 16
_WORKER_LEXICON: Lexicon | None = None


# --- the wire format -----------------------------------------------------------------------
def document_bytes(doc: SourceDocument) -> bytes:
    """What extraction reads of a document: its id, file name, metadata and text."""
    header = {"doc_id": doc.doc_id, "file_name": doc.file_name, "meta": asdict(doc.meta)}
    head = json.dumps(header, default=str, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return head + b"\n" + doc.text.encode("utf-8", "surrogatepass")


def document_from_bytes(payload: bytes) -> SourceDocument:
    head, _, body = payload.partition(b"\n")
    header = json.loads(head)
    meta = header["meta"]
    meta["date"] = date.fromisoformat(meta["date"]) if meta["date"] else None
    meta["languages"] = tuple(meta["languages"])
    text = body.decode("utf-8", "surrogatepass")
    # Only id, text and metadata matter to extraction; path and hash are the worker's stand-ins.
    return SourceDocument(Path(header["file_name"]), header["doc_id"], body, text, "utf-8", "", DocumentMeta(**meta))


# --- on the worker ---------------------------------------------------------------------------
def _worker_lexicon() -> Lexicon:
    global _WORKER_LEXICON
    if _WORKER_LEXICON is None:
        from kg.extract.lexicon import load_lexicon

        _WORKER_LEXICON = load_lexicon()
    return _WORKER_LEXICON


def worker_identity() -> tuple[str, str]:
    """(extraction code fingerprint, lexicon fingerprint) of the process it runs in."""
    return code_fingerprint(), _worker_lexicon().fingerprint


def extract_batch(payloads: list[bytes], expected: tuple[str, str]) -> list[str]:
    """Runs on a Dask worker: facts of each document as the cache's JSON text."""
    from kg.extract import extract_document

    if worker_identity() != expected:
        raise RuntimeError("this worker's extraction code or lexicon differs from the build's")
    lexicon = _worker_lexicon()
    return [json.dumps(encode(extract_document(document_from_bytes(p), lexicon)), ensure_ascii=False,
                       separators=(",", ":")) for p in payloads]


# --- on the machine that builds ------------------------------------------------------------------
def _connect(address: str) -> Any:
    from distributed import Client

    timeout = float(os.environ.get("KG_SCHEDULER_TIMEOUT", CONNECT_TIMEOUT))
    try:
        return Client(address, timeout=timeout)
    except (OSError, TimeoutError, ValueError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise NetworkError(f"cannot reach the Dask scheduler at {address} within {timeout:g} s: {reason}") from exc


def extract_on_cluster(documents: Sequence[SourceDocument], lexicon: Lexicon, address: str,
                       progress: Callable[[int], None] | None = None,
                       on_facts: Callable[[int, str], None] | None = None) -> list[DocumentFacts]:
    """Facts of ``documents`` in input order, extracted by the cluster whose scheduler is at
    ``address``. ``on_facts(index, json_text)`` sees each document's facts as they arrive (the
    cache stores that text as it is)."""
    from distributed import as_completed
    from distributed.client import FutureCancelledError
    from distributed.scheduler import KilledWorker

    tick = progress or (lambda n: None)
    if not documents:
        return []
    client = _connect(address)
    try:
        workers = client.scheduler_info().get("workers", {})
        if not workers:
            raise NetworkError(f"the Dask scheduler at {address} has no workers: start some with "
                               f"`dask worker {address}`")
        expected = (code_fingerprint(), lexicon.fingerprint)
        found = set(client.run(worker_identity).values())
        if found != {expected}:
            raise NetworkError(f"the Dask workers at {address} run other extraction code or another lexicon than "
                               "this build: install the same telemed-kg (and lexicon) on every worker")
        slots = sum(w.get("nthreads", 1) for w in workers.values())
        size = max(1, min(MAX_BATCH, len(documents) // (slots * 8)))
        futures = {}
        for start in range(0, len(documents), size):
            batch = [document_bytes(d) for d in documents[start:start + size]]
            future = client.submit(extract_batch, batch, expected, pure=False, retries=1)
            futures[future] = start
        facts: list[DocumentFacts | None] = [None] * len(documents)
        for future in as_completed(futures):
            # Taken out as it is read: the future's release lets its worker drop the result at
            # once, instead of every worker holding all its results until the build ends.
            start = futures.pop(future)
            try:
                texts = future.result()
            except (KilledWorker, FutureCancelledError, OSError, TimeoutError):
                raise
            except Exception as exc:  # raised on a worker: a bug there, or a worker of other code
                raise NetworkError(f"a Dask worker at {address} failed on a batch of documents: "
                                   f"{type(exc).__name__}: {exc}") from exc
            future.release()
            # Decoded here, while the workers go on extracting, rather than all after the last.
            for offset, text in enumerate(texts):
                facts[start + offset] = decode(json.loads(text))
                if on_facts:
                    on_facts(start + offset, text)
            tick(len(texts))
    except KilledWorker as exc:
        raise NetworkError(f"Dask workers at {address} kept dying on one batch of documents: {exc}") from exc
    except (FutureCancelledError, OSError, TimeoutError) as exc:
        raise NetworkError(f"lost the Dask scheduler at {address}: {exc}") from exc
    finally:
        client.close()
    done = [f for f in facts if f is not None]
    assert len(done) == len(documents)
    return done
