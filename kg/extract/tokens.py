"""Word-level tests the name finders share: adjacency inside a name, '№' numbers, hyphenated
compounds, Russian adjectives and genitives (pymorphy3), and where an acronym's long form starts."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from kg.extract.grammar import UPPER
from kg.text.morph import parse

CYRILLIC_WORD = re.compile(r"^[А-Яа-яЁё-]+$")

def compound_start(text: str, tokens: list[tuple[int, int, str]], index: int) -> int:
    """Index of the first part of a hyphenated word ('консультативно-диагностический')."""
    while index > 0 and text[tokens[index - 1][1]:tokens[index][0]] == "-":
        index -= 1
    return index


def unit_word(word: str, unit_words: set[str]) -> bool:
    """'облысы', 'облысының', 'ауданы': the word a Kazakh place's name goes with, in any case."""
    return any(word.lower().startswith(u) for u in unit_words)


def capitalised_name_start(text: str, tokens: list[tuple[int, int, str]], left: int, head: int,
                           unit_words: set[str]) -> int:
    """'YDA Group компаниясы', 'Қазақстан Республикасы Денсаулық сақтау министрлігі': every capitalised
    word before the name's first one belongs to it too (not a sentence's first word), and so does a
    place with its unit word ('Алматы облысы Денсаулық сақтау басқармасы')."""
    while left > 1 and head - left < 6 and adjacent(text, tokens[left - 1], tokens[left]) and tokens[left][2][:1].isupper():
        if tokens[left - 1][2][:1].isupper():
            left -= 1
        elif unit_word(tokens[left - 1][2], unit_words) and tokens[left - 2][2][:1].isupper() \
                and adjacent(text, tokens[left - 2], tokens[left - 1]):
            return left - 2
        else:
            break
    return left


def genitive_tail(text: str, tokens: list[tuple[int, int, str]], start: int) -> int:
    """End (exclusive) of the genitive phrase after a head noun, with 'и' between genitive
    nouns, an 'им. С. Фамилия' dedication, and 'по' with its noun before it."""
    if start + 1 < len(tokens) and tokens[start][2] == "по" and tokens[start + 1][2].islower() \
            and adjacent(text, tokens[start - 1], tokens[start]) and adjacent(text, tokens[start], tokens[start + 1]):
        start += 2  # 'Проект по строительству хирургического отделения …', 'Комитет по делам женщин'
    k = start
    while k < len(tokens) and k - start < 8 and adjacent_or_dot(text, tokens[k - 1], tokens[k]):
        word = tokens[k][2]
        if word.isdigit() and text[tokens[k - 1][1]:tokens[k][0]].strip() in ("№", "N"):
            return k + 1  # 'больница № 3'
        if word.lower() == "им" and k + 1 < len(tokens):
            k += 1
            while k < len(tokens) and (len(tokens[k][2]) == 1 and tokens[k][2].isupper()):
                k += 1
            if k < len(tokens) and tokens[k][2][:1].isupper():
                k += 1
            break
        if word.lower() == "и" and k + 1 < len(tokens) and is_genitive(tokens[k + 1][2]) and k > start:
            k += 1
            continue
        if k + 1 < len(tokens) and text[tokens[k][1]:tokens[k + 1][0]] == "-" and is_genitive(tokens[k + 1][2]):
            k += 2  # 'медико-санитарной': the compound inflects in its last part
            continue
        if not is_genitive(word) or word[:1].isdigit():
            break
        k += 1
    return max(k, start)


def number_sign(text: str, token: tuple[int, int, str]) -> str:
    """'№2' before a name: the '№' prefix as written, or ''."""
    if not token[2].isdigit():
        return ""
    match = re.search(r"№\s*$", text[:token[0]])
    return text[match.start():token[0]] if match else ""


def is_adjective(word: str) -> bool:
    if len(word) < 3:
        return False
    return any(p.tag.POS in ("ADJF", "PRTF") for p in parse(word.lower()))


def is_genitive(word: str) -> bool:
    if not CYRILLIC_WORD.match(word) or len(word) < 3:
        return False
    parses = parse(word.lower())
    if parses and parses[0].tag.POS in ("PREP", "CONJ", "PRCL", "VERB", "INFN"):
        return False
    return any("gent" in p.tag and p.tag.POS in ("NOUN", "ADJF", "PRTF") for p in parses)


# A word of letters (a hyphen may join them, a digit may not start one): 'Кара-Суу', 'облыстық'.
_LETTER_WORD = re.compile(r"[^\W\d_][\w-]*")


def letter_words(text: str) -> list[tuple[int, int, str]]:
    """Each letter word of ``text`` with its offsets."""
    return [(m.start(), m.end(), m.group()) for m in _LETTER_WORD.finditer(text)]


def in_a_title(text: str, start: int, end: int, titles: frozenset[str],
               inflected: Callable[[str], frozenset[str]] | None = None) -> bool:
    """'сообщил аким Нарынской области', 'the governor of Naryn region', 'Нарын облысының әкімі', 'начальник
    управления здравоохранения …': the words between ``start`` and ``end`` name whose official speaks, or where
    a person works, not where anything happens. ``inflected``: a word's keys, for titles in another case."""
    before = [w.strip(",.:;«»\"'()").lower() for w in text[:start].split()[-3:]]
    before = [w for w in before if w not in ("of", "the")]
    after = [w.strip(",.:;«»\"'()").lower() for w in text[end:].split()[:1]]
    return any(w in titles or (inflected is not None and bool(inflected(w) & titles)) for w in before[-1:] + after)


def adjacent_or_dot(text: str, left: tuple[int, int, str], right: tuple[int, int, str]) -> bool:
    return text[left[1]:right[0]].strip() in ("", "-", ".", "№", "N")


def adjacent(text: str, left: tuple[int, int, str], right: tuple[int, int, str]) -> bool:
    """Two tokens belong to one name only if nothing but spaces (or a hyphen) stands between them."""
    return text[left[1]:right[0]].strip() in ("", "-")


def acronym_long_form(before: str, acronym: str) -> int | None:
    """Schwartz & Hearst (2003): the shortest stretch before the parenthesis in which the
    acronym's letters occur in order, the first one starting a word. Returns its start."""
    letters = [c.lower() for c in acronym if c.isalnum()]
    words = list(re.finditer(r"\S+", before))
    max_words = min(len(letters) + 5, len(letters) * 2)
    text = before.lower()
    ai = len(letters) - 1
    pos = len(text) - 1
    while ai >= 0:
        char = letters[ai]
        while pos >= 0 and (text[pos] != char or (ai == 0 and pos > 0 and text[pos - 1].isalnum())):
            pos -= 1
        if pos < 0:
            return None
        ai -= 1
        pos -= 1
    start = pos + 1
    used = sum(1 for w in words if w.end() > start)
    if used > max_words or used == 0:
        return None
    return start


def is_function_word(word: str) -> bool:
    """A Russian pronoun, particle or conjunction ('Это', 'Так', 'Но'), by its most likely reading."""
    readings = parse(word.lower())
    return bool(readings) and readings[0].tag.POS in ("NPRO", "PRCL", "CONJ", "PREP")


# A line of direct speech opens a sentence inside a segment: '… мәлім етті.\n— Ұлттық жобада …'
_SPEECH_OPENS = re.compile(r"[.!?]\s*[—–]\s*$|\n\s*[—–]\s*$")


def opens_sentence(text: str, tokens: list[tuple[int, int, str]], k: int) -> bool:
    """Whether token ``k`` is the first word of a sentence: of the segment, or of a line of speech in it."""
    return k == 0 or bool(_SPEECH_OPENS.search(text[tokens[k - 1][1]:tokens[k][0]]))


# What follows an English name and belongs to it: 'City Emergency Hospital No. 2', 'Naryn State Medical
# Academy named after Ivan Petrov'.
_ENGLISH_NAME_SUFFIX = re.compile(r"\s+(?:(?:No\.?|№|#)\s?\d+\b|named after(?:\s+[A-Z][\w'’.-]*){1,4})")


def english_name_suffix(text: str, tokens: list[tuple[int, int, str]], right: int) -> int:
    """The token index after a name ending before ``right``, with its number or dedication."""
    suffix = _ENGLISH_NAME_SUFFIX.match(text, tokens[right - 1][1])
    if suffix:
        while right < len(tokens) and tokens[right][1] <= suffix.end():
            right += 1
    return right


def coordinated_names(before: str) -> list[tuple[int, int]]:
    """Capitalised names joined by 'and'/','/'и'/'мен' right before a verb: their spans."""
    text = before.rstrip()
    bounds = [0] + [m.end() for m in re.finditer(r",\s*|\s+(?:and|и|мен)\s+", text)] + [len(text) + 1]
    spans: list[tuple[int, int]] = []
    for left, right in reversed(list(zip(bounds, bounds[1:]))):
        piece = text[left:right]
        piece = re.sub(r"(?:,\s*|\s+(?:and|и|мен)\s+)$", "", piece)
        lead = len(piece) - len(re.sub(r"^\s*(?:the|The)\s+", "", piece))
        name = re.sub(r"(?:\s+[a-z]+)+$", "", piece[lead:].strip())  # 'KfW have recently': English verbs are lower-case
        if not name or not re.fullmatch(rf"[{UPPER}][\w’'.&-]*(?:\s+(?:of\s+|for\s+|and\s+)?[\w’'.&-]+){{0,6}}", name):
            break
        spans.append((left + lead, left + lead + len(name)))
        if len(spans) == 4:
            break
    return spans


_KK_KIND = re.compile(r"(?:лық|лік|дық|дік|тық|тік)$")  # 'аудандық', 'қалалық': what kind of place


def kazakh_facility_name(words: list[str], evaluative: set[str]) -> bool:
    """'Мақтаарал аудандық ауруханасы екі көлік алады': at a sentence's start, one word that is no kind
    of its own, kind words and a possessive head are still a facility's name."""
    first, kinds, head = words[0], words[1:-1], words[-1]
    return bool(kinds) and all(_KK_KIND.search(w) for w in kinds) and not _KK_KIND.search(first.lower()) \
        and first.lower() not in evaluative and _KK_POSSESSIVE_HEAD.search(head) is not None


# A possessive head, in any case ('ауруханасы', 'ауруханасында', 'орталығының')
_KK_POSSESSIVE_HEAD = re.compile(r"(?:сы|сі|ы|і)(?:н|ның|нің|нда|нде|на|не|нан|нен|мен|ндағы|ндегі)?$")


def plural_adjective(word: str) -> bool:
    """'электронные (системы)', 'городские': a Russian adjective that says plural where the noun's form
    could be either."""
    parses = [p for p in parse(word.lower()) if p.tag.POS in ("ADJF", "PRTF")]
    return bool(parses) and all(p.tag.number == "plur" for p in parses)


def plural_noun(word: str) -> bool:
    """A Russian noun whose likeliest reading is plural ('пункты')."""
    parses = [p for p in parse(word.lower()) if p.tag.POS == "NOUN"]
    return bool(parses) and parses[0].tag.number == "plur"


def surname_pattern(endings: list[str]) -> re.Pattern[str]:
    """'Ахметов', 'Ахметовтер' (the Akhmetovs): a surname by its ending, also in the plural."""
    return re.compile("(?:" + "|".join(map(re.escape, endings)) + r")(?:тар|тер|дар|дер)?$")


def word_beside_quote(lang: str, text: str, match: re.Match[str], before: list[str]) -> str | None:
    """The word right next to a quote on the side the language puts a class word: after it in Kazakh
    ('«…» жобасы'), before it elsewhere ('проект «…»'); ``before`` is the words before the quote."""
    if lang == "kk":
        following = re.match(r"\s*([^\W\d_]+)", text[match.end():])
        return following.group(1) if following is not None else None
    return before[-1] if before and text[:match.start()].rstrip().endswith(before[-1]) else None


_VERB_THEN_SUBJECT = re.compile(r"\s+(?:(?P<word>[а-яё]+)\s+)?[«\"“]?")
_CLAUSE_BEFORE_SUBJECT = re.compile(r"(?:\s+[А-ЯЁа-яё-]+){1,4}\s+[«\"“]?")
_CLAUSE_END = re.compile(r"[»\"”]?\s*(?:[,.;]|$)")


def subject_after_verb(text: str, verb: re.Match[str], subject_start: int) -> bool:
    """Russian puts the doer after a finite verb as often as before it ('оснащение профинансирует компания
    «X»', 'центр, который строит Узбекистан'): a name right after the verb, or after one common noun, that
    can be in the nominative ('передал Минздраву' names the receiver)."""
    gap = _VERB_THEN_SUBJECT.fullmatch(text, verb.end(), subject_start)
    words = verb.group().split()
    if not words or not any(p.tag.POS == "VERB" for p in parse(words[-1].lower())):
        return False
    if gap is None:
        # 'передала в дар Таджикистану Россия, …': the doer closes the clause after the verb's objects
        gap = _CLAUSE_BEFORE_SUBJECT.fullmatch(text, verb.end(), subject_start)
        subject = re.match(r"[\w-]+", text[subject_start:].lstrip("«\"“"))
        if gap is None or subject is None or not _CLAUSE_END.match(text, subject_start + subject.end()):
            return False
        first = subject.group()
        return bool(CYRILLIC_WORD.match(first)) and parse(first.lower())[0].tag.case == "nomn"
    first = gap.group("word") or re.match(r"[\w-]*", text[subject_start:].lstrip("«\"“")).group()
    return not CYRILLIC_WORD.match(first) or any("nomn" in p.tag for p in parse(first.lower()))


def care_genitive(text: str, tokens: Sequence[tuple[int, int, str]], i: int,
                  is_care: Callable[[str], bool]) -> tuple[list[str], int]:
    """'центр(ов) гемодиализа', 'центра лучевой терапии': up to three genitive words after the head at ``i``,
    ending in a noun, one of them a word of care (not 'центр города'), and where they end; none otherwise."""
    taken: list[str] = []
    for k in range(i + 1, min(i + 4, len(tokens))):
        start, end, word = tokens[k]
        if text[tokens[k - 1][1]:start] != " " or not word.islower():
            break
        readings = [p for p in parse(word) if "gent" in p.tag and p.tag.POS in ("NOUN", "ADJF")]
        if not readings:
            break
        taken.append(word)
        if all(p.tag.POS == "NOUN" for p in readings):
            return (taken, end) if any(is_care(w) for w in taken) else ([], tokens[i][1])
    return [], tokens[i][1]
