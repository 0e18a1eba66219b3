"""Indicators: what a number counts. A noun phrase → the indicator's key and labels (through the
glossary, or its own words lemmatised); money named by its verb; changes and unspecified
indicators."""

from __future__ import annotations

from collections.abc import Sequence

from kg.extract.candidates import slugify
from kg.extract.metrics.drafts import MONEY, Draft, Indicator, Phrase
from kg.extract.metrics.phrases import (_backward_is_verb, _glossary_key, _ru_class, backward_phrase,
                      forward_phrase)
from kg.extract.metrics.reader import SentenceReader
from kg.extract.metrics.words import _DASHES, Tok, _en_plural, _en_singular, _ru_inflect, _ru_lemma, _ru_tag, _word_lang


def _modifier_key(reader: SentenceReader, tok: Tok) -> str | None:
    form = reader.mlex.in_set(tok.text, reader.mlex.modifiers)
    if form:
        return reader.mlex.modifiers[form]
    gloss = reader.mlex.lex.gloss(tok.text)
    return gloss if gloss and _word_lang(tok.text, reader.lang) == "ru" and _ru_class(tok) == "adj" else None


def _lemma_word(reader: SentenceReader, tok: Tok) -> str:
    lang = _word_lang(tok.text, reader.lang)
    if lang == "ru":
        return _ru_lemma(tok.low, reader.mlex.lex)
    if lang == "en":
        return _en_singular(tok.low)
    return tok.low


def indicator_of(reader: SentenceReader, phrase: Phrase, unit: str) -> Indicator | None:
    """Key and labels of the indicator a phrase names; None when it names nothing countable."""
    words, head = list(phrase.words), phrase.head
    if head < 0:
        return None
    # 'уровень износа зданий' is 'износ зданий'; 'number of X' is X; 'расширение покрытия' is 'покрытие'
    while head + 1 < len(words) and (reader.mlex.in_set(words[head].text, reader.mlex.vacuous)
                                     or reader.mlex.in_set(words[head].text, reader.mlex.change_words)):
        words = words[head + 1:]
        head = next((k for k, t in enumerate(words) if phrase.lang != "ru" or _ru_class(t) == "noun"), 0)
        if words and words[0].low in reader.mlex.partitive:
            words, head = words[1:], max(head - 1, 0)
    if reader.mlex.in_set(words[head].text, reader.mlex.vacuous) and head == len(words) - 1:
        return None  # 'этой суммы', 'the share': a measure with nothing measured
    window = _head_window(reader, words, head)
    if window is None:
        return _plain_indicator(reader, words, head, phrase.lang, unit)
    coordinated = _coordinated_nouns(reader, words, window)
    if coordinated is not None:
        return coordinated
    a, b, canonical = window
    key_words = _modifier_keys(reader, words[:a], keep_unknown=phrase.lang == "en") + [canonical]
    measure = reader.mlex.in_set(words[head].text, reader.mlex.measures)
    label_words = words[:b]
    if measure and b == head + 1 and b < len(words):
        complement = _glossary_key(reader, words[b:]) or " ".join(_lemma_word(reader, t) for t in words[b:])
        key_words = [complement] + key_words
        label_words = words
    elif phrase.lang == "en" or b >= len(words):
        label_words = words[:b] if phrase.lang != "en" else words
    key = slugify(" ".join(key_words), reader.mlex.lex)
    labels = _labels(reader, label_words, min(head, len(label_words) - 1), phrase.lang, unit, (a, b, canonical))
    english = " ".join(key_words)
    labels.setdefault("en", _en_plural(english, reader.mlex.plurals) if unit == "count" else english)
    head_alone = _glossary_key(reader, [words[head]])
    head_canonical = head_alone or canonical
    head_words = [words[head]] if head_alone else words[a:b]
    head_labels = _labels(reader, head_words, head - a if not head_alone else 0, phrase.lang, unit,
                          None if head_alone else (a, b, canonical), offset=0 if head_alone else a)
    head_labels["en"] = _en_plural(head_canonical, reader.mlex.plurals) if unit == "count" else head_canonical
    return Indicator(key, labels, slugify(head_canonical, reader.mlex.lex), head_labels, key_words, head_canonical)


def _coordinated_nouns(reader: SentenceReader, words: list[Tok], window: tuple[int, int, str]) -> Indicator | None:
    """'doctors and nurses': two counted nouns, not a modifier and a noun."""
    a, b, canonical = window
    if a < 2 or words[a - 1].low not in reader.mlex.conjunctions or b != len(words):
        return None
    first = _glossary_key(reader, words[:a - 1]) or _glossary_key(reader, words[a - 2:a - 1])
    if first is None:
        return None
    english = f"{first} {reader.mlex.conjunctions[words[a - 1].low]} {canonical}"
    labels = {"en": " ".join(_case(t.text) for t in words)} if _word_lang(words[-1].text, reader.lang) == "en" else {}
    labels.setdefault("en", english)
    return Indicator(slugify(english, reader.mlex.lex), labels, slugify(canonical, reader.mlex.lex), labels,
                     english.split(), canonical)


def _modifier_keys(reader: SentenceReader, modifiers: Sequence[Tok], keep_unknown: bool) -> list[str]:
    """English keys of the words before a head; a conjunction stays between two known words.
    Unknown words are kept only in English, where they are readable as they are."""
    keys: list[str | None] = []
    for tok in modifiers:
        if tok.low in reader.mlex.conjunctions:
            keys.append(reader.mlex.conjunctions[tok.low])
        else:
            known = _modifier_key(reader, tok)
            if known is None and keep_unknown:
                known = _en_singular(tok.low) if reader.mlex.in_set(tok.text, reader.mlex.classifiers) else tok.low
            keys.append(known)
    out: list[str] = []
    for k, key in enumerate(keys):
        joins = set(reader.mlex.conjunctions.values())
        if key in joins and not (out and k + 1 < len(keys) and keys[k + 1] is not None and keys[k + 1] not in joins):
            continue
        if key:
            out.append(key)
    return out


def _head_window(reader: SentenceReader, words: list[Tok], head: int) -> tuple[int, int, str] | None:
    """(start, end, canonical) of the longest glossary phrase that holds the head."""
    best = None
    for a in range(0, head + 1):
        for b in range(len(words), head, -1):
            if best and (b - a) <= (best[1] - best[0]):
                continue
            canonical = _glossary_key(reader, words[a:b])
            if canonical is not None:
                best = (a, b, canonical)
    return best


def _plain_indicator(reader: SentenceReader, words: list[Tok], head: int, lang: str, unit: str) -> Indicator:
    """An indicator the glossary does not know: its words, lemmatised, make the key."""
    if lang == "en":
        key_text = " ".join(_en_singular(t.low) if k in (head, 0) else t.low for k, t in enumerate(words))
    else:
        key_text = " ".join(_lemma_word(reader, t) for t in words)
    key = slugify(key_text, reader.mlex.lex)
    labels = _labels(reader, words, head, lang, unit)
    head_labels = _labels(reader, [words[head]], 0, lang, unit)
    head_text = _lemma_word(reader, words[head])
    return Indicator(key, labels, slugify(head_text, reader.mlex.lex), head_labels, [key_text], head_text)


def _labels(reader: SentenceReader, words: list[Tok], head: int, lang: str, unit: str,
            window: tuple[int, int, str] | None = None, offset: int = 0) -> dict[str, str]:
    """The label of a phrase in its language. ``window``: the glossary phrase's (start, end) in
    the phrase's words (shifted by ``offset``), whose dictionary forms the label may use."""
    if not words:
        return {}
    gloss_words: dict[int, str] = {}
    if window is not None:
        a, b, _ = window
        a, b = a - offset, b - offset
        key = _glossary_phrase(reader, words[max(a, 0):b])
        if key is not None:
            gloss_words = {max(a, 0) + k: w for k, w in enumerate(key)}
    if lang == "ru":
        return {"ru": _ru_label(words, head, plural=unit == "count", lemmas=gloss_words)}
    if lang == "kk":  # the dictionary form: 'ауданда' → 'аудан'
        return {"kk": " ".join(gloss_words.get(k) or _case(t.text) for k, t in enumerate(words))}
    return {"en": " ".join(_case(t.text) for t in words)}


def _glossary_phrase(reader: SentenceReader, words: Sequence[Tok]) -> tuple[str, ...] | None:
    """The glossary's own words for a phrase it knows."""
    candidates = [reader.mlex.forms(w.text) for w in words]
    for key in reader.mlex.glossary_by_length.get(len(words), ()):
        if all(k in forms or k == w.low for k, forms, w in zip(key, candidates, words)):
            return key
    return None


def _case(word: str) -> str:
    return word if word.isupper() and len(word) > 1 else word.lower()


def _ru_label(words: list[Tok], head: int, plural: bool, lemmas: dict[int, str] | None = None) -> str:
    """Nominative (plural for counts) of a Russian phrase: 'районных больниц' → 'районные больницы'.
    ``lemmas``: the dictionary word each position must be read as ('статей' is статья, not стать)."""
    lemmas = lemmas or {}
    head = max(0, min(head, len(words) - 1))
    head_tag = _ru_tag(words[head].low)
    number = "plur" if plural and "Sgtm" not in head_tag[2] else "sing"
    gender = next((g for g in ("masc", "femn", "neut") if g in head_tag[2]), None)
    out = []
    for k, tok in enumerate(words):
        if k < head and _ru_class(tok) == "adj":
            grammemes = {"nomn", number} | ({gender} if number == "sing" and gender else set())
            out.append(_ru_inflect(tok.low, grammemes, ("ADJF", "PRTF")) or tok.low)
        elif k == head and _ru_class(tok) == "noun" and not tok.text.isupper():
            out.append(_ru_inflect(tok.low, {"nomn", number}, ("NOUN",), lemmas.get(k)) or tok.low)
        elif k < head and _ru_class(tok) == "noun" and lemmas.get(k):
            out.append(lemmas[k])  # an attributive noun: 'рентген аппараты'
        else:
            out.append(_case(tok.text))
    return " ".join(out)


def _with_modifiers(reader: SentenceReader, base: Indicator, modifiers: list[Tok], unit: str) -> Indicator:
    """An elided noun restored from the total: 'диагностические —' + 'услуги' → diagnostic services."""
    keys = _modifier_keys(reader, modifiers, keep_unknown=False)
    key_words = keys + [base.head_text or base.head_key.replace("-", " ")]
    labels = dict(base.head_labels)
    if modifiers:
        lang = _word_lang(modifiers[-1].text, reader.lang)
        if lang == "ru" and "ru" in base.head_labels:
            number = "plur" if unit == "count" else "sing"
            adjs = [(_ru_inflect(t.low, {"nomn", number}, ("ADJF", "PRTF")) or t.low) for t in modifiers]
            labels["ru"] = " ".join(adjs + [base.head_labels["ru"]])
        elif lang in base.head_labels:
            labels[lang] = " ".join([t.low for t in modifiers] + [base.head_labels[lang]])
    if keys:
        labels["en"] = _en_plural(" ".join(key_words), reader.mlex.plurals) if unit == "count" else " ".join(key_words)
    return Indicator(slugify(" ".join(key_words), reader.mlex.lex), labels, base.head_key, base.head_labels, key_words,
                     base.head_text)


def _verb_indicator(reader: SentenceReader, draft: Draft) -> Indicator | None:
    """'The pilot cost UZS 145 bn', 'выделено 1,8 млрд тенге', 'грант бөлді': money named by its verb."""
    start, end = draft.clause
    window = [t for t in reader.toks if start <= t.start and t.end <= draft.span_start and t.is_word][-5:]
    window += [t for t in reader.toks if draft.span_end <= t.start < end and t.is_word][:3]
    for tok in window:
        form = reader.mlex.in_set(tok.text, reader.mlex.verb_indicators)
        if form is None:
            continue
        key = reader.mlex.verb_indicators[form]
        known = reader.mlex.verb_labels.get(key, {})
        labels = {lang: label for lang, label in known.items() if lang in ("en", reader.lang)} or {"en": key}
        purpose = _purpose_phrase(reader, draft)
        if purpose is not None:
            inner = indicator_of(reader, purpose, "percent")  # 'на здравоохранение': singular
            if inner is not None:
                slug = slugify(" ".join([key, "on"] + inner.words), reader.mlex.lex)
                out = {"en": slug.replace("-", " ")}  # the glossed key reads as English
                if reader.lang in labels and reader.lang != "en" and reader.lang in inner.labels:
                    joiner = reader.mlex.purpose_joiners.get(reader.lang, "")
                    parts = (labels[reader.lang], joiner, inner.labels[reader.lang])
                    out[reader.lang] = " ".join(w for w in parts if w)
                return Indicator(slug, out, key, out, [key, "on"] + inner.words, key)
        return Indicator(slugify(key, reader.mlex.lex), labels, key, labels, [key], key)
    return None


def _purpose_phrase(reader: SentenceReader, draft: Draft) -> Phrase | None:
    """'3,9% на здравоохранение', '60% пришлось на оборудование': what the share or sum is for."""
    after = [t for t in reader.toks if draft.span_end <= t.start < draft.clause[1]][:4]
    for k, tok in enumerate(after):
        if tok.low in reader.mlex.purpose and k + 1 < len(after):
            return forward_phrase(reader, after[k + 1].start)
        if not tok.is_word or (k > 0 and not _backward_is_verb(reader, after[k - 1])):
            if k > 1:
                break
    return None


def find_indicator(reader: SentenceReader, draft: Draft, earlier: Sequence[Draft] = ()) -> None:
    """Fill ``draft.indicator`` (or ``draft.modifiers`` when the noun is elided). ``earlier``:
    the numbers before it in the sentence."""
    # A Kazakh case ending detaches the number from the noun after it ("190-ында интернет"),
    # unless a bound follows ("18 500-ден астам қашықтықтан кеңес").
    detached = bool(draft.num.suffix) and not draft.after_bound
    forward = None if detached else forward_phrase(reader, draft.span_end)
    if forward is not None and forward.head < 0:
        draft.modifiers = forward.words  # "9 флюорографических", "1500 отечественных"
        return
    if forward is not None:
        indicator = indicator_of(reader, forward, draft.unit)
        if indicator is not None:
            draft.phrase, draft.indicator = forward, indicator
            return
    if draft.unit_class == MONEY:
        draft.indicator = _verb_indicator(reader, draft)
        if draft.indicator is not None:
            return
    if draft.unit == "count" and not _introduced(reader, draft.span_start):
        return  # a count names its noun after it, or after '(' / '—' / ':' before it
    if draft.unit == "count" and any(d.unit_class == draft.unit_class for d in earlier) \
            and reader.text[:draft.span_start].rstrip().endswith("("):
        return  # 'социальных наук (1014 публикаций), ... медицина (485)': 485 more of the same
    backward, _ = backward_phrase(reader, draft.span_start)
    if backward is not None and backward.head < 0:
        draft.modifiers = backward.words
        return
    if backward is not None:
        draft.indicator = indicator_of(reader, backward, draft.unit)
        if draft.indicator is not None:
            draft.phrase = backward
            return
    if draft.unit == "percent":
        draft.indicator = _verb_indicator(reader, draft)
        if draft.indicator is None:
            purpose = _purpose_phrase(reader, draft)
            if purpose is not None:
                draft.indicator = indicator_of(reader, purpose, draft.unit)


def _introduced(reader: SentenceReader, pos: int) -> bool:
    """'научных статей (1014)', 'консультативные услуги — 12 645', 'Павлодар: 22'."""
    before = reader.text[:pos].rstrip()
    return bool(before) and before[-1] in "(:" + _DASHES


def _as_change(reader: SentenceReader, indicator: Indicator) -> Indicator:
    words = indicator.words + ["change"]
    labels = {lang: f"{label} ({reader.mlex.change_labels.get(lang, 'change')})"
              for lang, label in indicator.labels.items()}
    labels["en"] = " ".join(words)
    return Indicator(slugify(" ".join(words), reader.mlex.lex), labels, indicator.head_key, indicator.head_labels,
                     words,
                     indicator.head_text)


def _unspecified(reader: SentenceReader) -> Indicator:
    labels = {lang: label for lang, label in reader.mlex.unspecified.items() if lang in ("en", reader.lang)}
    labels = labels or {"en": "unspecified"}
    return Indicator("unspecified", labels, "unspecified", labels, ["unspecified"])
