"""Screening: evidence, the candidate index, the Python API and the two commands' contracts."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pyarrow as pa
import pytest

from illicitflow.screen import (
    DEFAULT_THRESHOLD,
    ScreenIndex,
    ScreeningError,
    ScreenInputError,
    analyse,
    match_pairs,
    screen,
)
from illicitflow.screen import evidence as ev
from illicitflow.screen.cli import match_pairs_command, screen_command
from illicitflow.screen.logic import score_candidate
from illicitflow.store import Store

ENTITIES = [
    {"id": "t-kim", "schema": "Person", "lists": ["test"], "properties": {
        "name": ["KIM, Jong Un"], "birthDate": ["1984-01-08"], "nationality": ["kp"],
        "gender": ["male"]}},
    {"id": "t-choe", "schema": "Person", "lists": ["test"], "properties": {
        "name": ["CHOE, Ryong Hae"], "alias": ["Choe Ryong-hae"], "birthDate": ["1950"],
        "nationality": ["kp"], "passportNumber": ["PD745210123"]}},
    {"id": "t-komid", "schema": "Organization", "lists": ["test"], "properties": {
        "name": ["KOREA MINING DEVELOPMENT TRADING CORPORATION"], "alias": ["KOMID"],
        "country": ["kp"]}},
    {"id": "t-argument", "schema": "Company", "lists": ["test"], "properties": {
        "name": ["JSC ARGUMENT"], "country": ["ru"]}},
    {"id": "t-ship", "schema": "Vessel", "lists": ["test"], "properties": {
        "name": ["CHON MA SAN"], "previousName": ["OCEAN STAR"], "imoNumber": ["IMO 8660313"],
        "flag": ["kp"]}},
    {"id": "t-ship-2", "schema": "Vessel", "lists": ["test"], "properties": {
        "name": ["CHON MA SAN 2"], "imoNumber": ["IMO 9000001"]}},
    {"id": "t-smith", "schema": "Person", "lists": ["test"], "properties": {
        "name": ["John SMITH"], "weakAlias": ["Johnny Boy"], "birthDate": ["1970-05-05"]}},
]


def _store(path: Path, entities: list[dict] = ENTITIES, name: str = "test") -> Path:
    with Store.open(path) as store:
        store.replace_list(name, entities, [], source="tests", files=[], sha256="0" * 64,
                           published=date(2026, 1, 1), published_from="argument")
    return path


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _store(tmp_path_factory.mktemp("screen") / "lists.duckdb")


@pytest.fixture(scope="module")
def index(store_path: Path) -> ScreenIndex:
    with Store.open(store_path) as store:
        return ScreenIndex.for_store(store)


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


# --- evidence -----------------------------------------------------------------------------------


def test_evidence_normalisation() -> None:
    assert ev.clean_date("08.01.1984") == "1984-01-08"
    assert ev.clean_date("1984") == "1984"
    assert ev.clean_country("North Korea") == "kp" and ev.clean_country("KP") == "kp"
    assert ev.clean_gender("F") == "female"
    assert ev.clean_imo("IMO 8660313") == "8660313"


def _score(query: dict, entity: dict, schema: str) -> float:
    kind = "person" if schema == "Person" else "vessel" if schema == "Vessel" else "org"
    names = [(analyse(v, kind), prop) for prop in ("name", "alias", "previousName", "weakAlias")
             for v in entity["properties"].get(prop, [])]
    forms = [analyse(query["full_name"], kind)]
    return score_candidate(forms, ev.query_evidence(query),
                           names, ev.entity_evidence(entity["properties"])).score


def test_dates_nationality_and_gender_move_the_score() -> None:
    kim = ENTITIES[0]
    base = _score({"full_name": "Kim Jong Un"}, kim, "Person")
    assert _score({"full_name": "Kim Jong Un", "date_of_birth": "1984-01-08"}, kim,
                  "Person") >= base
    assert _score({"full_name": "Kim Jong Un", "date_of_birth": "1962-03-01"}, kim,
                  "Person") < base - 0.2
    assert _score({"full_name": "Kim Jong Un", "nationality": "Brazil"}, kim, "Person") < base
    assert _score({"full_name": "Kim Jong Un", "gender": "female"}, kim, "Person") < base


def test_imo_number_is_decisive_for_vessels() -> None:
    ship = ENTITIES[4]
    assert _score({"full_name": "Totally Other Name", "imo_number": "8660313"}, ship,
                  "Vessel") >= 0.99
    assert _score({"full_name": "CHON MA SAN", "imo_number": "9999999"}, ship, "Vessel") <= 0.5


def test_passport_number_lifts_the_score() -> None:
    choe = ENTITIES[1]
    assert _score({"full_name": "Choe R. H.", "passport": "PD 745210123"}, choe,
                  "Person") >= 0.95


def test_weak_aliases_count_less() -> None:
    smith = ENTITIES[6]
    assert _score({"full_name": "Johnny Boy"}, smith, "Person") < 1.0


@pytest.mark.parametrize("query", [
    {"date_of_birth": "1984-01-08", "nationality": "kp", "gender": "male"},
    {"date_of_birth": "1990-02-03", "nationality": "fr", "gender": "female"},
    {"date_of_birth": "1985", "passport": "PD745210123", "imo": "IMO 9000001"},
    {},
])
def test_no_name_lifts_a_score_above_the_evidence_bound(query: dict) -> None:
    query_ev = ev.query_evidence(query)
    for entity in ENTITIES:
        findings = ev.assess(query_ev, ev.entity_evidence(entity["properties"]))
        best = ev.best_possible(findings)
        for name_score in (0.0, 0.3, 0.79, 0.8, 0.95, 1.0):
            assert ev.apply(name_score, findings) <= best


def test_entities_the_evidence_rules_out_are_not_hits(index: ScreenIndex) -> None:
    kim = {"full_name": "Kim Jong Un", "date_of_birth": "1984-01-08"}
    other_year = {"full_name": "Kim Jong Un", "date_of_birth": "1950-01-08"}
    assert [r["entity_id"] for r in screen([kim], index)][:1] == ["t-kim"]
    assert "t-kim" not in [r["entity_id"] for r in screen([other_year], index)]
    assert "t-kim" in [r["entity_id"] for r in screen([other_year], index, threshold=0.7)]


# --- index --------------------------------------------------------------------------------------


@pytest.mark.parametrize("skel", ["abab", "abba", "aabb", "mohamed", "abcab", "kasasa", "ab", "a",
                                  "shabir", "tatatat", "xyyx"])
def test_deletion_neighbourhood(skel: str) -> None:
    import re

    from illicitflow.screen.index import _deletions

    plain = {skel} | ({re.sub(r"(.)\1+", r"\1", skel[:i] + skel[i + 1:])
                       for i in range(len(skel))} if len(skel) >= 4 else set())
    assert _deletions(skel) == plain


def test_index_is_persisted_with_the_store(store_path: Path, index: ScreenIndex) -> None:
    with Store.open(store_path) as store:
        tables = {r[0] for r in store.con.execute("SHOW TABLES").fetchall()}
        assert {"screen_meta", "screen_entities", "screen_names", "screen_keys"} <= tables
        loaded = ScreenIndex.load(store.con)
    assert loaded is not None
    assert loaded.entity_ids == index.entity_ids
    assert loaded.names == index.names
    assert [v["version_id"] for v in loaded.list_versions] == ["test@2026-01-01.1"]


def test_index_is_rebuilt_when_a_list_changes(tmp_path: Path) -> None:
    path = _store(tmp_path / "lists.duckdb", ENTITIES[:2])
    with Store.open(path) as store:
        assert len(ScreenIndex.for_store(store).entity_ids) == 2
    _store(path, ENTITIES)
    with Store.open(path) as store:
        assert len(ScreenIndex.for_store(store).entity_ids) == len(ENTITIES)


@pytest.mark.parametrize(("query", "schema", "expected"), [
    ("Kim Chong Un", "Person", "t-kim"),
    ("김정은", "Person", "t-kim"),
    ("Kim Jong-un", "Person", "t-kim"),
    ("Choi Ryong Hae", "Person", "t-choe"),
    ("KOMID", "Organization", "t-komid"),
    ("Korea Mining Development Trading Corp.", "Company", "t-komid"),
    ("JSCARGUMENT", "Company", "t-argument"),
    ("Ocean Star", "Vessel", "t-ship"),
])
def test_search_finds_the_entry(index: ScreenIndex, query: str, schema: str,
                                expected: str) -> None:
    kind = {"Person": "person", "Vessel": "vessel"}.get(schema, "org")
    found = index.search([analyse(query, kind)], ev.Evidence(), DEFAULT_THRESHOLD, 3, schema)
    assert found and index.entity_ids[found[0].entity_pos] == expected
    assert found[0].score.explain()


def test_schemas_that_cannot_match_are_not_candidates(index: ScreenIndex) -> None:
    found = index.search([analyse("KOMID", "person")], ev.Evidence(), 0.0, None, "Person")
    assert all(index.schemas[c.entity_pos] in ("Person", "LegalEntity") for c in found)


# --- Python API ---------------------------------------------------------------------------------


def test_match_pairs_on_arrow_and_rows() -> None:
    table = pa.table({"schema": ["Person", "Company"], "name1": ["Kim Jong Un", "Siemens AG"],
                      "name2": ["Kim Chong Un", "Siemens Aktiengesellschaft"],
                      "extra": ["x", "y"]})
    out = match_pairs(table)
    assert isinstance(out, pa.Table)
    assert out.column_names == ["schema", "name1", "name2", "score"]
    assert all(s >= DEFAULT_THRESHOLD for s in out["score"].to_pylist())
    rows = match_pairs([{"schema": "", "name1": "A B", "name2": ""}])
    assert rows == [{"schema": "", "name1": "A B", "name2": "", "score": 0.0}]


def test_screen_on_pandas(index: ScreenIndex) -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"full_name": ["Kim Jong Un", "Nobody Atall"],
                          "date_of_birth": ["1984-01-08", None]})
    out = screen(frame, index)
    assert list(out.columns[:5]) == ["query_row", "entity_id", "candidate_name", "score",
                                     "explanation"]
    assert out["query_row"].tolist() == [0]
    assert "born 1984-01-08" in out["explanation"][0]


def test_screen_needs_a_name_column(index: ScreenIndex) -> None:
    with pytest.raises(ScreenInputError, match="full_name or name"):
        screen([{"nom": "Kim"}], index)
    with pytest.raises(ScreenInputError, match="threshold"):
        screen([{"name": "Kim"}], index, threshold=1.5)


# --- commands -----------------------------------------------------------------------------------


def test_match_pairs_command_contract(tmp_path: Path) -> None:
    pairs = _write(tmp_path / "pairs.csv", ["case", "schema", "name1", "name2", "is_match"], [
        ["a", "Person", "Kim Jong Un", "김정은", "true"],
        ["b", "Company", "Brennock Steel Tubes Ltd", "Brennock Steel Wires Ltd", "false"],
        ["c", "Vessel", "MV Solenne Harbour", "Solenne Harbour", "true"],
        ["d", "", "", "", ""],
    ])
    out = tmp_path / "scored.csv"
    assert match_pairs_command(pairs, out) == 4
    header, rows = _read(out)
    assert header == ["schema", "name1", "name2", "score"]
    assert [r["name1"] for r in rows] == ["Kim Jong Un", "Brennock Steel Tubes Ltd",
                                          "MV Solenne Harbour", ""]
    scores = [float(r["score"]) for r in rows]
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert scores[0] >= DEFAULT_THRESHOLD > scores[1]


def test_screen_command_contract(tmp_path: Path, store_path: Path) -> None:
    queries = _write(tmp_path / "queries.csv",
                     ["full_name", "date_of_birth", "nationality", "gender", "schema"], [
                         ["Kim Jong Un", "1984-01-08", "North Korea", "male", ""],
                         ["Jane Nobody", "", "", "", ""],
                         ["Chon Ma San", "", "", "", "Vessel"],
                         ["KOMID", "", "", "", "Organization"],
                     ])
    out = tmp_path / "results.csv"
    count = screen_command(queries, store_path, out)
    header, rows = _read(out)
    assert header[:5] == ["query_row", "entity_id", "candidate_name", "score", "explanation"]
    assert "list_versions" in header
    assert count == len(rows)
    assert {r["query_row"] for r in rows} == {"0", "2", "3"}
    assert all(float(r["score"]) >= DEFAULT_THRESHOLD and r["explanation"] for r in rows)
    assert rows[0]["entity_id"] == "t-kim" and rows[0]["list_versions"] == "test@2026-01-01.1"
    ship_rows = [r for r in rows if r["query_row"] == "2"]
    assert ship_rows[0]["entity_id"] == "t-ship"  # the exact name before the numbered one
    versions = json.loads(Path(f"{out}.versions.json").read_text())
    assert versions["list_versions"][0]["version_id"] == "test@2026-01-01.1"


def test_screen_command_threshold_and_top(tmp_path: Path, store_path: Path) -> None:
    queries = _write(tmp_path / "q.csv", ["name", "schema"], [["Chon Ma San", "Vessel"]])
    everything = tmp_path / "all.csv"
    screen_command(queries, store_path, everything, threshold=0.0)
    _, rows = _read(everything)
    scores = [float(r["score"]) for r in rows]
    assert len(rows) >= 2 and scores == sorted(scores, reverse=True)
    top1 = tmp_path / "top1.csv"
    screen_command(queries, store_path, top1, threshold=0.0, top=1)
    assert len(_read(top1)[1]) == 1
    strict = tmp_path / "strict.csv"
    screen_command(queries, store_path, strict, threshold=0.999)
    assert all(float(r["score"]) >= 0.999 for r in _read(strict)[1])


@pytest.mark.parametrize(("content", "message"), [
    (b"nom,prenom\nKim,Jong\n", "full_name or name"),
    (b"", "empty"),
    (b"\x00\x01\x02binary", "binary"),
])
def test_bad_queries_are_refused_and_nothing_is_written(tmp_path: Path, store_path: Path,
                                                        content: bytes, message: str) -> None:
    queries = tmp_path / "queries.csv"
    queries.write_bytes(content)
    out = tmp_path / "results.csv"
    with pytest.raises(ScreenInputError, match=message):
        screen_command(queries, store_path, out)
    assert not out.exists() and not Path(f"{out}.versions.json").exists()


def test_bad_pairs_and_missing_store(tmp_path: Path) -> None:
    pairs = _write(tmp_path / "pairs.csv", ["schema", "left", "right"], [["Person", "a", "b"]])
    out = tmp_path / "scored.csv"
    with pytest.raises(ScreenInputError, match="name1, name2"):
        match_pairs_command(pairs, out)
    assert not out.exists()
    with pytest.raises(ScreenInputError, match="no such file"):
        match_pairs_command(tmp_path / "absent.csv", out)
    queries = _write(tmp_path / "q.csv", ["name"], [["Kim"]])
    with pytest.raises(ScreenInputError, match="no such store"):
        screen_command(queries, tmp_path / "absent.duckdb", out)
    assert not out.exists()


def test_cp1252_queries_are_read(tmp_path: Path, store_path: Path) -> None:
    queries = tmp_path / "q.csv"
    queries.write_bytes("name\nKim Jong Un\nJos\xe9 Mar\xeda\n".encode("cp1252"))
    out = tmp_path / "r.csv"
    screen_command(queries, store_path, out)
    assert _read(out)[1][0]["entity_id"] == "t-kim"


def test_typer_app_commands(tmp_path: Path, store_path: Path) -> None:
    from typer.testing import CliRunner

    from illicitflow.screen.cli import app

    queries = _write(tmp_path / "q.csv", ["name"], [["Kim Jong Un"]])
    out = tmp_path / "r.csv"
    result = CliRunner().invoke(app, ["screen", str(queries), "--store", str(store_path),
                                      "--out", str(out), "--top", "1"])
    assert result.exit_code == 0, result.output
    assert _read(out)[1][0]["entity_id"] == "t-kim"
    bad = _write(tmp_path / "bad.csv", ["x"], [["y"]])
    result = CliRunner().invoke(app, ["match-pairs", str(bad), "--out", str(tmp_path / "s.csv")])
    assert result.exit_code == 2
    assert not (tmp_path / "s.csv").exists()


def test_a_name_the_matcher_fails_on_stops_the_run_naming_the_row(
        tmp_path: Path, store_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a defect of the matcher on one name must not pass silently: the run stops, naming the
    # row and the name, and writes nothing
    from typer.testing import CliRunner

    from illicitflow.screen import api
    from illicitflow.screen.cli import app

    real_analyse, real_score = api.analyse, api.score_names

    def analyse(name: str, kind: str = "person", read: bool = True) -> object:
        if name == "Faulty Name":
            raise KeyError("faulty")
        return real_analyse(name, kind, read)

    def score_names(a: str, b: str, schema: str) -> float:
        if "Faulty Name" in (a, b):
            raise KeyError("faulty")
        return real_score(a, b, schema)

    monkeypatch.setattr(api, "analyse", analyse)
    monkeypatch.setattr(api, "score_names", score_names)
    queries = _write(tmp_path / "q.csv", ["name"], [["Kim Jong Un"], ["Faulty Name"]])
    out = tmp_path / "r.csv"
    with pytest.raises(ScreeningError, match=r"query row 1 \('Faulty Name', Person\).*KeyError"):
        screen_command(queries, store_path, out, workers=1)
    assert not out.exists() and not Path(f"{out}.versions.json").exists()
    result = CliRunner().invoke(app, ["screen", str(queries), "--store", str(store_path),
                                      "--out", str(out), "--workers", "1"])
    assert result.exit_code == 1 and "nothing was written" in result.output
    pairs = _write(tmp_path / "p.csv", ["schema", "name1", "name2"],
                   [["Person", "Kim", "Kim"], ["Company", "Acme", "Faulty Name"]])
    with pytest.raises(ScreeningError, match=r"pair row 1 \('Acme', 'Faulty Name', Company\)"):
        match_pairs_command(pairs, tmp_path / "s.csv")
    assert not (tmp_path / "s.csv").exists()


def test_workers_give_what_one_process_gives_and_share_the_tagger(
        index: ScreenIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    # from 2,000 queries (10,000 pairs) forked workers share the work: the same rows in the
    # same order as one process, and rigour's tagger is loaded once, before the fork
    from illicitflow.screen import api

    loaded: list[int] = []
    real_load = api.load_name_tagger
    monkeypatch.setattr(api, "load_name_tagger", lambda: (loaded.append(1), real_load()))
    names = ["Kim Jong Un", "Choe Ryong-hae", "Nobody Atall", "KOMID", "Jon Smith"]
    queries = [{"name": names[k % 5], "schema": "Organization" if k % 5 == 3 else "Person"}
               for k in range(2 * api.BATCH * 2 + 7)]
    one = screen(queries, index, workers=1)
    assert loaded == []
    two = screen(queries, index, workers=2)
    assert loaded == [1]
    assert two == one and len(one) >= len(queries) * 3 // 5
    pairs = [{"schema": "Person", "name1": names[k % 5], "name2": names[(k + 1) % 5]}
             for k in range(10_003)]
    assert match_pairs(pairs, workers=2) == match_pairs(pairs, workers=1)
    assert loaded == [1, 1]


# --- retrieval and tie-breaks -------------------------------------------------------------------

TYPO_ENTITIES = [
    {"id": "f-fakher", "schema": "Company", "lists": ["t"], "properties": {
        "name": ["AL FAKHER COMPANY"]}},
    {"id": "f-luch", "schema": "Company", "lists": ["t"], "properties": {
        "name": ["NPO LUCH, OAO"]}},
    *({"id": f"f-npo-{k}", "schema": "Company", "lists": ["t"], "properties": {
        "name": [f"NPO {word}"]}} for k, word in enumerate(
            ["OPTIKA", "SPLAV", "BAZALT", "IZHBS", "MASH", "ENERGIYA", "ALMAZ"])),
    *({"id": f"f-young-{k}", "schema": "Person", "lists": ["t"], "properties": {
        "name": [f"YOUNG, Yong {k}"]}} for k in range(40)),
    {"id": "f-vessel", "schema": "Vessel", "lists": ["t"], "properties": {
        "name": ["YOUNG YONG"]}},
    {"id": "f-abbas", "schema": "Person", "lists": ["t"], "properties": {
        "name": ["Muhammad ABBAS"]}},
    *({"id": f"f-mohamed-{k}", "schema": "Person", "lists": ["t"], "properties": {
        "name": [f"Mohamed {word} ABASI"]}} for k, word in enumerate(
            ["Ali", "Omar", "Hassan", "Yusuf", "Karim", "Salim", "Tariq"])),
    {"id": "f-sc", "schema": "Company", "lists": ["t"], "properties": {
        "name": ["S&C TRADE PTY CO., LTD"]}},
]


@pytest.fixture(scope="module")
def typo_index(tmp_path_factory: pytest.TempPathFactory) -> ScreenIndex:
    path = _store(tmp_path_factory.mktemp("typos") / "lists.duckdb", TYPO_ENTITIES, "t")
    with Store.open(path) as store:
        return ScreenIndex.for_store(store)


@pytest.mark.parametrize("query,schema,expected", [
    ("AL FAKcER COMPANY", "Company", "f-fakher"),  # the typo changes the skeleton (kh -> c)
    ("NPO LCUH", "Company", "f-luch"),  # a transposition in a four-letter word
    ("YOkNG YONG", "Vessel", "f-vessel"),  # forty persons come first unless schemas filter
    ("Mohamed ABBAS", "Person", "f-abbas"),  # Mohamed and Muhammad are one name
    ("S&C TRADE PTY", "Company", "f-sc"),  # particles and single letters weigh nothing
])
def test_retrieval_finds_what_the_matcher_would_accept(typo_index: ScreenIndex, query: str,
                                                       schema: str, expected: str) -> None:
    kind = {"Person": "person", "Vessel": "vessel"}.get(schema, "org")
    found = typo_index.search([analyse(query, kind)], ev.Evidence(), DEFAULT_THRESHOLD, 3,
                              schema)
    assert found and typo_index.entity_ids[found[0].entity_pos] == expected


def test_equal_scores_put_the_entry_written_like_the_query_first(tmp_path: Path) -> None:
    entities = [
        {"id": "a-1", "schema": "Company", "lists": ["t"], "properties": {
            "name": ["RASSVET, OAO"]}},
        {"id": "b-2", "schema": "Company", "lists": ["t"], "properties": {
            "name": ["LIMITED LIABILITY COMPANY RASSVET"]}},
    ]
    with Store.open(_store(tmp_path / "l.duckdb", entities, "t")) as store:
        index = ScreenIndex.for_store(store)
    found = index.search([analyse("LIMITED LIABILITY COMPANY RASSVET", "org")], ev.Evidence(),
                         0.5, None, "Company")
    assert index.entity_ids[found[0].entity_pos] == "b-2"
    assert found[0].score.score == found[1].score.score
