"""Screening: name matching against sanctions lists, with an explanation for every score.

One module per part of the algorithm, each with its named features, weights and reasons:

* :mod:`~illicitflow.screen.text` — scripts to Latin (ICU), case, diacritics, tokens,
  phonetic and consonant keys;
* :mod:`~illicitflow.screen.korean` — Korean names in Hangul, McCune-Reischauer, Revised
  Romanization and the DPRK's style, with the surname variants;
* :mod:`~illicitflow.screen.tables` — legal forms, titles, particles, business words (data);
* :mod:`~illicitflow.screen.names` — a name analysed into weighted, typed tokens;
* :mod:`~illicitflow.screen.compare` — two names aligned and scored (``tokens-v1``);
* :mod:`~illicitflow.screen.evidence` — dates of birth, nationality, gender, identifiers, IMO;
* :mod:`~illicitflow.screen.logic` — the screening score and :data:`DEFAULT_THRESHOLD`;
* :mod:`~illicitflow.screen.index` — the candidate index, persisted in the store;
* :mod:`~illicitflow.screen.api` and :mod:`~illicitflow.screen.cli` — DataFrames and commands.
"""

from illicitflow.screen.api import (
    ScreeningError,
    ScreenInputError,
    match_pairs,
    screen,
    screen_store,
)
from illicitflow.screen.compare import NameMatch, compare_names
from illicitflow.screen.index import ScreenIndex
from illicitflow.screen.logic import (
    ALGORITHM,
    DEFAULT_THRESHOLD,
    Score,
    explain_names,
    score_candidate,
    score_names,
)
from illicitflow.screen.names import NameForm, analyse, schema_kind
from illicitflow.screen.text import normalize

__all__ = [
    "ALGORITHM",
    "DEFAULT_THRESHOLD",
    "NameForm",
    "NameMatch",
    "Score",
    "ScreenIndex",
    "ScreenInputError",
    "ScreeningError",
    "analyse",
    "compare_names",
    "explain_names",
    "match_pairs",
    "normalize",
    "schema_kind",
    "score_candidate",
    "score_names",
    "screen",
    "screen_store",
]
