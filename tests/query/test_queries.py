"""Each shipped query on the seed graph, with the rows the seed documents call for.

Where the seeds alone cannot exercise a query (no organisation works in two countries yet, no two
documents disagree), the test adds a few facts in a graph of its own and checks that the query
finds exactly what was added — and still nothing it should not.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.query.engine import Engine, OxigraphEngine, open_engine
from kg.rdf.convert import to_ox_quads
from kg.build.pipeline import BuildResult
from kg.query.catalogue import shipped_queries

from tests.sparql_rows import ID, TM, ask, rows

NTN = ID + "programme/national-telemedicine-network"
BRIDGING = ID + "programme/bridging-the-digital-health-divide"
EU = ID + "funder/european-union"
PREFIXES = f"""PREFIX tm: <{TM}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
"""


@pytest.fixture(scope="module", params=["store", "file"])
def engine(built_dir: Path, request: pytest.FixtureRequest) -> Engine:
    """Every query test runs on the build's embedded store and on the parsed file."""
    return open_engine(built_dir / "kg.trig", "oxigraph", store=request.param == "store")


def seed_plus(seed_build: BuildResult, trig: str) -> Engine:
    """The seed graph plus the facts in ``trig`` (their own named graph)."""
    store = ox.Store()
    store.bulk_extend(to_ox_quads(seed_build.dataset))
    store.load(input=(PREFIXES + trig).encode("utf-8"), format=ox.RdfFormat.TRIG)
    return OxigraphEngine(store)


def test_every_query_has_a_header_and_its_own_prefixes() -> None:
    queries = {q.name: q for q in shipped_queries()}
    assert {"programmes-per-country", "funders", "facilities", "metrics-about", "ntn-facilities-by-region",
            "breakdowns", "conflicts", "provenance", "funders-multi-country", "gaps", "labels",
            "country-subgraph", "metrics-with-quotes"} <= set(queries)
    for query in queries.values():
        assert query.title and query.description, query.name
        # Runs in any SPARQL tool: every prefix it uses is declared in the file itself.
        used = {p for p in ("tm", "rdfs", "rdf", "oa", "prov", "skos") if f"{p}:" in query.text.split("PREFIX", 1)[-1]}
        declared = {line.split()[1].rstrip(":") for line in query.text.splitlines() if line.startswith("PREFIX")}
        assert used <= declared, (query.name, used - declared)


def test_programmes_per_country(engine: Engine) -> None:
    result = rows(ask(engine, "programmes-per-country"))
    assert "lang" not in result[0]  # a bound parameter is not repeated in every row
    bridging = next(r for r in result if r["programme"] == BRIDGING)
    assert bridging["countryLabel"] == "Kyrgyzstan" and bridging["country"] == ID + "country/KG"
    assert "European Union" in bridging["funders"].split("; ")
    assert "World Health Organization" in bridging["implementers"].split("; ")
    assert not any(part == "" for part in bridging["funders"].split("; "))
    ntn = next(r for r in result if r["programme"] == NTN)
    assert ntn["countryLabel"] == "Kazakhstan"
    # --lang ru: the same rows, labelled in Russian.
    russian = rows(ask(engine, "programmes-per-country", lang="ru"))
    assert next(r for r in russian if r["programme"] == BRIDGING)["countryLabel"] == "Кыргызстан"
    assert next(r for r in russian if r["programme"] == NTN)["programmeLabel"] == "Национальная телемедицинская сеть"


def test_funders_lists_who_funds_and_implements_what(engine: Engine) -> None:
    result = rows(ask(engine, "funders"))
    eu = [r for r in result if r["funder"] == EU]
    assert {(r["role"], r["programmeLabel"], r["countryLabel"]) for r in eu} >= {
        ("funds", "Bridging the Digital Health Divide", "Kyrgyzstan")}
    who = [r for r in result if r["funder"] == ID + "funder/who" and r["programme"] == BRIDGING]
    assert who and who[0]["role"] == "implements"
    assert len(result) == len({tuple(r.values()) for r in result}), "no duplicate rows"


def test_facilities_per_country_and_region(engine: Engine) -> None:
    result = rows(ask(engine, "facilities"))
    house = next(r for r in result if r["facility"] == ID + "facility/house-of-health")
    assert (house["regionLabel"], house["countryLabel"]) == ("Ashgabat", "Turkmenistan")
    centre = next(r for r in result if r["facility"] == ID + "facility/national-childrens-medical-centre")
    assert centre["countryLabel"] == "Uzbekistan" and centre["region"] is None and centre["regionLabel"] is None


def test_metrics_about_one_entity(engine: Engine) -> None:
    result = ask(engine, "metrics-about", entity="region:kz-pavlodar-region")
    # 'source' (title, publisher, date) is new: a citation, not only a file name.
    assert result.variables == ["metric", "value", "unit", "indicator", "period", "quote", "source", "file"]
    table2 = [r for r in rows(result) if r["value"] == 22]
    assert table2 and table2[0]["file"] == "001_6b963e040055fc24.txt"
    assert table2[0]["source"].startswith("Телемедицина как цифровая инновация")
    assert "Павлодар" in table2[0]["quote"] and table2[0]["unit"] == "count"
    # Unbound, the entity becomes a column and every metric about anything is listed.
    everything = rows(ask(engine, "metrics-about"))
    assert {r["entity"] for r in everything} >= {ID + "region/kz-pavlodar-region", NTN}


def test_ntn_facilities_by_region_is_table_2(engine: Engine) -> None:
    result = rows(ask(engine, "ntn-facilities-by-region"))
    assert len(result) == 20
    assert (result[0]["regionLabel"], result[0]["facilities"], result[0]["total"]) == ("Pavlodar Region", 22, 217)
    assert (result[-1]["regionLabel"], result[-1]["facilities"]) == ("Ulytau Region", 0)
    assert sum(r["facilities"] for r in result) == 217
    values = [r["facilities"] for r in result]
    assert values == sorted(values, reverse=True)


def test_breakdowns_give_parts_and_their_sum(engine: Engine) -> None:
    result = rows(ask(engine, "breakdowns"))
    # Table 2: the total whose parts include Pavlodar (other breakdowns of the NTN may be listed too).
    total = next(r["total"] for r in result if r["partSubject"] == "Pavlodar Region" and r["partValue"] == 22)
    table2 = [r for r in result if r["total"] == total]
    assert len(table2) == 20 and table2[0]["totalSubject"] == "National Telemedicine Network"
    first = table2[0]
    assert (first["parts"], first["sumOfParts"], first["difference"]) == (20, 217, 0)
    assert (first["partSubject"], first["partValue"]) == ("Pavlodar Region", 22)
    assert ("Ulytau Region", 0) in {(r["partSubject"], r["partValue"]) for r in table2}
    for row in result:  # the sum the query reports is the sum of the parts it lists
        listed = [r["partValue"] for r in result if r["total"] == row["total"]]
        assert row["parts"] == len(listed) and row["sumOfParts"] == sum(listed)
        assert row["difference"] == row["totalValue"] - row["sumOfParts"]


def _table2_total(engine: Engine) -> dict[str, object]:
    found = rows(engine.query(PREFIXES + f"""
        SELECT ?total ?indicator ?unit WHERE {{
          ?total tm:about <{NTN}> ; tm:value 217.0 ; tm:indicator ?indicator ; tm:unit ?unit .
          ?part tm:partOf ?total ; tm:about <{ID}region/kz-pavlodar-region> .
          FILTER NOT EXISTS {{ ?total tm:period ?p }}
        }}"""))
    assert len(found) == 1
    return found[0]


def _with_a_second_report(engine: Engine, seed_build: BuildResult) -> tuple[Engine, dict[str, object]]:
    """The seeds plus another report giving 233 and "more than 200" for the NTN total of 217."""
    total = _table2_total(engine)
    return seed_plus(seed_build, f"""
      <urn:test:graph> {{
        <urn:test:doc> a tm:Document ; tm:fileName "other-report.txt" .
        <urn:test:m233> a tm:Metric ; tm:value 233.0 ; tm:bound tm:exact ; tm:about <{NTN}> ;
            tm:indicator <{total["indicator"]}> ; tm:unit <{total["unit"]}> ; prov:wasDerivedFrom <urn:test:doc> .
        <urn:test:m200> a tm:Metric ; tm:value 200.0 ; tm:bound tm:atLeast ; tm:about <{NTN}> ;
            tm:indicator <{total["indicator"]}> ; tm:unit <{total["unit"]}> ; prov:wasDerivedFrom <urn:test:doc> .
        <urn:test:ev233> oa:hasBody <urn:test:m233> ; tm:normalizedQuote "By 2024, 233 facilities were connected." ;
            prov:wasDerivedFrom <urn:test:doc> ; oa:hasTarget <urn:test:t233> .
        <urn:test:t233> oa:hasSelector <urn:test:s233> .
        <urn:test:s233> a oa:TextPositionSelector ; oa:start 0 ; oa:end 40 .
        <urn:test:ev200> oa:hasBody <urn:test:m200> ; tm:normalizedQuote "More than 200 facilities are connected." ;
            prov:wasDerivedFrom <urn:test:doc> ; oa:hasTarget <urn:test:t200> .
        <urn:test:t200> oa:hasSelector <urn:test:s200> .
        <urn:test:s200> a oa:TextPositionSelector ; oa:start 41 ; oa:end 80 .
      }}"""), total


def test_conflicts_pair_incompatible_numbers_with_both_quotes(engine: Engine, seed_build: BuildResult) -> None:
    seed = rows(ask(engine, "conflicts --pairs"))
    for row in seed:  # whatever the seeds hold, every pair the query reports is a real disagreement
        assert row["value1"] != row["value2"] and row["quote1"] and row["quote2"]
        assert (row["file1"], row["start1"]) != (row["file2"], row["start2"])
    extra, total = _with_a_second_report(engine, seed_build)
    found = rows(ask(extra, "conflicts --pairs"))
    pairs = {frozenset((r["metric1"], r["metric2"])): r for r in found}
    row = pairs[frozenset((total["total"], "urn:test:m233"))]
    assert {row["value1"], row["value2"]} == {Decimal(217), Decimal(233)}
    assert {row["file1"], row["file2"]} == {"001_6b963e040055fc24.txt", "other-report.txt"}
    assert "233 facilities" in row["quote1"] + row["quote2"]
    assert row["subjectLabel"] == "National Telemedicine Network"
    # "More than 200" agrees with 217 and with 233: no conflict. (It does contradict any exact
    # number below 200 on the same indicator, and those pairs must say so.)
    assert frozenset((total["total"], "urn:test:m200")) not in pairs
    assert frozenset(("urn:test:m233", "urn:test:m200")) not in pairs
    for pair, row in pairs.items():
        if "urn:test:m200" in pair:
            assert min(row["value1"], row["value2"]) < 200, row
    # The added facts take nothing away: every pair found on the seeds alone is still there.
    assert {frozenset((r["metric1"], r["metric2"])) for r in seed} <= set(pairs)


def test_provenance_of_one_programme(engine: Engine) -> None:
    result = rows(ask(engine, "provenance", subject=BRIDGING))
    funded = [r for r in result if r["predicate"] == TM + "fundedBy" and r["object"] == EU]
    assert funded and funded[0]["file"] == "000_a082bec6c71722d9.txt"
    assert "EU-funded" in funded[0]["quote"] and funded[0]["rule"]
    assert funded[0]["start"] < funded[0]["end"]
    # A metric's provenance is its value with the sentence it came from.
    metric = rows(ask(engine, "metrics-about", entity="region:kz-pavlodar-region"))[0]["metric"]
    evidence = rows(ask(engine, "provenance", subject=metric))
    assert evidence and evidence[0]["predicate"] == TM + "value" and evidence[0]["object"] == 22


def test_funders_in_more_than_one_country(engine: Engine, seed_build: BuildResult) -> None:
    seed = rows(ask(engine, "funders-multi-country"))
    assert all(r["countries"] > 1 for r in seed)
    assert EU not in {r["funder"] for r in seed}  # in the seeds the EU funds in Kyrgyzstan only
    extra = seed_plus(seed_build, f"""
      <urn:test:graph> {{
        <urn:test:programme> a tm:Programme ; rdfs:label "Test programme"@en ;
            tm:operatesIn <{ID}region/kz-pavlodar-region> ; tm:fundedBy <{EU}> .
      }}""")
    eu = next(r for r in rows(ask(extra, "funders-multi-country")) if r["funder"] == EU)
    assert eu["countries"] == 2 and set(eu["countryLabels"].split("; ")) == {"Kazakhstan", "Kyrgyzstan"}
    assert "Test programme" in eu["programmeLabels"].split("; ")


def test_gaps_are_countries_without_programmes(engine: Engine) -> None:
    result = rows(ask(engine, "gaps"))
    by_country = {r["country"]: r for r in result}
    # Turkmenistan: the House of Health in Ashgabat, and no programme in any text.
    assert by_country[ID + "country/TM"]["facilities"] >= 1
    with_programmes = {r["country"] for r in rows(ask(engine, "programmes-per-country"))}
    assert {ID + "country/KZ", ID + "country/KG"} <= with_programmes
    assert not set(by_country) & with_programmes
    assert all(r["facilities"] + r["metrics"] > 0 for r in result)


def test_labels_flag_missing_translations(engine: Engine, seed_graph) -> None:
    from rdflib import RDFS, URIRef

    result = rows(ask(engine, "labels"))
    kz = next(r for r in result if r["entity"] == ID + "country/KZ")
    assert (kz["en"], kz["ru"], kz["kk"], kz["missing"]) == ("Kazakhstan", "Казахстан", "Қазақстан", "")
    for row in result:  # the flags say exactly which languages have no label in the graph
        langs = {label.language for label in seed_graph.objects(URIRef(row["entity"]), RDFS.label)}
        assert row["missing"].split() == [lang for lang in ("en", "ru", "kk") if lang not in langs], row
    assert any(r["missing"] for r in result)


def test_country_subgraph_is_the_neighbourhood_of_one_country(engine: Engine) -> None:
    result = ask(engine, "country-subgraph", country="country:KG")
    assert result.kind == "GRAPH"
    triples = {(t.subject.value, t.predicate.value, t.object.value) for t in result.triples}
    assert (BRIDGING, TM + "operatesIn", ID + "country/KG") in triples
    assert (BRIDGING, TM + "fundedBy", EU) in triples
    assert (EU, "http://www.w3.org/2000/01/rdf-schema#label", "European Union") in triples
    subjects = {s for s, _, _ in triples}
    assert NTN not in subjects and ID + "country/KZ" not in subjects
    assert not any(o == "http://www.w3.org/ns/oa#Annotation" for _, _, o in triples)
    kazakhstan = {t.subject.value for t in ask(engine, "country-subgraph", country="country:KZ").triples}
    assert NTN in kazakhstan and ID + "region/kz-pavlodar-region" in kazakhstan


def test_metrics_with_quotes(engine: Engine) -> None:
    result = rows(ask(engine, "metrics-with-quotes"))
    assert len(result) > 60
    assert len(result) == len({(r["metric"], r["start"]) for r in result}), "one row per piece of evidence"
    online = next(r for r in result if r["value"] == 39569)
    assert "39 569" in online["quote"] and online["start"] < online["end"]


def test_conflicts_give_one_row_per_disagreement(engine: Engine, seed_build: BuildResult) -> None:
    extra, total = _with_a_second_report(engine, seed_build)
    pairs = rows(ask(extra, "conflicts --pairs"))
    grouped = rows(ask(extra, "conflicts"))
    key = ("subject", "indicator", "period", "unit")
    # Exactly the groups the pairs fall in, each once.
    assert [tuple(r[k] for k in key) for r in grouped] == sorted({tuple(r[k] for k in key) for r in pairs},
                                                                   key=lambda k: [str(x) for x in k])
    ntn = [r for r in grouped if r["subject"] == NTN and "233" in r["values"].split(" | ")]
    assert len(ntn) == 1
    # 217 (said by several statements) and 233 disagree; "more than 200" agrees with both: not listed.
    assert set(ntn[0]["values"].split(" | ")) == {"217", "233"} and ntn[0]["numbers"] >= 2
    assert set(ntn[0]["sources"].split(" | ")) == {"001_6b963e040055fc24.txt", "other-report.txt"}
    for row in grouped:
        assert len(set(row["sources"].split(" | "))) >= 2 and row["numbers"] >= 2


def test_conflicts_in_a_large_group_count_each_number_once(engine: Engine, seed_build: BuildResult) -> None:
    """Twelve documents give twelve different numbers for one subject, indicator, unit and year, and
    one of them also a second number of its own. Each number conflicts with the other documents'
    (the pairs grow as the square of the group; the grouped answer must not), and two numbers of
    one document alone are no conflict."""
    indicator, unit = ID + "indicator/test-consultations", ID + "unit/count"
    facts = []
    numbers = [(f"d{k}", f"m{k}", 100 + 10 * k) for k in range(12)] + [("d0", "m0b", 105)]
    for doc, metric, value in numbers:
        facts.append(f"""
        <urn:test:{metric}> a tm:Metric ; tm:value {value}.0 ; tm:bound tm:exact ; tm:about <{NTN}> ;
            tm:indicator <{indicator}> ; tm:unit <{unit}> ; tm:period "2019" ; prov:wasDerivedFrom <urn:test:{doc}> .
        <urn:test:ev-{metric}> oa:hasBody <urn:test:{metric}> ; tm:normalizedQuote "{value} consultations." ;
            prov:wasDerivedFrom <urn:test:{doc}> ; oa:hasTarget <urn:test:t-{metric}> .
        <urn:test:t-{metric}> oa:hasSelector <urn:test:s-{metric}> .
        <urn:test:s-{metric}> a oa:TextPositionSelector ; oa:start 0 ; oa:end 20 .""")
    files = "".join(f'\n        <urn:test:d{k}> tm:fileName "report-{k:02}.txt" .' for k in range(12))
    extra = seed_plus(seed_build, "<urn:test:graph> {" + "".join(facts) + files + "\n      }")
    grouped = [r for r in rows(ask(extra, "conflicts")) if r["subject"] == NTN and r["period"] == "2019"]
    assert len(grouped) == 1, grouped
    row = grouped[0]
    assert row["numbers"] == 13
    assert row["values"].split(" | ") == ["100", "105", *[str(100 + 10 * k) for k in range(1, 12)]]
    assert row["sources"].split(" | ") == [f"report-{k:02}.txt" for k in range(12)]
    pairs = {frozenset((r["metric1"], r["metric2"])) for r in rows(ask(extra, "conflicts --pairs"))
             if r["period"] == "2019"}
    assert frozenset(("urn:test:m0", "urn:test:m0b")) not in pairs  # one document's own two numbers
    assert len(pairs) == 12 * 11 // 2 + 11  # every other pair of documents, m0b with the 11 others
