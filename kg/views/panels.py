"""What a view says in words: node and edge labels (a metric reads '217 healthcare facilities
connected (2021)'), the details panel shown on hover (class, every label, figures, source
documents, quotes), and the line saying what was left out. Every text from the graph is
HTML-escaped here: quotes come from untrusted documents and the page sets these as innerHTML.
"""

from __future__ import annotations

import html
from collections import defaultdict
from decimal import Decimal
from functools import lru_cache
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

from kg import terms as t
from kg.io.turtlefile import load_ontology
from kg.terms import best_label, local_name
from kg.views.cut import View

MAX_QUOTES = 5  # per node or edge; the rest is counted, so pages of big graphs stay readable
MAX_QUOTE_CHARS = 400
MAX_FOLDED_LISTED = 40  # folded metrics listed on their subject
BOUND_PREFIX = {"atLeast": "≥", "atMost": "≤", "approximately": "~", "exact": ""}
# Edge words where the ontology has no label of its own.
_WORDS = {"about": "about", "partOf": "part of"}


@lru_cache(maxsize=1)
def _ontology_labels() -> dict[str, dict[str, str]]:
    """rdfs:label by language of every class and property of the ontology."""
    onto = load_ontology().graph  # a malformed ontology is a ConfigError, not a parser traceback
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for s, lit in sorted(onto.subject_objects(RDFS.label)):
        if isinstance(s, URIRef) and isinstance(lit, Literal):
            out[str(s)].setdefault(lit.language or "", str(lit))
    return dict(out)


def _term_label(iri: URIRef | str, lang: str) -> str:
    return best_label(_ontology_labels().get(str(iri), {}), str(iri), lang)


def format_value(value: Decimal | int | float | None) -> str:
    """217.0 → '217', 6E+6 → '6000000', 12.50 → '12.5': no exponent, no trailing zeros."""
    if value is None:
        return "?"
    dec = value if isinstance(value, Decimal) else Decimal(str(value))
    text = format(dec.normalize(), "f")
    return text if text != "-0" else "0"


def _unit_suffix(unit_iri: str, unit_labels: dict[str, str], lang: str) -> str:
    """'' for counts (they read better bare), '%' glued to the number, else ' KZT'."""
    if not unit_iri or local_name(unit_iri).lower().startswith("count"):
        return ""
    label = best_label(unit_labels, unit_iri, lang)
    if local_name(unit_iri).lower() in ("percent", "pct") or label in ("%", "percent"):
        return "%"
    return f" {label}"


def readable_value(value: Decimal | int | float | None) -> str:
    """How a reader writes a number: '39 569', '4.5 million', '1.2 billion'; small and
    fractional numbers as format_value gives them."""
    if value is None:
        return "?"
    dec = value if isinstance(value, Decimal) else Decimal(str(value))
    for size, word in ((Decimal(10) ** 9, "billion"), (Decimal(10) ** 6, "million")):
        if abs(dec) >= size:
            return f"{format_value(round(dec / size, 2))} {word}"
    if dec == dec.to_integral_value() and abs(dec) >= 1000:
        return f"{int(dec):,}".replace(",", "\u00a0")  # a no-break space: '39 569' stays on one line
    return format_value(dec)


def metric_label(attrs: dict[str, Any], lang: str = "en") -> str:
    """'217 healthcare facilities connected (2021)'; '≥45% …' for bounded percentages; '0–22 …'
    for a range (from 0 to 22), which is neither 'at least 0' nor 22."""
    if attrs.get("range_max") is not None:
        number = f"{readable_value(attrs.get('value'))}–{readable_value(attrs['range_max'])}"
    else:
        number = BOUND_PREFIX.get(attrs.get("bound") or "", "") + readable_value(attrs.get("value"))
    number += _unit_suffix(attrs.get("unit_iri") or "", attrs.get("unit_labels") or {}, lang)
    indicator = attrs.get("indicator_labels") or {}
    text = f"{number} {best_label(indicator, '', lang)}".rstrip() if indicator else number
    return f"{text} ({attrs['period']})" if attrs.get("period") else text


def canvas_text(text: str) -> str:
    """Escape for vis-network's canvas labels in ``font.multi: 'html'`` mode: it decodes only
    &amp; and &lt;, so a full html.escape would print '&gt;' and '&#x27;' literally. The label
    is drawn on a canvas, never parsed as HTML; escaping stops '<b>' in data being read as markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;")


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def class_label(cls: str, lang: str) -> str:
    """The ontology's label of a view class ('Country') in ``lang``."""
    return _term_label(t.NODE_CLASSES.get(cls, t.NODE_CLASSES["Entity"]).iri, lang)


def edge_words(prop: str, attrs: dict[str, Any], lang: str) -> str:
    """An edge's label: the property's ontology label ('funded by'), else our words for it."""
    iri = attrs.get("prop_iri") or t.TM[prop]
    words = _term_label(iri, lang)
    return _WORDS[prop] if words == local_name(str(iri)) and prop in _WORDS else words


def node_label(attrs: dict[str, Any], lang: str) -> str:
    if attrs["cls"] == "Metric":
        return metric_label(attrs, lang)
    return best_label(attrs["labels"], attrs["iri"], lang)


def _quotes_html(quotes: list[tuple[str, str]]) -> str:
    if not quotes:
        return ""
    parts = ["<div class='sec'>Evidence</div>"]
    for quote, fname in quotes[:MAX_QUOTES]:
        short = quote if len(quote) <= MAX_QUOTE_CHARS else quote[: MAX_QUOTE_CHARS - 1] + "…"
        parts.append(f"<div class='q'>«{_esc(short)}»<br><span class='src'>— {_esc(fname)}</span></div>")
    if len(quotes) > MAX_QUOTES:
        parts.append(f"<div class='src'>… and {len(quotes) - MAX_QUOTES} more</div>")
    return "".join(parts)


def _sources_html(attrs: dict[str, Any]) -> str:
    # Cited by title, publisher and date (the file name only when the document has no title).
    cited = attrs.get("sources") or attrs.get("documents") or []
    if not cited:
        return ""
    return "<div class='sec'>Source documents</div>" + "".join(f"<div class='doc'>{_esc(d)}</div>" for d in cited)


def _rows(pairs: list[tuple[str, str]]) -> str:
    return "<table>" + "".join(f"<tr><th>{_esc(k)}</th><td>{_esc(v)}</td></tr>" for k, v in pairs) + "</table>"


def node_info(attrs: dict[str, Any], label: str, lang: str) -> str:
    """What an analyst needs to trust a node: class, every label, the metric's figures and
    period, the documents, the quotes; all text escaped (it is set as innerHTML)."""
    cls = attrs["cls"]
    style = t.NODE_CLASSES[cls]
    parts = [f"<h2>{_esc(label)}</h2>",
             f"<div class='cls'><span style='color:{style.colour}'>{style.symbol}</span> "
             f"{_esc(class_label(cls, lang))}</div>"]
    labels = [(lg or "—", text) for lg, text in attrs["labels"].items()]
    labels += [(f"{lg or '—'}, also", text) for lg, text in attrs.get("alt_labels", ())]
    if attrs.get("iso"):
        labels.append(("ISO code", attrs["iso"]))
    if labels:
        parts.append("<div class='sec'>Labels</div>" + _rows(labels))
    if cls == "Metric":
        figures = [(key, format_value(attrs[key]) if key == "value" else str(attrs[key]))
                   for key in ("value", "unit", "indicator", "period", "bound") if attrs.get(key) is not None]
        parts.append("<div class='sec'>Figure</div>" + _rows(figures))
    if attrs.get("values"):
        parts.append("<div class='sec'>Values in the result</div>" + _rows(attrs["values"]))
    parts.append(_sources_html(attrs))
    parts.append(_quotes_html(attrs.get("quotes", [])))
    folded = attrs.get("folded") or []
    if folded:
        parts.append(f"<div class='sec'>{len(folded)} metric{'s' if len(folded) != 1 else ''} about it "
                     "(folded into this node)</div>")
        for metric in folded[:MAX_FOLDED_LISTED]:
            docs = ", ".join(metric.get("documents") or ())
            quote = metric["quotes"][0][0] if metric.get("quotes") else ""
            short = quote if len(quote) <= 160 else quote[:159] + "…"
            parts.append(f"<div class='q'>{_esc(metric_label(metric, lang))}"
                         + (f"<br><span class='src'>«{_esc(short)}» — {_esc(docs)}</span>" if quote or docs else "")
                         + "</div>")
        if len(folded) > MAX_FOLDED_LISTED:
            parts.append(f"<div class='src'>… and {len(folded) - MAX_FOLDED_LISTED} more</div>")
    parts.append(f"<div class='iri'>{_esc(attrs['iri'])}</div>")
    return "".join(parts)


def edge_info(words: str, source: str, target: str, attrs: dict[str, Any]) -> str:
    parts = [f"<h2><b>{_esc(source)}</b> <i>{_esc(words)}</i> <b>{_esc(target)}</b></h2>"]
    parts.append(_sources_html(attrs))
    parts.append(_quotes_html(attrs.get("quotes", [])) or "<div class='src'>No quote: reference data.</div>")
    parts.append(f"<div class='iri'>{_esc(attrs.get('prop_iri', ''))}</div>")
    return "".join(parts)


def omitted_text(view: View, lang: str) -> str:
    parts = []
    if view.folded:
        owners = sum(1 for _, f in view.nxg.nodes(data="folded") if f)
        parts.append(f"{_count(view.folded, 'Metric')} folded into the {_count(owners, 'Entity')} they are about "
                     "(listed when you hover over them)")
    if view.folded_dropped:
        parts.append(f"{_count(view.folded_dropped, 'Metric')} about nothing else in the view left out")
    if view.capped:
        by_class = ", ".join(
            _count(n, cls, lang)
            for cls, n in sorted(view.capped.items(), key=lambda kv: (-kv[1], kv[0])))
        parts.append(f"{sum(view.capped.values()):,} least-connected nodes left out to stay within "
                     f"{len(view.nxg):,} nodes: {by_class}")
    return ("Not drawn: " + "; ".join(_esc(p) for p in parts) + ".") if parts else ""


def _count(n: int, cls: str, lang: str = "en") -> str:
    """'1 country', '12 countries'; in Russian or Kazakh the label as it is, with an 's'."""
    style = t.NODE_CLASSES.get(cls, t.NODE_CLASSES["Entity"])
    word = class_label(cls, lang).lower()
    return f"{n:,} {word if n == 1 else style.plural if word == style.label else word + 's'}"
