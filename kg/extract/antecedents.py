"""Which programme a reference stands for. 'The project' is the programme the passage is about, unless that
one was introduced by another class word and an earlier one by this word: in 'WHO presented the project “X” … its
results will feed the National Programme “Y” … The project is financed by the EU', the project is X."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from kg.extract.candidates import Candidate
from kg.model import EntityRecord
from kg.text.morph import tokenize
from kg.text.segment import Segment


@dataclass
class Salient:
    record: EntityRecord
    segment: int  # where the text last named it: the antecedent a reference's evidence cites
    seen: int = -1  # where the text last spoke of it, by name or by reference ('срок реализации проекта')

    @property
    def last(self) -> int:
        return max(self.segment, self.seen)


@dataclass
class ClassNouns:
    """The class word each programme was named with, and the last programme named with each class word."""
    nouns: frozenset[str]  # keys of programme nouns (project, проект, жоба)
    key_of: Callable[[str], frozenset[str]]
    last: dict[str, Salient] = field(default_factory=dict)
    noun_of: dict[str, str] = field(default_factory=dict)  # programme IRI → its class word's key

    def named(self, seg: Segment, cand: Candidate, salient: Salient) -> None:
        """Remember ``cand``'s class word: its label's last word, or the word right before or after its name."""
        labels = cand.record.labels if cand.record is not None else {}
        label = labels.get(seg.lang) or next(iter(labels.values()), "")
        before = re.search(r"([^\W\d_]+)[\s«“\"]*$", seg.norm[max(0, cand.start - 40):cand.start])
        after = re.match(r"[\s»”\"]*([^\W\d_]+)", seg.norm[cand.end:cand.end + 40])
        words = [w for _, _, w in tokenize(label)][-1:] + [m.group(1) for m in (before, after) if m is not None]
        for word in words:
            found = sorted(self.key_of(word) & self.nouns)
            if found:
                self.noun_of[salient.record.iri] = found[0]
                self.last[found[0]] = salient
                return

    def antecedent(self, keys: frozenset[str], salient: Salient) -> Salient:
        """The programme a reference with these word keys stands for."""
        current = self.noun_of.get(salient.record.iri)
        wanted = sorted(keys & self.nouns)
        if current is None or not wanted or current in wanted:
            return salient
        return next((self.last[k] for k in wanted if k in self.last), salient)
