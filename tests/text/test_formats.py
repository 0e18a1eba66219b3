"""PDF, HTML and DOCX documents as analysts have them, made here from our own text
(tests/format_fixtures.py): the same facts as the typed .txt, quotes that verify against the
kept derived text and, with a second PDF library, against the page the graph names."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, Dataset, URIRef
from rdflib.namespace import DCTERMS, PROV

from kg import terms as T
from kg.cli import main
from kg.errors import DocumentError
from kg.text.formats import sniff
from kg.text.formats import html as html_format
from kg.text.formats import pdf as pdf_format
from kg.text.formats.docx import convert as convert_docx
from kg.extract.lexicon import Lexicon
from kg.build.pipeline import build_graph

from tests import format_fixtures as F

pytestmark = pytest.mark.skipif(not F.FONT.exists(), reason="needs Debian's fonts-dejavu-core (make test installs it)")
RFC3778 = URIRef("http://tools.ietf.org/rfc/rfc3778")


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="session")
def fixtures(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("formats")
    for name, data in F.all_fixtures():
        (folder / name).write_bytes(data)
    return folder


def _facts(path: Path, lexicon: Lexicon) -> tuple[set, set, set]:
    result = build_graph([path], lexicon, curation=Path("/nonexistent"))
    facts = result.facts[0]
    entities = {m.iri for m in facts.mentions}
    relations = {(r.subject, r.predicate, r.object) for r in facts.relations}
    metrics = {(m.indicator, m.value, m.unit, m.bound, m.about, m.period, m.part_of is not None) for m in facts.metrics}
    return entities, relations, metrics


@pytest.mark.parametrize("name, typed", [
    ("report-en.pdf", "typed-en.txt"), ("report-ru.pdf", "typed-ru.txt"), ("report-kk.pdf", "typed-kk.txt"),
    ("article-en.html", "typed-en.txt"), ("article-ru.html", "typed-ru.txt"),
    ("note-en.docx", "typed-en.txt"), ("note-ru.docx", "typed-ru.txt"),
])
def test_each_format_gives_the_facts_of_the_typed_text(fixtures: Path, lexicon: Lexicon, name: str,
                                                       typed: str) -> None:
    entities, relations, metrics = _facts(fixtures / typed, lexicon)
    assert entities and metrics, "the typed text must give facts for the comparison to mean anything"
    assert _facts(fixtures / name, lexicon) == (entities, relations, metrics)


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_pdf_text_is_what_the_reader_sees(fixtures: Path, lang: str) -> None:
    """Two columns in reading order, header and page numbers gone, hyphenation healed, the
    table as rows (ruled in EN and RU, aligned without rules in KK): exactly the typed text."""
    data = (fixtures / f"report-{lang}.pdf").read_bytes()
    derived = pdf_format.convert(data, "x.pdf", 300, False)
    assert derived.text == F.plain_text(F.TEXTS[lang])
    assert F.HEADER[lang] not in derived.text and "— 2 —" not in derived.text
    assert derived.page_count == 2 and [p for _, p in derived.pages] == [1, 2]
    # The fixture really has what the reader must undo: a header and hyphenated line ends.
    import pdfplumber

    with pdfplumber.open(fixtures / f"report-{lang}.pdf") as pdf:
        raw = pdf.pages[0].extract_text()
    assert re.search(r"\w-\n\w", raw) and F.HEADER[lang] in raw


@pytest.mark.parametrize("lang", ["en", "kk"])
def test_single_column_pdf_with_tables(lang: str) -> None:
    """One column: a table's right-hand numbers must not be taken for a second column."""
    derived = pdf_format.convert(F.pdf_bytes(lang, columns=1), "x.pdf", 300, False)
    assert derived.text == F.plain_text(F.TEXTS[lang])


def test_html_keeps_the_article_and_nothing_else(fixtures: Path) -> None:
    derived = html_format.convert((fixtures / "article-en.html").read_bytes(), "a.html")
    assert derived.text == F.plain_text(F.EN)
    for furniture in ("cookies", "Home", "Related articles", "Tajikistan", "Share on social media", "newsletter",
                      "tracker", "font-family", "All rights reserved"):
        assert furniture not in derived.text
    assert (derived.title, str(derived.date), derived.publisher) == (F.EN[0][1], "2025-03-14", "Steppe Health News")


def test_docx_metadata_from_core_properties(fixtures: Path) -> None:
    derived = convert_docx((fixtures / "note-ru.docx").read_bytes(), "n.docx")
    assert derived.text == F.plain_text(F.RU)
    assert (derived.title, str(derived.date), derived.creator) == (F.RU[0][1], "2025-02-03", "Ministry analytics unit")


def test_detection_by_content_not_extension(fixtures: Path) -> None:
    assert sniff((fixtures / "report-en.pdf").read_bytes()) == "pdf"
    assert sniff((fixtures / "note-en.docx").read_bytes()) == "docx"
    assert sniff((fixtures / "article-en.html").read_bytes()) == "html"
    assert sniff((fixtures / "typed-en.txt").read_bytes()) is None
    assert sniff(b"<p>A note about <html> tags</p>") is None


@pytest.fixture(scope="session")
def mixed_build(fixtures: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Dataset]:
    """One build of a folder with .txt, .pdf, .html and .docx, a PDF among them named .txt."""
    folder = tmp_path_factory.mktemp("mixed")
    for name in ("report-en.pdf", "report-ru.pdf", "typed-kk.txt", "article-en.html", "note-ru.docx"):
        shutil.copy(fixtures / name, folder / name)
    shutil.copy(fixtures / "report-kk.pdf", folder / "kazakh-report.txt")
    (folder / "metadata.yaml").write_text(
        "documents:\n  report-ru.pdf:\n    title: \"Title from metadata.yaml\"\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("mixed-out")
    result = invoke("build", str(folder), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "skipped" not in result.output
    dataset = Dataset()
    dataset.parse(out / "kg.trig", format="trig")
    return folder, out, dataset


def _union(dataset: Dataset):
    from kg.rdf.convert import union_graph

    return union_graph(dataset)


def test_mixed_folder_builds_one_graph_with_files_recorded(mixed_build) -> None:
    folder, out, dataset = mixed_build
    g = _union(dataset)
    docs = {str(g.value(d, T.fileName)): d for d in g.subjects(RDF.type, T.Document)}
    assert set(docs) == {"report-en.pdf", "report-ru.pdf", "typed-kk.txt", "article-en.html", "note-ru.docx",
                         "kazakh-report.txt"}
    expected_types = {"report-en.pdf": "application/pdf", "kazakh-report.txt": "application/pdf",
                      "article-en.html": "text/html", "note-ru.docx":
                      "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
    for name, media_type in expected_types.items():
        doc = docs[name]
        assert str(g.value(doc, DCTERMS.format)) == media_type
        assert str(g.value(doc, T.sha256)) == hashlib.sha256((folder / name).read_bytes()).hexdigest()
        text = g.value(doc, T.derivedText)
        assert (text, PROV.wasDerivedFrom, doc) in g and (text, RDF.type, T.DerivedText) in g
        kept = (out / str(g.value(text, T.path))).read_bytes()
        assert str(g.value(text, T.sha256)) == hashlib.sha256(kept).hexdigest()
    assert g.value(docs["typed-kk.txt"], T.derivedText) is None  # a typed text is its own evidence
    # Metadata from the files fills what metadata.yaml does not say; metadata.yaml wins where it does.
    assert str(g.value(docs["article-en.html"], DCTERMS.publisher)) == "Steppe Health News"
    assert str(g.value(docs["article-en.html"], DCTERMS.date)) == "2025-03-14"
    assert str(g.value(docs["note-ru.docx"], DCTERMS.title)) == F.RU[0][1]
    assert str(g.value(docs["report-ru.pdf"], DCTERMS.title)) == "Title from metadata.yaml"
    assert int(g.value(docs["report-en.pdf"], T.pageCount)) == 2


def _pypdf_pages(path: Path) -> list[str]:
    """Each page's text as pypdf reads it, less the fixtures' running header and page number
    (so that a quote running on to the next page reads on across the page break)."""
    from pypdf import PdfReader

    furniture = re.compile("|".join([re.escape(h) for h in F.HEADER.values()] + [r"— \d+ —"]))
    return [furniture.sub(" ", page.extract_text() or "") for page in PdfReader(path).pages]


def _squeeze(text: str) -> str:
    """Compare letters and digits only: the two libraries space and hyphenate differently."""
    return re.sub(r"[\W_]+", "", text).casefold()


def test_every_quote_verifies_and_pdf_quotes_are_on_their_page(mixed_build) -> None:
    folder, out, dataset = mixed_build
    g = _union(dataset)
    pages_of: dict[str, list[str]] = {}
    checked_pages = 0
    for annotation in g.subjects(RDF.type, T.OA.Annotation):
        doc = g.value(annotation, PROV.wasDerivedFrom)
        text_node = g.value(doc, T.derivedText)
        source = out / str(g.value(text_node, T.path)) if text_node else folder / str(g.value(doc, T.fileName))
        data = source.read_bytes()
        text = data.decode("utf-8")
        target = g.value(annotation, T.OA.hasTarget)
        selectors = {g.value(s, RDF.type): s for s in g.objects(target, T.OA.hasSelector)}
        quote = selectors[T.OA.TextQuoteSelector]
        exact = str(g.value(quote, T.OA.exact))
        chars, octets = selectors[T.OA.TextPositionSelector], selectors[T.OA.DataPositionSelector]
        assert text[int(g.value(chars, T.OA.start)):int(g.value(chars, T.OA.end))] == exact
        assert data[int(g.value(octets, T.OA.start)):int(g.value(octets, T.OA.end))].decode("utf-8") == exact
        page_selector = selectors.get(T.OA.FragmentSelector)
        if str(g.value(doc, DCTERMS.format)) != "application/pdf":
            assert page_selector is None
            continue
        assert (page_selector, DCTERMS.conformsTo, RFC3778) in g
        assert g.value(page_selector, T.OA.refinedBy) == quote
        page = int(re.fullmatch(r"page=(\d+)", str(g.value(page_selector, RDF.value))).group(1))
        name = str(g.value(doc, T.fileName))
        pages = pages_of.setdefault(name, _pypdf_pages(folder / name))
        wanted = _squeeze(exact)
        # A sentence may run on to the next page; it must start on the named one.
        on_page = wanted in _squeeze(pages[page - 1])
        across = wanted in _squeeze(" ".join(pages[page - 1:page + 1])) and wanted[:12] in _squeeze(pages[page - 1])
        assert on_page or across, (name, page, exact)
        checked_pages += 1
    assert checked_pages > 40


def test_queries_and_view_show_the_page(mixed_build) -> None:
    folder, out, dataset = mixed_build
    quotes = invoke("query", "metrics-with-quotes", "--graph", str(out / "kg.trig"), "-f", "csv")
    assert quotes.exit_code == 0, quotes.output
    rows = [line for line in quotes.output.splitlines() if "report-en.pdf" in line]
    assert rows and all(re.search(r",p\. [12]$", row) for row in rows)
    assert not re.search(r"p\. \d", "\n".join(line for line in quotes.output.splitlines() if ".docx" in line))
    provenance = invoke("query", "provenance", "--graph", str(out / "kg.trig"), "-f", "csv")
    assert any(line.endswith(",p. 1") and "report-ru.pdf" in line for line in provenance.output.splitlines())
    view = (out / "kg.html").read_text(encoding="utf-8")
    assert "report-en.pdf, p. 1" in view


def test_build_is_deterministic(fixtures: Path, tmp_path: Path) -> None:
    sources = [str(fixtures / name) for name in ("report-ru.pdf", "article-en.html", "note-en.docx")]
    for n in (1, 2):
        result = invoke("build", *sources, "-o", str(tmp_path / f"out{n}"), "--no-html", "--no-cache", "-q")
        assert result.exit_code == 0, result.output
    assert (tmp_path / "out1" / "kg.trig").read_bytes() == (tmp_path / "out2" / "kg.trig").read_bytes()


# ----------------------------------------------------------------------------------- bad files
BAD = {
    "encrypted.pdf": (lambda: F.encrypted_pdf(), "PDF is encrypted with a password"),
    "truncated.pdf": (lambda: F.pdf_bytes("en")[:20000], "truncated PDF"),
    "corrupt.pdf": (lambda: b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\n%%EOF\n", "corrupt PDF"),
    "scan.pdf": (lambda: F.scanned_pdf(), "PDF has no text layer (a scan?); run kg build --ocr"),
    "long.pdf": (lambda: F.many_pages_pdf(500), "500 pages is over the 300-page limit (raise it with --max-pages)"),
    "bomb.docx": (lambda: F.docx_zip_bomb(), "DOCX looks like a zip bomb"),
    "template.docx": (lambda: F.docx_external_template(), "DOCX refers to external content (attachedTemplate"),
    "empty-page.html": (lambda: b"<!DOCTYPE html><html><head><script>var a = 1;</script></head>"
                                b"<body><nav><a href='/'>Home</a></nav></body></html>",
                        "no article text found"),
    # 200,000 unclosed script tags: cut in one pass (a backtracking regex took minutes here).
    "unclosed.html": (lambda: F.html_page("en").encode().replace(b"<body>",
                                                                 b"<body>" + b"<script>x " * 200_000),
                      "no article text found"),
}


@pytest.fixture(scope="session")
def bad_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    return {name: make() for name, (make, _) in BAD.items()}


def test_bad_files_are_skipped_with_one_line_each_and_good_ones_built(fixtures: Path, bad_files,
                                                                     tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, data in bad_files.items():
        (folder / name).write_bytes(data)
    shutil.copy(fixtures / "report-ru.pdf", folder)
    (folder / "heavy.html").write_text(F.html_page("en", script_bytes=5 * 1024 * 1024), encoding="utf-8")
    started = time.perf_counter()
    result = invoke("build", str(folder), "-o", str(tmp_path / "out"), "--no-html")
    seconds = time.perf_counter() - started
    assert result.exit_code == 0, result.output
    for name, (_, reason) in BAD.items():
        lines = [line for line in result.output.splitlines() if line.startswith(f"skipped {folder / name}: ")]
        assert len(lines) == 1 and reason in lines[0], (name, result.output)
    assert "Traceback" not in result.output
    ttl = (tmp_path / "out" / "kg.ttl").read_text(encoding="utf-8")
    assert '"report-ru.pdf"' in ttl and '"heavy.html"' in ttl  # five megabytes of script cost nothing
    assert not (tmp_path / "out" / "texts" / "encrypted.txt").exists()
    assert seconds < 60


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_bad_file_alone_exits_11_and_writes_nothing(bad_files, tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(bad_files[name])
    result = invoke("build", str(tmp_path / name), "-o", str(tmp_path / "out"))
    assert result.exit_code == DocumentError.exit_code == 11
    assert result.output.count("\n") == 1 and BAD[name][1] in result.output
    assert not (tmp_path / "out").exists()


def test_page_limit_can_be_raised(bad_files, tmp_path: Path) -> None:
    (tmp_path / "long.pdf").write_bytes(bad_files["long.pdf"])
    result = invoke("build", str(tmp_path / "long.pdf"), "-o", str(tmp_path / "out"), "--max-pages", "500",
                    "--no-html", "-q")
    assert result.exit_code == 0, result.output
    assert "tm:pageCount 500" in (tmp_path / "out" / "kg.trig").read_text()


def test_ocr_without_tesseract_says_how_to_install(bad_files, tmp_path: Path) -> None:
    (tmp_path / "scan.pdf").write_bytes(bad_files["scan.pdf"])
    # The real command, on a PATH where no tesseract can be found.
    env = {**os.environ, "PATH": str(Path(sys.executable).parent)}
    done = subprocess.run([str(Path(sys.executable).parent / "kg"), "build", str(tmp_path / "scan.pdf"), "-o",
                           str(tmp_path / "out"), "--ocr"], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 11
    assert done.stderr.count("\n") == 1
    assert "apt-get install tesseract-ocr tesseract-ocr-rus tesseract-ocr-kaz" in done.stderr


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract is not installed (make test installs it)")
def test_ocr_reads_a_scan(bad_files, tmp_path: Path) -> None:
    (tmp_path / "scan.pdf").write_bytes(bad_files["scan.pdf"])
    result = invoke("build", str(tmp_path / "scan.pdf"), "-o", str(tmp_path / "out"), "--ocr", "--no-html")
    assert result.exit_code == 0, result.output
    ttl = (tmp_path / "out" / "kg.ttl").read_text(encoding="utf-8")
    assert "programme:digital-village" in ttl and "funder:world-bank" in ttl
    assert 'tm:ocr true' in ttl and 'rdf:value "page=1"' in ttl


def test_graph_with_files_and_pages_conforms_and_the_shapes_check_pages(mixed_build) -> None:
    from rdflib import Literal

    from kg.check.shacl import validate

    g = _union(mixed_build[2])
    assert validate(g).conforms
    selector = next(g.subjects(DCTERMS.conformsTo, RFC3778))
    g.set((selector, RDF.value, Literal("page=0")))
    text = next(g.subjects(RDF.type, T.DerivedText))
    g.remove((text, PROV.wasDerivedFrom, None))
    report = validate(g)
    messages = " ".join(issue.message for issue in report.results)
    assert not report.conforms
    assert "rdf:value 'page=N'" in messages and "derived text is prov:wasDerivedFrom exactly one" in messages


def test_line_joining_heals_typesetting_hyphens_only() -> None:
    from kg.text.formats.derived import hyphenated_words, join_lines

    lines = ["The tele\u00ad", "medicine network of Issyk-", "Kul region and the e-", "health office held teleconsul-",
             "tations in Северо-", "Казахстанская область, по-", "прежнему."]
    compounds = hyphenated_words(lines + ["A line that writes e-health and по-прежнему in full."])
    joined = "".join(text for text, _ in join_lines([(line, 1) for line in lines], compounds))
    assert joined == ("The telemedicine network of Issyk-Kul region and the e-health office held teleconsultations "
                      "in Северо-Казахстанская область, по-прежнему.")
