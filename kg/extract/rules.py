"""Extraction rules as declared data: every fact's evidence names the rule that produced it, and
every rule a graph names says what it does.

Each extractor declares its own rules next to the code that applies them (``declare``); the graph
writer describes a rule only from a declaration (or a lexicon cue, which carries its own), so a rule
nobody declared fails the build instead of being described as nothing in particular.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Rule:
    """``id`` is the last segment of the rule's IRI (``id:rule/<id>``)."""

    id: str
    description: str
    # A pattern that makes a new name out of capitalised words: it must yield to a known
    # organisation or facility whose words it would swallow.
    makes_names: bool = False

    def __str__(self) -> str:
        return self.id


class UndeclaredRule(LookupError):
    """Evidence names a rule no extractor declared: a defect in the code, not in the input."""


_DECLARED: dict[str, Rule] = {}


def declare(rule_id: str, description: str, *, makes_names: bool = False) -> Rule:
    rule = Rule(rule_id, description, makes_names)
    if _DECLARED.setdefault(rule_id, rule) != rule:
        raise ValueError(f"rule '{rule_id}' is declared twice with different descriptions")
    return rule


def declared() -> Mapping[str, Rule]:
    """Every rule declared so far: all the extractors' (importing kg.extract declares them), and those of
    later stages that have been imported (the curation step's)."""
    import kg.extract  # noqa: F401

    return dict(_DECLARED)


def describe(rule_id: str, others: Iterable[Rule] = ()) -> str:
    """The description of a declared rule, or of one of ``others`` (the lexicon's relation cues)."""
    rule = _DECLARED.get(rule_id) or next((r for r in others if r.id == rule_id), None)
    if rule is None:
        raise UndeclaredRule(f"extraction rule '{rule_id}' is not declared (kg.extract.rules.declare)")
    return rule.description
