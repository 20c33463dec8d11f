"""Names of people: North Korean names and their many spellings, and ordinary people worldwide.

Korean half. A North Korean is known to a bank only through a Latin spelling, and there are many:
the DPRK's own style on its publications and on UN/OFAC lists ("Kim Jong Un"), the press style
("Kim Jong-un"), McCune-Reischauer with and without its diacritics ("Kim Chŏng-ŭn", "Kim Chong
Un"), the South's Revised Romanization ("Kim Jeong-eun", strictly "Gim Jeong-eun"), and the
conventional surname spellings (Ri/Lee/Yi/Rhee). :func:`romanise` spells Hangul under each
system, :func:`korean_name` draws a realistic North Korean name, :func:`romanisations` lists
every realistic spelling of it, :func:`render` writes one as a clerk or a list would, and
:func:`list_style` writes it the way OFAC does ("KIM, Jong Un").

Ordinary half. :func:`random_people` draws ordinary people from the name stocks of sixteen
cultures (``CULTURES``): the legitimate economy's customers, and the innocent near-misses that
sanctions screening must not flag.

Data live in ``world/names/korean.yaml`` and ``world/names/cultures.yaml``, with their sources.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np
import yaml

#: Romanisation systems understood by :func:`romanise`.
SYSTEMS: tuple[str, ...] = ("rr", "mr", "mr_plain", "dprk")

#: Rendering styles of :func:`render`, with the share of renderings each takes when none is
#: asked for. ASSUMPTION: set to match what appears in sanctions lists, wire messages and the
#: English-language press on North Korea, where the DPRK's own style and the hyphenated press
#: style dominate and the South's Revised Romanization is rare.
STYLE_WEIGHTS: dict[str, float] = {
    "dprk": 0.45,  # Kim Jong Un: DPRK publications, UN and OFAC lists
    "press": 0.30,  # Kim Jong-un: English-language press, many bank files
    "mr_plain": 0.12,  # Kim Chong Un / Kim Chong-un: older Western usage, typed without marks
    "run_together": 0.05,  # Kim Jongun: given name as one word, passport-style
    "rr": 0.05,  # Kim Jeong-eun: South Korean Revised Romanization
    "mr": 0.03,  # Kim Chŏng-ŭn: scholarly McCune-Reischauer
}
STYLES: tuple[str, ...] = tuple(STYLE_WEIGHTS)

#: Share of renderings that put the given name first ("Jong Un Kim"). ASSUMPTION.
GIVEN_FIRST_SHARE = 0.08
#: Share of renderings that use another conventional surname spelling (Lee for 리). ASSUMPTION.
SURNAME_VARIANT_SHARE = 0.05
#: Share of Revised Romanization renderings with the strict surname (Gim, I, Bak). ASSUMPTION.
STRICT_RR_SURNAME_SHARE = 0.1

#: Culture keys of :func:`random_people`, as in ``world/names/cultures.yaml``.
CULTURES: tuple[str, ...] = (
    "chinese",
    "japanese",
    "korean",
    "vietnamese",
    "thai",
    "malay",
    "indian",
    "arabic",
    "russian",
    "english",
    "spanish",
    "portuguese",
    "french",
    "german",
    "swahili",
    "nigerian",
)

GENDERS: tuple[str, ...] = ("male", "female")

# --- Hangul ------------------------------------------------------------------------------------

_SYLLABLE_FIRST = 0xAC00  # 가
_SYLLABLE_COUNT = 11172  # 19 initials x 21 medials x 28 finals, up to 힣 U+D7A3
_PER_INITIAL = 21 * 28
_FINALS = 28

# Initial consonants, in Unicode order:
#   ㄱ ㄲ ㄴ ㄷ ㄸ ㄹ ㅁ ㅂ ㅃ ㅅ ㅆ ㅇ ㅈ ㅉ ㅊ ㅋ ㅌ ㅍ ㅎ
_INITIALS: dict[str, tuple[str, ...]] = {
    "rr": ("g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k",
           "t", "p", "h"),
    "mr": ("k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "ch", "tch", "ch'",
           "k'", "t'", "p'", "h"),
    "mr_plain": ("k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "ch", "tch",
                 "ch", "k", "t", "p", "h"),
    # DPRK 1992 style as printed in English: aspirates written with h (Thae, Phyong, Khang).
    "dprk": ("k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "j", "jj", "ch",
             "kh", "th", "ph", "h"),
}  # fmt: skip

# Medial vowels, in Unicode order:
#   ㅏ ㅐ ㅑ ㅒ ㅓ ㅔ ㅕ ㅖ ㅗ ㅘ ㅙ ㅚ ㅛ ㅜ ㅝ ㅞ ㅟ ㅠ ㅡ ㅢ ㅣ
_PLAIN_VOWELS = ("a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae", "oe", "yo", "u",
                 "wo", "we", "wi", "yu", "u", "ui", "i")  # fmt: skip
_VOWELS: dict[str, tuple[str, ...]] = {
    "rr": ("a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u",
           "wo", "we", "wi", "yu", "eu", "ui", "i"),
    "mr": ("a", "ae", "ya", "yae", "ŏ", "e", "yŏ", "ye", "o", "wa", "wae", "oe", "yo", "u",
           "wŏ", "we", "wi", "yu", "ŭ", "ŭi", "i"),
    "mr_plain": _PLAIN_VOWELS,
    "dprk": _PLAIN_VOWELS,
}  # fmt: skip

# Final consonants, in Unicode order:
#   (none) ㄱ ㄲ ㄳ ㄴ ㄵ ㄶ ㄷ ㄹ ㄺ ㄻ ㄼ ㄽ ㄾ ㄿ ㅀ ㅁ ㅂ ㅄ ㅅ ㅆ ㅇ ㅈ ㅊ ㅋ ㅌ ㅍ ㅎ
# written as pronounced at the end of a syllable: every system neutralises them alike.
_CODAS = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p",
          "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t")  # fmt: skip
_SONORANT_CODAS = frozenset({"", "n", "l", "m", "ng"})
# Plain stops ㄱ ㄷ ㅂ ㅈ, voiced after a vowel or sonorant inside a word (MR and DPRK style).
_VOICED = {0: "g", 3: "d", 7: "b", 12: "j"}
_SIOT, _WI, _I = 9, 16, 20  # ㅅ, ㅟ, ㅣ: MR writes 시 shi and 쉬 shwi

# Two-syllable surnames, recognised by KoreanName.from_hangul.
_DOUBLE_SURNAMES = frozenset({"남궁", "황보", "제갈", "선우", "독고", "사공", "서문", "동방"})


def _check_system(system: str) -> None:
    if system not in SYSTEMS:
        raise ValueError(f"unknown romanisation system {system!r}; allowed: {', '.join(SYSTEMS)}")


def _jamo(hangul: str) -> list[tuple[int, int, int]]:
    """Split precomposed syllables into (initial, medial, final) indices."""
    out = []
    for char in hangul:
        code = ord(char) - _SYLLABLE_FIRST
        if not 0 <= code < _SYLLABLE_COUNT:
            raise ValueError(
                f"{char!r} in {hangul!r} is not a precomposed Hangul syllable (U+AC00..U+D7A3)"
            )
        out.append((code // _PER_INITIAL, code % _PER_INITIAL // _FINALS, code % _FINALS))
    return out


def _syllables(hangul: str, system: str, voice: bool = False) -> list[str]:
    _check_system(system)
    initials, vowels = _INITIALS[system], _VOWELS[system]
    out: list[str] = []
    previous_coda: str | None = None  # None: start of the word
    for lead, vowel, tail in _jamo(hangul):
        onset = initials[lead]
        if voice and system != "rr" and lead in _VOICED and previous_coda in _SONORANT_CODAS:
            onset = _VOICED[lead]
        elif lead == _SIOT and system in ("mr", "mr_plain") and vowel in (_I, _WI):
            onset = "sh"
        coda = _CODAS[tail]
        out.append(onset + vowels[vowel] + coda)
        previous_coda = coda
    return out


def romanise(hangul: str, system: str, sep: str = "-", *, voice: bool = False) -> str:
    """Romanise Hangul syllable by syllable, lowercase, syllables joined by ``sep``.

    ``system`` is one of :data:`SYSTEMS`: ``"rr"`` (Revised Romanization, 정은 -> jeong-eun),
    ``"mr"`` (McCune-Reischauer with breves and apostrophes: chŏng-ŭn, ch'ŏl), ``"mr_plain"``
    (MR without them: chong-un) or ``"dprk"`` (the DPRK's own Latin style as printed on its
    English publications and on UN and OFAC lists: jong-un, thaek, phyong). Each syllable is
    spelled as if it began a word, except that with ``voice=True`` a plain stop (ㄱ ㄷ ㅂ ㅈ)
    after a vowel or sonorant is voiced under mr, mr_plain and dprk (김정각 -> kim-jong-gak).
    Raises ValueError for an unknown system or a character that is not a Hangul syllable.
    """
    return sep.join(_syllables(hangul, system, voice))


def _cap(text: str) -> str:
    """Capitalise the first letter only (str.title would write Ch'Oe)."""
    return text[:1].upper() + text[1:]


def _spaced(syllables: Sequence[str]) -> str:
    return " ".join(_cap(s) for s in syllables)


def _hyphened(syllables: Sequence[str]) -> str:
    return _cap("-".join(syllables))


def _joined(syllables: Sequence[str]) -> str:
    return _cap("".join(syllables))


# --- YAML --------------------------------------------------------------------------------------

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loader that refuses duplicate mapping keys (a silent data error otherwise)."""


def _mapping_without_duplicates(loader: Any, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node)


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates
)


@functools.cache
def _load_yaml(filename: str) -> Any:
    text = (resources.files("illicitflow.world") / "names" / filename).read_text(encoding="utf-8")
    return yaml.load(text, Loader=_StrictLoader)  # a safe loader (SafeLoader subclass)


def _probabilities(weights: Iterable[float], what: str) -> np.ndarray:
    w = np.asarray(list(weights), dtype=np.float64)
    if w.size == 0 or not np.all(np.isfinite(w)) or np.any(w <= 0):
        raise ValueError(f"{what}: weights must be positive and finite")
    return w / w.sum()


def _cdf(p: np.ndarray) -> np.ndarray:
    cdf = np.cumsum(p)
    cdf[-1] = 1.0
    return cdf


def _draw(cdf: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Indices drawn by inverse CDF from uniforms ``u`` in [0, 1)."""
    return np.searchsorted(cdf, u, side="right")


# --- Korean names ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Surname:
    hangul: str  # North Korean form
    south: str  # South Korean form
    weight: float
    south_spelling: str
    variants: tuple[str, ...]


@dataclass(frozen=True)
class _SyllableTable:
    syllables: tuple[str, ...]
    cdf: np.ndarray


@dataclass(frozen=True)
class _KoreanData:
    surnames: dict[str, _Surname]
    surname_order: tuple[str, ...]
    surname_cdf: np.ndarray
    single_share: float
    given: dict[str, dict[str, _SyllableTable]]  # gender -> first/second/single


def _syllable_table(spec: Mapping[str, float], what: str) -> _SyllableTable:
    _jamo("".join(spec))  # every key must be Hangul
    return _SyllableTable(tuple(spec), _cdf(_probabilities(spec.values(), what)))


@functools.cache
def _korean() -> _KoreanData:
    raw = _load_yaml("korean.yaml")
    surnames: dict[str, _Surname] = {}
    for entry in raw["surnames"]:
        s = _Surname(
            hangul=entry["hangul"],
            south=entry["south"],
            weight=float(entry["weight"]),
            south_spelling=entry["south_spelling"],
            variants=tuple(entry.get("variants") or ()),
        )
        _jamo(s.hangul + s.south)
        if s.hangul in surnames:
            raise ValueError(f"korean.yaml: surname {s.hangul} listed twice")
        surnames[s.hangul] = s
    order = tuple(surnames)
    given: dict[str, dict[str, _SyllableTable]] = {}
    for gender in GENDERS:
        spec = raw["given"][gender]
        given[gender] = {
            part: _syllable_table(spec[part], f"korean.yaml given {gender} {part}")
            for part in ("first", "second", "single")
        }
    return _KoreanData(
        surnames=surnames,
        surname_order=order,
        surname_cdf=_cdf(
            _probabilities((surnames[h].weight for h in order), "korean.yaml surnames")
        ),
        single_share=float(raw["given"]["single_share"]),
        given=given,
    )


@dataclass(frozen=True)
class KoreanName:
    """A Korean name in Hangul: surname (usually one syllable) and given name (usually two)."""

    surname: str
    given: str

    def __post_init__(self) -> None:
        if not self.surname or not self.given:
            raise ValueError("a Korean name needs both a surname and a given name")
        _jamo(self.surname + self.given)

    @property
    def hangul(self) -> str:
        """The name as written in Korea, surname first: 김정은."""
        return self.surname + self.given

    @classmethod
    def from_hangul(cls, full: str) -> KoreanName:
        """Split a full Hangul name: 김정은 -> 김 + 정은; 남궁민 -> 남궁 + 민."""
        full = full.strip()
        cut = 2 if full[:2] in _DOUBLE_SURNAMES and len(full) > 2 else 1
        return cls(full[:cut], full[cut:])


@dataclass(frozen=True)
class _SurnameSpellings:
    dprk: str  # Ri
    mr: str  # Ri, Ch'oe
    mr_plain: str  # Ri, Choe
    rr: str  # I: strict RR of the South Korean form
    south: str  # Lee: conventional South Korean spelling
    variants: tuple[str, ...]

    def all(self) -> list[str]:
        seen = [self.dprk, self.south, self.mr_plain, self.mr, self.rr, *self.variants]
        return list(dict.fromkeys(seen))


def _surname_spellings(surname: str) -> _SurnameSpellings:
    info = _korean().surnames.get(surname)
    south = info.south if info else surname
    strict_rr = _joined(_syllables(south, "rr"))
    return _SurnameSpellings(
        dprk=_joined(_syllables(surname, "dprk")),
        mr=_joined(_syllables(surname, "mr")),
        mr_plain=_joined(_syllables(surname, "mr_plain")),
        rr=strict_rr,
        south=info.south_spelling if info else strict_rr,
        variants=info.variants if info else (),
    )


def _given_spellings(given: str) -> dict[str, list[str]]:
    """Given-name spellings by style, the most usual first."""
    dprk = _syllables(given, "dprk")
    dprk_voiced = _syllables(given, "dprk", voice=True)
    mr_plain = _syllables(given, "mr_plain", voice=True)
    mr_plain_unvoiced = _syllables(given, "mr_plain")
    rr = _syllables(given, "rr")
    spellings = {
        "dprk": [_spaced(dprk), _spaced(dprk_voiced)],
        "press": [_hyphened(dprk), _hyphened(dprk_voiced)],
        "mr_plain": [
            _spaced(mr_plain),
            _hyphened(mr_plain),
            _spaced(mr_plain_unvoiced),
            _hyphened(mr_plain_unvoiced),
        ],
        "mr": [_hyphened(_syllables(given, "mr", voice=True))],
        "rr": [_hyphened(rr), _joined(rr), _spaced(rr)],
        "run_together": [_joined(dprk), _joined(dprk_voiced)],
    }
    return {style: list(dict.fromkeys(forms)) for style, forms in spellings.items()}


def _style_surnames(sp: _SurnameSpellings) -> dict[str, list[str]]:
    return {
        "dprk": [sp.dprk],
        "press": [sp.dprk],
        "mr_plain": [sp.mr_plain],
        "mr": [sp.mr],
        "rr": [sp.south, sp.rr],
        "run_together": [sp.dprk],
    }


def romanisations(name: KoreanName) -> list[str]:
    """Every realistic Latin spelling of ``name``, "Surname Given", deduplicated, stable order.

    The usual spelling of each style comes first (DPRK "Kim Jong Un", press "Kim Jong-un",
    MR plain "Kim Chong Un" / "Kim Chong-un", MR "Kim Chŏng-ŭn", RR "Kim Jeong-eun" and strict
    "Gim Jeong-eun", run together "Kim Jongun"); then every given-name spelling with every
    surname spelling (DPRK, South Korean, MR, strict RR and the conventional variants).
    """
    sp = _surname_spellings(name.surname)
    given = _given_spellings(name.given)
    out: dict[str, None] = {}
    for style, surnames in _style_surnames(sp).items():
        for surname in surnames:
            for form in given[style]:
                out[f"{surname} {form}"] = None
    all_given = [form for style in STYLES for form in given[style]]
    for surname in sp.all():
        for form in all_given:
            out[f"{surname} {form}"] = None
    return list(out)


def render(
    name: KoreanName,
    rng: np.random.Generator,
    style: str | None = None,
    given_first: bool | None = None,
) -> str:
    """One spelling of ``name`` as a clerk, a list or a newspaper would write it.

    ``style`` is one of :data:`STYLES`; by default one is drawn by :data:`STYLE_WEIGHTS`. Within
    a style the spelling varies (voicing, hyphen or space; now and then another conventional
    surname spelling), and unless ``given_first`` is set, :data:`GIVEN_FIRST_SHARE` of
    renderings put the given name first ("Jong Un Kim").
    """
    if style is None:
        style = STYLES[int(_draw(_style_cdf(), rng.random()))]
    elif style not in STYLE_WEIGHTS:
        raise ValueError(f"unknown style {style!r}; allowed: {', '.join(STYLES)}")
    sp = _surname_spellings(name.surname)
    surname = _style_surnames(sp)[style][0]
    if style == "rr" and rng.random() < STRICT_RR_SURNAME_SHARE:
        surname = sp.rr
    if sp.variants and rng.random() < SURNAME_VARIANT_SHARE:
        surname = sp.variants[int(rng.integers(len(sp.variants)))]
    forms = _given_spellings(name.given)[style]
    if style == "mr_plain":
        forms = forms[:2]  # voiced, spaced or hyphened
    elif style == "rr":
        forms = forms[:1]
    given = forms[int(rng.integers(len(forms)))]
    if given_first is None:
        given_first = bool(rng.random() < GIVEN_FIRST_SHARE)
    return f"{given} {surname}" if given_first else f"{surname} {given}"


@functools.cache
def _style_cdf() -> np.ndarray:
    return _cdf(_probabilities(STYLE_WEIGHTS.values(), "STYLE_WEIGHTS"))


def list_style(name: str) -> str:
    """Write a surname-first name as sanctions lists do: "Kim Jong Un" -> "KIM, Jong Un"."""
    parts = name.split(maxsplit=1)
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0].upper()
    return f"{parts[0].upper()}, {parts[1]}"


def _pick(table: _SyllableTable, rng: np.random.Generator) -> str:
    return table.syllables[int(_draw(table.cdf, rng.random()))]


def korean_name(rng: np.random.Generator, gender: str | None = None) -> KoreanName:
    """Draw a realistic North Korean name.

    The surname is drawn by its frequency (North Korean form: 리, 림, 류, 로 keep their initial
    ㄹ); the given name is one syllable now and then, usually two drawn from the common given-name
    syllables of ``gender`` ("male" or "female"; drawn evenly when None).
    """
    if gender is None:
        gender = GENDERS[int(rng.random() < 0.5)]
    elif gender not in GENDERS:
        raise ValueError(f"unknown gender {gender!r}; allowed: {', '.join(GENDERS)}")
    data = _korean()
    surname = data.surname_order[int(_draw(data.surname_cdf, rng.random()))]
    tables = data.given[gender]
    if rng.random() < data.single_share:
        return KoreanName(surname, _pick(tables["single"], rng))
    first = _pick(tables["first"], rng)
    second = _pick(tables["second"], rng)
    while second == first:
        second = _pick(tables["second"], rng)
    return KoreanName(surname, first + second)


# --- Ordinary people ---------------------------------------------------------------------------

_DEFAULT_ZIPF = 0.7
_ORDERS = ("surname_first", "given_first")


@dataclass(frozen=True)
class _Culture:
    key: str
    label: str
    weight: float
    surname_first: bool
    countries: np.ndarray  # alpha-2 codes
    country_cdf: np.ndarray
    given: np.ndarray  # male names, then female names
    n_male: int
    male_cdf: np.ndarray
    female_cdf: np.ndarray
    surnames: np.ndarray  # masculine forms, then feminine forms
    surname_cdf: np.ndarray
    full: np.ndarray  # every given x surname name as written: male block, then female block
    double_surname: float


def _names_and_weights(spec: Any, zipf: float, what: str) -> tuple[list[str], np.ndarray]:
    """A name list in rank order (Zipf weights) or a mapping name -> weight."""
    if isinstance(spec, Mapping):
        names = [str(k) for k in spec]
        p = _probabilities((float(v) for v in spec.values()), what)
    else:
        names = [str(k) for k in spec]
        p = _probabilities(1.0 / np.arange(1, len(names) + 1) ** zipf, what)
    if len(set(names)) != len(names) or not all(n.strip() == n and n for n in names):
        raise ValueError(f"{what}: names must be unique, non-empty and trimmed")
    return names, p


def _feminine_russian(surname: str) -> str:
    """Ivanov -> Ivanova, Ilyin -> Ilyina, Dobrovolsky -> Dobrovolskaya, Kovalenko unchanged."""
    if surname.endswith(("skiy", "skii")):
        return surname[:-2] + "aya"
    if surname.endswith(("sky", "tsky")):
        return surname[:-1] + "aya"
    if surname.endswith("oy"):
        return surname[:-2] + "aya"
    if surname.endswith(("ov", "ev", "yov", "in", "yn")):
        return surname + "a"
    return surname


_FEMININE_RULES = {"russian": _feminine_russian}


@functools.cache
def _cultures_raw() -> dict[str, Any]:
    raw = _load_yaml("cultures.yaml")["cultures"]
    if tuple(raw) != CULTURES:
        raise ValueError(f"cultures.yaml lists {tuple(raw)}, names.CULTURES {CULTURES}")
    return raw


@functools.cache
def _culture(key: str) -> _Culture:
    spec = _cultures_raw()[key]
    what = f"cultures.yaml {key}"
    zipf = float(spec.get("zipf", _DEFAULT_ZIPF))
    if spec["order"] not in _ORDERS:
        raise ValueError(f"{what}: order must be one of {', '.join(_ORDERS)}")
    male, male_p = _names_and_weights(spec["given"]["male"], zipf, f"{what} male")
    female, female_p = _names_and_weights(spec["given"]["female"], zipf, f"{what} female")
    if spec.get("given_script") == "hangul":
        male = [_hyphened(_syllables(n, "rr")) for n in male]
        female = [_hyphened(_syllables(n, "rr")) for n in female]
    surnames, surname_p = _names_and_weights(spec["surnames"], zipf, f"{what} surnames")
    rule = spec.get("surname_female")
    feminine = [_FEMININE_RULES[rule](s) for s in surnames] if rule else surnames
    countries, country_p = _names_and_weights(spec["countries"], zipf, f"{what} countries")
    if not all(len(c) == 2 and c.isascii() and c.isalpha() and c.islower() for c in countries):
        raise ValueError(f"{what}: countries must be lower-case ISO 3166-1 alpha-2 codes")
    surname_first = spec["order"] == "surname_first"

    def written(given: str, surname: str) -> str:
        return f"{surname} {given}" if surname_first else f"{given} {surname}"

    full = [written(g, s) for g in male for s in surnames]
    full += [written(g, s) for g in female for s in feminine]
    return _Culture(
        key=key,
        label=str(spec["label"]),
        weight=float(spec["weight"]),
        surname_first=surname_first,
        countries=np.array(countries),
        country_cdf=_cdf(country_p),
        given=np.array(male + female),
        n_male=len(male),
        male_cdf=_cdf(male_p),
        female_cdf=_cdf(female_p),
        surnames=np.array(surnames + feminine),
        surname_cdf=_cdf(surname_p),
        full=np.array(full),
        double_surname=float(spec.get("double_surname", 0.0)),
    )


def culture_countries(culture: str) -> dict[str, float]:
    """The nationalities (alpha-2) a culture stands for, with their shares."""
    c = _culture(_check_cultures([culture])[0])
    p = np.diff(np.concatenate(([0.0], c.country_cdf)))
    return {str(code): float(share) for code, share in zip(c.countries, p, strict=True)}


def _check_cultures(cultures: Sequence[str] | None) -> list[str]:
    if cultures is None:
        return list(CULTURES)
    if isinstance(cultures, str):
        raise TypeError("cultures must be a list of culture keys, not a string")
    keys = list(dict.fromkeys(cultures))
    unknown = [k for k in keys if k not in CULTURES]
    if unknown or not keys:
        raise ValueError(f"unknown or no cultures {unknown!r}; allowed: {', '.join(CULTURES)}")
    return keys


def random_people(
    rng: np.random.Generator,
    n: int,
    cultures: list[str] | None = None,
    start_year: int = 1940,
    end_year: int = 1990,
) -> dict[str, np.ndarray]:
    """Draw ``n`` ordinary people, vectorised.

    People are spread over ``cultures`` (default: all of :data:`CULTURES`) by the cultures'
    weights; within a culture gender is even, and given name, surname (feminine form where the
    language has one; two surnames for the Iberian share that writes them) and nationality are
    drawn by frequency. Birth dates are uniform from 1 January ``start_year`` to 31 December
    ``end_year``. Returns equal-length arrays: ``name`` (as written on a bank form in that
    country), ``given``, ``surname``, ``gender`` ("male"/"female"), ``birth_date``
    (datetime64[D]), ``nationality`` (ISO 3166-1 alpha-2, lower case) and ``culture``. The same
    generator state gives the same people.
    """
    n = int(n)
    if n < 0:
        raise ValueError(f"n must be non-negative, got {n}")
    if start_year > end_year:
        raise ValueError(f"start_year {start_year} is after end_year {end_year}")
    keys = _check_cultures(cultures)
    tables = [_culture(k) for k in keys]
    culture_cdf = _cdf(_probabilities((t.weight for t in tables), "culture weights"))
    which = _draw(culture_cdf, rng.random(n))
    female = rng.random(n) < 0.5
    first_day = np.datetime64(f"{start_year:04d}-01-01", "D")
    span = int((np.datetime64(f"{end_year + 1:04d}-01-01", "D") - first_day).astype(np.int64))
    birth_date = first_day + rng.integers(0, span, size=n).astype("timedelta64[D]")

    by_culture = np.argsort(which, kind="stable")
    bounds = np.concatenate(([0], np.cumsum(np.bincount(which, minlength=len(tables)))))
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
    for i, t in enumerate(tables):
        sel = by_culture[bounds[i] : bounds[i + 1]]  # ascending: the sort is stable
        if sel.size == 0:
            continue
        fem = female[sel]
        u_given = rng.random(sel.size)
        gi = np.where(fem, t.n_male + _draw(t.female_cdf, u_given), _draw(t.male_cdf, u_given))
        n_surnames = t.surname_cdf.size
        si = _draw(t.surname_cdf, rng.random(sel.size))
        given = t.given[gi]
        surname = t.surnames[si + n_surnames * fem]
        name = t.full[gi * n_surnames + si]
        nationality = t.countries[_draw(t.country_cdf, rng.random(sel.size))]
        if t.double_surname > 0:
            double = np.flatnonzero(rng.random(sel.size) < t.double_surname)
            second = t.surnames[_draw(t.surname_cdf, rng.random(double.size))]
            both = np.char.add(np.char.add(surname[double], " "), second)
            written = (
                np.char.add(np.char.add(both, " "), given[double])
                if t.surname_first
                else np.char.add(np.char.add(given[double], " "), both)
            )
            surname = surname.astype(np.result_type(surname, both))
            name = name.astype(np.result_type(name, written))
            surname[double] = both
            name[double] = written
        parts.append((sel, name, given, surname, nationality))

    def assemble(column: int) -> np.ndarray:
        dtype = np.result_type(*(p[column] for p in parts)) if parts else np.dtype("<U1")
        out = np.empty(n, dtype=dtype)
        for p in parts:
            out[p[0]] = p[column]
        return out

    return {
        "name": assemble(1),
        "given": assemble(2),
        "surname": assemble(3),
        "gender": np.where(female, "female", "male"),
        "birth_date": birth_date,
        "nationality": assemble(4),
        "culture": np.array(keys)[which],
    }
