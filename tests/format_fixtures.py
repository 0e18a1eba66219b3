"""Documents in the shapes analysts have them, made here from text written for these tests.

Each text exists as blocks (title, headings, paragraphs, a table); ``plain_text`` gives the
.txt an analyst would type, and the writers below give the same words as a two-column PDF with
a running header, page numbers, a ruled table and hyphenated line ends (reportlab, with
Debian's DejaVu fonts for Cyrillic), as a saved web page full of site furniture, and as a DOCX.
The tests assert each format yields what the .txt yields.

Run as a script to write them to a folder and look at them:
    .venv/bin/python -m tests.format_fixtures /tmp/fixtures
"""

from __future__ import annotations

import html
import io
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT, FONT_BOLD = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"


@dataclass(frozen=True)
class Table:
    caption: str
    rows: tuple[tuple[str, str], ...]
    note: str
    ruled: bool = True  # False: cells aligned by position only, as many reports set them


Block = tuple[str, str] | Table  # ("title" | "h" | "p", text) or a table

EN: tuple[Block, ...] = (
    ("title", "Remote Care in the Mountains: Telemedicine in Kyrgyzstan in 2024"),
    ("p", "The Ministry of Health of Kyrgyzstan launched the “Digital Village” programme in Naryn Region "
          "in 2022, funded by the World Bank. The programme links rural health posts with regional hospitals "
          "through video consultations and shared electronic records, so that a nurse in a remote valley can "
          "ask a specialist for advice without sending the patient on a long and expensive journey."),
    ("h", "Coverage and consultations"),
    ("p", "By the end of 2024 the programme had connected 48 rural health posts to regional hospitals. "
          "Specialists held 12 600 teleconsultations during the year, including 4 300 consultations for "
          "children. Waiting times for a cardiology opinion fell from several weeks to about three days, "
          "according to the regional health department."),
    Table("Table 1. Teleconsultations by region, 2024",
          (("Naryn Region", "5 200"), ("Issyk-Kul Region", "4 100"), ("Talas Region", "3 300")),
          "Note: figures from the quarterly reports of the programme."),
    ("h", "Equipment and training"),
    ("p", "Each connected health post received a laptop, a digital stethoscope and a portable "
          "electrocardiograph. Local administrations pay for the internet connection, while the "
          "programme covers maintenance. Training sessions prepared 96 nurses and family doctors to "
          "use the equipment and to prepare cases for remote review."),
    ("p", "Neighbouring Kazakhstan follows a similar approach: its national telemedicine network links "
          "district hospitals with the clinics of the regional centres, and the two ministries have "
          "agreed to compare their results in the coming years."),
    ("h", "Remaining problems"),
    ("p", "Connections remain the weakest link. In winter, snow and power cuts interrupt the mobile "
          "network in the high valleys for days at a time, and some health posts still rely on a single "
          "shared telephone. Staff turnover is another concern: when a trained nurse leaves, her "
          "successor often has to learn the equipment from the manual alone, and consultations drop "
          "until the next training round reaches the village."),
    ("p", "The evaluation team recommends three steps for the next phase: satellite links for the most "
          "isolated posts, a short video course that new staff can follow on their own, and regular "
          "reporting of waiting times so that the effect of the programme can be measured every quarter "
          "rather than once a year. The authors also suggest publishing the anonymised consultation "
          "statistics, which would let researchers compare regions and identify where specialists are "
          "most needed."),
)

RU: tuple[Block, ...] = (
    ("title", "Телемедицина в сельских районах Кыргызстана: итоги 2024 года"),
    ("p", "Министерство здравоохранения Кыргызстана запустило программу «Цифровое село» в Нарынской "
          "области при финансовой поддержке Всемирного банка. Программа соединяет сельские "
          "медицинские пункты с областными больницами с помощью видеосвязи и электронных "
          "медицинских карт, поэтому фельдшер из отдалённого села может получить консультацию "
          "специалиста без долгой и дорогой поездки пациента."),
    ("h", "Охват и консультации"),
    ("p", "К концу 2024 года к программе подключили 48 сельских медицинских пунктов. За год "
          "специалисты провели 12 600 телеконсультаций, в том числе 4 300 консультаций для детей. "
          "Время ожидания заключения кардиолога сократилось с нескольких недель примерно до трёх дней."),
    Table("Таблица 1. Телеконсультации по областям, 2024 год",
          (("Нарынская область", "5 200"), ("Иссык-Кульская область", "4 100"), ("Таласская область", "3 300")),
          "Примечание: данные квартальных отчётов программы."),
    ("h", "Оборудование и обучение"),
    ("p", "Каждый подключённый пункт получил ноутбук, цифровой стетоскоп и портативный "
          "электрокардиограф. Местные администрации оплачивают подключение к интернету, а программа "
          "берёт на себя обслуживание оборудования. Обучение прошли 96 медицинских сестёр и семейных врачей."),
    ("h", "Нерешённые проблемы"),
    ("p", "Слабым местом остаётся связь. Зимой снегопады и отключения электроэнергии на несколько дней "
          "прерывают мобильную связь в высокогорных долинах, а некоторые пункты по-прежнему пользуются "
          "одним общим телефоном. Ещё одна трудность связана с текучестью кадров: когда обученная "
          "медицинская сестра уходит, её преемнику приходится осваивать оборудование по инструкции, "
          "и число консультаций падает до следующего цикла обучения."),
    ("p", "Авторы оценки рекомендуют на следующем этапе обеспечить спутниковой связью самые отдалённые "
          "пункты, подготовить короткий видеокурс для новых сотрудников и ежеквартально публиковать "
          "сведения о времени ожидания, чтобы измерять результаты программы чаще, чем раз в год. "
          "Обезличенная статистика консультаций позволила бы исследователям сравнивать области между "
          "собой и видеть, где специалисты нужнее всего."),
)

KK: tuple[Block, ...] = (
    ("title", "Қазақстандағы телемедицина: ауылдық аудандардағы тәжірибе"),
    ("p", "Қазақстан Республикасының Денсаулық сақтау министрлігі ауылдық емханаларды облыстық "
          "ауруханалармен байланыстыратын ұлттық телемедицина желісін дамытып келеді. Желі арқылы "
          "ауылдағы дәрігер пациентті алысқа жібермей-ақ облыс орталығындағы маманнан кеңес ала алады."),
    ("h", "Қамту және кеңестер"),
    ("p", "2024 жылдың соңына қарай желіге 215 медициналық ұйым қосылды. Бір жыл ішінде мамандар "
          "18 400 телекеңес өткізді. Кардиолог қорытындысын күту уақыты бірнеше аптадан үш күнге дейін "
          "қысқарды."),
    Table("Кесте 1. Облыстар бойынша телекеңестер, 2024 жыл",
          (("Павлодар облысы", "6 100"), ("Ақмола облысы", "5 700"), ("Қостанай облысы", "6 600")),
          "Ескерту: деректер облыстық денсаулық сақтау басқармаларының есептерінен алынды.", ruled=False),
    ("h", "Жабдықтар және оқыту"),
    ("p", "Әрбір қосылған емхана ноутбук, сандық стетоскоп және портативті электрокардиограф алды. "
          "Оқыту курстарынан 120 мейірбике мен отбасылық дәрігер өтті."),
    ("h", "Шешілмеген мәселелер"),
    ("p", "Байланыс әлі де әлсіз буын болып қала береді. Қыста қар мен электр қуатының үзілуі шалғай "
          "ауылдардағы мобильді байланысты бірнеше күнге тоқтатады, ал кейбір емханалар әлі күнге дейін "
          "бір ортақ телефонды пайдаланады. Кадрлардың ауысуы да қиындық тудырады: оқытылған мейірбике "
          "жұмыстан кеткенде, оның орнына келген маман жабдықты нұсқаулық бойынша өз бетінше үйренуге "
          "мәжбүр болады."),
    ("p", "Бағалау тобы келесі кезеңде ең шалғай емханаларды спутниктік байланыспен қамтамасыз етуді, "
          "жаңа қызметкерлерге арналған қысқа бейнекурс дайындауды және күту уақыты туралы деректерді "
          "әр тоқсан сайын жариялауды ұсынады. Сонда желінің нәтижесін жылына бір рет емес, әлдеқайда "
          "жиі өлшеуге болады."),
    ("p", "Сонымен қатар зерттеушілер кеңестер туралы иесіздендірілген статистиканы ашық жариялауды "
          "ұсынады. Мұндай деректер облыстарды бір-бірімен салыстыруға, мамандар қай жерде көбірек "
          "қажет екенін анықтауға және жаңа жабдықты ең алдымен қай ауылдарға жіберу керектігін "
          "шешуге көмектеседі. Министрлік бұл ұсыныстарды келесі жылдың жоспарына енгізуге уәде берді, "
          "ал облыстық басқармалар өз есептерін бірыңғай үлгі бойынша дайындайтын болады."),
)

TEXTS: dict[str, tuple[Block, ...]] = {"en": EN, "ru": RU, "kk": KK}
HEADER = {"en": "Telemedicine review · Kyrgyzstan 2024", "ru": "Обзор телемедицины · Кыргызстан 2024",
          "kk": "Телемедицина шолуы · Қазақстан 2024"}


def plain_text(blocks: tuple[Block, ...]) -> str:
    """The same words as an analyst's .txt: one paragraph a line, blank lines between blocks."""
    parts: list[str] = []
    for block in blocks:
        if isinstance(block, Table):
            parts += [block.caption, "\n".join(" ".join(row) for row in block.rows), block.note]
        else:
            parts.append(block[1])
    return "\n\n".join(parts) + "\n"


# ------------------------------------------------------------------------------ PDF
PAGE_W, PAGE_H = 420.0, 595.0  # A5
MARGIN, GUTTER = 40.0, 20.0
COL_W = (PAGE_W - 2 * MARGIN - GUTTER) / 2
BODY, LEADING, PARA_GAP = 9.5, 12.0, 6.0
TOP, BOTTOM = PAGE_H - 62.0, 52.0


def _fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "DejaVu" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVu", str(FONT)))
        pdfmetrics.registerFont(TTFont("DejaVu-Bold", str(FONT_BOLD)))


def _split_word(word: str, room: float, font: str, size: float) -> tuple[str, str] | None:
    """Hyphenate ``word`` so that its head plus '-' fits ``room``: as a typesetter would, at a
    letter boundary, keeping three letters on each side; never inside an existing compound."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if "-" in word or len(word) < 7 or not word[:-1].isalpha():
        return None
    for cut in range(len(word) - 3, 2, -1):
        if stringWidth(word[:cut] + "-", font, size) <= room:
            return word[:cut] + "-", word[cut:]
    return None


def _wrap(text: str, width: float, font: str, size: float, hyphenate: bool = True) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    line = ""
    words = text.split(" ")
    i = 0
    while i < len(words):
        word = words[i]
        candidate = f"{line} {word}" if line else word
        if stringWidth(candidate, font, size) <= width:
            line, i = candidate, i + 1
            continue
        room = width - stringWidth(line + " ", font, size) if line else width
        split = _split_word(word, room, font, size) if hyphenate else None
        if split:
            lines.append(f"{line} {split[0]}" if line else split[0])
            words[i] = split[1]
            line = ""
        else:
            lines.append(line)
            line = ""
    if line:
        lines.append(line)
    return lines


class _Flow:
    """Two columns per page, filled top to bottom, left then right."""

    def __init__(self, canvas, lang: str, columns: int = 2):
        self.columns = columns
        self.col_w = COL_W if columns == 2 else PAGE_W - 2 * MARGIN
        self.c, self.lang, self.page, self.col, self.y, self.top = canvas, lang, 0, 0, TOP, TOP
        self._start_page()

    def _start_page(self) -> None:
        self.page += 1
        c = self.c
        c.setFont("DejaVu", 7.5)
        c.drawString(MARGIN, PAGE_H - 32, HEADER[self.lang])  # the running header
        c.line(MARGIN, PAGE_H - 38, PAGE_W - MARGIN, PAGE_H - 38)
        c.drawCentredString(PAGE_W / 2, 28, f"— {self.page} —")  # the page number
        self.col, self.y, self.top = 0, TOP, TOP

    def x(self) -> float:
        return MARGIN + self.col * (self.col_w + GUTTER)

    def need(self, height: float) -> None:
        if self.y - height < BOTTOM:
            if self.col == 0 and self.columns == 2:
                self.col, self.y = 1, self.top
            else:
                self.c.showPage()
                self._start_page()

    def lines(self, lines: list[str], font: str, size: float) -> None:
        for line in lines:
            self.need(LEADING)
            self.c.setFont(font, size)
            self.c.drawString(self.x(), self.y - size, line)
            self.y -= LEADING

    def table(self, table: Table) -> None:
        row_h, label_w = 14.0, self.col_w * 0.76
        self.need(row_h * len(table.rows) + 4)
        c, x, top = self.c, self.x(), self.y
        c.setFont("DejaVu", 8.5)
        for n, (label, value) in enumerate(table.rows):
            y = top - (n + 1) * row_h
            c.drawString(x + 3, y + 4, label)
            c.drawRightString(x + self.col_w - 3, y + 4, value)
        bottom = top - len(table.rows) * row_h
        self.y = bottom - PARA_GAP
        if not table.ruled:
            return
        for n in range(len(table.rows) + 1):
            c.line(x, top - n * row_h, x + self.col_w, top - n * row_h)
        for edge in (x, x + label_w, x + self.col_w):
            c.line(edge, top, edge, bottom)


def pdf_bytes(lang: str, blocks: tuple[Block, ...] | None = None, repeat: int = 1, columns: int = 2) -> bytes:
    """The text as a two-column A5 report (or one column). ``repeat`` copies the body to make
    long documents."""
    from reportlab.pdfgen import canvas as pdf_canvas

    _fonts()
    blocks = blocks or TEXTS[lang]
    buffer = io.BytesIO()
    c = pdf_canvas.Canvas(buffer, pagesize=(PAGE_W, PAGE_H), invariant=1)
    c.setTitle(blocks[0][1] if not isinstance(blocks[0], Table) else "")
    c.setAuthor("Test fixture")
    flow = _Flow(c, lang, columns)
    width = flow.col_w
    for copy in range(repeat):
        for block in blocks:
            if isinstance(block, Table):
                flow.lines(_wrap(block.caption, width, "DejaVu", BODY), "DejaVu", BODY)
                flow.y -= PARA_GAP / 2
                flow.table(block)
                flow.lines(_wrap(block.note, width, "DejaVu", BODY), "DejaVu", BODY)
            elif block[0] == "title" and copy == 0:
                # The title spans both columns, above them, on the first page only.
                for line in _wrap(block[1], PAGE_W - 2 * MARGIN, "DejaVu-Bold", 13, hyphenate=False):
                    c.setFont("DejaVu-Bold", 13)
                    c.drawString(MARGIN, flow.y - 13, line)
                    flow.y -= 17
                flow.y -= PARA_GAP
                flow.top = flow.y
                continue
            elif block[0] == "h":
                flow.y -= PARA_GAP
                flow.need(LEADING * 3)
                flow.lines(_wrap(block[1], width, "DejaVu-Bold", 10, hyphenate=False), "DejaVu-Bold", 10)
            elif block[0] == "p":
                flow.lines(_wrap(block[1], width, "DejaVu", BODY), "DejaVu", BODY)
            else:
                continue
            flow.y -= PARA_GAP
    c.showPage()
    c.save()
    return buffer.getvalue()


def many_pages_pdf(pages: int) -> bytes:
    """A long, plain report: one short paragraph a page."""
    from reportlab.pdfgen import canvas as pdf_canvas

    buffer = io.BytesIO()
    c = pdf_canvas.Canvas(buffer, pagesize=(PAGE_W, PAGE_H), invariant=1)
    for n in range(pages):
        c.setFont("Helvetica", 10)
        c.drawString(MARGIN, PAGE_H - 80, f"Section {n + 1}: the rural health posts reported as usual.")
        c.showPage()
    c.save()
    return buffer.getvalue()


def scanned_pdf(lang: str = "en") -> bytes:
    """A page with no text layer: the report's first paragraph as a picture, as a scanner makes it."""
    from PIL import Image, ImageDraw, ImageFont
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas as pdf_canvas

    text = next(b[1] for b in TEXTS[lang] if not isinstance(b, Table) and b[0] == "p")
    font = ImageFont.truetype(str(FONT), 34)
    image = Image.new("L", (1654, 1400), 255)
    draw = ImageDraw.Draw(image)
    y = 80
    line = ""
    for word in text.split(" "):
        if draw.textlength(f"{line} {word}", font=font) > 1500:
            draw.text((80, y), line.strip(), font=font, fill=0)
            y, line = y + 50, ""
        line = f"{line} {word}"
    draw.text((80, y), line.strip(), font=font, fill=0)
    buffer = io.BytesIO()
    c = pdf_canvas.Canvas(buffer, pagesize=(595, 842), invariant=1)
    c.drawImage(ImageReader(image), 0, 842 - 504, width=595, height=504)
    c.showPage()
    c.save()
    return buffer.getvalue()


def encrypted_pdf(lang: str = "en") -> bytes:
    """The report locked with a user password (reportlab's standard encryption)."""
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas as pdf_canvas

    _fonts()
    buffer = io.BytesIO()
    c = pdf_canvas.Canvas(buffer, pagesize=(PAGE_W, PAGE_H), invariant=1,
                          encrypt=StandardEncryption("secret", canPrint=0))
    c.setFont("DejaVu", BODY)
    c.drawString(MARGIN, PAGE_H - 80, "The Ministry of Health of Kyrgyzstan launched a programme.")
    c.showPage()
    c.save()
    return buffer.getvalue()


# ------------------------------------------------------------------------------ HTML
def html_page(lang: str, script_bytes: int = 0) -> str:
    """The text as a news site's article page: navigation, a cookie banner, share buttons, a
    related-articles list, a script, a style sheet, and the metadata a crawler reads."""
    blocks = TEXTS[lang]
    title = blocks[0][1]
    body: list[str] = []
    for block in blocks[1:]:
        if isinstance(block, Table):
            rows = "".join(f"<tr><td>{html.escape(a)}</td><td>{html.escape(b)}</td></tr>" for a, b in block.rows)
            body.append(f"<p>{html.escape(block.caption)}</p><table>{rows}</table><p>{html.escape(block.note)}</p>")
        elif block[0] == "h":
            body.append(f"<h2>{html.escape(block[1])}</h2>")
        else:
            body.append(f"<p>{html.escape(block[1])}</p>")
    filler = ("var tracker = {events: []}; function track(e) { tracker.events.push(e); }\n"
              * (script_bytes // 70 + 1))[:script_bytes] if script_bytes else ""
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<title>{html.escape(title)} | Steppe Health News</title>
<meta property="og:title" content="{html.escape(title)}">
<meta property="og:site_name" content="Steppe Health News">
<meta property="article:published_time" content="2025-03-14T09:30:00+05:00">
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "{html.escape(title)}", "datePublished": "2025-03-14",
 "publisher": {{"@type": "Organization", "name": "Steppe Health News"}}}}</script>
<style>body {{ font-family: sans-serif; }} .cookie {{ position: fixed; }}</style>
<script>document.write("Subscribe to our newsletter for daily health news!"); {filler}</script>
</head><body>
<div class="cookie" id="cookie-banner"><p>We use cookies to improve your experience on our site. By
continuing to browse you accept our cookie policy.</p><button>Accept all cookies</button></div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/health">Health</a></li>
<li><a href="/economy">Economy</a></li><li><a href="/world">World</a></li>
<li><a href="/contacts">Contacts</a></li></ul></nav></header>
<main><article>
<h1>{html.escape(title)}</h1>
<div class="share"><a href="#">Share on social media</a> <a href="#">Send by e-mail</a></div>
{''.join(body)}
</article>
<aside class="related"><h3>Related articles</h3><ul>
<li><a href="/a1">The World Bank approves a new loan for hospitals in Tajikistan</a></li>
<li><a href="/a2">Pharmacies in Almaty extend their opening hours</a></li>
<li><a href="/a3">The Asian Development Bank funds 300 ambulances for Uzbekistan</a></li>
</ul></aside></main>
<footer><p>© 2025 Steppe Health News. All rights reserved.</p></footer>
</body></html>
"""


# ------------------------------------------------------------------------------ DOCX
def docx_bytes(lang: str) -> bytes:
    """The text as a ministry note: Title and Heading styles, a real table, core properties."""
    from datetime import datetime, timezone

    from docx import Document

    blocks = TEXTS[lang]
    document = Document()
    props = document.core_properties
    props.title, props.author = blocks[0][1], "Ministry analytics unit"
    props.created = datetime(2025, 2, 3, 10, 0, tzinfo=timezone.utc)
    for block in blocks:
        if isinstance(block, Table):
            document.add_paragraph(block.caption)
            table = document.add_table(rows=0, cols=2)
            for label, value in block.rows:
                cells = table.add_row().cells
                cells[0].text, cells[1].text = label, value
            document.add_paragraph(block.note)
        elif block[0] == "title":
            document.add_heading(block[1], level=0)
        elif block[0] == "h":
            document.add_heading(block[1], level=1)
        else:
            document.add_paragraph(block[1])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_zip_bomb() -> bytes:
    """A DOCX whose document part inflates from a few kilobytes to hundreds of megabytes."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes("en")))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"</w:body>", b"<!--" + b" " * (300 * 1024 * 1024) + b"--></w:body>")
            archive.writestr(item.filename, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return buffer.getvalue()


def docx_external_template() -> bytes:
    """A DOCX whose settings attach a template from a web address (opening it in Word fetches it)."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes("en")))
    buffer = io.BytesIO()
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/attachedTemplate" Target="http://203.0.113.9/template.dotm" TargetMode="External"/>'
            '</Relationships>')
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            archive.writestr(item.filename, source.read(item.filename))
        archive.writestr("word/_rels/settings.xml.rels", rels)
    return buffer.getvalue()


def all_fixtures() -> Iterator[tuple[str, bytes]]:
    for lang in TEXTS:
        yield f"typed-{lang}.txt", plain_text(TEXTS[lang]).encode("utf-8")
        yield f"report-{lang}.pdf", pdf_bytes(lang)
    yield "article-en.html", html_page("en").encode("utf-8")
    yield "article-ru.html", html_page("ru").encode("utf-8")
    yield "note-ru.docx", docx_bytes("ru")
    yield "note-en.docx", docx_bytes("en")


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "fixtures")
    target.mkdir(parents=True, exist_ok=True)
    for name, data in all_fixtures():
        (target / name).write_bytes(data)
        print(target / name)
