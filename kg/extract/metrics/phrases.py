"""Noun phrases around a number: the phrase after it that it counts ('217 объектов
здравоохранения') and the phrase before it that it is said of ('износ зданий (51,7%)'), read with
the grammar of the word's language."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from kg.extract.metrics.drafts import Phrase
from kg.extract.metrics.numbers import _number_word_value
from kg.extract.metrics.words import _DASHES, Tok, _is_cyrillic, _ru_tag, _word_lang

if TYPE_CHECKING:  # the reader calls forward_phrase: importing it here at run time would be circular
    from kg.extract.metrics.lexicon import MetricLexicon
    from kg.extract.metrics.reader import SentenceReader


def _is_stop(reader: SentenceReader, tok: Tok) -> bool:
    return tok.low in reader.mlex.stop


def _skip_at(reader: SentenceReader, toks: list[Tok], i: int) -> int:
    """Number of tokens of a skip phrase ('новых', 'of the', 'в размере') at toks[i]."""
    starts = reader.mlex.starts(toks[i:i + 1])
    for phrase in reader.mlex.skip_longest_first:
        if (not phrase or phrase[0] in starts) and reader._phrase_at(toks[i:i + len(phrase)], phrase):
            return len(phrase)
    if toks[i].low.endswith(("’s", "'s")):
        return 1  # a possessor ("the programme’s patients") is not what is counted
    return 0


def _kk_adjective(reader: SentenceReader, word: str) -> bool:
    return word.lower().endswith(reader.mlex.kk_adjective)


def _kk_verb(reader: SentenceReader, word: str) -> bool:
    return word.lower().endswith(reader.mlex.kk_verb)


def _ru_class(tok: Tok, conjunctions: dict[str, str] | None = None) -> str:
    """noun | adj | conj | verb | other, for Russian words."""
    if tok.text.isupper() and len(tok.text) >= 2:
        return "noun"  # abbreviations: ИВЛ, ЭКГ
    if not _is_cyrillic(tok.text):
        return "noun" if tok.is_word else "other"
    pos, _, grammemes = _ru_tag(tok.low)
    if pos in ("NOUN",):
        return "noun"
    if pos in ("ADJF", "PRTF", "NUMR") or "Apro" in grammemes:
        return "adj"
    if pos in ("VERB", "INFN", "PRTS", "GRND", "ADJS"):
        return "verb"
    if pos == "CONJ" and tok.low in (conjunctions or {}):
        return "conj"
    return "other"


def _glossary_span(reader: SentenceReader, toks: list[Tok], start: int) -> int:
    """Length of the longest glossary phrase at toks[start] (0 if none)."""
    mlex = reader.mlex
    for length in range(min(mlex.max_phrase, len(toks) - start), 0, -1):
        if _glossary_key(reader, toks[start:start + length]) is not None:
            return length
    return 0


def _glossary_key(reader: SentenceReader, words: Sequence[Tok]) -> str | None:
    mlex = reader.mlex
    if not words:
        return next((canonical for key, canonical in mlex.glossary.items() if not key), None)
    index = _glossary_index(mlex)
    first = words[0]
    # Only the entries of this length whose first word this word can be, in glossary order:
    # trying every entry at every token was most of the indicator lookup.
    entries = sorted(e for option in mlex.forms(first.text) | {first.low}
                     for e in index.get((len(words), option), ()))
    candidates = [mlex.forms(w.text) for w in words]
    for _, key, canonical in entries:
        if all(k in forms or k == w.low for k, forms, w in zip(key, candidates, words)):
            return canonical
    return None


def _glossary_index(mlex: MetricLexicon) -> dict[tuple[int, str], list[tuple[int, tuple[str, ...], str]]]:
    def make() -> dict[tuple[int, str], list[tuple[int, tuple[str, ...], str]]]:
        index: dict[tuple[int, str], list[tuple[int, tuple[str, ...], str]]] = {}
        for n, (key, canonical) in enumerate(mlex.glossary.items()):
            if key:
                index.setdefault((len(key), key[0]), []).append((n, key, canonical))
        return index
    return mlex.lex.memo("metrics.phrases.glossary_index", make)


def forward_phrase(reader: SentenceReader, pos: int) -> Phrase | None:
    """The noun phrase a number at ``pos`` counts: '217 [объектов здравоохранения]',
    '43 [types of medical procedures]', '64 [ауылдық медициналық пункт]'."""
    end = reader.clause_of(max(pos - 1, 0))[1]
    dash = re.match(r"\s*[—–]\s*", reader.text[pos:])
    after_dash = bool(dash) and reader.lang in ("ru", "kk") and pos + dash.end() not in reader.bullets
    if after_dash:
        pos += dash.end()  # "7 150 — дети": the noun stands after the dash, in the next clause
        end = reader.clause_of(pos)[1]
    toks = [t for t in reader.toks if pos <= t.start < end]
    if not toks or reader.text[pos:toks[0].start].strip():
        return None
    i = 0
    while i < len(toks) and toks[i].is_word and (n := _skip_at(reader, toks, i)):
        i += n
    if i >= len(toks) or not toks[i].is_word:
        return None
    mention = reader.in_mention(toks[i].start, toks[i].end)
    if mention is not None and mention.norm_start >= pos:
        return None  # a name follows, not a counted noun (a name that swallowed the number is ignored)
    lang = _word_lang(toks[i].text, reader.lang)
    if lang == "ru":
        phrase = _ru_forward(reader, toks, i)
        genitive = phrase is not None and phrase.head >= 0 and _ru_tag(phrase.words[phrase.head].low)[1] == "gent"
        if phrase is not None and after_dash and genitive:
            # '49 – отечественного производства': a genitive after a dash qualifies, it does not count
            return Phrase([t for t in phrase.words if _ru_class(t) == "adj"], -1, "ru", phrase.end)
        return phrase
    if lang == "kk":
        return _kk_forward(reader, toks, i)
    return _en_forward(reader, toks, i)


def _extend_glossary(reader: SentenceReader, toks: list[Tok], words: list[Tok], first: int) -> list[Tok]:
    """Extend a phrase over a stop word when the glossary knows the longer phrase
    ('доступ' + 'к интернету')."""
    span = _glossary_span(reader, toks, first)
    return toks[first:first + span] if span > len(words) else words


def _ru_forward(reader: SentenceReader, toks: list[Tok], i: int) -> Phrase | None:
    words: list[Tok] = []
    head = -1
    j = i
    while j < len(toks) and len(words) < 6:
        tok = toks[j]
        if not tok.is_word or reader.in_mention(tok.start, tok.end, since=toks[0].start):
            break
        if words and reader.text[words[-1].end:tok.start].strip():
            break  # punctuation inside: the phrase ended
        cls = _ru_class(tok, reader.mlex.conjunctions)
        if head < 0:
            if cls == "adj" and not _is_stop(reader, tok):
                words.append(tok)
            elif cls == "conj" and words and j + 1 < len(toks) and _ru_class(toks[j + 1]) == "adj":
                words.append(tok)
            elif cls == "noun" and not _is_stop(reader, tok):
                words.append(tok)
                head = len(words) - 1
            else:
                break
        else:
            _, case, _ = _ru_tag(tok.low)
            complement = len(words) - head - 1
            next_is_noun = j + 1 < len(toks) and toks[j + 1].is_word and _ru_class(toks[j + 1]) == "noun"
            if cls == "adj" and not next_is_noun:
                break  # 'жителей, получивших ...': a participle clause, not a complement
            if cls in ("noun", "adj") and (case == "gent" or tok.text.isupper()) and complement < 2:
                words.append(tok)
            else:
                break
        j += 1
    if not words:
        return None
    extended = _extend_glossary(reader, toks, words, i)
    if len(extended) > len(words):
        words = extended
        head = _ru_compound_head(words, reader.mlex.prepositions)
    if head < 0:
        return Phrase(words, -1, "ru", words[-1].end)  # adjectives only: the noun is elided
    return Phrase(words, head, "ru", words[-1].end)


def _ru_compound_head(words: list[Tok], prepositions: set[str]) -> int:
    """Head of a glossary phrase: the first noun, but in 'рентген аппаратами' (a noun used as an
    attribute, no preposition between) the last noun not in the genitive."""
    nouns = [k for k, t in enumerate(words) if _ru_class(t) == "noun"]
    if not nouns:
        return len(words) - 1
    if any(t.low in prepositions for t in words):
        return nouns[0]
    later = [k for k in nouns[1:] if _ru_tag(words[k].low)[1] != "gent" and not words[k].text.isupper()]
    return later[-1] if later else nouns[0]


def _kk_forward(reader: SentenceReader, toks: list[Tok], i: int) -> Phrase | None:
    span = 0
    j = i
    words: list[Tok] = []
    while j < len(toks) and toks[j].is_word and not _is_stop(reader, toks[j]):
        span = _glossary_span(reader, toks, j)
        modifier = reader.mlex.in_set(toks[j].text, reader.mlex.modifiers) and j + 1 < len(toks) \
            and toks[j + 1].is_word and not _is_stop(reader, toks[j + 1]) and _glossary_span(reader, toks, j + 1)
        if span and (span > 1 or not modifier):
            words.extend(toks[j:j + span])
            break
        tok = toks[j]
        verb = _kk_verb(reader, tok.text) and not _kk_adjective(reader, tok.text)
        if reader.in_mention(tok.start, tok.end, since=toks[0].start) or verb:
            break
        words.append(tok)
        if not _kk_adjective(reader, tok.text) and not (reader.mlex.in_set(tok.text, reader.mlex.modifiers)
                                                 and j + 1 < len(toks) and toks[j + 1].is_word):
            break  # a Kazakh phrase ends with its noun
        j += 1
    while words and _kk_adjective(reader, words[-1].text) and not span and len(words) > 1:
        words.pop()
    if not words:
        return None
    return Phrase(words, len(words) - 1, "kk", words[-1].end)


def _en_forward(reader: SentenceReader, toks: list[Tok], i: int) -> Phrase | None:
    words: list[Tok] = []
    j = i
    limit = 3
    while j < len(toks) and len(words) < limit:
        tok = toks[j]
        if not tok.is_word or reader.in_mention(tok.start, tok.end, since=toks[0].start):
            break
        if words and reader.text[words[-1].end:tok.start].strip():
            break
        low = tok.low
        if words and low in reader.mlex.partitive and reader.mlex.in_set(words[-1].text, reader.mlex.classifiers) \
                and len(words) == 1:
            words.append(tok)  # "types of medical procedures"
            limit = 6
            j += 1
            continue
        if words and low in reader.mlex.conjunctions and j + 1 < len(toks) and toks[j + 1].is_word \
                and not _is_stop(reader, toks[j + 1]) and len(words) < limit and j + 2 < len(toks) \
                and toks[j + 2].is_word and not _is_number_word(reader, toks[j + 1]):
            words.append(tok)  # "clinical and operational standards"
            limit += 2
            j += 1
            continue
        verb_like = low.endswith(reader.mlex.en_verb) and len(low) > 4
        after = toks[j + 1] if j + 1 < len(toks) else None
        verb_before_stop = verb_like and (words or after is None or not after.is_word or _is_stop(reader, after))
        if _is_stop(reader, tok) or verb_before_stop:
            break
        words.append(tok)
        j += 1
    while words and (words[-1].low in reader.mlex.conjunctions or words[-1].low in reader.mlex.partitive):
        words.pop()
    if not words:
        return None
    return Phrase(words, len(words) - 1, "en", words[-1].end)


def _is_number_word(reader: SentenceReader, tok: Tok) -> bool:
    return _number_word_value(tok.text, _word_lang(tok.text, reader.lang), reader.mlex) is not None


def backward_phrase(reader: SentenceReader, pos: int) -> tuple[Phrase | None, bool]:
    """The noun phrase a number at ``pos`` is said of, when it stands after it:
    'консультативные услуги специалистов — 12 645', 'износ зданий сохраняется (51,7% …)',
    'научных статей (1014)'. Also reports whether a verb stood between."""
    clause_start = reader.clause_of(pos)[0]
    gap = reader.text[:pos].rstrip()
    paren = gap.endswith("(")
    dash = bool(gap) and gap[-1] in _DASHES + ":"
    if dash:
        clause_start = reader.clause_of(len(gap) - 2)[0] if len(gap) >= 2 else 0
    toks = [t for t in reader.toks if t.end <= pos and t.start >= clause_start and t.is_word]
    for phrase in reader.mlex.skip_longest_first:
        if len(phrase) > 1 and len(toks) >= len(phrase) and reader._phrase_at(toks[-len(phrase):], phrase):
            toks = toks[:-len(phrase)]  # '(в среднем -3%)'
            break
    i = len(toks) - 1
    while i >= 0 and (toks[i].low in reader.mlex.stop and _ru_class(toks[i]) != "noun"):
        if toks[i].low in reader.mlex.purpose | reader.mlex.backward_skip:
            i -= 1
            continue
        break
    verb = False
    if i >= 0 and _backward_is_verb(reader, toks[i]):
        verb = True
        i -= 1
    chain: list[Tok] = []
    while i >= 0 and len(chain) < 5:
        tok = toks[i]
        if reader.in_mention(tok.start, tok.end) or _is_period_word(reader, tok):
            break
        if chain and reader.text[tok.end:chain[0].start].strip():
            break
        lang = _word_lang(tok.text, reader.lang)
        if lang == "ru":
            cls = _ru_class(tok)
            if cls not in ("noun", "adj"):
                break
            if paren and not verb and chain and cls == "noun" and any(_ru_class(c) == "noun" for c in chain) \
                    and not reader.mlex.in_set(tok.text, reader.mlex.measures | reader.mlex.vacuous):
                break  # 'результаты поиска [научных статей] (1014)': the nearest noun is counted
        elif _is_stop(reader, tok) or tok.low in reader.mlex.determiners:
            break
        chain.insert(0, tok)
        i -= 1
    if verb and chain and i >= 0 and toks[i].low in reader.mlex.prepositions \
            and _word_lang(chain[-1].text, reader.lang) == "ru":
        # 'Охват скринингом [в отдалённых сёлах] вырос с 38%': the subject stands before the adjunct
        i -= 1
        subject: list[Tok] = []
        while i >= 0 and len(subject) < 4 and _ru_class(toks[i]) in ("noun", "adj") \
                and not reader.in_mention(toks[i].start, toks[i].end):
            subject.insert(0, toks[i])
            i -= 1
        if any(_ru_class(t) == "noun" for t in subject):
            chain = subject
    if not chain:
        return None, verb
    lang = _word_lang(chain[-1].text, reader.lang)
    if lang == "ru":
        nouns = [k for k, t in enumerate(chain) if _ru_class(t) == "noun"]
        if not nouns:
            return Phrase(chain, -1, "ru", chain[-1].end), verb
        nominative = [k for k in nouns if _ru_tag(chain[k].low)[1] == "nomn"]
        head = nominative[0] if nominative else nouns[0]
        first = head
        while first > 0 and _ru_class(chain[first - 1]) in ("adj", "conj"):
            first -= 1
        return Phrase(chain[first:head + 3], head - first, "ru", chain[-1].end), verb
    return Phrase(chain, len(chain) - 1, lang, chain[-1].end), verb


def _backward_is_verb(reader: SentenceReader, tok: Tok) -> bool:
    lang = _word_lang(tok.text, reader.lang)
    if lang == "ru":
        return _ru_class(tok) == "verb"
    if lang == "kk":
        return _kk_verb(reader, tok.text)
    return tok.low in reader.mlex.stop and tok.low not in reader.mlex.determiners | set(reader.mlex.partitive)


def _is_period_word(reader: SentenceReader, tok: Tok) -> bool:
    return bool(reader.mlex.in_set(tok.text, reader.mlex.year_words)) or tok.low in reader.mlex.months
