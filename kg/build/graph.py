"""Build: extracted facts → a QuadSet (one named graph per document; see ``kg.build.quads``).

No blank nodes: every node's IRI derives from its content, so the same input always gives
the same graph and byte-identical serialisations.
"""

from __future__ import annotations

import hashlib
import re
from functools import partial
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal
from types import SimpleNamespace
from typing import Protocol

from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from rdflib import URIRef

from kg.build import quads as nt
from kg import terms as T
from kg.build.blocks import BlockStore, DocumentBlock
from kg.build.cache import decode_entity, encode_entity
from kg.build.describe import Scan, describe
from kg.build.serialize import trig_block
from kg.build.stream import NamedSpool
from kg.text.formats.derived import derived_text_path
from kg.text.ingest import SourceDocument
from kg.extract.lexicon import Lexicon
from kg.model import DocumentFacts, EntityRecord, Evidence, MetricRecord
from kg.extract.rules import describe as describe_rule
from kg.build.quads import DEFAULT_GRAPH, QuadSet, type_counts
from kg.text.segment import KAZAKH_LETTERS, normalise

ID = T.ID
UNIT_LABELS = {"count": "count", "percent": "percent"}
# dct:language values: the Library of Congress's ISO 639-1 IRIs.
LANGUAGE_BASE = "http://id.loc.gov/vocabulary/iso639-1/"

def _hash(*parts: object, length: int = 16) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:length]


def doc_iri(doc_id: str) -> URIRef:
    return ID[f"document/{doc_id}"]


def graph_iri(doc_id: str) -> URIRef:
    return ID[f"graph/{doc_id}"]


def _label_lang(lang: str) -> str:
    return lang if lang in ("en", "ru", "kk") else "en"


def _u(term: str) -> str:
    """An IRI the code minted (a namespace term or an ``id:`` slug): safe as it is."""
    return f"<{term}>"


RDF_TYPE, RDFS_LABEL, RDFS_COMMENT = _u(RDF.type), _u(RDFS.label), _u(RDFS.comment)


ID_BASE = str(ID)


def _id(local: str) -> str:
    """The N-Triples form of an ``id:`` IRI (string concatenation; ``ID[...]`` makes a URIRef)."""
    return f"<{ID_BASE}{local}>"


def _forms(namespace: object, names: str) -> SimpleNamespace:
    """N-Triples forms of namespace terms, looked up once: rdflib's Namespace attribute lookup
    costs about a microsecond, and a large build writes millions of statements."""
    return SimpleNamespace(**{name: _u(getattr(namespace, name)) for name in names.split()})


_DCTERMS = _forms(DCTERMS, "conformsTo creator date format language publisher source title")
_OA = _forms(T.OA, "Annotation DataPositionSelector FragmentSelector SpecificResource TextPositionSelector "
                   "TextQuoteSelector describing end exact hasBody hasSelector hasSource hasTarget motivatedBy "
                   "prefix refinedBy start suffix")
_PROV = _forms(PROV, "wasDerivedFrom")
_RDF = _forms(RDF, "object predicate subject value")
_SKOS = _forms(SKOS, "altLabel")


class GraphBuilder:
    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        self.quads = QuadSet()
        self.default = self.quads.graph(DEFAULT_GRAPH)
        self.entities: dict[str, EntityRecord] = {}
        self.label_votes: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
        self.rules: set[str] = set()
        self._decoded: dict[str, EntityRecord] = {}

    # --- documents ------------------------------------------------------------------
    def add_document(self, doc: SourceDocument, facts: DocumentFacts | None, block: DocumentBlock | None = None,
                     keep_named: bool = True) -> DocumentBlock:
        """Adds a document's statements: ``block`` when given (a cached ``document_block`` of the
        same document and facts; then ``facts`` may be None: the block has the entity records),
        else made now. ``keep_named``: False when the caller streams the document's named graph
        out instead of keeping it (``kg.build.stream``)."""
        if block is None:
            assert facts is not None
            block = self.document_block(doc, facts)
        for record in facts.entities.values() if facts is not None else map(self._entity, block.entities):
            self._merge_entity(record)
        if keep_named:
            self.quads.graph(str(graph_iri(doc.doc_id))).update(block.named)
        self.default.update(block.default)
        self.rules.update(block.rules)
        for iri, lang, label, count in block.votes:
            self.label_votes[iri][lang][label] += count
        return block

    def document_block(self, doc: SourceDocument, facts: DocumentFacts) -> DocumentBlock:
        """What one document contributes, made apart from the rest of the graph so that it can be
        cached and reused while the document and its facts stay the same."""
        saved = self.default, self.rules, self.label_votes
        self.default, self.rules = set(), set()
        self.label_votes = defaultdict(lambda: defaultdict(Counter))
        g: set[str] = set()
        try:
            self._describe_document(doc, facts)
            self._mentions(g, doc, facts)
            for relation in sorted(facts.relations, key=lambda r: (r.evidence.start, r.subject, r.predicate,
                                                                     r.object, r.evidence.rule)):
                predicate = T.RELATIONS[relation.predicate]
                self._assert(g, doc, relation.subject, predicate, relation.object, relation.evidence, shared=True)
            for metric in facts.metrics:
                self._metric(g, doc, metric)
            votes = [(iri, lang, label, n) for iri, by_lang in sorted(self.label_votes.items())
                     for lang, counter in sorted(by_lang.items()) for label, n in sorted(counter.items())]
            named = sorted(g)
            return DocumentBlock(named, sorted(self.default), sorted(self.rules), votes, classes=type_counts(named),
                                 entities=[encode_entity(r) for r in facts.entities.values()])
        finally:
            self.default, self.rules, self.label_votes = saved

    def _describe_document(self, doc: SourceDocument, facts: DocumentFacts) -> None:
        d, add = _id('document/' + doc.doc_id), self.default.add
        add(f"{d} {RDF_TYPE} {_u(T.Document)}")
        add(f"{d} {_u(T.fileName)} {nt.literal(doc.file_name)}")
        if doc.original is None:
            add(f"{d} {_u(T.sha256)} {nt.literal(doc.sha256)}")
            add(f"{d} {_u(T.byteSize)} {nt.integer(len(doc.data))}")
            add(f"{d} {_u(T.charLength)} {nt.integer(len(doc.text))}")
            add(f"{d} {_u(T.encoding)} {nt.literal(doc.encoding)}")
        else:
            self._describe_original(d, doc)
        languages = sorted(set(doc.meta.languages) | set(facts.languages))
        for lang in languages:
            # An IRI, as DCMI recommends, so that consumers join on it rather than on a string.
            add(f"{d} {_DCTERMS.language} {nt.iri(LANGUAGE_BASE + lang)}")
        if doc.meta.title:
            add(f"{d} {_DCTERMS.title} {nt.literal(doc.meta.title, _title_language(doc.meta.title, languages))}")
        if doc.meta.date:
            add(f"{d} {_DCTERMS.date} {nt.literal(doc.meta.date.isoformat(), datatype=XSD.date)}")
        if doc.meta.publisher:
            add(f"{d} {_DCTERMS.publisher} {nt.literal(doc.meta.publisher)}")
        if doc.meta.source_url:
            add(f"{d} {_DCTERMS.source} {nt.iri(doc.meta.source_url)}")

    def _describe_original(self, d: str, doc: SourceDocument) -> None:
        """A PDF, HTML or DOCX file: the document is the file (its bytes, media type, pages);
        evidence positions count in the derived text, a node of its own derived from the file."""
        original, add = doc.original, self.default.add
        assert original is not None
        add(f"{d} {_u(T.sha256)} {nt.literal(original.sha256)}")
        add(f"{d} {_u(T.byteSize)} {nt.integer(original.byte_size)}")
        add(f"{d} {_DCTERMS.format} {nt.literal(original.media_type)}")
        if original.derived.page_count:
            add(f"{d} {_u(T.pageCount)} {nt.integer(original.derived.page_count)}")
        if original.derived.creator:
            add(f"{d} {_DCTERMS.creator} {nt.literal(original.derived.creator)}")
        text = _id('text/' + doc.doc_id)
        add(f"{d} {_u(T.derivedText)} {text}")
        add(f"{text} {RDF_TYPE} {_u(T.DerivedText)}")
        add(f"{text} {_PROV.wasDerivedFrom} {d}")
        add(f"{text} {_u(T.path)} {nt.literal(derived_text_path(doc.doc_id))}")
        add(f"{text} {_u(T.sha256)} {nt.literal(doc.sha256)}")
        add(f"{text} {_u(T.byteSize)} {nt.integer(len(doc.data))}")
        add(f"{text} {_u(T.charLength)} {nt.integer(len(doc.text))}")
        add(f"{text} {_u(T.encoding)} {nt.literal(doc.encoding)}")
        if original.derived.ocr:
            add(f"{text} {_u(T.ocr)} {nt.literal('true', datatype=XSD.boolean)}")

    def _entity(self, text: str) -> EntityRecord:
        """A block's entity record, decoded once for all the documents that have the same one
        (``_merge_entity`` only reads it)."""
        record = self._decoded.get(text)
        if record is None:
            record = self._decoded[text] = decode_entity(text)
        return record

    def _merge_entity(self, record: EntityRecord) -> None:
        known = self.entities.get(record.iri)
        if known is None:
            known = EntityRecord(record.iri, record.cls, {}, set(), record.iso_code, record.located_in,
                                 record.country, record.org_type, record.reference, dict(record.curated_labels))
            self.entities[record.iri] = known
        for lang, label in record.labels.items():
            self.label_votes[record.iri][lang][label] += 1
        known.alt_labels |= record.alt_labels
        known.curated_labels.update(record.curated_labels)
        if record.reference:
            known.labels = dict(record.labels)

    def _mentions(self, g: set[str], doc: SourceDocument, facts: DocumentFacts) -> None:
        by_entity: dict[str, list] = defaultdict(list)
        for mention in facts.mentions:
            by_entity[mention.iri].append(mention)
        segments = {s.index: s for s in facts.segments}
        for iri in sorted(by_entity):
            mentions = sorted(by_entity[iri], key=lambda m: m.start)
            first = mentions[0]
            seg = segments[first.segment]
            evidence = Evidence(doc.doc_id, seg.start, seg.end, first.rule, None, seg.lang)
            annotation = self._assert(g, doc, iri, T.mentionedIn, f"{ID_BASE}document/{doc.doc_id}", evidence)
            g.add(f"{annotation} {_u(T.mentionCount)} {nt.integer(len(mentions))}")

    # --- facts with evidence ----------------------------------------------------------
    def _assert(self, g: set[str], doc: SourceDocument, s: str, p: str, o: str, ev: Evidence,
                shared: bool = False) -> str:
        """Adds ``s p o`` and its reification, and the document's evidence for it in ``g``; returns
        the evidence annotation's IRI (N-Triples form).

        ``shared``: a fact several documents may state (a relation between entities). The triple
        and its statement node then go to the default graph, once, and each document's graph
        holds only its own evidence. A triple never sits in two graphs: SPARQL engines that read
        the union of the named graphs as the default graph (Oxigraph does) keep duplicates, and a
        relation stated by 500 documents made joins over it 500 times larger."""
        s_, p_, o_ = _u(s), _u(p), _u(o)
        target = self.default if shared else g
        target.add(f"{s_} {p_} {o_}")
        statement = _id(f"statement/{_hash(s, p, o)}")
        target.add(f"{statement} {RDF_TYPE} {_u(T.Statement)}")
        target.add(f"{statement} {_RDF.subject} {s_}")
        target.add(f"{statement} {_RDF.predicate} {p_}")
        target.add(f"{statement} {_RDF.object} {o_}")
        return self._annotate(g, doc, statement[1:-1], ev)

    def _annotate(self, g: set[str], doc: SourceDocument, body: str, ev: Evidence) -> str:
        base = f"{ID_BASE}evidence/{doc.doc_id}-{_hash(body, ev.rule, ev.start, ev.end, length=12)}"
        annotation, target = _u(base), _u(base + "-target")
        quote_sel, char_sel, byte_sel = _u(base + "-quote"), _u(base + "-chars"), _u(base + "-bytes")
        source = _id('document/' + doc.doc_id)
        text = doc.text
        self.rules.add(ev.rule)
        lang = _label_lang(ev.lang)
        add = g.add
        add(f"{annotation} {RDF_TYPE} {_OA.Annotation}")
        add(f"{annotation} {_OA.hasBody} {_u(body)}")
        add(f"{annotation} {_OA.hasTarget} {target}")
        add(f"{annotation} {_OA.motivatedBy} {_OA.describing}")
        add(f"{annotation} {_u(T.rule)} {_id(f'rule/{ev.rule}')}")
        add(f"{annotation} {_PROV.wasDerivedFrom} {source}")
        add(f"{annotation} {_u(T.normalizedQuote)} {nt.literal(normalise(text, ev.start, ev.end)[0].strip(), lang)}")
        if ev.section:
            add(f"{annotation} {_u(T.section)} {nt.literal(ev.section, lang)}")
        if ev.note:
            add(f"{annotation} {RDFS_COMMENT} {nt.literal(ev.note, 'en')}")
        add(f"{target} {RDF_TYPE} {_OA.SpecificResource}")
        add(f"{target} {_OA.hasSource} {source}")
        for selector in (quote_sel, char_sel, byte_sel):
            add(f"{target} {_OA.hasSelector} {selector}")
        add(f"{quote_sel} {RDF_TYPE} {_OA.TextQuoteSelector}")
        add(f"{quote_sel} {_OA.exact} {nt.literal(text[ev.start:ev.end])}")
        add(f"{quote_sel} {_OA.prefix} {nt.literal(text[max(0, ev.start - 32):ev.start])}")
        add(f"{quote_sel} {_OA.suffix} {nt.literal(text[ev.end:ev.end + 32])}")
        add(f"{char_sel} {RDF_TYPE} {_OA.TextPositionSelector}")
        add(f"{char_sel} {_OA.start} {nt.integer(ev.start, nt.XSD_NON_NEGATIVE)}")
        add(f"{char_sel} {_OA.end} {nt.integer(ev.end, nt.XSD_NON_NEGATIVE)}")
        add(f"{byte_sel} {RDF_TYPE} {_OA.DataPositionSelector}")
        add(f"{byte_sel} {_OA.start} {nt.integer(doc.byte_offset(ev.start), nt.XSD_NON_NEGATIVE)}")
        add(f"{byte_sel} {_OA.end} {nt.integer(doc.byte_offset(ev.end), nt.XSD_NON_NEGATIVE)}")
        page = doc.original.page_at(ev.start) if doc.original is not None else None
        if page is not None:
            # The PDF page (RFC 3778 '#page=N'), narrowed down to the quote on it.
            page_sel = _u(base + "-page")
            add(f"{target} {_OA.hasSelector} {page_sel}")
            add(f"{page_sel} {RDF_TYPE} {_OA.FragmentSelector}")
            add(f"{page_sel} {_RDF.value} {nt.literal(f'page={page}')}")
            add(f"{page_sel} {_DCTERMS.conformsTo} {_u(T.RFC3778)}")
            add(f"{page_sel} {_OA.refinedBy} {quote_sel}")
        return annotation

    def _metric(self, g: set[str], doc: SourceDocument, metric: MetricRecord) -> None:
        m = _id(f"metric/{metric.key}")
        add = g.add
        add(f"{m} {RDF_TYPE} {_u(T.Metric)}")
        add(f"{m} {_u(T.value)} {nt.decimal(metric.value)}")
        unit = _id(f"unit/{metric.unit}")
        add(f"{m} {_u(T.unit)} {unit}")
        indicator = f"{ID_BASE}indicator/{metric.indicator}"
        add(f"{m} {_u(T.indicator)} {_u(indicator)}")
        add(f"{m} {_u(T.bound)} {_u(T.BOUNDS[metric.bound])}")
        add(f"{m} {_PROV.wasDerivedFrom} {_id('document/' + doc.doc_id)}")
        if metric.about:
            add(f"{m} {_u(T.about)} {_u(metric.about)}")
        for predicate, value in _period_statements(metric.period):
            add(f"{m} {_u(predicate)} {value}")
        if metric.range_min is not None:
            add(f"{m} {_u(T.rangeMin)} {nt.decimal(metric.range_min)}")
        if metric.range_max is not None:
            add(f"{m} {_u(T.rangeMax)} {nt.decimal(metric.range_max)}")
        if metric.part_of:
            add(f"{m} {_u(T.partOf)} {_id(f'metric/{metric.part_of}')}")
        lang, indicator_label = metric.indicator_labels[0]
        label = f"{_display(metric.value)}{' %' if metric.unit == 'percent' else ''}" \
                f"{' ' + metric.unit if metric.unit not in UNIT_LABELS else ''} {indicator_label}"
        if metric.period:
            label += f" ({metric.period})"
        add(f"{m} {RDFS_LABEL} {nt.literal(label, _label_lang(lang))}")
        self.default.add(f"{_u(indicator)} {RDF_TYPE} {_u(T.Indicator)}")
        for ind_lang, ind_label in metric.indicator_labels:
            self.label_votes[str(indicator)][_label_lang(ind_lang)][ind_label] += 1
        self.default.add(f"{unit} {RDF_TYPE} {_u(T.Unit)}")
        self.default.add(f"{unit} {RDFS_LABEL} {nt.literal(UNIT_LABELS.get(metric.unit, metric.unit), 'en')}")
        self._annotate(g, doc, m[1:-1], metric.evidence)

    # --- finishing ----------------------------------------------------------------
    def finish(self) -> QuadSet:
        g = self.default
        for iri in sorted(self.entities):
            record = self.entities[iri]
            self._describe_entity(g, record)
        self._describe_ancestors(g)
        for iri, votes in sorted(self.label_votes.items()):
            if iri in self.entities:
                continue
            for lang, counter in sorted(votes.items()):
                g.add(f"{_u(iri)} {RDFS_LABEL} {nt.literal(_winner(counter), lang)}")
        for rule in sorted(self.rules):
            node = _id(f"rule/{rule}")
            g.add(f"{node} {RDF_TYPE} {_u(T.ExtractionRule)}")
            g.add(f"{node} {RDFS_LABEL} {nt.literal(rule)}")
            g.add(f"{node} {RDFS_COMMENT} {nt.literal(self._rule_comment(rule), 'en')}")
        return self.quads

    def _rule_comment(self, rule: str) -> str:
        return describe_rule(rule, (cue.rule for cue in self.lexicon.relation_cues))

    def _describe_entity(self, g: set[str], record: EntityRecord) -> None:
        node = _u(record.iri)
        g.add(f"{node} {RDF_TYPE} {_u(T.ENTITY_CLASSES[record.cls])}")
        labels = dict(record.labels) if record.reference else {
            lang: _winner(counter) for lang, counter in self.label_votes[record.iri].items()}
        labels.update(record.curated_labels)
        for lang, label in sorted(labels.items()):
            g.add(f"{node} {RDFS_LABEL} {nt.literal(label, _label_lang(lang))}")
        for label, lang in sorted(record.alt_labels):
            if labels.get(lang) != label:
                g.add(f"{node} {_SKOS.altLabel} {nt.literal(label, _label_lang(lang))}")
        if record.iso_code:
            g.add(f"{node} {_u(T.isoCode)} {nt.literal(record.iso_code)}")
        if record.org_type:
            g.add(f"{node} {_u(T.orgType)} {nt.literal(record.org_type)}")
        if record.located_in and record.cls in ("region", "facility"):
            g.add(f"{node} {_u(T.locatedIn)} {_u(record.located_in)}")

    def _describe_ancestors(self, g: set[str]) -> None:
        """Reference places that contain a mentioned place are described too, so that
        tm:locatedIn never points at an unknown node."""
        pending = [r.located_in for r in self.entities.values() if r.located_in]
        while pending:
            iri = pending.pop()
            if iri in self.entities or iri not in self.lexicon.entities:
                continue
            record = self.lexicon.entities[iri]
            self.entities[iri] = record
            self._describe_entity(g, record)
            if record.located_in:
                pending.append(record.located_in)


def _winner(counter: Counter[str]) -> str:
    return sorted(counter.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0][0]


def _decimal(value: Decimal) -> Decimal:
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral() else normal


def _display(value: Decimal) -> str:
    normal = _decimal(value)
    return f"{normal:,}".replace(",", " ") if normal == normal.to_integral() else str(normal)


def _title_language(title: str, languages: list[str]) -> str:
    """The language of a title: the document's, when it has one; else read from the script."""
    if len(languages) == 1:
        return languages[0]
    if re.search(r"[\u0400-\u04ff]", title):
        return "kk" if any(c in KAZAKH_LETTERS for c in title.lower()) else "ru"
    return "en"


def _period_statements(period: str | None) -> list[tuple[URIRef, str]]:
    """tm:period as one typed literal; a range ("2004/2011") as two typed ends, tm:periodStart
    and tm:periodEnd, so that a store compares them as years rather than as strings."""
    if not period:
        return []
    if "/" in period:
        start, end = period.split("/", 1)
        return [(T.periodStart, _period_literal(start)), (T.periodEnd, _period_literal(end))]
    return [(T.period, _period_literal(period))]


def _period_literal(period: str) -> str:
    if re.fullmatch(r"\d{4}", period):
        return nt.literal(period, datatype=XSD.gYear)
    if re.fullmatch(r"\d{4}-\d{2}", period):
        return nt.literal(period, datatype=XSD.gYearMonth)
    return nt.literal(period, datatype=XSD.date)


class GraphSink(Protocol):
    def add(self, name: str, statements: list[str]) -> None: ...


def make_block(builder: GraphBuilder, doc: SourceDocument, facts: DocumentFacts) -> DocumentBlock:
    """``doc``'s block with its TriG text, as ``build_quads`` makes it for a document without one:
    a block depends on its document and facts alone (``GraphBuilder.document_block``), so any
    process may make it."""
    block = builder.document_block(doc, facts)
    block.trig = trig_block(str(graph_iri(doc.doc_id)), block.named)
    return block


def build_quads(documents: Iterable[tuple[SourceDocument, DocumentFacts | None]], lexicon: Lexicon,
                blocks: BlockStore | None = None, spool: NamedSpool | None = None,
                loader: GraphSink | None = None,
                load_facts: Callable[[SourceDocument], DocumentFacts] | None = None, defer: bool = False,
                consume: bool = False) -> QuadSet:
    """``blocks``: where documents' statement blocks are kept between builds (see ``kg.build.blocks``).
    A document's facts may be None when ``blocks`` has its block; ``load_facts`` gives them when
    the block turns out to be missing or damaged.
    ``spool``: where each document's named graph goes as it is made, instead of into the result,
    which then holds the default graph only (``kg build --format nquads``).
    ``loader``: also given each document's named graph as it is made (``kg.build.storeload``).
    ``defer``: a kept block's named graph is not read (``QuadSet.deferred``), only its size, what
    the default graph needs and the TriG text's place: a rebuild writes the unchanged documents'
    graphs from what it kept of them (not with ``spool`` or ``loader``, which take every graph).
    Nor are blocks of documents gone or changed removed: the caller prunes them (a rebuild's
    store update reads the blocks its previous graphs came from).
    ``consume``: ``documents`` is a list handed over: it is emptied, and each document's facts
    are let go once its statements are made, so that the facts (about 300 MB at 10,000
    benchmark documents) do not stay beside the whole graph while it is assembled."""
    prune = not defer
    defer = defer and blocks is not None and spool is None and loader is None
    builder = GraphBuilder(lexicon)
    keys: list[str] = []
    # What the dataset description needs of each named graph, counted as it is added: reading
    # the whole union again for it was the largest part of a rebuild at 10,000 documents.
    scan, sizes = Scan(), {}
    ordered = sorted(documents, key=lambda pair: pair[0].doc_id)
    if consume:
        assert isinstance(documents, list)
        documents.clear()
    ordered.reverse()  # taken from the end: each pair is let go as its document is assembled
    while ordered:
        doc, facts = ordered.pop()
        name = str(graph_iri(doc.doc_id))
        if blocks is None:
            if facts is None:
                assert load_facts is not None, "a document without facts needs its block"
                facts = load_facts(doc)
            block = builder.add_document(doc, facts, keep_named=spool is None)
        else:
            key = blocks.key(doc)
            keys.append(key)
            block = blocks.get(key, named=not defer)
            if block is None:
                if facts is None:
                    assert load_facts is not None, "a document without facts needs its block"
                    facts = load_facts(doc)
                block = builder.add_document(doc, facts, keep_named=spool is None)
                # Written as TriG now, once: later builds reuse the text while the document is
                # unchanged. A streamed build writes no TriG: the entry says so, and the TriG
                # writer makes the text when it needs it.
                if spool is None:
                    block.trig = trig_block(name, block.named)
                blocks.put(key, block)
            else:
                builder.add_document(doc, facts, block, keep_named=spool is None and block.named_size is None)
            if spool is None:
                # Read back when kg.trig is written, not kept: all of them would be the whole file in memory.
                builder.quads.trig_texts[name] = (block.size, partial(blocks.trig_text, key))
                builder.quads.block_keys[name] = key
        if block.named_size is not None:
            if block.named_size:
                assert blocks is not None
                builder.quads.deferred[name] = (block.named_size, partial(blocks.named_statements, keys[-1]))
        elif spool is None:
            builder.quads.sorted_runs[name] = block.named
        sizes[name] = block.size
        scan.count_graph(block.size, block.classes)
        if spool is not None:
            spool.add(name, block.named)
        if loader is not None:
            loader.add(name, block.named)
        del facts, block  # not kept to the next document's turn: its facts are the largest part
    if blocks is not None and prune:
        blocks.prune(keys)
    quads = builder.finish()
    describe(quads, scan, sizes)
    quads.named_counts = (scan.counted, dict(scan.counted_classes))
    return quads
