"""HTML report of a simulated world: one self-contained file a compliance analyst can open offline.

`write_report(world_dir, out)` reads the folder written by `illicitflow simulate` (its tables and
its ground truth) and writes one HTML file: no JavaScript, no network fonts or stylesheets, charts
as inline SVG drawn here. Every string that comes from the data is HTML-escaped (Jinja2 autoescape
for the page, `markupsafe.escape` inside the SVG). Files are read through DuckDB's Python API, so
no path or value is ever spliced into SQL text. The same world gives the same bytes.

The report reads the ground truth: it describes the world, it is not a detector's view.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
from jinja2 import Environment, StrictUndefined
from markupsafe import Markup, escape

from illicitflow.model import tables

__all__ = ["format_pct", "format_usd", "render_report", "write_report"]

BASELINE = "baseline"

#: Columns of the network picture, left to right. Front companies get a column of their own
#: between placement and layering: they take money in (a buyer pays a front's invoice, a
#: diplomat wires cash on) and pass it to shells or home, so they belong to both stages.
LAYERS = (
    "Revenue streams",
    "Sale counterparties",
    "Placement",
    "Fronts",
    "Layering",
    "Repatriation",
    "Hub",
)

#: Column of each role in the network picture. Roles not listed (the lists are open) go to
#: `_OTHER_LAYER`, the layering column.
ROLE_LAYER: dict[str, int] = {
    # who pays for the goods, or buys them from the regime
    "crime_group": 1,
    "crime_group_member": 1,
    "distributor": 1,
    "buyer": 1,
    "customer": 1,
    "vessel": 1,
    # who first puts the cash into the banking system
    "official": 2,
    "bureaucrat": 2,
    "diplomat": 2,
    "honest_diplomat": 2,
    "embassy": 2,
    "mission": 2,
    "courier": 2,
    "complicit_bank": 2,
    "bank": 2,
    "cash_business": 2,
    "front_company": 3,
    # who moves it on
    "shell_company": 4,
    "firm": 4,
    "import_firm": 4,
    # who sends it home
    "bank_representative": 5,
    "regime_bank": 5,
    "hub": 6,
}
_OTHER_LAYER = 4
_CASH_LAYER = 5  # cash taken out of an account travels home by courier or in a diplomatic bag

_STREAM_COLORS = (
    "#4e79a7",
    "#e15759",
    "#59a14f",
    "#f28e2b",
    "#b07aa1",
    "#76b7b2",
    "#edc948",
    "#9c755f",
    "#ff9da7",
    "#2f4b7c",
    "#a0cbe8",
    "#8cd17d",
    "#bab0ac",
    "#d37295",
)
_LAYER_COLORS = ("#4e79a7", "#9c6b30", "#b5483f", "#c46a2f", "#6f4e9c", "#2f6f8f", "#1f2a36")
_CASH_COLOR = "#7f7f7f"
_BASELINE_COLOR = "#4e79a7"
_POLICY_COLORS = ("#e15759", "#f28e2b", "#59a14f", "#b07aa1")

_TEMPLATE = "template.html"


# --------------------------------------------------------------------------------------------
# formatting


def format_usd(value: Decimal | float | int | None) -> str:
    """Money as people read it: $950, $45.6k, $12.3M, $1.2B; '—' for no value."""
    if value is None:
        return "—"
    v = float(value)
    a = abs(v)
    if a < 999.5:
        text = f"${a:.0f}"
        return text if text == "$0" or v >= 0 else "-" + text
    text = ""
    for div, suffix in ((1e3, "k"), (1e6, "M"), (1e9, "B"), (1e12, "T")):
        text = f"${a / div:.1f}{suffix}"
        if round(a / div, 1) < 1000:
            break
    return "-" + text if v < 0 else text


def format_pct(value: float | None, digits: int = 1) -> str:
    """A share already in percent: 12.3%; '—' when it is undefined."""
    if value is None or not math.isfinite(value):
        return "—"
    text = f"{value:.{digits}f}%"
    return "0.0%" if text in ("-0.0%", "-0%") else text


def _pretty(name: str) -> str:
    return name.replace("_", " ")


def _f(x: float) -> str:
    """An SVG coordinate: one decimal, never '-0.0'."""
    text = f"{x:.1f}"
    return "0.0" if text == "-0.0" else text


def _month_label(month: dt.date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def _add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


# --------------------------------------------------------------------------------------------
# reading the world


_FILES: dict[str, tuple[str, pa.Schema]] = {
    "tx": ("transactions.parquet", tables.TRANSACTIONS),
    "truth_tx": ("truth_transactions.parquet", tables.TRUTH_TRANSACTIONS),
    "accounts": ("accounts.parquet", tables.ACCOUNTS),
    "truth_entities": ("truth_entities.parquet", tables.TRUTH_ENTITIES),
    "revenue": ("revenue.parquet", tables.REVENUE),
    "books": ("truth_books.parquet", tables.BOOKS),
}


def _connect(world_dir: Path) -> tuple[duckdb.DuckDBPyConnection, list[str]]:
    """An in-memory DuckDB with one view per world table; a missing file becomes an empty table."""
    con = duckdb.connect(":memory:")
    missing: list[str] = []
    for view, (filename, schema) in _FILES.items():
        path = world_dir / filename
        if path.is_file():
            con.read_parquet(str(path)).create_view(view)
        else:
            missing.append(filename)
            con.register(view, schema.empty_table())
    # one holder per account, with its role (or 'unknown' when the truth does not name one)
    con.execute(
        """
        CREATE TEMP VIEW holder AS
        SELECT DISTINCT ON (a.account_id)
               a.account_id, a.holder_id, coalesce(e.role, 'unknown') AS role
        FROM accounts a
        LEFT JOIN (SELECT DISTINCT ON (entity_id) entity_id, role
                   FROM truth_entities ORDER BY entity_id, role) e
               ON e.entity_id = a.holder_id
        ORDER BY a.account_id, a.holder_id
        """
    )
    con.execute(
        """
        CREATE TEMP VIEW illicit AS
        SELECT t.transaction_id, t.payer_account, t.beneficiary_account, t.beneficiary_bank,
               t.amount_usd, t.channel, tt.stream
        FROM tx t
        JOIN (SELECT DISTINCT ON (transaction_id) * FROM truth_tx
              ORDER BY transaction_id) tt USING (transaction_id)
        WHERE tt.is_illicit
        """
    )
    return con, missing


def _read_manifest(world_dir: Path) -> dict[str, Any]:
    path = world_dir / "manifest.json"
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return data if isinstance(data, dict) else {}


def _entity_names(world_dir: Path, wanted: set[str]) -> dict[str, str]:
    """First name of each wanted entity in entities.ftm.jsonl (the id when it has none)."""
    path = world_dir / "entities.ftm.jsonl"
    names: dict[str, str] = {}
    if not wanted or not path.is_file():
        return names
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            line = line.strip()
            if not line:
                continue
            try:
                entity = json.loads(line)
            except json.JSONDecodeError:
                continue
            entity_id = entity.get("id") if isinstance(entity, dict) else None
            if entity_id not in wanted or entity_id in names:
                continue
            properties = entity.get("properties") or {}
            values = properties.get("name") or []
            if values:
                names[entity_id] = str(values[0])
    return names


# --------------------------------------------------------------------------------------------
# queries


def _summary(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    n, n_illicit, usd, usd_illicit = con.execute(
        """
        SELECT count(*),
               count(*) FILTER (WHERE tt.is_illicit),
               coalesce(sum(t.amount_usd), 0),
               coalesce(sum(t.amount_usd) FILTER (WHERE tt.is_illicit), 0)
        FROM tx t
        LEFT JOIN (SELECT DISTINCT ON (transaction_id) * FROM truth_tx
                   ORDER BY transaction_id) tt USING (transaction_id)
        """
    ).fetchone()
    return {
        "transactions": n,
        "illicit_transactions": n_illicit,
        "usd": usd,
        "illicit_usd": usd_illicit,
        "share_count": 100.0 * n_illicit / n if n else None,
        "share_usd": 100.0 * float(usd_illicit) / float(usd) if usd else None,
    }


def _flows(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, Decimal, int]]:
    """Illicit USD between nodes: 'stream:X', 'role:X' or 'cash:withdrawn'."""
    rows = con.execute(
        """
        SELECT CASE WHEN i.payer_account IS NULL
                    THEN 'stream:' || coalesce(i.stream, 'unattributed')
                    ELSE 'role:' || coalesce(p.role, 'unknown') END AS src,
               CASE WHEN i.beneficiary_account IS NULL THEN 'cash:withdrawn'
                    ELSE 'role:' || coalesce(b.role, 'unknown') END AS dst,
               sum(i.amount_usd) AS usd,
               count(*) AS n
        FROM illicit i
        LEFT JOIN holder p ON p.account_id = i.payer_account
        LEFT JOIN holder b ON b.account_id = i.beneficiary_account
        GROUP BY ALL
        ORDER BY usd DESC, src, dst
        """
    ).fetchall()
    return [(src, dst, usd, n) for src, dst, usd, n in rows]


def _chokepoints(con: duckdb.DuckDBPyConnection, limit: int = 15) -> list[dict[str, Any]]:
    rows = con.execute(
        """
        WITH legs AS (
            SELECT p.holder_id AS entity_id, CAST(0 AS DECIMAL(38, 2)) AS usd_in,
                   CAST(i.amount_usd AS DECIMAL(38, 2)) AS usd_out
            FROM illicit i JOIN holder p ON p.account_id = i.payer_account
            UNION ALL
            SELECT b.holder_id, CAST(i.amount_usd AS DECIMAL(38, 2)), CAST(0 AS DECIMAL(38, 2))
            FROM illicit i JOIN holder b ON b.account_id = i.beneficiary_account
        )
        SELECT l.entity_id, coalesce(e.role, 'unknown') AS role, e.stream,
               sum(l.usd_in) AS usd_in, sum(l.usd_out) AS usd_out,
               greatest(sum(l.usd_in), sum(l.usd_out)) AS through, count(*) AS n
        FROM legs l
        LEFT JOIN (SELECT DISTINCT ON (entity_id) * FROM truth_entities
                   ORDER BY entity_id, role) e USING (entity_id)
        GROUP BY ALL
        ORDER BY through DESC, l.entity_id
        LIMIT ?
        """,
        [limit],
    ).fetchall()
    keys = ("entity_id", "role", "stream", "usd_in", "usd_out", "through", "transactions")
    return [dict(zip(keys, row, strict=True)) for row in rows]


def _banks(con: duckdb.DuckDBPyConnection, limit: int = 10) -> list[dict[str, Any]]:
    """Banks where illicit money arrived, with the illicit share of their cash deposits."""
    rows = con.execute(
        """
        WITH incoming AS (
            SELECT t.beneficiary_bank AS bank_id, t.amount_usd, t.channel,
                   coalesce(tt.is_illicit, false) AS illicit
            FROM tx t
            LEFT JOIN (SELECT DISTINCT ON (transaction_id) * FROM truth_tx
                       ORDER BY transaction_id) tt USING (transaction_id)
            WHERE t.beneficiary_bank IS NOT NULL
        )
        SELECT i.bank_id, coalesce(e.role, 'unknown') AS role,
               sum(i.amount_usd) FILTER (WHERE i.illicit) AS illicit_usd,
               count(*) FILTER (WHERE i.illicit) AS illicit_n,
               sum(i.amount_usd) AS all_usd,
               coalesce(sum(i.amount_usd) FILTER (WHERE i.illicit
                                                    AND i.channel = 'cash_deposit'), 0) AS ill_cash,
               coalesce(sum(i.amount_usd) FILTER (WHERE i.channel = 'cash_deposit'), 0) AS all_cash
        FROM incoming i
        LEFT JOIN (SELECT DISTINCT ON (entity_id) * FROM truth_entities
                   ORDER BY entity_id, role) e ON e.entity_id = i.bank_id
        GROUP BY ALL
        HAVING count(*) FILTER (WHERE i.illicit) > 0
        ORDER BY illicit_usd DESC, i.bank_id
        LIMIT ?
        """,
        [limit],
    ).fetchall()
    banks = []
    for bank_id, role, illicit_usd, illicit_n, all_usd, ill_cash, all_cash in rows:
        banks.append(
            {
                "bank_id": bank_id,
                "role": role,
                "illicit_usd": illicit_usd,
                "transactions": illicit_n,
                "share_usd": 100.0 * float(illicit_usd) / float(all_usd) if all_usd else None,
                "share_cash": 100.0 * float(ill_cash) / float(all_cash) if all_cash else None,
            }
        )
    return banks


def _role_counts(con: duckdb.DuckDBPyConnection) -> list[tuple[str, bool, int]]:
    return con.execute(
        """
        SELECT role, is_illicit, count(DISTINCT entity_id) AS n
        FROM truth_entities
        GROUP BY ALL
        ORDER BY is_illicit DESC, n DESC, role
        """
    ).fetchall()


def _revenue(con: duckdb.DuckDBPyConnection) -> list[tuple[dt.date, str, str, Decimal]]:
    return con.execute(
        """
        SELECT CAST(date_trunc('month', month) AS DATE) AS month, stream, policy, sum(usd)
        FROM revenue
        GROUP BY ALL
        ORDER BY month, stream, policy
        """
    ).fetchall()


def _breakdown(con: duckdb.DuckDBPyConnection, column: str) -> list[dict[str, Any]]:
    """Illicit transactions per typology or pattern: instances, transactions, USD."""
    queries = {
        "typology": """
            SELECT coalesce(tt.typology, '(none)') AS k, count(DISTINCT tt.instance_id),
                   count(*), coalesce(sum(t.amount_usd), 0) AS usd
            FROM truth_tx tt LEFT JOIN tx t USING (transaction_id)
            WHERE tt.is_illicit GROUP BY ALL ORDER BY usd DESC, k""",
        "pattern": """
            SELECT coalesce(tt.pattern, '(none)') AS k, count(DISTINCT tt.instance_id),
                   count(*), coalesce(sum(t.amount_usd), 0) AS usd
            FROM truth_tx tt LEFT JOIN tx t USING (transaction_id)
            WHERE tt.is_illicit GROUP BY ALL ORDER BY usd DESC, k""",
        "lookalike": """
            SELECT tt.lookalike AS k, count(DISTINCT tt.instance_id),
                   count(*), coalesce(sum(t.amount_usd), 0) AS usd
            FROM truth_tx tt LEFT JOIN tx t USING (transaction_id)
            WHERE tt.lookalike IS NOT NULL GROUP BY ALL ORDER BY usd DESC, k""",
    }
    rows = con.execute(queries[column]).fetchall()
    keys = ("name", "instances", "transactions", "usd")
    return [dict(zip(keys, row, strict=True)) for row in rows]


def _books(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    rows = con.execute(
        """
        SELECT policy, stream, sum(proceeds), sum(delivered), sum(costs), sum(frozen),
               sum(in_transit)
        FROM books
        GROUP BY policy, stream
        ORDER BY policy <> 'baseline', policy, stream
        """
    ).fetchall()
    keys = ("proceeds", "delivered", "costs", "frozen", "in_transit")
    groups: dict[str, list[dict[str, Any]]] = {}
    for policy, stream, *values in rows:
        groups.setdefault(policy, []).append(
            {"stream": stream, **dict(zip(keys, values, strict=True))}
        )
    out = []
    for policy, streams in groups.items():
        total = {k: sum((s[k] for s in streams), Decimal(0)) for k in keys}
        out.append({"policy": policy, "streams": streams, "total": total})
    for group in out:
        for row in [*group["streams"], group["total"]]:
            row["balanced"] = row["proceeds"] == (
                row["delivered"] + row["costs"] + row["frozen"] + row["in_transit"]
            )
    return out


# --------------------------------------------------------------------------------------------
# SVG building blocks


def _nice_step(max_value: float, ticks: int = 5) -> float:
    if max_value <= 0:
        return 1.0
    raw = max_value / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if m * magnitude >= raw:
            return m * magnitude
    return 10 * magnitude


@dataclass
class _Frame:
    """Plot area of a month-by-USD chart."""

    months: list[dt.date]
    y_max: float
    width: float = 1000.0
    height: float = 330.0
    left: float = 78.0
    right: float = 16.0
    top: float = 14.0
    bottom: float = 46.0
    parts: list[str] = field(default_factory=list)

    @property
    def plot_w(self) -> float:
        return self.width - self.left - self.right

    @property
    def plot_h(self) -> float:
        return self.height - self.top - self.bottom

    @property
    def slot(self) -> float:
        return self.plot_w / max(len(self.months), 1)

    def x_center(self, i: int) -> float:
        return self.left + (i + 0.5) * self.slot

    def y(self, value: float) -> float:
        return self.top + self.plot_h * (1 - value / self.y_max)


def _frame(months: list[dt.date], max_value: float, y_title: str) -> _Frame:
    step = _nice_step(max_value)
    y_max = step * max(1, math.ceil(max_value / step - 1e-9))
    fr = _Frame(months=months, y_max=y_max)
    p = fr.parts
    # horizontal grid and y labels
    value = 0.0
    while value <= y_max + step / 2:
        y = fr.y(value)
        p.append(
            f'<line x1="{_f(fr.left)}" y1="{_f(y)}" x2="{_f(fr.width - fr.right)}" y2="{_f(y)}" '
            f'class="grid"/>'
        )
        p.append(
            f'<text x="{_f(fr.left - 6)}" y="{_f(y + 4)}" text-anchor="end" class="tick">'
            f"{escape(format_usd(value))}</text>"
        )
        value += step
    # x ticks: years at January, quarters when the period is short
    short = len(months) <= 36
    for i, month in enumerate(months):
        x = fr.x_center(i)
        base = fr.top + fr.plot_h
        if month.month == 1 or i == 0:
            p.append(
                f'<line x1="{_f(x)}" y1="{_f(base)}" x2="{_f(x)}" y2="{_f(base + 5)}" '
                f'class="axis"/>'
            )
            label = str(month.year) if month.month == 1 else _month_label(month)
            p.append(
                f'<text x="{_f(x)}" y="{_f(base + 18)}" text-anchor="middle" class="tick">'
                f"{escape(label)}</text>"
            )
        elif short and month.month in (4, 7, 10):
            p.append(
                f'<line x1="{_f(x)}" y1="{_f(base)}" x2="{_f(x)}" y2="{_f(base + 3)}" '
                f'class="axis"/>'
            )
            p.append(
                f'<text x="{_f(x)}" y="{_f(base + 16)}" text-anchor="middle" '
                f'class="tick minor">{month.strftime("%b")}</text>'
            )
    base = fr.top + fr.plot_h
    p.append(
        f'<line x1="{_f(fr.left)}" y1="{_f(base)}" x2="{_f(fr.width - fr.right)}" '
        f'y2="{_f(base)}" class="axis"/>'
    )
    p.append(
        f'<line x1="{_f(fr.left)}" y1="{_f(fr.top)}" x2="{_f(fr.left)}" y2="{_f(base)}" '
        f'class="axis"/>'
    )
    p.append(
        f'<text x="{_f(fr.left + fr.plot_w / 2)}" y="{_f(fr.height - 6)}" '
        f'text-anchor="middle" class="axis-title">Month</text>'
    )
    cy = fr.top + fr.plot_h / 2
    p.append(
        f'<text x="14" y="{_f(cy)}" transform="rotate(-90 14 {_f(cy)})" '
        f'text-anchor="middle" class="axis-title">{escape(y_title)}</text>'
    )
    return fr


def _svg(fr_or_size: _Frame | tuple[float, float], body: list[str], label: str) -> Markup:
    if isinstance(fr_or_size, _Frame):
        width, height = fr_or_size.width, fr_or_size.height
    else:
        width, height = fr_or_size
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_f(width)} {_f(height)}" '
        f'role="img" aria-label="{escape(label)}" class="chart">' + "".join(body) + "</svg>"
    )


def _month_range(first: dt.date, last: dt.date) -> list[dt.date]:
    months = []
    month = dt.date(first.year, first.month, 1)
    while month <= last:
        months.append(month)
        month = _add_months(month, 1)
    return months


def _stacked_bars(
    months: list[dt.date], series: list[tuple[str, str, dict[dt.date, float]]], label: str
) -> Markup:
    """Stacked monthly bars: series is (name, colour, month -> USD)."""
    totals = [sum(max(values.get(m, 0.0), 0.0) for _, _, values in series) for m in months]
    fr = _frame(months, max(totals, default=0.0), "USD delivered per month")
    body = list(fr.parts)
    bar_w = fr.slot * 0.78
    for i, month in enumerate(months):
        stacked = 0.0
        for name, color, values in series:
            value = max(values.get(month, 0.0), 0.0)
            if value <= 0:
                continue
            y_top = fr.y(stacked + value)
            y_bottom = fr.y(stacked)
            stacked += value
            body.append(
                f'<rect x="{_f(fr.x_center(i) - bar_w / 2)}" y="{_f(y_top)}" '
                f'width="{_f(bar_w)}" height="{_f(max(y_bottom - y_top, 0.0))}" '
                f'fill="{color}"><title>{escape(_month_label(month))} {escape(_pretty(name))}: '
                f"{escape(format_usd(value))}</title></rect>"
            )
    return _svg(fr, body, label)


def _line_chart(
    months: list[dt.date],
    series: list[tuple[str, str, dict[dt.date, float]]],
    marker: dt.date | None,
    label: str,
) -> Markup:
    """Monthly lines: series is (name, colour, month -> USD); a month missing is a gap."""
    peak = max((v for _, _, values in series for v in values.values()), default=0.0)
    fr = _frame(months, max(peak, 0.0), "USD delivered per month")
    body = list(fr.parts)
    index = {m: i for i, m in enumerate(months)}
    if marker is not None and marker in index:
        x = fr.x_center(index[marker]) - fr.slot / 2
        body.append(
            f'<line x1="{_f(x)}" y1="{_f(fr.top)}" x2="{_f(x)}" '
            f'y2="{_f(fr.top + fr.plot_h)}" class="marker"/>'
        )
        body.append(
            f'<text x="{_f(x + 4)}" y="{_f(fr.top + 12)}" class="marker-label">'
            f"policy effect from {escape(_month_label(marker))}</text>"
        )
    for name, color, values in series:
        runs: list[list[str]] = [[]]
        for i, month in enumerate(months):
            if month in values:
                runs[-1].append(f"{_f(fr.x_center(i))},{_f(fr.y(values[month]))}")
            elif runs[-1]:
                runs.append([])
        for run in runs:
            if len(run) == 1:
                x, y = run[0].split(",")
                body.append(f'<circle cx="{x}" cy="{y}" r="2.5" fill="{color}"/>')
            elif run:
                body.append(
                    f'<polyline points="{" ".join(run)}" fill="none" stroke="{color}" '
                    f'stroke-width="2.2"><title>{escape(name)}</title></polyline>'
                )
    return _svg(fr, body, label)


# --------------------------------------------------------------------------------------------
# the network picture


@dataclass
class _Node:
    key: str
    label: str
    layer: int
    color: str
    fwd_in: float = 0.0
    fwd_out: float = 0.0
    usd_in: Decimal = Decimal(0)
    usd_out: Decimal = Decimal(0)
    y: float = 0.0
    h: float = 0.0

    @property
    def center(self) -> float:
        return self.y + self.h / 2

    @property
    def shown_usd(self) -> Decimal:
        if self.layer == 0:
            return self.usd_out
        return max(self.usd_in, self.usd_out)


def _node_label(key: str) -> str:
    """'role:front_company' -> 'front company'; 'cash:withdrawn' -> 'cash withdrawn'."""
    kind, _, name = key.partition(":")
    return "cash withdrawn" if kind == "cash" else _pretty(name)


def _node_for(key: str, stream_colors: dict[str, str]) -> _Node:
    kind, _, name = key.partition(":")
    if kind == "stream":
        return _Node(key, _node_label(key), 0, stream_colors.get(name, _LAYER_COLORS[0]))
    if kind == "cash":
        return _Node(key, _node_label(key), _CASH_LAYER, _CASH_COLOR)
    layer = ROLE_LAYER.get(name, _OTHER_LAYER)
    return _Node(key, _node_label(key), layer, _LAYER_COLORS[layer])


def _network_svg(
    flows: list[tuple[str, str, Decimal, int]], stream_colors: dict[str, str]
) -> Markup | None:
    if not flows:
        return None
    nodes: dict[str, _Node] = {}
    for src, dst, _, _ in flows:
        for key in (src, dst):
            if key not in nodes:
                nodes[key] = _node_for(key, stream_colors)
    forward, other = [], []
    for src, dst, usd, n in flows:
        a, b = nodes[src], nodes[dst]
        a.usd_out += usd
        b.usd_in += usd
        if a.layer < b.layer:
            a.fwd_out += float(usd)
            b.fwd_in += float(usd)
            forward.append((src, dst, usd, n))
        else:
            other.append((src, dst, usd, n))

    def value(node: _Node) -> float:
        return max(node.fwd_in, node.fwd_out) or float(max(node.usd_in, node.usd_out))

    columns: dict[int, list[_Node]] = defaultdict(list)
    for node in sorted(nodes.values(), key=lambda n: n.key):
        columns[node.layer].append(node)

    node_w, gap, top = 14.0, 30.0, 44.0
    most = max(len(col) for col in columns.values())
    plot_h = max(360.0, most * 54.0)
    scale = min(
        (
            (plot_h - gap * (len(col) - 1)) / total
            for col in columns.values()
            if (total := sum(value(n) for n in col)) > 0
        ),
        default=1.0,
    )
    width, label_room, left = 1120.0, 150.0, 12.0
    col_step = (width - left - label_room - node_w) / (len(LAYERS) - 1)

    def x_of(layer: int) -> float:
        return left + layer * col_step

    incoming: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for src, dst, usd, _ in forward:
        incoming[dst].append((src, float(usd)))
    for layer in sorted(columns):
        col = columns[layer]
        if layer == 0:
            col.sort(key=lambda n: (-value(n), n.key))
        else:

            def barycenter(node: _Node) -> float:
                placed = [
                    (nodes[s].center, w)
                    for s, w in incoming[node.key]
                    if nodes[s].layer < node.layer and w > 0
                ]
                weight = sum(w for _, w in placed)
                return sum(c * w for c, w in placed) / weight if weight else math.inf

            col.sort(key=lambda n: (barycenter(n), -value(n), n.key))
        heights = [max(value(n) * scale, 3.0) for n in col]
        total = sum(heights) + gap * (len(col) - 1)
        y = top + max(plot_h - total, 0.0) / 2
        for node, h in zip(col, heights, strict=True):
            node.y, node.h = y, h
            y += h + gap

    body: list[str] = [
        '<defs><marker id="if-arrow" viewBox="0 0 10 10" refX="9" refY="5" '
        'markerWidth="7" markerHeight="7" markerUnits="userSpaceOnUse" orient="auto">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#777"/></marker></defs>'
    ]
    for layer, title in enumerate(LAYERS):
        body.append(
            f'<text x="{_f(x_of(layer))}" y="20" class="layer-title">{escape(title)}</text>'
        )

    # forward bands, stacked at both ends in the order of the node at the other end
    out_off = {k: n.y for k, n in nodes.items()}
    in_off = dict(out_off)
    starts: dict[tuple[str, str], float] = {}
    for src, dst, usd, _ in sorted(forward, key=lambda e: (nodes[e[1]].center, e[1], e[0])):
        starts[(src, dst)] = out_off[src]
        out_off[src] += float(usd) * scale
    for src, dst, usd, n in sorted(forward, key=lambda e: (nodes[e[0]].center, e[0], e[1])):
        a, b = nodes[src], nodes[dst]
        t = max(float(usd) * scale, 0.8)
        y0 = starts[(src, dst)]
        y1 = in_off[dst]
        in_off[dst] += float(usd) * scale
        x0 = x_of(a.layer) + node_w
        x1 = x_of(b.layer)
        xm = (x0 + x1) / 2
        d = (
            f"M{_f(x0)},{_f(y0)} C{_f(xm)},{_f(y0)} {_f(xm)},{_f(y1)} {_f(x1)},{_f(y1)} "
            f"L{_f(x1)},{_f(y1 + t)} C{_f(xm)},{_f(y1 + t)} {_f(xm)},{_f(y0 + t)} "
            f"{_f(x0)},{_f(y0 + t)} Z"
        )
        body.append(
            f'<path d="{d}" fill="{a.color}" class="band" data-src="{escape(src)}" '
            f'data-dst="{escape(dst)}"><title>{escape(a.label)} → {escape(b.label)}: '
            f"{escape(format_usd(usd))} in {n} transactions</title></path>"
        )

    # money that stays in a column (left of it, clear of the labels) or goes back: grey arcs
    for src, dst, usd, n in sorted(other, key=lambda e: (e[0], e[1])):
        a, b = nodes[src], nodes[dst]
        w = min(max(float(usd) * scale, 1.2), 18.0)
        if src == dst:
            x = x_of(a.layer)
            dy = min(a.h / 4, 12.0)
            d = (
                f"M{_f(x)},{_f(a.center - dy)} C{_f(x - 46)},{_f(a.center - dy - 26)} "
                f"{_f(x - 46)},{_f(a.center + dy + 26)} {_f(x - 2)},{_f(a.center + dy)}"
            )
        elif a.layer == b.layer:
            x = x_of(a.layer)
            bulge = 40 + abs(b.center - a.center) / 6
            d = (
                f"M{_f(x)},{_f(a.center)} C{_f(x - bulge)},{_f(a.center)} "
                f"{_f(x - bulge)},{_f(b.center)} {_f(x - 2)},{_f(b.center)}"
            )
        else:
            xs = x_of(a.layer)
            xd = x_of(b.layer) + node_w
            d = (
                f"M{_f(xs)},{_f(a.center)} C{_f(xs - 70)},{_f(a.center + 60)} "
                f"{_f(xd + 70)},{_f(b.center + 60)} {_f(xd + 2)},{_f(b.center)}"
            )
        body.append(
            f'<path d="{d}" fill="none" stroke="#8a8a8a" stroke-opacity="0.55" '
            f'stroke-width="{_f(w)}" marker-end="url(#if-arrow)" class="loop" '
            f'data-src="{escape(src)}" data-dst="{escape(dst)}"><title>{escape(a.label)} → '
            f"{escape(b.label)}: {escape(format_usd(usd))} in {n} transactions</title></path>"
        )

    for key in sorted(nodes):
        node = nodes[key]
        x = x_of(node.layer)
        body.append(
            f'<g class="node" data-node="{escape(key)}">'
            f'<rect x="{_f(x)}" y="{_f(node.y)}" width="{_f(node_w)}" height="{_f(node.h)}" '
            f'fill="{node.color}"><title>{escape(node.label)}: {escape(format_usd(node.usd_in))} '
            f"in, {escape(format_usd(node.usd_out))} out</title></rect>"
            f'<text x="{_f(x + node_w + 5)}" y="{_f(node.center - 2)}" class="node-label">'
            f"{escape(node.label)}</text>"
            f'<text x="{_f(x + node_w + 5)}" y="{_f(node.center + 11)}" class="node-value">'
            f"{escape(format_usd(node.shown_usd))}</text></g>"
        )
    height = top + plot_h + 16
    return _svg((width, height), body, "Illicit money flows between roles")


# --------------------------------------------------------------------------------------------
# sections


def _stream_colors(*groups: Any) -> dict[str, str]:
    streams = sorted({s for group in groups for s in group if s is not None})
    return {s: _STREAM_COLORS[i % len(_STREAM_COLORS)] for i, s in enumerate(streams)}


def _policy_effect(
    revenue: list[tuple[dt.date, str, str, Decimal]],
    policy: str,
    colors: tuple[str, str],
    window: int = 12,
) -> dict[str, Any]:
    base: dict[dt.date, dict[str, Decimal]] = defaultdict(dict)
    pol: dict[dt.date, dict[str, Decimal]] = defaultdict(dict)
    for month, stream, name, usd in revenue:
        if name == BASELINE:
            base[month][stream] = usd
        elif name == policy:
            pol[month][stream] = usd
    months = _month_range(min([*base, *pol]), max([*base, *pol]))
    # the first month the policy shows: where its run starts later than the baseline, that
    # start; otherwise the first month in which any stream's revenue differs from the baseline
    start: dt.date | None = None
    if base and pol and min(pol) > min(base):
        start = min(pol)
    else:
        for month in months:
            if month not in pol:
                continue
            streams = set(base.get(month, {})) | set(pol[month])
            if any(base.get(month, {}).get(s, 0) != pol[month].get(s, 0) for s in streams):
                start = month
                break
    chart = _line_chart(
        months,
        [
            ("baseline", colors[0], {m: float(sum(v.values())) for m, v in base.items()}),
            (policy, colors[1], {m: float(sum(v.values())) for m, v in pol.items()}),
        ],
        start,
        f"Monthly revenue, baseline and with {policy}",
    )
    result: dict[str, Any] = {"name": policy, "chart": chart, "start": start, "rows": []}
    if start is None:
        return result
    end = _add_months(start, window)
    inside = [m for m in months if start <= m < end]
    result["window_end"] = inside[-1]
    result["window_months"] = len(inside)
    streams = sorted({s for m in inside for s in (*base.get(m, {}), *pol.get(m, {}))})
    rows = []
    for stream in streams:
        b = sum((base.get(m, {}).get(stream, Decimal(0)) for m in inside), Decimal(0))
        p = sum((pol.get(m, {}).get(stream, Decimal(0)) for m in inside), Decimal(0))
        rows.append({"stream": stream, "baseline": b, "policy": p})
    rows.sort(key=lambda r: (-r["baseline"], r["stream"]))
    total = {
        "stream": "all streams",
        "baseline": sum((r["baseline"] for r in rows), Decimal(0)),
        "policy": sum((r["policy"] for r in rows), Decimal(0)),
    }
    for row in [*rows, total]:
        row["cut"] = row["baseline"] - row["policy"]
        row["cut_pct"] = (
            100.0 * float(row["cut"]) / float(row["baseline"]) if row["baseline"] else None
        )
    result["rows"] = rows
    result["total"] = total
    return result


def _context(world_dir: Path) -> dict[str, Any]:
    manifest = _read_manifest(world_dir)
    con, missing = _connect(world_dir)
    try:
        summary = _summary(con)
        flows = _flows(con)
        chokepoints = _chokepoints(con)
        banks = _banks(con)
        role_counts = _role_counts(con)
        revenue = _revenue(con)
        typologies = _breakdown(con, "typology")
        patterns = _breakdown(con, "pattern")
        lookalikes = _breakdown(con, "lookalike")
        books = _books(con)
    finally:
        con.close()

    names = _entity_names(
        world_dir, {c["entity_id"] for c in chokepoints} | {b["bank_id"] for b in banks}
    )
    for row in chokepoints:
        row["name"] = names.get(row["entity_id"], row["entity_id"])
    for row in banks:
        row["name"] = names.get(row["bank_id"], row["bank_id"])

    flow_streams = [s.partition(":")[2] for s, _, _, _ in flows if s.startswith("stream:")]
    colors = _stream_colors(
        (r[1] for r in revenue), flow_streams, (s["stream"] for g in books for s in g["streams"])
    )

    # headline: delivered to the hub per year, per run
    policies = sorted({r[2] for r in revenue if r[2] != BASELINE})
    runs = ([BASELINE] if any(r[2] == BASELINE for r in revenue) else []) + policies
    per_year: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for month, _, policy, usd in revenue:
        year = per_year[month.year]
        year[policy] = year.get(policy, Decimal(0)) + usd
    years = [{"year": y, "usd": [per_year[y].get(r) for r in runs]} for y in sorted(per_year)]

    # counts of the machinery
    by_role = {role: n for role, illicit, n in role_counts if illicit}
    all_roles = defaultdict(int)
    for role, _, n in role_counts:
        all_roles[role] += n
    machinery = [
        ("Embassies", by_role.get("embassy", 0)),
        ("Diplomats", by_role.get("diplomat", 0)),
        (
            "Front and shell companies",
            by_role.get("front_company", 0) + by_role.get("shell_company", 0),
        ),
        (
            "Complicit and regime banks",
            by_role.get("complicit_bank", 0) + by_role.get("regime_bank", 0),
        ),
        (
            "Banks in the world",
            all_roles.get("bank", 0)
            + all_roles.get("complicit_bank", 0)
            + all_roles.get("regime_bank", 0),
        ),
        ("Bank representatives", by_role.get("bank_representative", 0)),
        ("Partner crime groups", by_role.get("crime_group", 0)),
    ]

    # monthly revenue per stream, baseline
    base_rows = [r for r in revenue if r[2] == BASELINE]
    revenue_chart = None
    stream_totals: list[tuple[str, Decimal]] = []
    if base_rows:
        months = _month_range(base_rows[0][0], base_rows[-1][0])
        per_stream: dict[str, dict[dt.date, float]] = defaultdict(dict)
        totals: dict[str, Decimal] = defaultdict(Decimal)
        for month, stream, _, usd in base_rows:
            per_stream[stream][month] = float(usd)
            totals[stream] += usd
        stream_totals = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))
        revenue_chart = _stacked_bars(
            months,
            [(s, colors[s], per_stream[s]) for s, _ in stream_totals],
            "Monthly revenue delivered to the hub per stream, baseline",
        )

    effects = [
        _policy_effect(revenue, p, (_BASELINE_COLOR, _POLICY_COLORS[i % len(_POLICY_COLORS)]))
        for i, p in enumerate(policies)
    ]
    period = manifest.get("period") if isinstance(manifest.get("period"), dict) else {}
    return {
        "manifest": manifest,
        "scenario": manifest.get("scenario", "unnamed"),
        "seed": manifest.get("seed"),
        "version": manifest.get("version"),
        "manifest_policy": manifest.get("policy"),
        "period": period,
        "missing": missing,
        "summary": summary,
        "runs": runs,
        "years": years,
        "network": _network_svg(flows, colors),
        "layers": LAYERS,
        "flows": flows,
        "pretty_node": _node_label,
        "chokepoints": chokepoints,
        "banks": banks,
        "machinery": machinery,
        "role_counts": role_counts,
        "revenue_chart": revenue_chart,
        "stream_totals": stream_totals,
        "colors": colors,
        "effects": effects,
        "policy_colors": _POLICY_COLORS,
        "baseline_color": _BASELINE_COLOR,
        "typologies": typologies,
        "patterns": patterns,
        "lookalikes": lookalikes,
        "books": books,
        "books_unbalanced": any(
            not row["balanced"] for g in books for row in [*g["streams"], g["total"]]
        ),
    }


def _environment() -> Environment:
    env = Environment(
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["usd"] = format_usd
    env.filters["pct"] = format_pct
    env.filters["pretty"] = _pretty
    env.filters["month"] = _month_label
    env.filters["count"] = lambda n: f"{int(n):,}"
    return env


def render_report(world_dir: Path | str) -> str:
    """The report of one world folder as an HTML string (deterministic for the same files)."""
    world_dir = Path(world_dir)
    if not world_dir.is_dir():
        raise FileNotFoundError(f"no world folder at {world_dir}")
    template = resources.files("illicitflow.report").joinpath(_TEMPLATE).read_text("utf-8")
    return _environment().from_string(template).render(**_context(world_dir))


def write_report(world_dir: Path | str, out: Path | str) -> Path:
    """Write the report of `world_dir` to `out` (a file, or a folder that gets index.html)."""
    out = Path(out)
    if out.is_dir():
        out = out / "index.html"
    html = render_report(world_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return out
