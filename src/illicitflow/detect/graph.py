"""The transaction graph the detectors and features read: four temporary tables.

``_acct``: one row per (source, account): ``a`` BIGINT, the account's integer code.
``_edges``: one row per transaction: ``tx`` (the store's ``row_id``), ``src``/``dst`` (account
codes; null for the cash side), ``t`` (epoch seconds, UTC), ``usd`` (DOUBLE), ``channel``,
``is_transfer`` (account to account on a transfer channel), ``dst_bank`` (the receiving bank),
``pair_n`` (on transfers: how many transfers ``src`` sent ``dst`` in all). No more: each column
is copied for every transaction, twice.
``_pairs``: per (src, dst) with any payment between them: ``n`` (transfers), ``n_all``
(payments of every channel) and ``first_t`` (the first payment's time).
``_nodes``: per account: ``out_n``, ``in_n`` (transfers sent and received), ``out_usd``,
``in_usd``, ``first_out_n``, ``first_in_n``: transfers sent to and received from *first-time
counterparties*, accounts it pays or is paid by once in the data; ``out_peers``, ``in_peers``
(accounts it paid, was paid by, on any channel); ``out_all_n``, ``in_all_n``, ``out_all_usd``,
``in_all_usd`` (payments of every channel, cash and cards included) and ``all_n`` (their sum).

Built from ``transactions`` only; never from ``labels``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from illicitflow.detect.dialect import execute
from illicitflow.store import Store

GRAPH_SQL: tuple[tuple[str, str], ...] = (
    ("_acct", """
SELECT row_number() OVER (ORDER BY source, account) AS a, source, account
FROM (SELECT DISTINCT source, payer_account AS account FROM transactions
      WHERE payer_account IS NOT NULL
      UNION
      SELECT DISTINCT source, beneficiary_account AS account FROM transactions
      WHERE beneficiary_account IS NOT NULL) accounts
"""),
    ("_edges", """
SELECT t.row_id AS tx, p.a AS src, b.a AS dst, CAST(epoch(t.timestamp) AS BIGINT) AS t,
       CAST(t.amount_usd AS DOUBLE) AS usd, t.channel,
       (p.a IS NOT NULL AND b.a IS NOT NULL AND list_contains($transfer_channels, t.channel))
           AS is_transfer,
       t.beneficiary_bank AS dst_bank
FROM transactions t
LEFT JOIN _acct p ON p.source = t.source AND p.account = t.payer_account
LEFT JOIN _acct b ON b.source = t.source AND b.account = t.beneficiary_account
"""),
    ("_pairs", """
SELECT src, dst, count(*) FILTER (WHERE is_transfer) AS n, count(*) AS n_all, min(t) AS first_t
FROM _edges WHERE src IS NOT NULL AND dst IS NOT NULL GROUP BY src, dst
"""),
    ("_edges", """
SELECT e.*, p.n AS pair_n FROM _edges e
LEFT JOIN _pairs p ON e.is_transfer AND p.src = e.src AND p.dst = e.dst
"""),
    ("_nodes", """
WITH pairs_out AS (
    SELECT src AS a, sum(n) AS out_n, count(*) FILTER (WHERE n = 1) AS first_out_n,
           count(*) AS out_peers
    FROM _pairs GROUP BY src
), pairs_in AS (
    SELECT dst AS a, sum(n) AS in_n, count(*) FILTER (WHERE n = 1) AS first_in_n,
           count(*) AS in_peers
    FROM _pairs GROUP BY dst
), paid AS (
    SELECT src AS a, sum(CASE WHEN is_transfer THEN usd ELSE 0.0 END) AS out_usd,
           count(*) AS out_all_n, sum(usd) AS out_all_usd
    FROM _edges WHERE src IS NOT NULL GROUP BY src
), received AS (
    SELECT dst AS a, sum(CASE WHEN is_transfer THEN usd ELSE 0.0 END) AS in_usd,
           count(*) AS in_all_n, sum(usd) AS in_all_usd
    FROM _edges WHERE dst IS NOT NULL GROUP BY dst
)
SELECT a, CAST(coalesce(o.out_n, 0) AS BIGINT) AS out_n,
       CAST(coalesce(i.in_n, 0) AS BIGINT) AS in_n,
       coalesce(p.out_usd, 0.0) AS out_usd, coalesce(r.in_usd, 0.0) AS in_usd,
       coalesce(o.first_out_n, 0) AS first_out_n, coalesce(i.first_in_n, 0) AS first_in_n,
       coalesce(o.out_peers, 0) AS out_peers, coalesce(i.in_peers, 0) AS in_peers,
       coalesce(p.out_all_n, 0) AS out_all_n, coalesce(r.in_all_n, 0) AS in_all_n,
       coalesce(p.out_all_usd, 0.0) AS out_all_usd, coalesce(r.in_all_usd, 0.0) AS in_all_usd,
       coalesce(p.out_all_n, 0) + coalesce(r.in_all_n, 0) AS all_n
FROM paid p FULL JOIN received r USING (a) FULL JOIN pairs_out o USING (a)
FULL JOIN pairs_in i USING (a)
"""),
)


def build_graph(store: Store, transfer_channels: Sequence[str]) -> int:
    """(Re)build ``_acct``, ``_edges`` and ``_nodes``; return the number of edges."""
    con = store.con
    for name, sql in GRAPH_SQL:
        execute(con, "CREATE OR REPLACE TEMP TABLE " + name + " AS " + sql,
                {"transfer_channels": list(transfer_channels)})
    return int(con.execute("SELECT count(*) FROM _edges").fetchall()[0][0])


def strong_components(pairs: Iterable[tuple[int, int]]) -> dict[int, int]:
    """Strongly connected components of the directed graph of ``(src, dst)`` pairs: account ->
    component id, for the accounts of components with two or more accounts (the only ones a
    loop of two or more hops can lie in). Iterative Tarjan; linear in the number of pairs."""
    succ: dict[int, list[int]] = {}
    for src, dst in pairs:
        if src != dst:
            succ.setdefault(src, []).append(dst)
            succ.setdefault(dst, [])
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    comp: dict[int, int] = {}
    n_comp = 0
    for root in succ:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(succ[root]))]
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(succ[child])))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    members = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        members.append(member)
                        if member == node:
                            break
                    if len(members) > 1:
                        n_comp += 1
                        for member in members:
                            comp[member] = n_comp
    return comp
