"""Human curation of extracted facts: merge two entities, rename one, drop a wrong fact, add a
missing one — each with a reason. Applied between extraction and building, so curated facts
carry the same kind of evidence as extracted ones, with the rule ``curation`` and the reason.

File format (YAML, ``ontology/curation.yaml`` by default)::

    - merge: [funder/who-europe, funder/who]     # the first becomes the second
      reason: "Same organisation; the regional office is not a separate funder here."
    - rename: programme/online-medicine
      label: "Online Medicine"
      lang: en
      reason: "Official English name."
    - drop: [programme/telemed-kg, operatesIn, region/kg-osh]
      reason: "Osh hosts specialists, not the platform."
    - add: [programme/telemed-kg, fundedBy, funder/world-bank]
      document: 000_a082bec6c71722d9.txt
      quote: "the national Telemed.kg platform"
      reason: "Stated in the programme page the article cites."
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any


from kg import terms as T
from kg.errors import ConfigError
from kg.extract.rules import declare
from kg.text.ingest import SourceDocument
from kg.extract.lexicon import Lexicon
from kg.model import DocumentFacts, EntityRecord, Evidence, Mention, Relation
from kg.io.yamlfile import read_yaml

CURATION_RULE = declare(
    "curation", "Asserted by a curator in the curation file; the annotation's rdfs:comment gives the reason.")


@dataclass(frozen=True)
class Edit:
    kind: str  # merge | rename | drop | add
    args: tuple[str, ...]
    reason: str
    line: int
    label: str | None = None
    lang: str = "en"
    document: str | None = None
    quote: str | None = None


def _iri(key: str) -> str:
    return key if key.startswith("http") else str(T.ID[key])


def load_curation(path: Path) -> list[Edit]:
    data, nodes = read_yaml(path)
    if data is None:
        return []
    if not isinstance(data, list):
        raise ConfigError(f"{path}: expected a list of edits (merge, rename, drop, add)")
    edits = []
    for item, node in zip(data, nodes.value):
        line = node.start_mark.line + 1
        edits.append(_edit(item, path, line))
    return edits


def _edit(item: Any, path: Path, line: int) -> Edit:
    if not isinstance(item, dict):
        raise ConfigError(f"{path} line {line}: an edit must be a mapping")
    kinds = [k for k in ("merge", "rename", "drop", "add") if k in item]
    if len(kinds) != 1:
        raise ConfigError(f"{path} line {line}: an edit needs exactly one of merge, rename, drop, add")
    kind = kinds[0]
    reason = item.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise ConfigError(f"{path} line {line}: {kind} needs a reason")
    value = item[kind]
    args = (value,) if isinstance(value, str) else tuple(str(v) for v in value or ())
    expected = {"merge": 2, "rename": 1, "drop": 3, "add": 3}[kind]
    if len(args) != expected:
        raise ConfigError(f"{path} line {line}: {kind} takes {expected} value(s), got {len(args)}")
    if kind in ("drop", "add") and args[1] not in T.RELATIONS:
        raise ConfigError(f"{path} line {line}: unknown predicate {args[1]!r} (one of {', '.join(T.RELATIONS)})")
    if kind == "rename" and not item.get("label"):
        raise ConfigError(f"{path} line {line}: rename needs a label")
    if kind == "add" and not (item.get("document") and item.get("quote")):
        raise ConfigError(f"{path} line {line}: add needs the document and the quote that supports the fact")
    return Edit(kind, args, reason.strip(), line, item.get("label"), item.get("lang", "en"),
                item.get("document"), item.get("quote"))


def apply_curation(pairs: list[tuple[SourceDocument, DocumentFacts]], edits: list[Edit], lexicon: Lexicon,
                   path: Path) -> list[tuple[SourceDocument, DocumentFacts]]:
    """Return the facts with the edits applied, in file order."""
    for edit in edits:
        if edit.kind == "merge":
            _merge(pairs, _iri(edit.args[0]), _iri(edit.args[1]))
        elif edit.kind == "rename":
            _rename(pairs, _iri(edit.args[0]), edit.label or "", edit.lang)
        elif edit.kind == "drop":
            subject, predicate, obj = _iri(edit.args[0]), edit.args[1], _iri(edit.args[2])
            for _, facts in pairs:
                facts.relations = [r for r in facts.relations
                                   if (r.subject, r.predicate, r.object) != (subject, predicate, obj)]
        else:
            _add(pairs, edit, lexicon, path)
    return pairs


def _known(pairs: list[tuple[SourceDocument, DocumentFacts]], lexicon: Lexicon, iri: str) -> EntityRecord | None:
    for _, facts in pairs:
        if iri in facts.entities:
            return facts.entities[iri]
    return lexicon.entities.get(iri)


def _merge(pairs: list[tuple[SourceDocument, DocumentFacts]], source: str, target: str) -> None:
    def swap(iri: str | None) -> str | None:
        return target if iri == source else iri

    for _, facts in pairs:
        if source not in facts.entities:
            continue
        gone = facts.entities.pop(source)
        kept = facts.entities.setdefault(target, replace(gone, iri=target, labels={}, alt_labels=set()))
        kept.alt_labels |= {(label, lang) for lang, label in gone.labels.items()} | gone.alt_labels
        facts.mentions = [replace(m, iri=target) if m.iri == source else m for m in facts.mentions]
        facts.relations = [replace(r, subject=swap(r.subject), object=swap(r.object)) for r in facts.relations]
        facts.metrics = [replace(m, about=swap(m.about)) for m in facts.metrics]


def _rename(pairs: list[tuple[SourceDocument, DocumentFacts]], iri: str, label: str, lang: str) -> None:
    for _, facts in pairs:
        if iri in facts.entities:
            record = facts.entities[iri]
            old = record.labels.get(lang)
            if old and old != label:
                record.alt_labels.add((old, lang))
            record.labels[lang] = label
            record.curated_labels[lang] = label  # outvotes any extracted label at build time


def _add(pairs: list[tuple[SourceDocument, DocumentFacts]], edit: Edit, lexicon: Lexicon, path: Path) -> None:
    subject, predicate, obj = _iri(edit.args[0]), edit.args[1], _iri(edit.args[2])
    match = next(((doc, facts) for doc, facts in pairs if doc.file_name == edit.document), None)
    if match is None:
        raise ConfigError(f"{path} line {edit.line}: document {edit.document!r} is not among the sources")
    doc, facts = match
    start = doc.text.find(edit.quote or "")
    if start < 0:
        raise ConfigError(f"{path} line {edit.line}: the quote is not in {edit.document}")
    end = start + len(edit.quote or "")
    for iri in (subject, obj):
        record = _known(pairs, lexicon, iri)
        if record is None:
            raise ConfigError(f"{path} line {edit.line}: unknown entity {iri}")
        facts.entities.setdefault(iri, record)
        facts.mentions.append(Mention(iri, start, end, _segment_at(facts, start), 0, 0, CURATION_RULE))
    evidence = Evidence(doc.doc_id, start, end, CURATION_RULE.id, None, "en", note=edit.reason)
    facts.relations.append(Relation(subject, predicate, obj, evidence))


def _segment_at(facts: DocumentFacts, offset: int) -> int:
    for seg in facts.segments:
        if seg.start <= offset < seg.end:
            return seg.index
    return facts.segments[0].index if facts.segments else 0

