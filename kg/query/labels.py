"""A name an analyst types (``-p entity=Pavlodar``, ``-p country=Казахстане``) → the entity it
names in the graph, matched the way the extractor matches text to labels: any language, any
case, any inflected form the lexicon's morphology knows. A name that fits nothing, or several
entities equally well, is an error that says so rather than a query that quietly returns nothing.
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.query.engine import Engine
from kg.errors import QueryError
from kg.text.morph import Morphology, tokenize

# The metrics are taken away as a table (MINUS of a subquery), not tested label by label: most
# labels in a large graph are metrics' (23k of 24k at 10,000 documents), one store lookup each.
_LABELS = """
SELECT ?entity ?label WHERE {
  { SELECT ?entity ?label WHERE { ?entity rdfs:label|skos:prefLabel|skos:altLabel ?label . FILTER(isIRI(?entity)) } }
  MINUS { SELECT ?entity WHERE { ?entity a tm:Metric } }
}"""
_SHOWN = 5


def _label_keys(label: str, lang: str, morph: object) -> tuple[str, ...]:
    return tuple(morph.label_key(token, lang) for _, _, token in tokenize(label))  # type: ignore[attr-defined]


def _morphology() -> Morphology:
    """The lexicon's morphology alone: the whole lexicon also reads the reference entities,
    1.5 s that a name lookup does not need."""
    from kg import paths
    from kg.io.yamlfile import read_yaml

    data, _ = read_yaml(paths.lexicon_file())
    rules = data.get("morphology", {}) if isinstance(data, dict) else {}
    return Morphology(rules.get("kazakh_suffixes", []), int(rules.get("kazakh_min_stem", 3)),
                      rules.get("english_suffixes", []))


def resolve_label(engine: Engine, name: str) -> ox.NamedNode:
    """The one entity whose label (or the start of whose label) is ``name``."""
    morph = _morphology()
    wanted = [morph.keys(token) for _, _, token in tokenize(name)]
    if not wanted:
        raise QueryError(f"{name!r} is not a name: give a label such as Pavlodar, or an IRI")
    exact: dict[str, str] = {}
    starts: dict[str, str] = {}
    for entity, label in engine.query(_LABELS).rows:
        text, lang = label.value, getattr(label, "language", None) or "en"
        keys = _label_keys(text, lang, morph)
        if len(keys) < len(wanted) or not all(k in w for k, w in zip(keys, wanted)):
            continue
        (exact if len(keys) == len(wanted) else starts).setdefault(entity.value, text)
    for found in (exact, starts):
        if len(found) == 1:
            return ox.NamedNode(next(iter(found)))
        if found:
            listed = "; ".join(f"{iri} ({text})" for iri, text in sorted(found.items())[:_SHOWN])
            more = f" and {len(found) - _SHOWN} more" if len(found) > _SHOWN else ""
            raise QueryError(f"{name!r} names {len(found)} entities: {listed}{more}; give one of these IRIs")
    raise QueryError(f"nothing in the graph has the label {name!r} (see `kg entities` or `kg query labels`)")
