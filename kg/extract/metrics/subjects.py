"""Subjects (tm:about): who a number is about, from a place named next to it to the document's
country."""

from __future__ import annotations

import re
from bisect import bisect_left

from kg.extract.implied import IMPLIED_RULES, supplied_things
from kg.extract.lexicon import Lexicon
from kg.model import Mention
from kg.text.segment import Segment
from kg.extract.relations import Context
from kg.extract.metrics.drafts import MONEY, Draft
from kg.extract.metrics.lexicon import metric_lexicon
from kg.extract.metrics.reader import KIND_RULES, SentenceReader
from kg.extract.metrics.roles import CAPACITY, PORTFOLIO, POPULATION, REACH, counted_role
from kg.extract.metrics.words import _alternation


# Sentences before a number within which a programme named there is still what the text is about.
_PASSAGE = 2
# Words between 'for' and the facility it introduces: 'for the reconstruction of the X Hospital'.
_PURPOSE_WINDOW = 5
# The timeline's class of a facility named by its kind: only a size may be about it ('The building has 40 beds').
_KIND = "facility kind"
# Characters after a count within which the thing it counts starts.
_SUPPLY_WINDOW = 40


class Subjects:
    """Who a number is about, from the most direct statement to the document's country."""

    def __init__(self, segments: list[Segment], ctx: Context, lexicon: Lexicon):
        self.ctx = ctx
        self.lexicon = lexicon
        self.mlex = metric_lexicon(lexicon)
        self.segments = segments
        # (segment, position, mention, class) in document order, None once forgotten. Sorted by
        # (segment, position), which self._keys holds alone for bisect: the lookups below start
        # at the mentions before a point instead of stepping back over every later one from the
        # end of the document (quadratic in a document's sentences).
        entries: list[tuple[int, int, Mention, str]] = []
        for seg in segments:
            mentions = ctx.mentions.get(seg.index, [])
            for m in sorted(mentions, key=lambda m: m.norm_start):
                if not self._owned_place(seg.norm, mentions, m):
                    entries.append((seg.index, m.norm_start, m, _KIND if m.rule in KIND_RULES else ctx.entities[m.iri].cls))
        self._keys: list[tuple[int, int]] = [(s, p) for s, p, _, _ in entries]
        # An article about one programme: money it does not tie to anything else is that programme's.
        programmes = {m.iri for _, _, m, c in entries if c == "programme"}
        self.only_programme = next(iter(programmes)) if len(programmes) == 1 else None
        # ... and of an article about several, the one it names first is what a loan or grant pays for, when
        # nothing nearer claims it ('approved a $45 million loan to improve … in Uzbekistan')
        self.first_programme = next((m.iri for _, _, m, c in entries if c == "programme"), None)
        self.timeline: list[tuple[int, int, Mention, str] | None] = list(entries)
        self.pronouns = frozenset(str(w) for w in lexicon.section("programme_references").get("pronouns") or [])

    def _before(self, seg_index: int, pos: int) -> int:
        """Index in the timeline of the first entry at or after ``pos`` of segment ``seg_index``."""
        return bisect_left(self._keys, (seg_index, pos))

    def forget(self, seg_index: int, spans: list[tuple[int, int]]) -> None:
        """Names inside a metric ('2,4 млн долларов США') are its unit, not a subject."""
        # Only this segment's entries can overlap its metrics: find them by bisect and blank the
        # overlapping ones in place. Rebuilding the whole timeline once per sentence was
        # quadratic; deleting from the list would still move its tail each time, and blanking
        # keeps self._keys aligned.
        for k in range(self._before(seg_index, -1), self._before(seg_index + 1, -1)):
            entry = self.timeline[k]
            if entry is not None and any(a < entry[2].norm_end and entry[2].norm_start < b for a, b in spans):
                self.timeline[k] = None

    def cls(self, iri: str) -> str:
        return self.ctx.entities[iri].cls

    def of(self, reader: SentenceReader, draft: Draft, drafts: list[Draft],
           caption: Segment | None) -> tuple[str | None, int]:
        """(subject IRI, level): the level says how directly the text stated it (1 is most)."""
        seg = reader.seg
        spans = [(d.span_start, d.span_end) for d in drafts]
        mentions = [m for m in reader.mentions if not any(s < m.norm_end and m.norm_start < e for s, e in spans)
                    and not self._owned_place(reader.text, reader.mentions, m)]
        if caption is not None:  # a flattened table: each cell names its own subject
            mentions = [m for m in mentions if draft.clause[0] <= m.norm_start < draft.clause[1]]
        places = [m for m in mentions if self.cls(m.iri) in ("region", "country")]
        role = counted_role(reader, draft)
        by_role = self._by_role(reader, draft, role, mentions, places, drafts)
        if by_role:
            return by_role
        spent = [m for m in mentions if self.cls(m.iri) == "programme"]
        if draft.unit_class == MONEY:
            # 'облысына 40 жедел жәрдем көлігін сатып алуға 861,9 млн теңге бөлінді': money the sentence spends on a
            # facility or a programme is theirs, not the place's that receives it
            funded = self._funded_facility(reader, draft, mentions)
            if funded or spent:
                return funded or min(spent, key=lambda m: abs(m.norm_start - draft.num.start)).iri, 3
        elif spent and self._counts_supplies(reader, draft):
            # 'облысына 25 жедел жәрдем көлігі берілді': so are the things the sentence's event supplies
            return min(spent, key=lambda m: abs(m.norm_start - draft.num.start)).iri, 3
        adjacent = self._adjacent_place(reader, draft, places)
        if adjacent:
            return adjacent, 1
        local = self._locative_region(reader, draft, places, drafts)
        if local:
            return local, 2
        if role == REACH and caption is None and not self._country_word(reader, draft):
            # 'seven institutions, namely …', '15 regional hospitals … conducted': the facilities the
            # passage's programme reaches, unless the text counts them for the country ('the country's 3,300').
            programme = self._passage_programme(seg)
            if programme:
                return programme, 3
        facilities = [m for m in mentions if self.cls(m.iri) == "facility"]
        if facilities and draft.unit_class != MONEY and all(m.rule in IMPLIED_RULES for m in mentions
                                                            if self.cls(m.iri) == "programme"):
            # 'The 200-bed hospital was built …': a number beside the facility an unnamed event is about
            # is the facility's; the event is only what happened to it (its money stays the event's)
            return min(facilities, key=lambda m: abs(m.norm_start - draft.num.start)).iri, 4
        for cls, level in (("programme", 3), ("facility", 4)):
            found = [m for m in mentions if self.cls(m.iri) == cls]
            if found:
                return min(found, key=lambda m: abs(m.norm_start - draft.num.start)).iri, level
        for cls, level in (("programme", 5), ("facility", 5)):
            anaphor = self._anaphora(reader, draft, cls)
            if anaphor:
                return anaphor, level
        pronoun = self._pronoun_subject(reader, draft)
        if pronoun:
            return pronoun, 5
        salient = self._programme_nearby(seg)
        if draft.unit_class == MONEY and (salient or self._programme_ahead(seg)):
            # a budget, a grant, a loan: about the programme the text is about, even when the
            # text names it only after the amount ('approved a $45 million loan … The project …')
            return salient or self._programme_ahead(seg), 5
        if draft.unit_class == MONEY and self.only_programme:
            # 'The total value of the equipment is about $1.1 million', in an article about one donation
            return self.only_programme, 6
        if self.only_programme and self._counts_supplies(reader, draft):
            # '19 санитарлық автокөлік', 'four Xpert machines': in an article about one supply or
            # donation, the count of the things supplied is that programme's, not the country's
            return self.only_programme, 6
        if draft.unit_class == MONEY and self.first_programme and draft.indicator is not None \
                and set(draft.indicator.words) & reader.mlex.subject_roles.get("financing", set()):
            return self.first_programme, 6
        countries = [m for m in mentions if self.cls(m.iri) == "country"]
        if countries:
            # The country is the subject only when the sentence is about it: not when it is where
            # something happens ('patients in Uzbekistan') or what a programme reaches.
            if role == REACH or all(self._located(reader, draft, m) for m in countries):
                # ... nor when the article is about one programme and the number counts something there
                programme = self._passage_programme(seg) or (self.only_programme if draft.unit == "count" else None)
                if programme:
                    return programme, 6
            return min(countries, key=lambda m: abs(m.norm_start - draft.num.start)).iri, 6
        if caption is not None:
            found = self._caption_subject(caption)
            if found:
                return found, 7

        # Beyond the sentence, a programme the text has named is what its numbers are about before
        # any country: 'The project … Over 3 years it will link 60 facilities'.
        recent = self._recent_in_block(seg, draft.num.start)
        if recent and self.cls(recent) == "country" and self.only_programme and not salient:
            # the country an article about one programme names is where it runs: the number is the programme's
            return self.only_programme, 8
        if recent and not (salient and self.cls(recent) == "country"):
            return recent, 8
        # Beyond the paragraph a programme or country carries over, a facility only if nothing else does.
        section = self._recent_in_section(seg, ("programme", "country")) or self._recent_in_section(seg, ("facility",))
        if section and self.cls(section) == "country" and self.only_programme and not salient:
            return self.only_programme, 9
        if section and not (salient and self.cls(section) == "country"):
            return section, 9
        if self.only_programme and draft.unit == "count" and not salient:
            return self.only_programme, 10  # a count nothing else claims, in an article about one programme
        return salient or self.ctx.country_for(seg), 10

    def _by_role(self, reader: SentenceReader, draft: Draft, role: str | None, mentions: list[Mention],
                 places: list[Mention], drafts: list[Draft]) -> tuple[str, int] | None:
        """The subject what the number counts names: a facility's beds, a place's population, the
        programme that reaches the facilities counted."""
        nearest = lambda found: min(found, key=lambda m: abs(m.norm_start - draft.num.start))  # noqa: E731
        start, end = draft.clause
        if role == CAPACITY:
            # A facility named by its size ('инфекционная больница на 300 мест', '570 орындық аурухана').
            named = [m for m in reader.mentions if self.cls(m.iri) == "facility"
                     and m.norm_start <= draft.num.start and draft.num.end <= m.norm_end]
            if named:
                return named[0].iri, 3
            # a facility the clause names comes before one it describes by its kind, and that only when the size
            # follows it ('the sanatorium for 200 beds'; not '153 rooms, … a dental center' inside another)
            facilities = [m for m in mentions if self.cls(m.iri) == "facility" and start <= m.norm_start < end] \
                or [m for m in reader.kinds if start <= m.norm_start and m.norm_end <= draft.span_start]
            # 'the Centre for 400 places and the Institute for 250': the name the size follows, else
            # the one it stands in or before ('a 570-орындық аурухана').
            before = [m for m in facilities if m.norm_end <= draft.span_start]
            if before:
                return max(before, key=lambda m: m.norm_end).iri, 3
            if facilities:
                return nearest(facilities).iri, 3
            anaphor = self._anaphora(reader, draft, "facility")
            if anaphor:
                return anaphor, 4
            # 'Жаңа нысан 20 орын …', 'It has 100 beds': beds and places are a facility's, the one the text
            # named last, however it refers to it now
            # (one the text names before one it describes by its kind)
            recent = next((found for kind in ("facility", _KIND) for found in (
                self._recent_in_block(reader.seg, draft.num.start, (kind,)),
                self._recent_in_section(reader.seg, (kind,))) if found), None)
            return (recent, 5) if recent else None
        if role == POPULATION:
            if places:
                return nearest(places).iri, 2
            place = self._recent_in_block(reader.seg, draft.num.start, ("region", "country"))
            return (place, 7) if place else None
        if role == REACH:
            programmes = [m for m in mentions if self.cls(m.iri) == "programme"]
            # A place the text sets the number in ('В Ошской области подключено 64 пункта', '84 centres
            # in Khatlon region', 'Павлодарская область (22)') still comes first; a place that owns
            # the facilities counted ('Жамбыл облысының 22 мекемесі') does not.
            if not programmes or self._locative_region(reader, draft, places, drafts) \
                    or self._adjacent_place(reader, draft, [m for m in places if not self._possessor(reader, draft, m)]):
                return None
            # The passage's programme, else the one the sentence names first (its actor: 'the programme
            # will link 60 facilities to the EHR platform').
            passage = self._programme_nearby(reader.seg)
            first = min(programmes, key=lambda m: m.norm_start)
            return next((m.iri for m in programmes if m.iri == passage), first.iri), 3
        if role == PORTFOLIO:
            funders = [m for m in mentions if self.cls(m.iri) == "funder"]
            return (nearest(funders).iri, 3) if funders else None
        return None

    def _counts_supplies(self, reader: SentenceReader, draft: Draft) -> bool:
        """The number counts things supplied: the lexicon's supplies follow it, at most one word between
        ('19 жаңа санитарлық көлік', '30 ventilators')."""
        if draft.unit != "count":
            return False
        found = supplied_things(self.lexicon).search(reader.text, draft.num.end, draft.num.end + _SUPPLY_WINDOW)
        if found is None:
            return False
        between = reader.text[draft.num.end:found.start()]
        return len(between.split()) <= 1 and not re.search(r"[^\w\s-]", between)

    def _funded_facility(self, reader: SentenceReader, draft: Draft, mentions: list[Mention]) -> str | None:
        """The facility an amount is spent on: '$2 million for the reconstruction of the X Hospital',
        'на оснащение X больницы', 'X ауруханасына 2 млн бөлінді'."""
        roles = reader.mlex.subject_roles
        start, end = draft.clause
        for m in sorted(mentions, key=lambda m: abs(m.norm_start - draft.num.start)):
            if self.cls(m.iri) != "facility" or not start <= m.norm_start < end:
                continue
            before = reader.words_before(m.norm_start, _PURPOSE_WINDOW)
            name = reader.text[m.norm_start:m.norm_end].lower()
            after = reader.words_after(m.norm_end, 1)
            if any(t.low in roles.get("money_for", ()) for t in before) \
                    or (reader.seg.lang == "kk" and name.endswith(tuple(roles.get("money_for_kk_endings", ())))) \
                    or any(t.low in roles.get("money_for_after", ()) for t in after):
                return m.iri
        return None

    def _country_word(self, reader: SentenceReader, draft: Draft) -> bool:
        """'the country's 3,300 health posts', 'больниц страны': the count is the country's."""
        start, end = draft.clause
        words = reader.mlex.anaphora.get("country", set())
        return any(tok.is_word and start <= tok.start < end and reader.mlex.in_set(tok.text, words)
                   for tok in reader.toks)

    @staticmethod
    def _possessor(reader: SentenceReader, draft: Draft, place: Mention) -> bool:
        """'Жамбыл облысының 22 мекемесі', "the region's 40 clinics": the place right before the number."""
        return place.norm_end <= draft.span_start and not reader.text[place.norm_end:draft.span_start].strip()

    def _located(self, reader: SentenceReader, draft: Draft, place: Mention) -> bool:
        """'… to help patients in Uzbekistan', '… в Узбекистане': where something is, after the number;
        a sentence that opens with the place ('В Узбекистане около трети …') is about it."""
        if place.norm_start < draft.span_end:
            return False
        before = reader.text[:place.norm_start].rstrip().lower()
        return bool(re.search(r"(?:^|\s)" + _alternation(reader.mlex.locative) + "$", before)
                    or reader.text[place.norm_start:place.norm_end].lower().endswith(reader.mlex.kk_locative))

    def _passage_programme(self, seg: Segment) -> str | None:
        """The programme this sentence's passage or section is about, or the one it goes on to name."""
        return self._programme_nearby(seg) or self._recent_in_section(seg, ("programme",)) or self._programme_ahead(seg)

    def place_after(self, reader: SentenceReader, draft: Draft, drafts: list[Draft]) -> str | None:
        """A part's place named after it, before the next number: '204,000 took place in Samarkand region'."""
        later = [d.span_start for d in drafts if d.span_start > draft.span_end]
        limit = min(later) if later else len(reader.text)
        for m in reader.mentions:
            if draft.span_end <= m.norm_start < limit and self.cls(m.iri) == "region":
                before = reader.text[:m.norm_start].rstrip().lower()
                if re.search(r"(?:^|\s)" + _alternation(reader.mlex.locative) + "$", before):
                    return m.iri
        return None

    def _owned_place(self, text: str, mentions: list[Mention], place: Mention) -> bool:
        """'Ministry of Health of the Kyrgyz Republic', 'the Centre in Tashkent': the place belongs to
        the organisation or facility named just before it."""
        if self.cls(place.iri) not in ("region", "country"):
            return False
        if text[:place.norm_start].rstrip().endswith("(") and text[place.norm_end:].lstrip().startswith(")"):
            return True  # 'EPOS Health Management (Germany)': whose the name before it is
        for owner in mentions:
            if self.cls(owner.iri) not in ("facility", "programme", "funder"):
                continue
            if owner.norm_start <= place.norm_start and place.norm_end <= owner.norm_end:
                return True
            if owner.norm_end <= place.norm_start and re.fullmatch(
                    r"\s*(?:" + _alternation(self.mlex.owner_links) + r"|,|\()\s*", text[owner.norm_end:place.norm_start],
                    re.IGNORECASE):
                return True
        return False

    def _adjacent_place(self, reader: SentenceReader, draft: Draft, places: list[Mention]) -> str | None:
        """'в Алматинской — 12 646', 'Павлодарская область (22)', '58 in Naryn region'."""
        text = reader.text
        for m in places:
            between = text[m.norm_end:draft.span_start]
            place_noun = _alternation(reader.mlex.place_nouns)
            if m.norm_end <= draft.span_start and re.fullmatch(r"\s*(?:[—–:(-]|" + place_noun + r")?\s*", between,
                                                               re.IGNORECASE):
                if self.cls(m.iri) == "region":
                    return m.iri
        end = draft.phrase.end if draft.phrase and draft.phrase.end > draft.span_end else draft.span_end
        for m in places:
            between = text[end:m.norm_start]
            if m.norm_start >= end and re.fullmatch(r"\s*" + _alternation(reader.mlex.locative) + r"\s+(?:"
                                                    + _alternation(reader.mlex.determiners) + r"\s+)?", between,
                                                    re.IGNORECASE):
                if self.cls(m.iri) == "region":
                    return m.iri
        return None

    def _locative_region(self, reader: SentenceReader, draft: Draft, places: list[Mention],
                         drafts: list[Draft]) -> str | None:
        """'В Алматинской области ...: 94,3% ...', 'В Ошской области ... подключено 64 пункта'."""
        text = reader.text
        best = None
        owners = [m for m in reader.mentions if self.cls(m.iri) in ("facility", "programme", "funder")]
        for m in places:
            if self.cls(m.iri) != "region" or m.norm_end > draft.span_start:
                continue
            links = r"\s*(?:" + _alternation(reader.mlex.owner_links) + r"|,)\s*"
            if any(re.fullmatch(links, text[o.norm_end:m.norm_start] or "x", re.IGNORECASE) for o in owners
                   if o.norm_end <= m.norm_start):
                continue  # "the Centre in Tashkent": where the centre is, not what the number is about
            if any(m.norm_end <= d.span_start < draft.span_start for d in drafts if d is not draft):
                continue  # another number stands between: the place is that number's
            before = text[:m.norm_start].rstrip().lower()
            locative = re.search(r"(?:^|\s)" + _alternation(reader.mlex.locative) + "$", before) \
                or text[m.norm_start:m.norm_end].lower().endswith(reader.mlex.kk_locative)
            if locative:
                best = m
        return best.iri if best else None

    def _anaphora(self, reader: SentenceReader, draft: Draft, cls: str) -> str | None:
        """'проекта', 'the programme', 'в национальной сети', 'The hospital': the last such entity
        named before, preferring one whose name ends in the same word."""
        lexicon = self.lexicon
        own = draft.phrase.words if draft.phrase else []
        triggers = reader.mlex.anaphora.get(cls, set())
        start, end = draft.clause
        for tok in reader.toks:
            if not tok.is_word or tok in own or reader.in_mention(tok.start, tok.end):
                continue
            if not (start <= tok.start < end):
                continue
            if not reader.mlex.in_set(tok.text, triggers):
                continue
            if cls == "facility":
                before = reader.words_before(tok.start, 1)
                if not before or before[0].low not in reader.mlex.determiners:
                    continue
            gloss = lexicon.gloss(tok.text) or tok.low
            found = self._last_named(reader.seg.index, tok.start, cls, gloss)
            if found:
                return found
        return None

    def _pronoun_subject(self, reader: SentenceReader, draft: Draft) -> str | None:
        """'The hospital opened in 2014. It has treated 100,000 patients': a sentence that opens with a
        pronoun is about the programme or facility the sentence before it named last."""
        words = [t for t in reader.toks if t.is_word]
        if not words or words[0].low not in self.pronouns or words[0].start > draft.num.start or reader.seg.index == 0:
            return None
        for k in range(self._before(reader.seg.index, 0) - 1, -1, -1):
            entry = self.timeline[k]
            if entry is None:
                continue
            if entry[0] < reader.seg.index - 1:
                return None
            if entry[3] in ("programme", "facility"):
                return entry[2].iri
        return None

    def _last_named(self, seg_index: int, pos: int, cls: str, gloss: str) -> str | None:
        fallback = None
        for k in range(self._before(seg_index, pos) - 1, -1, -1):  # the mentions before (seg_index, pos)
            entry = self.timeline[k]
            if entry is None or entry[3] != cls:
                continue
            m = entry[2]
            record = self.ctx.entities[m.iri]
            names = list(record.labels.values()) + [label for label, _ in record.alt_labels]
            last_words = [n.split()[-1] for n in names if n.split()]
            if any(self.lexicon.gloss(w) == gloss or w.lower() == gloss for w in last_words):
                return m.iri
            if fallback is None and cls == "programme":
                fallback = m.iri
        return fallback

    def _programme_nearby(self, seg: Segment) -> str | None:
        """The programme named in this sentence's passage: this or the two sentences before it, in
        its section. Further back a programme is one topic among others ('Analysis of the health system')."""
        for k in range(self._before(seg.index, -1) - 1, -1, -1):
            entry = self.timeline[k]
            if entry is None:
                continue
            s, _, m, c = entry
            if s < seg.index - _PASSAGE or self.segments[s].section != seg.section:
                break
            if c == "programme":
                return m.iri
        return None

    def _programme_ahead(self, seg: Segment) -> str | None:
        """The first programme named in the next sentences of the passage."""
        for k in range(self._before(seg.index + 1, -1), len(self.timeline)):
            entry = self.timeline[k]
            if entry is None:
                continue
            s, _, m, c = entry
            if s > seg.index + _PASSAGE or self.segments[s].section != seg.section:
                break
            if c == "programme":
                return m.iri
        return None

    def _caption_subject(self, caption: Segment) -> str | None:
        for cls in ("programme", "facility", "country", "region"):
            found = self.ctx.of_class(caption, cls)
            if found:
                return found[0].iri
        return None

    def _recent_in_block(self, seg: Segment, pos: int,
                         classes: tuple[str, ...] = ("programme", "facility", "country")) -> str | None:
        """The entity of one of ``classes`` named last before ``pos`` in this paragraph."""
        for k in range(self._before(seg.index, pos) - 1, -1, -1):  # the mentions before (seg, pos)
            entry = self.timeline[k]
            if entry is None:
                continue
            s, _, m, c = entry
            if self.segments[s].block != seg.block:
                break
            if c in classes:
                return m.iri
        return None

    def _recent_in_section(self, seg: Segment, classes: tuple[str, ...]) -> str | None:
        """The programme, facility or country named last in the section before this segment."""
        for k in range(self._before(seg.index, -1) - 1, -1, -1):  # the mentions of earlier segments
            entry = self.timeline[k]
            if entry is None:
                continue
            s, _, m, c = entry
            if 0 <= seg.section and s < seg.section:
                break  # a section follows its heading: no segment before the heading is in it
            other = self.segments[s]
            if other.section != seg.section and other.index != seg.section:
                continue
            if c in classes:
                return m.iri
        return None
