"""Output for people fits their terminal and is never cut anywhere else: tables in a real
pseudo-terminal of a given width, in files and in pipes; `kg entities` and `kg stats` for
scripts; partial views written beside the whole-graph page, not over it."""

from __future__ import annotations

import csv
import fcntl
import io
import json
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

from click.testing import CliRunner

from kg.cli import main

from tests.conftest import ROOT

LONG_FUNDER = "national-scientific-centre-development-health-im-s-kairbekovoi"


def in_terminal(args: list[str], columns: int) -> str:
    """Run `kg ARGS` with stdout on a pseudo-terminal ``columns`` wide; what it printed."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    process = subprocess.Popen([sys.executable, "-m", "kg", *args], stdout=follower, stderr=subprocess.PIPE,
                               stdin=subprocess.DEVNULL, cwd=ROOT, env=env)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:  # the follower closed: the process is done writing
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    assert process.wait(timeout=120) == 0, process.stderr.read() if process.stderr else ""
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def test_a_table_fits_the_terminal(built_dir: Path) -> None:
    shown = in_terminal(["query", "metrics-with-quotes", "--graph", str(built_dir / "kg.trig")], 120)
    lines = shown.splitlines()
    assert len(lines) > 50 and max(len(line) for line in lines) <= 120, max(len(line) for line in lines)
    assert "…" in shown  # what did not fit is marked, not dropped silently


def test_a_table_in_a_file_or_a_pipe_is_never_cut(built_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "t.txt"
    args = ["query", "metrics-with-quotes", "--graph", str(built_dir / "kg.trig"), "-f", "table"]
    assert CliRunner().invoke(main, [*args, "-o", str(out)]).exit_code == 0
    piped = subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=ROOT, check=True)
    for text in (out.read_text(encoding="utf-8"), piped.stdout):
        # The longest quote of the seeds is whole (it was cut at 80 characters).
        assert "нехватка цифровых сервисов в отдалённых сёлах" in text
        assert max(len(line) for line in text.splitlines()) > 300


def test_entities_for_people_and_for_scripts(built_dir: Path, tmp_path: Path) -> None:
    graph = str(built_dir / "kg.trig")
    out = tmp_path / "entities.txt"
    assert CliRunner().invoke(main, ["entities", "--graph", graph, "-o", str(out)]).exit_code == 0
    assert f"funder/{LONG_FUNDER}" in out.read_text(encoding="utf-8")  # was cut at 48 characters
    as_csv = CliRunner().invoke(main, ["entities", "--graph", graph, "-f", "csv"])
    rows = list(csv.DictReader(io.StringIO(as_csv.output)))
    assert any(r["iri"].endswith(LONG_FUNDER) for r in rows) and {"class", "label", "mentions"} <= set(rows[0])
    as_json = json.loads(CliRunner().invoke(main, ["entities", "--graph", graph, "-f", "json"]).output)
    kz = next(e for e in as_json if e["iri"].endswith("/country/KZ"))
    assert kz["labels"]["ru"] == "Казахстан" and kz["mentions"] > 0


def test_stats_for_scripts(built_dir: Path) -> None:
    graph = str(built_dir / "kg.trig")
    measures = json.loads(CliRunner().invoke(main, ["stats", "--graph", graph, "-f", "json"]).output)
    assert measures["triples"] > 7000 and measures["nodes_per_class"]["Country"] >= 5
    rows = list(csv.reader(io.StringIO(CliRunner().invoke(main, ["stats", "--graph", graph, "-f", "csv"]).output)))
    assert rows[0] == ["measure", "name", "value"] and ["nodes_per_class", "Country",
                                                       str(measures["nodes_per_class"]["Country"])] in rows


def test_a_partial_view_does_not_overwrite_the_whole_graph_page(built_dir: Path, tmp_path: Path) -> None:
    for name in ("kg.trig", "kg.html"):
        (tmp_path / name).write_bytes((built_dir / name).read_bytes())
    before = (tmp_path / "kg.html").read_bytes()
    result = CliRunner().invoke(main, ["viz", "--graph", str(tmp_path / "kg.trig"), "--focus", "Казахстан",
                                       "--depth", "1"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "kg.html").read_bytes() == before
    assert (tmp_path / "kg-focus-казахстан.html").is_file()
    country = CliRunner().invoke(main, ["viz", "--graph", str(tmp_path / "kg.trig"), "--country", "KZ"])
    assert country.exit_code == 0 and (tmp_path / "kg-country-kz.html").is_file()
