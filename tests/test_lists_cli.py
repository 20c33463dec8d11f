"""`illicitflow lists load|fetch`, driven through the typer sub-app."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from illicitflow.lists import fetch as fetch_module
from illicitflow.lists.cli import app
from illicitflow.store import Store

runner = CliRunner()

UN = ('<?xml version="1.0" encoding="UTF-8"?>\n'
      '<CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09Z">\n<INDIVIDUALS>\n'
      "<INDIVIDUAL><FIRST_NAME>RI</FIRST_NAME><SECOND_NAME>WON HO</SECOND_NAME>"
      "<REFERENCE_NUMBER>KPi.033</REFERENCE_NUMBER><UN_LIST_TYPE>DPRK</UN_LIST_TYPE>"
      "</INDIVIDUAL>\n</INDIVIDUALS>\n<ENTITIES/>\n</CONSOLIDATED_LIST>\n")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def lists_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "lists"
    folder.mkdir()
    (folder / "sdn.csv").write_bytes(
        b'12211,"KIM, Yong Chol","individual","DPRK",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
        b'"DOB circa 1947"\r\n'
        b'bad,"ROW"\r\n\x1a')
    (folder / "consolidated.xml").write_text(UN)
    return folder


def test_load_prints_versions(lists_dir: Path, tmp_path: Path) -> None:
    store = tmp_path / "store.duckdb"
    result = runner.invoke(app, ["load", str(lists_dir), "--store", str(store),
                                 "--published", "2024-05-03"])
    assert result.exit_code == 0, result.output
    for text in ("ofac-sdn", "ofac-sdn@2024-05-03.1", "2024-05-03 (--published)",
                 "un-sc@2026-02-27.1", "2026-02-27 (from file)"):
        assert text in result.output
    with Store.open(store) as opened:
        assert opened.entity("ofac-12211")["properties"]["birthDate"] == ["1947"]
        assert opened.entity("un-KPi.033") is not None
        (bad,) = opened.quarantine()
        assert bad["line"] == 2 and bad["reason"] == "expected 12 columns, got 2"


@pytest.mark.parametrize(("args", "message"), [
    (["missing.csv"], "no such file"),
    (["notes.txt"], "not a list file"),
    (["broken.xml"], "invalid or truncated XML, broken at line"),
    (["sdn.csv", "--published", "May 2024"], "not a date"),
])
def test_bad_input_exits_2(lists_dir: Path, tmp_path: Path, args: list[str],
                           message: str) -> None:
    (lists_dir / "notes.txt").write_text("hello")
    (lists_dir / "broken.xml").write_text(UN[:200])
    paths = [str(lists_dir / a) if i == 0 else a for i, a in enumerate(args)]
    result = runner.invoke(app, ["load", *paths, "--store", str(tmp_path / "s.duckdb")])
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())


def test_fetch(lists_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    (mirror / "consolidated.xml").write_text(UN)
    handler = functools.partial(QuietHandler, directory=str(mirror))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    try:
        monkeypatch.setitem(fetch_module.BASE_URLS, "un",
                            f"http://127.0.0.1:{server.server_address[1]}/")
        out = tmp_path / "out"
        result = runner.invoke(app, ["fetch", "--out", str(out), "--list", "un-sc"])
        assert result.exit_code == 0, result.output
        assert (out / "un_consolidated.xml").read_text() == UN
        missing = runner.invoke(app, ["fetch", "--out", str(out), "--list", "nope"])
        assert missing.exit_code == 2 and "unknown lists" in missing.output
    finally:
        server.shutdown()
        server.server_close()
    monkeypatch.setitem(fetch_module.BASE_URLS, "un", "http://127.0.0.1:9/")
    offline = runner.invoke(app, ["fetch", "--out", str(tmp_path / "o"), "--list", "un-sc"])
    assert offline.exit_code == 1 and "are you online" in " ".join(offline.output.split())
