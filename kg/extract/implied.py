"""What the article implies about its programmes as a whole: an article that reports a grant or a
donation and names no programme is about an unnamed one; a programme first described and named
later in the article is the named one. Runs after ``refer_to_programmes`` has read every sentence."""

from __future__ import annotations

import re

from kg.extract.candidates import Candidate
from kg.extract.cues import Prefiltered
from kg.extract.entities import EntityFinder
from kg.extract.lexicon import Lexicon
from kg.extract.programmes import DESCRIBED_PROGRAMME, INTRODUCED_PROGRAMME, PROGRAMME_REFERENCE, ProgrammeWords
from kg.extract.rules import Rule, declare
from kg.model import EntityRecord
from kg.text.morph import tokenize
from kg.text.segment import Segment

IMPLIED_PROGRAMME = declare(
    "implied-programme",
    "An article that reports a grant, a loan or a donation and names no programme is about one: the "
    "first sentence where someone pays introduces it, labelled by who pays and the article's country.")
IMPLIED_WORKS = declare(
    "implied-works-programme",
    "An article that reports building, repairing or equipping a facility, or aid delivered to one, and "
    "names no programme is about one: the first sentence with such works (else such a delivery) "
    "introduces it, labelled by the facility.")
IMPLIED_SUPPLIES = declare(
    "implied-supplies-programme",
    "An article that reports equipment bought, handed over or received (ambulances, ventilators, medical "
    "equipment) and names no programme nor any works is about one supply: the first sentence with such an "
    "event and such a thing introduces it, labelled by what is supplied and the first place of the sentence "
    "(else the article's country).")
SUPPLY_DESTINATION = declare(
    "supply-destination",
    "A supply runs in every place its sentence names, whatever the case ('ambulances purchased for Khatlon "
    "Region', 'Ақмола облысына … сатып алынды'): that is where the things go. So does an unnamed donation or "
    "delivery whose sentence reports things supplied ('received ventilators from X for the hospitals of Y').")
IMPLIED_KIND_WORKS = declare(
    "implied-works-of-a-kind",
    "An article that reports building, repairing or opening facilities of a kind without naming one ('в пяти "
    "сёлах построят медпункты', 'бес ауылда медициналық пункт салынады') and names no programme is "
    "about those works: the first such sentence introduces them, labelled by the kind and its first place; they "
    "run in every place that sentence names.")
IMPLIED_EVENT = declare(
    "implied-event-programme",
    "An article that reports works, an opening, a delivery or a purchase and names no programme, and where no "
    "facility, kind of facility or thing supplied labels the event, is still about one: the first sentence "
    "with such an event and a place introduces it, labelled by the kind of event and the place.")
# Every rule that introduces a programme the article implies rather than names.
IMPLIED_RULES = frozenset(r.id for r in (IMPLIED_PROGRAMME, IMPLIED_WORKS, IMPLIED_SUPPLIES, IMPLIED_KIND_WORKS,
                                         IMPLIED_EVENT))
NAMED_LATER = declare(
    "programme-named-later",
    "A programme first described ('проект по профилактике', 'a telemedicine project') and named later "
    "in the article, the name sharing a word with the description, is the named one.")


def imply_programme(segments: list[Segment], per_segment: dict[int, list[Candidate]], finder: EntityFinder,
                    local: dict[str, EntityRecord], country_label: dict[int, str | None],
                    country_iri: dict[int, str | None]) -> None:
    """'Japan handed over equipment worth $2.8 million to 50 hospitals', 'при поддержке Швейцарии
    переданы компьютеры': a reader writes such an event down as an unnamed project. Only when the
    article describes no programme and names none in its first sentences: a news item's lead says what it
    is about, and a programme named only further down ('Earlier, 49 ambulances were bought within the Safe
    City project') is background, not the framework of the lead's event. Adds the programme to
    ``per_segment`` in place."""
    lex = finder.lex
    named = [(seg, c) for seg in segments for c in per_segment[seg.index] if _class_of(c, finder) == "programme"]
    described = any(c.rule in (INTRODUCED_PROGRAMME, DESCRIBED_PROGRAMME) for _, c in named)
    if named and ((named[0][0].index < _NAMED_EARLY and not all(_umbrella(seg, c, lex) for seg, c in named))
                  or described or not any(reports_act(seg.norm, lex) for seg in segments[:_LEAD])):
        return
    templates = lex.section("programme_references").get("implied_label", {})
    funding_types = set(lex.section("funding_org_types") or [])
    # the body first; a headline only when no sentence of the body reports who pays
    # ('Узбекистану поставят … за счёт гранта Южной Кореи' and a body about the memorandum)
    for seg in sorted(segments, key=lambda s: s.kind == "heading"):
        country = country_label.get(seg.index)
        if country is None or seg.lang not in templates or not lex.has_relation_cue(seg.norm):
            continue
        payers = [c for c in per_segment[seg.index] if _pays(c, finder, funding_types, country_iri.get(seg.index))]
        if not payers:
            continue
        for cue in lex.cues_in(seg.norm):
            if "fundedBy" not in (cue.predicate, cue.donor_predicate):
                continue
            for match in cue.pattern.finditer(seg.norm):
                if any(c.start < match.end() <= c.end for c in per_segment[seg.index]):
                    continue  # 'EU-funded' is part of a name it qualifies (a long cue may run across other names)
                if cue.predicate != "fundedBy" and not any(_pays(c, finder, funding_types, None, donors_only=True)
                                                           for c in payers):
                    continue  # support from a ministry is partnership, not an event someone pays for
                # the payer on the side the cue names it ('получило от X': X, not the receiver before it)
                sided = [c for c in payers if (c.start >= match.end() if cue.org == "after" else c.end <= match.start())]
                payer = _nearest(sided or payers, match)
                # a budget or a payer group is labelled with its country, which the label adds anyway
                funder = _label_of(payer, finder, seg.lang).removesuffix(f" ({country})")
                label = str(templates[seg.lang]).format(funder=funder, country=country)
                _introduce(per_segment, seg, finder, local, label, match, IMPLIED_PROGRAMME)
                return
    if not _imply_works(segments, per_segment, finder, local) and \
            not _imply_works_of_a_kind(segments, per_segment, finder, local, country_label) and \
            not _imply_supplies(segments, per_segment, finder, local, country_label):
        _imply_event(segments, per_segment, finder, local, country_label)


# The lead whose event makes the undertaking, and how early a named programme takes that event over
# (segments, headings included).
_LEAD = 3
_NAMED_EARLY = 5


def _umbrella(seg: Segment, cand: Candidate, lex: Lexicon) -> bool:
    """Whether a programme is a country's whole programme for a sector, by its words or the class words beside
    it ('State Programme for Healthcare Development', '«…» ұлттық жобасы', 'государственной программы «…»')."""
    # each phrase's words as stems: 'государственн программ' is 'государственной программы' too
    pattern = lex.memo("umbrella_pattern", lambda: re.compile("|".join(
        r"\b" + r"\w*\s+".join(map(re.escape, str(phrase).lower().split())) + r"\w*"
        for phrase in lex.section("programme_references").get("umbrella") or []) or "(?!)"))
    return pattern.search(seg.norm[max(0, cand.start - 40):cand.end + 40].lower()) is not None


def _imply_works(segments: list[Segment], per_segment: dict[int, list[Candidate]], finder: EntityFinder,
                 local: dict[str, EntityRecord]) -> bool:
    """'строительство в Ашхабаде многопрофильной больницы на 500 мест', 'ауруханасын күрделі жөндеу',
    'груз передан Республиканской больнице': works on a facility, or aid delivered to one, in an article
    that names no programme, are the project a reader writes down. Works first: a delivery counts only
    where no sentence reports works."""
    lex = finder.lex
    section = lex.section("programme_references")
    # a facility opened is the end of its works ('открыли больницу в селе X')
    for kind, labelled in (("works", "works"), ("deliveries", "deliveries"), ("openings", "works")):
        templates, pattern = section.get(f"{labelled}_label", {}), section.get(kind)
        if not pattern:
            continue
        events = event_pattern(lex, kind)
        for seg in segments:
            if seg.kind == "heading" or seg.lang not in templates:
                continue
            found = _works_at(seg, per_segment, finder, events)
            if found is None:
                continue
            facility, match = found
            label = str(templates[seg.lang]).format(facility=_label_of(facility, finder, seg.lang))
            _introduce(per_segment, seg, finder, local, label, match, IMPLIED_WORKS)
            if labelled == "works":  # another facility's works, or its opening (the end of its works)
                _works_on_other_facilities(segments, per_segment, finder, local, seg, facility,
                                           [event_pattern(lex, k) for k in ("works", "openings") if section.get(k)],
                                           templates)
            return True
    return False


def _works_at(seg: Segment, per_segment: dict[int, list[Candidate]], finder: EntityFinder,
              events: Prefiltered) -> tuple[Candidate, re.Match[str]] | None:
    """The facility a sentence's event is done to (the one nearest the event's words) and the event."""
    facilities = [c for c in per_segment[seg.index] if _class_of(c, finder) == "facility"]
    match = events.search(seg.norm) if facilities else None
    return (_nearest(facilities, match), match) if match is not None else None


def _works_on_other_facilities(segments: list[Segment], per_segment: dict[int, list[Candidate]], finder: EntityFinder,
                               local: dict[str, EntityRecord], first: Segment, facility: Candidate,
                               events: list[Prefiltered], templates: dict[str, str]) -> None:
    """'A polyclinic was built in X … A feldsher post opened in Y', 'Hospital in Ashgabat' | … will build …:
    works on another facility, in a sentence of their own, are another undertaking, as readers write each
    down. Another facility only: one whose words hold, or are held by, a facility's already taken ('the
    Regional Hospital' and 'the Regional Hospital of Urmetan') is the same, named again."""
    done = [_label_of(facility, finder, first.lang)]
    for seg in segments:
        if seg.index <= first.index or seg.kind == "heading" or seg.lang not in templates:
            continue
        found = next((f for f in (_works_at(seg, per_segment, finder, e) for e in events) if f is not None), None)
        name = _label_of(found[0], finder, seg.lang) if found is not None else None
        if found is None or name is None or any(_same_facility(name, other) for other in done):
            continue
        _introduce(per_segment, seg, finder, local, str(templates[seg.lang]).format(facility=name), found[1],
                   IMPLIED_WORKS)
        done.append(name)


def _same_facility(a: str, b: str) -> bool:
    """Whether two facility labels may name one facility: the words of one are all among the other's."""
    words_a, words_b = (set(re.findall(r"\w+", label.lower())) for label in (a, b))
    return words_a <= words_b or words_b <= words_a


def _imply_works_of_a_kind(segments: list[Segment], per_segment: dict[int, list[Candidate]], finder: EntityFinder,
                           local: dict[str, EntityRecord], country_label: dict[int, str | None]) -> bool:
    """'Биыл бес ауылда медициналық пункт салынады': works on facilities the text
    counts or describes but does not name. Building or opening only: a delivery to 'the hospital' is a supply."""
    lex = finder.lex
    section = lex.section("programme_references")
    templates, kinds = section.get("works_kind_label", {}), section.get("works_kinds", {})
    patterns = [section[k] for k in ("works", "openings") if section.get(k)]
    if not templates or not kinds or not patterns:
        return False
    events = lex.memo("kind_works_events", lambda: Prefiltered(re.compile("|".join(f"(?:{p})" for p in patterns),
                                                                        re.IGNORECASE)))
    for seg in sorted(segments, key=lambda s: s.kind == "heading"):
        if seg.lang not in templates or seg.lang not in kinds:
            continue
        event = events.search(seg.norm)
        kind = _kind_in(seg.norm, kinds[seg.lang], lex) if event is not None else None
        if kind is None:
            continue
        place = _first_place(seg, per_segment, finder, country_label)
        if place is None:
            continue
        _introduce(per_segment, seg, finder, local, str(templates[seg.lang]).format(kind=kind, place=place), event,
                   IMPLIED_KIND_WORKS)
        return True
    return False


def _kind_in(text: str, kinds: list[str], lex: Lexicon) -> str | None:
    """The first facility kind the text names ('медицинских пунктов'), as the lexicon writes it ('медицинский
    пункт'), so that the label is not an inflected form."""
    wanted = [tuple(str(k).lower().split()) for k in kinds]
    keys = [lex.key_of(t.lower()) | {t.lower()} for _, _, t in tokenize(text)]
    for i in range(len(keys)):
        for words in wanted:
            if len(keys) - i >= len(words) and all(w in k for w, k in zip(words, keys[i:])):
                return " ".join(words)
    return None


def _first_place(seg: Segment, per_segment: dict[int, list[Candidate]], finder: EntityFinder,
                 country_label: dict[int, str | None]) -> str | None:
    """What an unnamed programme's label says it is for: the sentence's first place, else its country."""
    regions = [c for c in per_segment[seg.index] if _class_of(c, finder) == "region"]
    return _label_of(regions[0], finder, seg.lang) if regions else country_label.get(seg.index)


def _imply_supplies(segments: list[Segment], per_segment: dict[int, list[Candidate]], finder: EntityFinder,
                    local: dict[str, EntityRecord], country_label: dict[int, str | None]) -> bool:
    """'40 жедел жәрдем көлігі сатып алынды', 'Korea handed over 30 ambulances to the ministry': a supply
    with no facility named is the project a reader writes down. The body first, then a headline."""
    lex = finder.lex
    templates = lex.section("programme_references").get("supplies_label", {})
    if not templates:
        return False
    for seg in sorted(segments, key=lambda s: s.kind == "heading"):
        if seg.lang not in templates:
            continue
        found = supply_in(seg.norm, lex)
        if found is None:
            continue
        event, thing = found
        place = _first_place(seg, per_segment, finder, country_label)
        if place is None:
            continue
        label = str(templates[seg.lang]).format(supplies=" ".join(thing.group().lower().split()), place=place)
        _introduce(per_segment, seg, finder, local, label, event, IMPLIED_SUPPLIES)
        return True
    return False


_EVENT_KINDS = ("works", "openings", "deliveries", "purchases")


def event_pattern(lex: Lexicon, kind: str) -> Prefiltered:
    """The lexicon's pattern of one kind of event; asked of every sentence of an article without a programme,
    so behind the filter of the words it needs."""
    return lex.memo(f"{kind}_pattern", lambda: Prefiltered(re.compile(
        str(lex.section("programme_references")[kind]), re.IGNORECASE)))


def _imply_event(segments: list[Segment], per_segment: dict[int, list[Candidate]], finder: EntityFinder,
                 local: dict[str, EntityRecord], country_label: dict[int, str | None]) -> None:
    """'Тұрар ауылында жаңа нысан пайдалануға берілді', 'гуманитарная помощь доставлена в Туркестан': an
    event with nothing to name it by but where it happened. The body first, then a headline."""
    lex = finder.lex
    section = lex.section("programme_references")
    labels = section.get("event_label") or {}
    patterns = {kind: event_pattern(lex, kind) for kind in _EVENT_KINDS if section.get(kind) and labels.get(kind)}
    goods = lex.memo("aid_goods", lambda: Prefiltered(re.compile(str(section["aid"]), re.IGNORECASE))
                     if section.get("aid") else None)
    for seg in sorted(segments, key=lambda s: s.kind == "heading"):
        # a delivery or a purchase of aid ('sent a letter', 'received a warm welcome' are neither)
        aid = goods is not None and goods.search(seg.norm) is not None
        found = [(m.start(), kind, m) for kind, pattern in patterns.items()
                 if seg.lang in labels[kind] and (kind in ("works", "openings") or aid)
                 and (m := pattern.search(seg.norm)) is not None]
        place = _first_place(seg, per_segment, finder, country_label) if found else None
        if place is None:
            continue
        _, kind, event = min(found, key=lambda f: (f[0], f[1]))
        _introduce(per_segment, seg, finder, local, str(labels[kind][seg.lang]).format(place=place), event,
                   IMPLIED_EVENT)
        return


def reports_act(text: str, lex: Lexicon) -> bool:
    """Whether the sentence reports works, an opening or a delivery: something done to a facility or
    handed over ('was renovated', 'открыли', 'табысталды')."""
    return lex.memo("acts", lambda: _acts(lex)).search(text) is not None


def _acts(lex: Lexicon) -> Prefiltered:
    section = lex.section("programme_references")
    return Prefiltered(re.compile("|".join(f"(?:{section[k]})" for k in ("works", "deliveries", "openings")
                                           if section.get(k)) or "(?!)", re.IGNORECASE))


def supply_in(text: str, lex: Lexicon) -> tuple[re.Match[str], re.Match[str]] | None:
    """The event ('handed over', 'сатып алынды') and the thing supplied ('ventilators') of a sentence that
    reports a supply, or None."""
    section = lex.section("programme_references")
    if not section.get("supplies"):
        return None
    events = lex.memo("supply_events", lambda: Prefiltered(re.compile(
        "|".join(f"(?:{section[k]})" for k in ("works", "deliveries", "purchases") if section.get(k)), re.IGNORECASE)))
    event = events.search(text)
    thing = supplied_things(lex).search(text) if event is not None else None
    return (event, thing) if thing is not None else None


def supplied_things(lex: Lexicon) -> re.Pattern[str]:
    """The things a supply delivers ('ventilators', 'санитарные машины', 'жедел жәрдем көлігі')."""
    pattern = lex.section("programme_references").get("supplies")
    return lex.memo("supplies_pattern", lambda: re.compile(str(pattern) if pattern else "(?!)", re.IGNORECASE))


def _introduce(per_segment: dict[int, list[Candidate]], seg: Segment, finder: EntityFinder,
               local: dict[str, EntityRecord], label: str, match: re.Match[str], rule: Rule) -> None:
    """The unnamed programme ``label``, mentioned where ``match`` stands in ``seg``."""
    record = finder.new_record("programme", label, seg.lang)
    record = local.setdefault(record.iri, record)
    implied = Candidate(record, [], match.start(), match.end(), rule, 1)
    per_segment[seg.index] = sorted(per_segment[seg.index] + [implied], key=lambda c: (c.start, c.end))


def _nearest(cands: list[Candidate], match: re.Match[str]) -> Candidate:
    return min(cands, key=lambda c: min(abs(c.start - match.end()), abs(match.start() - c.end)))


def _class_of(cand: Candidate, finder: EntityFinder) -> str | None:
    if cand.record is not None:
        return cand.record.cls
    iris = {e.iri for e in cand.entries}
    record = finder.lex.entities.get(next(iter(iris))) if len(iris) == 1 else None
    return record.cls if record is not None else None


def _pays(cand: Candidate, finder: EntityFinder, funding_types: set[str], home: str | None,
          donors_only: bool = False) -> bool:
    """An organisation, or a foreign country standing for its government ('Japan handed over …'), or
    another country of the region than the one the article is about."""
    cls = _class_of(cand, finder)
    iri = cand.record.iri if cand.record is not None else cand.entries[0].iri if cand.entries else None
    if cls == "country":
        if home is not None and iri != home and iri in finder.lex.neighbour_governments:
            return True
        return iri not in finder.lex.home_countries and iri in finder.lex.governments
    if cls != "funder":
        return False
    if not donors_only:
        return True
    record = cand.record or finder.lex.entities.get(str(iri))
    return record is not None and record.org_type in funding_types


def _label_of(cand: Candidate, finder: EntityFinder, lang: str) -> str:
    if cand.record is not None:
        return cand.record.label(lang)
    return finder.lex.entities[cand.entries[0].iri].label(lang)


_UNNAMED = {DESCRIBED_PROGRAMME.id, INTRODUCED_PROGRAMME.id}


def name_described_programme(segments: list[Segment], per_segment: dict[int, list[Candidate]],
                             finder: EntityFinder) -> None:
    """'Швейцария направит 5 млн на реализацию проекта по профилактике … швейцарский проект «Эффективное
    управление и профилактика неинфекционных заболеваний»': with one programme described and one named
    after it, sharing a word, the description was the named programme all along. Rewrites the
    described programme's candidates in ``per_segment`` to the named one's record."""
    lex = finder.lex
    words = lex.memo("programme_words", lambda: ProgrammeWords.of(lex))
    described: dict[str, tuple[int, EntityRecord]] = {}
    named: dict[str, tuple[int, Candidate]] = {}
    for seg in segments:
        for cand in per_segment[seg.index]:
            if _class_of(cand, finder) != "programme":
                continue
            if cand.record is not None and cand.rule.id in _UNNAMED:
                described.setdefault(cand.record.iri, (seg.index, cand.record))
            elif cand.rule.id != PROGRAMME_REFERENCE.id and cand.rule.id not in _UNNAMED:
                iri = cand.record.iri if cand.record is not None else cand.entries[0].iri
                named.setdefault(iri, (seg.index, cand))
    if len(described) != 1 or len(named) != 1:
        return
    (first_described, record), = described.values()
    (first_named, name), = named.values()
    target = name.record or lex.entities.get(name.entries[0].iri)
    if first_named <= first_described or target is None:
        return
    # 'электронный', 'digital' say what kind of thing; two systems of one kind are not one system
    ignore = words.nouns | words.systems | words.system_modifiers | words.stop

    def content(label: str) -> set[str]:
        return {k for _, _, t in tokenize(label) if len(t) > 3 for k in lex.key_of(t)} - ignore

    country_words = {k for iri in lex.home_countries for lab in lex.entities[iri].labels.values()
                     for _, _, t in tokenize(lab) for k in lex.key_of(t)}
    shared = (content(" ".join(record.labels.values())) - country_words) & content(" ".join(target.labels.values()))
    if not shared:
        return
    for seg in segments:
        for cand in per_segment[seg.index]:
            if cand.record is record:
                cand.record = target
                cand.rule = NAMED_LATER if cand.rule.id in _UNNAMED else cand.rule
