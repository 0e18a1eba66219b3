"""The real-text scorer on an article written here: a donor country in the gold is the donor
government the graph names, and an unnamed programme matches the one the extractor describes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from kg.check.evaluation.extraction import score_real_corpus

ARTICLE = "The Government of Japan handed over 20 ventilators to the Ministry of Health of Kyrgyzstan for hospitals in Osh.\n"
GOLD = {
    "entities": [["country", "Kyrgyzstan"], ["country", "Japan"], ["region", "Osh"],
                 ["programme", "*delivery of ventilators by Japan"]],
    "relations": [["*delivery of ventilators by Japan", "fundedBy", "Japan"],
                  ["*delivery of ventilators by Japan", "operatesIn", "Osh"]],
    "metrics": [[20, "*delivery of ventilators by Japan"]],
}


def test_a_donor_country_in_the_gold_is_its_government_in_the_graph(tmp_path: Path) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    (corpus / "en_kg_ventilators.txt").write_text(ARTICLE, encoding="utf-8")
    (corpus / "en_kg_ventilators.gold.yaml").write_text(yaml.safe_dump(GOLD, allow_unicode=True), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "kg", "build", str(corpus / "en_kg_ventilators.txt"), "-o", str(out),
                    "--no-html", "-q", "--no-cache"], check=True)
    scores = score_real_corpus(out / "kg.trig", corpus)["en_kg_ventilators"]
    relations = scores.parts()[1]
    assert (relations.found, relations.expected) == (2, 2), relations.missing
    assert not any("fundedBy" in line for line in relations.spurious), relations.spurious
