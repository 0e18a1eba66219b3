"""Numbers as observations: value (scaled), unit, bound, indicator, subject and period.

Dates, years, citation markers, figure/table numbers and identifiers are periods or
references, not quantities; the lexicon lists the words that tell them apart.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ..ingest import SourceDocument
from ..lexicon import Lexicon
from ..model import MetricRecord, Mention
from ..morph import tokenize
from ..segment import Segment
from .entities import slugify
from .relations import Context, evidence_for

_NUMBER = re.compile(
    r"(?<![\w.,/-])(?P<num>\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?:,\d+)?(?![\d])"
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d])"
    r"|\d+(?:[.,]\d+)?)"
)
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_YEAR = re.compile(r"(?<![\d.,])(1[89]\d\d|20\d\d)(?:\s*[-–—]\s*(1[89]\d\d|20\d\d))?(?![\d])")
_RANGE_SEP = re.compile(r"^\s*(?:[-–—]|to|до|and|и)\s*$", re.IGNORECASE)


def _parse_number(raw: str, lang: str) -> Decimal | None:
    text = re.sub(r"[ \u00a0\u202f\u2009]", "", raw)
    if "," in text and "." in text:
        text = text.replace(",", "")
    elif "," in text:
        head, _, tail = text.rpartition(",")
        # English writes 1,200 for thousands; Russian and Kazakh write 94,3 for decimals.
        text = head.replace(",", "") + tail if lang == "en" and len(tail) == 3 else head.replace(",", "") + "." + tail
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


class MetricFinder:
    def __init__(self, lexicon: Lexicon):
        cfg = lexicon.section("metrics")
        self.lex = lexicon
        self.scales = {str(k).lower(): Decimal(str(v)) for k, v in cfg.get("scales", {}).items()}
        self.currencies = {str(k).lower(): str(v) for k, v in cfg.get("currencies", {}).items()}
        self.percent = [str(p).lower() for p in cfg.get("percent_words", [])]
        self.bounds = sorted(((str(p).lower(), b) for b, ps in cfg.get("bounds", {}).items() for p in ps),
                             key=lambda x: -len(x[0]))
        self.number_words = {str(k).lower(): Decimal(v) for k, v in cfg.get("number_words", {}).items()}
        self.not_after = {str(w).lower() for w in cfg.get("not_quantity_after", [])}
        self.not_before = {str(w).lower() for w in cfg.get("not_quantity_before", [])}
        self.skip = {str(w).lower() for w in cfg.get("indicator_skip", [])}
        self.stop = {str(w).lower() for w in cfg.get("indicator_stop", [])}

    # --- reading one number ----------------------------------------------------------
    def numbers(self, seg: Segment) -> list[dict]:
        text = seg.norm
        blocked = [(m.start(), m.end()) for m in _ISO_DATE.finditer(text)]
        found = []
        for match in _NUMBER.finditer(text):
            start, end = match.span("num")
            if any(s <= start < e for s, e in blocked):
                continue
            value = _parse_number(match.group("num"), seg.lang)
            if value is None:
                continue
            found.append({"start": start, "end": end, "value": value, "grouped": bool(re.search(r"\D", match.group("num")))})
        for start, end, token in tokenize(text):
            for key in sorted(self.lex.key_of(token)):
                if key in self.number_words and self.number_words[key] >= 2:
                    found.append({"start": start, "end": end, "value": self.number_words[key], "grouped": True,
                                  "word": True})
                    break
        return sorted(found, key=lambda n: n["start"])

    def is_reference(self, text: str, num: dict) -> bool:
        before = text[: num["start"]]
        after = text[num["end"]:]
        if before.endswith("[") or re.match(r"^\s*\]", after) and re.search(r"\[\s*[\d,\s]*$", before):
            return True
        if re.match(r"^[-–](?:\d|го|х|е|ти|й|ые|th|st|nd|rd)", after) and not re.match(r"^[-–]\d", after):
            return True
        if re.match(r"^-\d-\d", after) or re.search(r"\d-$", before):
            return True  # phone-like 9-1-1
        prev_word = re.findall(r"[^\W\d_]+\.?", before[-25:])
        if prev_word and prev_word[-1].lower().rstrip(".") in self.not_before:
            return True
        if re.search(r"\b[A-Z]{2,}\s?-\s?$", before):
            return True  # COVID-19, ISO-9001
        next_words = re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*|-[^\W\d_]+(?:-[^\W\d_]+)*", after[:30])
        if next_words and next_words[0].lower() in self.not_after and not re.match(r"^\s*[%$€]", after):
            return True
        if next_words and next_words[0].lower().lstrip("-") in {w.lstrip("-") for w in self.not_after if w.startswith("-")} \
                and after.startswith("-"):
            return True
        return False

    def is_year(self, num: dict, after: str) -> bool:
        value = num["value"]
        if num.get("grouped") or value != value.to_integral() or not (1900 <= value <= 2100):
            return False
        return not re.match(r"^\s*(?:%|млн|млрд|тыс|million|billion)", after, re.IGNORECASE)

    def unit_and_scale(self, text: str, num: dict) -> tuple[str, Decimal, int, int]:
        """(unit, scale, start, end) with the span grown over currency, scale and percent."""
        start, end = num["start"], num["end"]
        scale = Decimal(1)
        unit = "count"
        before = text[:start].lower()
        for symbol, code in sorted(self.currencies.items(), key=lambda kv: -len(kv[0])):
            if not symbol.isalpha() and before.rstrip().endswith(symbol):
                unit = code
                start = len(before.rstrip()) - len(symbol)
                break
        after = text[end:]
        m = re.match(r"^\s?([^\W\d_]+\.?)", after)
        if m and m.group(1).lower() in self.scales:
            word = m.group(1).lower()
            if len(word.rstrip(".")) > 1 or m.start(1) == 0:  # "€3.2m" but not "5 m of cable"
                scale = self.scales[word]
                end += m.end()
                after = text[end:]
        for word in self.percent:
            if after.lower().lstrip().startswith(word):
                unit = "percent"
                end += len(after) - len(after.lstrip()) + len(word)
                return unit, scale, start, end
        m = re.match(r"^\s?([^\W\d_]+|\$|€)", after)
        if m and m.group(1).lower() in self.currencies:
            unit = self.currencies[m.group(1).lower()]
            end += m.end()
        return unit, scale, start, end

    def bound(self, text: str, start: int) -> str:
        before = text[:start].lower().rstrip()
        before = re.sub(r"(?:us\$|\$|€)$", "", before).rstrip()
        for phrase, bound in self.bounds:
            if before.endswith(phrase) and (len(before) == len(phrase) or not before[-len(phrase) - 1].isalnum()):
                return bound
        return "exact"

    def indicator(self, text: str, end: int, lang: str) -> tuple[str, list[str]] | None:
        words: list[str] = []
        previous_end = 0
        window = text[end:end + 80]
        for t_start, t_end, token in tokenize(window):
            low = token.lower()
            if words and window[previous_end:t_start].strip():
                break  # punctuation ends the phrase
            previous_end = t_end
            if not words and low in self.skip:
                continue
            if low in self.stop or token[:1].isdigit():
                break
            words.append(token)
            if len(words) == 3 or (lang == "en" and len(words) == 2):
                break
        # Trailing function words are not part of what is counted.
        while words and words[-1].lower() in self.skip | self.stop:
            words.pop()
        if not words:
            return None
        return " ".join(words), words

    def indicator_slug(self, words: list[str], lang: str) -> str:
        lemmas = []
        for word in words:
            low = word.lower()
            if lang == "ru":
                lemmas.append(self.lex.morph.ru_lemma(low))
            elif lang == "en" and low.endswith("ies") and len(low) > 4:
                lemmas.append(low[:-3] + "y")
            elif lang == "en" and low.endswith("s") and not low.endswith(("ss", "us", "is")) and len(low) > 4:
                lemmas.append(low[:-1])
            else:
                lemmas.append(low)
        return slugify(" ".join(lemmas), self.lex)


def _period(text: str, position: int) -> str | None:
    best = None
    for match in _YEAR.finditer(text):
        distance = abs(match.start() - position)
        value = match.group(1) + ("/" + match.group(2) if match.group(2) else "")
        if best is None or distance < best[0]:
            best = (distance, value)
    return best[1] if best else None


def find_metrics(doc: SourceDocument, segments: list[Segment], ctx: Context, lexicon: Lexicon) -> list[MetricRecord]:
    finder = MetricFinder(lexicon)
    metrics: list[MetricRecord] = []
    last_programme: dict[int, str] = {}
    table_total: dict[int, str] = {}
    table_rows: dict[int, list[int]] = {}
    for seg in segments:
        if seg.kind in ("heading", "caption", "note"):
            continue
        programmes = ctx.of_class(seg, "programme")
        if seg.kind == "row":
            record = _row_metric(doc, segments, seg, ctx, finder)
            if record is not None:
                metrics.append(record)
                table_rows.setdefault(seg.caption, []).append(len(metrics) - 1)
                if record.total:
                    table_total[seg.caption] = record.key
            continue
        numbers = finder.numbers(seg)
        consumed_until = -1
        for i, num in enumerate(numbers):
            if num["start"] < consumed_until:
                continue
            text = seg.norm
            after = text[num["end"]:]
            if finder.is_reference(text, num) or finder.is_year(num, after):
                continue
            unit, scale, span_start, span_end = finder.unit_and_scale(text, num)
            value = num["value"] * scale
            range_max = None
            bound = finder.bound(text, span_start)
            nxt = numbers[i + 1] if i + 1 < len(numbers) else None
            if nxt and _RANGE_SEP.match(text[span_end:nxt["start"]]) and re.search(r"(?:between|от|from)\s*\S*$", text[:span_start], re.IGNORECASE):
                n_unit, n_scale, _, n_end = finder.unit_and_scale(text, nxt)
                range_max = nxt["value"] * (n_scale if n_scale != 1 else scale)
                unit = n_unit if unit == "count" else unit
                span_end, consumed_until, bound = n_end, n_end, "atLeast"
            elif nxt and re.match(r"^[–—-]$", text[span_end:nxt["start"]]) and not finder.is_year(nxt, text[nxt["end"]:]):
                n_unit, n_scale, _, n_end = finder.unit_and_scale(text, nxt)
                range_max = nxt["value"] * n_scale
                span_end, consumed_until, bound = n_end, n_end, "atLeast"
            found = finder.indicator(text, span_end, seg.lang)
            if found is None and unit == "count":
                continue
            label, words = found if found else ("(unspecified)", ["unspecified"])
            slug = finder.indicator_slug(words, seg.lang) if found else "unspecified"
            about = _about(seg, num["start"], programmes, ctx, last_programme.get(seg.section))
            period = _period(text, num["start"])
            metrics.append(MetricRecord(
                key=f"{doc.doc_id}-{seg.span(num['start'], num['end'])[0]}",
                value=value, unit=unit, indicator=slug, indicator_labels=((seg.lang, label.lower()),),
                bound=bound, evidence=evidence_for(doc, segments, seg, ctx, "number-with-indicator"),
                about=about, period=period,
                range_min=value if range_max is not None else None, range_max=range_max,
            ))
        if programmes:
            last_programme[seg.section] = programmes[-1].iri
    # Table rows are parts of the table's total row.
    out = []
    for index, record in enumerate(metrics):
        caption = next((c for c, rows in table_rows.items() if index in rows), None)
        if caption is not None and not record.total and caption in table_total:
            record = MetricRecord(**{**record.__dict__, "part_of": table_total[caption]})
        out.append(record)
    return out


def _about(seg: Segment, position: int, programmes: list[Mention], ctx: Context, section_programme: str | None) -> str | None:
    places = [m for m in ctx.mentions.get(seg.index, []) if ctx.entities[m.iri].cls == "region"
              and m.norm_end <= position and position - m.norm_end <= 12]
    if places:
        return places[-1].iri
    if programmes:
        return min(programmes, key=lambda m: abs(m.norm_start - position)).iri
    facilities = ctx.of_class(seg, "facility")
    if facilities:
        return facilities[0].iri
    return section_programme or ctx.country_for(seg)


def _row_metric(doc: SourceDocument, segments: list[Segment], seg: Segment, ctx: Context,
                finder: MetricFinder) -> MetricRecord | None:
    match = re.search(r"(\d[\d \u00a0]*(?:[.,]\d+)?)\s*(%?)\s*$", seg.norm)
    if match is None:
        return None
    value = _parse_number(match.group(1), seg.lang)
    if value is None:
        return None
    caption = segments[seg.caption].norm if seg.caption >= 0 else ""
    title = re.sub(r"^\S+\s*\d+[.:]?\s*", "", caption)
    title = re.split(r"\s+(?:по|by|in)\s+(?:регион|region|област|countr|стран)\w*", title)[0].strip(" .")
    places = ctx.of_class(seg, "region") + ctx.of_class(seg, "country")
    caption_seg = segments[seg.caption] if seg.caption >= 0 else None
    caption_programmes = ctx.of_class(caption_seg, "programme") if caption_seg else []
    total = not places
    if places:
        about = places[0].iri
    else:
        about = caption_programmes[0].iri if caption_programmes else ctx.country_for(seg)
    words = [t for _, _, t in tokenize(title)] or ["unspecified"]
    return MetricRecord(
        key=f"{doc.doc_id}-{seg.span(match.start(1), match.end(1))[0]}",
        value=value, unit="percent" if match.group(2) else "count",
        indicator=finder.indicator_slug(words[:6], seg.lang), indicator_labels=((seg.lang, title.lower() or "unspecified"),),
        bound="exact", evidence=evidence_for(doc, segments, seg, ctx, "table-row"),
        about=about, total=total,
    )
