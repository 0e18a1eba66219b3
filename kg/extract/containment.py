"""Which place contains which, as the text says it: 'Tashkent, Uzbekistan', 'Теджен Ахалского велаята',
'Alai district of Osh Region', 'Syrdarya region (Akaltyn, Bayavut)', 'Жалғызағаш және Қайнар (Ескелді
ауданы)'. Known places only where the reference data agrees; places the document made wherever the
text puts them."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.extract.lexicon import Lexicon
from kg.extract.places import LISTED_PLACE, NAMED_SETTLEMENT, SETTLEMENT_IN_REGION
from kg.model import Mention
from kg.text.segment import Segment

if TYPE_CHECKING:  # relations.py imports this module; its Context is only a type here
    from kg.extract.relations import Context

_SETTLEMENT_RULES = (NAMED_SETTLEMENT.id, SETTLEMENT_IN_REGION.id, LISTED_PLACE.id)


def place_then_parent(places: list[Mention], seg: Segment, ctx: Context, lexicon: Lexicon) -> list[tuple[Mention, Mention]]:
    """'Tashkent, Uzbekistan', 'Nukus in the Republic of Karakalpakstan': a known place, then one the
    reference data says contains it."""
    ordered = sorted(places, key=lambda m: m.norm_start)
    out = []
    for a, b in zip(ordered, ordered[1:]):
        # "the Naryn Region’s Kochkor town": the possessor first
        owner = ctx.entities.get(b.iri)
        if seg.norm[a.norm_start:a.norm_end].endswith(("’s", "'s")) and not seg.norm[a.norm_end:b.norm_start].strip() \
                and owner is not None and owner.reference and a.iri in _ancestors(lexicon, owner.located_in) \
                and "/country/" not in a.iri:  # "Tajikistan's Sughd region" says nothing a reader writes down
            out.append((b, a))
            continue
        record = ctx.entities.get(a.iri)
        if record is None or not record.reference or a.iri == b.iri:
            continue
        # Russian puts the container in the genitive right after: 'в городе Теджен Ахалского велаята'.
        if not re.fullmatch(r"\s*,\s*|\s+(?:in|of)\s+(?:the\s+)?|\s*\(\s*|\s+", seg.norm[a.norm_end:b.norm_start]):
            continue
        if b.iri in _ancestors(lexicon, record.located_in):
            out.append((a, b))
    return out


def _bracketing_region(place: Mention, ordered: list[Mention], text: str, ctx: Context) -> Mention | None:
    """The region whose bracketed list holds ``place``: a name the document made, or a known place
    the reference data already puts there."""
    for region in reversed([m for m in ordered if m.norm_end < place.norm_start]):
        gap = text[region.norm_end:place.norm_start]
        if not re.fullmatch(r"\s*\([^()]*", gap) or region.iri == place.iri:
            continue
        record = ctx.entities.get(place.iri)
        if record is not None and record.reference:
            return region if _ancestors(ctx.lexicon, record.located_in) & {region.iri} else None
        return region if place.rule == LISTED_PLACE.id else None
    return None


def _bracketed_after(place: Mention, ordered: list[Mention], text: str) -> Mention | None:
    """'Жалғызағаш және Қайнар (Ескелді ауданы)': a listed name, then its district in brackets."""
    if place.rule != LISTED_PLACE.id:
        return None
    for parent in ordered:
        if parent.norm_start > place.norm_end and re.fullmatch(r"[^.;()]{0,60}\(\s*", text[place.norm_end:parent.norm_start]) \
                and text[parent.norm_end:].lstrip().startswith(")"):
            return parent
    return None


# 'Talas Regional Combined Hospital', 'Naryn Oblast Hospital': the region's name as an adjective
_REGIONAL_NAME = re.compile(r"\b([A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+)?)\s+(?:Regional|Oblast)\b")


def region_in_name(facility: Mention, seg: Segment, ctx: Context) -> str | None:
    """The region a facility's English name calls it regional to, when the document names that region."""
    match = _REGIONAL_NAME.search(seg.norm, facility.norm_start, facility.norm_end)
    if match is None:
        return None
    regions = ctx.lexicon.regions_named([*match.group(1).split(), "region"]) & ctx.entities.keys()
    return next(iter(regions)) if len(regions) == 1 else None


def _ancestors(lexicon: Lexicon, iri: str | None) -> set[str]:
    seen: set[str] = set()
    while iri and iri not in seen:
        seen.add(iri)
        parent = lexicon.entities.get(iri)
        iri = parent.located_in if parent else None
    return seen


def _same_kind(ctx: Context, a: Mention, b: Mention) -> bool:
    """Two villages, two districts: the settlements' labels end in the same class word."""
    words = [ctx.entities[m.iri].label().split() for m in (a, b)]
    return bool(words[0]) and bool(words[1]) and words[0][-1] == words[1][-1]


def settlement_parents(places: list[Mention], seg: Segment, ctx: Context) -> list[tuple[Mention, Mention]]:
    """A district or village the document made, and the place the text puts it in: 'Индер ауданының
    Есбол ауылында', 'села Кызыл-Суу Джети-Огузского района', 'Suzak in the Jalal-Abad region',
    'Alai district of Osh Region'; the names listed with one head share its parent."""
    text = seg.norm
    ordered = sorted(places, key=lambda m: m.norm_start)
    out: list[tuple[Mention, Mention]] = []
    for k, place in enumerate(ordered):
        bracketed = _bracketing_region(place, ordered, text, ctx) or _bracketed_after(place, ordered, text)
        if bracketed is not None:  # 'Syrdarya region (Akaltyn, Bayavut, Gulistan)'
            out.append((place, bracketed))
            continue
        if place.rule not in _SETTLEMENT_RULES or place.rule == LISTED_PLACE.id:
            continue
        parent = None
        if seg.lang == "kk":
            before = ordered[k - 1] if k else None
            gap = text[before.norm_end:place.norm_start].strip() if before is not None else ""
            if before is not None and (not gap or gap in ctx.grammar.kk_subordinate):
                parent = before
        else:
            after = ordered[k + 1] if k + 1 < len(ordered) else None
            # 'с.Нура, Иргизского района': after a comma only a district or region in the genitive holds it
            held = after is not None and re.search(r"(?:района|области)$", text[after.norm_start:after.norm_end])
            gap = (r",?\s*" if held else r"\s*") if seg.lang == "ru" else r"(?:,\s*|\s+(?:in|of)\s+(?:the\s+)?)"
            between = text[place.norm_end:after.norm_start] if after is not None else ""
            # 'Kant, Belovodsk, … districts' lists equals; only a place of another kind can hold it
            listed = "," in between and _same_kind(ctx, place, after)
            if after is not None and not listed and re.fullmatch(gap, between, re.IGNORECASE):
                parent = after
        if parent is not None and parent.iri != place.iri:
            out.append((place, parent))
    # names listed with a placed one share its parent ('Құрманғазы ауданындағы Азғыр, Жасталап, Батырбек
    # ауылдарында', 'в Тонском и Алайском районах Иссык-Кульской области')
    for order in (range(1, len(ordered)), range(len(ordered) - 1, 0, -1)):
        for k in order:
            a, b = ordered[k - 1], ordered[k]
            if not (a.rule in _SETTLEMENT_RULES and b.rule in _SETTLEMENT_RULES and _same_kind(ctx, a, b)
                    and ctx.grammar.list_join.match(text[a.norm_end:b.norm_start])):
                continue
            parent_a = next((p for s, p in out if s is a), None)
            parent_b = next((p for s, p in out if s is b), None)
            if parent_a is not None and parent_b is None and parent_a is not b:
                out.append((b, parent_a))
            elif parent_b is not None and parent_a is None and parent_b is not a:
                out.append((a, parent_b))
    return out
