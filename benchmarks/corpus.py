"""Deterministic synthetic corpora shaped like real articles: EN/RU/KK sentences with countries,
regions, quoted programmes, funders, facilities and numbers in the formats the extractor reads."""

from __future__ import annotations

import random
from pathlib import Path

COUNTRIES = {"en": ["Kazakhstan", "Kyrgyzstan", "Tajikistan", "Uzbekistan", "Turkmenistan"],
             "ru": ["Казахстане", "Кыргызстане", "Таджикистане", "Узбекистане", "Туркменистане"],
             "kk": ["Қазақстанда", "Қырғызстанда", "Тәжікстанда", "Өзбекстанда", "Түрікменстанда"]}
REGIONS = {"en": ["Pavlodar Region", "Osh Region", "Sughd Region", "Samarkand Region", "Mary Region"],
           "ru": ["Павлодарской области", "Ошской области", "Согдийской области", "Самаркандской области"],
           "kk": ["Павлодар облысында", "Ақмола облысында", "Түркістан облысында"]}
FUNDERS = {"en": ["the World Bank", "the Asian Development Bank", "USAID", "KOICA", "the European Union"],
           "ru": ["Всемирного банка", "Азиатского банка развития", "Европейского союза"],
           "kk": ["Дүниежүзілік банк", "Еуропалық Одақ"]}
WORDS = ["Digital", "Village", "Care", "Link", "Health", "Bridge", "Steppe", "Mountain", "Online", "Heart"]
RU_WORDS = ["Цифровое", "село", "Здоровье", "онлайн", "Мост", "Степь", "Забота"]


def _name(rng: random.Random, words: list[str]) -> str:
    return " ".join(rng.sample(words, 2))


def article(rng: random.Random, lang: str) -> str:
    country, region = rng.choice(COUNTRIES[lang]), rng.choice(REGIONS[lang])
    funder = rng.choice(FUNDERS[lang])
    number = f"{rng.randint(1, 99)} {rng.randint(100, 999)}"
    if lang == "en":
        name = _name(rng, WORDS)
        lines = [f"{country} – telemedicine news",
                 f"The “{name}” programme, funded by {funder}, connects clinics in {region}.",
                 f"More than {rng.randint(2, 900)} consultations were held in {rng.randint(2015, 2025)}, "
                 f"and {rng.randint(1, 99)},{rng.randint(100, 999)} patients were screened.",
                 f"The Republican {rng.choice(WORDS)} Hospital in {region} joined the project with ${rng.randint(1, 50)},000."]
    elif lang == "ru":
        name = _name(rng, RU_WORDS)
        lines = [f"В {country} стартовал проект «{name}» при финансовой поддержке {funder}.",
                 f"В {region} оказано {number} дистанционных услуг, около {rng.randint(2, 90)},{rng.randint(1, 9)}% — диагностические.",
                 f"Бюджет проекта составил {rng.randint(2, 90)} млн тенге [{rng.randint(1, 30)}]."]
    else:
        name = _name(rng, ["Ауыл", "денсаулығы", "Жүрек", "Көпір", "Дала"])
        lines = [f"{region} «{name}» жобасы іске қосылды.",
                 f"Жобаны {funder} қаржыландырады. {country} {rng.randint(2, 500)} емхана қосылды."]
    body = " ".join(lines)
    # Pad to about 4 KB with ordinary prose so sizes match real articles.
    filler = {"en": " Officials said the service would expand next year.",
              "ru": " Специалисты отмечают рост спроса на услуги.",
              "kk": " Мамандар қызметке сұраныс артқанын атап өтті."}[lang]
    while len(body.encode("utf-8")) < 4000:
        body += filler
    return body + "\n"


def write_corpus(folder: Path, size: int, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(size):
        lang = ("en", "ru", "kk")[n % 3]
        path = folder / f"doc{n:05d}_{lang}.txt"
        path.write_text(article(rng, lang), encoding="utf-8")
        paths.append(path)
    return paths
