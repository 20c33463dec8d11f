"""The candidate index: find the handful of list names worth scoring, without a search server.

Every list name is analysed once (:func:`illicitflow.screen.names.analyse`) and filed under
retrieval keys of its tokens:

* ``d:`` the token's phonetic skeleton and every skeleton with one letter deleted (a deletion
  neighbourhood: two tokens one or two edits apart share a key, so typos are found by lookup);
  also the skeleton of each pair of adjacent tokens written together (SiemensAG, PolPot);
* ``k:`` / ``ks:`` the Korean syllable readings of a Korean given name and the surname groups
  (Kim Chong Un finds KIM Jong Un);
* ``t:`` the token as written and its one-letter deletions: a typo that changes a skeleton's
  letter groups (Fakher / Fakcer, Luch / Lcuh) still shares a key with the word it spoils;
* ``s:`` the symbols of a given name (Muhammad, Mohamed and Mohammed are one symbol);
* ``c:`` the consonant key of each token, which names transliterated from Arabic or Hebrew
  script are looked up by;
* identifiers and IMO numbers, by entity.

A query's tokens are looked up the same way; each list name collects the weight of the query
tokens that found it, and only the names that cover enough of the query (:data:`MIN_COVER`),
best first, are scored in full. The index is persisted in the store's DuckDB file as
``screen_meta``, ``screen_entities``, ``screen_names`` and ``screen_keys``, tagged with the list
versions it was built from; :meth:`ScreenIndex.for_store` rebuilds it when the lists change.
"""

from __future__ import annotations

import functools
import itertools
import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np
import orjson
import pyarrow as pa

from illicitflow.screen import evidence as ev
from illicitflow.screen.logic import ALGORITHM, Score, score_candidate, written_alike
from illicitflow.screen.names import NameForm, Token, analyse, schema_kind
from illicitflow.screen.text import consonants, skeleton

#: Version of the persisted layout; an index of another version is rebuilt.
INDEX_VERSION = f"{ALGORITHM}/index-21"
#: FtM properties that hold names, with the name type recorded for each.
NAME_PROPERTIES = ("name", "alias", "abbreviation", "previousName", "weakAlias")
#: Share of the query's token weight a list name must cover to be scored.
MIN_COVER = 0.45
#: Most list names scored per query (the best covered first).
MAX_NAMES = 32
#: Most entities scored per query.
MAX_ENTITIES = 5
#: Share of a token's rank weight earned by a name it found only through a typo.
FUZZY_HIT = 0.6
MAX_FUZZY_POSTINGS = 400
#: A name symbol shared by more list names than this (Muhammad's) is not followed.
MAX_SYMBOL_POSTINGS = 250
_GROUPS = 256  # most query token groups per query

Progress = Callable[[int, int], None]


_DOUBLE = re.compile(r"(.)\1+")


def _text_deletions(text: str) -> set[str]:
    """A word's one-letter deletions (words of four letters or more)."""
    if len(text) < 4:
        return set()
    return {text[:i] + text[i + 1 :] for i in range(len(text))}


def _deletions(skel: str) -> set[str]:
    """A skeleton and its one-letter deletions (doubled letters collapsed again)."""
    if len(skel) < 4:
        return {skel}
    if _DOUBLE.search(skel):
        return {skel} | {_DOUBLE.sub(r"\1", d) for d in _text_deletions(skel)}
    # without doubled letters, a deletion doubles one only where its two neighbours are alike
    out = {skel}
    last = len(skel) - 1
    for i in range(len(skel)):
        d = skel[:i] + skel[i + 1 :]
        if 0 < i < last and skel[i - 1] == skel[i + 1]:
            d = _DOUBLE.sub(r"\1", d)
        out.add(d)
    return out


@functools.lru_cache(maxsize=200_000)
def coarse(skel: str) -> str:
    """The retrieval form of a skeleton: sh and ch fold into s, as transliterations write
    them interchangeably (Shahnawaz / Chahnawaz, Tekhmash / Tekhmach). Scoring keeps them
    apart; retrieval only needs to find the candidate."""
    return skel.replace("sh", "s").replace("c", "s")


def _query_keys(token: Token) -> tuple[set[str], set[str]]:
    """A query token's keys: those of the token as written, and its typo neighbourhood."""
    if token.role == "number":
        return {"n:" + token.text[1:]}, set()
    if token.role == "particle" or len(token.text) < 2:
        return set(), set()
    key = coarse(token.skel)
    exact = {"d:" + key}
    if token.readings:
        exact.update("k:" + "-".join(r) for r in list(token.readings)[:16])
    if token.surname:
        exact.update("ks:" + g for g in token.surname)
    if token.cons is not None and len(token.cons) >= 2:
        exact.add("c:" + token.cons)
    # the word as written finds list words one letter longer (through their deletions); the
    # skeleton key above already finds the word itself
    fuzzy = {"d:" + k for k in _deletions(key)} | {"t:" + k for k in _text_deletions(token.text)}
    fuzzy.add("t:" + token.text)
    return exact, fuzzy - exact


def token_keys(token: Token, query: bool = False) -> set[str]:
    """The retrieval keys of one token (see the module docstring)."""
    keys: set[str] = set()
    if token.role == "particle" or len(token.text) < 2:
        return keys
    keys.update("d:" + k for k in _deletions(coarse(token.skel)))
    keys.add("t:" + token.text)
    keys.update("t:" + k for k in _text_deletions(token.text))
    if token.symbols:
        keys.update("s:" + s for s in token.symbols)
    if token.readings:
        for reading in list(token.readings)[:16]:
            keys.add("k:" + "-".join(reading))
    if token.surname:
        keys.update("ks:" + s for s in token.surname)
    if token.cons is not None and len(token.cons) >= 2:
        keys.add("c:" + token.cons)
    elif not query and token.cons is None:
        cons = consonants(token.text)
        if len(cons) >= 2:
            keys.add("c:" + cons)
    return keys


def name_keys(form: NameForm) -> set[str]:
    """The retrieval keys of an analysed list name."""
    keys: set[str] = set()
    for variant in (form, *form.alternatives, *((form.plain,) if form.plain else ())):
        tokens = variant.tokens
        keys.update("n:" + n for n in variant.numbers)
        for token in tokens:
            keys |= token_keys(token)
        for a, b in itertools.pairwise(tokens):
            keys.add("d:" + coarse(skeleton(a.text + b.text)))
    # words written together across a legal form too (JSCARGUMENT, SiemensAG)
    for a, b in itertools.pairwise(form.surface):
        keys.add("d:" + coarse(skeleton(a + b)))
    return keys


@dataclass
class Candidate:
    """A list entity found for a query, with its score."""

    entity_pos: int
    score: Score


@dataclass
class ScreenIndex:
    """An in-process candidate index over the current list versions."""

    entity_ids: list[str]
    schemas: list[str]
    captions: list[str]
    lists: list[list[str]]
    evidence: list[ev.Evidence]
    names: list[str]
    name_entity: np.ndarray
    name_types: list[str]
    key_index: dict[str, int]
    offsets: np.ndarray
    postings: np.ndarray
    list_versions: list[dict[str, Any]] = field(default_factory=list)
    built_at: str = ""
    by_identifier: dict[str, list[int]] = field(default_factory=dict)
    name_weights: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))
    _cache: dict[tuple, tuple[np.ndarray | None, np.ndarray | None]] = field(
        default_factory=dict, repr=False)
    _entity_names: list[list[int]] | None = None
    _masks: dict[str, np.ndarray] = field(default_factory=dict, repr=False)
    _warm: bool = False

    # --- building -------------------------------------------------------------------------

    @classmethod
    def build(cls, entities: Iterable[Mapping[str, Any]],
              list_versions: Sequence[Mapping[str, Any]] = (),
              progress: Progress | None = None, total: int | None = None) -> ScreenIndex:
        """Index FtM entity dicts ``{"id", "schema", "properties", "lists"}``."""
        entity_ids: list[str] = []
        schemas: list[str] = []
        captions: list[str] = []
        lists: list[list[str]] = []
        evidence: list[ev.Evidence] = []
        names: list[str] = []
        name_entity: list[int] = []
        name_types: list[str] = []
        name_weights: list[float] = []
        key_rows: dict[str, list[int]] = {}
        for pos, entity in enumerate(entities):
            props = entity.get("properties") or {}
            schema = entity.get("schema") or "Thing"
            kind = schema_kind(schema)
            entity_ids.append(str(entity["id"]))
            schemas.append(schema)
            entity_names = [(v, prop) for prop in NAME_PROPERTIES for v in props.get(prop, ())]
            captions.append(str(entity.get("caption") or (entity_names[0][0] if entity_names
                                                          else entity["id"])))
            lists.append(list(entity.get("lists") or ()))
            evidence.append(ev.entity_evidence(props))
            seen: set[str] = set()
            for value, prop in entity_names:
                if not value or value in seen:
                    continue
                seen.add(value)
                form = analyse(value, kind)
                if not form.tokens:
                    continue
                name_pos = len(names)
                names.append(value)
                name_entity.append(pos)
                name_types.append(prop)
                name_weights.append(_form_weight(form))
                for key in name_keys(form):
                    key_rows.setdefault(key, []).append(name_pos)
            if progress and pos % 500 == 0:
                progress(pos, total or 0)
        index = cls._assemble(entity_ids, schemas, captions, lists, evidence, names,
                              np.asarray(name_entity, dtype=np.int32), name_types, key_rows)
        index.name_weights = np.asarray(name_weights, dtype=np.float32)
        index.list_versions = [_version(v) for v in list_versions]
        index.built_at = datetime.now(UTC).isoformat(timespec="seconds")
        return index

    @classmethod
    def _assemble(cls, entity_ids: list[str], schemas: list[str], captions: list[str],
                  lists: list[list[str]], evidence: list[ev.Evidence], names: list[str],
                  name_entity: np.ndarray, name_types: list[str],
                  key_rows: dict[str, list[int]]) -> ScreenIndex:
        keys = sorted(key_rows)
        sizes = np.fromiter((len(key_rows[k]) for k in keys), dtype=np.int64, count=len(keys))
        offsets = np.zeros(len(keys) + 1, dtype=np.int64)
        np.cumsum(sizes, out=offsets[1:])
        postings = np.empty(int(offsets[-1]), dtype=np.int32)
        for i, k in enumerate(keys):
            postings[offsets[i] : offsets[i + 1]] = key_rows[k]
        index = cls(entity_ids, schemas, captions, lists, evidence, names, name_entity,
                    name_types, {k: i for i, k in enumerate(keys)}, offsets, postings)
        index._index_identifiers()
        return index

    def _index_identifiers(self) -> None:
        self.by_identifier = {}
        for pos, e in enumerate(self.evidence):
            for value in e.identifiers:
                self.by_identifier.setdefault("i:" + value, []).append(pos)
            for value in e.imo:
                self.by_identifier.setdefault("imo:" + value, []).append(pos)

    @property
    def entity_names(self) -> list[list[int]]:
        if self._entity_names is None:
            grouped: list[list[int]] = [[] for _ in self.entity_ids]
            for name_pos, pos in enumerate(self.name_entity.tolist()):
                grouped[pos].append(name_pos)
            self._entity_names = grouped
        return self._entity_names

    def warm(self) -> None:
        """Analyse every list name now (before forking workers, which then share the work)."""
        if self._warm:
            return
        for name, pos in zip(self.names, self.name_entity.tolist(), strict=True):
            analyse(name, schema_kind(self.schemas[pos]))
        self._warm = True

    # --- persistence ----------------------------------------------------------------------

    def save(self, con: Any) -> None:
        """Write the index into a DuckDB connection as the ``screen_*`` tables."""
        meta = {
            "algorithm": ALGORITHM,
            "index_version": INDEX_VERSION,
            "built_at": self.built_at,
            "list_versions": self.list_versions,
            "entities": len(self.entity_ids),
            "names": len(self.names),
        }
        entities = pa.table({
            "entity_pos": pa.array(range(len(self.entity_ids)), pa.int32()),
            "entity_id": self.entity_ids,
            "schema": self.schemas,
            "caption": self.captions,
            "lists": pa.array(self.lists, pa.list_(pa.string())),
            "birth_dates": pa.array([list(e.birth_dates) for e in self.evidence],
                                    pa.list_(pa.string())),
            "nationalities": pa.array([sorted(e.nationalities) for e in self.evidence],
                                      pa.list_(pa.string())),
            "countries": pa.array([sorted(e.countries) for e in self.evidence],
                                  pa.list_(pa.string())),
            "gender": pa.array([e.gender for e in self.evidence], pa.string()),
            "identifiers": pa.array([sorted(e.identifiers) for e in self.evidence],
                                    pa.list_(pa.string())),
            "imo": pa.array([sorted(e.imo) for e in self.evidence], pa.list_(pa.string())),
        })
        names = pa.table({
            "name_pos": pa.array(range(len(self.names)), pa.int32()),
            "entity_pos": pa.array(self.name_entity, pa.int32()),
            "name": self.names,
            "name_type": self.name_types,
            "name_weight": pa.array(self.name_weights, pa.float32()),
        })
        keys_sorted = sorted(self.key_index, key=self.key_index.__getitem__)
        counts = np.diff(self.offsets)
        keys = pa.table({
            "key": pa.DictionaryArray.from_arrays(
                pa.array(np.repeat(np.arange(len(keys_sorted), dtype=np.int32), counts)),
                pa.array(keys_sorted, pa.string())).cast(pa.string()),
            "name_pos": pa.array(self.postings, pa.int32()),
        })
        con.execute("BEGIN TRANSACTION")
        try:
            for table, data in (("screen_entities", entities), ("screen_names", names),
                                ("screen_keys", keys)):
                con.register("_screen_tmp", data)
                con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM _screen_tmp")  # noqa: S608
                con.unregister("_screen_tmp")
            con.execute("CREATE OR REPLACE TABLE screen_meta (key VARCHAR, value VARCHAR)")
            con.executemany("INSERT INTO screen_meta VALUES (?, ?)",
                            [(k, orjson.dumps(v).decode()) for k, v in meta.items()])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise

    @staticmethod
    def read_meta(con: Any) -> dict[str, Any] | None:
        """The ``screen_meta`` of a store, or None when it holds no index."""
        try:
            rows = con.execute("SELECT key, value FROM screen_meta").fetchall()
        except Exception:  # no such table
            return None
        return {k: orjson.loads(v) for k, v in rows}

    @classmethod
    def load(cls, con: Any) -> ScreenIndex | None:
        """Read the index persisted in a DuckDB connection (None if absent or outdated)."""
        meta = cls.read_meta(con)
        if not meta or meta.get("index_version") != INDEX_VERSION:
            return None
        ent = _arrow(con, "SELECT * FROM screen_entities ORDER BY entity_pos")
        evidence = [
            ev.Evidence(tuple(b or ()), frozenset(n or ()), frozenset(c or ()), g,
                        frozenset(i or ()), frozenset(m or ()))
            for b, n, c, g, i, m in zip(
                ent["birth_dates"].to_pylist(), ent["nationalities"].to_pylist(),
                ent["countries"].to_pylist(), ent["gender"].to_pylist(),
                ent["identifiers"].to_pylist(), ent["imo"].to_pylist(), strict=True)
        ]
        names = _arrow(con, "SELECT name_pos, entity_pos, name, name_type, name_weight "
                            "FROM screen_names ORDER BY name_pos")
        keys = _arrow(con, "SELECT key, list(name_pos ORDER BY name_pos) AS postings "
                           "FROM screen_keys GROUP BY key ORDER BY key")
        key_list = keys["key"].to_pylist()
        lists_col = keys["postings"].combine_chunks()
        offsets = np.asarray(lists_col.offsets, dtype=np.int64)
        offsets = offsets - offsets[0]
        postings = np.asarray(lists_col.flatten(), dtype=np.int32)
        index = cls(
            entity_ids=ent["entity_id"].to_pylist(),
            schemas=ent["schema"].to_pylist(),
            captions=ent["caption"].to_pylist(),
            lists=[list(x or ()) for x in ent["lists"].to_pylist()],
            evidence=evidence,
            names=names["name"].to_pylist(),
            name_entity=np.asarray(names["entity_pos"], dtype=np.int32),
            name_types=names["name_type"].to_pylist(),
            key_index={k: i for i, k in enumerate(key_list)},
            offsets=offsets,
            postings=postings,
            list_versions=meta.get("list_versions", []),
            built_at=meta.get("built_at", ""),
        )
        index.name_weights = np.asarray(names["name_weight"], dtype=np.float32)
        index._index_identifiers()
        return index

    @classmethod
    def for_store(cls, store: Any, rebuild: bool = False,
                  progress: Progress | None = None) -> ScreenIndex:
        """The index of a store's current lists: loaded if it is up to date, else rebuilt and
        saved (saving is skipped when the store is read-only)."""
        versions = [_version(v) for v in store.list_versions(current=True)]
        if not rebuild:
            meta = cls.read_meta(store.con)
            if meta and meta.get("index_version") == INDEX_VERSION and _same_versions(
                    meta.get("list_versions", []), versions):
                loaded = cls.load(store.con)
                if loaded is not None:
                    return loaded
        total = sum(int(v.get("entities") or 0) for v in store.list_versions(current=True))
        index = cls.build(store.entities(), versions, progress=progress, total=total)
        try:
            index.save(store.con)
        except Exception as exc:  # a read-only store: screen with the index in memory
            if "read-only" not in str(exc).lower() and "read only" not in str(exc).lower():
                raise
        return index

    # --- searching ------------------------------------------------------------------------

    def _postings(self, token: Token) -> tuple[np.ndarray | None, np.ndarray | None]:
        """The list names a query token finds: through any of its keys, and through its keys
        as written (each sorted, without repeats; None where no key finds a name)."""
        signature = (token.text, token.role, token.readings, token.surname, token.cons,
                     token.symbols)
        hit = self._cache.get(signature)
        if hit is None:
            exact_keys, fuzzy_keys = _query_keys(token)
            # a typo neighbour shared by thousands of names (of Mohammed, of Ali) finds nothing
            # in particular: only rarer neighbours are followed
            # a name's other forms (Mohamed: Muhammad) count as the name itself, but like typos
            # are followed only where they are not common
            symbols = [self._lookup("s:" + s) for s in token.symbols or ()]
            exact = ([p for p in map(self._lookup, exact_keys) if p is not None]
                     + [p for p in symbols if p is not None and len(p) <= MAX_SYMBOL_POSTINGS])
            fuzzy = [p for p in map(self._lookup, fuzzy_keys)
                     if p is not None and len(p) <= MAX_FUZZY_POSTINGS]
            hit = (_union([*exact, *fuzzy]), _union(exact))
            if len(self._cache) > 200_000:
                self._cache.clear()
            self._cache[signature] = hit
        return hit

    def _lookup(self, key: str) -> np.ndarray | None:
        i = self.key_index.get(key)
        if i is None:
            return None
        return self.postings[self.offsets[i] : self.offsets[i + 1]]

    def _name_mask(self, schema: str | None) -> np.ndarray | None:
        """Which list names belong to entities a query of ``schema`` can match (None: all)."""
        allowed = _matchable(schema) if schema else None
        if allowed is None:
            return None
        mask = self._masks.get(schema)
        if mask is None:
            by_entity = np.fromiter((s in allowed for s in self.schemas), dtype=bool,
                                    count=len(self.schemas))
            mask = self._masks[schema] = by_entity[self.name_entity]
        return mask

    def retrieve(self, forms: Sequence[NameForm],
                 schema: str | None = None) -> tuple[list[int], list[float], float]:
        """Positions of the list names worth scoring for a query's names, best covered first.

        A name is kept when the query tokens that found it carry at least :data:`MIN_COVER` of
        the query's token weight; kept names are ranked by the rarity-weighted (idf) sum of the
        tokens that found them, where a token found only through a deletion (a typo) counts
        :data:`FUZZY_HIT` of one found as it is.
        """
        positions, covered, _, total = self._retrieve(forms, schema)
        return positions, covered, total

    def _retrieve(self, forms: Sequence[NameForm], schema: str | None = None
                  ) -> tuple[list[int], list[float], list[float], float]:
        """:meth:`retrieve`, with each name's optimistic score (:func:`_bound_many`) too."""
        found: list[np.ndarray] = []  # names found by any key of a query token group
        found_group: list[int] = []
        sure: list[np.ndarray] = []  # names found by the keys as written
        sure_group: list[int] = []
        weights: list[float] = []
        single: list[bool] = []
        total = 0.0
        for form in forms:
            for variant in (form, *form.alternatives, *((form.plain,) if form.plain else ())):
                tokens = variant.tokens
                groups = [(t, max(t.weight, 0.2), True) for t in tokens]
                groups += [(Token("#" + n, role="number"), 1.0, True) for n in variant.numbers]
                groups += [(Token(a.text + b.text), a.weight + b.weight, False)
                           for a, b in itertools.pairwise(tokens)]
                total = max(total, sum(w for t, w, one in groups
                                       if one and t.role != "particle" and len(t.text) > 1))
                for token, weight, one in groups:
                    any_key, as_written = self._postings(token)
                    if any_key is None:
                        continue
                    g = len(weights)
                    weights.append(weight)
                    single.append(one)
                    found.append(any_key)
                    found_group.append(g)
                    if as_written is not None:
                        sure.append(as_written)
                        sure_group.append(g)
        if not found or total <= 0 or len(weights) >= _GROUPS:
            return [], [], [], total
        w = np.asarray(weights)
        singles = np.asarray(single)
        # each group's names are distinct, so (name, group) pairs are too; a name's entries
        # come in group order, which is the order the sums below add them in
        names, group = _flatten(found, found_group)
        per_group = np.fromiter((len(p) for p in found), dtype=np.int64, count=len(found))
        idf = np.log1p(len(self.names) / (1.0 + per_group))
        uniq, inverse = np.unique(names, return_inverse=True)
        covered = np.maximum(
            np.bincount(inverse, weights=np.where(singles, w, 0.0)[group], minlength=len(uniq)),
            np.bincount(inverse, weights=np.where(singles, 0.0, w)[group], minlength=len(uniq)))
        ranked = np.bincount(inverse, weights=(w * idf * FUZZY_HIT)[group], minlength=len(uniq))
        if sure:
            exact_names, exact_group = _flatten(sure, sure_group)
            position = np.searchsorted(uniq, exact_names)
            ranked += np.bincount(position, weights=(w * idf * (1.0 - FUZZY_HIT))[exact_group],
                                  minlength=len(uniq))
        keep = covered >= MIN_COVER * total
        mask = self._name_mask(schema)
        if mask is not None:  # only names of entities the query's schema can match
            keep &= mask[uniq]
        keep = np.flatnonzero(keep)
        if keep.size == 0:
            return [], [], [], total
        # rank by rarity of what was found times the optimistic score (which knows how much
        # of each name is left unexplained)
        covered = np.minimum(covered[keep], total)
        bound = _bound_many(covered, total, self.name_weights[uniq[keep]])
        order = np.argsort(-(ranked[keep] * bound), kind="stable")[:MAX_NAMES]
        return (uniq[keep][order].tolist(), covered[order].tolist(),
                (bound[order] + _EVIDENCE_HEADROOM).tolist(), total)

    def search(self, forms: Sequence[NameForm], query_evidence: ev.Evidence,
               threshold: float, top: int | None = None,
               schema: str | None = None) -> list[Candidate]:
        """Entities scoring at or above ``threshold`` for a query, best first.

        With a ``schema``, only entities of a schema it can match are scored (FtM's
        ``can_match``: a Person query meets persons and legal entities, not companies).
        """
        name_positions, _, bounds, _ = self._retrieve(forms, schema)
        by_entity: dict[int, list[int]] = {}
        entities = self.name_entity[name_positions].tolist() if name_positions else []
        for name_pos, pos, bound in zip(name_positions, entities, bounds, strict=True):
            if bound < threshold:
                continue
            if pos in by_entity:
                by_entity[pos].append(name_pos)
            elif len(by_entity) < MAX_ENTITIES:
                by_entity[pos] = [name_pos]
        for value in query_evidence.identifiers:
            for pos in self.by_identifier.get("i:" + value, ()):
                by_entity.setdefault(pos, list(self.entity_names[pos]))
        for value in query_evidence.imo:
            for pos in self.by_identifier.get("imo:" + value, ()):
                by_entity.setdefault(pos, list(self.entity_names[pos]))
        out: list[Candidate] = []
        query_forms = list(forms)
        for pos, name_list in by_entity.items():
            findings = ev.assess(query_evidence, self.evidence[pos])
            if ev.best_possible(findings) < threshold:
                continue  # the evidence alone keeps it below the threshold (other year of birth)
            kind = schema_kind(self.schemas[pos])
            names = [(analyse(self.names[n], kind), self.name_types[n]) for n in name_list]
            score = score_candidate(query_forms, query_evidence, names, self.evidence[pos],
                                    findings)
            if score.score >= threshold:
                out.append(Candidate(pos, score))
        # equal scores (the same person on two lists, a name and its variant): the entry
        # written most like the query comes first
        out.sort(key=lambda c: (-c.score.score, -written_alike(c.score.match),
                                self.entity_ids[c.entity_pos]))
        return out[:top] if top else out


def _form_weight(form: NameForm) -> float:
    """A list name's token weight, counted as a query's is in :meth:`ScreenIndex.retrieve`
    (particles and single letters aside), so that the bound stays optimistic."""
    return float(sum(max(t.weight, 0.2) for t in form.tokens
                     if t.role != "particle" and len(t.text) > 1))


#: Credit the bound lets tokens retrieval did not pair earn (a pair two edits apart).
_NEAR_CREDIT = 0.5
#: Most the evidence can add to a name score (same date of birth and nationality).
_EVIDENCE_HEADROOM = ev.DOB_DAY_MATCH + ev.NATIONALITY_MATCH


def _union(postings: list[np.ndarray]) -> np.ndarray | None:
    """The names of several postings, sorted and without repeats (None if there are none)."""
    if not postings:
        return None
    if len(postings) == 1:
        return postings[0]  # a key's postings are sorted and distinct already
    return np.unique(np.concatenate(postings))


def _flatten(postings: list[np.ndarray], groups: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Postings of many groups as one array of names and one of their groups."""
    lengths = np.fromiter((len(p) for p in postings), dtype=np.int64, count=len(postings))
    names = np.concatenate(postings).astype(np.int64)
    return names, np.repeat(np.asarray(groups, dtype=np.int64), lengths)


def _bound_many(covered: np.ndarray, total_query: float, total_name: np.ndarray) -> np.ndarray:
    """Optimistic scores for list names from what retrieval saw: every query token a name's
    search found pairs perfectly, the rest are unpaired (conflicting if both names keep some).
    """
    from illicitflow.screen.compare import EXTRA

    left_query = np.maximum(0.0, total_query - covered)
    left_name = np.maximum(0.0, total_name - covered)
    # tokens retrieval did not pair may still be near (two edits or more apart): let them pair
    # at the credit of a near pair
    near = np.minimum(left_query, left_name)
    rest = (left_query - near) + (left_name - near)
    den = covered + near + min(EXTRA.values()) * rest
    return np.where(den > 0, (covered + _NEAR_CREDIT * near) / np.maximum(den, 1e-9), 0.0)


@functools.cache
def _matchable(schema: str) -> frozenset[str] | None:
    """The schemas an entity may have to be a candidate for a query of ``schema``."""
    from followthemoney import model

    query = model.get(schema)
    if query is None:
        return None
    return frozenset(s.name for s in model.schemata.values() if query.can_match(s))


def _arrow(con: Any, sql: str) -> pa.Table:
    if hasattr(con, "sql"):
        relation = con.sql(sql)
        if hasattr(relation, "to_arrow_table"):
            return relation.to_arrow_table()
    table = con.execute(sql).arrow()  # duckdb < 1.4
    return table.read_all() if hasattr(table, "read_all") else table


def _version(v: Mapping[str, Any]) -> dict[str, Any]:
    published: Any = v.get("published")
    return {
        "list": v.get("list"),
        "version_id": v.get("version_id"),
        "published": published.isoformat() if hasattr(published, "isoformat") else published,
        "sha256": v.get("sha256"),
    }


def _same_versions(a: Sequence[Mapping[str, Any]], b: Sequence[Mapping[str, Any]]) -> bool:
    return sorted(str(x.get("version_id")) for x in a) == sorted(
        str(x.get("version_id")) for x in b)


def timed_build(entities: list[Mapping[str, Any]]) -> tuple[ScreenIndex, float]:
    """Build an index and return it with the seconds it took (for benchmarks)."""
    start = time.perf_counter()
    index = ScreenIndex.build(entities)
    return index, time.perf_counter() - start
