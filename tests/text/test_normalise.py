"""``segment.normalise`` copies ordinary text in slices for speed; it must give exactly what
the plain character-by-character definition gives, offsets included."""

from __future__ import annotations

import unicodedata
from array import array

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.text.segment import _ZERO_WIDTH, normalise


def reference_normalise(text: str, start: int, end: int) -> tuple[str, array, array]:
    """The first implementation, character by character: slow, but plainly right."""
    out: list[str] = []
    offsets = array("i")
    ends = array("i")
    i = start
    while i < end:
        char = text[i]
        if char in _ZERO_WIDTH:
            i += 1
            continue
        if char.isspace() or char == "\x00":
            j = i
            while j < end and (text[j].isspace() or text[j] in _ZERO_WIDTH or text[j] == "\x00"):
                j += 1
            nxt = text[j] if j < end else ""
            joined_hyphen = (
                len(out) >= 2 and out[-1] in "-\u2010" and out[-2].isalpha() and nxt.isalpha()
            )
            joined_range = (
                len(out) >= 2 and out[-1] in "–—" and out[-2].isdigit() and nxt.isdigit()
                and "\n" in text[i:j]
            )
            if out and j < end and not (joined_hyphen or joined_range):
                out.append(" ")
                offsets.append(i)
                ends.append(j)
            i = j
            continue
        j = i + 1
        while j < end and unicodedata.combining(text[j]):
            j += 1
        cluster = text[i:j]
        composed = unicodedata.normalize("NFC", cluster) if j - i > 1 else cluster
        if len(composed) == len(cluster):
            for k, c in enumerate(composed):
                out.append(c)
                offsets.append(i + k)
                ends.append(i + k + 1)
        else:
            for c in composed:  # every composed character stands for the whole cluster
                out.append(c)
                offsets.append(i)
                ends.append(j)
        i = j
    return "".join(out), offsets, ends


# The characters normalise treats specially, densely mixed with ordinary ones.
TRICKY = st.sampled_from(list("ab7 .,-–—\u2010 \n\t\r\x00\u00a0\u2009\u200b\u00ad\ufeffиeЙӘ\u0306\u0301\u0340\u20dd"))


def _same(text: str, start: int, end: int) -> None:
    fast, slow = normalise(text, start, end), reference_normalise(text, start, end)
    assert (fast[0], list(fast[1]), list(fast[2])) == (slow[0], list(slow[1]), list(slow[2])), repr(text[start:end])


@settings(max_examples=3000, deadline=None)
@given(st.lists(TRICKY, max_size=40).map("".join), st.data())
def test_normalise_equals_the_reference_on_dense_special_characters(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    _same(text, start, data.draw(st.integers(start, len(text))))


@settings(max_examples=1000, deadline=None)
@given(st.text(max_size=80))
def test_normalise_equals_the_reference_on_any_text(text: str) -> None:
    _same(text, 0, len(text))


def test_normalise_on_a_hard_wrapped_kazakh_line() -> None:
    text = "Қазақстан- \nдағы  жоба\u200b\n  и\u0306 39\u00a0569 –\n 12"
    _same(text, 0, len(text))
    assert normalise(text, 0, len(text))[0] == "Қазақстан-дағы жоба й 39 569 – 12"
