"""Who pays when no sentence links the payer to the programme: an article whose only paying
organisation (a bank, a fund, a donor government, a foundation) stands beside money or a grant
('The Fund's grant of $3 million covers the equipment'), and whose programme no cue gave a funder,
reports that organisation paying for it. Runs after every sentence's own relations are found."""

from __future__ import annotations

import re
from collections.abc import Callable

from kg.extract.lexicon import Lexicon
from kg.extract.rules import Rule, declare
from kg.model import Evidence, Relation
from kg.text.segment import Segment

THE_ONE_PAYER = declare(
    "the-one-payer",
    "An article whose only paying organisation (a bank, a fund, a donor government, a foundation) stands in a "
    "sentence about money or a grant, and whose programme no cue gave a funder: that organisation pays for "
    "the programme named or described nearest before it (else the first one).")



def the_one_payer(segments: list[Segment], ctx: object, lexicon: Lexicon, relations: list[Relation],
                  org_type: Callable[[str], str | None],
                  evidence: Callable[[Segment, Rule], Evidence]) -> None:
    """Adds ``programme fundedBy payer`` to ``relations`` in place when the article allows one reading."""
    paying_types = set(lexicon.section("funding_org_types") or [])
    money = lexicon.memo("paying_words", lambda: {lang: re.compile(str(p), re.IGNORECASE)
                                                  for lang, p in (lexicon.section("paying_words") or {}).items()})
    related = {r.object for r in relations if r.predicate != "partner"} | {r.subject for r in relations}
    payers: dict[str, list[tuple[Segment, int]]] = {}
    programmes: list[tuple[int, int, str]] = []  # (segment, position, IRI) in reading order
    for seg in segments:
        for mention in ctx.of_class(seg, "programme"):
            programmes.append((seg.index, mention.norm_start, mention.iri))
        for mention in ctx.of_class(seg, "funder"):
            if org_type(mention.iri) in paying_types:
                payers.setdefault(mention.iri, []).append((seg, mention.norm_start))
    # only organisations that stand beside money count: a bank the article only mentions pays for nothing
    payers = {iri: [(seg, at) for seg, at in places if seg.lang in money and money[seg.lang].search(seg.norm)]
              for iri, places in payers.items()}
    payers = {iri: places for iri, places in payers.items() if places}
    if len(payers) != 1 or not programmes:
        return
    payer, places = next(iter(payers.items()))
    if payer in related:
        return  # the sentences already gave it a part: it funds or runs something said there (a partner may pay too)
    unfunded = {iri for _, _, iri in programmes} - {r.subject for r in relations if r.predicate == "fundedBy"}
    for seg, position in places:
        before = [p for p in programmes if (p[0], p[1]) <= (seg.index, position)]
        programme = (before[-1] if before else programmes[0])[2]
        if programme in unfunded:
            relations.append(Relation(programme, "fundedBy", payer, evidence(seg, THE_ONE_PAYER)))
        return
