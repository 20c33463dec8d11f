"""The typology detectors: one SQL statement each, over the graph of :mod:`.graph`.

Every statement returns one row per alert: ``alert_key`` (unique within the detector and
rule), ``score`` (0-1, higher is more suspicious), ``evidence`` (JSON text: the intermediate
values that fired it) and ``txs`` (the ``row_id`` of the transactions involved). Parameters
(``$name``) come from ``typologies.yaml``; ``*_days``/``*_hours`` are also given in seconds as
``*_s``. Helper tables the runner registers from the same file: ``_thresholds(thr)``,
``_occupations(pattern)``, ``_id_types(id_type)``.

They read ``_edges``, ``_nodes``, ``_acct``, ``transactions``, ``kyc_accounts``,
``kyc_customers`` and ``shipments``: never ``labels`` (a test parses each statement and fails if
one does).
"""

from __future__ import annotations

# ``$first_time_only``: a rule that reads only payments between *first-time counterparties*
# (accounts that pay each other once in the data, ``_edges.pair_n = 1``), and counts the accounts'
# payments over such pairs (``first_out_n``, ``first_in_n``). Mules and shells recruited for one
# scheme meet the hub once; the hub's regular partners pay it again and again.
_FIRST_TIME = "($first_time_only = false OR e.pair_n = 1)"


def _degree(column: str, alias: str = "n") -> str:
    """An account's payments on one side, over first-time pairs when the rule says so."""
    return (f"(CASE WHEN $first_time_only THEN {alias}.first_{column} "
            f"ELSE {alias}.{column} END)")


def _fan(hub: str, party: str, degree: str, most: str, least: str, parties: str,
         hub_first: str) -> str:
    """Fan-in (many payers into one hub account) or its mirror, fan-out: many `party` accounts,
    each with few payments (`degree` <= `most`), meet one `hub` within the window. A hub that
    meets many first-time counterparties on its side (`hub_first` above
    ``$max_hub_new_counterparties``: a shop, a payroll) is left out. With ``$same_amount``,
    the parties are those that pay (or receive) one and the same amount, to the cent: their
    first payment of it is the finding, and the alert is the hub's for that amount."""
    return f"""
WITH f AS (
    SELECT e.tx, e.src, e.dst, e.t, e.usd, CASE WHEN $same_amount THEN e.usd END AS amt
    FROM _edges e JOIN _nodes n ON n.a = e.{party}
    JOIN _nodes h ON h.a = e.{hub}
    WHERE e.is_transfer AND e.src <> e.dst AND {_degree(degree)} <= ${most}
      AND h.{hub_first} <= $max_hub_new_counterparties
      AND e.usd >= $min_usd AND {_FIRST_TIME}
    QUALIFY NOT $same_amount
        OR row_number() OVER (PARTITION BY e.src, e.dst, e.usd ORDER BY e.t, e.tx) = 1
), w AS (
    SELECT {hub}, amt, t, count(*) OVER (PARTITION BY {hub}, amt ORDER BY t
        RANGE BETWEEN CURRENT ROW AND $window_s FOLLOWING) AS k
    FROM f
), spans AS (
    SELECT {hub}, amt, min(t) AS t_from, max(t) + $window_s AS t_to FROM w
    WHERE k >= ${least} GROUP BY {hub}, amt
), m AS (
    SELECT f.* FROM f JOIN spans s ON s.{hub} = f.{hub} AND s.amt IS NOT DISTINCT FROM f.amt
        AND f.t BETWEEN s.t_from AND s.t_to
)
SELECT CAST({hub} AS VARCHAR)
           || CASE WHEN $same_amount THEN '@' || CAST(amt AS VARCHAR) ELSE '' END AS alert_key,
       count(DISTINCT {party}) / (count(DISTINCT {party}) + ${least} * 1.0) AS score,
       to_json({{'{parties}': count(DISTINCT {party}), 'payments': count(*),
                'usd': round(sum(usd), 2), 'same_amount_usd': min(amt),
                'first_t': min(t), 'last_t': max(t),
                '{least}': ${least}, 'window_days': $window_days,
                '{most}': ${most}}}) AS evidence,
       list(tx ORDER BY t, tx) AS txs
FROM m GROUP BY {hub}, amt HAVING count(DISTINCT {party}) >= ${least}
"""  # noqa: S608 - column names from this module, values bound as parameters


FAN_IN = _fan("dst", "src", "out_n", "max_payer_payments", "min_payers", "payers",
              "first_in_n")
FAN_OUT = _fan("src", "dst", "in_n", "max_beneficiary_receipts", "min_beneficiaries",
               "beneficiaries", "first_out_n")

# One leg of a scatter-gather: `x` pays an intermediary, which passes the money on (`y`) to a
# collector within the delay, the amount within the tolerance.
_RELAYED = """y.dst <> x.src AND y.t >= x.t AND y.t <= x.t + $max_delay_s
      AND y.usd <= x.usd * (1 + $amount_rise) AND y.usd >= x.usd * (1 - $amount_tolerance)"""

# A source and a collector are found through quiet intermediaries (at most
# $max_intermediary_payments on each side); once found, every account that relays money
# between them within the delay is one of the scheme's intermediaries, busy or not.
SCATTER_GATHER = f"""
WITH f AS (
    SELECT e.tx, e.src, e.dst, e.t, e.usd FROM _edges e
    WHERE e.is_transfer AND e.src <> e.dst AND {_FIRST_TIME}
), mid AS (
    SELECT a FROM _nodes n
    WHERE {_degree("in_n")} BETWEEN 1 AND $max_intermediary_payments
      AND {_degree("out_n")} BETWEEN 1 AND $max_intermediary_payments
), x AS (
    SELECT * FROM f WHERE dst IN (SELECT a FROM mid)
), y AS (
    SELECT * FROM f WHERE src IN (SELECT a FROM mid)
), found AS (
    SELECT x.src, y.dst FROM x JOIN y ON y.src = x.dst WHERE {_RELAYED}
    GROUP BY x.src, y.dst HAVING count(DISTINCT x.dst) >= $min_intermediaries
), scattered AS (
    SELECT * FROM f WHERE src IN (SELECT src FROM found)
), gathered AS (
    SELECT * FROM f WHERE dst IN (SELECT dst FROM found)
), legs AS (
    SELECT x.src, y.dst, x.dst AS mid, x.tx AS tx1, y.tx AS tx2, x.usd AS usd1, y.usd AS usd2,
           y.t - x.t AS delay
    FROM scattered x JOIN gathered y ON y.src = x.dst
    JOIN found p ON p.src = x.src AND p.dst = y.dst
    WHERE {_RELAYED}
)
SELECT CAST(src AS VARCHAR) || '>' || CAST(dst AS VARCHAR) AS alert_key,
       count(DISTINCT mid) / (count(DISTINCT mid) + $min_intermediaries * 1.0) AS score,
       to_json({{'intermediaries': count(DISTINCT mid), 'scattered_usd': round(sum(usd1), 2),
                'gathered_usd': round(sum(usd2), 2), 'max_delay_hours':
                round(max(delay) / 3600.0, 1), 'min_intermediaries': $min_intermediaries,
                'amount_tolerance': $amount_tolerance}}) AS evidence,
       list_distinct(list_concat(list(tx1), list(tx2))) AS txs
FROM legs GROUP BY src, dst HAVING count(DISTINCT mid) >= $min_intermediaries
"""  # noqa: S608 - fragments from this module, values bound as parameters

GATHER_SCATTER = f"""
WITH f AS (
    SELECT e.tx, e.src, e.dst, e.t, e.usd FROM _edges e
    WHERE e.is_transfer AND e.src <> e.dst AND {_FIRST_TIME}
), s AS (
    SELECT f.dst AS hub, f.src AS cp, f.tx, f.t, f.usd, 1 AS is_in
    FROM f JOIN _nodes n ON n.a = f.src WHERE {_degree("out_n")} <= $max_counterparty_payments
    UNION ALL
    SELECT f.src AS hub, f.dst AS cp, f.tx, f.t, f.usd, 0 AS is_in
    FROM f JOIN _nodes n ON n.a = f.dst WHERE {_degree("in_n")} <= $max_counterparty_payments
), w AS (
    SELECT hub, t, sum(is_in) OVER win AS k_in, sum(1 - is_in) OVER win AS k_out
    FROM s WINDOW win AS (PARTITION BY hub ORDER BY t
        RANGE BETWEEN CURRENT ROW AND $window_s FOLLOWING)
), spans AS (
    SELECT hub, min(t) AS t_from, max(t) + $window_s AS t_to FROM w
    WHERE k_in >= $min_payers AND k_out >= $min_beneficiaries
      AND k_in + k_out >= $min_members
    GROUP BY hub
), m AS (
    SELECT s.* FROM s JOIN spans p ON p.hub = s.hub AND s.t BETWEEN p.t_from AND p.t_to
)
SELECT CAST(hub AS VARCHAR) AS alert_key,
       count(DISTINCT cp) / (count(DISTINCT cp) + $min_members * 1.0) AS score,
       to_json({{'payers': count(DISTINCT CASE WHEN is_in = 1 THEN cp END),
                'beneficiaries': count(DISTINCT CASE WHEN is_in = 0 THEN cp END),
                'gathered_usd': round(sum(CASE WHEN is_in = 1 THEN usd ELSE 0 END), 2),
                'scattered_usd': round(sum(CASE WHEN is_in = 0 THEN usd ELSE 0 END), 2),
                'window_days': $window_days}}) AS evidence,
       list(tx ORDER BY t, tx) AS txs
FROM m GROUP BY hub
HAVING count(DISTINCT CASE WHEN is_in = 1 THEN cp END) >= $min_payers
   AND count(DISTINCT CASE WHEN is_in = 0 THEN cp END) >= $min_beneficiaries
"""  # noqa: S608 - fragments from this module, values bound as parameters

# The payments a cycle rule may use (its parameters bound), with what the search needs of their
# accounts: ``busy`` (1 when neither is quiet) and ``into_quiet``. The runner keeps in
# ``_cycle_txs`` those of them that can lie on a loop (see ``run._cycle_txs``), and CYCLE grows
# paths only along the payments kept.
CYCLE_EDGES = """
SELECT e.tx, e.src, e.dst, e.t, e.usd,
       CAST(ns.all_n > $max_quiet_payments AND nd.all_n > $max_quiet_payments AS INTEGER) AS busy,
       nd.all_n <= $max_quiet_payments AS into_quiet
FROM _edges e JOIN _nodes ns ON ns.a = e.src JOIN _nodes nd ON nd.a = e.dst
WHERE e.is_transfer AND e.src <> e.dst AND e.usd >= $min_usd
  AND e.pair_n <= $max_pair_payments
  AND ns.in_n > 0 AND nd.out_n > 0
  AND ns.in_n + ns.out_n <= $max_node_payments AND nd.in_n + nd.out_n <= $max_node_payments
  AND ns.first_in_n + ns.first_out_n <= $max_first_time_payments
  AND nd.first_in_n + nd.first_out_n <= $max_first_time_payments
"""

# Paths grow hop by hop; a cycle closes on its start. Unordered loops start at their smallest
# account so each is found once; time-ordered ones start at their first payment. With
# $max_quiet_payments > 0 a loop runs through quiet accounts (at most that many payments of any
# channel in all): it starts at a payment into one and takes at most $max_busy_hops payments
# between two accounts that are not quiet, which keeps the search small where busy accounts
# meet many others; such a loop is found once from each of its quiet accounts and kept once.
# A time-ordered path looks for its next payment among those of the same $max_gap_s slot of time
# or the next one (``hop`` lists each payment under both slots it can follow from).
CYCLE = """
WITH RECURSIVE c AS (
    SELECT tx, src, dst, t, usd, busy, into_quiet FROM _cycle_txs
), hop AS (
    SELECT *, CASE WHEN $time_ordered THEN t // $max_gap_s END AS slot FROM c
    UNION ALL
    SELECT *, t // $max_gap_s - 1 AS slot FROM c WHERE $time_ordered
), paths AS (
    SELECT src AS start, dst AS node, t AS t_min, t AS t_max, t AS t_last, usd AS usd_last,
           CASE WHEN $time_ordered THEN t // $max_gap_s END AS slot,
           1 AS hops, busy, [src, dst] AS nodes, [tx] AS txs
    FROM c WHERE CASE WHEN $max_quiet_payments > 0 THEN into_quiet
                      ELSE $time_ordered OR src < dst END
    UNION ALL
    SELECT p.start, c.dst, least(p.t_min, c.t), greatest(p.t_max, c.t), c.t, c.usd,
           CASE WHEN $time_ordered THEN c.t // $max_gap_s END,
           p.hops + 1, p.busy + c.busy, list_append(p.nodes, c.dst), list_append(p.txs, c.tx)
    FROM paths p JOIN hop c ON c.src = p.node AND c.slot IS NOT DISTINCT FROM p.slot
    WHERE p.hops < $max_hops AND p.node <> p.start AND p.busy + c.busy <= $max_busy_hops
      AND greatest(p.t_max, c.t) - least(p.t_min, c.t) <= $window_s
      AND ($time_ordered = false OR (c.t >= p.t_last AND c.t <= p.t_last + $max_gap_s))
      AND ($time_ordered OR $max_quiet_payments > 0 OR c.dst >= p.start)
      AND c.usd <= p.usd_last * (1 + $amount_rise)
      AND c.usd >= p.usd_last * (1 - $amount_tolerance)
      AND (c.dst = p.start OR NOT list_contains(p.nodes, c.dst))
), found AS (
    SELECT hops, txs, t_min AS t_first, t_max AS t_last,
           CAST(CASE WHEN $time_ordered THEN start ELSE list_min(nodes) END AS VARCHAR) || '.'
               || CAST(list_min(txs) AS VARCHAR) || '.' || CAST(hops AS VARCHAR) AS alert_key
    FROM paths WHERE node = start AND hops >= $min_hops
)
SELECT alert_key, 1.0 - 1.0 / (1 + max(hops)) AS score,
       to_json({'hops': max(hops), 'paths': count(*), 'first_t': min(t_first),
                'last_t': max(t_last), 'time_ordered': $time_ordered,
                'window_days': $window_days, 'amount_tolerance': $amount_tolerance})
           AS evidence,
       list_distinct(flatten(list(txs))) AS txs
FROM found GROUP BY alert_key
"""

# A beneficiary's payer set is every account that paid it (``_pairs``); beneficiaries with the
# same set form a block, and each of their payments comes from the set by construction.
BIPARTITE = """
WITH f AS (
    SELECT e.tx, e.src, e.dst, e.t, e.usd FROM _edges e
    WHERE e.is_transfer AND e.src <> e.dst
), counts AS (
    SELECT dst, count(*) AS n_payers FROM _pairs WHERE n > 0 AND src <> dst
    GROUP BY dst HAVING count(*) BETWEEN $min_payers AND $max_payers
), payers AS (
    SELECT p.dst, string_agg(CAST(p.src AS VARCHAR), ',' ORDER BY p.src) AS payer_set,
           min(c.n_payers) AS n_payers
    FROM _pairs p JOIN counts c ON c.dst = p.dst WHERE p.n > 0 AND p.src <> p.dst
    GROUP BY p.dst
), blocks AS (
    SELECT payer_set, min(n_payers) AS n_payers, count(*) AS n_beneficiaries
    FROM payers GROUP BY payer_set HAVING count(*) >= $min_beneficiaries
), members AS (
    SELECT b.payer_set, p.dst FROM blocks b JOIN payers p ON p.payer_set = b.payer_set
)
SELECT m.payer_set AS alert_key,
       1.0 - 1.0 / (1 + min(b.n_payers) * min(b.n_beneficiaries) / 4.0) AS score,
       to_json({'payers': min(b.n_payers), 'beneficiaries': min(b.n_beneficiaries),
                'payments': count(*), 'usd': round(sum(f.usd), 2)}) AS evidence,
       list(f.tx ORDER BY f.t, f.tx) AS txs
FROM members m JOIN blocks b ON b.payer_set = m.payer_set JOIN f ON f.dst = m.dst
GROUP BY m.payer_set
"""

STACK = """
WITH RECURSIVE c AS (
    SELECT e.tx, e.src, e.dst, e.t, e.usd FROM _edges e
    WHERE e.is_transfer AND e.src <> e.dst AND e.usd >= $min_usd
), chains AS (
    SELECT tx AS first_tx, src AS start, dst AS node, t AS t_last, usd AS usd_first,
           usd AS usd_last, 1 AS hops, [src, dst] AS nodes, [tx] AS txs
    FROM c
    UNION ALL
    SELECT p.first_tx, p.start, c.dst, c.t, p.usd_first, c.usd, p.hops + 1,
           list_append(p.nodes, c.dst), list_append(p.txs, c.tx)
    FROM chains p JOIN c ON c.src = p.node
    WHERE p.hops < $max_hops AND c.t >= p.t_last AND c.t <= p.t_last + $max_gap_s
      AND c.usd <= p.usd_last * (1 + $amount_rise)
      AND c.usd >= p.usd_last * (1 - $amount_tolerance)
      AND NOT list_contains(p.nodes, c.dst)
)
SELECT CAST(first_tx AS VARCHAR) AS alert_key, 1.0 - 1.0 / max(hops) AS score,
       to_json({'hops': max(hops), 'first_usd': round(max(usd_first), 2),
                'last_usd': round(min(usd_last), 2), 'kept_share':
                round(1 - min(usd_last) / max(usd_first), 4), 'max_gap_days': $max_gap_days})
           AS evidence,
       list_distinct(flatten(list(txs))) AS txs
FROM chains WHERE hops >= $min_hops GROUP BY first_tx
"""

RAPID_PASS_THROUGH = """
WITH ins AS (
    SELECT tx, src, dst, t, usd FROM _edges
    WHERE dst IS NOT NULL AND channel <> 'card' AND usd >= $min_usd
), outs AS (
    SELECT tx, src, dst, t, usd FROM _edges
    WHERE src IS NOT NULL AND channel <> 'card' AND usd >= $min_usd * (1 - $amount_tolerance)
), pairs AS (
    SELECT i.dst AS acct, i.tx AS tx_in, o.tx AS tx_out, i.usd AS usd_in, o.usd AS usd_out,
           o.t - i.t AS delay
    FROM ins i JOIN outs o ON o.src = i.dst JOIN _nodes n ON n.a = i.dst
    WHERE o.t >= i.t AND o.t <= i.t + $max_delay_s AND n.all_n <= $max_account_payments
      AND o.usd <= i.usd * (1 + $amount_rise) AND o.usd >= i.usd * (1 - $amount_tolerance)
      AND (i.src IS NULL OR o.dst IS NULL OR o.dst <> i.src)
)
SELECT CAST(acct AS VARCHAR) AS alert_key,
       1.0 - 1.0 / (1 + count(*)) AS score,
       to_json({'pairs': count(*), 'in_usd': round(sum(usd_in), 2),
                'out_usd': round(sum(usd_out), 2),
                'median_delay_hours': round(median(delay) / 3600.0, 1),
                'max_delay_hours': $max_delay_hours}) AS evidence,
       list_distinct(list_concat(list(tx_in), list(tx_out))) AS txs
FROM pairs GROUP BY acct
"""

STRUCTURING = """
WITH d AS (
    SELECT DISTINCT e.tx, e.dst, e.t, e.usd FROM _edges e
    JOIN _thresholds th ON e.usd >= th.thr * (1 - $band) AND e.usd < th.thr
    WHERE e.channel = 'cash_deposit' AND e.dst IS NOT NULL
), w AS (
    SELECT dst, t, count(*) OVER (PARTITION BY dst ORDER BY t
        RANGE BETWEEN CURRENT ROW AND $window_s FOLLOWING) AS k
    FROM d
), spans AS (
    SELECT dst, min(t) AS t_from, max(t) + $window_s AS t_to FROM w
    WHERE k >= $min_deposits GROUP BY dst
), m AS (
    SELECT d.* FROM d JOIN spans s ON s.dst = d.dst AND d.t BETWEEN s.t_from AND s.t_to
)
SELECT CAST(dst AS VARCHAR) AS alert_key, 1.0 - 1.0 / count(*) AS score,
       to_json({'deposits': count(*), 'usd': round(sum(usd), 2),
                'largest_usd': round(max(usd), 2), 'band': $band,
                'window_days': $window_days}) AS evidence,
       list(tx ORDER BY t, tx) AS txs
FROM m GROUP BY dst
"""

DIPLOMAT_ACCOUNTS = """
WITH dipl AS (
    SELECT DISTINCT c.source, c.customer_id FROM kyc_customers c
    WHERE c.id_type IN (SELECT id_type FROM _id_types)
       OR EXISTS (SELECT 1 FROM _occupations o
                  WHERE lower(coalesce(c.occupation, '')) LIKE o.pattern
                     OR (c.customer_type = 'organization' AND lower(c.name) LIKE o.pattern))
), accts AS (
    SELECT DISTINCT k.source, k.holder_id, k.account_id, a.a
    FROM kyc_accounts k JOIN dipl d ON d.source = k.source AND d.customer_id = k.holder_id
    JOIN _acct a ON a.source = k.source AND a.account = k.account_id
), holders AS (
    SELECT source, holder_id, count(DISTINCT account_id) AS n_accounts FROM accts
    GROUP BY source, holder_id
), cash AS (
    SELECT x.source, x.holder_id, e.tx, e.usd FROM accts x JOIN _edges e ON e.dst = x.a
    WHERE e.channel = 'cash_deposit'
)
SELECT h.source || '|' || h.holder_id AS alert_key,
       least(1.0, 0.25 * h.n_accounts + coalesce(sum(c.usd), 0) / ($min_cash_usd * 20.0))
           AS score,
       to_json({'holder': h.holder_id, 'accounts': h.n_accounts,
                'cash_deposits': count(c.tx), 'cash_usd': round(coalesce(sum(c.usd), 0), 2),
                'min_accounts': $min_accounts, 'min_cash_usd': $min_cash_usd}) AS evidence,
       list(c.tx) AS txs
FROM holders h LEFT JOIN cash c ON c.source = h.source AND c.holder_id = h.holder_id
GROUP BY h.source, h.holder_id, h.n_accounts
HAVING h.n_accounts >= $min_accounts OR coalesce(sum(c.usd), 0) >= $min_cash_usd
"""

BULK_CASH = """
WITH d AS (
    SELECT tx, dst, dst_bank AS bank, usd FROM _edges
    WHERE channel = 'cash_deposit' AND dst IS NOT NULL AND dst_bank IS NOT NULL
), per AS (
    SELECT bank, dst, count(*) AS n, sum(usd) AS usd FROM d GROUP BY bank, dst
), banks AS (
    SELECT bank, sum(usd) AS total, count(*) AS depositors FROM per GROUP BY bank
), top AS (
    SELECT p.bank, p.dst, p.n, p.usd, p.usd / b.total AS share, b.total, b.depositors
    FROM per p JOIN banks b ON b.bank = p.bank
    WHERE b.depositors >= $min_bank_depositors AND p.n >= $min_deposits
      AND p.usd >= $min_cash_usd AND p.usd / b.total >= $min_share
)
SELECT top.bank || '|' || CAST(top.dst AS VARCHAR) AS alert_key, max(top.share) AS score,
       to_json({'bank': top.bank, 'share': round(max(top.share), 4),
                'deposits': max(top.n), 'usd': round(max(top.usd), 2),
                'bank_cash_usd': round(max(top.total), 2),
                'bank_depositors': max(top.depositors), 'min_share': $min_share})
           AS evidence,
       list(d.tx) AS txs
FROM top JOIN d ON d.dst = top.dst AND d.bank = top.bank
GROUP BY top.bank, top.dst
"""

TRADE_MISPRICING = """
WITH s AS (
    SELECT source, shipment_id, date, goods, origin, declared_origin, consignee_id,
           CAST(declared_value_usd AS DOUBLE) AS declared,
           CAST(market_value_usd AS DOUBLE) AS market,
           CAST(declared_value_usd AS DOUBLE) / CAST(market_value_usd AS DOUBLE) AS ratio,
           CAST(epoch(CAST(date AS TIMESTAMP)) AS BIGINT) AS t
    FROM shipments WHERE market_value_usd > 0
), flagged AS (
    SELECT * FROM s WHERE ratio < $low_ratio OR ratio > $high_ratio
), payers AS (
    SELECT k.source, k.holder_id, a.a FROM kyc_accounts k
    JOIN _acct a ON a.source = k.source AND a.account = k.account_id
), pays AS (
    SELECT f.source, f.shipment_id, e.tx FROM flagged f
    JOIN payers p ON p.source = f.source AND p.holder_id = f.consignee_id
    JOIN _edges e ON e.src = p.a AND e.channel = 'trade_settlement'
    WHERE e.t >= f.t - $payment_before_s AND e.t <= f.t + $payment_after_s
)
SELECT f.source || '|' || f.shipment_id AS alert_key,
       least(1.0, abs(ln(greatest(f.ratio, 0.0001)))) AS score,
       to_json({'shipment_id': f.shipment_id, 'goods': f.goods,
                'declared_usd': round(f.declared, 2), 'market_usd': round(f.market, 2),
                'ratio': round(f.ratio, 4), 'origin': f.origin,
                'declared_origin': f.declared_origin, 'consignee': f.consignee_id,
                'payments': count(p.tx)}) AS evidence,
       list(p.tx) AS txs
FROM flagged f LEFT JOIN pays p ON p.source = f.source AND p.shipment_id = f.shipment_id
GROUP BY f.source, f.shipment_id, f.goods, f.declared, f.market, f.ratio, f.origin,
         f.declared_origin, f.consignee_id
"""

SHARED_IDENTIFIERS = """
WITH ids AS (
    SELECT source, customer_id, 'phone' AS kind, replace(replace(phone, ' ', ''), '-', '') AS val
    FROM kyc_customers WHERE phone IS NOT NULL
    UNION ALL
    SELECT source, customer_id, 'address' AS kind, lower(trim(address)) AS val
    FROM kyc_customers WHERE address IS NOT NULL
    UNION ALL
    SELECT source, customer_id, 'id_number' AS kind, upper(trim(id_number)) AS val
    FROM kyc_customers WHERE id_number IS NOT NULL
), groups AS (
    SELECT source, kind, val, count(DISTINCT customer_id) AS n FROM ids WHERE val <> ''
    GROUP BY source, kind, val HAVING count(DISTINCT customer_id) BETWEEN 2 AND $max_group
), accts AS (
    SELECT DISTINCT g.source, g.kind, g.val, g.n, a.a
    FROM groups g JOIN ids i ON i.source = g.source AND i.kind = g.kind AND i.val = g.val
    JOIN kyc_accounts k ON k.source = i.source AND k.holder_id = i.customer_id
    JOIN _acct a ON a.source = k.source AND a.account = k.account_id
), txs AS (
    SELECT x.source, x.kind, x.val, e.tx FROM accts x JOIN _edges e ON e.src = x.a
    WHERE e.is_transfer
    UNION
    SELECT x.source, x.kind, x.val, e.tx FROM accts x JOIN _edges e ON e.dst = x.a
    WHERE e.is_transfer
)
SELECT g.source || '|' || g.kind || '|' || g.val AS alert_key,
       1.0 - 1.0 / g.n AS score,
       to_json({'identifier': g.kind, 'value': g.val, 'customers': g.n,
                'transfers': count(t.tx)}) AS evidence,
       list(t.tx) AS txs
FROM groups g LEFT JOIN txs t ON t.source = g.source AND t.kind = g.kind AND t.val = g.val
GROUP BY g.source, g.kind, g.val, g.n
"""

# A payer's schedule: the most common gap in days between its transfers (the period) and the
# most common day within that period (the phase), ties to the smaller. A payer is regular when
# it has at least $min_payments transfers and $min_regular_share of them fall on its phase
# (standing orders, payroll, rent), and its period is longer than a day (a daily payer has no
# day off its schedule). The findings are its payments to counterparties it pays at most
# $max_pair_payments times that fall off the phase, or on the phase beside a payment to a
# counterparty it pays more often (the standing order, and an extra payment the same day).
OFF_SCHEDULE = """
WITH p AS (
    SELECT e.tx, e.src, e.dst, e.t, e.usd, e.pair_n, e.t // 86400 AS d FROM _edges e
    WHERE e.is_transfer AND e.src <> e.dst
), gaps AS (
    SELECT src, d - lag(d) OVER (PARTITION BY src ORDER BY d) AS gap FROM p
), period AS (
    SELECT src, gap AS g FROM gaps WHERE gap > 0 GROUP BY src, gap
    QUALIFY row_number() OVER (PARTITION BY src ORDER BY count(*) DESC, gap) = 1
), phase AS (
    SELECT p.src, g, p.d % g AS r, count(*) AS on_phase, sum(count(*)) OVER (PARTITION BY p.src)
        AS payments
    FROM p JOIN period USING (src) GROUP BY p.src, g, p.d % g
    QUALIFY row_number() OVER (PARTITION BY p.src ORDER BY count(*) DESC, p.d % g) = 1
), regular AS (
    SELECT p.*, ph.g, ph.on_phase, ph.payments, p.d % ph.g <> ph.r AS is_off,
           max(p.pair_n) OVER (PARTITION BY p.src, p.d) AS day_max_pair_n
    FROM p JOIN phase ph USING (src)
    WHERE ph.payments >= $min_payments AND ph.on_phase >= $min_regular_share * ph.payments
      AND ph.g > 1
), off AS (
    SELECT * FROM regular
    WHERE pair_n <= $max_pair_payments AND (is_off OR day_max_pair_n > $max_pair_payments)
)
SELECT CAST(src AS VARCHAR) AS alert_key, 1.0 - 1.0 / (1 + count(*)) AS score,
       to_json({'period_days': min(g), 'on_schedule': min(on_phase),
                'payments': min(payments), 'off_schedule': count(*) FILTER (is_off),
                'extra_on_schedule': count(*) FILTER (NOT is_off),
                'usd': round(sum(usd), 2)}) AS evidence,
       list(tx ORDER BY t, tx) AS txs
FROM off GROUP BY src
"""

#: typology -> SQL (rules of one typology share its SQL, with their own parameters).
DETECTORS: dict[str, str] = {
    "fan_in": FAN_IN,
    "fan_out": FAN_OUT,
    "cycle": CYCLE,
    "scatter_gather": SCATTER_GATHER,
    "gather_scatter": GATHER_SCATTER,
    "bipartite": BIPARTITE,
    "stack": STACK,
    "rapid_pass_through": RAPID_PASS_THROUGH,
    "structuring": STRUCTURING,
    "diplomat_accounts": DIPLOMAT_ACCOUNTS,
    "bulk_cash": BULK_CASH,
    "trade_mispricing": TRADE_MISPRICING,
    "shared_identifiers": SHARED_IDENTIFIERS,
    "off_schedule": OFF_SCHEDULE,
}
