"""Kazakh written in a Latin alphabet, read as the Cyrillic the lexicon and the reference data are written
in. Each Cyrillic letter keeps the offsets of the Latin letter or digraph it stands for, so quotes are
still cut from the unmodified text. Two alphabets are in print:

- 2018 (decree of 19 February 2018; egemen.kz's Latin edition: 'Oblysta jańa aýrýhana ashyldy'): á ә, ǵ ғ,
  ı и/й, ń ң, ó ө, q қ, ú ү, ý у, u ұ, y ы, j ж, sh ш, ch ч; 'ıa' is я, 'ıý' ю. Turkish and Turkmen use
  some of the same marks, never these with ä, ň, ş or ç.
- 2021 (the revision of January 2021: 'Oblysta jaña auruhana aşyldy'): ä ә, ğ ғ, ı і, i/İ и/й, ñ ң (some
  sites print ŋ, and ǧ for ğ), ö ө, q қ, ş ш, ç ч, u у, ū ұ, ü ү, y ы; 'ia' is я, 'iu' ю. Turkish, Azerbaijani and
  Turkmen share ğ, ş, ç, ö, ü and ı, but none writes q with ä, ñ, ŋ or ū and without Turkmen ý, ň, ž."""

from __future__ import annotations

import re
from array import array

_LETTERS = {
    "a": "а", "á": "ә", "b": "б", "c": "ц", "d": "д", "e": "е", "f": "ф", "g": "г", "ǵ": "ғ", "h": "х",
    "i": "і", "j": "ж", "k": "к", "l": "л", "m": "м", "n": "н", "ń": "ң", "o": "о", "ó": "ө", "p": "п",
    "q": "қ", "r": "р", "s": "с", "t": "т", "u": "ұ", "ú": "ү", "v": "в", "w": "у", "x": "х", "y": "ы",
    "ý": "у", "z": "з",
}
_DIGRAPHS = {"sh": "ш", "ch": "ч"}
_VOWELS = set("аәеиіоөұүуыэюя")
_MARKS = re.compile("[áǵńóúýıÁǴŃÓÚÝ]")
_OWN = re.compile("[áǵńúýÁǴŃÚÝ]")  # not Turkish; 'ý' is Turkmen too, which the next line rules out
_OTHER_TURKIC = re.compile("[äňşçžÄŇŞÇŽğĞ]")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LATIN_WORD = re.compile(r"[A-Za-záǵńóúýıÁǴŃÓÚÝ]+")


_LETTERS_2021 = {
    "a": "а", "ä": "ә", "b": "б", "c": "ц", "d": "д", "e": "е", "f": "ф", "g": "г", "ğ": "ғ", "ǧ": "ғ", "h": "х",
    "ı": "і", "j": "ж", "k": "к", "l": "л", "m": "м", "n": "н", "ñ": "ң", "ŋ": "ң", "o": "о", "ö": "ө",
    "p": "п", "q": "қ", "r": "р", "s": "с", "ş": "ш", "t": "т", "u": "у", "ū": "ұ", "ü": "ү", "v": "в",
    "w": "у", "x": "х", "y": "ы", "z": "з", "ç": "ч",
}
_MARKS_2021 = re.compile("[äğǧıñŋöşçūüÄĞǦÑŊÖŞÇŪÜİ]")
_OWN_2021 = re.compile("[äñŋūÄÑŊŪ]")  # none of Turkish, Azerbaijani or Uzbek
_NOT_2021 = re.compile("[ýňžəáǵńóúÝŇŽƏÁǴŃÓÚ]")  # Turkmen, Azerbaijani, and the 2018 alphabet's own marks
_Q = re.compile("[qQ]")


def is_latin_kazakh(text: str) -> bool:
    return latin_alphabet(text) is not None


def document_alphabet(text: str) -> int | None:
    """The Latin alphabet a document's Latin lines are Kazakh in, if any: a line without a letter of the
    alphabet's own ('Oblystyq kardiologiialyq ortalyq …') is still in it, where the document is."""
    return latin_alphabet("\n".join(line for line in text.splitlines() if _CYRILLIC.search(line) is None))


def segment_alphabet(norm: str, document: int | None) -> int | None:
    """The alphabet to read one segment in: its own, else the document's for a Latin segment of a Latin
    Kazakh document."""
    if norm.isascii():
        return None
    return latin_alphabet(norm) or (document if _CYRILLIC.search(norm) is None else None)


def latin_alphabet(text: str) -> int | None:
    """2018 or 2021 for a Kazakh text in that Latin alphabet; None for anything else (Cyrillic, another
    Turkic language, a text too short to tell). 2018: three of its letters, one of them its own, no letter
    of Turkish or Turkmen. 2021: three of its letters, one of them its own, and a q."""
    # the rare letters first: a Russian sentence fails at once, without counting
    if _CYRILLIC.search(text) is not None:
        return None
    if _OWN.search(text) is not None and len(_MARKS.findall(text)) >= 3 and _OTHER_TURKIC.search(text) is None:
        return 2018
    if (_OWN_2021.search(text) is not None and _Q.search(text) is not None and len(_MARKS_2021.findall(text)) >= 3
            and _NOT_2021.search(text) is None):
        return 2021
    return None


def to_cyrillic(text: str, offsets: array | None = None, ends: array | None = None,
                alphabet: int = 2018) -> tuple[str, array, array]:
    """``text`` in Cyrillic, with each letter's original start and end (``offsets``/``ends`` of
    ``text``'s characters, or their own positions when not given)."""
    if offsets is None or ends is None:
        offsets, ends = array("i", range(len(text))), array("i", range(1, len(text) + 1))
    read = _letter_2021 if alphabet == 2021 else _letter_2018
    out: list[str] = []
    starts, stops = array("i"), array("i")
    i = 0
    while i < len(text):
        # и or й: й after a vowel ('boıynsha', 'Qytai')
        letter, width = read(text, i, bool(out) and out[-1].lower() in _VOWELS)
        if text[i].isupper():
            letter = letter.upper()
        out.append(letter)
        starts.append(offsets[i])
        stops.append(ends[i + width - 1])
        i += width
    return "".join(out), starts, stops


def _letter_2018(text: str, i: int, after_vowel: bool) -> tuple[str, int]:
    """The Cyrillic letter at ``text[i]`` and how many Latin letters it takes."""
    pair = text[i:i + 2]
    if pair.lower() in _DIGRAPHS:
        return _DIGRAPHS[pair.lower()], 2
    if pair == "ıa":
        return "я", 2
    if pair in ("ıý", "ıu"):
        return "ю", 2
    if text[i] == "ı":
        return ("й" if after_vowel else "и"), 1
    return _LETTERS.get(text[i].lower(), text[i]), 1


def _letter_2021(text: str, i: int, after_vowel: bool) -> tuple[str, int]:
    char, after = text[i], text[i + 1:i + 2].lower()
    if char in "iİ" and after in ("a", "u"):  # 'ia' is я, 'iu' ю
        return ("я" if after == "a" else "ю"), 2
    if char in "iİ":
        return ("й" if after_vowel else "и"), 1
    if char == "I":  # the capital of ı
        return "і", 1
    return _LETTERS_2021.get(char.lower(), char), 1


def latin_words_in_cyrillic(text: str) -> str:
    """Every Latin word of ``text`` through the same letters (for comparing names across scripts)."""
    return _LATIN_WORD.sub(lambda m: to_cyrillic(m.group())[0], text)
