"""Where a programme runs, read off the document's other relations once every sentence is read: the
place that holds a place it runs in, the place a facility it takes part with stands in, the places its
supplies go to."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from kg.extract.candidates import country_of
from kg.extract.implied import SUPPLY_DESTINATION, supply_in
from kg.extract.lexicon import Lexicon
from kg.extract.rules import Rule, declare
from kg.extract.tokens import in_a_title
from kg.model import Evidence, Relation
from kg.terms import PREFIXES
from kg.text.segment import Segment

if TYPE_CHECKING:  # relations.py imports this module; its Context is only a type here
    from kg.extract.relations import Context

PROGRAMME_CONTAINING_PLACE = declare(
    "programme-in-containing-place",
    "A programme runs in the place the text puts the village or district it runs in ('Теректі ауданына "
    "қарасты Көлтабан ауылында … пункт ашылды').")
PROGRAMME_FACILITY_PLACE = declare(
    "programme-where-its-facility-is",
    "A programme runs where a facility it builds, equips or serves stands ('the project equips the district "
    "hospital in Vose': it runs in Vose). Evidence: the sentence that places the facility.")


PROGRAMME_PLACE_NAMED = declare(
    "programme-place-named",
    "In an article about one programme, every place it names is one the programme runs in, except a country's "
    "capital (where ministries sit, agreements are signed and datelines point), a place inside an organisation's "
    "name, and a place only a sentence about another event or a plan names.")

FACILITY_CONTAINING_PLACE = declare(
    "facility-in-containing-place",
    "A facility stands in the province or district that holds its town, when the text names that province too "
    "('Balykchy City Hospital … Issyk-Kul region'). Evidence: the first sentence that names the province.")

FACILITY_PLACES_COUNTRY = declare(
    "facility-in-its-places-country",
    "A facility stands in the country of the town or province it stands in. Evidence: the sentence that places it.")

FACILITY_LEAD_PLACE = declare(
    "facility-lead-place",
    "A facility no sentence places, in a news item whose lead (its headline and first sentence) names one place "
    "below the country ('Ақтауда онкологиялық диспансердің құрылысы …'): it stands there.")


def names_a_seat(written: str, lexicon: Lexicon) -> bool:
    """Whether an organisation's name says it is a body's seat abroad or a branch ('Посольство Японии',
    'SDC office'): the place right after it is where it sits."""
    seats = lexicon.memo("seat_organisations", lambda: frozenset().union(
        *(lexicon.key_of(str(w)) for w in lexicon.section("seat_organisations") or [])))
    return any(lexicon.key_of(word) & seats for word in re.findall(r"\w+", written))


def only_place(segments: list[Segment], ctx: Context) -> str | None:
    """The one region (city, district, province) a whole document names, or None."""
    regions = {m.iri for seg in segments for m in ctx.of_class(seg, "region")}
    return next(iter(regions)) if len(regions) == 1 else None


def sentence_before(segments: list[Segment], seg: Segment) -> Segment | None:
    """The sentence right before ``seg`` in its section, if that is what stands there (a page's header line
    or a heading is no part of the passage)."""
    before = segments[seg.index - 1] if seg.index > 0 else None
    return before if before is not None and before.section == seg.section and before.kind == "sentence" else None


def passage_place(seg: Segment, segments: list[Segment], ctx: Context) -> str | None:
    """The one region the sentence before this one names: 'Шымкент қаласындағы 4 аурухана … Олар қалалық
    перзентханада, …' puts the maternity hospital in Shymkent."""
    before = sentence_before(segments, seg)
    regions = {m.iri for m in ctx.of_class(before, "region")} if before is not None else set()
    return next(iter(regions)) if len(regions) == 1 else None


_CHROME = 4  # segments of page chrome a headline may follow


def lead_place(segments: list[Segment], ctx: Context) -> str | None:
    """The one region the headlines before the first sentence and that sentence name, or None. A
    page's chrome may come before its headline ('Weather: Astana +26'): when a heading follows within
    the first segments, the lead is the first sentence after it, and the chrome's places count too."""
    regions: set[str] = set()
    headline = next((seg.index for seg in segments[:_CHROME] if seg.kind == "heading"), -1)
    for seg in segments:
        regions |= {m.iri for m in ctx.of_class(seg, "region")}
        if seg.kind != "heading" and seg.index > headline:
            break
    return next(iter(regions)) if len(regions) == 1 else None


def _placements(ctx: Context, relations: list[Relation], classes: tuple[str, ...]) -> dict[str, list[Relation]]:
    """What each entity is located in, among places of ``classes``."""
    within: dict[str, list[Relation]] = defaultdict(list)
    for r in relations:
        if r.predicate == "locatedIn" and ctx.entities.get(r.object) is not None and ctx.entities[r.object].cls in classes:
            within[r.subject].append(r)
    return within


def _runs_in(relations: list[Relation], have: set[tuple[str, str]], programme: str, placed: Relation,
             rule: str) -> Relation | None:
    """A new operatesIn, with the evidence of the sentence that places ``placed``'s subject; None if known."""
    if (programme, placed.object) in have:
        return None
    have.add((programme, placed.object))
    inferred = Relation(programme, "operatesIn", placed.object, replace(placed.evidence, rule=rule))
    relations.append(inferred)
    return inferred


def where_facilities_are(ctx: Context, relations: list[Relation]) -> None:
    """Readers of real articles write down the facility's place for its programme almost always (385 of
    396 such pairs in the gold rows of issue 13's sets)."""
    within = _placements(ctx, relations, ("region", "country"))
    have = {(r.subject, r.object) for r in relations if r.predicate == "operatesIn"}
    for r in [r for r in relations if r.predicate == "involvesFacility"]:
        for placed in within.get(r.object, []):
            _runs_in(relations, have, r.subject, placed, PROGRAMME_FACILITY_PLACE.id)


def places_that_contain(segments: list[Segment], ctx: Context, relations: list[Relation],
                        evidence: Callable[[Segment, Rule], Evidence]) -> None:
    """A programme that runs in a village runs in the district the text puts the village in, and so on up.
    Evidence: the sentence that places it."""
    within = _placements(ctx, relations, ("region",))
    # ... and a known place's province, where the text names that province too ('в Дангаре … Хатлонской
    # области'): evidence, the first sentence that names the province
    named = _first_naming(segments, ctx)
    have = {(r.subject, r.object) for r in relations if r.predicate == "operatesIn"}
    todo = [r for r in relations if r.predicate == "operatesIn"]
    for r in todo:  # grows as it goes: a district's region in turn
        placed_by = list(within.get(r.object, []))
        parent = ctx.entities[r.object].located_in if r.object in ctx.entities else None
        if parent in named and ctx.entities.get(parent) is not None and ctx.entities[parent].cls == "region" \
                and not any(p.object == parent for p in placed_by):
            placed_by.append(Relation(r.object, "locatedIn", parent, evidence(named[parent], PROGRAMME_CONTAINING_PLACE)))
        for placed in placed_by:
            inferred = _runs_in(relations, have, r.subject, placed, PROGRAMME_CONTAINING_PLACE.id)
            if inferred is not None:
                todo.append(inferred)


def facilities_in_containing_places(segments: list[Segment], ctx: Context, relations: list[Relation],
                                    evidence: Callable[[Segment, Rule], Evidence]) -> None:
    """Readers write a facility down in every place of the text that holds it: its town and the province the
    article also names."""
    named = _first_naming(segments, ctx)
    have = {(r.subject, r.object) for r in relations if r.predicate == "locatedIn"}
    todo = _facilities_in_regions(ctx, relations)
    for r in todo:  # grows as it goes: a district's province in turn
        # the reference data's containment only: a village the text puts in a district keeps its facility to
        # itself, as readers write it ('Көктерек ауылындағы амбулатория' is in Көктерек)
        parent = ctx.entities[r.object].located_in
        if parent in named and ctx.entities.get(parent) is not None and ctx.entities[parent].cls == "region" \
                and (r.subject, parent) not in have:
            have.add((r.subject, parent))
            inferred = Relation(r.subject, "locatedIn", parent, evidence(named[parent], FACILITY_CONTAINING_PLACE))
            relations.append(inferred)
            todo.append(inferred)


def facilities_in_their_countries(ctx: Context, relations: list[Relation]) -> None:
    """Readers write a facility's country down beside its town ('Khatlon Oblast Hospital #2 … in Tajikistan')."""
    have = {(r.subject, r.object) for r in relations if r.predicate == "locatedIn"}
    for r in _facilities_in_regions(ctx, relations):
        country = country_of(r.object, ctx.lexicon, ctx.entities)
        if country is not None and (r.subject, country) not in have:
            have.add((r.subject, country))
            relations.append(Relation(r.subject, "locatedIn", country, replace(r.evidence, rule=FACILITY_PLACES_COUNTRY.id)))


def _facilities_in_regions(ctx: Context, relations: list[Relation]) -> list[Relation]:
    """The relations that put a facility in a place below a country."""
    return [r for r in relations if r.predicate == "locatedIn" and r.subject in ctx.entities
            and ctx.entities[r.subject].cls == "facility" and ctx.entities.get(r.object) is not None
            and ctx.entities[r.object].cls == "region"]


def _first_naming(segments: list[Segment], ctx: Context) -> dict[str, Segment]:
    """The first sentence that names each entity."""
    named: dict[str, Segment] = {}
    for seg in segments:
        for m in ctx.mentions.get(seg.index, []):
            named.setdefault(m.iri, seg)
    return named


def where_supplies_go(segments: list[Segment], ctx: Context, lexicon: Lexicon, relations: list[Relation],
                      evidence: Callable[[Segment, Rule], Evidence]) -> None:
    """'Санитарные машины закуплены в рамках проекта X … Санитарные машины будут переданы центрам Нарынского и
    Таласского районов': the one programme an article says supplies things goes where its later supply
    sentences, which name no programme, send them."""
    suppliers = {m.iri for seg in segments if ctx.of_class(seg, "programme") and supply_in(seg.norm, lexicon)
                 for m in ctx.of_class(seg, "programme")}
    if len(suppliers) != 1:
        return
    (programme,) = suppliers
    have = {(r.subject, r.object) for r in relations if r.predicate == "operatesIn"}
    for seg in segments:
        if ctx.of_class(seg, "programme") or not supply_in(seg.norm, lexicon):
            continue
        for place in ctx.of_class(seg, "region"):
            if (programme, place.iri) not in have:
                have.add((programme, place.iri))
                relations.append(Relation(programme, "operatesIn", place.iri, evidence(seg, SUPPLY_DESTINATION)))


def every_place_of_the_one_programme(segments: list[Segment], ctx: Context, lexicon: Lexicon, relations: list[Relation],
                                     other_event: Callable[[Segment], bool],
                                     evidence: Callable[[Segment, Rule], Evidence]) -> None:
    """Readers of an article about one programme write down nearly every place it names as the
    programme's (806 of 848 in the gold rows of issue 13's sets), most of them never said to be 'in'."""
    programmes = {m.iri for seg in segments for m in ctx.of_class(seg, "programme")}
    if len(programmes) != 1:
        return
    (programme,) = programmes
    capitals = lexicon.memo("capitals", lambda: frozenset(str(PREFIXES["region"][str(c)]) for c in lexicon.section("capitals") or []))
    titles = lexicon.person_titles
    have = {(r.subject, r.object) for r in relations if r.predicate == "operatesIn"}
    for seg in segments:
        places = ctx.of_class(seg, "region")  # first: most sentences name none, and other_event reads every word
        if not places or seg.kind == "heading" or other_event(seg):
            continue
        # a local government's place is where it works: 'строительство за счёт акимата Атырауской области'
        organisations = [o for o in ctx.of_class(seg, "funder") if ctx.entities[o.iri].org_type != "local-government"]
        for place in places:
            if place.iri in capitals or (programme, place.iri) in have or in_a_title(seg.norm, place.norm_start, place.norm_end, titles) or any(
                    o.norm_start <= place.norm_start and place.norm_end <= o.norm_end for o in organisations):
                continue
            have.add((programme, place.iri))
            relations.append(Relation(programme, "operatesIn", place.iri, evidence(seg, PROGRAMME_PLACE_NAMED)))
