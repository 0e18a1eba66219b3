"""Kazakh written in the Latin alphabet of 2018 ('Oblysta jańa aýrýhana ashyldy', as egemen.kz's Latin edition
prints it), read as the Cyrillic the lexicon and the reference data are written in. Each Cyrillic letter
keeps the offsets of the Latin letter or digraph it stands for, so quotes are still cut from the
unmodified text.

The alphabet (decree of 19 February 2018): á ә, ǵ ғ, ı и/й, ń ң, ó ө, q қ, ú ү, ý у, u ұ, y ы, j ж,
sh ш, ch ч; 'ıa' is я, 'ıý' ю. Turkish and Turkmen use some of the same marks, never these with ä, ň, ş or ç."""

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


def is_latin_kazakh(text: str) -> bool:
    """Three letters of the 2018 alphabet's own, no Cyrillic, no letter of Turkish or Turkmen."""
    # the rare letters first: a Russian sentence fails at once, without counting
    return (_OWN.search(text) is not None and _CYRILLIC.search(text) is None
            and len(_MARKS.findall(text)) >= 3 and _OTHER_TURKIC.search(text) is None)


def to_cyrillic(text: str, offsets: array | None = None, ends: array | None = None) -> tuple[str, array, array]:
    """``text`` in Cyrillic, with each letter's original start and end (``offsets``/``ends`` of
    ``text``'s characters, or their own positions when not given)."""
    if offsets is None or ends is None:
        offsets, ends = array("i", range(len(text))), array("i", range(1, len(text) + 1))
    out: list[str] = []
    starts, stops = array("i"), array("i")
    i = 0
    while i < len(text):
        pair = text[i:i + 2]
        lower = pair.lower()
        if lower in _DIGRAPHS:
            letter, width = _DIGRAPHS[lower], 2
        elif pair == "ıa":
            letter, width = "я", 2
        elif pair in ("ıý", "ıu"):
            letter, width = "ю", 2
        elif text[i] == "ı":
            letter, width = ("й" if out and out[-1].lower() in _VOWELS else "и"), 1
        else:
            letter, width = _LETTERS.get(text[i].lower(), text[i]), 1
        if text[i].isupper():
            letter = letter.upper()
        out.append(letter)
        starts.append(offsets[i])
        stops.append(ends[i + width - 1])
        i += width
    return "".join(out), starts, stops


def latin_words_in_cyrillic(text: str) -> str:
    """Every Latin word of ``text`` through the same letters (for comparing names across scripts)."""
    return _LATIN_WORD.sub(lambda m: to_cyrillic(m.group())[0], text)
