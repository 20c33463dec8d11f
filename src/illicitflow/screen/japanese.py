"""Japanese names in Hepburn, Kunrei and the spellings of long vowels.

A Japanese name reaches a list in several romanisations of the same kana: Hepburn (Tsuchimoto,
Kogyo), Kunrei-shiki, taught in Japanese schools (Tutimoto, Kôgyô), and the spellings of long
vowels that passports and firms use (Kougyou, Ohmiya, Ōmiya, Omiya). A word's key writes it in
Hepburn without long vowels: si shi, ti chi, tu tsu, zi ji, hu fu, sy sh, ty ch, zy j; ou, oo
and oh before a consonant are o, uu is u. Two words with one key are one name.
"""

from __future__ import annotations

import functools
import re
from typing import Any

# one mora: a consonant (or a consonant cluster of the romanisations) and a vowel, or n
_MORA = r"(?:(?:[kgsztdnhbpmyrwfj]|sh|ch|ts|[kgsztnhbpmrdj]y)?(?:oh(?![aiueo])|[aiueo])|n)"
_WORD = re.compile(rf"{_MORA}+")
_KUNREI = ((re.compile(r"sy"), "sh"), (re.compile(r"ty"), "ch"), (re.compile(r"zy"), "j"),
           (re.compile(r"(?<![sc])si"), "shi"), (re.compile(r"(?<![sc])ti"), "chi"),
           (re.compile(r"(?<![sc])tu"), "tsu"), (re.compile(r"zi"), "ji"),
           (re.compile(r"(?<![sc])hu"), "fu"))
_LONG = ((re.compile(r"ou|oo"), "o"), (re.compile(r"uu"), "u"),
         (re.compile(r"oh(?![aiueo])"), "o"))


def is_japanese(word: str) -> bool:
    """Whether ``word`` (ASCII, lower case) is a sequence of Japanese morae."""
    return len(word) >= 2 and _WORD.fullmatch(word) is not None


_RESPELT = re.compile(r"ou|oo|uu|oh|s[iy]|t[iuy]|z[iy]|hu")


def respelt(word: str) -> bool:
    """Whether :func:`key` writes ``word`` otherwise (it holds a long vowel or a Kunrei
    syllable)."""
    return _RESPELT.search(word) is not None and is_japanese(word)


@functools.lru_cache(maxsize=50_000)
def key(word: str) -> str:
    """``word`` in Hepburn without long vowels (Tutimoto, Tsuchimoto: tsuchimoto; Kougyou,
    Kogyo: kogyo)."""
    for pattern, repl in (*_KUNREI, *_LONG):
        word = pattern.sub(repl, word)
    return word


@functools.cache
def _japanese_text() -> re.Pattern[str]:
    """Kana, or a legal form only Japanese firms use, written in kanji (株式会社)."""
    from illicitflow.screen.tables import LEGAL_FORM_TABLE

    forms = sorted(spelling for _, _, _, where, spellings in LEGAL_FORM_TABLE
                   if where == "jp" for spelling in spellings if not spelling.isascii())
    return re.compile("|".join(["[\u3040-\u30ff]", *forms]))


def is_japanese_text(text: str) -> bool:
    """Whether ``text`` is written in Japanese (kana, or a Japanese firm's legal form)."""
    return _japanese_text().search(text) is not None


@functools.cache
def _kakasi() -> Any:
    import pykakasi

    return pykakasi.kakasi()


def load_tables() -> None:
    """Load pykakasi's dictionary, which is otherwise loaded on the first Japanese name."""
    _kakasi()


@functools.lru_cache(maxsize=20_000)
def to_latin(text: str) -> str:
    """Japanese text (kanji and kana) read in Hepburn, word by word, by pykakasi's dictionary
    (株式会社山田製作所: kabushikigaisha yamada seisakusho), where ICU would read the kanji as
    Chinese (shan tian zhi zuo suo)."""
    return " ".join(part["hepburn"] for part in _kakasi().convert(text) if part["hepburn"])
