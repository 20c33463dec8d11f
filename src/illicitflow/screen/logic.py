"""The screening algorithm: the best name match, qualified by the evidence, explained.

``score = evidence(best over name pairs of name_score x name_type_factor)``:

* the name score is :func:`illicitflow.screen.compare.compare_forms` for every pair of a query
  name and a list name (the entity's name, aliases, previous names and weak aliases);
* a list name's type weighs it: weak aliases (OFAC "weak a.k.a.", UN "low quality" aliases)
  count :data:`NAME_TYPE_FACTORS` ``weakAlias``, previous names a little less than current ones;
* the evidence features of :mod:`illicitflow.screen.evidence` then raise or lower the score.

:data:`DEFAULT_THRESHOLD` is the recommended operating point, used by both commands.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz.distance import Indel

from illicitflow.screen import evidence as ev
from illicitflow.screen.compare import NameMatch, compare_forms
from illicitflow.screen.names import NameForm, analyse, schema_kind

#: Name of this algorithm, recorded with results and in the persisted index.
ALGORITHM = "illicitflow-tokens-v1"

#: The recommended operating point, the same for ``screen`` and ``match-pairs``: scores at or
#: above it are hits. It is the threshold that maximised the mean F1 of the two labelled pair
#: sets on their tuning halves (the other halves held out; bench/screening.py reports both),
#: and at it the screening benchmark finds the right list entry first for 98% of corrupted
#: real names while fewer than 0.5% of random people (with dates of birth and nationalities)
#: raise any hit. Lower it to trade more alerts for recall (0.7 is logic-v2's point).
DEFAULT_THRESHOLD = 0.8

#: How much a match on each type of list name counts.
NAME_TYPE_FACTORS: dict[str, float] = {
    "name": 1.0,
    "alias": 1.0,
    "abbreviation": 0.95,
    "previousName": 0.97,
    "weakAlias": 0.85,
}

_NAME_TYPE_LABELS = {"alias": "alias", "previousName": "previous name", "weakAlias": "weak alias",
                     "abbreviation": "abbreviation"}


@dataclass(slots=True)
class Score:
    """A scored (query, candidate) pair with everything needed to explain it."""

    score: float
    name_score: float
    match: NameMatch | None
    name_type: str = "name"
    findings: list[ev.Finding] = field(default_factory=list)

    def explain(self) -> str:
        """Which query name met which list name, and what raised or lowered the score."""
        if self.match is None:
            parts = ["no name match"]
        else:
            parts = [f"name {self.match.explain()}"]
        factor = NAME_TYPE_FACTORS.get(self.name_type, 1.0)
        if factor != 1.0:
            parts.append(f"{_NAME_TYPE_LABELS.get(self.name_type, self.name_type)} x{factor:.2f}")
        parts += [f.explain() for f in self.findings]
        return "; ".join(parts)


def best_name(query_names: list[NameForm],
              candidate_names: list[tuple[NameForm, str]]) -> tuple[float, NameMatch | None, str]:
    """The best (score, match, name type) over all query x candidate name pairs."""
    best: tuple[float, NameMatch | None, str] = (0.0, None, "name")
    surface = -1.0
    for q in query_names:
        for c, name_type in candidate_names:
            match = compare_forms(q, c)
            score = match.score * NAME_TYPE_FACTORS.get(name_type, 1.0)
            if score > best[0] or best[1] is None:
                best, surface = (score, match, name_type), -1.0
            elif score == best[0] and score > 0:
                # equal scores: the name written most like the query explains the match best
                if surface < 0:
                    surface = written_alike(best[1])
                alike = written_alike(match)
                if alike > surface:
                    best, surface = (score, match, name_type), alike
    return best


def written_alike(match: NameMatch | None) -> float:
    """How alike the two names of a match are as written (case aside): a tie-break."""
    if match is None:
        return 0.0
    return Indel.normalized_similarity(match.left.casefold(), match.right.casefold())


def score_candidate(query_names: list[NameForm], query_evidence: ev.Evidence,
                    candidate_names: list[tuple[NameForm, str]],
                    candidate_evidence: ev.Evidence,
                    findings: list[ev.Finding] | None = None) -> Score:
    """Score a query against a list entity: best name pair, then the evidence (``findings``:
    those of :func:`evidence.assess` for the two, when already known)."""
    name_score, match, name_type = best_name(query_names, candidate_names)
    if findings is None:
        findings = ev.assess(query_evidence, candidate_evidence)
    return Score(ev.apply(name_score, findings), name_score, match, name_type, findings)


def score_names(name1: str, name2: str, schema: str | None = "Person") -> float:
    """The score of two names of one schema (no other evidence): what match-pairs writes."""
    kind = schema_kind(schema)
    return compare_forms(analyse(name1, kind), analyse(name2, kind)).score


def explain_names(name1: str, name2: str, schema: str | None = "Person") -> str:
    """The explanation of :func:`score_names`."""
    kind = schema_kind(schema)
    return compare_forms(analyse(name1, kind), analyse(name2, kind)).explain()
