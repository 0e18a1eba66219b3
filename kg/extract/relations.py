"""Relations between entities, each from a stated cue: a funding or leadership phrase, a
parenthesised list of agencies after a programme, a programme under a country's heading."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace

from kg.text.ingest import SourceDocument
from kg.extract.candidates import country_of
from kg.extract.grammar import Grammar, grammar_of
from kg.extract.lexicon import Lexicon
from kg.model import EntityRecord, Evidence, Mention, Relation
from kg.extract.distributed import FACILITY_PER_PLACE
from kg.extract.facilities import DESCRIBED_FACILITY
from kg.extract.implied import (IMPLIED_EVENT, IMPLIED_KIND_WORKS, IMPLIED_PROGRAMME, IMPLIED_SUPPLIES, IMPLIED_WORKS,
                                SUPPLY_DESTINATION, supply_in)
from kg.extract.containment import place_then_parent, region_in_name, settlement_parents
from kg.extract.places import LISTED_PLACE
from kg.extract.placement import place_after, place_announcing, place_before
from kg.extract.reach import (FACILITY_LEAD_PLACE, every_place_of_the_one_programme, facilities_in_containing_places,
                              facilities_in_their_countries, lead_place, names_a_seat, only_place, passage_place,
                              places_that_contain, where_facilities_are, where_supplies_go)
from kg.extract.lists import LISTED_PROGRAMME
from kg.extract.paying import the_one_payer_and_implementer
from kg.extract.owners import (OWNER_PROGRAMME, PARENTHESISED_AGENCIES, adjective_donors, donor_adjective, owner_before,
                              parenthesised_after)
from kg.extract.rules import Rule, declare
from kg.extract.tokens import subject_after_verb
from kg.text.morph import tokenize
from kg.text.segment import Segment

PROGRAMME_FACILITY_SAME_SECTION = declare(
    "programme-facility-same-section",
    "A facility named in a section (or short article) about exactly one programme.")
PROGRAMME_FACILITY_SAME_SENTENCE = declare(
    "programme-facility-same-sentence",
    "A facility named in a sentence about a programme (by name or as 'the project').")
PROGRAMME_COUNTRY_SAME_SENTENCE = declare(
    "programme-country-same-sentence",
    "A programme and a country named in the same sentence.")
PROGRAMME_SECTION_COUNTRY = declare(
    "programme-section-country",
    "A programme described in a section whose heading (or the document) is about one country.")
PROGRAMME_DOCUMENT_COUNTRY = declare(
    "programme-document-country",
    "A programme the article names only in a heading or caption, in an article about one country, "
    "runs in that country unless the text places it elsewhere.")
PROGRAMME_REGION_SAME_SENTENCE = declare(
    "programme-region-same-sentence",
    "A programme acting 'in' a region named in the same sentence.")
PROGRAMME_REGION_DOCUMENT = declare(
    "programme-region-document",
    "In a document about one programme, a region the text says something happens in.")
FACILITY_IN_PLACE = declare("facility-in-place", "'<facility> in <place>'.")
AID_FROM_COUNTRY = declare(
    "aid-from-country",
    "A country in the Kazakh ablative in a sentence about aid or supplies delivered gives them ('Ресейден … "
    "гуманитарлық көмек келді').")
FACILITY_SECTION_COUNTRY = declare("facility-section-country", "A facility described in a section about one country.")
CURRENCY_COUNTRY = declare(
    "currency-country",
    "An article that names no country and no place the reference data knows, but counts money in one "
    "corpus country's currency ('… миллион теңге'), is about that country: its programmes run there and "
    "its facilities are there.")
LANGUAGE_COUNTRY = declare(
    "language-country",
    "An article that names no country, no place the reference data knows and no currency, written in a language "
    "that is one corpus country's alone (Kazakh), is about that country: its programmes run there.")
FACILITY_DOCUMENT_PLACE = declare(
    "facility-document-place",
    "A facility no sentence places, in a document that names one place below the country and no other "
    "('new health facilities in Ashgabat … the Centre of Ophthalmology').")
FACILITY_PASSAGE_PLACE = declare(
    "facility-passage-place",
    "A facility no sentence places, right after a sentence of the same section that names one place below the "
    "country ('4 hospitals of Shymkent … They are the city maternity hospital, …').")
FACILITY_SENTENCE_PLACE = declare(
    "facility-sentence-place",
    "A facility its sentence does not place itself, in a sentence that puts what happens in one place "
    "('в городе Х … строительства многопрофильной больницы на 400 мест'), is in that place.")
FACILITY_NAME_PLACE = declare(
    "facility-name-place",
    "A place named inside a facility's name ('Nukus Regional … Centre').")
SETTLEMENT_IN_PLACE = declare(
    "settlement-in-place",
    "A district or village and the place the text puts it in ('Индер ауданының Есбол ауылы', "
    "'села … Джети-Огузского района', 'Suzak in the Jalal-Abad region').")
PLACE_IN_PLACE = declare("place-in-place", "A known place, then a place that contains it ('Tashkent, Uzbekistan').")
PROGRAMME_ANTECEDENT = declare(
    "programme-antecedent",
    "The sentence that names or introduces the programme a later reference ('the project') stands "
    "for; the relation itself is stated in the referring sentence.")
PROGRAMME_NAMED_AFTER = declare(
    "programme-named-after",
    "The sentence that names the programme an earlier sentence said someone pays for or runs ('ADB "
    "approved a $45 million loan … The Primary Health Care Improvement Project will …'); the relation "
    "itself is stated in the earlier sentence.")

# Unnamed programmes an article's donation or delivery introduces.
_DONATIONS = {IMPLIED_PROGRAMME.id, IMPLIED_WORKS.id}
# Unnamed programmes that go wherever their sentence names: supplies, and works on facilities of a kind.
_DESTINED = {IMPLIED_SUPPLIES.id, IMPLIED_KIND_WORKS.id, IMPLIED_EVENT.id}

@dataclass
class Context:
    document_country: str | None
    heading_country: dict[int, str]
    lexicon: Lexicon
    # the document names no country or known place: the rule that read its country from its currency or language
    country_rule: Rule | None = None
    mentions: dict[int, list[Mention]] = field(default_factory=dict)
    entities: dict[str, EntityRecord] = field(default_factory=dict)
    # Mentions of governments the relations found where the text names only their country
    # ('contributions from Spain'): the extractor adds them to the document's mentions.
    donor_mentions: list[Mention] = field(default_factory=list)
    # segment → programme IRI → the segment that named the programme a reference there stands for
    antecedents: dict[int, dict[str, int]] = field(default_factory=dict)
    # (segment, class) → its mentions; asked for about 450 times a document. Kept while the mentions
    # and entities it was made from are the same objects.
    _by_class: dict[object, list[Mention]] = field(default_factory=dict, repr=False, compare=False)
    _by_class_of: tuple[int, int, int] = (0, 0, 0)

    @property
    def grammar(self) -> Grammar:
        return grammar_of(self.lexicon)

    def country_for(self, seg: Segment) -> str | None:
        if seg.kind == "heading" and seg.index in self.heading_country:
            return self.heading_country[seg.index]
        return self.heading_country.get(seg.section) or self.document_country

    def of_class(self, seg: Segment, cls: str) -> list[Mention]:
        if not self.mentions.get(seg.index):
            return []  # most sentences have no mention: no index to check or build
        made_of = (id(self.mentions), id(self.entities), len(self.entities))
        if made_of != self._by_class_of:
            self._by_class, self._by_class_of = {}, made_of
        found = self._by_class.get((seg.index, cls))
        if found is None:
            found = [m for m in self.mentions.get(seg.index, []) if self.entities[m.iri].cls == cls]
            self._by_class[(seg.index, cls)] = found
        return list(found)

    def section_title(self, segments: list[Segment], seg: Segment) -> str | None:
        if seg.caption >= 0:
            return segments[seg.caption].norm
        return segments[seg.section].norm if seg.section >= 0 else None


def evidence_for(doc: SourceDocument, segments: list[Segment], seg: Segment, ctx: Context, rule: Rule) -> Evidence:
    return Evidence(doc.doc_id, seg.start, seg.end, rule.id, ctx.section_title(segments, seg), seg.lang)


def find_relations(doc: SourceDocument, segments: list[Segment], ctx: Context, lexicon: Lexicon) -> list[Relation]:
    relations: list[Relation] = []
    funding_types = set(lexicon.section("funding_org_types") or [])
    current_programme: dict[int, str] = {}  # section → last programme named in it
    programmes_by_section: dict[int, set[str]] = defaultdict(set)
    for seg in segments:
        for mention in ctx.of_class(seg, "programme"):
            programmes_by_section[seg.section].add(mention.iri)
    placed_in_section: set[tuple[int, str]] = set()
    waiting: dict[int, list[tuple[str, str, Rule, Segment]]] = defaultdict(list)  # claims made before any programme

    def add(subject: str, predicate: str, obj: str, seg: Segment, rule: Rule) -> None:
        if subject == obj:
            return
        relations.append(Relation(subject, predicate, obj, evidence_for(doc, segments, seg, ctx, rule)))
        antecedent = ctx.antecedents.get(seg.index, {}).get(subject)
        if antecedent is not None and antecedent != seg.index:
            # 'The project is run by …': the sentence that names the project is evidence too.
            relations.append(Relation(subject, predicate, obj,
                                      evidence_for(doc, segments, segments[antecedent], ctx, PROGRAMME_ANTECEDENT)))

    governments = lexicon.governments
    home = lexicon.home_countries
    document_programmes = {iri for iris in programmes_by_section.values() for iri in iris}
    only_programme = next(iter(document_programmes)) if len(document_programmes) == 1 else None
    document_place = only_place(segments, ctx)
    lead = lead_place(segments, ctx)
    # sections whose body introduces the article's unnamed programme from someone paying
    implied_sections = {s.section for s in segments for m in ctx.of_class(s, "programme") if m.rule == IMPLIED_PROGRAMME.id}
    for seg in [s for s in segments if ctx.mentions.get(s.index)]:  # each rule below relates the sentence's own mentions
        # a headline is read like a sentence when it reports who pays for the article's event: the event
        # it introduces itself, or the one the body under it does ('Türkiye donated 20 ventilators' | …)
        if seg.kind == "heading" and seg.index not in implied_sections \
                and not any(m.rule == IMPLIED_PROGRAMME.id for m in ctx.of_class(seg, "programme")):
            # a list's lines look like headings: 'Жалғызағаш және Қайнар (Ескелді ауданы)'
            heading_places = ctx.of_class(seg, "country") + ctx.of_class(seg, "region")
            for settlement, parent in settlement_parents(heading_places, seg, ctx):
                if settlement.rule == LISTED_PLACE.id:
                    add(settlement.iri, "locatedIn", parent.iri, seg, SETTLEMENT_IN_PLACE)
            continue
        programmes = ctx.of_class(seg, "programme")
        named_funders = ctx.of_class(seg, "funder")
        places = ctx.of_class(seg, "country") + ctx.of_class(seg, "region")
        # A foreign country may stand for its government as a donor ('contributions from Spain').
        standalone = [m for m in places
                      if not any(f.norm_start <= m.norm_start and m.norm_end <= f.norm_end for f in named_funders)
                      and not _nationality(seg, m, named_funders)]
        donors = [replace(m, iri=governments[m.iri]) for m in standalone if m.iri in governments] \
            + adjective_donors(seg, lexicon)
        section_country = ctx.country_for(seg)
        # Another country of the region pays only where a cue says it pays (not 'signed with Uzbekistan').
        neighbours = [replace(m, iri=lexicon.neighbour_governments[m.iri]) for m in standalone
                      if m.iri in lexicon.neighbour_governments and section_country and m.iri != section_country]
        funders = sorted(named_funders + donors + neighbours, key=lambda m: (m.norm_start, m.iri))
        donor_iris = {m.iri for m in donors}
        neighbour_iris = {m.iri for m in neighbours}
        # A donor's country is not where the programme runs: 'funded by the Government of Japan'.
        donor_spans = [(f.norm_start, f.norm_end) for f in named_funders
                       if ctx.entities[f.iri].org_type == "donor-government"]
        places = [m for m in places if not any(a <= m.norm_start and m.norm_end <= b for a, b in donor_spans)]

        subject = _subject_programme(programmes, current_programme.get(seg.section))
        cued: set[str] = set()
        # Each organisation is explained by the cue nearest to it: in 'реализуется при
        # финансовой поддержке АБР' the bank funds; it does not implement.
        claims: dict[str, tuple[int, str, Rule, int, bool]] = {}  # …, whether the cue pays only for donors
        cues = lexicon.cues_in(seg.norm) if funders else []
        for cue in cues:
            for match in cue.pattern.finditer(seg.norm):
                for org in _cue_orgs(cue.org, match, funders, seg, ctx.grammar):
                    if org.iri in neighbour_iris and cue.predicate != "fundedBy" and not cue.neighbours_pay:
                        continue
                    distance = org.norm_start - match.end() if org.norm_start >= match.end() else match.start() - org.norm_end
                    key = f"{org.iri}@{org.norm_start}"
                    predicate = cue.predicate
                    if cue.donor_predicate and (org.iri in donor_iris or org.iri in neighbour_iris
                                                or _org_type(ctx, lexicon, org.iri) in funding_types):
                        predicate = cue.donor_predicate
                    # a verb that pays only when a donor does it ('приобрёл', 'built') yields to a cue of
                    # money, whichever is nearer: 'на средства фонда «X», который приобрёл …' is paid for by X
                    ambiguous = bool(cue.donor_predicate) and predicate != "fundedBy"
                    held = claims.get(key)
                    if held is None or (distance < held[0] and not (ambiguous and held[1] == "fundedBy")) \
                            or (held[4] and predicate == "fundedBy"):
                        claims[key] = (distance, predicate, cue.rule, match.start(), ambiguous)
        if seg.lang == "kk" and (donors or neighbours) and supply_in(seg.norm, lexicon) is not None:
            # 'Ресейден … гуманитарлық көмек келді': a country aid comes from gives it
            for m in donors + neighbours:
                if ctx.grammar.kazakh_ablative.search(seg.norm[m.norm_start:m.norm_end]):
                    claims.setdefault(f"{m.iri}@{m.norm_start}", (0, "fundedBy", AID_FROM_COUNTRY, m.norm_start, False))
        paying = {m.norm_start for m in neighbours if f"{m.iri}@{m.norm_start}" in claims}
        places = [m for m in places if not (m.iri in lexicon.neighbour_governments and m.norm_start in paying)]
        listed = sorted({m.iri for m in programmes if m.rule == LISTED_PROGRAMME.id})
        list_start = min((m.norm_start for m in programmes if m.rule == LISTED_PROGRAMME.id), default=0)
        if programmes and seg.section not in current_programme:
            # 'ADB approved a $45 million loan … The X Project will …': what was said before the
            # section named any programme is about the first one it names.
            for org_iri, predicate, rule, earlier in waiting.pop(seg.section, []):
                add(programmes[0].iri, predicate, org_iri, earlier, rule)
                relations.append(Relation(programmes[0].iri, predicate, org_iri,
                                          evidence_for(doc, segments, seg, ctx, PROGRAMME_NAMED_AFTER)))
        for key, (_, predicate, rule, position, *_) in sorted(claims.items()):
            org_iri = key.rsplit("@", 1)[0]
            target = _nearest_programme(programmes, position) or subject
            if target is None and seg.section not in current_programme:
                # a headline speaks for the section it heads: 'Türkiye donated 20 ventilators' | the
                # body's first programme
                waiting[seg.index if seg.kind == "heading" else seg.section].append((org_iri, predicate, rule, seg))
                cued.add(org_iri)
                continue
            # 'X and Y launched three projects: • A; • B; • C': the cue speaks of every item listed;
            # one inside the list ('• B, implemented with Z;') of its own item
            every = target in listed and position < list_start
            for target in (listed if every else [target] if target else []):
                add(target, predicate, org_iri, seg, rule)
                cued.add(org_iri)
        for donor in donors:
            if donor.iri in cued:
                ctx.donor_mentions.append(donor)
                places = [p for p in places if (p.norm_start, p.norm_end) != (donor.norm_start, donor.norm_end)]
        countries = sorted({m.iri for m in places if ctx.entities[m.iri].cls == "country"
                            and (m.iri in home or _placed_in(seg, m, ctx.grammar))})
        funders, regions_stated = named_funders, _regions_in(places, seg, ctx)  # once, not per programme and facility

        for prog in programmes:
            for region in regions_stated:
                add(prog.iri, "operatesIn", region.iri, seg, PROGRAMME_REGION_SAME_SENTENCE)
            # a supply goes to the places its sentence names, in any case; so does a donation that is one
            if prog.rule in _DESTINED or (prog.rule in _DONATIONS and supply_in(seg.norm, lexicon)):
                for region in (p for p in places if ctx.entities[p.iri].cls == "region"):
                    add(prog.iri, "operatesIn", region.iri, seg, SUPPLY_DESTINATION)
            if countries:
                for country in countries:
                    add(prog.iri, "operatesIn", country, seg, PROGRAMME_COUNTRY_SAME_SENTENCE)
            elif section_country and (seg.section, prog.iri) not in placed_in_section:
                add(prog.iri, "operatesIn", section_country, seg,
                    ctx.country_rule or PROGRAMME_SECTION_COUNTRY)
            placed_in_section.add((seg.section, prog.iri))


        for prog in programmes:
            for org in parenthesised_after(prog, funders, seg):
                if org.iri not in cued:
                    add(prog.iri, "implementedBy", org.iri, seg, PARENTHESISED_AGENCIES)
            owner = owner_before(prog, funders + donors, seg, lexicon)
            if owner is not None:
                org_type = _org_type(ctx, lexicon, owner.iri)
                add(prog.iri, "fundedBy" if org_type in funding_types else "implementedBy", owner.iri, seg,
                    OWNER_PROGRAMME)
            elif (government := donor_adjective(prog, seg, lexicon)) is not None:
                add(prog.iri, "fundedBy", government, seg, OWNER_PROGRAMME)

        anaphoric = current_programme.get(seg.section) if not programmes and _mentions_programme_word(seg, lexicon) else None
        if anaphoric:
            for region in regions_stated:
                add(anaphoric, "operatesIn", region.iri, seg, PROGRAMME_REGION_SAME_SENTENCE)
        elif not programmes and only_programme:
            # An article about one programme: the places it says things happen in are the programme's.
            regions = regions_stated
            if regions and not _mentions_event(seg, lexicon):
                for region in regions:
                    add(only_programme, "operatesIn", region.iri, seg, PROGRAMME_REGION_DOCUMENT)
        for settlement, parent in settlement_parents(places, seg, ctx):
            add(settlement.iri, "locatedIn", parent.iri, seg, SETTLEMENT_IN_PLACE)
        for place, parent in place_then_parent(places, seg, ctx, lexicon):
            add(place.iri, "locatedIn", parent.iri, seg, PLACE_IN_PLACE)
        involved = [p.iri for p in programmes] or ([anaphoric] if anaphoric else [])
        facilities = sorted(ctx.of_class(seg, "facility"), key=lambda m: m.norm_start)
        section_programmes = programmes_by_section.get(seg.section, set())
        for facility in facilities:
            for prog in involved:
                add(prog, "involvesFacility", facility.iri, seg, PROGRAMME_FACILITY_SAME_SENTENCE)
            if not involved and len(section_programmes) == 1:
                # A short article about one programme: the facilities it names take part in it.
                add(next(iter(section_programmes)), "involvesFacility", facility.iri, seg,
                    PROGRAMME_FACILITY_SAME_SECTION)
        listed_in: Mention | None = None  # 'new clinics in Ashgabat – the A Centre and the B Centre'
        previous: Mention | None = None
        for facility in facilities:
            inner = [p for p in places if facility.norm_start <= p.norm_start and p.norm_end <= facility.norm_end]
            if previous is None or not ctx.grammar.facility_join.match(seg.norm[previous.norm_end:facility.norm_start]):
                listed_in = place_announcing(facility, places, seg, ctx.grammar)
            previous = facility
            # 'Сарыағаш ауданындағы Көктерек ауылында … амбулатория': the place a description starts with is nearer
            described = facility.rule in (DESCRIBED_FACILITY.id, FACILITY_PER_PLACE.id)
            if described and not inner:  # 'В селе Акжар построена врачебная амбулатория': the village its label ends with
                label = ctx.entities[facility.iri].label(seg.lang)
                inner = [p for p in places if label.endswith(seg.norm[p.norm_start:p.norm_end])]
            described_here = inner and described
            before = None if described_here else place_before(facility, places, seg, ctx.grammar)
            # the place a description names is its own ('больница района X в Y области' is in X)
            # its owner's place names it more closely than a place after it ('Tashkent's Complex No. 7 in Uzbekistan')
            place = None if described_here else (before if seg.lang == "en" else None) \
                or place_after(facility, places, seg) or before or listed_in
            listed_in = listed_in or before  # 'в X открылись A и B': the next facility of the list too
            if place is None:
                # 'специалисты больницы № 3 и кардиологического центра, расположенных в Караганде'
                for later in facilities:
                    if later.norm_start > facility.norm_end and ctx.grammar.facility_join.match(seg.norm[facility.norm_end:later.norm_start]):
                        place = place_after(later, places, seg)
                        break
            # every place its name holds: 'Центр … Тонского района Иссык-Кульской области' is in both
            named = [p.iri for p in inner] if inner else [region_in_name(facility, seg, ctx)] if place is None else []
            if place is None and any(named):  # 'Nukus Regional … Centre', 'больница Туркестанской области'
                for region in filter(None, named):
                    add(facility.iri, "locatedIn", region, seg, FACILITY_NAME_PLACE)
            elif place is not None:
                add(facility.iri, "locatedIn", place.iri, seg, FACILITY_IN_PLACE)
            elif len(regions_stated) == 1 and (seg.section, facility.iri) not in placed_in_section:
                add(facility.iri, "locatedIn", regions_stated[0].iri, seg, FACILITY_SENTENCE_PLACE)
            elif not regions_stated and (passage := passage_place(seg, segments, ctx)) \
                    and (seg.section, facility.iri) not in placed_in_section:
                add(facility.iri, "locatedIn", passage, seg, FACILITY_PASSAGE_PLACE)
            elif document_place is not None and (seg.section, facility.iri) not in placed_in_section:
                add(facility.iri, "locatedIn", document_place, seg, FACILITY_DOCUMENT_PLACE)
            elif lead is not None and (seg.section, facility.iri) not in placed_in_section:
                add(facility.iri, "locatedIn", lead, seg, FACILITY_LEAD_PLACE)
            elif section_country and (seg.section, facility.iri) not in placed_in_section:
                add(facility.iri, "locatedIn", section_country, seg,
                    ctx.country_rule or FACILITY_SECTION_COUNTRY)
            placed_in_section.add((seg.section, facility.iri))

        if programmes:
            current_programme[seg.section] = programmes[-1].iri
    _place_unplaced_programmes(doc, segments, ctx, relations)
    def evidence(seg: Segment, rule: Rule) -> Evidence:
        return evidence_for(doc, segments, seg, ctx, rule)
    where_supplies_go(segments, ctx, lexicon, relations, evidence)
    facilities_in_containing_places(segments, ctx, relations, evidence)
    facilities_in_their_countries(ctx, relations)
    where_facilities_are(ctx, relations)
    places_that_contain(segments, ctx, relations, evidence)
    every_place_of_the_one_programme(segments, ctx, lexicon, relations,
                                     lambda seg: _mentions_event(seg, lexicon) or ctx.grammar.planned.search(seg.norm) is not None,
                                     evidence)
    the_one_payer_and_implementer(segments, ctx, lexicon, relations, lambda iri: _org_type(ctx, lexicon, iri), evidence)
    return relations


def _place_unplaced_programmes(doc: SourceDocument, segments: list[Segment], ctx: Context,
                               relations: list[Relation]) -> None:
    """'… on the Telemed.Kg platform' in a photo caption of an article about Kyrgyzstan: what no
    sentence placed runs in the article's country, unless it is placed outside it."""
    country = ctx.document_country
    if country is None or country not in ctx.lexicon.home_countries:
        return
    placed = set()
    for r in relations:
        where = country_of(r.object, ctx.lexicon, ctx.entities) if r.predicate == "operatesIn" else None
        if where is not None and (where == r.object or where != country):
            placed.add(r.subject)  # in a country, or in a region of another one ('a platform in Urumqi')
    for seg in segments:
        for mention in ctx.of_class(seg, "programme"):
            if mention.iri not in placed:
                placed.add(mention.iri)
                rule = ctx.country_rule or PROGRAMME_DOCUMENT_COUNTRY
                relations.append(Relation(mention.iri, "operatesIn", country, evidence_for(doc, segments, seg, ctx, rule)))


def _mentions_programme_word(seg: Segment, lexicon: Lexicon) -> bool:
    """'the project', 'к системе', 'жоба аясында': the sentence speaks of the programme in context."""
    return any(not lexicon.programme_triggers.isdisjoint(lexicon.key_of(t)) for _, _, t in tokenize(seg.norm))


def _org_type(ctx: Context, lexicon: Lexicon, iri: str) -> str | None:
    """The reference data's type, or for an organisation the document named ('German Development
    Bank', 'Немецкий банк развития') the type its head word gives (lexicon `funding_heads`)."""
    record = ctx.entities.get(iri) or lexicon.entities.get(iri)
    if record is None:
        return None
    if record.org_type is None and record.cls == "funder":
        heads = lexicon.memo("funding_heads", lambda: {k: str(t) for t, words in (lexicon.section("funding_heads") or {}).items()
                                                       for w in words for k in lexicon.key_of(str(w)) | {str(w).lower()}})
        for word in tokenize(record.label(next(iter(record.labels), "en"))):
            for key in lexicon.key_of(word[2]) | {word[2].lower()}:
                if key in heads:
                    return heads[key]
    return record.org_type


def _nationality(seg: Segment, place: Mention, organisations: list[Mention]) -> bool:
    """'Oslo University (Norway)': a country in brackets right after an organisation says where it
    is from, as does one after an indefinite article ('a Japanese firm'); it pays for nothing."""
    before = seg.norm[:place.norm_start].rstrip()
    if re.search(r"\b(?:a|an)$", before):
        return True  # 'donated by a U.S. manufacturer': the country qualifies a noun; it is no donor
    return before.endswith("(") and any(0 <= len(before) - 1 - o.norm_end <= 1 for o in organisations)


def _mentions_event(seg: Segment, lexicon: Lexicon) -> bool:
    events = lexicon.memo("event_keys", lambda: {k for w in lexicon.section("programme_references", "events") or []
                                                 for k in lexicon.key_of(str(w))})
    # 'Previously, such funds built a school in Taraz …': what happened before is another event
    background = lexicon.memo("background_openers", lambda: re.compile(
        r"^\W*(?:" + "|".join(re.escape(str(w)) for w in lexicon.section("programme_references", "background") or [])
        + r")\b", re.IGNORECASE))
    return background.match(seg.norm) is not None or any(lexicon.key_of(t) & events for _, _, t in tokenize(seg.norm))


def _kk_locative(text: str, place: Mention, grammar: Grammar) -> bool:
    """'Шымкентте', 'Шымкент қаласындағы': the place's last word, or the word after it, is locative."""
    last = text[:place.norm_end].split()[-1] if text[:place.norm_end].split() else ""
    following = [w for w in text[place.norm_end:].split()[:1] if len(w) > 3]  # not the particle 'да'
    return any(grammar.kazakh_locative.search(w.strip(".,;:")) for w in [last, *following])


def _regions_in(places: list[Mention], seg: Segment, ctx: Context) -> list[Mention]:
    """Regions the sentence puts the action in: 'in rural Sughd oblast', 'в Туркестанской области',
    and the rest of a list that starts so ('in Osh, Naryn and Talas', 'regions, including Chui')."""
    # a facility counted out over places stands on its place's words; the place stays the programme's
    facilities = [f for f in ctx.of_class(seg, "facility") if f.rule != FACILITY_PER_PLACE.id]
    text = seg.norm
    regions = [p for p in sorted(places, key=lambda m: m.norm_start) if ctx.entities[p.iri].cls == "region"]
    # a list of places a colon announced ('visits these stations: …') lists where the action happens
    stated = [_placed_in(seg, p, ctx.grammar) or (p.rule == LISTED_PLACE.id and re.search(r"[:(]", text[:p.norm_start]))
              for p in regions]
    # 'in Syrdarya region (Akaltyn, Bayavut …)': a bracketed list after a region goes on from it
    joined = [ctx.grammar.list_join.match(text[a.norm_end:b.norm_start]) is not None
              or re.fullmatch(r"\s*\(\s*", text[a.norm_end:b.norm_start]) is not None for a, b in zip(regions, regions[1:])]
    for k in range(len(regions)):  # 'in Osh, Naryn and Talas': the rest of a list that starts so
        stated[k] = stated[k] or (k > 0 and stated[k - 1] and joined[k - 1]) or _included(text, regions[k], any(stated[:k]), ctx.grammar)
    for k in range(len(regions) - 2, -1, -1):  # 'Азғыр, Жасталап, Арна ауылдарында': the case is on the last
        # and a known name that opens an announced list ('районов проекта (Нурек, Шахринав, …)')
        stated[k] = stated[k] or ((seg.lang == "kk" or regions[k + 1].rule == LISTED_PLACE.id) and stated[k + 1] and joined[k])
    # '… Hospital in Dushanbe' places the hospital, not the programme; '… Embassy of Japan in Dushanbe' the embassy
    seated = facilities + [o for o in ctx.of_class(seg, "funder") if names_a_seat(text[o.norm_start:o.norm_end], ctx.lexicon)]
    return [p for p, ok in zip(regions, stated) if ok
            and not any(0 <= p.norm_start - f.norm_end <= 5 for f in seated)
            and not any(f.norm_start <= p.norm_start < f.norm_end for f in facilities)]


def _included(text: str, place: Mention, after_stated: bool, grammar: Grammar) -> bool:
    """'… regions, including Chui', 'in remote regions of the republic, including Jalal-Abad': the
    first of a list that 'including' opens, after a place or a preposition in the same clause."""
    before = text[max(0, place.norm_start - 40):place.norm_start]
    cue = grammar.including.search(before)
    if cue is None:
        return False
    clause = re.split(r"[.;:]", text[:place.norm_start - len(before) + cue.start()])[-1]
    return after_stated or grammar.place_preposition.search(clause[-80:]) is not None


def _placed_in(seg: Segment, place: Mention, grammar: Grammar) -> bool:
    """'in India', 'в Индии', 'Үндістанда': the sentence puts something in the place."""
    before = seg.norm[max(0, place.norm_start - 30):place.norm_start]
    extended = grammar.extended_to.search(before)
    # 'could later be extended to Navoiy Region', 'планируется распространить на …': not yet there
    planned = extended is not None and grammar.planned.search(seg.norm[max(0, place.norm_start - 60):place.norm_start])
    return bool(grammar.in_place.search(before[-20:]) or (extended and not planned)
                or grammar.in_units_of.search(seg.norm, max(0, place.norm_start - 45), place.norm_start)
                or (seg.lang == "kk" and (_kk_locative(seg.norm, place, grammar) or grammar.kazakh_covers.search(seg.norm[place.norm_end:]))))


def _subject_programme(programmes: list[Mention], section_programme: str | None) -> str | None:
    return programmes[0].iri if programmes else section_programme


def _nearest_programme(programmes: list[Mention], position: int) -> str | None:
    if not programmes:
        return None
    return min(programmes, key=lambda m: (abs(m.norm_start - position), m.norm_start)).iri


def _cue_orgs(side: str, match: re.Match[str], funders: list[Mention], seg: Segment, grammar: Grammar) -> list[Mention]:
    if side == "after":
        ordered = sorted((f for f in funders if f.norm_start >= match.end()), key=lambda f: f.norm_start)
        if not ordered or not grammar.between_cue_and_org.match(seg.norm[match.end():ordered[0].norm_start]):
            return []
        chosen = [ordered[0]]
        # 'реализовывать ПРООН и Министерство …': organisations joined to the first one.
        for org in ordered[1:]:
            if grammar.org_join.match(seg.norm[chosen[-1].norm_end:org.norm_start]):
                chosen.append(org)
            else:
                break
        # 'With backing from the Fund, the WHO Office will lead …': a comma alone ends a list unless
        # the list goes on after it ('A, B and C', 'A, B, C)').
        # ('A, B, and C': the Oxford comma is no comma alone)
        if len(chosen) > 1 and re.fullmatch(r"[\s(]*,[\s(]*(?:the\s+)?", seg.norm[chosen[-2].norm_end:chosen[-1].norm_start]) \
                and not grammar.list_goes_on.match(seg.norm[chosen[-1].norm_end:]):
            chosen.pop()
        return chosen
    if side == "nearest-before":
        before = sorted((f for f in funders if f.norm_end <= match.start()
                         and not re.search(r"[.;:]", seg.norm[f.norm_end:match.start()])), key=lambda f: f.norm_end)
        # 'NRCST, in cooperation with UNDP, is implementing …': the helper in an aside is not the doer
        while len(before) > 1 and seg.norm[before[-1].norm_end:match.start()].lstrip().startswith(",") \
                and grammar.aside.search(seg.norm[before[-2].norm_end:before[-1].norm_start]):
            before = before[:-1]
        if not before:
            if seg.lang != "ru":
                return []
            # the first organisation after the verb that can be its doer ('передала в дар Таджикистану Россия')
            after = sorted((f for f in funders if f.norm_start >= match.end()), key=lambda f: f.norm_start)[:2]
            return next(([f] for f in after if subject_after_verb(seg.norm, match, f.norm_start)), [])
        # 'ДДСҰ мен ЮНИСЕФ бірлесіп', 'UNDP and UNICEF implement': organisations joined to the nearest one
        chosen = [before[-1]]
        for org in reversed(before[:-1]):
            if org.norm_end <= chosen[-1].norm_start and grammar.org_join.match(seg.norm[org.norm_end:chosen[-1].norm_start]):
                chosen.append(org)
            else:
                break
        return chosen
    if side == "before":
        return [f for f in funders if f.norm_end == match.start()
                or (0 <= match.start() - f.norm_end <= 1 and seg.norm[f.norm_end:match.start()] in ("-", " "))]
    if side == "subject":  # not who reports it: 'Минздрав сообщает, что на строительство выделено …'
        return [f for f in funders if f.norm_end <= match.start() and not grammar.reported_clause.search(
            seg.norm[f.norm_end:match.start()])]
    return []
