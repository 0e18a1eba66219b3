"""Malformed ontology, shapes and reference files, through the real `kg` command.

Each case copies the shipped ontology folder, breaks one file, points KG_ONTOLOGY_DIR at the
copy and runs `python -m kg` in a child process (the viz module caches the ontology, and rdflib
and pyshacl write to stderr through logging, so only a separate process shows what a user sees).
The expected line is computed from the broken text, never hard-coded, so the shipped files may
change; an edit that no longer applies fails the test instead of testing nothing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from kg import paths
from kg.errors import ConfigError

from .conftest import ROOT, SEEDS

ONE_DOCUMENT = SEEDS / "000_a082bec6c71722d9.txt"
CONFIG_EXIT = ConfigError.exit_code


@dataclass(frozen=True)
class Edit:
    """A change to one shipped file, and the text whose first line the error must name."""

    old: str
    new: str
    marker: str  # first occurrence in the edited file marks the expected line

    def apply(self, text: str) -> str:
        assert self.old in text, f"the shipped file changed: {self.old!r} is gone"
        return text.replace(self.old, self.new, 1)


def broken_copy(tmp_path: Path, name: str, edit: Edit | Callable[[bytes], bytes]) -> tuple[Path, int | None]:
    """A copy of the ontology folder with ``name`` edited; (folder, line of the edit's marker)."""
    folder, line, _ = broken_copy_at(tmp_path, name, edit)
    return folder, line


def broken_copy_at(tmp_path: Path, name: str,
                   edit: Edit | Callable[[bytes], bytes]) -> tuple[Path, int | None, int | None]:
    """Like ``broken_copy``, plus the 1-based column of the marker."""
    folder = tmp_path / "ontology"
    shutil.copytree(paths.ontology_dir(), folder)
    target = folder / name
    if not isinstance(edit, Edit):
        target.write_bytes(edit(target.read_bytes()))
        return folder, None, None
    text = edit.apply(target.read_text(encoding="utf-8"))
    target.write_text(text, encoding="utf-8")
    at = text.index(edit.marker)
    return folder, text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)


def kg(*args: str, ontology: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, paths.ONTOLOGY_DIR_ENV: str(ontology)}
    env.pop("KG_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=180)


def assert_config_error(result: subprocess.CompletedProcess[str], file: Path, line: int | None,
                        reason: str) -> str:
    """Exit 5 and exactly one line on stderr: 'kg: error: FILE line N: REASON'."""
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    assert result.returncode == CONFIG_EXIT, (result.returncode, result.stderr)
    assert result.stderr.count("\n") == 1, result.stderr
    where = f"{file} line {line}: " if line is not None else f"{file}: "
    assert result.stderr.startswith(f"kg: error: {where}"), (where, result.stderr)
    assert reason in result.stderr, (reason, result.stderr)
    return result.stderr.strip()


@pytest.fixture(scope="module")
def one_doc_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small built graph for `kg validate` (the shipped ontology, so it conforms)."""
    out = tmp_path_factory.mktemp("graph")
    result = kg("build", str(ONE_DOCUMENT), "-o", str(out), "--no-html", "-q", ontology=paths.ontology_dir())
    assert result.returncode == 0, result.stderr
    return out / "kg.trig"


def build(folder: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return kg("build", str(ONE_DOCUMENT), "-o", str(out), ontology=folder)


# --- the ontology: read by `kg build` (for the HTML view's labels) and by `kg validate` ---------

ONTOLOGY_CASES = {
    "unterminated string": (Edit('owl:versionInfo "0.1.0" .', 'owl:versionInfo "0.1.0 .', '"0.1.0 .'),
                            ": newline found in string literal"),
    "unbound prefix": (Edit("tm:Region a owl:Class ;", "tm:Region a owl:Class ; ex:x 1 ;", "ex:x"),
                       'malformed Turtle at column {column}: Prefix "ex:" not bound'),
    # rdflib notices only at the next statement, lines later; the message names the line that lacks it.
    "missing full stop": (Edit('owl:versionInfo "0.1.0" .', 'owl:versionInfo "0.1.0"', 'owl:versionInfo "0.1.0"'),
                          "expected '.' or '}' or ']' at end of statement (the next statement starts on line"),
    "undeclared superclass": (Edit("rdfs:isDefinedBy <https://w3id.org/telemed-kg/ontology> ; rdfs:subClassOf tm:Entity ;",
                                   "rdfs:isDefinedBy <https://w3id.org/telemed-kg/ontology> ; rdfs:subClassOf tm:Entiti ;",
                                   "tm:Entiti"),
                              "tm:Entiti is used but not declared (no rdf:type)"),
    "ill-typed literal": (Edit('owl:versionInfo "0.1.0" .', 'owl:versionInfo "0.1.0"^^xsd:integer .',
                               '"0.1.0"^^xsd:integer'),
                          "owl:versionInfo value '0.1.0' is not a valid xsd:integer"),
}


@pytest.mark.parametrize("case", sorted(ONTOLOGY_CASES))
@pytest.mark.parametrize("command", ["build", "validate"])
def test_malformed_ontology(tmp_path: Path, one_doc_graph: Path, case: str, command: str) -> None:
    edit, reason = ONTOLOGY_CASES[case]
    folder, line, column = broken_copy_at(tmp_path, "telemed.ttl", edit)
    reason = reason.replace("{column}", str(column))  # '{column}' in a reason: the marker's column
    if command == "build":
        result = build(folder, tmp_path / "out")
        assert not (tmp_path / "out" / "kg.html").exists()
    else:
        result = kg("validate", "--graph", str(one_doc_graph), ontology=folder)
    assert_config_error(result, folder / "telemed.ttl", line, reason)


def test_ontology_missing_a_term_the_code_uses(tmp_path: Path, one_doc_graph: Path) -> None:
    # The declaration is gone, so there is no line to name: the message names the term.
    folder, _ = broken_copy(tmp_path, "telemed.ttl", Edit(
        "tm:iso3Code a owl:DatatypeProperty ;", "tm:iso3Codes a owl:DatatypeProperty ;", "tm:iso3Codes"))
    result = kg("validate", "--graph", str(one_doc_graph), ontology=folder)
    assert_config_error(result, folder / "telemed.ttl", None,
                        "1 term(s) the code uses are not declared (no rdf:type): tm:iso3Code")


def test_ontology_not_utf8(tmp_path: Path, one_doc_graph: Path) -> None:
    folder, _ = broken_copy(tmp_path, "telemed.ttl",
                            lambda data: data.replace("страна".encode(), "страна".encode("cp1251")))
    text = (paths.ontology_dir() / "telemed.ttl").read_text(encoding="utf-8")
    line = text[: text.index("страна")].count("\n") + 1
    result = kg("validate", "--graph", str(one_doc_graph), ontology=folder)
    assert_config_error(result, folder / "telemed.ttl", line, "not UTF-8 (byte ")


# --- the SHACL shapes: read by `kg validate` -----------------------------------------------------

SHAPES_CASES = {
    "unterminated list": (Edit("sh:or ( [ sh:class tm:Region ] [ sh:class tm:Country ] ) ;",
                               "sh:or ( [ sh:class tm:Region ] [ sh:class tm:Country ] ;", "sh:or ( ["),
                          "malformed Turtle at column"),
    "misspelt target class": (Edit("sh:targetClass tm:Country ;", "sh:targetClass tm:Countri ;", "tm:Countri"),
                              "tm:Countri is not declared in the ontology (telemed.ttl)"),
    "misspelt property": (Edit("sh:path tm:isoCode ; sh:minCount 1", "sh:path tm:isoCod ; sh:minCount 1",
                               "tm:isoCod"),
                          "tm:isoCod is not declared in the ontology (telemed.ttl)"),
    "count not an integer": (Edit("sh:path tm:isoCode ; sh:minCount 1", 'sh:path tm:isoCode ; sh:minCount "one"',
                                  '"one"'),
                             'sh:minCount must be a non-negative integer, not "one"'),
    "datatype not an IRI": (Edit("sh:path tm:isoCode ; sh:minCount 1 ; sh:maxCount 1 ; sh:datatype xsd:string ;",
                                 'sh:path tm:isoCode ; sh:minCount 1 ; sh:maxCount 1 ; sh:datatype "string" ;',
                                 '"string"'),
                            'sh:datatype must be an IRI, not "string"'),
    "bad regular expression": (Edit('sh:pattern "^[A-Z]{2}$" ;', 'sh:pattern "^[A-Z{2}$" ;', '"^[A-Z{2}$"'),
                               "sh:pattern '^[A-Z{2}$' is not a regular expression: unterminated character set"),
    "bad SPARQL": (Edit("FILTER NOT EXISTS { $this tm:mentionedIn ?document }",
                        "FILTER NOT EXISTS { $this tm:mentionedIn }", "FILTER NOT EXISTS { $this tm:mentionedIn }"),
                   "sh:select is not valid SPARQL (column 17, at 'FILTER NOT EXISTS { $this tm:mentionedIn'): "),
    # pyshacl would let the shape conform, whatever the graph.
    "node shape given as a string": (Edit("sh:path tm:isoCode ; sh:minCount 1", 'sh:path tm:isoCode ; sh:node "x" ; '
                                          "sh:minCount 1", 'sh:node "x"'),
                                     'sh:node must name a shape (an IRI or [ … ]), not "x"'),
    "value list not a list": (Edit("sh:path tm:isoCode ; sh:minCount 1", 'sh:path tm:isoCode ; sh:in "KZ" ; '
                                   "sh:minCount 1", 'sh:in "KZ"'),
                              'sh:in must be a list ( … ), not "KZ"'),
    "property shape without a path": (Edit("sh:path tm:isoCode ; sh:minCount 1", "sh:minCount 1",
                                           "A country needs exactly one tm:isoCode"),
                                      "a property shape of tmsh:CountryShape has no sh:path"),
}


@pytest.mark.parametrize("case", sorted(SHAPES_CASES))
def test_malformed_shapes(tmp_path: Path, one_doc_graph: Path, case: str) -> None:
    edit, reason = SHAPES_CASES[case]
    folder, line = broken_copy(tmp_path, "shapes.ttl", edit)
    result = kg("validate", "--graph", str(one_doc_graph), ontology=folder)
    assert_config_error(result, folder / "shapes.ttl", line, reason)


def test_shapes_given_with_the_option_are_checked_the_same_way(tmp_path: Path, one_doc_graph: Path) -> None:
    folder, line = broken_copy(tmp_path, "shapes.ttl", SHAPES_CASES["misspelt target class"][0])
    result = kg("validate", "--graph", str(one_doc_graph), "--shapes", str(folder / "shapes.ttl"),
                ontology=paths.ontology_dir())
    assert_config_error(result, folder / "shapes.ttl", line, "tm:Countri is not declared")


def test_what_only_pyshacl_rejects_is_one_line_without_its_log(tmp_path: Path, one_doc_graph: Path) -> None:
    # Not among the checks made before pyshacl runs: pyshacl finds it, names no line, and logs
    # it on stderr besides raising; the user sees one line all the same.
    folder, _ = broken_copy(tmp_path, "shapes.ttl", Edit(
        "sh:path tm:isoCode ; sh:minCount 1",
        "sh:path tm:isoCode ; sh:qualifiedValueShape [ sh:datatype xsd:string ] ; sh:minCount 1", "sh:qualified"))
    result = kg("validate", "--graph", str(one_doc_graph), ontology=folder)
    assert_config_error(result, folder / "shapes.ttl", None, "malformed SHACL: QualifiedValueShapeConstraintComponent")
    assert "For reference" not in result.stderr


# --- the reference entities: read by `kg build` ---------------------------------------------------

REFERENCE_CASES = {
    "unbound prefix": (Edit("country:KG a tm:Country ;", "country:KG a tm:Country ; foo:bar 1 ;", "foo:bar"),
                       'malformed Turtle at column {column}: Prefix "foo:" not bound'),
    "unterminated string": (Edit('"Kyrgyzstan"@en', '"Kyrgyzstan@en', '"Kyrgyzstan@en'),
                            "malformed Turtle at column"),
    "no label": (Edit('skos:prefLabel "Kyrgyzstan"@en, "Кыргызстан"@ru, "Қырғызстан"@kk ;', "", "country:KG a"),
                 "country:KG has no language-tagged skos:prefLabel"),
    "unknown class": (Edit("country:KG a tm:Country ;", "country:KG a tm:Countri ;", "tm:Countri"),
                      "country:KG has an unknown class tm:Countri (one of tm:Country, tm:Region"),
    "no class": (Edit("country:KG a tm:Country ;", "country:KG", "country:KG"),
                 "country:KG has no class (a tm:Country, tm:Region"),
    "two labels in one language": (Edit('"Kyrgyzstan"@en,', '"Kyrgyzstan"@en, "Kirgizia"@en,', '"Kirgizia"@en'),
                                   "country:KG has 2 skos:prefLabel in @en"),
    "dangling locatedIn": (Edit("tm:locatedIn country:KZ ;", "tm:locatedIn country:KZZ ;", "country:KZZ"),
                           "tm:locatedIn country:KZZ: not an entity of this file"),
    "ill-typed literal": (Edit('tm:isoCode "KG" ;', 'tm:isoCode "KG"^^xsd:integer ;', '"KG"^^xsd:integer'),
                          "tm:isoCode value 'KG' is not a valid xsd:integer"),
    "space in an IRI": (Edit("country:KG a tm:Country ;", "<https://w3id.org/telemed-kg/id/country/K G> a tm:Country ;",
                             "<https://w3id.org/telemed-kg/id/country/K G>"),
                        "'https://w3id.org/telemed-kg/id/country/K G' is not a valid IRI"),
}


@pytest.mark.parametrize("case", sorted(REFERENCE_CASES))
def test_malformed_reference(tmp_path: Path, case: str) -> None:
    edit, reason = REFERENCE_CASES[case]
    folder, line, column = broken_copy_at(tmp_path, "reference.ttl", edit)
    reason = reason.replace("{column}", str(column))
    result = build(folder, tmp_path / "out")
    assert_config_error(result, folder / "reference.ttl", line, reason)
    assert not (tmp_path / "out").exists()


# --- the folder itself ----------------------------------------------------------------------------

def test_ontology_folder_that_does_not_exist(tmp_path: Path) -> None:
    result = build(tmp_path / "nowhere", tmp_path / "out")
    assert "Traceback" not in result.stderr and result.returncode == CONFIG_EXIT
    assert result.stderr == f"kg: error: {paths.ONTOLOGY_DIR_ENV}={tmp_path / 'nowhere'}: no such folder\n"


def test_ontology_folder_without_the_reference_file(tmp_path: Path) -> None:
    folder = tmp_path / "ontology"
    shutil.copytree(paths.ontology_dir(), folder)
    (folder / "reference.ttl").unlink()
    result = build(folder, tmp_path / "out")
    assert_config_error(result, folder / "reference.ttl", None, "cannot be read: No such file or directory")


def test_an_intact_copy_builds_and_validates(tmp_path: Path) -> None:
    # The override itself changes nothing: the same files elsewhere give a graph that conforms.
    folder = tmp_path / "ontology"
    shutil.copytree(paths.ontology_dir(), folder)
    out = tmp_path / "out"
    assert build(folder, out).returncode == 0
    result = kg("validate", "--graph", str(out / "kg.trig"), ontology=folder)
    assert result.returncode == 0 and result.stdout.startswith("conforms"), result.stdout + result.stderr
    assert result.stderr == "", result.stderr
