"""Names as real articles write them (issue 13), found on the eleventh unseen set after its first
contact: a programme called by a code, a lower-case quoted title next to its programme word, an
'e-' system, a facility whose district follows it in the genitive. Every sentence here was written
for this test; none is taken from an article."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract.lexicon import Lexicon
from tests.extract.test_realtext_events import labels_of, programmes
from tests.extract.test_realtext_patterns import ID, extract, has


@pytest.mark.parametrize("text, name", [
    ("The European Union funds the TRACE-3 project in Turkmenistan.", "TRACE-3"),
    ("The European Union funds the DHIS2 platform in Turkmenistan.", "DHIS2"),
    ("Евросоюз финансирует проект TRACE-3 в Туркменистане.", "TRACE-3"),
    ("Еуропалық одақ TRACE-3 жобасын Түрікменстанда қаржыландырады.", "TRACE-3"),
])
def test_a_code_next_to_a_programme_word_names_the_programme(tmp_path: Path, lexicon: Lexicon, text: str,
                                                             name: str) -> None:
    facts = extract(tmp_path, lexicon, text)
    assert name in labels_of(facts, "programme")
    assert has(facts, name, "fundedBy", "funder/european-union")


@pytest.mark.parametrize("text", [
    "The UNDP project equips clinics in Dashoguz.",
    "Проект ПРООН оснащает клиники Дашогуза.",
    "Этот проект NASA помогал сельским клиникам.",  # letters alone: an organisation the lexicon lacks
])
def test_an_organisations_acronym_before_project_is_its_owner_not_its_name(tmp_path: Path, lexicon: Lexicon,
                                                                          text: str) -> None:
    facts = extract(tmp_path, lexicon, text)
    assert not {"UNDP", "ПРООН", "NASA"} & labels_of(facts, "programme")


@pytest.mark.parametrize("text, name", [
    ("Облыста «ауыл денсаулығын нығайту» жобасы шеңберінде 12 нысан салынады.", "ауыл денсаулығын нығайту"),
    ("В области по проекту «здоровое село» построят 12 медпунктов.", "здоровое село"),
])
def test_a_lower_case_quote_next_to_its_programme_word_is_a_name(tmp_path: Path, lexicon: Lexicon, text: str,
                                                                name: str) -> None:
    facts = extract(tmp_path, lexicon, text)
    assert name in {label.lower() for label in labels_of(facts, "programme")}


def test_a_lower_case_quote_with_no_programme_word_next_to_it_is_no_name(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "Врачи назвали проект удачным, а пациенты говорят о «быстрой помощи».")
    assert "быстрой помощи" not in {label.lower() for label in labels_of(facts, "programme")}


def test_an_e_prefixed_register_is_a_system(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "The ministry launched an e-register of patients with diabetes in Mary.")
    assert any("e-register" in label for label in labels_of(facts, "programme"))
    assert "introduced-programme" in programmes(facts).values()


@pytest.mark.parametrize("text, facility, district", [
    ("Новое оборудование получила центральная больница Файзабадского района.",
     "центральная больница Файзабадского района", "Файзабадский район"),
    ("Оснащён родильный дом района Кушониён в Хатлонской области.", "родильный дом района Кушониён", "Кушониён"),
])
def test_a_russian_facility_with_its_district_in_the_genitive(tmp_path: Path, lexicon: Lexicon, text: str,
                                                              facility: str, district: str) -> None:
    facts = extract(tmp_path, lexicon, text)
    assert facility in labels_of(facts, "facility")
    assert has(facts, facility, "locatedIn", district)


def test_a_plural_adjective_before_the_head_is_many_facilities(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "Оборудование получили центральные больницы Файзабадского района.")
    assert not labels_of(facts, "facility")


def test_a_plural_kind_announced_over_a_list_of_villages_is_one_facility_in_each(tmp_path: Path,
                                                                                 lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "Также будут построены медицинские пункты:\n- с. Кумсай, Камыстинского района,\n"
                                       "- с.Акбулак, Аулиекольского района.")
    assert {"медицинский пункт в с. Кумсай", "медицинский пункт в с.Акбулак"} <= labels_of(facts, "facility")
    assert has(facts, "медицинский пункт в с. Кумсай", "locatedIn", "Кумсай")
    assert has(facts, "Кумсай", "locatedIn", "Камыстинский район")
    assert not has(facts, "Кумсай", "locatedIn", "Акбулак")


def test_a_shortened_village_word_names_the_village(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "Новый ФАП откроется в с.Жайлау Карасуского района.")
    assert has(facts, "Жайлау", "locatedIn", "Карасуский район")


def test_a_list_of_districts_after_a_settlement_word_is_no_chain(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "Проект работает в районах Шурообод, Хамадони и Мургаб.")
    assert not [r for r in facts.relations if r.predicate == "locatedIn"]


@pytest.mark.parametrize("text, facilities, place", [
    ("Жаңа аппараттар Шардара, Келес және Созақ аудандық орталық ауруханаларына берілді.",
     {"Шардара аудандық орталық ауруханасы", "Келес аудандық орталық ауруханасы", "Созақ аудандық орталық ауруханасы"},
     None),
    ("Бүгін Тасты, Бадам және Ақжар ауылдарында ФАП ашылды.",
     {"Тасты ауылындағы ФАП", "Бадам ауылындағы ФАП", "Ақжар ауылындағы ФАП"}, ("Бадам ауылындағы ФАП", "Бадам")),
    ("№2, №5 және №7 емханалар екі машинадан алады.", {"№2 емхана", "№5 емхана", "№7 емхана"}, None),
])
def test_a_kazakh_plural_kind_over_listed_names_is_one_facility_each(tmp_path: Path, lexicon: Lexicon, text: str,
                                                                    facilities: set[str],
                                                                    place: tuple[str, str] | None) -> None:
    facts = extract(tmp_path, lexicon, text)
    assert facilities <= labels_of(facts, "facility")
    if place is not None:
        assert has(facts, place[0], "locatedIn", place[1])


def test_names_before_a_district_adjective_name_their_districts(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "Жаңа аппараттар Келес және Созақ аудандық ауруханаларына берілді.")
    assert {"Келес ауданы", "Созақ ауданы"} <= labels_of(facts, "region")
    assert has(facts, "Келес аудандық ауруханасы", "locatedIn", "Келес ауданы")


@pytest.mark.parametrize("text, found", [
    ("Мақтаарал аудандық ауруханасы екі көлік алады.", True),
    ("Жаңа аудандық ауруханасы екі көлік алады.", False),  # 'new' opens the sentence; it names nothing
])
def test_a_kazakh_facility_name_may_open_the_sentence(tmp_path: Path, lexicon: Lexicon, text: str,
                                                     found: bool) -> None:
    facts = extract(tmp_path, lexicon, text)
    assert ("Мақтаарал аудандық ауруханасы" in labels_of(facts, "facility")) is found
    assert found or not labels_of(facts, "facility")


def test_a_single_kazakh_village_list_without_a_facility_word_makes_no_facility(tmp_path: Path,
                                                                             lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "Тасты, Бадам және Ақжар ауылдарында жол жөнделді.")
    assert not labels_of(facts, "facility")


@pytest.mark.parametrize("text, iri", [
    ("В Карагандинской области 40 машин скорой помощи куплены за счёт средств областного бюджета.",
     "funder/regional-budget-kz-karaganda-region"),
    ("Атырау облысында облыстық бюджет есебінен 40 жедел жәрдем көлігі сатып алынды.",
     "funder/regional-budget-kz-atyrau-region"),
    ("In Atyrau region 40 ambulances were bought with money from the local budget.", "funder/local-budget-kz-atyrau-region"),
    ("In Atyrau and Mangystau regions of Kazakhstan 40 ambulances were funded by the state budget.",
     "funder/national-budget-kz"),
])
def test_a_budget_named_by_its_level_is_its_owners_payer(tmp_path: Path, lexicon: Lexicon, text: str, iri: str) -> None:
    facts = extract(tmp_path, lexicon, text)
    assert ID + iri in facts.entities
    assert has(facts, "*", "fundedBy", iri)


def test_a_budget_of_no_known_owner_is_no_payer(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "Ауылда облыстық бюджет есебінен жаңа амбулатория салынды.")
    assert not [iri for iri in facts.entities if "budget" in iri]


@pytest.mark.parametrize("text", [
    "В Бишкек доставлен гуманитарный груз, он передан Национальному центру онкологии и гематологии.",
    "Medical equipment was handed over to the Republican Clinical Hospital in Bishkek.",
])
def test_aid_delivered_to_a_facility_is_the_articles_event(tmp_path: Path, lexicon: Lexicon, text: str) -> None:
    facts = extract(tmp_path, lexicon, text)
    assert "implied-works-programme" in programmes(facts).values()
    assert any(r.predicate == "involvesFacility" for r in facts.relations)


def test_works_come_before_a_delivery(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "Оборудование передано Национальному центру онкологии. В Оше идёт строительство "
                                       "Ошской областной больницы.")
    assert [label for label in labels_of(facts, "programme") if label.startswith("работы")]


@pytest.mark.parametrize("text, facility, place", [
    ("Оборудование получит клиника Самаркандского медицинского института.",
     "клиника Самаркандского медицинского института", "region/uz-samarkand-region"),
    ("Фонд оснастит клинику Ташкентской медицинской академии.", "клиника Ташкентской медицинской академии", None),
])
def test_an_institutes_own_clinic_is_one_facility(tmp_path: Path, lexicon: Lexicon, text: str, facility: str,
                                                  place: str | None) -> None:
    facts = extract(tmp_path, lexicon, text)
    assert facility in labels_of(facts, "facility")
    assert place is None or has(facts, facility, "locatedIn", place)


def test_clinics_of_an_institute_are_no_one_facility(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "Три клиники Самаркандского медицинского института получат оборудование.")
    assert not labels_of(facts, "facility")


@pytest.mark.parametrize("text, country", [
    ("Ауылда «Сау ауыл» жобасы аясында жаңа амбулатория ашылды. Құрылысқа 120 миллион теңге жұмсалды.", "KZ"),
    ("В селе по программе «Здоровое село» открыт медпункт стоимостью 2 млн сомони.", "TJ"),
])
def test_money_in_one_countrys_currency_places_an_article_that_names_no_country(tmp_path: Path, lexicon: Lexicon,
                                                                                text: str, country: str) -> None:
    facts = extract(tmp_path, lexicon, text)
    placed = [r for r in facts.relations if r.predicate == "operatesIn" and r.object == ID + "country/" + country]
    assert placed and {r.evidence.rule for r in placed} == {"currency-country"}


def test_a_named_country_outweighs_the_currency(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "В Кыргызстане по программе «Здоровое село» открыт медпункт за 300 тысяч тенге.")
    assert has(facts, "Здоровое село", "operatesIn", "country/KG")
    assert not has(facts, "Здоровое село", "operatesIn", "country/KZ")


@pytest.mark.parametrize("text, facility", [
    ("Атырау облысында кәсіпкерлер облыстық ауруханаға 10 оттегі концентраторын сыйға тартты.",
     "облыстық аурухана (Атырау облысы)"),
    ("В Атырауской области областная детская больница получила новый аппарат.",
     "областная детская больница (Атырауская область)"),
])
def test_a_facility_named_by_its_level_is_the_provinces(tmp_path: Path, lexicon: Lexicon, text: str,
                                                       facility: str) -> None:
    facts = extract(tmp_path, lexicon, text)
    assert facility in labels_of(facts, "facility")
    assert has(facts, facility, "locatedIn", "region/kz-atyrau-region")


@pytest.mark.parametrize("text", [
    "Облыстық аурухана жаңа құрал алды.",  # no province: whose hospital is unknown
    "В Атырауской области городские больницы получили аппараты.",  # many
    "В Атырауской области Атырауская областная больница получила аппарат.",  # named by its place
])
def test_no_level_named_facility_without_one_province_or_when_named(tmp_path: Path, lexicon: Lexicon,
                                                                    text: str) -> None:
    facts = extract(tmp_path, lexicon, text)
    assert not [m for m in facts.mentions if m.rule == "unit-facility"]


def test_the_people_who_give_do_not_name_the_facility(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "Ауылдағы кәсіпкер Серік Ахметовтер аудандық ауруханаға 20 баллон сыйлады.")
    assert not [label for label in labels_of(facts, "facility") if "Ахметов" in label]


@pytest.mark.parametrize("text, facility", [
    ("Scanners went to the Sary-Tash outpatient center and the Kara-Kulja district hospital.",
     "Kara-Kulja district hospital"),
    ("Infectious hospital for 200 patients opened in Batken region.", "infectious hospital"),
])
def test_english_facilities_with_a_lower_case_head(tmp_path: Path, lexicon: Lexicon, text: str, facility: str) -> None:
    facts = extract(tmp_path, lexicon, text)
    assert facility in labels_of(facts, "facility")


def test_a_sentences_first_word_before_kind_words_is_no_name(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "Regional hospital staff were trained in Osh.")
    assert not labels_of(facts, "facility")


def test_a_district_level_facility_in_an_article_about_one_district(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "Келес ауданындағы кәсіпкерлер аудандық ауруханаға 20 оттегі баллонын сыйға тартты.")
    assert "аудандық аурухана (Келес ауданы)" in labels_of(facts, "facility")
    assert has(facts, "аудандық аурухана (Келес ауданы)", "locatedIn", "Келес ауданы")
    assert has(facts, "*", "involvesFacility", "аудандық аурухана (Келес ауданы)")


@pytest.mark.parametrize("text, name", [
    ("Бұл туралы Алматы облысы Денсаулық сақтау басқармасы хабарлады.", "Алматы облысы Денсаулық сақтау басқармасы"),
    ("Алматы облысы Денсаулық сақтау басқармасы хабарлады.", "Алматы облысы Денсаулық сақтау басқармасы"),
    ("Биыл Жамбыл облысының денсаулық сақтау басқармасы ауруханаға құрал сатып алды.",
     "Жамбыл облысының денсаулық сақтау басқармасы"),
])
def test_a_kazakh_department_keeps_the_place_it_belongs_to(tmp_path: Path, lexicon: Lexicon, text: str, name: str) -> None:
    # without its place the department of one province would be every province's
    assert name in labels_of(extract(tmp_path, lexicon, text), "funder")


@pytest.mark.parametrize("text", [
    "This is the third project for improving rural clinics in Uzbekistan to be funded by the World Bank.",
    "It is the second project of the bank in Kyrgyzstan.",
])
def test_a_word_that_points_back_is_no_programme_s_name(tmp_path: Path, lexicon: Lexicon, text: str) -> None:
    assert not {"This", "It"} & labels_of(extract(tmp_path, lexicon, text), "programme")


def test_a_russian_title_goes_on_past_po_and_its_noun(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "Посол открыл объект в рамках Проекта по строительству родильного отделения "
                                       "районной больницы.")
    assert "Проект по строительству родильного отделения районной больницы" in labels_of(facts, "programme")


@pytest.mark.parametrize("text, names", [
    ("Минздрав и USAID начнут два новых проекта «Остановим грипп» и «Улучшение материнского и детского здоровья».",
     {"Остановим грипп", "Улучшение материнского и детского здоровья"}),
    ("USAID funds two projects, “Stop Flu” and “Healthy Mother”.", {"Stop Flu", "Healthy Mother"}),
    ("USAID екі жобаны қаржыландырады: «Сау ана» және «Таза су».", {"Сау ана", "Таза су"}),
])
def test_a_quoted_name_listed_after_another_takes_its_class(tmp_path: Path, lexicon: Lexicon, text: str,
                                                             names: set[str]) -> None:
    assert names <= labels_of(extract(tmp_path, lexicon, text), "programme")


def test_a_function_word_opens_no_organisation_s_name(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "Согласно этому соглашению, Германия выделит 13 млн евро на проект «Поддержка».")
    assert not {label for label in labels_of(facts, "funder") if label.startswith("Согласно")}


@pytest.mark.parametrize("text, name", [
    ("Humanitarian cargo from the American non-profit organization AmeriCare arrived in Tashkent.", "AmeriCare"),
    ("The charity foundation Ilkham donated five ambulances.", "Ilkham"),
    ("Груз от гуманитарной организации Human Help прибыл в Ош.", "Human Help"),
])
def test_a_name_after_an_organisation_word(tmp_path: Path, lexicon: Lexicon, text: str, name: str) -> None:
    assert name in labels_of(extract(tmp_path, lexicon, text), "funder")


@pytest.mark.parametrize("text", [
    "Бұл туралы Түркістан облысы әкімінің баспасөз қызметі хабарлады.",
    "Бұл туралы облыстық коммуникациялар қызметі хабарлады.",
    "Об этом сообщила Пресс-служба акимата.",
])
def test_who_reports_the_news_takes_no_part_in_it(tmp_path: Path, lexicon: Lexicon, text: str) -> None:
    assert not labels_of(extract(tmp_path, lexicon, text), "funder")


def test_a_plural_title_given_an_acronym_names_a_programme(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "The cars were bought under the Grant Assistance for Rural Health Projects (GARH) "
                                       "in Tajikistan. Several Health Projects were launched in Osh.")
    assert labels_of(facts, "programme") == {"Grant Assistance for Rural Health Projects"}


@pytest.mark.parametrize("text, name, funder", [
    ("The Swiss Agency for Development and Cooperation's Improving Rural Maternity Care (RMC) project opened "
     "clinics in Tajikistan.", "Improving Rural Maternity Care", "funder/sdc"),
    ("In Osh the World Bank's Better Village Health Support (VHS) programme equips posts.", "Better Village Health Support",
     "funder/world-bank"),
])
def test_an_english_titles_first_words_before_its_acronyms_letters_belong_to_it(
        tmp_path: Path, lexicon: Lexicon, text: str, name: str, funder: str) -> None:
    """The acronym spells only the last words ('RMC' holds no 'Improving'); the title's capitalised first
    words before them are the name's too, up to its owner, who then pays for it."""
    facts = extract(tmp_path, lexicon, text)
    assert labels_of(facts, "programme") == {name}
    assert has(facts, name, "fundedBy", funder)


@pytest.mark.parametrize("text", [
    "Dana Omarova (Senior Program Officer) from UNICEF visited clinics in Naryn.",
    "Dana Omarova, National Programme Coordinator at UNDP, visited clinics in Naryn.",
])
def test_a_programme_word_in_a_persons_title_makes_no_programme(tmp_path: Path, lexicon: Lexicon, text: str) -> None:
    assert not labels_of(extract(tmp_path, lexicon, text), "programme")


@pytest.mark.parametrize("text, organisation", [
    ("The Nomad Humanitarian Aid and Relief Center donated 12 ambulances to Osh.", "Nomad Humanitarian Aid and Relief Center"),
    ("Республиканский гуманитарный центр передал больнице 12 машин.", "Республиканский гуманитарный центр"),
])
def test_a_humanitarian_or_relief_centre_is_an_organisation(tmp_path: Path, lexicon: Lexicon, text: str,
                                                           organisation: str) -> None:
    facts = extract(tmp_path, lexicon, text)
    assert organisation in labels_of(facts, "funder")
    assert organisation not in labels_of(facts, "facility")


@pytest.mark.parametrize("text, company", [
    ("The company ‘Berkarar Gurluşyk’ will build a 200-bed hospital in Mary. The ministry is the project’s client, "
     "while ‘Berkarar Gurluşyk’ will also design it.", "Berkarar Gurluşyk"),
    ("Компания «Алтын Курылыс» построит больницу в Таразе. Заказчиком проекта выступит минздрав, а «Алтын Курылыс» "
     "также разработает проект.", "Алтын Курылыс"),
])
def test_a_quoted_name_the_article_calls_a_company_stays_the_company(tmp_path: Path, lexicon: Lexicon, text: str,
                                                                    company: str) -> None:
    """Near a programme word a quote would be read as a programme's name; once the article has called the
    name an organisation, every mention of it is that organisation, under the organisation's rule."""
    facts = extract(tmp_path, lexicon, text)
    assert company in labels_of(facts, "funder")
    assert company not in labels_of(facts, "programme")
    iri = next(i for i, e in facts.entities.items() if e.cls == "funder" and company in e.labels.values())
    rules = [m.rule for m in facts.mentions if m.iri == iri]
    assert len(rules) == 2 and "quoted-programme-name" not in rules


@pytest.mark.parametrize("text, region", [
    ("Hospitals in East Kazakhstan received 18 ambulances.", "kz-east-kazakhstan-region"),
    ("Больницы Северного Казахстана получили 18 машин.", "kz-north-kazakhstan-region"),
    ("Батыс Қазақстанда жаңа емхана ашылды.", "kz-west-kazakhstan-region"),
])
def test_a_province_named_without_its_region_word_is_the_province(tmp_path: Path, lexicon: Lexicon, text: str,
                                                                  region: str) -> None:
    """'East Kazakhstan' names no town: bare, it is the province, not a mention of Kazakhstan."""
    facts = extract(tmp_path, lexicon, text)
    assert any(m.iri.endswith("/" + region) for m in facts.mentions)
    assert not any(m.iri.endswith("/country/KZ") for m in facts.mentions)


def test_a_one_word_place_whose_lemma_is_a_short_stem_is_found_only_as_written(tmp_path: Path, lexicon: Lexicon) -> None:
    """'Денов' is lemmatised to 'ден', the stem of the Kazakh 'дені' (healthy): the town is named
    where its name is written, not in every healthy nation."""
    facts = extract(tmp_path, lexicon, "«Дені сау ұлт» жобасы аясында Жамбыл облысында емхана салынды. "
                                       "Ещё одна больница открылась в городе Денов.")
    places = [iri for iri in facts.entities if iri.endswith("/uz-denov")]
    assert places
    assert {m.segment for m in facts.mentions if m.iri == places[0]} == {1}


@pytest.mark.parametrize("text, outlet, party", [
    ("В области обновили автопарк скорой помощи, передает агентство Medinfo. Министерство здравоохранения "
     "передало области 36 машин.", "Medinfo", None),
    ("Об этом сообщает Посольство Бразилии в Бишкеке, которое передало больнице 36 машин.", None, "Посольство Бразилии"),
])
def test_the_outlet_that_reports_the_news_is_no_party_to_it(
        tmp_path: Path, lexicon: Lexicon, text: str, outlet: str | None, party: str | None) -> None:
    names = labels_of(extract(tmp_path, lexicon, text), "funder")
    if outlet:
        assert not any(outlet in n for n in names), names
    if party:
        assert any(party in n for n in names), names


def test_a_russian_district_named_before_its_head_and_its_province_after(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "Новый объект будет возведен в Кубодиёнском районе Хатлона.")
    assert "Кубодиёнский район" in labels_of(facts, "region")
    assert has(facts, "Кубодиёнский район", "locatedIn", "region/tj-khatlon-region")


def test_a_title_inside_an_organisation_s_name_is_no_person(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "The project is implemented with the support of the Cabinet of Ministers of the "
                                       "Kyrgyz Republic and the World Bank.")
    # the reference data knows the Cabinet as the country's government
    assert ID + "funder/government-of-kyrgyzstan" in facts.entities
    assert not any(label.startswith("Minister") for label in labels_of(facts, "funder"))


def test_kazakh_posts_of_one_size_in_two_villages_are_two_posts(tmp_path: Path, lexicon: Lexicon) -> None:
    # the place names the post, not its size: the size stands between them ('ауылындағы … 20 адам қабылдайтын')
    facts = extract(tmp_path, lexicon, "Жаңаталап ауылындағы бір ауысымда 20 адам қабылдайтын медициналық пункттің "
                                       "құрылысы аяқталды. Ақтерек ауылында да бір ауысымда 20 адам қабылдайтын "
                                       "медициналық пункт салынды.")
    assert labels_of(facts, "facility") == {"Жаңаталап ауылындағы медициналық пункт", "Ақтерек ауылындағы медициналық пункт"}
    assert has(facts, "Ақтерек ауылындағы медициналық пункт", "locatedIn", "Ақтерек ауылы")


def test_an_english_facility_read_by_its_size_and_by_its_place_is_one(tmp_path: Path, lexicon: Lexicon) -> None:
    # the place a description holds stays a mention, even a place only this document names; 'TB' is a kind
    facts = extract(tmp_path, lexicon, "The project works in two districts of Tajikistan: Rasht and Tojikobod. It "
                                       "builds a 40-bed maternity hospital in Tojikobod and a new TB hospital in Kulob.")
    assert labels_of(facts, "facility") == {"maternity hospital in Tojikobod", "TB hospital in Kulob"}
    assert "40-bed maternity hospital" in {label for iri, record in facts.entities.items()
                                           for label, _ in record.alt_labels}
    assert has(facts, "maternity hospital in Tojikobod", "locatedIn", "Tojikobod")
    assert has(facts, "TB hospital in Kulob", "locatedIn", "region/tj-kulob")


@pytest.mark.parametrize("text, facility", [
    # 'e-health' makes a centre an organisation only as a word of its own, not inside 'Village Health'
    ("TIKA renovated the Kalai Surkh Village Health Center.", "Kalai Surkh Village Health Center"),
    # a name read beside a description of where it is keeps the name
    ("Counterpart International built the Chorbogh health center in Faizobod district.", "Chorbogh health center"),
])
def test_a_facility_s_own_name_is_its_label(tmp_path: Path, lexicon: Lexicon, text: str, facility: str) -> None:
    assert labels_of(extract(tmp_path, lexicon, text), "facility") == {facility}


def test_a_straight_quote_before_a_letter_opens_a_name(tmp_path: Path, lexicon: Lexicon) -> None:
    # speech in straight quotes holding a name in straight quotes
    facts = extract(tmp_path, lexicon, '"Проект "Чистая вода для клиник" является примером партнерства России с '
                                       'ЮНИСЕФ", - сказал посол.')
    assert "Чистая вода для клиник" in labels_of(facts, "programme")


def test_a_question_heading_defines_nothing(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "What is the project about\n\nThe Clean Wards project is funded by the "
                                       "Global Fund.\n")
    assert labels_of(facts, "programme") == {"Clean Wards"}


def test_a_title_case_information_system_is_a_programme(tmp_path: Path, lexicon: Lexicon) -> None:
    """(Issue 13, item 3: programmes named as systems.) 'the Health System' is still no programme."""
    facts = extract(tmp_path, lexicon, "The Integrated Medical Information System and the Laboratory Information "
                                       "System were introduced in Kazakhstan. The Health System of Kazakhstan is large.")
    programmes = {e.label("en") for e in facts.entities.values() if e.cls == "programme"}
    assert programmes == {"Integrated Medical Information System", "Laboratory Information System"}


@pytest.mark.parametrize("text, label, place", [
    ("Japan will renovate the Osh No. 2 City Polyclinic.", "Osh No. 2 City Polyclinic", "region/kg-osh"),
    ("The bank will equip the No. 7 Health Center in Dushanbe.", "No. 7 Health Center", "region/tj-dushanbe"),
    ("The bank will equip the #3 City Hospital in Khujand.", "#3 City Hospital", "region/tj-khujand"),
])
def test_an_english_facility_name_may_hold_its_number_before_the_head(
        tmp_path: Path, lexicon: Lexicon, text: str, label: str, place: str) -> None:
    facts = extract(tmp_path, lexicon, text)
    assert label in labels_of(facts, "facility")
    assert has(facts, label, "locatedIn", place)


def test_a_quoted_name_leaves_the_sentence_s_comma_out(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, 'The project, named the "Clean Wards Upgrade Project," will equip two clinics in Osh.')
    assert "Clean Wards Upgrade Project" in labels_of(facts, "programme")


@pytest.mark.parametrize("text, name, owner", [
    ("The USAID Healthy Lungs Program works with clinics in Khatlon.", "Healthy Lungs Program", "funder/usaid"),
    ("A KOICA Safe Birth Project will equip maternity wards in Namangan.", "Safe Birth Project", "funder/koica"),
])
def test_a_donor_before_a_programme_name_at_a_sentence_start_owns_it(tmp_path: Path, lexicon: Lexicon, text: str,
                                                                     name: str, owner: str) -> None:
    facts = extract(tmp_path, lexicon, text)
    assert name in labels_of(facts, "programme")
    assert has(facts, name, "fundedBy", owner)


def test_a_headline_verb_is_still_no_programme_name(tmp_path: Path, lexicon: Lexicon) -> None:
    facts = extract(tmp_path, lexicon, "USAID Launches New Healthy Lungs Project")
    assert not any("Launches" in label for label in labels_of(facts, "programme"))
