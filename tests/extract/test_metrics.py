"""Metrics: numbers read as observations, on the seeds, on articles written for the tests
(tests/data/metrics) and on one-sentence documents for each form a number takes."""

from __future__ import annotations

import re
import sys
from decimal import Decimal

import pytest
import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from kg import terms as T
from kg.check.consistency import check_metrics
from kg.build.pipeline import BuildResult, build_graph
from kg.rdf.convert import union_graph
from kg.check.shacl import check_consistency, validate

from kg.check.evaluation import metrics as evaluation_metrics
from tests.conftest import ROOT, SEEDS

ID = "https://w3id.org/telemed-kg/id/"
DATA = ROOT / "tests" / "data" / "metrics"
NTN = URIRef(ID + "programme/national-telemedicine-network")


EVAL = evaluation_metrics


@pytest.fixture(scope="module")
def data_build() -> BuildResult:
    return build_graph([DATA])


@pytest.fixture(scope="module")
def data_graph(data_build: BuildResult) -> Graph:
    return union_graph(data_build.dataset)


@pytest.fixture(scope="module")
def seed_metrics(seed_graph: Graph, seed_build: BuildResult) -> list:
    return EVAL.extracted_metrics(seed_graph, {d.file_name: d.text for d in seed_build.documents})


# --- the seeds ------------------------------------------------------------------------------
SEED_SPECS = yaml.safe_load((DATA / "seeds-expected.yaml").read_text(encoding="utf-8"))["documents"]
SEED_CASES = [(name, spec) for name, doc in SEED_SPECS.items() for spec in doc["metrics"]]


def test_the_seed_expectations_hold_at_least_forty_metrics() -> None:
    assert len(SEED_CASES) >= 40


@pytest.mark.parametrize(("file_name", "spec"), SEED_CASES, ids=[f"{n[:3]}:{s['at']}" for n, s in SEED_CASES])
def test_seed_metric(file_name: str, spec: dict, seed_metrics: list) -> None:
    """Value, unit, subject and quote of every quantitative statement of the seeds; bound,
    indicator, period, range and breakdown too, except a field listed as a known miss."""
    text = (SEEDS / file_name).read_text(encoding="utf-8")
    (start, end), = EVAL.locate(text, spec["at"])
    found = [m for m in seed_metrics if m.doc == file_name and start <= m.offset < end
             and m.value == Decimal(str(spec["value"])) and m.unit == spec.get("unit", "count")]
    assert len(found) == 1, f"no metric {spec['value']} at {spec['at']!r}"
    metric = found[0]
    digits = re.sub(r"\D", "", text[metric.offset:end])[:3]
    assert digits == "" or digits in re.sub(r"\D", "", metric.quote), "the quote holds the number"
    expected = EVAL.Expected(file_name, spec, start, end)
    for field in EVAL.FIELDS:
        if field not in spec.get("known_miss", []):
            assert EVAL.field_ok(field, expected, metric, text), (field, spec.get(field), EVAL._describe(metric))


def test_every_seed_metric_is_an_expected_quantity(seed_metrics: list) -> None:
    """Precision on the seeds: every metric extracted is one the expectations list."""
    spurious = []
    for file_name, doc in SEED_SPECS.items():
        text = (SEEDS / file_name).read_text(encoding="utf-8")
        spans = [EVAL.locate(text, spec["at"])[0] for spec in doc["metrics"]]
        for metric in (m for m in seed_metrics if m.doc == file_name):
            if not any(s <= metric.offset < e for s, e in spans):
                spurious.append(f"{file_name}@{metric.offset} {EVAL._describe(metric)}")
    assert not spurious, "\n".join(spurious)


_REFERENCE_BEFORE = re.compile(r"(?:рисун\w*|таблиц\w*|рис\.|табл\.|figure|fig\.|table|section|раздел\w*|кесте\w*|"
                               r"сурет\w*|№|no\.)\s*$", re.IGNORECASE)


def test_no_seed_metric_is_a_year_citation_reference_or_code(seed_build: BuildResult, seed_metrics: list) -> None:
    """Judged on the source text at each metric's offset, independently of the extractor's rules."""
    texts = {d.file_name: d.text for d in seed_build.documents}
    bad = []
    for metric in seed_metrics:
        text = texts[metric.doc]
        written = re.match(r"\d[\d \u00a0.,]*\d|\d|[^\W\d_]+", text[metric.offset:]).group()
        before, after = text[max(0, metric.offset - 24):metric.offset], text[metric.offset + len(written):]
        reasons = []
        if re.fullmatch(r"(?:19|20)\d\d", written) and not re.match(r"\s*(?:%|млн|млрд|тыс)", after):
            reasons.append("year")
        if re.search(r"\[[\d,\s–-]*$", before) and re.match(r"[\d,\s–-]*\]", after):
            reasons.append("citation marker")
        if _REFERENCE_BEFORE.search(before):
            reasons.append("figure/table/section number")
        if re.search(r"[A-ZА-ЯЁ]{2,}\s?-$", before) and written.isdigit():
            reasons.append("glued to a word (COVID-19)")
        if re.match(r"-(?:го|х|е|й|th|st|nd|rd|month|year)", after) or re.match(r"\s*(?:год|года|году|гг|века|лет)\b", after):
            reasons.append("ordinal, decade, date or age")
        if reasons:
            bad.append(f"{metric.doc}@{metric.offset} {written!r} {reasons}: {text[metric.offset - 30:metric.offset + 30]!r}")
    assert not bad, "\n".join(bad)


def test_table_two_is_twenty_regions_and_a_total(seed_graph: Graph) -> None:
    rows = {}
    for part in seed_graph.subjects(T.partOf, None):
        whole = seed_graph.value(part, T.partOf)
        region = seed_graph.value(part, T.about)
        if (region, RDF.type, T.Region) in seed_graph and seed_graph.value(whole, T.about) == NTN:
            rows[str(region).rsplit("/", 1)[1]] = int(seed_graph.value(part, T.value).toPython())
            total = whole
    assert len(rows) == 20 and sum(rows.values()) == 217
    assert max(rows, key=rows.get) == "kz-pavlodar-region" and rows["kz-ulytau-region"] == 0
    assert seed_graph.value(total, T.indicator) == URIRef(ID + "indicator/healthcare-facility")


def test_stated_breakdowns_of_the_seeds(seed_graph: Graph) -> None:
    def parts_of(value: int, file_prefix: str) -> set[int]:
        totals = [m for m in seed_graph.subjects(T.value, Literal(Decimal(value), datatype=T.PREFIXES["xsd"].decimal))
                  if f"/metric/{file_prefix}" in str(m)]
        return {int(seed_graph.value(p, T.value).toPython()) for t in totals for p in seed_graph.subjects(T.partOf, t)}

    assert {118, 36, 27} <= parts_of(217, "001")  # "В том числе: 118 ..., 36 ...; 27 ..."
    assert {175, 32} <= parts_of(217, "001")  # "Из 217 объектов НТМС – 175 ... Ещё 32 объекта"
    assert parts_of(39569, "002") == {24923, 12645, 2000, 3718, 35851}  # types, then levels
    assert parts_of(3264, "001") == {1500}  # "3264 аппарата ИВЛ (1500 отечественных)"


def test_same_indicator_across_documents_and_languages(data_graph: Graph, seed_graph: Graph) -> None:
    tele = URIRef(ID + "indicator/teleconsultation")
    languages = {l.language for l in data_graph.objects(tele, RDFS.label)}
    assert languages == {"en", "ru", "kk"}
    files = {str(data_graph.value(m, T.PREFIXES["prov"].wasDerivedFrom)).rsplit("/", 1)[1][:2]
             for m in data_graph.subjects(T.indicator, tele)}
    assert files == {"en", "ru", "kk"}
    # "районных больниц" (seed 001), "district hospitals" and "аудандық аурухана" (test articles)
    hospitals = URIRef(ID + "indicator/district-hospital")
    both = {l.language for g in (data_graph, seed_graph) for l in g.objects(hospitals, RDFS.label)}
    assert both == {"en", "ru", "kk"}
    assert (None, T.indicator, hospitals) in seed_graph and (None, T.indicator, hospitals) in data_graph
    labels = {str(l) for ind in seed_graph.subjects(RDF.type, T.Indicator) for l in seed_graph.objects(ind, RDFS.label)}
    assert "объекты здравоохранения" in labels and "районные больницы" in labels
    for label in labels:  # readable: words of the text, not transliteration
        assert not re.search(r"[a-z]+-[a-z]+-[a-z]+", label.replace("x-ray", "")) or " " in label, label


def test_periods_resolve_against_the_document_date(seed_graph: Graph) -> None:
    from kg.check.consistency import period_of

    def period_at(file_prefix: str, value: int) -> set[str]:
        # A range is tm:periodStart/tm:periodEnd now (was one "2004/2011" string); period_of joins them.
        return {period_of(seed_graph, m) for m in seed_graph.subjects(T.value, Literal(Decimal(value), datatype=T.PREFIXES["xsd"].decimal))
                if f"/metric/{file_prefix}" in str(m)}

    assert period_at("002", 39569) == {"2025-12-17"}  # "За время реализации проекта", dated 2025-12-17
    assert period_at("000", 40) == {"2025"}  # "this year", dated 2025-12-10
    assert period_at("003", 43) == {"2025-11"}  # "by November", after "In 2025"
    assert period_at("001", 175) == {"2004/2011"}  # "за период с 2004-2011 годы"
    assert period_at("001", 233) == {"2017/2021"}  # Table 3's caption "(2017-2021 гг.)"


# --- the articles written for the tests -----------------------------------------------------------
def test_recall_and_precision_on_the_test_articles() -> None:
    score = EVAL.evaluate(DATA)
    assert score.total("expected") >= 60 and len(score.docs) >= 6
    assert {d.doc[:2] for d in score.docs} == {"en", "ru", "kk"}
    misses = [line for d in score.docs for kind in ("misses", "wrong", "spurious") for line in getattr(d, kind)]
    assert score.recall >= 0.85, misses
    assert score.precision >= 0.90, misses
    assert not [t for d in score.docs for t in d.traps]


def test_test_articles_conform_to_the_shapes(data_build: BuildResult) -> None:
    report = validate(data_build.dataset)
    assert report.conforms, report.summary()


# --- one sentence per form ---------------------------------------------------------------------
MINI: dict[str, tuple[str, str]] = {
    # name: (text, language)
    "en_grouping": ("The “Alpha” project in Kyrgyzstan held 1,200 teleconsultations and spent $50,000.", "en"),
    "en_million": ("The Asian Development Bank approved a US$ 12.5 million grant for the “Beta” project in Tajikistan.", "en"),
    "en_euro": ("The European Union will provide €3.2m to the “Gamma” programme in Uzbekistan.", "en"),
    "en_bn": ("The “Delta” pilot in Uzbekistan cost UZS 145 bn.", "en"),
    "en_words": ("The “Epsilon” project in Kyrgyzstan trained five nurses; a surgeon arrived nine hours later.", "en"),
    "en_percent": ("In Kyrgyzstan, 51.7% of villages and about 62 % of clinics have internet.", "en"),
    "en_bounds": ("The “Zeta” project in Tajikistan reached more than 300 doctors, nearly 40 clinics and up to 12 districts.", "en"),
    "en_range": ("In Uzbekistan a kit costs between $100,000 and $250,000; twins were born at 33–34 weeks.", "en"),
    "en_noise": ("In 2016 Figure 2 of section 3 showed COVID-19 data [17]; call +996 312 62 45 10 on 12 December 2024 "
                 "about a seven-month-old girl in Kyrgyzstan.", "en"),
    "ru_space": ("Проект «Альфа» в Казахстане оказал 39 569 дистанционных медицинских услуг.", "ru"),
    "ru_decimal": ("В Казахстане охват составил 94,3% сёл и 86,7 % больниц.", "ru"),
    "ru_scale": ("В Казахстане закуплено оборудование на 75 млрд тенге и проведено 6 млн консультаций.", "ru"),
    "ru_thousand": ("Программа «Бета» в Казахстане провела более 20 тысяч исследований и 45,7 тыс. осмотров.", "ru"),
    "ru_words": ("Пилот «Гамма» в Казахстане охватил девять регионов и объединил семь поставщиков.", "ru"),
    "ru_bounds": ("Проект «Дельта» в Кыргызстане обучил свыше 300 врачей, около 40 акушерок и до 12 фельдшеров.", "ru"),
    "ru_range": ("В Казахстане разрыв между регионами значителен: от 0 до 22 объектов.", "ru"),
    "ru_noise": ("В 2021 году (таблица 3, рисунок 2) в начале 20-го века [5] телефон 8 (7252) 40-12-12.", "ru"),
    "ru_breakdown": ("Проект «Эпсилон» в Казахстане объединяет 217 объектов. В том числе: 118 районных больниц, "
                     "36 областных больниц и 27 республиканских клиник.", "ru"),
    "kk_words": ("«Сау ел» жобасы Қазақстанда тоғыз өңірді және жеті жеткізушіні біріктірді.", "kk"),
    "kk_bounds": ("«Сау ел» жобасы аясында Қазақстанда 18 500-ден астам қашықтықтан кеңес берілді, оның ішінде 6 200 кеңес балаларға арналды.", "kk"),
    "kk_money": ("Қазақстанда жобаға 1,2 млрд теңге бөлінді.", "kk"),
    "en_this_year": ("This year the “Eta” project in Kyrgyzstan held 4,100 teleconsultations.", "en"),
    "en_conflict_a": ("In 2023 the “Theta” project in Kyrgyzstan connected 120 district hospitals.", "en"),
    "en_conflict_b": ("In 2023 the “Theta” project in Kyrgyzstan connected 150 district hospitals.", "en"),
    "en_no_conflict": ("In 2022 the “Theta” project in Kyrgyzstan connected 90 district hospitals.", "en"),
    "en_exceeds": ("The “Iota” project in Kyrgyzstan trained 100 nurses, including 80 in Osh region and 45 in Naryn region.", "en"),
}


@pytest.fixture(scope="module")
def mini(tmp_path_factory: pytest.TempPathFactory) -> tuple[Graph, dict[str, list[tuple]]]:
    folder = tmp_path_factory.mktemp("mini")
    meta = {"documents": {f"{name}.txt": {"date": "2024-05-20", "languages": [lang]}
                          for name, (_, lang) in MINI.items()}}
    (folder / "metadata.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    for name, (text, _) in MINI.items():
        (folder / f"{name}.txt").write_text(text + "\n", encoding="utf-8")
    graph = union_graph(build_graph([folder]).dataset)
    by_doc: dict[str, list[tuple]] = {}
    for m in graph.subjects(RDF.type, T.Metric):
        doc = str(graph.value(m, T.PREFIXES["prov"].wasDerivedFrom)).rsplit("/", 1)[1]
        rng = graph.value(m, T.rangeMax)
        by_doc.setdefault(doc, []).append((
            float(graph.value(m, T.value).toPython()), str(graph.value(m, T.unit)).rsplit("/", 1)[1],
            str(graph.value(m, T.bound)).rsplit("#", 1)[1], str(graph.value(m, T.indicator)).rsplit("/", 1)[1],
            float(rng.toPython()) if rng is not None else None))
    return graph, by_doc


@pytest.mark.parametrize(("doc", "value", "unit", "bound", "indicator"), [
    ("en_grouping", 1200, "count", "exact", "teleconsultation"),
    ("en_grouping", 50000, "USD", "exact", "spending"),
    ("en_million", 12_500_000, "USD", "exact", "grant"),
    ("en_euro", 3_200_000, "EUR", "exact", "funding"),
    ("en_bn", 145_000_000_000, "UZS", "exact", "cost"),
    ("en_words", 5, "count", "exact", "nurse"),
    ("en_words", 9, "count", "exact", "hour"),
    ("en_percent", 51.7, "percent", "exact", "village"),
    ("en_percent", 62, "percent", "approximately", "clinic"),
    ("en_bounds", 300, "count", "atLeast", "doctor"),
    ("en_bounds", 40, "count", "approximately", "clinic"),
    ("en_bounds", 12, "count", "atMost", "district"),
    ("ru_space", 39569, "count", "exact", "remote-medical-service"),
    ("ru_decimal", 94.3, "percent", "exact", "village"),
    ("ru_decimal", 86.7, "percent", "exact", "hospital"),
    ("ru_scale", 75_000_000_000, "KZT", "exact", "equipment"),
    ("ru_scale", 6_000_000, "count", "exact", "consultation"),
    ("ru_thousand", 20000, "count", "atLeast", "test"),
    ("ru_thousand", 45700, "count", "exact", "examination"),
    ("ru_words", 9, "count", "exact", "region"),
    ("ru_words", 7, "count", "exact", "provider"),
    ("ru_bounds", 300, "count", "atLeast", "doctor"),
    ("ru_bounds", 40, "count", "approximately", "midwife"),
    ("ru_bounds", 12, "count", "atMost", "feldsher"),
    ("kk_words", 9, "count", "exact", "region"),
    ("kk_words", 7, "count", "exact", "provider"),
    ("kk_bounds", 18500, "count", "atLeast", "teleconsultation"),
    ("kk_bounds", 6200, "count", "exact", "consultation"),
    ("kk_money", 1_200_000_000, "KZT", "exact", "funding"),
])
def test_number_forms(mini: tuple, doc: str, value: float, unit: str, bound: str, indicator: str) -> None:
    _, by_doc = mini
    assert (value, unit, bound, indicator) in {m[:4] for m in by_doc.get(doc, [])}, by_doc.get(doc)


def test_ranges_are_min_max_pairs(mini: tuple) -> None:
    _, by_doc = mini
    assert {(m[0], m[4], m[1]) for m in by_doc["en_range"]} == {(100000.0, 250000.0, "USD"), (33.0, 34.0, "count")}
    assert {(m[0], m[4]) for m in by_doc["ru_range"]} == {(0.0, 22.0)}


def test_years_references_dates_phones_and_ages_are_not_metrics(mini: tuple) -> None:
    _, by_doc = mini
    assert "en_noise" not in by_doc and "ru_noise" not in by_doc, by_doc


def test_this_year_is_the_document_year(mini: tuple) -> None:
    graph, _ = mini
    metric = URIRef(ID + "metric/en_this_year-" + str(MINI["en_this_year"][0].index("4,100")))
    assert graph.value(metric, T.period) == Literal("2024", datatype=T.PREFIXES["xsd"].gYear)


def test_consistency_reports_conflicts_and_breakdowns_that_exceed(mini: tuple) -> None:
    graph, _ = mini
    findings = check_metrics(graph)
    conflicts = [f for f in findings if f.kind == "conflict"]
    assert len(conflicts) == 1  # 120 vs 150 in 2023; 90 is 2022
    assert {q.split(" @")[0] for q in conflicts[0].quotes} == {"en_conflict_a.txt", "en_conflict_b.txt"}
    assert "120 district hospitals" in " ".join(conflicts[0].quotes) and "150" in conflicts[0].message
    exceeds = [f for f in findings if f.kind == "breakdown-exceeds"]
    assert len(exceeds) == 1 and "125" in exceeds[0].message and "100" in exceeds[0].message


def test_consistency_on_the_seeds(seed_build: BuildResult) -> None:
    findings = check_consistency(seed_build.dataset)
    # "В том числе: 118 ..., 36 ...; 27 ... и других организаций" names some of the 217, not all:
    # 181 < 217 is no finding. The seeds hold no two documents that disagree either.
    assert findings == [], [f.line() for f in findings]
    # Table 2 adds up; 217 (undated) and 233 (Table 3, 2017-2021) are different periods.
    for finding in findings:
        assert not ("217" in finding.message and "233" in finding.message), finding.line()
        assert "Итого" not in " ".join(finding.quotes)
