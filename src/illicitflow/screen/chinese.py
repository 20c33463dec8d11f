"""Chinese syllables in Wade-Giles and in Hanyu Pinyin.

Taiwanese firms and older lists write Chinese names in Wade-Giles (Hsin Yuan Ta, Kuo Feng,
Ch'iu Hsiang Lung), the mainland and newer lists in Pinyin (Xin Yuan Da, Guo Feng, Qiu Xiang
Long). A syllable's readings are the Pinyin syllables it can stand for: itself, when it is one,
and what it is in Wade-Giles, where the apostrophe that marks an aspirated initial is usually
dropped (Chou is Zhou, or Chou when it was Ch'ou), so both are kept. Two syllables with a
reading in common are one syllable written in two systems.

Conversion (Wade-Giles -> Pinyin): initials p/t/k/ch/ts are b/d/g/zh (j before i and ü)/z, with
the apostrophe p/t/k/ch (q before i and ü)/c; hs is x, j is r; finals -ung is -ong, -ieh -ie,
-ien -ian, -ih -i, -erh -er, -uei -ui, -üeh -ue; o is e after k and h, uo after the dentals,
o after labials; tzu, ssu and szu are zi and si.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

_PINYIN_INITIALS = ("zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h",
                    "j", "q", "x", "r", "z", "c", "s", "")
_PINYIN_FINALS = frozenset({
    "a", "o", "e", "ai", "ei", "ao", "ou", "an", "en", "ang", "eng", "ong", "er", "i", "ia",
    "ie", "iao", "iu", "ian", "in", "iang", "ing", "iong", "u", "ua", "uo", "uai", "ui", "uan",
    "un", "uang", "ue", "v", "ve",
})
_PINYIN_YW = frozenset({
    "ya", "yao", "ye", "you", "yan", "yin", "yang", "ying", "yong", "yu", "yue", "yuan", "yun",
    "yi", "wu", "wa", "wo", "wai", "wei", "wan", "wen", "wang", "weng",
})

_WG_INITIALS = ("ch", "hs", "sh", "ts", "tz", "ss", "sz", "p", "t", "k", "m", "f", "n", "l",
                "h", "j", "s", "")
_WG_FINALS = frozenset({
    "a", "o", "e", "ai", "ei", "ao", "ou", "an", "en", "ang", "eng", "ung", "erh", "i", "ia",
    "ieh", "iao", "iu", "ien", "in", "iang", "ing", "iung", "u", "ua", "uo", "uai", "ui", "uei",
    "uan", "un", "uang", "ueh", "ih",
})
_WG_FINAL_TO_PINYIN = {"ung": "ong", "iung": "iong", "ieh": "ie", "ien": "ian", "ih": "i",
                       "erh": "er", "uei": "ui", "ueh": "ue"}
_WG_YW = {"yen": "yan", "yung": "yong", "yueh": "yue", "i": "yi", "yeh": "ye"}
# Wade-Giles initial -> Pinyin (unaspirated, aspirated)
_WG_INITIAL_TO_PINYIN = {"p": ("b", "p"), "t": ("d", "t"), "k": ("g", "k"),
                         "ts": ("z", "c"), "tz": ("z", "c"), "hs": ("x", "x"), "j": ("r", "r"),
                         "ss": ("s", "s"), "sz": ("s", "s")}


def _split(syllable: str, initials: tuple[str, ...]) -> tuple[str, str] | None:
    for initial in initials:  # longest first: ch before c
        if syllable.startswith(initial):
            return initial, syllable[len(initial):]
    return None


_PALATALS = frozenset({"j", "q", "x"})
_SIBILANTS = frozenset({"zh", "ch", "sh", "r", "z", "c", "s"})
_U_AS_UE = frozenset({"u", "ue", "uan", "un"})  # ü written u after j, q and x


def is_pinyin(syllable: str) -> bool:
    """Whether ``syllable`` (ASCII, lower case, no tone) is a Pinyin syllable (by the rules of
    which initials take which finals, closely enough to tell Chinese syllables from words)."""
    if syllable in _PINYIN_YW:
        return True
    parts = _split(syllable, _PINYIN_INITIALS)
    if parts is None or parts[1] not in _PINYIN_FINALS:
        return False
    initial, final = parts
    if not initial:
        return final in ("a", "o", "e", "ai", "ei", "ao", "ou", "an", "en", "ang", "eng", "er")
    if initial in _PALATALS:
        return final.startswith("i") or final in _U_AS_UE
    if final.startswith("i"):
        return (final == "i" and initial in _SIBILANTS) or initial in "bpmdtnl"
    if final in ("ue", "v", "ve"):
        return initial in ("n", "l")
    if final == "o":
        return initial in ("b", "p", "m", "f", "l")
    return final != "er"


def from_wade_giles(syllable: str) -> frozenset[str]:
    """The Pinyin syllables a Wade-Giles syllable written without its apostrophe can be."""
    if syllable in _WG_YW:
        return frozenset({_WG_YW[syllable]})
    if syllable.startswith(("y", "w")):
        return frozenset({syllable}) if syllable in _PINYIN_YW else frozenset()
    parts = _split(syllable, _WG_INITIALS)
    if parts is None or parts[1] not in _WG_FINALS:
        return frozenset()
    initial, wg_final = parts
    if initial in ("tz", "ss", "sz") and wg_final == "u":
        final = "i"  # tzu, ssu: zi, si
    elif wg_final == "o":
        final = "e" if initial in ("k", "h", "") else "o" if initial in ("p", "m", "f") else "uo"
    else:
        final = _WG_FINAL_TO_PINYIN.get(wg_final, wg_final)
    if initial == "ch":
        # before i and ü, ch is j (q with the apostrophe); else zh (ch); ü written u is either
        palatal = (wg_final.startswith("i") and wg_final != "ih") or wg_final == "ueh"
        either = wg_final in ("u", "uan", "un")
        starts = (["j", "q"] if palatal or either else []) + (
            [] if palatal else ["zh", "ch"])
    else:
        starts = list(_WG_INITIAL_TO_PINYIN.get(initial, (initial,)))
    return frozenset(s for s in (start + final for start in starts) if is_pinyin(s))


@functools.cache
def _syllable_table() -> dict[str, frozenset[str]]:
    """Every Pinyin and Wade-Giles syllable (apostrophes dropped) -> its Pinyin readings."""
    table: dict[str, set[str]] = {}
    for initial in _PINYIN_INITIALS:
        for final in _PINYIN_FINALS:
            if is_pinyin(initial + final):
                table.setdefault(initial + final, set()).add(initial + final)
    wade_giles = [initial + final for initial in _WG_INITIALS for final in _WG_FINALS]
    for syllable in (*wade_giles, *_WG_YW, *_PINYIN_YW):  # y- and w- syllables read as such
        found = from_wade_giles(syllable)
        if found:
            table.setdefault(syllable, set()).update(found)
    return {k: frozenset(v) for k, v in table.items()}


def _syllable_readings(syllable: str) -> frozenset[str]:
    return _syllable_table().get(syllable, frozenset())


def load_tables() -> None:
    """Build the syllable table, which is otherwise built on first use."""
    _syllable_table()


# what every syllable of either system looks like (an initial, one to three vowels, a final n,
# ng, r or h): words that are not a run of these are refused before the table is consulted
_SHAPE = re.compile(r"(?:(?:zh|ch|sh|hs|ts|tz|ss|sz|[bpmfdtnlgkhjqxrzcsyw])?[aeiouv]{1,3}"
                    r"(?:ng|n|rh|r|h)?)+")


@functools.lru_cache(maxsize=50_000)
def syllables(word: str) -> tuple[str, ...] | None:
    """``word`` cut into the fewest Chinese syllables (Pinyin or Wade-Giles), at most four
    (Wenhua: wen hua, Qiaoshan: qiao shan); None when it cannot be."""
    n = len(word)
    if n > 24 or not _SHAPE.fullmatch(word):
        return None
    table = _syllable_table()
    best: list[tuple[str, ...] | None] = [None] * n + [()]
    for i in range(n - 1, -1, -1):  # the fewest syllables from each position to the end
        for k in range(1, min(6, n - i) + 1):
            rest = best[i + k]
            if rest is not None and word[i : i + k] in table and (
                    best[i] is None or len(rest) + 1 < len(best[i])):  # type: ignore[arg-type]
                best[i] = (word[i : i + k], *rest)
    return best[0] if best[0] is not None and len(best[0]) <= 4 else None


@functools.lru_cache(maxsize=50_000)
def readings(word: str) -> frozenset[str]:
    """The Pinyin spellings ``word`` can stand for, syllable by syllable, in Pinyin or in
    Wade-Giles (Hsinhua: xinhua); empty when it is not Chinese syllables."""
    parts = syllables(word)
    return frozenset() if parts is None else spellings(_syllable_readings(p) for p in parts)


def spellings(parts: Iterable[frozenset[str] | None]) -> frozenset[str]:
    """The Pinyin spellings of syllables written together, from each one's readings; empty when
    one has none, or when there are too many ways to read them to say anything."""
    out = {""}
    for readings_ in parts:
        if not readings_:
            return frozenset()
        out = {head + tail for head in out for tail in readings_}
        if len(out) > 32:
            return frozenset()
    return frozenset(out)

