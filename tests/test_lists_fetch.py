"""fetch: downloads from a local HTTP server serving the files in ../shared (or written here)."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from illicitflow.lists.fetch import BASE_URLS, SOURCES, FetchError, fetch, urls

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "sanctions"

#: Local file name -> where the shared data holds it.
SHARED = {
    "sdn.csv": "ofac_sdn_2024-05-03/sdn.csv",
    "alt.csv": "ofac_sdn_aux_2025-12-24/alt.csv",
    "add.csv": "ofac_sdn_aux_2025-12-24/add.csv",
    "sdn_comments.csv": "ofac_sdn_aux_2025-12-24/sdn_comments.csv",
    "cons_prim.csv": "ofac_non_sdn_2025-12-19/cons_prim.csv",
    "cons_alt.csv": "ofac_non_sdn_2025-12-19/cons_alt.csv",
    "cons_add.csv": "ofac_non_sdn_2025-12-19/cons_add.csv",
    "cons_comments.csv": "ofac_non_sdn_2025-12-19/cons_comments.csv",
    "un_consolidated.xml": "un_sc_consolidated_2026-02-27/UN_consolidated.xml",
}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def serve() -> Iterator[Callable[[Path], str]]:
    servers = []

    def start(root: Path) -> str:
        handler = functools.partial(QuietHandler, directory=str(root))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def test_official_addresses() -> None:
    found = dict((local, url) for url, local in urls())
    assert found["sdn.csv"] == BASE_URLS["ofac"] + "SDN.CSV"
    assert found["cons_prim.csv"].endswith("/exports/CONS_PRIM.CSV")
    assert found["un_consolidated.xml"] == "https://scsanctions.un.org/resources/xml/en/consolidated.xml"
    assert len(found) == sum(len(files) for _, files in SOURCES.values()) == 9
    with pytest.raises(ValueError, match="unknown lists"):
        urls(lists=["eu-fsf"])


@pytest.mark.skipif(not DATA.exists(), reason="shared data not found")
def test_fetch_shared_files_byte_for_byte(serve: Callable[[Path], str], tmp_path: Path) -> None:
    root = serve(DATA)
    base_urls = {local: f"{root}/{path}" for local, path in SHARED.items()}
    seen: list[tuple[str, int, int]] = []
    paths = fetch(tmp_path / "out", base_urls=base_urls,
                  progress=lambda step, done, total: seen.append((step, done, total)))
    assert sorted(p.name for p in paths) == sorted(SHARED)
    for path in paths:
        assert path.read_bytes() == (DATA / SHARED[path.name]).read_bytes()
    assert not list((tmp_path / "out").glob("*.part"))
    assert ("sdn.csv", (DATA / SHARED["sdn.csv"]).stat().st_size,
            (DATA / SHARED["sdn.csv"]).stat().st_size) in seen


def test_fetch_from_a_mirror_with_publisher_names(serve: Callable[[Path], str],
                                                  tmp_path: Path) -> None:
    mirror = tmp_path / "mirror"
    (mirror / "ofac").mkdir(parents=True)
    (mirror / "un").mkdir()
    (mirror / "ofac" / "SDN.CSV").write_bytes(b'1,"X",-0- \r\n\x1a')
    (mirror / "un" / "consolidated.xml").write_bytes(b"<CONSOLIDATED_LIST/>")
    root = serve(mirror)
    paths = fetch(tmp_path / "out", base_urls={"ofac": f"{root}/ofac", "un": f"{root}/un/"},
                  lists=["un-sc"])
    assert [p.name for p in paths] == ["un_consolidated.xml"]
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch(tmp_path / "out", base_urls={"ofac": f"{root}/ofac"}, lists=["ofac-sdn"])
    assert (tmp_path / "out" / "sdn.csv").read_bytes() == b'1,"X",-0- \r\n\x1a'
    assert not (tmp_path / "out" / "alt.csv").exists()
    assert not list((tmp_path / "out").glob("*.part"))


def test_offline_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FetchError, match=r"cannot download .*are you online"):
        fetch(tmp_path, base_urls={"un": "http://127.0.0.1:9/"}, lists=["un-sc"], timeout=5)
