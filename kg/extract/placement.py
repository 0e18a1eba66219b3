"""Where a facility stands, as the words of its sentence around it say: a place before it (Kazakh
'Өскемендегі … орталық', English 'Tashkent's …'), a place that announces it ('in Ashgabat – the … Center'),
a place after it ('больница в г.Ош'). The relation rules that use them are in kg.extract.relations."""

from __future__ import annotations

import re

from kg.extract.grammar import Grammar
from kg.model import Mention
from kg.text.segment import Segment

_FACILITY_IN = re.compile(  # 'will be built in the city of X': an English passive may stand between
    r"^\s*,?\s*(?:(?:расположенн\w*|located|situated|based|(?:will be|was|were|is|are|has been|have been) "
    r"(?:\w+ )?\w+(?:ed|t|n))\s+)?(?:in|at|в|во)\s+"
    r"(?:(?:городе|г\.|the city of|city of)\s*)?$|^\s*г\.\s*$", re.IGNORECASE)


def place_before(facility: Mention, places: list[Mention], seg: Segment, grammar: Grammar) -> Mention | None:
    """Kazakh 'Өскемендегі … орталық'; Russian 'строительство в Ашхабаде многопрофильной больницы'; English
    'Tashkent's Maternity Complex No. 7'."""
    if seg.lang == "en":
        # the possessive is inside the place's mention ('Tashkent's') or right after it
        return next((p for p in places if p.norm_end <= facility.norm_start and "/country/" not in p.iri
                     and re.fullmatch(r"(?:['’]s)?\s+", seg.norm[p.norm_end:facility.norm_start])
                     and re.search(r"['’]s\s*$", seg.norm[p.norm_start:facility.norm_start])), None)
    if seg.lang == "ru":
        # also with the verb between: 'в джамоате Шинг открылась сельская участковая больница'
        for place in places:
            gap = seg.norm[place.norm_end:facility.norm_start]
            if (place.norm_end <= facility.norm_start and re.fullmatch(r"(?:\s+[а-яё]+){0,3}\s*", gap)
                    and re.search(r"(?:^|\s)(?:в|во)\s+(?:городе\s+|селе\s+)?$", seg.norm[max(0, place.norm_start - 11):place.norm_start], re.I)):
                return place
        return None
    if seg.lang != "kk":
        return None
    for place in places:
        if place.norm_end <= facility.norm_start and len(seg.norm[place.norm_end:facility.norm_start].split()) <= 1:
            words = seg.norm[place.norm_start:facility.norm_start].split()
            if words and grammar.kazakh_located.search(words[-1].strip(".,;:")):
                return place
    # 'Қарасу ауылында бұл қаражат көпбейінді … ауруханаға': the plain locative, a few words of the
    # same clause between, and no other place nearer the facility
    before = [p for p in places if p.norm_end <= facility.norm_start]
    inner = any(facility.norm_start <= p.norm_start < facility.norm_end for p in places)
    if before and not inner:  # 'Жайпақ ауылында амбулатория мен Қайнар ауылында ФАП': each its own
        place = before[-1]
        gap = seg.norm[place.norm_end:facility.norm_start]
        if re.fullmatch(r"(?:\s+[а-яәғқңөұүһі]+){1,4}\s*", gap) and \
                grammar.kazakh_locative.search(seg.norm[place.norm_start:place.norm_end]):
            return place
    return None


def place_announcing(facility: Mention, places: list[Mention], seg: Segment, grammar: Grammar) -> Mention | None:
    """'opened new medical institutions in Ashgabat – the International … Center and …': a place
    the sentence puts something in, then a dash or a colon, then the facility."""
    for place in places:
        gap = seg.norm[place.norm_end:facility.norm_start]
        if place.norm_end <= facility.norm_start and re.fullmatch(r"\s*[–—:-]\s*(?:the\s+)?", gap) \
                and grammar.in_place.search(seg.norm[max(0, place.norm_start - 20):place.norm_start]):
            return place
    return None


def place_after(facility: Mention, places: list[Mention], seg: Segment) -> Mention | None:
    """'больница в г.Ош', 'a hospital will be built in the city of X': the place the words after it put it in."""
    for place in sorted(places, key=lambda m: m.norm_start):
        if place.norm_start >= facility.norm_end and _FACILITY_IN.match(seg.norm[facility.norm_end:place.norm_start]):
            return place
    return None
