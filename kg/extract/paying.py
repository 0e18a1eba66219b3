"""Who pays and who carries it out when no sentence links them to the programme: an article whose
only paying organisation (a bank, a fund, a donor government, a foundation) stands beside money
('The Fund's grant of $3 million covers the equipment') reports it paying for its programme; one
whose only UN agency or NGO stands where things are handed over, built or opened reports it
carrying the programme out. Runs after every sentence's own relations are found."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from kg.extract.implied import reports_act
from kg.extract.lexicon import Lexicon
from kg.extract.rules import Rule, declare
from kg.model import Evidence, Relation
from kg.text.segment import Segment

if TYPE_CHECKING:  # relations.py calls this module: its Context only types the argument here
    from kg.extract.relations import Context

THE_ONE_PAYER = declare(
    "the-one-payer",
    "An article whose only paying organisation (a bank, a fund, a donor government, a foundation) stands in a "
    "sentence about money or a grant, and whose programme no cue gave a funder: that organisation pays for "
    "the programme named or described nearest before it (else the first one).")
THE_ONE_IMPLEMENTER = declare(
    "the-one-implementer",
    "An article whose only UN agency or non-governmental organisation stands in a sentence where things are "
    "handed over, built or opened, and which no cue gave a part: it carries out the programme named or "
    "described nearest before it.")


def the_one_payer_and_implementer(segments: list[Segment], ctx: Context, lexicon: Lexicon,
                                  relations: list[Relation], org_type: Callable[[str], str | None],
                                  evidence: Callable[[Segment, Rule], Evidence]) -> None:
    """Adds ``programme fundedBy payer`` to ``relations`` in place when the article allows one reading;
    then ``programme implementedBy agency`` for its one UN agency or NGO that hands over or builds."""
    money = lexicon.memo("paying_words", lambda: {lang: re.compile(str(p), re.IGNORECASE)
                                                  for lang, p in (lexicon.section("paying_words") or {}).items()})
    _the_one(segments, ctx, relations, org_type, set(lexicon.section("funding_org_types") or []),
             lambda seg: seg.lang in money and money[seg.lang].search(seg.norm) is not None,
             "fundedBy", THE_ONE_PAYER, evidence)
    _the_one(segments, ctx, relations, org_type, {"un-agency", "ngo"},
             lambda seg: reports_act(seg.norm, lexicon), "implementedBy", THE_ONE_IMPLEMENTER, evidence)


def _the_one(segments: list[Segment], ctx: Context, relations: list[Relation], org_type: Callable[[str], str | None],
             types: set[str], acting: Callable[[Segment], bool], predicate: str, rule: Rule,
             evidence: Callable[[Segment, Rule], Evidence]) -> None:
    related = {r.object for r in relations if r.predicate != "partner"} | {r.subject for r in relations}
    actors: dict[str, list[tuple[Segment, int]]] = {}
    programmes: list[tuple[int, int, str]] = []  # (segment, position, IRI) in reading order
    for seg in segments:
        for mention in ctx.of_class(seg, "programme"):
            programmes.append((seg.index, mention.norm_start, mention.iri))
        organisations = [m for m in ctx.of_class(seg, "funder") if org_type(m.iri) in types]
        if organisations and acting(seg):
            for mention in organisations:
                actors.setdefault(mention.iri, []).append((seg, mention.norm_start))
    if len(actors) != 1 or not programmes:
        return
    actor, places = next(iter(actors.items()))
    if actor in related:
        return  # the sentences already gave it a part: it funds or runs something said there (a partner may pay too)
    without = {iri for _, _, iri in programmes} - {r.subject for r in relations if r.predicate == predicate}
    seg, position = places[0]
    before = [p for p in programmes if (p[0], p[1]) <= (seg.index, position)]
    programme = (before[-1] if before else programmes[0])[2]
    if programme in without:
        relations.append(Relation(programme, predicate, actor, evidence(seg, rule)))
