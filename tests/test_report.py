"""The HTML report of a world: built on a tiny hand-made world folder whose numbers are known."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from illicitflow.model import tables
from illicitflow.report.html import format_pct, format_usd, render_report, write_report

EVIL = "<script>alert(1)</script>"
UTC = dt.UTC

# entity id -> (role, stream, is_illicit, FtM schema, name)
ENTITIES = {
    "hub": ("hub", None, True, "Organization", "Bureau 39"),
    "rbank": ("regime_bank", None, True, "Company", "Korea Daesong Bank"),
    "rep": ("bank_representative", None, True, "Person", "Kim Chol"),
    "front": ("front_company", None, True, "Company", EVIL),
    "shell": ("shell_company", None, True, "Company", "Golden Star Trading Ltd"),
    "dip": ("diplomat", "methamphetamine", True, "Person", "Ri Myong"),
    "gang": ("crime_group", "methamphetamine", True, "Organization", "Kobe Group"),
    "buyer": ("buyer", "arms", True, "Company", "Desert Defence Supply"),
    "bda": ("complicit_bank", None, True, "Company", "Banco Delta"),
    "hsbc": ("bank", None, False, "Company", "Harbour Bank"),
    "c1": ("customer", None, False, "Person", "Alice Wong"),
    "c2": ("cash_business", None, False, "Company", "Lucky Noodle House"),
}
# account -> (bank, holder)
ACCOUNTS = {
    "A-dip": ("bda", "dip"),
    "A-front": ("bda", "front"),
    "A-shell": ("hsbc", "shell"),
    "A-rep": ("hsbc", "rep"),
    "A-hub": ("rbank", "hub"),
    "A-gang": ("hsbc", "gang"),
    "A-buyer": ("hsbc", "buyer"),
    "A-c1": ("hsbc", "c1"),
    "A-c2": ("bda", "c2"),
}
# id, payer, beneficiary, usd, channel, (illicit, stream, typology, instance, pattern, lookalike)
DRUGS = ("methamphetamine", "drugs_via_crime_group", "i1")
ARMS = ("arms", "arms_via_front", "i2")
TRANSACTIONS = [
    (1, None, "A-dip", "10000", "cash_deposit", (True, *DRUGS, "structuring", None)),
    (2, None, "A-dip", "9000", "cash_deposit", (True, *DRUGS, "structuring", None)),
    (3, "A-dip", "A-front", "19000", "wire", (True, *DRUGS, "rapid_pass_through", None)),
    (4, "A-front", "A-shell", "19000", "wire", (True, *DRUGS, "fan_out", None)),
    (5, "A-shell", "A-rep", "18000", "wire", (True, *DRUGS, "fan_in", None)),
    (6, "A-rep", "A-hub", "18000", "wire", (True, *DRUGS, None, None)),
    (7, "A-buyer", "A-front", "50000", "trade_settlement", (True, *ARMS, None, None)),
    (8, "A-front", "A-hub", "50000", "wire", (True, *ARMS, None, None)),
    (9, "A-c1", "A-c2", "1000", "card", (False, None, None, None, None, None)),
    (10, None, "A-c2", "9500", "cash_deposit", (False, None, None, None, None, "cash_business")),
    (11, None, "A-c2", "9400", "cash_deposit", (False, None, None, None, None, "cash_business")),
    (12, "A-c2", "A-c1", "500", "wire", (False, None, None, None, None, "diplomat_salary")),
]

MONTHS = [dt.date(2005 + i // 12, i % 12 + 1, 1) for i in range(24)]
POLICY_FROM = dt.date(2005, 9, 1)


def _revenue(with_policy: bool) -> list[dict]:
    """Meth $100k and arms $50k a month; under bda_311 meth drops to $40k from Sep 2005."""
    rows = []
    for month in MONTHS:
        for stream, usd in (("methamphetamine", 100_000), ("arms", 50_000)):
            rows.append(
                {"month": month, "stream": stream, "usd": Decimal(usd), "policy": "baseline"}
            )
            if with_policy:
                cut = stream == "methamphetamine" and month >= POLICY_FROM
                rows.append(
                    {
                        "month": month,
                        "stream": stream,
                        "usd": Decimal(40_000 if cut else usd),
                        "policy": "bda_311",
                    }
                )
    return rows


def _books(with_policy: bool) -> list[dict]:
    def row(policy, stream, proceeds, delivered, costs, frozen, in_transit):
        values = (proceeds, delivered, costs, frozen, in_transit)
        keys = ("proceeds", "delivered", "costs", "frozen", "in_transit")
        return {
            "policy": policy,
            "stream": stream,
            **{k: Decimal(v) for k, v in zip(keys, values, strict=True)},
        }

    rows = [
        row("baseline", "methamphetamine", 3_000_000, 2_400_000, 500_000, 0, 100_000),
        row("baseline", "arms", 1_500_000, 1_200_000, 300_000, 0, 0),
    ]
    if with_policy:
        rows += [
            row("bda_311", "methamphetamine", 3_000_000, 1_500_000, 500_000, 900_000, 100_000),
            row("bda_311", "arms", 1_500_000, 1_200_000, 300_000, 0, 0),
        ]
    return rows


def _write(path: Path, rows: list[dict], schema: pa.Schema) -> None:
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path)


def make_world(root: Path, with_policy: bool = True) -> Path:
    """A world folder in the layout `illicitflow simulate` writes (a quote in its name, too)."""
    world = root / "it's a world"
    world.mkdir()
    manifest = {
        "scenario": "tiny",
        "seed": 7,
        "arguments": {"transactions": len(TRANSACTIONS)},
        "version": "0.1.0",
        "policy": "bda_311" if with_policy else None,
        "period": {"start": "2005-01-01", "end": "2006-12-31"},
        "counts": {"transactions": len(TRANSACTIONS)},
    }
    (world / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    tx, truth = [], []
    for i, (tid, payer, beneficiary, usd, channel, t) in enumerate(TRANSACTIONS):
        when = dt.datetime(2005, 3, 1, tzinfo=UTC) + dt.timedelta(days=i)
        tx.append(
            {
                "transaction_id": tid,
                "timestamp": when,
                "payer_account": payer,
                "payer_bank": ACCOUNTS[payer][0] if payer else None,
                "beneficiary_account": beneficiary,
                "beneficiary_bank": ACCOUNTS[beneficiary][0] if beneficiary else None,
                "amount": Decimal(usd),
                "currency": "USD",
                "amount_usd": Decimal(usd),
                "channel": channel,
                "reference": f"ref {tid}",
            }
        )
        keys = ("is_illicit", "stream", "typology", "instance_id", "pattern", "lookalike")
        truth.append({"transaction_id": tid, **dict(zip(keys, t, strict=True))})
    _write(world / "transactions.parquet", tx, tables.TRANSACTIONS)
    _write(world / "truth_transactions.parquet", truth, tables.TRUTH_TRANSACTIONS)
    _write(
        world / "accounts.parquet",
        [
            {
                "account_id": a,
                "bank_id": b,
                "holder_id": h,
                "currency": "USD",
                "opened": dt.date(2004, 1, 1),
            }
            for a, (b, h) in ACCOUNTS.items()
        ],
        tables.ACCOUNTS,
    )
    _write(
        world / "truth_entities.parquet",
        [
            {"entity_id": e, "role": r, "stream": s, "is_illicit": ill}
            for e, (r, s, ill, _, _) in ENTITIES.items()
        ],
        tables.TRUTH_ENTITIES,
    )
    _write(world / "revenue.parquet", _revenue(with_policy), tables.REVENUE)
    _write(world / "truth_books.parquet", _books(with_policy), tables.BOOKS)
    _write(world / "shipments.parquet", [], tables.SHIPMENTS)
    with (world / "entities.ftm.jsonl").open("w", encoding="utf-8") as f:
        for e, (_, _, _, schema, name) in ENTITIES.items():
            f.write(json.dumps({"id": e, "schema": schema, "properties": {"name": [name]}}) + "\n")
        for a, (_bank, h) in ACCOUNTS.items():
            f.write(
                json.dumps({"id": a, "schema": "BankAccount", "properties": {"accountNumber": [a]}})
                + "\n"
            )
            f.write(
                json.dumps(
                    {
                        "id": f"own-{a}",
                        "schema": "Ownership",
                        "properties": {"owner": [h], "asset": [a]},
                    }
                )
                + "\n"
            )
    return world


class _Tables(HTMLParser):
    """Rows of every table with an id, as lists of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._table = dict(attrs).get("id")
            if self._table:
                self.tables[self._table] = []
        elif tag == "tr" and self._table:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table:
            self.tables[self._table].append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def tables_of(html: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> Path:
    return make_world(tmp_path_factory.mktemp("policy"))


@pytest.fixture(scope="module")
def report(world, tmp_path_factory) -> str:
    out = write_report(world, tmp_path_factory.mktemp("out") / "sub" / "report.html")
    assert out.is_file()
    return out.read_text(encoding="utf-8")


def test_money_and_percent_formats():
    assert format_usd(Decimal("950")) == "$950"
    assert format_usd(45_600) == "$45.6k"
    assert format_usd(12_340_000) == "$12.3M"
    assert format_usd(1_234_000_000) == "$1.2B"
    assert format_usd(999_960) == "$1.0M"
    assert format_usd(-720_000) == "-$720.0k"
    assert format_usd(0) == "$0"
    assert format_usd(None) == "—"
    assert format_pct(60) == "60.0%"
    assert format_pct(None) == "—"


def test_report_is_one_self_contained_file(report):
    assert report.startswith("<!DOCTYPE html>")
    assert "<script" not in report.lower()  # no JavaScript at all, not even the evil name
    assert "http://" not in report.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in report
    assert "<link" not in report and "@import" not in report


def test_data_strings_are_escaped(report):
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in report
    assert EVIL not in report


def test_header(report):
    assert "tiny" in report and "Seed 7" in report
    assert "2005-01-01" in report and "2006-12-31" in report
    assert ">12<" in report  # transactions
    assert "66.67%" in report  # 8 of 12 transactions are illicit
    years = tables_of(report)["delivered-per-year"]
    assert years[0] == ["Year", "Baseline", "With bda_311"]
    # baseline: 12 x $150k; with the policy 2005: 8 x $150k + 4 x $90k, 2006: 12 x $90k
    assert years[1] == ["2005", "$1.8M", "$1.6M"]
    assert years[2] == ["2006", "$1.8M", "$1.1M"]


def test_network_picture(report):
    svg = report[report.index('<section id="network">') : report.index('<section id="revenue">')]
    assert "<svg" in svg and 'aria-label="Illicit money flows between roles"' in svg
    for role in (
        "methamphetamine",
        "buyer",
        "diplomat",
        "front company",
        "shell company",
        "bank representative",
        "hub",
    ):
        assert f">{role}</text>" in svg, role
    for layer in (
        "Revenue streams",
        "Sale counterparties",
        "Placement",
        "Fronts",
        "Layering",
        "Repatriation",
        "Hub",
    ):
        assert layer in svg
    flows = {(r[0], r[1]): (r[2], r[3]) for r in tables_of(report)["flows"][1:]}
    assert flows[("methamphetamine", "diplomat")] == ("$19.0k", "2")  # two cash deposits
    assert flows[("buyer", "front company")] == ("$50.0k", "1")
    assert flows[("front company", "hub")] == ("$50.0k", "1")
    assert ("customer", "cash business") not in flows  # legitimate money stays out
    # a band from the stream to the diplomats, a band from the buyer to the fronts
    assert 'data-src="stream:methamphetamine" data-dst="role:diplomat"' in svg
    assert 'data-src="role:buyer" data-dst="role:front_company"' in svg


def test_chokepoints_and_counts(report):
    rows = tables_of(report)["chokepoints"][1:]
    # the front received 19k + 50k and paid out 19k + 50k: the top chokepoint
    assert rows[0][1].startswith(EVIL) and rows[0][2] == "front company"
    assert rows[0][4:8] == ["$69.0k", "$69.0k", "$69.0k", "4"]
    assert rows[1][1].startswith("Bureau 39") and rows[1][4] == "$68.0k"
    assert len(rows) == 6  # every entity with an illicit leg, legitimate ones not
    banks = tables_of(report)["banks"][1:]
    assert banks[0][0].startswith("Banco Delta") and banks[0][2] == "$88.0k"
    # Banco Delta's cash deposits: $19k illicit of $37.9k
    assert banks[0][5] == "50.1%"
    assert "Partner crime groups" in report and "Front and shell companies" in report


def test_typology_counts(report):
    t = tables_of(report)
    assert t["typology-counts"][1:] == [
        ["arms via front", "1", "2", "$100.0k"],
        ["drugs via crime group", "1", "6", "$93.0k"],
    ]
    patterns = {r[0]: r[1:] for r in t["pattern-counts"][1:]}
    assert patterns["structuring"] == ["1", "2", "$19.0k"]
    assert patterns["(none)"] == ["2", "3", "$118.0k"]
    assert t["lookalike-counts"][1:] == [
        ["cash business", "2", "$18.9k"],
        ["diplomat salary", "1", "$500"],
    ]


def test_policy_effect(report):
    assert "no-policy" not in report
    assert "policy effect from 2005-09" in report
    rows = tables_of(report)["policy-1"]
    # 12 months Sep 2005 - Aug 2006: meth 12 x $100k vs 12 x $40k; arms unchanged
    assert rows[1:] == [
        ["methamphetamine", "$1.2M", "$480.0k", "$720.0k", "60.0%"],
        ["arms", "$600.0k", "$600.0k", "$0", "0.0%"],
        ["all streams", "$1.8M", "$1.1M", "$720.0k", "40.0%"],
    ]
    assert "2005-09" in report and "2006-08" in report


def test_books(report):
    rows = tables_of(report)["books-table"][1:]
    assert ["baseline", "methamphetamine", "$3.0M", "$2.4M", "$500.0k", "$0", "$100.0k"] in rows
    assert ["bda_311", "methamphetamine", "$3.0M", "$1.5M", "$500.0k", "$900.0k", "$100.0k"] in rows
    assert ["bda_311", "all streams", "$4.5M", "$2.7M", "$800.0k", "$900.0k", "$100.0k"] in rows
    assert "⚠" not in report


def test_revenue_chart(report):
    section = report[report.index('<section id="revenue">') : report.index('<section id="policy">')]
    assert "<svg" in section and "USD delivered per month" in section
    assert section.count("<rect") == 48  # 24 months x 2 streams
    assert "methamphetamine ($2.4M)" in section and "arms ($1.2M)" in section


def test_roles_and_streams_from_data_are_escaped_in_the_svg(tmp_path):
    world = make_world(tmp_path)
    entities = pq.read_table(world / "truth_entities.parquet").to_pylist()
    for row in entities:
        if row["entity_id"] == "shell":
            row["role"] = '"><b>shell</b>'
    _write(world / "truth_entities.parquet", entities, tables.TRUTH_ENTITIES)
    truth = pq.read_table(world / "truth_transactions.parquet").to_pylist()
    for row in truth:
        if row["stream"] == "methamphetamine":
            row["stream"] = "<i>ice</i>"
    _write(world / "truth_transactions.parquet", truth, tables.TRUTH_TRANSACTIONS)
    html = render_report(world)
    assert "<b>" not in html and "<i>" not in html
    assert "&#34;&gt;&lt;b&gt;shell&lt;/b&gt;</text>" in html  # an unknown role: drawn, escaped
    assert "&lt;i&gt;ice&lt;/i&gt;</text>" in html


def test_no_policy(tmp_path):
    html = render_report(make_world(tmp_path, with_policy=False))
    assert "This world ran without a policy" in html
    assert "policy-1" not in html
    assert tables_of(html)["delivered-per-year"][0] == ["Year", "Baseline"]


def test_deterministic(world, report, tmp_path):
    assert render_report(world) == report
    out = write_report(world, tmp_path)  # a folder gets index.html
    assert out == tmp_path / "index.html" and out.read_text(encoding="utf-8") == report


def test_empty_world_folder(tmp_path):
    html = render_report(tmp_path)
    assert "There are no illicit transactions" in html
    assert "This world ran without a policy" in html
    with pytest.raises(FileNotFoundError):
        render_report(tmp_path / "missing")
