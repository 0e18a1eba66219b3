"""Who builds or pays, said the ways real articles say it, and the event an article reports with nothing
to name it by (issue 13). Every sentence here was written for this test."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract.lexicon import Lexicon
from tests.extract.test_realtext_events import labels_of
from tests.extract.test_realtext_patterns import ID, extract, has


@pytest.mark.parametrize("text, payer", [
    # a donor that builds, repairs or equips pays for the works
    ("KOICA built a new hospital in Namangan.", "funder/koica"),
    ("Фонд Ага Хана отремонтировал родильный дом в Пенджикенте.", "funder/aga-khan-foundation"),
    # another country of the region that builds pays too
    ("Uzbekistan will build a 200-bed medical complex in Khatlon region.", "funder/government-of-uzbekistan"),
    # a donor country's adjective before money is its government
    ("The hospital in Osh was built with Chinese funding.", "funder/government-of-china"),
    ("Больница в Оше построена за счёт японского гранта.", "funder/government-of-japan"),
    # an organisation's name right before its support or money
    ("With JICA support, the Osh maternity hospital received new equipment.", "funder/jica"),
    ("The World Bank loan will finance the Osh hospital works.", "funder/world-bank"),
    # the active verb of paying, also with a modal
    ("Germany will fund the construction of a 150-bed TB hospital in Bishkek.", "funder/government-of-germany"),
])
def test_who_builds_or_pays_funds_the_works(tmp_path: Path, lexicon: Lexicon, text: str, payer: str) -> None:
    assert has(extract(tmp_path, lexicon, text), "*", "fundedBy", payer)


@pytest.mark.parametrize("text, not_payer", [
    # what an organisation built before is background
    ("The platform is run by Navro Digital, a firm that previously built a registry for the ministry.",
     "navro digital"),
    # signing with a neighbour is no payment
    ("Проект «Чистые руки» работает в Таджикистане. По проекту Таджикистан подписал соглашение с Узбекистаном.",
     "funder/government-of-uzbekistan"),
])
def test_background_and_signatures_pay_for_nothing(tmp_path: Path, lexicon: Lexicon, text: str,
                                                   not_payer: str) -> None:
    assert not has(extract(tmp_path, lexicon, text), "*", "fundedBy", not_payer)


def test_the_eu_funded_list_keeps_its_implementers(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "The programme “Open Valleys” (WHO/UNFPA, EU-funded) reaches five districts.")
    assert has(facts, "Open Valleys", "implementedBy", "funder/unfpa")
    assert has(facts, "Open Valleys", "fundedBy", "funder/european-union")
    assert not has(facts, "Open Valleys", "fundedBy", "funder/unfpa")


@pytest.mark.parametrize("text, label", [
    ("Тұрар ауылында жаңа медициналық нысан пайдалануға берілді.", "ашылу (Тұрар ауылы)"),
    ("Помощь доставлена в Туркестан.", "поставки (Туркестан)"),
])
def test_an_event_with_only_its_place_is_the_article_s_programme(tmp_path: Path, lexicon: Lexicon, text: str,
                                                                  label: str) -> None:
    facts = extract(tmp_path, lexicon, text)
    assert labels_of(facts, "programme") == {label}
    assert any(m.rule == "implied-event-programme" for m in facts.mentions)
    assert any(r.predicate == "operatesIn" and r.object.startswith(ID + "region/") for r in facts.relations)


@pytest.mark.parametrize("text", [
    "The delegation received a warm welcome in Khatlon Region of Tajikistan.",
    "Әкімдік Талдықорған қаласының ауруханасына хат жіберді.",
])
def test_a_delivery_or_a_purchase_must_be_of_aid(tmp_path: Path, lexicon: Lexicon, text: str) -> None:
    assert not labels_of(extract(tmp_path, lexicon, text), "programme")


@pytest.mark.parametrize("text, facility", [
    ("Equipment was handed over to family polyclinic No. 17 in Tashkent.", "family polyclinic No. 17"),
    ("USAID equipped the Central Reference Laboratory (CRL) in Almaty.", "Central Reference Laboratory"),
    ("Оборудование получила больница в селе Тавилдара.", "больница в селе Тавилдара"),
    ("Реанимобиль передан в перинатальную больницу в г.Ош.", "перинатальная больница в г.Ош"),
    ("Поликлиника на 250 мест построена в Атырау.", "поликлиника на 250 мест"),
    # a speciality makes a centre a place of care, even a scientific one
    ("Оборудование передано Республиканскому научному центру крови.", "Республиканский научный центр крови"),
    ("Өскемендегі гематология орталығының құрылысы аяқталуға жақын.", "Өскемендегі гематология орталық"),
    ("Ахмер шағынауданында жаңа дәрігерлік амбулатория салынады.", "Ахмер шағынауданындағы дәрігерлік амбулатория"),
    # an ambulance station is a place of care in every language
    ("The emergency medical aid station in Tamchi village was built by a charity.",
     "emergency medical aid station in Tamchi village"),
    ("Қызылорда қаласында жаңа жедел жәрдем станциясы салынды.", "Қызылорда қаласындағы жедел жәрдем станция"),
    # a city the reference data knows, then its head word in the located case
    ("Алматы қаласындағы университеттік аурухана салынады.", "Алматы қаласындағы университеттік аурухана"),
    # one facility of a stated kind where something is done to it or handed over
    ("UNICEF handed over ventilators to the regional children's hospital.", "regional children's hospital"),
    ("The district hospital was renovated by the Aga Khan Foundation.", "district hospital"),
])
def test_facilities_as_real_articles_write_them(tmp_path: Path, lexicon: Lexicon, text: str, facility: str) -> None:
    assert facility in labels_of(extract(tmp_path, lexicon, text), "facility")


@pytest.mark.parametrize("text", [
    "The regional hospital is the largest in the valley.",  # nothing is done to it
    "The district hospitals received masks.",  # several
])
def test_a_kind_alone_is_no_facility(tmp_path: Path, lexicon: Lexicon, text: str) -> None:
    assert not labels_of(extract(tmp_path, lexicon, text), "facility")


def test_a_kind_word_names_no_district(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "Equipment was delivered to the Central District hospitals of Danghara.")
    assert "Central district" not in labels_of(facts, "region")


def test_a_gloss_between_a_quoted_name_and_its_class_word(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "The polyclinic was built under the “Bog‘li qishloq” (Garden village) program.")
    assert "Bog‘li qishloq" in labels_of(facts, "programme")


def test_the_cdc_is_a_donor_not_a_facility(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "The US Centers for Disease Control and Prevention (CDC) donated tests to "
                                       "Kazakhstan.")
    assert has(facts, "*", "fundedBy", "funder/cdc")
    assert not labels_of(facts, "facility")


def test_a_size_beside_the_facility_of_an_unnamed_event_is_the_facility_s(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "A 300-bed hospital was built in Namangan with 12 operating rooms.")
    [facility] = [iri for iri, r in facts.entities.items() if r.cls == "facility"]
    assert any(m.about == facility and m.value == 12 for m in facts.metrics)


@pytest.mark.parametrize("text, programmes", [
    ("New hospitals for Mary and Lebap\n\nA cardiology centre in Mary\n\nThe company Berkarar will build a "
     "150-bed cardiology centre in Mary.\n\nA children's hospital in Turkmenabat\n\nA 200-bed children's hospital "
     "will be constructed in Turkmenabat.\n", 2),
    # works on another facility in a sentence of their own, under one heading, are another undertaking too
    ("New hospitals for Mary\n\nThe company Berkarar will build a 150-bed cardiology centre in Mary. A 200-bed "
     "children's hospital will be constructed in Mary too.\n", 2),
    ("В Кулябе построили поликлинику на 200 посещений. В селе Ворух открыли фельдшерско-акушерский пункт.", 2),
    ("Ақтөбеде 200 орындық көпбейінді аурухана салынды. Ноғайты ауылында фельдшерлік-акушерлік пункт пайдалануға берілді.", 2),
    # the same facility named again, longer or shorter, is still one
    ("The Regional Hospital of Urmetan was built by a local firm. The construction of the Regional Hospital "
     "cost $2 million.", 1),
    # laying a foundation starts works: 'заложил фундамент'
    ("Глава области заложил фундамент нового Перинатального центра в Худжанде. Также введены в эксплуатацию "
     "новые корпуса Областного онкологического центра.", 2),
])
def test_works_on_each_facility_are_undertakings_of_their_own(tmp_path: Path, lexicon: Lexicon, text: str,
                                                                        programmes: int) -> None:
    facts = extract(tmp_path, lexicon, text)
    unnamed = {m.iri for m in facts.mentions if m.rule == "implied-works-programme"}
    assert len(unnamed) == programmes
    assert all(any(r.subject == iri and r.predicate.endswith("involvesFacility") for r in facts.relations)
               for iri in unnamed)


@pytest.mark.parametrize("text", ["Көкшетауда «Kokshetau MALL» ойын-сауық орталығы салынып жатыр.",
                                  "В Ташкенте построили торговый центр «Mega».",
                                  "A new Osh Shopping Centre was built last year.",
                                  # a district's seat
                                  "A school was opened in Karatau, the administrative center of Talas district.",
                                  "В административном центре Аштского района построили школу."])
def test_a_centre_for_shopping_or_leisure_is_no_facility(tmp_path: Path, lexicon: Lexicon, text: str) -> None:
    facts = extract(tmp_path, lexicon, text)
    assert not [r for r in facts.entities.values() if r.cls == "facility"]


@pytest.mark.parametrize("text, value", [
    ("Шиелі аудандық ауруханасы жаңа ғимаратқа көшті. Жаңа нысан 20 орын балаларға арналған.", 20),
    ("A 120-bed Regional Children's Hospital was built in Jalal-Abad. The building has 12 wards.", 12),
])
def test_beds_and_wards_after_the_facility_are_the_facility_s(tmp_path: Path, lexicon: Lexicon, text: str,
                                                             value: int) -> None:
    facts = extract(tmp_path, lexicon, text)
    [facility] = [iri for iri, r in facts.entities.items() if r.cls == "facility"]
    assert any(m.about == facility and m.value == value for m in facts.metrics)


def test_visits_a_polyclinic_takes_are_the_facility_s(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "Uzbekistan 2 May 2024\n\nThe minister toured the regional diagnostic centre "
                                       "“Shifo”, in Namangan.\n\nThe centre opens a new chapter for the region. The $40 "
                                       "million project comprised 3 blocks and new wards. Its devices came from Korea.\n\n"
                                       "A ward block for 60 adult beds, a consulting wing for 900 visits are set up here. "
                                       "Both will start next spring.\n")
    [visits] = [m for m in facts.metrics if m.value == 900]
    assert visits.about is not None and facts.entities[visits.about].cls == "facility"


def test_a_loan_is_the_first_programme_s_not_the_country_s(tmp_path: Path, lexicon: Lexicon) -> None:
    # the project is named only five sentences on, and a second one follows it
    facts = extract(tmp_path, lexicon, "The bank approved a $45 million loan to improve rural clinics in Uzbekistan. "
                                       "The project will bring services closer to people. Doctors will be trained. "
                                       "Nurses will be trained too. The clinics will get new equipment. The Rural "
                                       "Clinics Improvement Project will also build new clinics. A digital health "
                                       "information system will be introduced.")
    [loan] = [m for m in facts.metrics if m.value == 45_000_000]
    assert loan.about is not None and facts.entities[loan.about].cls == "programme"


@pytest.mark.parametrize("text, facility", [
    ("Республиканский центр спортивной медицины получил оборудование.", "Республиканский центр спортивной медицины"),
    ("The Sports Medicine Centre in Almaty was renovated.", "Sports Medicine Centre"),
])
def test_a_centre_of_a_kind_of_medicine_is_a_facility_whatever_else_it_is(tmp_path: Path, lexicon: Lexicon, text: str,
                                                                          facility: str) -> None:
    assert facility in labels_of(extract(tmp_path, lexicon, text), "facility")


@pytest.mark.parametrize("text, builder", [
    ("В Матчинском районе начато строительство центральной больницы. Строительство финансирует Управление "
     "капитального строительства Согдийской области, подрядчиком является Общество с ограниченной "
     "ответственностью «Сохтмон-З».", "Сохтмон-З"),
    ("В Матчинском районе начато строительство центральной больницы. Подрядчиком является ООО «Сохтмон-З».",
     "Сохтмон-З"),
    ("New rehabilitation centres were opened in Ashgabat. The Turkish company GAP Insaat acted as a general "
     "contractor for both projects.", "GAP Insaat"),
    ("A new outpatient clinic has been opened in Karatau. Corporation ZhilStroi-Taraz LLP was responsible for the "
     "project.", "Corporation ZhilStroi-Taraz"),
    ("В Душанбе открыт диагностический центр. Строительные работы были выполнены компанией ООО «Файзи Джавони».",
     "Файзи Джавони"),
])
def test_the_builder_implements_the_works(tmp_path: Path, lexicon: Lexicon, text: str, builder: str) -> None:
    facts = extract(tmp_path, lexicon, text)
    [iri] = [i for i, r in facts.entities.items() if r.cls == "funder" and builder in r.labels.values()]
    assert any(r.predicate == "implementedBy" and r.object == iri for r in facts.relations)
    assert not [r for r in facts.entities.values() if r.cls == "funder" and set(r.labels.values()) <= {"ООО", "LLP"}]


def test_a_facility_is_in_every_place_its_name_holds(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "Центр общеврачебной практики Тонского района Иссык-Кульской области получит "
                                       "оборудование.")
    [facility] = [iri for iri, r in facts.entities.items() if r.cls == "facility"]
    places = {facts.entities[r.object].label("ru") for r in facts.relations
              if r.subject == facility and r.predicate == "locatedIn"}
    assert {"Тонский район", "Иссык-Кульская область"} <= places


@pytest.mark.parametrize("text", [
    "The Clean Wards project is implemented by a consortium led by UNICEF and including WHO, UNFPA, and the Aga Khan "
    "Foundation.",
    # the Oxford comma before the last member, and words after it
    "The Clean Wards project is implemented by UNICEF, WHO, UNFPA, and the Aga Khan Foundation in two districts of Osh.",
    "Проект «Чистые палаты» в Оше реализуют ЮНИСЕФ, в том числе ВОЗ и ЮНФПА.",
])
def test_every_member_of_an_implementing_list_implements(tmp_path: Path, lexicon: Lexicon, text: str) -> None:
    facts = extract(tmp_path, lexicon, text)
    members = {"unicef", "who", "unfpa"} | ({"aga-khan-foundation"} if "Aga Khan" in text else set())
    found = {r.object.rsplit("/", 1)[1] for r in facts.relations if r.predicate == "implementedBy"}
    assert members <= found, found


# Who builds is who carries the works out; what stands before the builder's name is no organisation: a
# nationality ('the Turkmen company X') or a legal form written out ('Обществом с ограниченной ответственностью «X»').
@pytest.mark.parametrize("text, programme, builder", [
    ("The Healthy Steppe project is financed by the World Bank. Its new polyclinic was built by the Turkmen company "
     "Ak Yol Gurlushyk.", "Healthy Steppe", "Ak Yol Gurlushyk"),
    ("The Healthy Steppe project is financed by the World Bank. The polyclinic is being built by Korean contractor "
     "Hanbit Engineering.", "Healthy Steppe", "Hanbit Engineering"),
    ("Проект «Здоровая мать» финансирует Всемирный банк. Строительные работы на объекте проделаны Обществом с "
     "ограниченной ответственностью «Бинокор».", "Здоровая мать", "Бинокор"),
    ("Проект «Здоровая мать» финансирует Всемирный банк. Строительство будет вести государственное предприятие "
     "«Курулуш».", "Здоровая мать", "Курулуш"),
    ("Проект «Здоровая мать» финансирует Всемирный банк. Новый центр создан компанией Medline Systems.",
     "Здоровая мать", "Medline Systems"),
])
def test_who_does_the_building_work_carries_it_out(tmp_path: Path, lexicon: Lexicon, text: str, programme: str,
                                                   builder: str) -> None:
    facts = extract(tmp_path, lexicon, text)
    assert has(facts, programme, "implementedBy", builder)
    assert not {"Turkmen", "Korean", "Обществом"} & labels_of(facts, "funder")
