"""Text normalisation for name matching: scripts to Latin, case, diacritics, punctuation, tokens.

Every name, and every entry of the reference tables, goes through :func:`tokenize`, so that a
table entry and a list name written differently ("Sp. z o.o." and "SP Z OO") meet.

* Other scripts are transliterated with ICU, one script run at a time, by the national
  standard where ICU has one (Russian BGN/PCGN for Cyrillic, UNGEGN for Greek, BGN for Armenian
  and Georgian) and ICU's generic Any-Latin otherwise; then Latin-ASCII strips diacritics.
  Hangul is left to :mod:`illicitflow.screen.korean`, which knows the DPRK's own spellings, and
  Burmese to :mod:`illicitflow.screen.burmese`, which romanises by sound as Myanmar names are.
* Case is folded, apostrophes dropped (O'Doyle -> odoyle, Qa'ida -> qaida, Bank's -> bank),
  "&" becomes "and", other punctuation separates tokens; single letters written with dots or
  slashes are joined (S.A. -> sa, J.-C. -> jc, M/V -> mv); digits inside a word are read as the
  letters they imitate (Ig0r -> igor).
"""

from __future__ import annotations

import functools
import re
import unicodedata

import icu

# Transliterators by Unicode script (as named by unicodedata / rigour); others use Any-Latin.
_SCRIPT_TRANSLITERATORS: dict[str, str] = {
    "Cyrillic": "Russian-Latin/BGN",
    "Greek": "Greek-Latin/UNGEGN",
    "Armenian": "Armenian-Latin/BGN",
    "Georgian": "Georgian-Latin/BGN",
}
# What ICU writes that the Latin spellings of names write otherwise, by script: Hebrew's ayin
# carries a vowel (עמק Emek, תעשיות Taasiyot) and a doubled vav is the consonant v (שיווק
# Shivuk).
_SCRIPT_RESPELLINGS: dict[str, tuple[tuple[str, str], ...]] = {
    "Hebrew": (("\u02bb", "a"), ("ww", "v")),
}
# Scripts that write consonants only (abjads): their transliterations lack most vowels.
ABJADS: frozenset[str] = frozenset({"Arabic", "Hebrew", "Syriac", "Thaana"})


@functools.cache
def _transliterator(name: str) -> icu.Transliterator:
    return icu.Transliterator.createInstance(name)


def load_transliterators() -> None:
    """Create every ICU transliterator :func:`to_latin` uses (otherwise made on first use)."""
    for name in {*_SCRIPT_TRANSLITERATORS.values(), "Any-Latin", "Latin-ASCII"}:
        _transliterator(name)


_ASCII_RE = re.compile(r"^[\x00-\x7f]*$")
_TRANSLIT_MARKS = re.compile(r"['\u02bc\u02bb\u2019\u00b7\u02be\u02bf]")


def script_of(char: str) -> str:
    """The Unicode script of a letter: Latin, Cyrillic, Hangul, Han, ... ("Common" for others)."""
    from rigour._core import codepoint_script

    return codepoint_script(ord(char)) or "Common"


def _script_runs(text: str) -> list[tuple[str, str]]:
    """Split text into runs of one script; marks and punctuation stay with their run."""
    runs: list[tuple[str, str]] = []
    current: str | None = None
    buf: list[str] = []
    for char in text:
        script = script_of(char) if char.isalpha() else None
        if script in (None, "Common", "Inherited"):
            buf.append(char)
            continue
        if current is not None and script != current:
            runs.append((current, "".join(buf)))
            buf = []
        current = script
        buf.append(char)
    if buf:
        runs.append((current or "Common", "".join(buf)))
    return runs


@functools.lru_cache(maxsize=200_000)
def to_latin(text: str, hangul: bool = True) -> str:
    """Transliterate ``text`` to ASCII Latin (case kept). Hangul is romanised DPRK-style.

    Letters ICU cannot transliterate (Khmer, for one) are kept as they are, so that two names in
    such a script can still be compared with each other.
    """
    text = unicodedata.normalize("NFKC", text)
    if _ASCII_RE.match(text):
        return text
    out: list[str] = []
    from illicitflow.screen import japanese

    in_japanese = japanese.is_japanese_text(text)
    for script, run in _script_runs(text):
        if script == "Latin" or script == "Common":
            out.append(run)
        elif in_japanese and script in ("Han", "Hiragana", "Katakana"):
            out.append(f" {japanese.to_latin(run)} ")
        elif script == "Hangul" and hangul:
            from illicitflow.screen.korean import hangul_to_latin

            out.append(hangul_to_latin(run))
        elif script == "Myanmar":
            from illicitflow.screen.burmese import burmese_to_latin

            out.append(f" {burmese_to_latin(run)} ")
        else:
            name = _SCRIPT_TRANSLITERATORS.get(script, "Any-Latin")
            latin = _transliterator(name).transliterate(run)
            if name != "Any-Latin":  # letters the national standard leaves (Mongolian ү)
                latin = _transliterator("Any-Latin").transliterate(latin)
            for written, respelt in _SCRIPT_RESPELLINGS.get(script, ()):
                latin = latin.replace(written, respelt)
            # apostrophes and dots mark ayin, aleph, soft signs and ejectives: noise for matching
            out.append(_TRANSLIT_MARKS.sub("", latin))
    latin = _transliterator("Latin-ASCII").transliterate("".join(out))
    # drop what is left of marks: combining signs and modifier letters go, punctuation separates
    cleaned = []
    for char in unicodedata.normalize("NFKD", latin):
        if char.isascii():
            cleaned.append(char)
            continue
        category = unicodedata.category(char)
        if category in ("Mn", "Mc", "Lm", "Sk"):
            continue
        if category == "Nd":  # a digit of another script, standing alone (၁၂, ٣)
            cleaned.append(str(unicodedata.digit(char)))
            continue
        if category[0] in "PSZ":
            cleaned.append(" ")
            continue
        # a letter no transliterator knows: its Unicode name often ends in its sound
        # (CYRILLIC SMALL LETTER STRAIGHT U -> u, KHMER LETTER BA -> ba)
        last = unicodedata.name(char, "").rsplit(" ", 1)[-1]
        cleaned.append(last.lower() if last.isalpha() and len(last) <= 3 else char)
    return "".join(cleaned)


@functools.lru_cache(maxsize=100_000)
def scripts(text: str) -> frozenset[str]:
    """The scripts of the letters in ``text``."""
    if _ASCII_RE.match(text):
        return frozenset({"Latin"}) if any(c.isalpha() for c in text) else frozenset()
    from rigour._core import text_scripts

    return frozenset(text_scripts(text)) - {"Common", "Inherited"}


_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "9": "g",
                       "8": "b"})
_APOSTROPHES = re.compile(r"['\u2019\u2018\u02bc\u02bb`\u00b4]")
_POSSESSIVE = re.compile(r"(?<=[a-z])'s\b")
_DOTTED = re.compile(r"\b(?:[a-z0-9][./]\s*-?\s*){1,}[a-z0-9]?\b\.?")
_SPLIT = re.compile(r"[^a-z0-9\u0080-\uffff]+")
# digits among letters, and a letter-shaped digit starting a word, are letters misread or typed
# for effect ("Ig0r Sech1n", "5unniva 5eafoods", "8ros"); an ordinal ("1st", "3rd") is not
_LEET_TOKEN = re.compile(r"[a-z]+\d+[a-z]+|[0158][a-z]{3,}")


_NOT_ALNUM = re.compile(r"[^a-z0-9]")
_DOT_OR_SLASH = re.compile(r"[./]")


def _join_dotted(match: re.Match[str]) -> str:
    letters = _NOT_ALNUM.sub("", match.group(0))
    parts = _DOT_OR_SLASH.split(match.group(0))
    # only single-character parts are initials (S.A.); "co.," or "no.8" are words
    if all(len(_NOT_ALNUM.sub("", p)) <= 1 for p in parts):
        return f" {letters} "
    return match.group(0)


_GLUED_NUMBER = re.compile(r"([a-z]{3,})(\d+)")


def _apart(token: str) -> tuple[str, ...]:
    """A word with a number glued on its end, as two tokens (JINRUIHAI16: jinruihai 16)."""
    glued = _GLUED_NUMBER.fullmatch(token)
    return glued.groups() if glued else (token,)


def _deleet(token: str) -> str:
    if _LEET_TOKEN.fullmatch(token):
        return token.translate(_LEET)
    return token


@functools.lru_cache(maxsize=200_000)
def tokenize(text: str) -> tuple[str, ...]:
    """Normalised tokens of ``text``: ASCII (where transliterable), lower case, no punctuation."""
    if text.isascii():  # NFKC and transliteration leave ASCII as it is
        latin = text.lower()
    else:  # case-fold first: some capitals decompose (Greek Ϋ́ is ΰ)
        latin = to_latin(unicodedata.normalize("NFKC", text.casefold())).lower()
    latin = latin.replace("&", " and ").replace("+", " and ")
    if "'" in latin or "`" in latin or not latin.isascii():
        latin = _POSSESSIVE.sub("", _APOSTROPHES.sub("'", latin)).replace("'", "")
    if "." in latin or "/" in latin:
        latin = _DOTTED.sub(_join_dotted, latin)
    return tuple(part for t in _SPLIT.split(latin) if t
                 for part in ((t,) if t.isalpha() else _apart(_deleet(t))))


def normalize(text: str) -> str:
    """The normalised form of a name: its tokens joined by single spaces."""
    return " ".join(tokenize(text))


def has_letters(text: str) -> bool:
    """Whether ``text`` holds at least one letter or digit."""
    return any(c.isalnum() for c in text)


# --- phonetic skeleton -------------------------------------------------------------------------

# (what, replacement, gate). A rule with a gate is a regular expression, run only on a token
# that holds one of the gate's strings (an empty gate: on every token); a rule without one is a
# plain string, replaced as re.sub would replace it (left to right, matches not overlapping).
_SKELETON_RULES: tuple[tuple[str | re.Pattern[str], str, tuple[str, ...] | None], ...] = tuple(
    (a, b, None) if gate is None else (re.compile(a), b, tuple(gate.split()))
    for a, b, gate in (
        ("sch", "sh", None), ("tch", "ch", None), (r"dzh|dj|zh", "j", "dj zh"),
        ("kh", "h", None), ("gh", "g", None), ("ph", "f", None), ("th", "t", None),
        ("dh", "d", None), (r"ck|q", "k", "ck q"), ("ch", "§", None),
        (r"c(?=[eiy])", "s", "ce ci cy"), (r"tz|ts|cz", "s", "tz ts cz"), ("c", "k", None),
        ("§", "c", None), ("w", "v", None), ("x", "s", None), ("y", "i", None),
        ("ou", "u", None), (r"(?<=[^aeiousc])h", "", "h"), (r"(?<=[aeiou])h$", "", "h"),
        (r"(.)\1+", r"\1", ""),
    )
)


@functools.lru_cache(maxsize=500_000)
def skeleton(token: str) -> str:
    """A coarse phonetic key of a Latin token that folds transliteration variants.

    Levitsky/Levitskiy, Zhelvinsky/Jelvinskiy, Kharitonov/Haritonov, Rabinowitz/Rabinovits,
    Shabbir/Shabir, Khoury/Khouri meet; the key is compared for equality and by edit distance,
    and its deletion neighbourhood is the candidate index's typo key. Rules that would move a
    typo (ee -> i) are left out, so that one typo stays one edit in the key.
    """
    s = token
    for what, repl, gate in _SKELETON_RULES:
        if isinstance(what, str):
            if what in s:
                s = s.replace(what, repl)
            continue
        if gate:
            for needle in gate:
                if needle in s:
                    break
            else:
                continue
        s = what.sub(repl, s)
    return s or token


_SILENT = re.compile(r"kh|gh|[hwy'\d]")
_VOWELS = re.compile(r"[aeiouy]")
_DOUBLED = re.compile(r"(.)\1+")
_CONSONANT_CLASSES = str.maketrans("bfpvcgjkqsxzdtlmnr", "111122222222334556")


@functools.lru_cache(maxsize=200_000)
def consonants(token: str) -> str:
    """A consonant key of a token, for names transliterated from an abjad (Arabic, Hebrew).

    Abjads write few vowels and one letter stands for several Latin consonants (Hebrew bet is b
    or v, tsadi ts or z), so the key keeps consonants only, in Soundex classes (b f p v; c g j k
    q s x z; d t; l; m n; r), without h, w and y: Gurevich and גורביץ (gwrbyz) meet.
    """
    s = _VOWELS.sub("", skeleton(_SILENT.sub("", token)))
    return _DOUBLED.sub(r"\1", s.translate(_CONSONANT_CLASSES))
