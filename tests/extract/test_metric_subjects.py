"""Whose number it is (tm:about), decided by what the number counts and how the sentence places it,
in English, Russian and Kazakh (issue 13). Every sentence here was written for this test; none is
taken from an article."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from kg.extract import extract_document
from kg.extract.lexicon import Lexicon
from kg.text.ingest import read_document

ID = "https://w3id.org/telemed-kg/id/"


def about(tmp_path: Path, lexicon: Lexicon, text: str, value: str) -> str | None:
    """The subject of the one number of ``text`` whose value is ``value``, as an id path."""
    path = tmp_path / "article.txt"
    path.write_text(text, encoding="utf-8")
    facts = extract_document(read_document(path), lexicon)
    [metric] = [m for m in facts.metrics if m.value == Decimal(value)]
    return metric.about.removeprefix(ID) if metric.about else None


CASES = {
    # A sentence that opens with a pronoun is about what the sentence before it named last.
    "pronoun-facility-en": ("The Kyrgyz-Turkish Friendship Hospital opened in 2016. It has treated more than "
                            "40,000 patients from Kyrgyzstan.", "40000", "facility/kyrgyz-turkish-friendship-hospital"),
    # Money an article about one programme does not tie to anything else is the programme's.
    "only-programme-money-en": ("The “Clear Lungs” project equips TB clinics in Tajikistan.\n\nDoctors were trained in "
                                "May. Patients already use the new scanners. Nurses keep the records. Waiting times "
                                "fell. The equipment is worth about $1.4 million.",
                                "1400000", "programme/clear-lungs"),
    "only-programme-money-ru": ("Проект «Чистые лёгкие» оснащает клиники Таджикистана.\n\nВрачей обучили в мае. "
                                "Пациенты уже пользуются сканерами. Медсёстры ведут записи. Очереди сократились. "
                                "Стоимость техники составила 2 млн долларов.",
                                "2000000", "programme/chistye-legkie"),
    # The facilities a programme connects or equips are the programme's, not the place that owns
    # them nor the country they are in.
    "reach-en": ("The Steppe Care Link programme started in May. Doctors in 45 clinics of Kazakhstan now hold "
                 "video consultations.", "45", "programme/steppe-care-link"),
    "reach-ru": ("Проект «Здоровый Памир» стартовал в мае. Оборудование получили 12 районных больниц Таджикистана.",
                 "12", "programme/zdorovyi-pamir"),
    "reach-kk": ("Қазақстанда «Сау ауыл» жобасы басталды. Жоба Жамбыл облысының 22 медициналық мекемесін біріктірді.",
                 "22", "programme/sau-auyl"),
    # Facilities counted with one of them named are still the passage programme's reach.
    "reach-list-en": ("The Steppe Care Link programme started in May. Video equipment was delivered to 12 hospitals, "
                      "including the National Heart Centre.", "12", "programme/steppe-care-link"),
    "reach-list-ru": ("Программа «Здоровая степь» стартовала в мае. Видеооборудование получили 12 районных больниц "
                      "и Национальный кардиологический центр.", "12", "programme/zdorovaia-step"),
    "reach-list-kk": ("«Сау ауыл» жобасы мамырда басталды. Бейнежабдықты 12 аудандық аурухана және Ұлттық "
                      "кардиология орталығы алды.", "12", "programme/sau-auyl"),
    # A country in brackets after a name says whose the name is.
    "bracket-en": ("The Steppe Care Link project was launched in May. Nordic Health Partners (Norway) will train "
                   "36 nurses.", "36", "programme/steppe-care-link"),
    "bracket-ru": ("Проект «Здоровая степь» начался в мае. Компания «Медсофт» (Германия) обучит 36 медсестёр.",
                   "36", "programme/zdorovaia-step"),
    "bracket-kk": ("«Сау ауыл» жобасы мамырда басталды. «Медсофт» компаниясы (Германия) 36 мейірбикені оқытады.",
                   "36", "programme/sau-auyl"),
    # A count of projects is the portfolio of the funder that finances them.
    "portfolio-ru": ("Азиатский банк развития профинансировал более 40 проектов в Казахстане.", "40",
                     "funder/asian-development-bank"),
    "portfolio-kk": ("Азия даму банкі Қазақстанда 40-тан астам жобаны қаржыландырды.", "40",
                     "funder/asian-development-bank"),
    "portfolio-en": ("Since 1994 the Asian Development Bank has financed 40 projects in Kazakhstan.", "40",
                     "funder/asian-development-bank"),
    # A country named after the number only says where: the passage's programme is the subject.
    "located-en": ("The Steppe Care Link programme started in May. So far, 300 patients with diabetes received "
                   "home monitors in Kazakhstan.", "300", "programme/steppe-care-link"),
    "located-ru": ("Программа «Здоровая степь» стартовала в мае. С тех пор 300 пациентов с диабетом получили "
                   "глюкометры в Казахстане.", "300", "programme/zdorovaia-step"),
    "located-kk": ("«Сау ауыл» жобасы мамырда басталды. Содан бері 300 науқас Қазақстанда глюкометр алды.",
                   "300", "programme/sau-auyl"),
    # A sentence that opens with the country is about the country.
    "country-topic-ru": ("Программа «Здоровая степь» стартовала в мае. В Казахстане 300 пациентов с диабетом "
                         "получили глюкометры.", "300", "country/KZ"),
    # Beds and places are the facility's, not the city's it stands in.
    "capacity-en": ("In Astana the president opened the Republican Heart Centre for 300 beds.", "300",
                    "facility/republican-heart-centre"),
    "capacity-ru": ("В Астане открылся Республиканский кардиологический центр на 300 коек.", "300",
                    "facility/republican-kardiologicheskii-centre"),
    "capacity-kk": ("Астанада 300 төсектік Республикалық кардиология орталығы ашылды.", "300",
                    "facility/republican-kardiologiia-centre"),
    # Money spent on or for a facility is the facility's; a programme's own budget stays the programme's.
    "money-for-en": ("Under the Steppe Care Link programme, $2 million was allocated for the reconstruction of the "
                     "Naryn Regional Hospital.", "2000000", "facility/naryn-regional-hospital"),
    "money-for-ru": ("В рамках программы «Здоровая степь» на оснащение Нарынской областной больницы выделено "
                     "2 млн долларов.", "2000000", "facility/narynskaia-regional-hospital"),
    "money-for-kk": ("«Сау ауыл» бағдарламасы аясында Нарын облыстық ауруханасына 2 млн доллар бөлінді.", "2000000",
                     "facility/naryn-oblystyq-hospital"),
    "budget-en": ("The Steppe Care Link programme, worth $5 million, will equip the Naryn Regional Hospital.",
                  "5000000", "programme/steppe-care-link"),
    # Money a place receives to spend on something is that event's, not the place's.
    "money-spent-kk": ("Атырау облысында «Таза ауа» жобасына 76 млн теңге бөлінді.", "76000000", "programme/taza-aua"),
    "money-spent-en": ("In Naryn region the Clean Air project received $2 million.", "2000000", "programme/clean-air"),
    "money-spent-ru": ("Ошской области выделено 300 млн сомов на покупку 20 машин скорой помощи.", "300000000",
                       "programme/postavka-mashin-skoroi-pomoshchi-oshskaia-oblast"),
    "supplies-given-kk": ("Маңғыстау облысына 25 жедел жәрдем көлігі берілді.", "25",
                          "programme/zhedel-zhardem-koligi-zhetkizu-manggystau-oblysy"),
    # A facility named by its size holds its size.
    "capacity-named-ru": ("В Мары открылась новая велаятская инфекционная больница на 300 мест.", "300",
                          "facility/velaiatskaia-infektsionnaia-hospital-na-300-mest"),
    "capacity-named-kk": ("Қызылордада 200 төсектік перинаталды орталық ашылды.", "200",
                          "facility/200-tosektik-perinataldy-centre"),
    "capacity-named-en": ("In Taraz a new 400 bed regional hospital opened.", "400",
                          "facility/400-bed-regional-hospital"),
    # A population is the place's it is the population of, not the country's.
    "population-en": ("About 60 percent of the population of Naryn region lives in villages.", "60",
                      "region/kg-naryn-region"),
    "population-ru": ("Более 70% населения Нарынской области живут в сёлах.", "70", "region/kg-naryn-region"),
    "population-kk": ("Қостанай облысы халқының 50 пайызы ауылда тұрады.", "50", "region/kz-kostanay-region"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_subject_of_a_number(case: str, tmp_path: Path, lexicon: Lexicon) -> None:
    text, value, expected = CASES[case]
    assert about(tmp_path, lexicon, text, value) == expected
