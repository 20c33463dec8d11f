"""Burmese (Myanmar script) names in the conventional romanisation that people and firms use.

ICU's Myanmar-Latin follows the letters, not the sounds, and writes a word as one token:
ရွှေနဒီ becomes "shwaynade", where the vessel is registered as SHWE NADI. Names from Myanmar are
romanised by sound, one word per syllable (Kyaw Myat Naing, Aung San Suu Kyi), by a loose
convention; this module follows it syllable by syllable:

* a syllable is an initial consonant (or a vowel letter) with its medials, vowel signs, tone
  marks and final consonant; a consonant with the killer sign (asat ်) or stacked under the next
  one (virama ္) closes the syllable before it: ကုမ္ပဏီ is ကုမ် + ပ + ဏီ, "kon pa ni";
* medials: ျ and ြ add y (ky, py, my; ချ is ch), ွ adds w, ှ breathes the consonant (hl, hm, hn;
  ရှ is sh);
* the rhyme comes from the vowel signs and the final: -ောင် aung, -ိုင် aing, -ိန် ein, -တ် at,
  -က် et, -င် in, -ွန် un.

Every spelling is approximate (ရ is y in Yangon and r in Thiri), which the matcher's typo and
merged-token rules absorb; what matters is that the syllables come apart and sound alike.
"""

from __future__ import annotations

import functools

_INITIALS = dict(zip(
    "ကခဂဃငစဆဇဈဉညဋဌဍဎဏတထဒဓနပဖဗဘမယရလဝသဟဠအ",
    ["k", "kh", "g", "g", "ng", "s", "hs", "z", "z", "ny", "ny", "t", "ht", "d", "d", "n", "t",
     "ht", "d", "d", "n", "p", "ph", "b", "b", "m", "y", "y", "l", "w", "th", "h", "l", ""],
    strict=True,
))
# vowel letters that stand alone as syllables
_VOWEL_LETTERS = {"ဣ": "i", "ဤ": "i", "ဥ": "u", "ဦ": "u", "ဧ": "aye", "ဩ": "aw", "ဪ": "aw"}
_DIGITS = {chr(0x1040 + d): str(d) for d in range(10)}

_ASAT, _VIRAMA, _DOT, _VISARGA, _ANUSVARA = "\u103a", "\u1039", "\u1037", "\u1038", "\u1036"
_YA, _RA, _WA, _HA = "\u103b", "\u103c", "\u103d", "\u103e"
_VOWEL_SIGNS = frozenset("\u102b\u102c\u102d\u102e\u102f\u1030\u1031\u1032")
_MARKS = _VOWEL_SIGNS | {_ASAT, _VIRAMA, _DOT, _VISARGA, _ANUSVARA, _YA, _RA, _WA, _HA}

# a medial y after these is written as one sound
_Y_MEDIAL = {"k": "ky", "kh": "ch", "g": "gy", "ng": "ny", "hs": "hsy", "ph": "phy"}
# a breathed consonant (medial ha)
_BREATHED = {"y": "sh", "l": "hl", "m": "hm", "n": "hn", "ny": "hny", "ng": "hng", "w": "hw"}

# (vowel, final class) -> rhyme; vowel is "a" (none), "ar" (ာ), "i", "u", "e" (ေ), "ai" (ဲ),
# "aw" (ော), "o" (ို); final class is "", "k" (က်), "ng" (င်), "c" (စ်), "ny" (ည် ဉ်),
# "t" (တ် ပ်), "n" (န် မ် ံ), "y" (ယ်)
_RHYMES = {
    ("a", ""): "a", ("ar", ""): "ar", ("i", ""): "i", ("u", ""): "u", ("e", ""): "ay",
    ("ai", ""): "e",
    ("aw", ""): "aw", ("o", ""): "o",
    ("a", "k"): "et", ("aw", "k"): "auk", ("o", "k"): "aik",
    ("a", "ng"): "in", ("aw", "ng"): "aung", ("o", "ng"): "aing", ("i", "ng"): "in",
    ("a", "c"): "it", ("a", "ny"): "i", ("e", "ny"): "e",
    ("a", "t"): "at", ("i", "t"): "eik", ("u", "t"): "ok",
    ("a", "n"): "an", ("i", "n"): "ein", ("u", "n"): "on",
    ("a", "y"): "e",
}
_FINAL_CLASS = {"က": "k", "ဂ": "k", "င": "ng", "စ": "c", "ည": "ny", "ဉ": "ny", "တ": "t",
                "ဒ": "t", "ပ": "t", "ဗ": "t", "န": "n", "ဏ": "n", "မ": "n", "ယ": "y"}


def _vowel(signs: str) -> str:
    if "\u1031" in signs:  # ေ, with ာ or ါ: ော
        return "aw" if ("\u102c" in signs or "\u102b" in signs) else "e"
    if "\u102d" in signs and "\u102f" in signs:  # ို
        return "o"
    if "\u102d" in signs or "\u102e" in signs:
        return "i"
    if "\u102f" in signs or "\u1030" in signs:
        return "u"
    if "\u1032" in signs:
        return "ai"
    if "\u102c" in signs or "\u102b" in signs:
        return "ar"  # the long a, written "ar" (Thar, Nilar, Zeyar)
    return "a"  # the inherent vowel


def _syllable(initial: str, medials: str, signs: str, final: str) -> str:
    if initial in _VOWEL_LETTERS:
        return _VOWEL_LETTERS[initial]
    onset = _INITIALS[initial]
    if _YA in medials or _RA in medials:
        onset = "ny" if onset == "ng" else _Y_MEDIAL.get(onset, onset.rstrip("y") + "y")
    if _HA in medials:
        onset = _BREATHED.get(onset, "h" + onset)
    vowel = _vowel(signs)
    final_class = _FINAL_CLASS.get(final, "n" if final else "")
    if _WA in medials:
        if final_class in ("n", "t") and vowel == "a":  # ထွန်း htun, ဝွတ် wut
            return onset + "u" + final_class
        if vowel == "e" and not final_class:  # ရွှေ Shwe, ငွေ Ngwe
            return onset + "we"
        onset += "w"
    if not onset and vowel == "e" and not final_class:  # အေး: Aye
        return "aye"
    if vowel == "ar" and final_class:
        vowel = "a"
    rhyme = _RHYMES.get((vowel, final_class))
    if rhyme is None:
        rhyme = _RHYMES[(vowel, "")] + final_class[:1]
    return (onset + rhyme).replace("yy", "y")


@functools.lru_cache(maxsize=50_000)
def burmese_to_latin(text: str) -> str:
    """Romanise Burmese text by sound, one word per syllable; other characters are kept."""
    out: list[str] = []
    # one syllable at a time: [initial, medials, vowel signs, final]
    current: list[str] | None = None

    def close() -> None:
        nonlocal current
        if current is not None:
            out.append(_syllable(*current))
            current = None

    n = len(text)
    for i, char in enumerate(text):
        if char in _INITIALS or char in _VOWEL_LETTERS:
            j = i + 1
            while j < n and text[j] == _DOT:
                j += 1
            killed = j < n and text[j] in (_ASAT, _VIRAMA)
            if killed and current is not None and char in _INITIALS:
                current[3] = char
                continue
            close()
            current = [char, "", "", ""]
        elif current is not None and char in (_YA, _RA, _WA, _HA):
            current[1] += char
        elif current is not None and char in _VOWEL_SIGNS:
            current[2] += char
        elif current is not None and char == _ANUSVARA:
            current[3] = current[3] or "မ"
        elif char in _MARKS:  # the killer, a tone, or a sign with no syllable to go with
            continue
        else:
            close()
            out.append(_DIGITS.get(char, char))
    close()
    # syllables are words; digits and other characters keep their place
    words: list[str] = []
    for piece in out:
        if piece.isdigit() and words and words[-1].isdigit():
            words[-1] += piece
        else:
            words.append(piece)
    return " ".join(" ".join(words).split())
