"""Korean names in any spelling: Hangul, McCune-Reischauer, Revised Romanization, DPRK style.

A Korean name reaches a bank in many Latin spellings of the same Hangul: 김정은 is Kim Jong Un
(DPRK and UN/OFAC lists), Kim Jong-un (press), Kim Chong Un (McCune-Reischauer without marks),
Kim Chŏng-ŭn (McCune-Reischauer), Gim Jeong-eun (Revised Romanization); surnames have
conventional spellings besides (리 is Ri, Lee, Yi, Rhee; 최 is Choe, Choi; 박 is Pak, Park).

Two spellings meet when they can be read as the same Hangul up to the distinctions the systems
blur. Each syllable is reduced to a *syllable key*: its initial consonant with plain, tense and
aspirated merged (ㄱ ㄲ ㅋ -> k, ㅈ ㅉ ㅊ -> j; MR writes ㅈ as ch, the DPRK as j), its vowel with
the pairs that plain MR and the DPRK style write alike merged (ㅓ/ㅗ -> o, ㅡ/ㅜ -> u, ㅐ/ㅔ -> e),
its final consonant as pronounced; ㄹ and ㄴ merge, and both vanish before i and y as the South
writes them (리 Ri -> 이 I, 룡 Ryong -> 용 Yong). A Latin token is read as every sequence of
syllable keys it can spell; two tokens meet when the sets intersect. Surnames are looked up in
the surname table of :mod:`illicitflow.world.names` (``world/names/korean.yaml``).
"""

from __future__ import annotations

import functools
import itertools
from importlib import resources

import yaml

from illicitflow.world.names import KoreanName, romanise

_FIRST, _COUNT, _PER_INITIAL, _FINALS = 0xAC00, 11172, 21 * 28, 28

# Initial consonants in Unicode order -> group:
#   ㄱ ㄲ ㄴ ㄷ ㄸ ㄹ ㅁ ㅂ ㅃ ㅅ ㅆ ㅇ ㅈ ㅉ ㅊ ㅋ ㅌ ㅍ ㅎ
_INITIAL_GROUP = ("k", "k", "n", "t", "t", "r", "m", "p", "p", "s", "s", "", "j", "j", "j",
                  "k", "t", "p", "h")  # fmt: skip
# Medial vowels in Unicode order -> group:
#   ㅏ ㅐ ㅑ ㅒ ㅓ ㅔ ㅕ ㅖ ㅗ ㅘ ㅙ ㅚ ㅛ ㅜ ㅝ ㅞ ㅟ ㅠ ㅡ ㅢ ㅣ
_VOWEL_GROUP = ("a", "e", "ya", "ye", "o", "e", "yo", "ye", "o", "wa", "we", "we", "yo", "u",
                "wo", "we", "wi", "yu", "u", "ui", "i")  # fmt: skip
# Final consonants in Unicode order, as pronounced at the end of a syllable.
_CODA = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p",
         "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t")  # fmt: skip

# Latin spellings of each group, across DPRK style, MR (marks dropped), RR and the conventional
# South Korean spellings (Sung, Hyun, Joo, Lee).
_INITIAL_SPELLINGS: dict[str, tuple[str, ...]] = {
    "k": ("k", "g", "kk", "gg", "kh"), "t": ("t", "d", "tt", "dd", "th"),
    "p": ("p", "b", "pp", "bb", "ph", "f"), "j": ("j", "ch", "jj", "tch", "tj", "chh"),
    "s": ("s", "sh", "ss"), "n": ("n", "r", "l"), "m": ("m",), "h": ("h",), "": ("",),
}
_VOWEL_SPELLINGS: dict[str, tuple[str, ...]] = {
    "a": ("a", "ah"), "e": ("ae", "e", "ai"), "ya": ("ya",), "ye": ("yae", "ye"),
    "o": ("o", "eo", "u", "oh"), "yo": ("yo", "yeo", "yu", "you"), "wa": ("wa",),
    "we": ("wae", "oe", "we", "oi", "wi"), "u": ("u", "eu", "oo", "ou"), "wo": ("wo", "weo"),
    "wi": ("wi", "wee"), "yu": ("yu", "yoo"), "ui": ("ui", "eui", "ee", "i"), "i": ("i", "ee"),
}
_CODA_SPELLINGS: dict[str, tuple[str, ...]] = {
    "": ("",), "k": ("k", "g", "kk"), "n": ("n",), "t": ("t", "d"), "l": ("l", "r"),
    "m": ("m",), "p": ("p", "b"), "ng": ("ng",),
}


def _key(initial: str, vowel: str, coda: str) -> str:
    if initial in ("n", "r") and vowel[0] in "iy":
        initial = ""  # 리/니 -> 이 as the South writes them (initial sound law)
    elif initial == "r":
        initial = "n"  # 로 -> 노
    return f"{initial}{vowel}{coda}"


def syllable_key(syllable: str) -> str:
    """The key of one Hangul syllable: 정 -> "jong", 은 -> "un", 리 -> "i"."""
    code = ord(syllable) - _FIRST
    if not 0 <= code < _COUNT:
        raise ValueError(f"{syllable!r} is not a Hangul syllable")
    lead, vowel, tail = code // _PER_INITIAL, code % _PER_INITIAL // _FINALS, code % _FINALS
    return _key(_INITIAL_GROUP[lead], _VOWEL_GROUP[vowel], _CODA[tail])


@functools.cache
def _spelling_table() -> dict[str, frozenset[str]]:
    """Every Latin spelling of a syllable -> the syllable keys it may stand for."""
    table: dict[str, set[str]] = {}
    for initial, vowel, coda in itertools.product(_INITIAL_SPELLINGS, _VOWEL_SPELLINGS,
                                                  _CODA_SPELLINGS):
        for ri in (initial, "r") if initial == "n" else (initial,):
            key = _key(ri, vowel, coda)
            for a, b, c in itertools.product(_INITIAL_SPELLINGS[initial],
                                             _VOWEL_SPELLINGS[vowel], _CODA_SPELLINGS[coda]):
                spelling = a + b + c
                if spelling:
                    table.setdefault(spelling, set()).add(key)
    return {k: frozenset(v) for k, v in table.items()}


_MAX_SYLLABLE = 7  # longest spelling: "tchyeong" is 8, but such spellings do not occur


@functools.lru_cache(maxsize=100_000)
def readings(token: str, max_syllables: int = 3) -> frozenset[tuple[str, ...]]:
    """Every sequence of syllable keys that a Latin token can spell (empty if none).

    >>> ("jong", "un") in readings("jongun")
    True
    """
    table = _spelling_table()
    token = token.lower()

    @functools.cache
    def parse(start: int, left: int) -> frozenset[tuple[str, ...]]:
        if start == len(token):
            return frozenset({()})
        if left == 0:
            return frozenset()
        out: set[tuple[str, ...]] = set()
        for end in range(start + 1, min(len(token), start + 8) + 1):
            keys = table.get(token[start:end])
            if not keys:
                continue
            rests = parse(end, left - 1)
            for key in keys:
                for rest in rests:
                    out.add((key, *rest))
                    if len(out) > 256:
                        return frozenset(out)
        return frozenset(out)

    return parse(0, max_syllables)


def hangul_keys(hangul: str) -> tuple[str, ...]:
    """The syllable keys of a Hangul word: 정은 -> ("jong", "un")."""
    return tuple(syllable_key(s) for s in hangul)


def is_hangul(text: str) -> bool:
    """Whether every letter of ``text`` is a precomposed Hangul syllable (and there is one)."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(_FIRST <= ord(c) < _FIRST + _COUNT for c in letters)


def hangul_to_latin(text: str) -> str:
    """Romanise the Hangul words of ``text`` DPRK-style, one Latin word per Hangul word."""
    out: list[str] = []
    word: list[str] = []

    def flush() -> None:
        if word:
            out.append(romanise("".join(word), "dprk", sep="", voice=True))
            word.clear()

    for char in text:
        if _FIRST <= ord(char) < _FIRST + _COUNT:
            word.append(char)
        else:
            flush()
            out.append(char)
    flush()
    return "".join(out)


# --- surnames ----------------------------------------------------------------------------------


@functools.cache
def _surnames() -> dict[str, frozenset[str]]:
    """Latin surname spelling -> the Hangul surnames (North Korean form) it may stand for."""
    text = (resources.files("illicitflow.world") / "names" / "korean.yaml").read_text("utf-8")
    table: dict[str, set[str]] = {}
    # BaseLoader keeps every scalar a string: YAML 1.1 would read the surname "No" as False.
    for entry in yaml.load(text, Loader=yaml.BaseLoader)["surnames"]:
        north, south = entry["hangul"], entry["south"]
        spellings = {entry["south_spelling"], *(entry.get("variants") or ())}
        for hangul in {north, south}:
            for system in ("dprk", "mr_plain", "rr"):
                spellings.add(romanise(hangul, system, sep=""))
        for spelling in spellings:
            key = spelling.lower().replace("'", "").replace("-", "")
            table.setdefault(key, set()).add(north)
    return {k: frozenset(v) for k, v in table.items()}


@functools.cache
def _surname_weights() -> dict[str, float]:
    text = (resources.files("illicitflow.world") / "names" / "korean.yaml").read_text("utf-8")
    rows = yaml.load(text, Loader=yaml.BaseLoader)["surnames"]
    return {row["hangul"]: float(row["weight"]) for row in rows}


def surname_weight(groups: frozenset[str]) -> float:
    """How common the most common of these surnames is (percent of Koreans)."""
    weights = _surname_weights()
    return max((weights.get(g, 0.0) for g in groups), default=0.0)


def surname_groups(token: str) -> frozenset[str]:
    """The Hangul surnames a Latin token may spell: "lee" -> {리}; empty if it is none."""
    return _surnames().get(token.lower(), frozenset())


def hangul_surname(hangul_name: str) -> tuple[str, str]:
    """Split a Hangul personal name into surname and given name (김정은 -> 김, 정은)."""
    name = KoreanName.from_hangul(hangul_name)
    return name.surname, name.given


def surname_hangul_group(surname: str) -> frozenset[str]:
    """The surname group of a Hangul surname, as North Korean forms: 이 -> {리}, 김 -> {김}."""
    table = _surnames()
    group: set[str] = set()
    for system in ("dprk", "rr"):
        group |= table.get(romanise(surname, system, sep=""), frozenset())
    return frozenset(group) or frozenset({surname})


def load_tables() -> None:
    """Build the spelling and surname tables (otherwise built on first use)."""
    _spelling_table()
    _surnames()
    _surname_weights()
