"""Build: extracted facts → an rdflib Dataset (one named graph per document).

No blank nodes: every node's IRI derives from its content, so the same input always gives
the same graph and byte-identical serialisations.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from decimal import Decimal

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from . import terms as T
from .ingest import SourceDocument
from .lexicon import EntityRecord, Lexicon
from .model import DocumentFacts, Evidence, MetricRecord
from .segment import normalise

ID = T.ID
UNIT_LABELS = {"count": "count", "percent": "percent"}

# What each built-in rule does; relation cues describe themselves from the lexicon.
RULE_DESCRIPTIONS: dict[str, str] = {
    "reference-label": "A label (any inflected form) of an entity listed in ontology/reference.ttl.",
    "document-alias": "A later mention, in the same document, of a name or acronym the document introduced.",
    "acronym-definition": "A name followed by its acronym in parentheses ('… (далее – НТМС)'); the head noun gives the class.",
    "quoted-programme-name": "A quoted name next to a programme word (project, programme, проект, жоба …).",
    "quoted-funder-name": "A quoted name next to an organisation word (компания «…», «…» компаниясы).",
    "quoted-facility-name": "A quoted name next to a facility word («…» клиникасы, clinic “…”).",
    "named-organisation-after-class-word": "A capitalised name after an organisation word ('software firm X').",
    "programme-facility-same-section": "A facility named in a section (or short article) about exactly one programme.",
    "programme-facility-same-sentence": "A facility named in a sentence about a programme (by name or as 'the project').",
    "platform-domain-name": "A domain name (Telemed.kg) next to a programme word.",
    "named-facility-head-noun": "A capitalised English name around a facility head noun (Centre, Hospital, Clinic).",
    "named-funder-head-noun": "A capitalised English name around an organisation head noun (Ministry, Fund, Agency).",
    "named-programme-head-noun": "A capitalised English name around a programme head noun (Network, Programme).",
    "programme-country-same-sentence": "A programme and a country named in the same sentence.",
    "programme-section-country": "A programme described in a section whose heading (or the document) is about one country.",
    "parenthesised-agencies": "Organisations listed in parentheses right after a programme's name run it.",
    "owner-programme": "'<organisation> programme “…”': funds it when the organisation is a fund or donor, else runs it.",
    "facility-in-place": "'<facility> in <place>'.",
    "facility-section-country": "A facility described in a section about one country.",
    "number-with-indicator": "A number with its unit, scale and bound, and the noun phrase it counts.",
    "table-row": "A table row '<label> <number>'; the caption gives what is counted, the total row the whole.",
    "breakdown-part": "A number given as part of a total stated nearby ('в том числе', 'including', 'of which', "
                      "'Из 217 ... – 175', '(1500 отечественных)'); the parts must not exceed the total.",
    "breakdown-part-exhaustive": "A part of a breakdown the text gives as complete ('... и других', 'and other', "
                                 "'по всем уровням'); the parts must add up to the total.",
    "first-mention": "The first place the document mentions the entity.",
    "curation": "Asserted by a curator in the curation file; the annotation's rdfs:comment gives the reason.",
    "cue-organisation-name": "A name the sentence makes an organisation: 'led by X', 'in partnership with X', 'X and Y signed'.",
    "described-programme": "An unnamed programme described by its country or funding ('Kazakhstan's rural telemedicine programme').",
    "facility-name-place": "A place named inside a facility's name ('Nukus Regional … Centre').",
    "programme-region-same-sentence": "A programme acting 'in' a region named in the same sentence.",
}


def _hash(*parts: object, length: int = 16) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:length]


def doc_iri(doc_id: str) -> URIRef:
    return ID[f"document/{doc_id}"]


def graph_iri(doc_id: str) -> URIRef:
    return ID[f"graph/{doc_id}"]


def _label_lang(lang: str) -> str:
    return lang if lang in ("en", "ru", "kk") else "en"


class GraphBuilder:
    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        self.ds = Dataset()
        for prefix, namespace in T.PREFIXES.items():
            self.ds.bind(prefix, namespace, override=True)
        self.default = self.ds.default_graph if hasattr(self.ds, "default_graph") else self.ds.default_context
        self.entities: dict[str, EntityRecord] = {}
        self.label_votes: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
        self.mentioned: set[str] = set()
        self.rules: set[str] = set()

    # --- documents ------------------------------------------------------------------
    def add_document(self, doc: SourceDocument, facts: DocumentFacts) -> None:
        g = self.ds.graph(graph_iri(doc.doc_id))
        self._describe_document(doc, facts)
        for iri, record in facts.entities.items():
            self._merge_entity(record)
        self._mentions(g, doc, facts)
        for relation in sorted(facts.relations, key=lambda r: (r.evidence.start, r.subject, r.predicate, r.object,
                                                                 r.evidence.rule)):
            predicate = T.RELATIONS[relation.predicate]
            self._assert(g, doc, URIRef(relation.subject), predicate, URIRef(relation.object), relation.evidence)
        for metric in facts.metrics:
            self._metric(g, doc, metric)

    def _describe_document(self, doc: SourceDocument, facts: DocumentFacts) -> None:
        d, g = doc_iri(doc.doc_id), self.default
        g.add((d, RDF.type, T.Document))
        g.add((d, T.fileName, Literal(doc.file_name)))
        g.add((d, T.sha256, Literal(doc.sha256)))
        g.add((d, T.byteSize, Literal(len(doc.data), datatype=XSD.integer)))
        g.add((d, T.charLength, Literal(len(doc.text), datatype=XSD.integer)))
        g.add((d, T.encoding, Literal(doc.encoding)))
        for lang in sorted(set(doc.meta.languages) | set(facts.languages)):
            g.add((d, DCTERMS.language, Literal(lang)))
        if doc.meta.title:
            g.add((d, DCTERMS.title, Literal(doc.meta.title)))
        if doc.meta.date:
            g.add((d, DCTERMS.date, Literal(doc.meta.date.isoformat(), datatype=XSD.date)))
        if doc.meta.publisher:
            g.add((d, DCTERMS.publisher, Literal(doc.meta.publisher)))
        if doc.meta.source_url:
            g.add((d, DCTERMS.source, URIRef(doc.meta.source_url)))

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

    def _mentions(self, g: Graph, doc: SourceDocument, facts: DocumentFacts) -> None:
        by_entity: dict[str, list] = defaultdict(list)
        for mention in facts.mentions:
            by_entity[mention.iri].append(mention)
        segments = {s.index: s for s in facts.segments}
        for iri in sorted(by_entity):
            mentions = sorted(by_entity[iri], key=lambda m: m.start)
            first = mentions[0]
            seg = segments[first.segment]
            self.mentioned.add(iri)
            evidence = Evidence(doc.doc_id, seg.start, seg.end, first.rule, None, seg.lang)
            annotation = self._assert(g, doc, URIRef(iri), T.mentionedIn, doc_iri(doc.doc_id), evidence)
            g.add((annotation, T.mentionCount, Literal(len(mentions), datatype=XSD.integer)))

    # --- facts with evidence ----------------------------------------------------------
    def _assert(self, g: Graph, doc: SourceDocument, s: URIRef, p: URIRef, o: URIRef, ev: Evidence) -> URIRef:
        g.add((s, p, o))
        statement = ID[f"statement/{_hash(s, p, o)}"]
        g.add((statement, RDF.type, T.Statement))
        g.add((statement, RDF.subject, s))
        g.add((statement, RDF.predicate, p))
        g.add((statement, RDF.object, o))
        return self._annotate(g, doc, statement, ev)

    def _annotate(self, g: Graph, doc: SourceDocument, body: URIRef, ev: Evidence) -> URIRef:
        base = f"evidence/{doc.doc_id}-{_hash(body, ev.rule, ev.start, ev.end, length=12)}"
        annotation, target = ID[base], ID[base + "-target"]
        quote_sel, char_sel, byte_sel = ID[base + "-quote"], ID[base + "-chars"], ID[base + "-bytes"]
        text = doc.text
        self.rules.add(ev.rule)
        lang = _label_lang(ev.lang)
        g.add((annotation, RDF.type, T.OA.Annotation))
        g.add((annotation, T.OA.hasBody, body))
        g.add((annotation, T.OA.hasTarget, target))
        g.add((annotation, T.OA.motivatedBy, T.OA.describing))
        g.add((annotation, T.rule, ID[f"rule/{ev.rule}"]))
        g.add((annotation, PROV.wasDerivedFrom, doc_iri(doc.doc_id)))
        g.add((annotation, T.normalizedQuote, Literal(normalise(text, ev.start, ev.end)[0].strip(), lang=lang)))
        if ev.section:
            g.add((annotation, T.section, Literal(ev.section, lang=lang)))
        if ev.note:
            g.add((annotation, RDFS.comment, Literal(ev.note, lang="en")))
        g.add((target, RDF.type, T.OA.SpecificResource))
        g.add((target, T.OA.hasSource, doc_iri(doc.doc_id)))
        for selector in (quote_sel, char_sel, byte_sel):
            g.add((target, T.OA.hasSelector, selector))
        g.add((quote_sel, RDF.type, T.OA.TextQuoteSelector))
        g.add((quote_sel, T.OA.exact, Literal(text[ev.start:ev.end])))
        g.add((quote_sel, T.OA.prefix, Literal(text[max(0, ev.start - 32):ev.start])))
        g.add((quote_sel, T.OA.suffix, Literal(text[ev.end:ev.end + 32])))
        g.add((char_sel, RDF.type, T.OA.TextPositionSelector))
        g.add((char_sel, T.OA.start, Literal(ev.start, datatype=XSD.nonNegativeInteger)))
        g.add((char_sel, T.OA.end, Literal(ev.end, datatype=XSD.nonNegativeInteger)))
        g.add((byte_sel, RDF.type, T.OA.DataPositionSelector))
        g.add((byte_sel, T.OA.start, Literal(doc.byte_offset(ev.start), datatype=XSD.nonNegativeInteger)))
        g.add((byte_sel, T.OA.end, Literal(doc.byte_offset(ev.end), datatype=XSD.nonNegativeInteger)))
        return annotation

    def _metric(self, g: Graph, doc: SourceDocument, metric: MetricRecord) -> None:
        m = ID[f"metric/{metric.key}"]
        g.add((m, RDF.type, T.Metric))
        g.add((m, T.value, Literal(_decimal(metric.value), datatype=XSD.decimal)))
        unit = ID[f"unit/{metric.unit}"]
        g.add((m, T.unit, unit))
        indicator = ID[f"indicator/{metric.indicator}"]
        g.add((m, T.indicator, indicator))
        g.add((m, T.bound, T.BOUNDS[metric.bound]))
        g.add((m, PROV.wasDerivedFrom, doc_iri(doc.doc_id)))
        if metric.about:
            g.add((m, T.about, URIRef(metric.about)))
        if metric.period:
            g.add((m, T.period, _period_literal(metric.period)))
        if metric.range_min is not None:
            g.add((m, T.rangeMin, Literal(_decimal(metric.range_min), datatype=XSD.decimal)))
        if metric.range_max is not None:
            g.add((m, T.rangeMax, Literal(_decimal(metric.range_max), datatype=XSD.decimal)))
        if metric.part_of:
            g.add((m, T.partOf, ID[f"metric/{metric.part_of}"]))
        lang, indicator_label = metric.indicator_labels[0]
        label = f"{_display(metric.value)}{' %' if metric.unit == 'percent' else ''}" \
                f"{' ' + metric.unit if metric.unit not in UNIT_LABELS else ''} {indicator_label}"
        if metric.period:
            label += f" ({metric.period})"
        g.add((m, RDFS.label, Literal(label, lang=_label_lang(lang))))
        self.default.add((indicator, RDF.type, T.Indicator))
        for ind_lang, ind_label in metric.indicator_labels:
            self.label_votes[str(indicator)][_label_lang(ind_lang)][ind_label] += 1
        self.default.add((unit, RDF.type, T.Unit))
        self.default.add((unit, RDFS.label, Literal(UNIT_LABELS.get(metric.unit, metric.unit), lang="en")))
        self._annotate(g, doc, m, metric.evidence)

    # --- finishing ----------------------------------------------------------------
    def finish(self) -> Dataset:
        g = self.default
        for iri in sorted(self.entities):
            record = self.entities[iri]
            self._describe_entity(g, record)
        self._describe_ancestors(g)
        for iri, votes in sorted(self.label_votes.items()):
            if iri in self.entities:
                continue
            for lang, counter in sorted(votes.items()):
                g.add((URIRef(iri), RDFS.label, Literal(_winner(counter), lang=lang)))
        for rule in sorted(self.rules):
            node = ID[f"rule/{rule}"]
            g.add((node, RDF.type, T.ExtractionRule))
            g.add((node, RDFS.label, Literal(rule)))
            g.add((node, RDFS.comment, Literal(self._rule_comment(rule), lang="en")))
        return self.ds

    def _rule_comment(self, rule: str) -> str:
        if rule in RULE_DESCRIPTIONS:
            return RULE_DESCRIPTIONS[rule]
        for cue in self.lexicon.relation_cues:
            if cue.rule == rule:
                return f"Relation cue for tm:{cue.predicate} (organisation {cue.org} the cue): {cue.pattern.pattern}"
        return "Extraction rule."

    def _describe_entity(self, g: Graph, record: EntityRecord) -> None:
        node = URIRef(record.iri)
        g.add((node, RDF.type, T.ENTITY_CLASSES[record.cls]))
        labels = dict(record.labels) if record.reference else {
            lang: _winner(counter) for lang, counter in self.label_votes[record.iri].items()}
        labels.update(record.curated_labels)
        for lang, label in sorted(labels.items()):
            g.add((node, RDFS.label, Literal(label, lang=_label_lang(lang))))
        for label, lang in sorted(record.alt_labels):
            if labels.get(lang) != label:
                g.add((node, SKOS.altLabel, Literal(label, lang=_label_lang(lang))))
        if record.iso_code:
            g.add((node, T.isoCode, Literal(record.iso_code)))
        if record.org_type:
            g.add((node, T.orgType, Literal(record.org_type)))
        if record.located_in and record.cls in ("region", "facility"):
            g.add((node, T.locatedIn, URIRef(record.located_in)))

    def _describe_ancestors(self, g: Graph) -> None:
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


def _period_literal(period: str) -> Literal:
    # A year range ("2004/2011") or a month ("2025-11", from "by November") is a plain string:
    # the shapes allow xsd:gYear, xsd:date or xsd:string.
    if "/" in period or len(period) == 7:
        return Literal(period)
    if len(period) == 4 and period.isdigit():
        return Literal(period, datatype=XSD.gYear)
    return Literal(period, datatype=XSD.date)


def build_dataset(documents: Iterable[tuple[SourceDocument, DocumentFacts]], lexicon: Lexicon) -> Dataset:
    builder = GraphBuilder(lexicon)
    for doc, facts in sorted(documents, key=lambda pair: pair[0].doc_id):
        builder.add_document(doc, facts)
    return builder.finish()
