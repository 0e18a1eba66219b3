"""Deterministic synthetic graphs shaped like the one `kg build` writes, at any size.

Same classes, properties, IRI patterns and named graphs as docs/graph-shape.md: countries (the
five of Central Asia among others), regions and facilities located in them, programmes that
operate in them with funders, implementers and partners, documents, and per document the
metrics (value, unit, indicator, bound, subject, period, some of them parts of a table total
about the National Telemedicine Network) and reified relations, each with its Web Annotation
evidence (quote, character and byte selectors). Labels in en/ru/kk, some missing, as in ours.

The same ``target_triples`` and ``seed`` always give the same file.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

TM = "https://w3id.org/telemed-kg/ontology#"
ID = "https://w3id.org/telemed-kg/id/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
OA = "http://www.w3.org/ns/oa#"
PROV_DERIVED = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
XSD = "http://www.w3.org/2001/XMLSchema#"
DEFAULT = ox.DefaultGraph()
REAL_COUNTRIES = [("KZ", "Kazakhstan", "Казахстан", "Қазақстан"), ("KG", "Kyrgyzstan", "Кыргызстан", "Қырғызстан"),
                  ("TJ", "Tajikistan", "Таджикистан", "Тәжікстан"), ("TM", "Turkmenistan", "Туркменистан", "Түрікменстан"),
                  ("UZ", "Uzbekistan", "Узбекистан", "Өзбекстан")]
NTN = ox.NamedNode(ID + "programme/national-telemedicine-network")
TRIPLES_PER_METRIC = 31  # a metric, its annotation, target and three selectors
TRIPLES_PER_RELATION = 26  # the relation, its reification and its evidence


def tm(local: str) -> ox.NamedNode:
    return ox.NamedNode(TM + local)


def oa(local: str) -> ox.NamedNode:
    return ox.NamedNode(OA + local)


def node(path: str) -> ox.NamedNode:
    return ox.NamedNode(ID + path)


def decimal(value: float) -> ox.Literal:
    return ox.Literal(f"{value:.1f}", datatype=ox.NamedNode(XSD + "decimal"))


def integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))


def labels(subject: ox.NamedNode, en: str, ru: str | None, kk: str | None) -> Iterator[ox.Quad]:
    for text, lang in ((en, "en"), (ru, "ru"), (kk, "kk")):
        if text:
            yield ox.Quad(subject, LABEL, ox.Literal(text, language=lang), DEFAULT)


def generate(target_triples: int, seed: int = 7) -> Iterator[ox.Quad]:
    """Quads of a graph of about ``target_triples`` triples."""
    rnd = random.Random(seed)
    # Entity counts grow with the square root of the size, documents and facts linearly.
    scale = max(1, round((target_triples / 100_000) ** 0.5 * 10))
    n_docs = max(4, target_triples // 2_000)
    countries = [node(f"country/{code}") for code, *_ in REAL_COUNTRIES]
    country_names = [names for _, *names in REAL_COUNTRIES]
    for i in range(3 * scale):
        countries.append(node(f"country/X{i:03d}"))
        country_names.append((f"Country {i}", f"Страна {i}", None if i % 3 == 0 else f"Ел {i}"))
    for country, (en, ru, kk) in zip(countries, country_names):
        yield ox.Quad(country, RDF_TYPE, tm("Country"), DEFAULT)
        yield from labels(country, en, ru, kk)
    regions, region_country = [], {}
    for i in range(20 * scale):
        region = node(f"region/r{i:05d}")
        country = countries[i % len(countries)] if i >= 20 else countries[0]  # the first 20 are Kazakh
        regions.append(region)
        region_country[region] = country
        yield ox.Quad(region, RDF_TYPE, tm("Region"), DEFAULT)
        yield ox.Quad(region, tm("locatedIn"), country, DEFAULT)
        yield from labels(region, f"Region {i}", f"Регион {i}", f"Аймақ {i}" if i % 2 else None)
    facilities = []
    for i in range(30 * scale):
        facility = node(f"facility/f{i:05d}")
        facilities.append(facility)
        yield ox.Quad(facility, RDF_TYPE, tm("Facility"), DEFAULT)
        yield ox.Quad(facility, tm("locatedIn"), rnd.choice(regions), DEFAULT)
        yield from labels(facility, f"Hospital {i}", None if i % 4 else f"Больница {i}", None)
    funders = [node(f"funder/o{i:04d}") for i in range(8 * scale)]
    for i, funder in enumerate(funders):
        yield ox.Quad(funder, RDF_TYPE, tm("Funder"), DEFAULT)
        yield from labels(funder, f"Organisation {i}", f"Организация {i}", None)
    programmes = [NTN] + [node(f"programme/p{i:04d}") for i in range(10 * scale)]
    for i, programme in enumerate(programmes):
        yield ox.Quad(programme, RDF_TYPE, tm("Programme"), DEFAULT)
        yield from labels(programme, "National Telemedicine Network" if i == 0 else f"Programme {i}",
                          "Национальная телемедицинская сеть" if i == 0 else f"Программа {i}", None)
    indicators = [node(f"indicator/i{i:03d}") for i in range(40)]
    for i, indicator in enumerate(indicators):
        yield ox.Quad(indicator, RDF_TYPE, tm("Indicator"), DEFAULT)
        yield from labels(indicator, None, f"показатель {i}", None)
    units = [node(f"unit/{u}") for u in ("count", "percent", "KZT", "USD")]
    for unit in units:
        yield ox.Quad(unit, RDF_TYPE, tm("Unit"), DEFAULT)
        yield ox.Quad(unit, LABEL, ox.Literal(unit.value.rsplit("/", 1)[1], language="en"), DEFAULT)
    rule = node("rule/synthetic")
    yield ox.Quad(rule, RDF_TYPE, tm("ExtractionRule"), DEFAULT)
    yield ox.Quad(rule, LABEL, ox.Literal("synthetic"), DEFAULT)
    bounds = [tm("exact")] * 8 + [tm("atLeast"), tm("approximately")]
    subjects = programmes + regions + countries + facilities
    relations = [tm("operatesIn"), tm("fundedBy"), tm("implementedBy"), tm("partner")]

    quiet = {c for i, c in enumerate(countries) if i >= 5 and i % 3 == 2}
    active_places = [p for p in regions + countries if region_country.get(p, p) not in quiet]
    budget_per_doc = max(1, target_triples // n_docs - 12)
    for d in range(n_docs):
        doc = node(f"document/d{d:05d}")
        graph = node(f"graph/d{d:05d}")
        yield ox.Quad(doc, RDF_TYPE, tm("Document"), DEFAULT)
        yield ox.Quad(doc, tm("fileName"), ox.Literal(f"d{d:05d}.txt"), DEFAULT)
        offset = 0

        def evidence(body: ox.NamedNode, key: str, quote: str) -> Iterator[ox.Quad]:
            nonlocal offset
            ev = node(f"evidence/d{d:05d}-{key}")
            target, q, c, b = (node(f"evidence/d{d:05d}-{key}-{s}") for s in ("target", "quote", "chars", "bytes"))
            start, offset = offset, offset + len(quote) + 1
            for s, p, o in (
                (ev, RDF_TYPE, oa("Annotation")), (ev, oa("hasBody"), body), (ev, oa("hasTarget"), target),
                (ev, oa("motivatedBy"), oa("describing")), (ev, tm("rule"), rule),
                (ev, tm("normalizedQuote"), ox.Literal(quote, language="ru")), (ev, PROV_DERIVED, doc),
                (target, RDF_TYPE, oa("SpecificResource")), (target, oa("hasSource"), doc),
                (target, oa("hasSelector"), q), (target, oa("hasSelector"), c), (target, oa("hasSelector"), b),
                (q, RDF_TYPE, oa("TextQuoteSelector")), (q, oa("exact"), ox.Literal(quote)),
                (q, oa("prefix"), ox.Literal("…")), (q, oa("suffix"), ox.Literal("…")),
                (c, RDF_TYPE, oa("TextPositionSelector")), (c, oa("start"), integer(start)),
                (c, oa("end"), integer(offset - 1)),
                (b, RDF_TYPE, oa("DataPositionSelector")), (b, oa("start"), integer(2 * start)),
                (b, oa("end"), integer(2 * offset - 2)),
            ):
                yield ox.Quad(s, p, o, graph)

        def metric(key: str, about: ox.NamedNode, value: float, indicator: ox.NamedNode,
                   part_of: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
            m = node(f"metric/d{d:05d}-{key}")
            yield ox.Quad(m, RDF_TYPE, tm("Metric"), graph)
            yield ox.Quad(m, tm("value"), decimal(value), graph)
            yield ox.Quad(m, tm("unit"), units[0] if part_of else rnd.choice(units), graph)
            yield ox.Quad(m, tm("indicator"), indicator, graph)
            yield ox.Quad(m, tm("about"), about, graph)
            yield ox.Quad(m, tm("bound"), tm("exact") if part_of else rnd.choice(bounds), graph)
            yield ox.Quad(m, PROV_DERIVED, doc, graph)
            yield ox.Quad(m, LABEL, ox.Literal(f"{value:g} ({key})", language="en"), graph)
            if part_of is not None:
                yield ox.Quad(m, tm("partOf"), part_of, graph)
            elif rnd.random() < 0.7:
                yield ox.Quad(m, tm("period"), ox.Literal(str(rnd.randint(2015, 2025)),
                                                          datatype=ox.NamedNode(XSD + "gYear")), graph)
            yield from evidence(m, key, f"Предложение {key}: {value:g} единиц.")

        # A document is about a few programmes, organisations and places, as real ones are; every
        # third synthetic country has no programme at all (the gaps query has something to find).
        cast_programmes = rnd.sample(programmes, 2)
        cast_funders = rnd.sample(funders, 3)
        cast_places = rnd.sample(active_places, 3)
        used = 0
        if d % 50 == 0:  # now and then a table: a total about the NTN and one row per Kazakh region
            rows = [rnd.randint(0, 25) for _ in range(20)]
            total = node(f"metric/d{d:05d}-t")
            yield from metric("t", NTN, float(sum(rows)), indicators[0])
            for r, value in enumerate(rows):
                yield from metric(f"t{r}", regions[r], float(value), indicators[0], part_of=total)
            used += 21 * TRIPLES_PER_METRIC
        k = 0
        while used < budget_per_doc:
            k += 1
            if rnd.random() < 0.75:
                yield from metric(f"m{k}", rnd.choice(subjects), float(rnd.randint(1, 500)), rnd.choice(indicators))
                used += TRIPLES_PER_METRIC
                continue
            predicate = rnd.choice(relations)
            subject = rnd.choice(cast_programmes)
            obj = rnd.choice(cast_places) if predicate == tm("operatesIn") else rnd.choice(cast_funders)
            statement = node(f"statement/d{d:05d}-s{k}")
            yield ox.Quad(subject, predicate, obj, graph)
            yield ox.Quad(statement, RDF_TYPE, tm("Statement"), graph)
            yield ox.Quad(statement, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#subject"), subject, graph)
            yield ox.Quad(statement, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate"), predicate, graph)
            yield ox.Quad(statement, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#object"), obj, graph)
            yield ox.Quad(subject, tm("mentionedIn"), doc, graph)
            yield ox.Quad(obj, tm("mentionedIn"), doc, graph)
            yield from evidence(statement, f"s{k}", f"Программа {k} связана с партнёром.")
            used += TRIPLES_PER_RELATION + 3


def write(path: Path, target_triples: int, seed: int = 7) -> int:
    """Write the graph as TriG; returns the number of quads written."""
    quads = list(generate(target_triples, seed))
    path.parent.mkdir(parents=True, exist_ok=True)
    ox.serialize(quads, str(path), ox.RdfFormat.TRIG, prefixes={"tm": TM, "id": ID, "oa": OA})
    return len(quads)
