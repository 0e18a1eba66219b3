"""Extract: one document's text → entities, mentions, relations and metrics (pure data)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from kg import terms as T
from kg.text.ingest import SourceDocument
from kg.extract.lexicon import Gazetteer, LabelEntry, Lexicon
from kg.model import DocumentFacts, EntityRecord, Mention, SegmentSpan
from kg.extract.rules import declare
from kg.text.morph import tokenize
from kg.text.segment import Segment, segment
from kg.extract.candidates import Candidate, candidate_class, choose_entry, country_of, dominant, merge_candidates, to_mention
from kg.extract.authorities import LOCAL_AUTHORITY, local_authorities, swallowing
from kg.extract.budgets import budget_funders
from kg.extract.codenames import coded_programmes
from kg.extract.cuenames import cue_organisations
from kg.extract.entities import EntityFinder
from kg.extract.distributed import FACILITY_PER_UNIT, distributed_facilities
from kg.extract.eventfacilities import event_facilities
from kg.extract.groups import payer_groups
from kg.extract.titles import title_programme
from kg.extract.facilities import described_facilities, facilities_in_programme_names
from kg.extract.metrics import find_metrics
from kg.extract.places import Settlements
from kg.extract.plans import planned_programmes
from kg.extract.quoted import QUOTED_FUNDER_NAME, QUOTED_NAME_RULES, QUOTED_PROGRAMME_NAME
from kg.extract.implied import imply_programme, name_described_programme
from kg.extract.programmes import PROGRAMME_REFERENCE, defined_programmes, described_programmes, refer_to_programmes
from kg.extract.relations import CURRENCY_COUNTRY, LANGUAGE_COUNTRY, Context, find_relations
from kg.extract.reach import sentence_before
from kg.extract.unitfacilities import unit_facilities

REFERENCE_LABEL = declare(
    "reference-label",
    "A label (any inflected form) of an entity listed in ontology/reference.ttl.")
DOCUMENT_ALIAS = declare(
    "document-alias",
    "A later mention, in the same document, of a name or acronym the document introduced.")


def segment_document(text: str, lexicon: Lexicon) -> list[Segment]:
    seg_cfg = lexicon.section("segmentation")
    return segment(
        text,
        abbreviations=seg_cfg.get("abbreviations", []),
        caption_words=seg_cfg.get("caption_words", []),
        note_words=seg_cfg.get("note_words", []),
    )


def extract_document(doc: SourceDocument, lexicon: Lexicon) -> DocumentFacts:
    segments = segment_document(doc.text, lexicon)
    # its word sets and patterns come from the lexicon alone and it keeps nothing of a document: made once
    finder = lexicon.memo("entity_finder", lambda: EntityFinder(lexicon))
    settlements = lexicon.memo("settlements", lambda: Settlements(lexicon))
    per_segment: dict[int, list[Candidate]] = {}
    aliases: dict[str, Candidate] = {}
    for seg in segments:
        known = finder.gazetteer(seg, lexicon.gazetteer, REFERENCE_LABEL, 3)
        acronyms, seg_aliases = finder.acronyms(seg, known)
        aliases.update(seg_aliases)
        # a quote that holds exactly a known name is that entity ('«Samruk-Kazyna Trust» … қоры')
        quoted = [q for q in finder.quoted_names(seg)
                  if not any(q.start < k.start and k.end < q.end and (q.end - q.start) - (k.end - k.start) <= 2 for k in known)]
        firm = known + acronyms + quoted + coded_programmes(finder, seg, known + acronyms)
        firm += finder.organisation_names(seg, firm)
        # Cue-named organisations are checked against the firm names only: a loose name phrase
        # ('Ministry of Health and Kazakhtelecom') must not hide the company it swallowed.
        firm += settlements.find(seg, finder, firm)
        candidates = (firm + finder.named_phrases(seg) + finder.russian_phrases(seg) + finder.kazakh_phrases(seg)
                      + cue_organisations(finder, seg, firm))
        # A dateline may close the segment before its agency's name ('… АСТАНА.' | 'KAZINFORM — …'), or
        # before a date the segmenter also cut off ('АТЫРАУ.' | '4 февраля.' | 'КАЗИНФОРМ - …').
        after = " ".join(s.norm for s in segments[seg.index:seg.index + 3])
        per_segment[seg.index] = [c for c in merge_candidates(candidates)
                                  if not _dateline(after, c, lexicon) and not _news_source(c, lexicon, seg.norm)
                                  and not _before_a_surname(seg.norm, c, lexicon)
                                  and seg.norm[c.start:c.end].rstrip(".").lower() not in finder.legal_forms]

    local = _collect_local_entities(per_segment)
    _merge(per_segment, local, _shortened_organisations(local) | _programmes_with_their_word(local, lexicon)
           | _quoted_organisations(per_segment))
    _quotes_follow_their_record(per_segment)
    _second_pass(segments, per_segment, finder, local, aliases)

    context = _context_countries(segments, per_segment, lexicon, local)
    region, district = _document_region(per_segment, lexicon), _document_district(per_segment, lexicon)
    for seg in segments:
        country_iri = context.country_for(seg)
        country = lexicon.entities.get(country_iri) if country_iri else None
        described = described_programmes(finder, seg, per_segment[seg.index], country)
        # a country guessed from the language alone owns its national budget, not a region's ('облыстық бюджет' of which?)
        described += budget_funders(finder, seg, per_segment[seg.index], country, region,
                                    local_owner=context.country_rule is not LANGUAGE_COUNTRY)
        described += local_authorities(finder, seg, per_segment[seg.index], region, district)
        described += payer_groups(finder, seg, per_segment[seg.index], country)
        # a page that names several provinces (a header's city, a list of regions) may still name one in the
        # passage: 'Шымкент қаласындағы 4 аурухана … Олар қалалық перзентханада, …'
        passage = region or _document_region(per_segment, lexicon, _passage(segments, seg))
        described += described_facilities(finder, seg, per_segment[seg.index], passage or country)
        described += facilities_in_programme_names(finder, seg, per_segment[seg.index])
        described += defined_programmes(finder, seg, per_segment[seg.index])
        described += planned_programmes(finder, seg, per_segment[seg.index])
        described += unit_facilities(finder, seg, per_segment[seg.index] + described, passage, district)
        described += event_facilities(finder, seg, per_segment[seg.index] + described, passage or country)
        if described:
            for cand in described:
                local.setdefault(cand.record.iri, cand.record)
                cand.record = local[cand.record.iri]
            merged = merge_candidates(per_segment[seg.index] + described)
            if any(c.rule is LOCAL_AUTHORITY for c in described):
                dropped = {id(c) for c in swallowing(merged)}
                merged = [c for c in merged if id(c) not in dropped]
            # 'a 40-bed maternity hospital in Ayni': the place a description holds stays a mention of its own
            kept = {id(c) for c in merged}
            inside = [c for c in per_segment[seg.index] if id(c) not in kept and candidate_class(c) in ("region", "country")
                      and any(d.start <= c.start and c.end <= d.end for d in described if d.record.cls == "facility")]
            per_segment[seg.index] = sorted(merged + inside, key=lambda c: (c.start, c.end)) if inside else merged
        # each on the words of its place, which stays a mention of its own: added after the merge
        for cand in distributed_facilities(finder, seg, per_segment[seg.index]):
            cand.record = local.setdefault(cand.record.iri, cand.record)
            # the one facility a name phrase made of the whole list ('Қарқаралы аудандарының … ауруханасы') is not one
            per_segment[seg.index] = sorted([c for c in per_segment[seg.index] if not (
                cand.rule == FACILITY_PER_UNIT and c.record is not None and c.record.cls == "facility"
                and c.rule != cand.rule and c.start <= cand.start and cand.end <= c.end)] + [cand],
                key=lambda c: (c.start, c.end))
    country_label, country_iris = {}, {}
    for seg in segments:
        country_iri = country_iris[seg.index] = context.country_for(seg)
        country_label[seg.index] = lexicon.entities[country_iri].label(seg.lang) if country_iri else None
    title_programme(segments, per_segment, finder, local)
    antecedents = refer_to_programmes(segments, per_segment, finder, local, country_label)
    name_described_programme(segments, per_segment, finder)
    imply_programme(segments, per_segment, finder, local, country_label, country_iris)
    facts = DocumentFacts(doc_id=doc.doc_id, languages=sorted({s.lang for s in segments if s.kind == "sentence"}
                                                              or {s.lang for s in segments}))
    facts.segments = [SegmentSpan(s.index, s.start, s.end, s.lang) for s in segments]
    mentions_by_segment: dict[int, list[Mention]] = defaultdict(list)
    for seg in segments:
        for cand in per_segment[seg.index]:
            iri = cand.record.iri if cand.record else choose_entry(cand, lexicon, context.country_for(seg))
            if iri is None:
                continue
            mention = to_mention(cand, iri, seg)
            facts.mentions.append(mention)
            mentions_by_segment[seg.index].append(mention)
    used = {m.iri for m in facts.mentions}
    for iri in sorted(used):
        facts.entities[iri] = local.get(iri) or lexicon.entities[iri]
    context.mentions = mentions_by_segment
    for (seg_index, start), antecedent in antecedents.items():
        for mention in mentions_by_segment[seg_index]:
            if mention.norm_start == start and mention.rule == PROGRAMME_REFERENCE.id:
                context.antecedents.setdefault(seg_index, {}).setdefault(mention.iri, antecedent)
    context.entities = facts.entities
    facts.relations = find_relations(doc, segments, context, lexicon)
    for mention in context.donor_mentions:
        facts.mentions.append(mention)
        facts.entities.setdefault(mention.iri, lexicon.entities[mention.iri])
    for relation in facts.relations:  # a country read from the currency or the language, never named
        if relation.object not in facts.entities and relation.object in lexicon.entities:
            facts.entities[relation.object] = lexicon.entities[relation.object]
    facts.metrics = find_metrics(doc, segments, context, lexicon)
    return facts


def _document_region(per_segment: dict[int, list[Candidate]], lexicon: Lexicon,
                     within: Iterable[int] | None = None) -> EntityRecord | None:
    """The one province (or city of its own standing) of the reference data the document (or the segments
    ``within`` it) names, if one."""
    parts = per_segment.values() if within is None else [per_segment[i] for i in within if i in per_segment]
    found = {e.iri for cands in parts for c in cands for e in c.entries
             if (record := lexicon.entities.get(e.iri)) is not None and record.cls == "region"
             and record.located_in is not None and "/country/" in record.located_in}
    return lexicon.entities[found.pop()] if len(found) == 1 else None


def _passage(segments: list[Segment], seg: Segment) -> tuple[int, ...]:
    """The segment and the sentence before it in the same section."""
    before = sentence_before(segments, seg)
    return (seg.index,) if before is None else (before.index, seg.index)


def _document_district(per_segment: dict[int, list[Candidate]], lexicon: Lexicon) -> EntityRecord | None:
    """The one district the document names ('Келес ауданы'), if one."""
    words = {k for w in lexicon.section("described_facilities", "district_words") or [] for k in lexicon.key_of(str(w))}
    found = {c.record.iri: c.record for cands in per_segment.values() for c in cands
             if c.record is not None and c.record.cls == "region"
             and any(lexicon.key_of(label.split()[-1]) & words for label in c.record.labels.values() if label)}
    return next(iter(found.values())) if len(found) == 1 else None


# 'АСТАНА. KAZINFORM —', 'ALMATY, 3 May — ', 'БИШКЕК, 12 мая — АКИpress': where the news agency
# filed the story, not a place the story is about.
# What follows a dateline's city: '. KAZINFORM', ', 12 мая —', '. 4 февраля. КАЗИНФОРМ' (a date with its
# own dot), ' , 02.02.2023 /НИАТ «Ховар»/' (a stray space, a numeric date, an agency in slashes),
# '. QazAqparat - …' (a spaced hyphen for a dash).
_DATELINE_AFTER = re.compile(r"^ ?[.,]\s*(?:\d{1,2}\.\d{1,2}\.\d{2,4}\s*|[^.—–]{0,25}?\.?\s*)?"
                             r"(?:[—–/]|\s-\s|[A-ZА-ЯЁ]{4,}\b)")


_DATED_DATELINE = re.compile(r"^,[^.—–\n]{0,45}\b(?:19|20)\d\d\s*[—–-]\s")


def _news_source(cand: Candidate, lexicon: Lexicon, text: str) -> bool:
    """'… деп хабарлады облыс әкімінің баспасөз қызметі', 'the press service of the akimat', 'передает
    агентство X': who reports the news takes no part in it; the organisation it speaks for is named
    on its own where it does."""
    # a quoted name a reporting verb introduces is its outlet, whatever class word stands near ('… больницы,
    # сообщает НИАТ «Ховар»')
    if cand.record is None or (cand.record.cls != "funder" and text[cand.start:cand.start + 1] not in "«“\""):
        return False
    words = lexicon.memo("news_source_words", lambda: tuple(str(w).lower() for w in lexicon.section("news_sources") or []))
    labels = " ".join(cand.record.labels.values()).lower()
    if any(w in labels for w in words):
        return True
    outlets = lexicon.memo("news_outlet_words", lambda: frozenset(str(w).lower() for w in lexicon.section("news_outlets") or []))
    reporting = lexicon.memo("reporting_verb_before", lambda: re.compile(
        _reporting_verbs(lexicon) + r"\s+(?P<outlet>(?:" + "|".join(map(re.escape, sorted(outlets))) + r")\s+)?[«\"“]?$",
        re.IGNORECASE))
    found = reporting.search(text[max(0, cand.start - 40):cand.start])
    written = text[cand.start:cand.end].lower().split()
    return found is not None and (found.group("outlet") is not None or (bool(written) and written[-1] in outlets))


def _reporting_verbs(lexicon: Lexicon) -> str:
    """The lexicon's verbs that say who reports the news ('сообщает', 'хабарлады'), as one alternation."""
    return r"\b(?:" + "|".join(map(re.escape, lexicon.section("reporting_verbs") or [])) + r")"


def _dateline(text: str, cand: Candidate, lexicon: Lexicon) -> bool:
    """A city in capitals that opens the segment, or closes it after a headline, before a date, a
    dash or an agency's name ('ПРООН, ЮНИСЕФ и ВОЗ' in mid-sentence is a list of organisations)."""
    written = text[cand.start:cand.end]
    # '12 июня. «Вести-Азия» — Всемирный банк …': the agency's quoted name opens the story after its dateline
    if (written[:1] in "«“\"" and not text[:cand.start].strip() and cand.record is not None
            and cand.record.cls == "funder" and re.match(r"\s*[—–-]\s+[A-ZА-ЯЁ]", text[cand.end:])):
        return True
    # 'Dushanbe, Tajikistan, June 5, 2020 – …': a press release's dateline, in any case, ends in a date
    dated = cand.start == 0 and _DATED_DATELINE.match(text[cand.end:]) is not None
    # Latin-script Kazakh writes a capital city with a lower-case digraph letter ('KÓKShETAÝ')
    capitals = re.sub(r"(?<=[A-Z])h", "", written)
    if not dated and (len(written) < 4 or not capitals.isupper() or _DATELINE_AFTER.match(text[cand.end:]) is None):
        return False
    if cand.start > 0 and text[cand.end:].lstrip(" ")[:1] not in (".", ","):
        return False
    iris = {e.iri for e in cand.entries} | ({cand.record.iri} if cand.record else set())
    return all(iri in lexicon.entities and lexicon.entities[iri].cls == "region" for iri in iris)


def _before_a_surname(text: str, cand: Candidate, lexicon: Lexicon) -> bool:
    """'Arkadag Berdimuhamedov': a known place right before a surname is a person's honorific or name. Only
    right before it: 'the akim of Shymkent Murat Aitenov' names the city, then the person."""
    if cand.record is not None or not cand.entries or any(lexicon.entities[e.iri].cls != "region" for e in cand.entries
                                                           if e.iri in lexicon.entities):
        return False
    surname = lexicon.memo("surname_after_place", lambda: re.compile(
        r"\s[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]\w*(?:" + "|".join(map(re.escape, sorted(
            {str(w) for key in ("surname_endings", "latin_surname_endings")
             for w in lexicon.section("settlements", key) or []}))) + r")\b"))
    return surname.match(text, cand.end) is not None


def _collect_local_entities(per_segment: dict[int, list[Candidate]]) -> dict[str, EntityRecord]:
    local: dict[str, EntityRecord] = {}
    for index in sorted(per_segment):
        for cand in per_segment[index]:
            if cand.record is None:
                continue
            existing = local.get(cand.record.iri)
            if existing is None:
                local[cand.record.iri] = cand.record
            else:
                for lang, label in cand.record.labels.items():
                    existing.labels.setdefault(lang, label)
                existing.alt_labels |= cand.record.alt_labels
                cand.record = existing
    return local


def _shortened_organisations(local: dict[str, EntityRecord]) -> dict[str, EntityRecord]:
    """'the Charitable Foundation' after 'the Gurbanguly Berdimuhamedov Charitable Foundation': an organisation
    the document names by the last words of one longer name it also gives is that organisation."""
    organisations = [r for r in local.values() if r.cls == "funder"]
    longer_of: dict[str, EntityRecord] = {}
    for short in organisations:
        for lang, label in short.labels.items():
            if len(label.split()) < 2 or not label[:1].isupper():
                continue
            longer = {r.iri: r for r in organisations if r is not short and r.labels.get(lang, "").endswith(" " + label)}
            if len(longer) == 1:
                longer_of[short.iri] = next(iter(longer.values()))
                break
    return longer_of


def _programmes_with_their_word(local: dict[str, EntityRecord], lexicon: Lexicon) -> dict[str, EntityRecord]:
    """'the Eliminating Tuberculosis in Central Asia Activity' and '… in Central Asia (ETICA)': a programme named
    once with its class word and once without is one programme (the one without keeps the other as a label)."""
    programmes = [r for r in local.values() if r.cls == "programme"]
    by_label = {label.casefold(): r for r in programmes for label in r.labels.values()}
    class_words = {w for w, cls in lexicon.heads.items() if cls == "programme"} | {
        str(w) for w in lexicon.section("acronym_programme_words") or []}
    merged: dict[str, EntityRecord] = {}
    for record in programmes:
        for label in record.labels.values():
            name, _, word = label.rpartition(" ")
            bare = by_label.get(name.casefold())
            if bare is not None and bare is not record and word.lower() in class_words:
                merged[record.iri] = bare
                break
    return merged


def _quoted_organisations(per_segment: dict[int, list[Candidate]]) -> dict[str, EntityRecord]:
    """'the company ‘X’ will build …', later '… while ‘X’ will design the project': a quoted name the document
    calls an organisation once stays that organisation where a programme word near it made it a programme."""
    organisations = {label.casefold(): c.record for cands in per_segment.values() for c in cands
                     if c.rule is QUOTED_FUNDER_NAME and c.record is not None for label in c.record.labels.values()}
    return {c.record.iri: organisations[label.casefold()] for cands in per_segment.values() for c in cands
            if c.rule is QUOTED_PROGRAMME_NAME and c.record is not None
            for label in c.record.labels.values() if label.casefold() in organisations}


def _quotes_follow_their_record(per_segment: dict[int, list[Candidate]]) -> None:
    """A quote merged into another class's record is that class's quoted name: its evidence names that rule."""
    for cands in per_segment.values():
        for cand in cands:
            if cand.rule in QUOTED_NAME_RULES.values() and cand.record is not None and cand.record.cls in QUOTED_NAME_RULES:
                cand.rule = QUOTED_NAME_RULES[cand.record.cls]


def _merge(per_segment: dict[int, list[Candidate]], local: dict[str, EntityRecord], into: dict[str, EntityRecord]) -> None:
    """Mentions of each record in ``into`` become mentions of the one it maps to, which takes its labels."""
    for iri in list(into):  # 'A Network Project' → 'A Network' → 'A': each to the end of its chain
        seen = {iri}
        while into[iri].iri in into and into[iri].iri not in seen:
            seen.add(into[iri].iri)
            into[iri] = into[into[iri].iri]
    for index in sorted(per_segment):
        for cand in per_segment[index]:
            if cand.record is not None and cand.record.iri in into:
                kept = into[cand.record.iri]
                kept.alt_labels |= {(label, lang) for lang, label in cand.record.labels.items()} | cand.record.alt_labels
                cand.record = kept
    for iri in into:
        local.pop(iri, None)


def _second_pass(segments: list[Segment], per_segment: dict[int, list[Candidate]], finder: EntityFinder,
                 local: dict[str, EntityRecord], aliases: dict[str, Candidate]) -> None:
    """Find later mentions of what the document itself named: acronyms ('НТМС'), and
    repeated names of entities first found by a pattern."""
    gaz = Gazetteer()
    for record in local.values():
        for label, lang in sorted({(l, g) for g, l in record.labels.items()} | record.alt_labels):
            keys = [finder.lex.morph.label_key(t, lang) for _, _, t in tokenize(label)]
            if keys:
                gaz.add(keys, LabelEntry(record.iri, lang, label, label[:1].isupper()))
    for acr, cand in sorted(aliases.items()):
        if cand.record is None:
            for entry in cand.entries:
                gaz.add(["=" + acr], LabelEntry(entry.iri, entry.lang, acr, True))
    for seg in segments:
        extra = finder.gazetteer(seg, gaz, DOCUMENT_ALIAS, 0)
        existing = per_segment[seg.index]
        for cand in extra:
            if any(c.start < cand.end and cand.start < c.end for c in existing):
                continue
            iris = {e.iri for e in cand.entries}
            if len(iris) == 1 and next(iter(iris)) in local:
                cand.record = local[next(iter(iris))]
            existing.append(cand)
        per_segment[seg.index] = sorted(existing, key=lambda c: (c.start, c.end))


def _context_countries(segments: list[Segment], per_segment: dict[int, list[Candidate]], lexicon: Lexicon,
                       local: dict[str, EntityRecord]) -> Context:
    """The country each part of the document is about: its section heading's, else the
    document's dominant one."""
    counts: Counter[str] = Counter()
    heading_places: dict[int, set[str]] = defaultdict(set)
    for seg in segments:
        for cand in per_segment[seg.index]:
            iris = {e.iri for e in cand.entries} if cand.record is None else {cand.record.iri}
            if len(iris) != 1:
                continue
            iri = next(iter(iris))
            record = lexicon.entities.get(iri) or local.get(iri)
            if record is None:
                continue
            if record.cls in ("country", "region"):
                country = country_of(iri, lexicon, local)
            elif record.org_type == "government-ministry" and not _reports_it(seg.norm[:cand.start], lexicon):
                country = record.country  # a ministry speaks for its country, not where it reports from
            else:
                continue
            if country:
                counts[country] += 1
                if seg.kind == "heading":
                    heading_places[seg.index].add(country)
    # A heading about one country sets the section's country; 'Japan equips a centre in
    # Ashgabat' names two and decides nothing.
    heading_country = {index: next(iter(c)) for index, c in heading_places.items() if len(c) == 1}
    # A donor's country named often ('Japan equips …, Japanese experts …') does not make the article
    # about it: with any country of the corpus named, only those count.
    home = lexicon.home_countries
    if any(c in home for c in counts):
        counts = Counter({c: n for c, n in counts.items() if c in home})
        heading_country = {i: c for i, c in heading_country.items() if c in home}
    if not counts:  # 'құны 40 миллион теңге' in an article that names no place the reference data knows
        currency = _currency_country(segments, lexicon)
        if currency is not None:
            return Context(document_country=currency, heading_country={}, lexicon=lexicon, country_rule=CURRENCY_COUNTRY)
        language = _language_country(segments, lexicon)
        if language is not None:
            return Context(document_country=language, heading_country={}, lexicon=lexicon, country_rule=LANGUAGE_COUNTRY)
    return Context(document_country=dominant(counts), heading_country=heading_country, lexicon=lexicon)


def _reports_it(before: str, lexicon: Lexicon) -> bool:
    """'…, сообщает пресс-служба Минздрава РУз': the organisation right after a reporting verb and its press
    service only tells the news; where the news happens is said by the rest."""
    pattern = lexicon.memo("reporting_service_before", lambda: re.compile(
        _reporting_verbs(lexicon) + r"\s+(?:" + "|".join(map(re.escape, lexicon.section("news_sources") or []))
        + r")\w*\s+$", re.IGNORECASE))
    return pattern.search(before[-60:]) is not None


def _language_country(segments: list[Segment], lexicon: Lexicon) -> str | None:
    """The corpus country whose language alone the document's sentences are written in, if any."""
    countries = lexicon.section("language_countries") or {}
    languages = {s.lang for s in segments if s.kind == "sentence"}
    code = countries.get(next(iter(languages))) if len(languages) == 1 else None
    return f"{T.ID}country/{code}" if code and f"{T.ID}country/{code}" in lexicon.home_countries else None


def _currency_country(segments: list[Segment], lexicon: Lexicon) -> str | None:
    """The one corpus country whose currency the document counts money in (ISO 4217 codes start with
    the country's ISO 3166 code: KZT, TJS), if one."""
    currencies = lexicon.memo("currency_words", lambda: {str(w).lower(): str(c) for w, c in
                                                         (lexicon.section("metrics", "currencies") or {}).items()})
    found = Counter()
    for seg in segments:
        for _, _, word in tokenize(seg.norm):
            code = currencies.get(word.lower())
            iri = f"{T.ID}country/{code[:2]}" if code else None
            if iri in lexicon.home_countries:
                found[iri] += 1
    return next(iter(found)) if len(found) == 1 else None
