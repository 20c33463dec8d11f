"""Screening benchmark: illicitflow's matcher beside OpenSanctions' nomenklatura logic-v2.

Run:  .venv/bin/python bench/screening.py [--json FILE] [--markdown FILE] [--million]

Needs nomenklatura (benchmark only: ``make bench-deps`` installs it) and the shared data
(``../shared/data``). Every part runs both matchers on the same inputs:

1. labelled pairs (../shared/data/screening): precision, recall and F1 at the default threshold
   (ours) and at 0.7 (logic-v2's operating point), on the whole files and on the held-out half
   (the half of each file, seed 20260301, that was never looked at while the matcher's few
   global parameters were set; the other half was);
2. pairs scored per second, both matchers, cold caches, each in fresh processes of its own
   (three runs each, alternating; the median counts); and, as a floor under both, rigour's
   name tagger alone: microseconds per name (warm), its time per pair inside our timed loop
   (cold) and the ratio to logic-v2 that this time alone would allow; and a bare matcher
   (ICU transliteration and rapidfuzz's token ratios, nothing else), warm: its time per pair and
   its F1, to show what fits in a tenth of logic-v2's time per pair;
3. screening throughput against all loaded lists (OFAC SDN + non-SDN + UN), 2 processes;
   and the time for 1,000,000 names (extrapolated, or measured with --million);
4. false-positive rate: 10,000 random people (illicitflow.world.names.random_people, seed
   7, with dates of birth, nationalities and genders) screened; any hit at or above the
   threshold counts;
5. retrieval: queries made from real UN and OFAC entries with typos, reordered and dropped name
   parts and romanisation variants (seed 11); how often the right entry is the top candidate at
   or above the threshold (an entry listed under the source name's very words on another list,
   the same person on the UN and OFAC lists, counts as right; the entry alone is reported too).
   logic-v2 scores the person queries of a subsample against every listed person
   (exhaustive, slow), and is reported beside ours on the same subsample;
6. cross-list: the UN and OFAC entries of one person, firm or vessel, linked by an identifier
   (passport, ID, IMO or registration number) that exactly one entry of each list carries;
   how often each matcher scores the two at or above its threshold on the names alone (all
   names and aliases of both; and the two primary names alone). Real spelling differences
   between two publishers, with no labels written for the purpose;
7. with ``--more-pairs CSV`` (repeatable): quality alone on other labelled pair files of the
   same layout, such as one a user labelled.
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import multiprocessing
import random
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
PAIR_FILES = {
    "nomenklatura": SHARED / "screening" / "nomenklatura_name_bench_cases.csv",
    "watchman": SHARED / "screening" / "watchman_cascade_name_pairs.csv",
}
LIST_FOLDERS = ("ofac_sdn_2024-05-03", "ofac_sdn_aux_2025-12-24", "ofac_non_sdn_2025-12-19",
                "un_sc_consolidated_2026-02-27")
SPLIT_SEED = 20260301
LOGIC_V2_THRESHOLD = 0.7


# --- helpers ------------------------------------------------------------------------------------


def prf(scores: list[float], labels: list[bool], threshold: float) -> dict[str, float]:
    tp = sum(1 for s, y in zip(scores, labels, strict=True) if s >= threshold and y)
    fp = sum(1 for s, y in zip(scores, labels, strict=True) if s >= threshold and not y)
    fn = sum(1 for s, y in zip(scores, labels, strict=True) if s < threshold and y)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f1, 3)}


def held_out(n: int) -> set[int]:
    """Row indices of the held-out half of a pair file (the tuning half is the other)."""
    rng = random.Random(SPLIT_SEED)
    idx = list(range(n))
    rng.shuffle(idx)
    return set(idx[n // 2 :])


#: A labelled pair file's rows and labels, as :func:`read_pairs` reads them.
PairFile = tuple[list[dict[str, str]], list[bool]]


def read_pairs(path: Path) -> PairFile:
    """A labelled pair file's rows and their labels (``is_match``)."""
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return rows, [r["is_match"].strip().lower() == "true" for r in rows]


def logic_v2_scores(algo: Any, config: Any, rows: list[dict[str, str]]) -> list[float]:
    """logic-v2's score of each pair. It caches what it derives from an entity by the entity's
    id, ours what it derives from a name by the name: an id per schema and name lets both
    reuse the analysis of a name met before."""
    return [algo.compare(proxy(r["schema"], [r["name1"]], f"{r['schema']}:{r['name1']}"),
                         proxy(r["schema"], [r["name2"]], f"{r['schema']}:{r['name2']}"),
                         config).score
            for r in rows]


def logic_v2() -> tuple[Any, Any]:
    from nomenklatura.matching import get_algorithm
    from nomenklatura.matching.types import ScoringConfig

    return get_algorithm("logic-v2"), ScoringConfig.defaults()


def proxy(schema: str, names: list[str], ident: str, props: dict[str, list[str]] | None = None):
    from followthemoney import model

    entity = model.make_entity(schema if model.get(schema) else "LegalEntity")
    entity.id = ident
    for name in names:
        entity.add("name", name, quiet=True)
    for prop, values in (props or {}).items():
        for value in values:
            entity.add(prop, value, quiet=True)
    return entity


# --- 1 and 2: pairs -----------------------------------------------------------------------------

WARM_UP = [
    ("Person", "Kim Jong Un", "김정은"), ("Person", "Сергей Лавров", "Sergei Lavrov"),
    ("Person", "محمد بن سلمان", "Mohammed bin Salman"), ("Person", "习近平", "Xi Jinping"),
    ("Person", "Ελένη Παπαδοπούλου", "Eleni Papadopoulou"), ("Person", "Dr. Jane Doe", "Doe, J."),
    ("Company", "Acme Trading Co., Ltd.", "ACME TRADING COMPANY LIMITED"),
    ("Company", "OOO Romashka", "Romashka LLC"), ("Company", "株式会社テスト", "Test K.K."),
    ("Organization", "Ministry of Truth (MoT)", "MINISTRY OF TRUTH"),
    ("Vessel", "MV Ocean Star No. 2", "OCEAN STAR II"), ("Vessel", "מרי", "Mary"),
]


def bench_pairs(runs: int = 3) -> dict[str, Any]:
    """Quality on both pair files, and pairs per second: each matcher scores all pairs in a
    fresh process of its own, ``runs`` times, the two alternating (so that neither finds the
    caches, rigour's included, that the other filled); the median run counts."""
    import concurrent.futures

    from illicitflow.screen import DEFAULT_THRESHOLD

    context = multiprocessing.get_context("spawn")
    timings: dict[str, list[float]] = {"ours": [], "logic_v2": []}
    tagger: list[float] = []
    scores: dict[str, dict[str, list[float]]] = {}
    for _ in range(runs):
        for matcher in timings:
            with concurrent.futures.ProcessPoolExecutor(1, mp_context=context) as pool:
                run = pool.submit(_score_pairs, matcher).result()
            timings[matcher].append(run["seconds"])
            scores[matcher] = run["scores"]
            if matcher == "ours":
                tagger.append(run["tagger_seconds"])
    files = {key: read_pairs(path) for key, path in PAIR_FILES.items()}
    out: dict[str, Any] = {}
    n_pairs = 0
    for key, (rows, labels) in files.items():
        ours, theirs = scores["ours"][key], scores["logic_v2"][key]
        n_pairs += len(rows)
        sub = sorted(held_out(len(rows)))
        out[key] = {
            "pairs": len(rows),
            "ours": prf(ours, labels, DEFAULT_THRESHOLD),
            "logic_v2": prf(theirs, labels, LOGIC_V2_THRESHOLD),
            "ours_held_out": prf([ours[i] for i in sub], [labels[i] for i in sub],
                                 DEFAULT_THRESHOLD),
            "logic_v2_held_out": prf([theirs[i] for i in sub], [labels[i] for i in sub],
                                     LOGIC_V2_THRESHOLD),
            "logic_v2_at_our_threshold": prf(theirs, labels, DEFAULT_THRESHOLD),
        }
    rates = {m: sorted(round(n_pairs / t) for t in ts) for m, ts in timings.items()}
    ours, theirs = rates["ours"][runs // 2], rates["logic_v2"][runs // 2]
    tagger_us = sorted(t / n_pairs * 1e6 for t in tagger)[runs // 2]
    out["speed"] = {
        "pairs": n_pairs,
        "runs": runs,
        "ours_pairs_per_s": ours,
        "logic_v2_pairs_per_s": theirs,
        "ratio": round(ours / theirs, 2),
        "ours_runs": rates["ours"],
        "logic_v2_runs": rates["logic_v2"],
        "rigour_tagger_us_per_name": rigour_tagger_us(files),
        # rigour's tagger inside our timed loop (names it has not seen), and the most any
        # matcher that calls it on every person's name could reach against logic-v2
        "rigour_tagger_us_per_pair_cold": round(tagger_us, 1),
        "ratio_ceiling_with_tagger": round(1e6 / theirs / tagger_us, 1),
        "logic_v2_us_per_pair": round(1e6 / theirs, 1),
        "bare_matcher": bare_matcher(files),
    }
    return out


def _score_pairs(matcher: str) -> dict[str, Any]:
    """Score both pair files with one matcher, in this (fresh) process: reference data loaded
    and the matcher warmed on other pairs first, so that the timing is of scoring alone, and
    each file's timed loop started after a full garbage collection."""
    tagger = [0.0]  # seconds inside rigour's name tagger, which both matchers call
    if matcher == "ours":
        import rigour.names

        from illicitflow.screen import score_names
        from illicitflow.screen.names import load_tables

        analyze_names = rigour.names.analyze_names

        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return analyze_names(*args, **kwargs)
            finally:
                tagger[0] += time.perf_counter() - start

        rigour.names.analyze_names = timed  # names.py imports it at each call
        load_tables()
        for schema, a, b in WARM_UP:
            score_names(a, b, schema)

        def score(rows: list[dict[str, str]]) -> list[float]:
            return [score_names(r["name1"], r["name2"], r["schema"]) for r in rows]
    else:
        algo, config = logic_v2()
        for k, (schema, a, b) in enumerate(WARM_UP):
            algo.compare(proxy(schema, [a], f"warm-{k}-a"), proxy(schema, [b], f"warm-{k}-b"),
                         config)

        def score(rows: list[dict[str, str]]) -> list[float]:
            return logic_v2_scores(algo, config, rows)
    seconds = 0.0
    scores: dict[str, list[float]] = {}
    tagger[0] = 0.0
    for key, path in PAIR_FILES.items():
        rows, _ = read_pairs(path)
        gc.collect()
        start = time.perf_counter()
        scores[key] = score(rows)
        seconds += time.perf_counter() - start
    return {"seconds": seconds, "scores": scores, "tagger_seconds": tagger[0]}


def bench_more_pairs(paths: list[Path]) -> dict[str, Any]:
    """Quality alone (not timed) on labelled pair files of the same layout that are not in the
    shared data, such as a set a user has labelled: both matchers at their thresholds."""
    from illicitflow.screen import DEFAULT_THRESHOLD, score_names

    algo, config = logic_v2()
    out: dict[str, Any] = {}
    for path in paths:
        rows, labels = read_pairs(path)
        ours = [score_names(r["name1"], r["name2"], r["schema"]) for r in rows]
        theirs = logic_v2_scores(algo, config, rows)
        out[path.name] = {"pairs": len(rows), "matches": sum(labels),
                          "ours": prf(ours, labels, DEFAULT_THRESHOLD),
                          "logic_v2": prf(theirs, labels, LOGIC_V2_THRESHOLD)}
    return out


def bare_matcher(files: dict[str, PairFile]) -> dict[str, Any]:
    """A bare matcher, as a floor: ICU's Any-Latin for names not in ASCII, lower case, the
    better of rapidfuzz's token-sort and token-set ratios. Its time per pair (warm: a second
    pass over both files) and its F1 at 0.8 and at its best threshold on each file."""
    import icu
    from rapidfuzz import fuzz

    latin = icu.Transliterator.createInstance("Any-Latin; Latin-ASCII; Lower")

    def norm(name: str) -> str:
        text = name.lower() if name.isascii() else latin.transliterate(name)
        return " ".join(re.sub(r"[^\w\s]", " ", text).split())

    def score(row: dict[str, str]) -> float:
        a, b = norm(row["name1"]), norm(row["name2"])
        return max(fuzz.token_sort_ratio(a, b), fuzz.token_set_ratio(a, b)) / 100

    out: dict[str, Any] = {}
    seconds, n_pairs = 0.0, 0
    for key, (rows, labels) in files.items():
        [score(r) for r in rows]  # ICU builds each script's rules on first use
        gc.collect()
        start = time.perf_counter()
        scores = [score(r) for r in rows]
        seconds += time.perf_counter() - start
        n_pairs += len(rows)
        best = max((prf(scores, labels, t / 100)["f1"], t / 100) for t in range(30, 100))
        out[key] = {"f1_at_0.8": prf(scores, labels, 0.8)["f1"], "best_f1": best[0],
                    "best_threshold": best[1]}
    out["us_per_pair"] = round(seconds / n_pairs * 1e6, 1)
    return out


def rigour_tagger_us(files: dict[str, PairFile]) -> float:
    """Microseconds per name of rigour's name tagger alone (as :mod:`illicitflow.screen.names`
    calls it for people's names), warm, over the names of both pair files: a floor under any
    matcher that tags names with it, ours and logic-v2 alike."""
    from rigour.names import NameTypeTag, analyze_names

    names = [r[k] for rows, _ in files.values() for r in rows for k in ("name1", "name2")]
    for name in names:  # warm rigour's own caches
        analyze_names(NameTypeTag.PER, [name], phonetics=False, numerics=False,
                      consolidate=False)
    start = time.perf_counter()
    for name in names:
        analyze_names(NameTypeTag.PER, [name], phonetics=False, numerics=False,
                      consolidate=False)
    return round((time.perf_counter() - start) / len(names) * 1e6, 1)


# --- the lists ----------------------------------------------------------------------------------


def open_lists(store_path: Path | None) -> tuple[Path, Any, float, float]:
    """(store path, index, build seconds, load seconds): the given store, or a temporary one
    with all lists; the index is rebuilt and saved into it."""
    from illicitflow.lists.load import load_paths
    from illicitflow.screen.index import ScreenIndex
    from illicitflow.store import Store

    if store_path is None:
        store_path = Path(tempfile.mkdtemp(prefix="screen-bench-")) / "lists.duckdb"
        with Store.open(store_path) as store:
            load_paths(store, [SHARED / "sanctions" / f for f in LIST_FOLDERS])
    with Store.open(store_path) as store:
        start = time.perf_counter()
        index = ScreenIndex.for_store(store, rebuild=True)
        built = time.perf_counter() - start
        start = time.perf_counter()
        ScreenIndex.load(store.con)
        loaded = time.perf_counter() - start
    return store_path, index, built, loaded


# --- 3 and 4: throughput and false positives ------------------------------------------------


def people(n: int, seed: int) -> list[dict[str, Any]]:
    from illicitflow.world.names import random_people

    drawn = random_people(np.random.default_rng(seed), n)
    return [
        {"full_name": str(name), "date_of_birth": str(dob), "nationality": str(nat),
         "gender": str(gender)}
        for name, dob, nat, gender in zip(drawn["name"], drawn["birth_date"],
                                          drawn["nationality"], drawn["gender"], strict=True)
    ]


def bench_throughput(store_path: Path, n: int, million: bool) -> dict[str, Any]:
    """Queries per second, each measured in a fresh process (as the CLI runs: the index loaded
    from the store, every list name analysed once, then 1 or 2 processes screening), each on
    queries of its own, so that no run finds the caches another one filled."""
    import concurrent.futures

    context = multiprocessing.get_context("spawn")
    out: dict[str, Any] = {"queries": n}
    for workers in (1, 2):
        with concurrent.futures.ProcessPoolExecutor(1, mp_context=context) as pool:
            run = pool.submit(_throughput, store_path, n, workers, 2023 + workers).result()
        out["load_and_warm_seconds"] = run["load_and_warm_seconds"]
        out[f"queries_per_s_{workers}_process"] = run["queries_per_s"]
    out["million_minutes_extrapolated"] = round(
        (out["load_and_warm_seconds"] + 1_000_000 / out["queries_per_s_2_process"]) / 60, 1)
    if million:
        with concurrent.futures.ProcessPoolExecutor(1, mp_context=context) as pool:
            run = pool.submit(_throughput, store_path, 1_000_000, 2, 2025).result()
        out["million_minutes_measured"] = round(
            (run["load_and_warm_seconds"] + 1_000_000 / run["queries_per_s"]) / 60, 1)
    return out


def _throughput(store_path: Path, n: int, workers: int, seed: int) -> dict[str, Any]:
    from illicitflow.screen import screen
    from illicitflow.screen.index import ScreenIndex
    from illicitflow.store import Store

    queries = people(n, seed=seed)
    with Store.open(store_path, read_only=True) as store:
        start = time.perf_counter()
        index = ScreenIndex.load(store.con)
        index.warm()
        warm = round(time.perf_counter() - start, 1)
    start = time.perf_counter()
    screen(queries, index, workers=workers)
    return {"load_and_warm_seconds": warm,
            "queries_per_s": round(n / (time.perf_counter() - start))}


def bench_false_positives(index: Any, n: int = 10_000) -> dict[str, Any]:
    from illicitflow.screen import screen

    queries = people(n, seed=7)
    results = screen(queries, index, workers=2)
    hit_rows = {r["query_row"] for r in results}
    names_only = screen([{"full_name": q["full_name"]} for q in queries], index, workers=2)
    name_rows = {r["query_row"] for r in names_only}
    examples = Counter((r["query_name"], r["candidate_name"]) for r in results).most_common(10)
    return {
        "people": n,
        "with_any_hit": len(hit_rows),
        "rate": round(len(hit_rows) / n, 4),
        "name_only_rate": round(len(name_rows) / n, 4),
        "examples": [f"{q} -> {c}" for (q, c), _ in examples],
    }


# --- 5: retrieval -------------------------------------------------------------------------------

_KOREAN_SURNAME_VARIANTS = {"ri": ["Lee", "Yi", "Rhee"], "choe": ["Choi"], "pak": ["Park"],
                            "kim": ["Gim"], "jong": ["Jung", "Chong"], "o": ["Oh"],
                            "ryu": ["Yu", "Yoo"], "rim": ["Lim", "Im"], "ro": ["Roh", "No"]}


def _korean_variant(tokens: list[str], rng: random.Random) -> list[str] | None:
    """Another romanisation of a Korean name: surname spelling, MR / RR given names, hyphens."""
    from illicitflow.screen.korean import readings, surname_groups

    if len(tokens) < 2 or not surname_groups(tokens[0]) or not all(
            readings(t.lower()) for t in tokens[1:]):
        return None
    surname = tokens[0]
    options = _KOREAN_SURNAME_VARIANTS.get(surname.lower())
    if options and rng.random() < 0.5:
        surname = rng.choice(options)
    given = [t.lower() for t in tokens[1:]]
    style = rng.choice(["mr", "rr", "press", "joined"])
    if style == "mr":  # McCune-Reischauer without marks: j -> ch at the start of a syllable
        given = [re.sub(r"^j", "ch", g) for g in given]
    elif style == "rr":  # Revised Romanization: o -> eo, u -> eu in some syllables, k -> g
        given = [re.sub(r"^k", "g", g.replace("yo", "yeo")) for g in given]
    if style in ("press", "rr") and len(given) >= 2:
        given = ["-".join(given)]
    elif style == "joined":
        given = ["".join(given)]
    return [surname.capitalize(), *(g.capitalize() for g in given)]


_TRANSLIT = [("mohammed", "muhammad"), ("muhammad", "mohamed"), ("abdul", "abd al"),
             ("ou", "u"), ("y", "i"), ("kh", "h"), ("sh", "ch"), ("ee", "i"), ("al-", "el-")]


def _typo(token: str, rng: random.Random) -> str:
    if len(token) < 5:
        return token
    i = rng.randrange(1, len(token) - 1)
    op = rng.choice(["sub", "del", "ins", "swap"])
    letters = "abcdefghijklmnopqrstuvwxyz"
    if op == "sub":
        return token[:i] + rng.choice(letters) + token[i + 1 :]
    if op == "del":
        return token[:i] + token[i + 1 :]
    if op == "ins":
        return token[:i] + rng.choice(letters) + token[i:]
    return token[: i - 1] + token[i] + token[i - 1] + token[i + 1 :]


def _is_legal(word: str, legal: set[str]) -> bool:
    from illicitflow.screen.text import tokenize

    tokens = tokenize(word)
    return bool(tokens) and all(t in legal for t in tokens)


def _legal_words() -> set[str]:
    from illicitflow.screen.names import _legal_vocabulary

    return set(_legal_vocabulary())


_PARTICLES = {"al", "el", "bin", "ben", "ibn", "ould", "abu", "abd", "bint", "de", "van", "von"}


def _units(tokens: list[str]) -> list[list[str]]:
    """Name parts with their particles: "Ben Ali", "al-Rashid" move as one."""
    units: list[list[str]] = []
    for token in tokens:
        if units and units[-1][-1].lower() in _PARTICLES:
            units[-1].append(token)
        else:
            units.append([token])
    return units


def _trailing_legal(tokens: list[str]) -> int:
    """How many trailing tokens form a legal form (0 if none)."""
    from illicitflow.screen.names import _legal_phrases
    from illicitflow.screen.text import tokenize

    phrases = _legal_phrases()
    for k in range(min(6, len(tokens) - 1), 0, -1):
        if tokenize(" ".join(tokens[-k:])) in phrases:
            return k
    return 0


def make_queries(index: Any, n: int, seed: int = 11) -> list[dict[str, Any]]:
    """Queries from real list entries (persons, organisations, vessels of OFAC and UN).

    People's names get typos, reordered parts, a dropped middle part (4+ parts) and
    romanisation variants (Korean surname spellings and MR / RR / press styles; Arabic
    transliteration variants). Firms' and vessels' names get typos, their legal form dropped
    or written out, and transliteration variants; their words are not reordered or dropped,
    since a firm with a word more or less is another firm (a sibling, a subsidiary).
    """
    rng = random.Random(seed)
    legal = _legal_words()
    pool = [i for i, s in enumerate(index.schemas)
            if s in ("Person", "Organization", "Company", "Vessel")]
    rng.shuffle(pool)
    queries: list[dict[str, Any]] = []
    for pos in pool:
        if len(queries) >= n:
            break
        person = index.schemas[pos] == "Person"
        names = [index.names[k] for k in index.entity_names[pos]
                 if index.name_types[k] in ("name", "alias")]
        if not names:
            continue
        name = rng.choice(names)
        if person and "," in name:
            family, _, given = name.partition(",")
            name = f"{given.strip()} {family.strip()}"
        tokens = [t for t in re.split(r"\s+", name.strip()) if t]
        if len(tokens) < 2:
            continue
        changes: list[str] = []
        korean = _korean_variant(tokens, rng) if person else None
        if person:
            kinds = ["typo", "reorder", "drop", "translit"] + (["korean"] * 3 if korean else [])
        else:
            kinds = ["typo", "legal", "translit"]
        for change in rng.sample(kinds, k=min(len(kinds), rng.choice([1, 1, 2]))):
            if change == "korean" and korean:
                tokens = korean
            elif change == "typo":
                candidates = [k for k, t in enumerate(tokens)
                              if len(t) >= 5 and not _is_legal(t, legal)]
                if not candidates:
                    continue
                k = rng.choice(candidates)
                tokens[k] = _typo(tokens[k], rng)
            elif change == "reorder":  # surname first <-> given names first
                units = _units(tokens)
                if len(units) < 2:
                    continue
                units = [units[-1], *units[:-1]] if rng.random() < 0.5 else [
                    *units[1:], units[0]]
                tokens = [t for unit in units for t in unit]
            elif change == "drop" and len(tokens) >= 4:
                tokens.pop(rng.randrange(1, len(tokens) - 1))
            elif change == "legal":  # the legal form dropped or written another way
                form = _trailing_legal(tokens)
                if not form or len(tokens) - form < 2:
                    continue
                last = " ".join(tokens[-form:]).lower().strip(".,")
                swap = {"ltd": "Limited", "limited": "Ltd", "llc": "Limited Liability Company",
                        "co": "Company", "company": "Co.", "inc": "Incorporated",
                        "corp": "Corporation", "corporation": "Corp.", "jsc": "Joint Stock Company",
                        "limited liability company": "LLC", "joint stock company": "JSC"}
                tokens = tokens[:-form]
                if last in swap and rng.random() < 0.5:
                    tokens.append(swap[last])
            elif change == "translit":  # in a name word, not in a legal form
                words = [k for k, t in enumerate(tokens) if not _is_legal(t, legal)]
                done = False
                for a, b in rng.sample(_TRANSLIT, len(_TRANSLIT)):
                    for k in words:
                        if a in tokens[k].lower():
                            new = re.sub(re.escape(a), b, tokens[k].lower(), count=1)
                            tokens[k] = new.upper() if tokens[k].isupper() else new.capitalize()
                            done = True
                            break
                    if done:
                        break
                if not done:
                    continue
                tokens = " ".join(tokens).split()
            else:
                continue
            changes.append(change)
        if not changes:
            continue
        queries.append({"full_name": " ".join(tokens), "schema": index.schemas[pos],
                        "expected": index.entity_ids[pos], "changes": "+".join(changes),
                        "source": name})
    return queries


def bench_retrieval(index: Any, n: int, lv2_queries: int) -> dict[str, Any]:
    from illicitflow.screen import DEFAULT_THRESHOLD, screen

    threshold = DEFAULT_THRESHOLD
    queries = make_queries(index, n)
    results = screen([{k: q[k] for k in ("full_name", "schema")} for q in queries], index,
                     workers=2)
    by_row: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in results:
        by_row[r["query_row"]].append(r)
    strict = same = tie = 0
    position = {e: i for i, e in enumerate(index.entity_ids)}
    per_change: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    per_schema: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses: list[str] = []
    for row, q in enumerate(queries):
        found = by_row.get(row, [])
        top = found[0] if found else None
        ok_strict = bool(top) and top["entity_id"] == q["expected"]
        ok_tie = ok_strict or any(r["entity_id"] == q["expected"] and r["score"] >= top["score"]
                                  for r in found) if top else False
        # another entry listed under exactly the source name (the same person on the UN and
        # the OFAC list) is as right: no name screening can tell the two apart
        ok_same = ok_strict or (bool(top) and top["score"] >= threshold and _words(
            q["source"]) in {_words(index.names[k])
                             for k in index.entity_names[position[top["entity_id"]]]})
        strict += ok_strict
        same += ok_same
        tie += ok_tie
        per_change[q["changes"]][0] += ok_same
        per_change[q["changes"]][1] += 1
        per_schema[q["schema"]][0] += ok_same
        per_schema[q["schema"]][1] += 1
        if not ok_same and len(misses) < 40:
            misses.append(f"{q['full_name']!r} (from {q['source']!r}, {q['changes']}) -> "
                          f"{top['candidate_name'] if top else 'nothing'}")
    out: dict[str, Any] = {
        "queries": len(queries),
        "top1": round(same / len(queries), 4),
        "top1_entry_only": round(strict / len(queries), 4),
        "top1_ties_allowed": round(tie / len(queries), 4),
        "by_schema": {k: f"{v[0]}/{v[1]}" for k, v in sorted(per_schema.items())},
        "by_change": {k: f"{v[0]}/{v[1]}" for k, v in sorted(per_change.items())},
        "misses": misses,
    }
    if lv2_queries:
        out["logic_v2"] = bench_logic_v2_retrieval(index, queries, by_row, lv2_queries,
                                                   DEFAULT_THRESHOLD)
    return out


# --- 6: the same entries on two lists ----------------------------------------------------------

def cross_list_links(store_path: Path) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(UN entry, OFAC entry) pairs that share an identifier (as screening reads them, of six
    or more letters and digits) that no other entry of either list carries; each entry is
    {schema, names, aliases}."""
    from illicitflow.screen.evidence import entity_evidence
    from illicitflow.store import Store

    with Store.open(store_path) as store:
        rows = store.con.execute(
            "SELECT id, schema, properties FROM entities WHERE id LIKE 'un-%' "
            "OR id LIKE 'ofac-%' ORDER BY id").fetchall()
    entries: dict[str, dict[str, Any]] = {}
    holders: dict[str, set[str]] = defaultdict(set)
    for ident, schema, props in rows:
        props = json.loads(props)
        entries[ident] = {"schema": schema, "names": props.get("name", []),
                          "aliases": props.get("alias", []) + props.get("weakAlias", [])}
        evidence = entity_evidence(props)
        for key in evidence.identifiers | evidence.imo:
            if len(key) >= 6:
                holders[key].add(ident)
    links = set()
    for ids in holders.values():
        un = [i for i in ids if i.startswith("un-")]
        ofac = [i for i in ids if i.startswith("ofac-")]
        if len(un) == 1 and len(ofac) == 1 and entries[un[0]]["names"] and entries[ofac[0]][
                "names"]:
            links.add((un[0], ofac[0]))
    return [(entries[u], entries[o]) for u, o in sorted(links)]


def bench_cross_list(store_path: Path) -> dict[str, Any]:
    from illicitflow.screen import DEFAULT_THRESHOLD, score_names

    algo, config = logic_v2()
    links = cross_list_links(store_path)
    found = Counter()
    misses: list[str] = []
    for k, (un, ofac) in enumerate(links):
        schema = un["schema"] if un["schema"] == ofac["schema"] else "LegalEntity"
        every = max(score_names(a, b, schema) for a in un["names"] + un["aliases"]
                    for b in ofac["names"] + ofac["aliases"])
        primary = score_names(un["names"][0], ofac["names"][0], schema)
        theirs = algo.compare(
            proxy(schema, un["names"], f"x{k}-un", {"alias": un["aliases"]}),
            proxy(schema, ofac["names"], f"x{k}-ofac", {"alias": ofac["aliases"]}), config)
        theirs_primary = algo.compare(proxy(schema, un["names"][:1], f"x{k}-unp"),
                                      proxy(schema, ofac["names"][:1], f"x{k}-ofacp"), config)
        found["ours"] += every >= DEFAULT_THRESHOLD
        found["ours_primary"] += primary >= DEFAULT_THRESHOLD
        found["logic_v2"] += theirs.score >= LOGIC_V2_THRESHOLD
        found["logic_v2_primary"] += theirs_primary.score >= LOGIC_V2_THRESHOLD
        if every < DEFAULT_THRESHOLD:
            misses.append(f"{un['names'][0]!r} / {ofac['names'][0]!r}: {every:.3f}")
    n = len(links)
    return {"links": n, **{f"recall_{k}": round(v / n, 4) for k, v in sorted(found.items())},
            "misses": misses}


def _words(name: str) -> tuple[str, ...]:
    """A name's words in any order and format ("KIM, Jong Un" is "Jong Un Kim")."""
    from illicitflow.screen.text import tokenize

    return tuple(sorted(tokenize(name)))


_LV2: dict[str, Any] = {}


def _lv2_worker(args: tuple[str, list[int], str]) -> list[tuple[float, str]]:
    name, chunk, ident = args
    algo, config = _LV2["algo"], _LV2["config"]
    query = proxy("Person", [name], ident)
    return [(algo.compare(query, _LV2["people"][i], config).score, _LV2["people"][i].id)
            for i in chunk]


def bench_logic_v2_retrieval(index: Any, queries: list[dict[str, Any]],
                             ours: dict[int, list[dict[str, Any]]], n: int,
                             threshold: float) -> dict[str, Any]:
    """logic-v2 scoring each person query against every listed person (exhaustive)."""
    algo, config = logic_v2()
    people_pos = [i for i, s in enumerate(index.schemas) if s == "Person"]
    _LV2.update(algo=algo, config=config, people=[
        proxy("Person", [index.names[k] for k in index.entity_names[i]
                         if index.name_types[k] != "weakAlias"], index.entity_ids[i])
        for i in people_pos])
    rows = [r for r, q in enumerate(queries) if q["schema"] == "Person"][:n]
    chunks = np.array_split(np.arange(len(people_pos)), 8)
    lv2_ok = our_ok = 0
    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(2) as pool:
        for row in rows:
            q = queries[row]
            scored = [s for part in pool.map(_lv2_worker, [(q["full_name"], c.tolist(),
                                                             f"query-{row}") for c in chunks])
                      for s in part]
            best = max(s for s, _ in scored)
            lv2_ok += best >= LOGIC_V2_THRESHOLD and any(
                e == q["expected"] and s >= best for s, e in scored)
            found = ours.get(row, [])
            our_ok += bool(found) and any(
                r["entity_id"] == q["expected"] and r["score"] >= found[0]["score"]
                for r in found)
    seconds = time.perf_counter() - start
    return {"person_queries": len(rows), "listed_people": len(people_pos),
            "logic_v2_top1": round(lv2_ok / len(rows), 4),
            "ours_top1_same_queries": round(our_ok / len(rows), 4),
            "logic_v2_seconds": round(seconds), "threshold_logic_v2": LOGIC_V2_THRESHOLD,
            "threshold_ours": threshold}


# --- report -------------------------------------------------------------------------------------


def markdown(result: dict[str, Any]) -> str:
    from illicitflow.screen import ALGORITHM, DEFAULT_THRESHOLD

    lines = [f"## Screening ({ALGORITHM}, threshold {DEFAULT_THRESHOLD})", "",
             "Command: `.venv/bin/python bench/screening.py`", ""]
    pairs = result.get("pairs")
    if pairs:
        lines += ["| pair set | matcher | P | R | F1 | F1 held-out half |",
                  "|---|---|---|---|---|---|"]
        for key in PAIR_FILES:
            r = pairs[key]
            lines.append(f"| {key} ({r['pairs']}) | illicitflow @{DEFAULT_THRESHOLD} | "
                         f"{r['ours']['precision']} | {r['ours']['recall']} | {r['ours']['f1']} "
                         f"| {r['ours_held_out']['f1']} |")
            lines.append(f"| {key} | logic-v2 @{LOGIC_V2_THRESHOLD} | "
                         f"{r['logic_v2']['precision']} | {r['logic_v2']['recall']} | "
                         f"{r['logic_v2']['f1']} | {r['logic_v2_held_out']['f1']} |")
        s = pairs["speed"]
        lines += ["", f"Pairs per second (median of {s['runs']} runs each): illicitflow "
                      f"{s['ours_pairs_per_s']}, logic-v2 {s['logic_v2_pairs_per_s']} "
                      f"({s['ratio']}x). rigour's tagger alone: "
                      f"{s['rigour_tagger_us_per_pair_cold']} µs per pair, at most "
                      f"{s['ratio_ceiling_with_tagger']}x. A bare matcher (ICU and "
                      f"rapidfuzz alone): {s['bare_matcher']['us_per_pair']} µs per pair "
                      f"(logic-v2 {s['logic_v2_us_per_pair']}), best F1 "
                      + ", ".join(f"{k} {s['bare_matcher'][k]['best_f1']}" for k in PAIR_FILES)
                      + ".", ""]
    for name, r in result.get("more_pairs", {}).items():
        lines.append(f"{name} ({r['pairs']} pairs): illicitflow F1 {r['ours']['f1']} "
                     f"(P {r['ours']['precision']}, R {r['ours']['recall']}), logic-v2 F1 "
                     f"{r['logic_v2']['f1']} (P {r['logic_v2']['precision']}, R "
                     f"{r['logic_v2']['recall']}).")
    for key in ("index", "throughput", "false_positives", "retrieval", "cross_list"):
        if key in result:
            lines += [f"### {key}", "", "```", json.dumps(result[key], indent=2,
                                                          ensure_ascii=False), "```", ""]
    return "\n".join(lines)


def bench_lists(args: argparse.Namespace, skip: set[str]) -> dict[str, Any]:
    """The parts that screen against the loaded lists (3 to 6)."""
    result: dict[str, Any] = {}
    store_path, index, built, loaded = open_lists(args.store)
    result["index"] = {"entities": len(index.entity_ids), "names": len(index.names),
                       "keys": len(index.key_index), "build_seconds": round(built, 1),
                       "load_seconds": round(loaded, 1),
                       "list_versions": [v["version_id"] for v in index.list_versions]}
    print(json.dumps(result["index"], indent=2), flush=True)
    if "throughput" not in skip:
        result["throughput"] = bench_throughput(store_path, args.throughput_queries,
                                                args.million)
        print(json.dumps(result["throughput"], indent=2), flush=True)
    if "fp" not in skip:
        result["false_positives"] = bench_false_positives(index)
        print(json.dumps(result["false_positives"], indent=2), flush=True)
    if "retrieval" not in skip:
        result["retrieval"] = bench_retrieval(index, args.retrieval_queries,
                                              args.logic_v2_queries)
        print(json.dumps(result["retrieval"], indent=2, ensure_ascii=False), flush=True)
    if "cross" not in skip:
        result["cross_list"] = bench_cross_list(store_path)
        print(json.dumps(result["cross_list"], indent=2, ensure_ascii=False), flush=True)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", type=Path, help="a store with the lists already loaded")
    parser.add_argument("--json", type=Path, help="write the figures as JSON")
    parser.add_argument("--markdown", type=Path, help="write the report as Markdown")
    parser.add_argument("--throughput-queries", type=int, default=20_000)
    parser.add_argument("--retrieval-queries", type=int, default=2_000)
    parser.add_argument("--logic-v2-queries", type=int, default=30,
                        help="person queries logic-v2 scores against every listed person")
    parser.add_argument("--million", action="store_true", help="measure 1,000,000 names")
    parser.add_argument("--skip", default="",
                        help="comma list: pairs,throughput,fp,retrieval,cross")
    parser.add_argument("--more-pairs", type=Path, action="append", default=[],
                        metavar="CSV", help="another labelled pair file "
                        "(case_group,schema,name1,name2,is_match,...): quality only")
    args = parser.parse_args(argv)
    if not SHARED.exists():
        print(f"no shared data at {SHARED}", file=sys.stderr)
        return 2
    skip = set(filter(None, args.skip.split(",")))
    result: dict[str, Any] = {}
    if "pairs" not in skip:
        result["pairs"] = bench_pairs()
        print(json.dumps(result["pairs"], indent=2), flush=True)
    if args.more_pairs:
        result["more_pairs"] = bench_more_pairs(args.more_pairs)
        print(json.dumps(result["more_pairs"], indent=2), flush=True)
    if not skip >= {"throughput", "fp", "retrieval", "cross"}:
        result.update(bench_lists(args, skip))
    report = markdown(result)
    print(report)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    if args.markdown:
        args.markdown.write_text(report + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
