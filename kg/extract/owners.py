"""Who a programme's name says runs or pays for it: organisations in parentheses right after the
name, and an owner right before it ('USAID’s “…” project', 'the World Bank Better Care Project',
'Japan’s Grant Assistance for …', 'проекта Всемирного банка «…»'); and whose money a nationality
adjective names ('with Chinese funding')."""

from __future__ import annotations

import re

from kg.extract.implied import IMPLIED_RULES
from kg.extract.lexicon import Lexicon
from kg.extract.rules import declare
from kg.model import Mention
from kg.text.morph import tokenize
from kg.text.segment import Segment

PARENTHESISED_AGENCIES = declare(
    "parenthesised-agencies",
    "Organisations listed in parentheses right after a programme's name run it.")
NATIONAL_MONEY = declare(
    "national-money",
    "A donor country's adjective right before a word of money ('with Chinese funding', 'за счёт японского "
    "гранта'): the country's government pays.")
NATIONAL_SIDE = declare(
    "national-side",
    "A country's adjective before 'side' ('профинансировано узбекской стороной', 'the Chinese side handed over'): "
    "the country's government acts.")
OWNER_PROGRAMME = declare(
    "owner-programme",
    "'<organisation> programme “…”', 'the <organisation> … Project', '<donor country>’s …': funds it "
    "when the organisation is a fund, a donor or a donor country, else runs it.")


def parenthesised_after(prog: Mention, funders: list[Mention], seg: Segment) -> list[Mention]:
    """'“Bridging the Digital Health Divide” (WHO/UNDP/UNICEF/UNFPA, EU-funded)'."""
    rest = seg.norm[prog.norm_end:]
    stripped = rest.lstrip()
    if not stripped.startswith("("):
        return []
    open_at = prog.norm_end + (len(rest) - len(stripped))
    close_at = seg.norm.find(")", open_at)
    if close_at < 0:
        return []
    return [f for f in funders if open_at < f.norm_start and f.norm_end <= close_at]


def owner_before(prog: Mention, funders: list[Mention], seg: Segment, lexicon: Lexicon) -> Mention | None:
    """'the UN Joint SDG Fund programme “…”': an organisation, then a trigger noun, then the name."""
    triggers = lexicon.programme_triggers
    for org in funders:
        between = seg.norm[org.norm_end:prog.norm_start].strip()
        # also with a kind before the noun and the names quoted: 'the “X” charity project “…”'
        words = between.strip("«»“”\"' ").split()
        if org.norm_end <= prog.norm_start and 1 <= len(words) <= 3 and lexicon.key_of(words[-1]) & triggers \
                and all(w.islower() for w in words) and not re.search(r"[.,;:()]", between):
            return org
        # 'USAID’s “…” project', 'the Korean government’s medical aid programme'
        # 'the World Bank Better Care Project': the owner right before the name
        # a programme the article implies is labelled from the organisation's own words ('… funded
        # project'): the organisation before it is its description, not its owner
        if prog.rule not in IMPLIED_RULES and org.norm_end < prog.norm_start \
                and not seg.norm[org.norm_end:prog.norm_start].strip():
            return org
        # and a donor country's ("Japan’s Grant Assistance for …"), whose government pays
        possessive = seg.norm[org.norm_start:org.norm_end].endswith(("’s", "'s"))
        if not possessive and seg.norm.startswith(("’s", "'s"), org.norm_end):
            possessive, between = True, between[2:].strip()
        if org.norm_end <= prog.norm_start and possessive and re.fullmatch(r"(?:[a-z-]+\s+){0,2}", between + " " if between else ""):
            return org
        # 'в рамках программы правительства Японии «…»', 'проекта Всемирного банка «…»': the trigger, the
        # organisation (genitive), then the name
        before = seg.norm[:org.norm_start].split()
        if before and lexicon.key_of(before[-1].strip("«»\"“”,")) & triggers and not between.strip("«»“”\"") \
                and org.norm_end <= prog.norm_start:
            return org
    return None


def donor_adjective(prog: Mention, seg: Segment, lexicon: Lexicon) -> str | None:
    """'Японская программа безвозмездной помощи', 'the Korean Better Hospitals Programme': a donor
    country's adjective opening a programme's name says that country's government pays (not one
    before the name: 'Түрік YDA Group компаниясының бастамасы' is a Turkish company's). The
    government, or None."""
    for word in seg.norm[prog.norm_start:prog.norm_end].split()[:1]:
        country = next((lexicon.adjectives[k] for k in sorted(lexicon.key_of(word.strip("«»“”\"'(,"))) if k in lexicon.adjectives), None)
        if country in lexicon.governments:
            return lexicon.governments[country]
    return None


def adjective_donors(seg: Segment, lexicon: Lexicon) -> list[Mention]:
    """The governments a sentence's nationality adjectives stand for where money or 'side' follows them: 'built
    with Chinese funding', 'a Swiss-funded project', 'японского гранта', 'Жапон қаражатына', 'узбекской
    стороной'. A mention
    of the government over the adjective; the lexicon's cues (money right after an organisation) say
    what it pays for."""
    money = lexicon.memo("money_noun_keys", lambda: {k for w in lexicon.section("money_nouns") or []
                                                     for k in lexicon.key_of(str(w))})
    sides = lexicon.memo("government_side_keys", lambda: {k for w in lexicon.section("government_sides") or []
                                                          for k in lexicon.key_of(str(w))})
    tokens = tokenize(seg.norm)
    out = []
    for (start, end, word), (_, _, after) in zip(tokens, tokens[1:]):
        country = next((lexicon.adjectives[k] for k in sorted(lexicon.key_of(word)) if k in lexicon.adjectives), None)
        if country is None or seg.norm[end:end + 1] not in (" ", "-"):
            continue
        after_keys = lexicon.key_of(after)
        if country in lexicon.governments and after_keys & money:
            government, rule = lexicon.governments[country], NATIONAL_MONEY
        elif after_keys & sides:
            # a side is any government, the region's own too ('узбекской стороной' in an article about Kyrgyzstan)
            government, rule = lexicon.governments.get(country) or lexicon.neighbour_governments.get(country), NATIONAL_SIDE
        else:
            continue
        if government is None:
            continue
        first, last = seg.span(start, end)
        out.append(Mention(government, first, last, seg.index, start, end, rule.id))
    return out
