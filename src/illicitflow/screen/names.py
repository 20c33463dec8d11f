"""Name analysis: a raw name becomes a :class:`NameForm` of weighted, typed tokens.

What the analysis finds, in order:

1. other names written inside a name ("Ocean Pioneer (ex-Cape Diamond)", "X a.k.a. Y"), kept as
   alternatives;
2. residue that is not the name: a message label ("BENEFICIARY: ..."), a care-of address, an
   address or branch after a firm's legal form, a port after a vessel's name, text in
   parentheses (kept, but weighted down as an annotation; a firm's acronym there is another
   name of it);
3. tokens (:func:`illicitflow.screen.text.tokenize`), with numbers (digits, Roman numerals,
   number words in many languages) set apart, legal forms (:data:`~.tables.LEGAL_FORM_TABLE`)
   set apart, leading titles dropped and vessel prefixes dropped, and in a firm's name each
   country's names as one word;
4. each token's role and weight: a proper name (1.0), a business word (0.5), a patronymic
   (0.6), a religious title (0.35), an initial (0.35), a particle (0.25), an annotation (x0.35);
5. Korean personal names (surname from the surname table, given name readable as Korean
   syllables, or Hangul) become a surname token and one given-name token carrying its syllable
   readings (:mod:`illicitflow.screen.korean`).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from illicitflow.screen import chinese, japanese, korean
from illicitflow.screen.tables import (
    ABBREVIATIONS,
    BUSINESS_WORDS,
    CJK_BUSINESS_WORDS,
    EUROPEAN_BUSINESS_WORDS,
    FUND_WORDS,
    LEGAL_FORM_TABLE,
    NATIVE_BUSINESS_WORDS,
    NUMBER_MARKERS,
    PARTICLES,
    RELIGIOUS_TITLES,
    ROMANISED_BUSINESS_WORDS,
    TITLES,
    VESSEL_PREFIXES,
    LegalForm,
)
from illicitflow.screen.text import (
    ABJADS,
    consonants,
    load_transliterators,
    scripts,
    skeleton,
    tokenize,
)

#: Kinds of named things, by FtM schema.
PERSON, ORG, VESSEL, OTHER = "person", "org", "vessel", "other"

_SCHEMA_KINDS = {
    "Person": PERSON, "Vessel": VESSEL, "Airplane": VESSEL, "Organization": ORG, "Company": ORG,
    "PublicBody": ORG, "LegalEntity": ORG, "Asset": OTHER, "Thing": OTHER,
}


def schema_kind(schema: str | None) -> str:
    """The kind of name a schema carries: person, org, vessel or other (default person)."""
    if not schema:
        return PERSON
    return _SCHEMA_KINDS.get(schema.strip(), OTHER)


#: Token weights by role (the share of identity a token carries).
WEIGHTS: dict[str, float] = {
    "name": 1.0,
    "short": 0.7,  # a two-letter word
    "patronymic": 0.6,
    "business": 0.5,
    "common": 0.6,  # a very common given name (Mohammad, Abdul): little identity
    "location": 1.0,  # a country in a firm's name: a different subsidiary
    "religious": 0.35,
    "initial": 0.35,
    "particle": 0.25,
}
#: Multiplier for tokens that annotate a name rather than form it (parentheses, ports).
ANNOTATION_FACTOR = 0.35

_PATRONYMIC_RE = re.compile(r".{3,}(ovich|evich|ovitch|evitch|yevich|ovna|evna|yevna|ichna|ogly|"
                            r"oglu|kyzy|qizi|uulu)$")
_ROMAN_RE = re.compile(r"^(?=[ivxlc]{2,}$)c{0,3}(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_IVX = frozenset("ivx")
_GENERATIONS = frozenset({"ii", "iii", "iv", "vi", "vii", "viii"})


def _roman(token: str) -> int | None:
    if not _ROMAN_RE.match(token):
        return None
    total = 0
    for a, b in zip(token, [*token[1:], ""], strict=True):
        va, vb = _ROMAN_VALUES[a], _ROMAN_VALUES.get(b, 0)
        total += -va if va < vb else va
    return total


@dataclass(slots=True, eq=False)
class Token:
    """One token of a name, with what the matcher needs to compare it."""

    text: str
    role: str = "name"
    weight: float = 1.0
    skel: str = ""
    readings: frozenset[tuple[str, ...]] | None = None  # Korean syllable readings
    surname: frozenset[str] | None = None  # Korean surname groups
    cons: str | None = None  # consonant skeleton, for tokens from an abjad
    segment: int = 0  # 1 for the word after a filiation particle (bin, ibn): a father's name
    person: bool = False  # part of a person's name (vowels vary in transliterated names)
    symbols: frozenset[str] | None = None  # the given name's forms in other languages
    abbrev: bool = False  # written with an abbreviation's full stop (Comm., F.lli)
    zh: frozenset[str] | None = None  # Pinyin readings of a Chinese syllable (Hsin: xin)
    ja: str | None = None  # Hepburn key of a Japanese word (Tutimoto, Tsuchimoto: tsuchimoto)

    def __post_init__(self) -> None:
        if not self.skel:
            self.skel = skeleton(self.text)


@dataclass(slots=True, eq=False)
class NameForm:
    """An analysed name."""

    original: str
    kind: str
    tokens: tuple[Token, ...]
    surface: tuple[str, ...]  # every normalised token in order, legal forms and numbers too
    legal: tuple[LegalForm, ...] = ()
    numbers: tuple[str, ...] = ()
    noted_numbers: tuple[str, ...] = ()  # numbers in parentheses: a firm's "(1998)", "(No. 2)"
    korean: bool = False
    alternatives: tuple[NameForm, ...] = ()
    # what each alternative is: another name written inside this one, or this name read
    # another way (romanised otherwise, its business words translated)
    alternative_notes: tuple[str, ...] = ()
    plain: NameForm | None = None  # a Korean name read as plain tokens too
    residue: tuple[str, ...] = ()  # what was dropped (titles, labels, prefixes), for explanations
    filiation: bool = False  # a person's name with bin / ibn / ben / bint / ould
    native: tuple[str, str] | None = None  # (script, letters) of a logographic/syllabic name
    norm: str = field(default="")

    def __post_init__(self) -> None:
        if not self.norm:
            self.norm = " ".join(self.surface)

    @property
    def label(self) -> str:
        return self.original


# --- reference tables, normalised -------------------------------------------------------------


@functools.cache
def _legal_phrases() -> dict[tuple[str, ...], LegalForm]:
    """Legal-form spellings as token sequences, and as skeleton sequences too (so that
    "ogranichennoi otvetstvennostyu" meets "ogranichennoy otvetstvennostiu")."""
    phrases: dict[tuple[str, ...], LegalForm] = {}
    for canonical, family, kind, where, spellings in LEGAL_FORM_TABLE:
        form = LegalForm(canonical, family, kind, frozenset(where.split(",")))
        for spelling in (canonical, *spellings):
            tokens = tokenize(spelling)
            if tokens and tokens not in phrases:
                phrases[tokens] = form
            if len(tokens) > 1:
                phrases.setdefault(tuple(skeleton(t) for t in tokens), form)
    return phrases


def _starts(phrases: Iterable[tuple[str, ...]]) -> dict[str, int]:
    """The first token of each phrase -> the length of the longest phrase it starts."""
    starts: dict[str, int] = {}
    for phrase in phrases:
        starts[phrase[0]] = max(starts.get(phrase[0], 0), len(phrase))
    return starts


@functools.cache
def _legal_starts() -> dict[str, int]:
    """The first token (or skeleton) of each legal-form phrase -> the longest such phrase."""
    return _starts(_legal_phrases())


_TENS = frozenset(range(20, 100, 10))


_EN_NUMBERS = frozenset({"one", "two", "six", "ten"})


@functools.cache
def _number_phrases() -> dict[tuple[str, ...], int]:
    """Number words and ordinals in many languages (rigour's table), as token sequences."""
    from rigour._core import ordinals_dict

    phrases: dict[tuple[str, ...], int] = {}
    for number, forms in ordinals_dict().items():
        for form in forms:
            tokens = tokenize(form)
            if not tokens or len(tokens) > 3 or all(t.isdigit() for t in tokens):
                continue
            if tokens[0] in NUMBER_MARKERS:
                continue  # "No. 5": the marker is dropped separately
            phrases.setdefault(tokens, number)
    # single letters and particles are not numbers in names ("a", "un", "e", "i", "v"), nor are
    # other languages' three-letter number words, which are name syllables too (Tri and San in
    # Cambodian and Spanish names, Liu, Shi and Jiu in Chinese ones): only English's count
    for tokens in [t for t in phrases if len(t) == 1 and (
            len(t[0]) <= 2 or (len(t[0]) == 3 and t[0].isalpha() and t[0] not in _EN_NUMBERS))]:
        del phrases[tokens]
    for blocked in ("une", "uno", "una"):
        phrases.pop((blocked,), None)
    return phrases


@functools.cache
def _number_starts() -> frozenset[str]:
    """The first tokens of the number phrases."""
    return frozenset(phrase[0] for phrase in _number_phrases())


_DIGITS = re.compile(r"\d+")

_TITLES_NORM = frozenset(t for title in TITLES for t in [" ".join(tokenize(title))])
_VESSEL_PREFIXES_NORM = frozenset(" ".join(tokenize(p)) for p in VESSEL_PREFIXES)

# --- raw-text residue --------------------------------------------------------------------------

# the words that introduce another name of the same party: "a.k.a.", "f/k/a", "formerly known
# as", "doing business as" and, for a vessel, "ex" (its previous name), with what follows them
_ALIAS_MARKER = (r"(?:[afn]\.?k\.?a\b\.?|(?:[afn]/k/a|formerly(?:\s+known\s+as)?|"
                 r"previously(?:\s+known\s+as)?|also\s+known\s+as|now\s+known\s+as|d/b/a|dba|"
                 r"doing\s+business\s+as|trading\s+as|t/as?|h\.?o\.?d\.?n)\b)[\s.:-]*")
_ANY_MARKER = rf"(?:ex\b[\s.:-]*|{_ALIAS_MARKER})"
_ALIAS_IN_PARENS = re.compile(rf"\(\s*{_ANY_MARKER}([^)]+)\)", re.IGNORECASE)
_ALIAS_INLINE = {kind: re.compile(rf"\s*,?\s+{marker}(?=\S)", re.IGNORECASE)
                 for kind, marker in ((ORG, _ALIAS_MARKER), (VESSEL, _ANY_MARKER))}
# a list of names inside one parenthesis: "(ex Mandvi Bay, ex Wanshan Pearl)"
_ALIAS_NEXT = re.compile(rf"\s*[,;]\s*{_ANY_MARKER}", re.IGNORECASE)
# when a name was borne, written after it: "(ex Warri Osprey, 2020)", "(ex-Lindos Harrier until
# 2019)"
_NAME_DATE = re.compile(r"[\s,]+(?:(?:until|till|to|from|since|in)\s+)?(?:19|20)\d\d$",
                        re.IGNORECASE)
_SLASHED = re.compile(r"(?<=[^\W\d_]{3})\s*/\s*(?=[^\W\d_]{3})")
_LABEL = re.compile(r"^\s*([^:(]{1,32}):\s*(\S.*)$", re.DOTALL)
# A word cut short and marked with a full stop (Comm., Ind.), and a contraction written with one
# after its first letter (F.lli for Fratelli, Italian usage).
_ABBREVIATED = re.compile(r"(?<![\w.])([^\W\d_]{3,})\.(?=\s|,|$)")
_CONTRACTION = re.compile(r"(?<![\w.])([^\W\d_])\.([^\W\d_]{2,})(?=\s|,|$)")

#: Salutations written before a firm's name in payment messages.
FIRM_SALUTATIONS = frozenset({"messrs", "messers", "messieurs"})
_CARE_OF = re.compile(r"\s+c/o\s+.*$", re.IGNORECASE | re.DOTALL)
# What payment messages and shipping papers write around a name, for any kind of name: a
# reference ("OUR REF 71-33920-LC", "REF LC0042871"), an account number ("A/C 0119284563",
# "CPTE NO 4455"), a field tag or role ("//59", "-ACCT BENEF", "AB/DC-2026-1188", "/00012345"
# at the end, ":50:" at the start), an IMO number, a post-office box and what follows it
_MESSAGE_RESIDUE = (
    ("reference", re.compile(
        r"(?:\bour\s+)?\bref(?:erence)?\b[.:#]?\s*(?:no\.?\s*)?(?=[\w/-]*\d)[\w/-]+",
        re.IGNORECASE)),
    ("account number", re.compile(
        r"\b(?:a/c|acct|account|cpte|compte|konto|cuenta|cta)\b[.:#]?\s*(?:no\.?\s*)?"
        r"\d[\d -]{2,}\d", re.IGNORECASE)),
    ("field tag", re.compile(
        r"(?:/{1,2}\d{2}[a-z]?|/\d{5,}|\s*-\s*(?:acct\s+)?benef(?:iciary)?|/[a-z]{1,4}-\d[\d-]*)"
        r"\s*$|^\s*:\d{2}[a-z]?:", re.IGNORECASE)),
    ("IMO number", re.compile(r"\bimo\b[\s.:#-]*(?:no\.?\s*)?\d{7}\b", re.IGNORECASE)),
    ("address", re.compile(r"\b(?:p\.?\s?o\.?\s?box|post\s+box|postfach|apartado)\s*\d.*$",
                           re.IGNORECASE | re.DOTALL)),
)
# ... and for a vessel, its voyage ("V.24W", "VOY 118N", "Voyage 12"), call sign ("CS:5NAB2")
# and flag ("(flag: Cameroon)", "(Marshall Islands flag)")
_VESSEL_RESIDUE = (
    ("voyage", re.compile(r"\b(?:voy(?:age)?\.?\s*(?:no\.?\s*)?|v\.\s*)\d{1,4}[nsew]?\b",
                          re.IGNORECASE)),
    ("call sign", re.compile(r"\b(?:c/?s|call\s*sign)\s*[.:]\s*[a-z0-9]{4,7}\b",
                             re.IGNORECASE)),
    ("flag", re.compile(r"\(\s*(?:flag\b[^)]*|[^)]*\bflag(?:ged)?)\s*\)", re.IGNORECASE)),
)
_PARENS = re.compile(r"[(\[]([^()\[\]]*)[)\]]")
_SEGMENTS = re.compile(r"\s*,\s*|\s+[-\u2013\u2014]\s+")


def _split_aliases(raw: str, kind: str) -> tuple[str, list[str]]:
    """The name, and the other names written inside it (aliases, previous names)."""
    alternatives: list[str] = []
    main = raw
    if "(" in raw:
        alternatives = [name for m in _ALIAS_IN_PARENS.finditer(raw)
                        for name in _ALIAS_NEXT.split(m.group(1))]
        main = _ALIAS_IN_PARENS.sub(" ", raw)
    parts = _ALIAS_INLINE[VESSEL if kind == VESSEL else ORG].split(main)
    if len(parts) > 1:
        main, alternatives = parts[0], [*parts[1:], *alternatives]
    # "Al-Qa'ida/Islamic Army": two names, or one written so
    if "/" in main and _SLASHED.search(main):
        alternatives += [part.strip() for part in _SLASHED.split(main)]
        main = _SLASHED.sub(" ", main)
    alternatives = [_NAME_DATE.sub("", a.strip()) for a in alternatives]
    return main.strip(), [a for a in alternatives if a]


#: Words that start a branch's designation after a firm's name, in several languages.
BRANCH_WORDS = frozenset({"branch", "agence", "succursale", "filial", "filiale", "sucursal",
                          "niederlassung", "zweigniederlassung", "zweigstelle", "oddzial",
                          "filiaal", "deposito"})
#: Words that start an address (with a number somewhere in it: "Plot 14", "No. 18, Ln. 72").
ADDRESS_WORDS = frozenset({"no", "plot", "floor", "flat", "unit", "suite", "room", "block",
                           "building", "bldg", "road", "rd", "street", "st", "avenue", "ave",
                           "lane", "ln", "km", "lot", "house", "box", "po", "pobox"})


_ORDINAL = frozenset({"st", "nd", "rd", "th"})


def _is_address(tokens: tuple[str, ...]) -> bool:
    """Whether a comma-separated part after a name is an address: it starts with a number or
    an ordinal ("12250 Brevard Ln", "7th Floor"), or with an address word and holds a
    number."""
    first = tokens[0]
    if len(tokens) > 1 and first[0].isdigit() and (first.isdigit() or first[-2:] in _ORDINAL):
        return True
    return first in ADDRESS_WORDS and any(c.isdigit() for t in tokens for c in t)


def _address_written_on(words: list[str]) -> int | None:
    """Where an address written on after a legal form starts ("... Limited 45 Marine Road
    Warri"): a number after a legal-form word, then two words or more; None when none is (a
    fund's "Trust 2019 A" and a firm's "No. 3" are numbers of the name)."""
    if not any(w.isdigit() for w in words):
        return None
    vocabulary = _legal_vocabulary()
    for k in range(1, len(words) - 2):
        before = words[k - 1]
        if (words[k].isdigit() and before in vocabulary and before not in NUMBER_MARKERS
                and before not in FUND_WORDS):
            return k
    return None


_RESIDUE_HINT = re.compile(r"[\d/:]|benef|flag", re.IGNORECASE)


_ACCOUNT_LINE = re.compile(r"/[\w-]*\d[\w-]*")
# SWIFT's structured name and address (field 50F/59F): "1/NAME 1/NAME GOES ON 2/STREET 3/CC/TOWN"
_NUMBERED_LINE = re.compile(r"(?:^|\s)([1-8])/")
_ATTENTION = re.compile(r"\s*(?:\b(?:attn|attention)\b|\bt\.a\.v\.|\bz\.\s?hd\.).*$",
                        re.IGNORECASE | re.DOTALL)


_EDIFACT_SPLIT = re.compile(r"(?<!\?)\+")
_EDIFACT_RELEASE = re.compile(r"\?(.)")


def _edifact_party(text: str) -> str | None:
    """The party name of an EDIFACT NAD segment ("NAD+CZ+++NAME:NAME GOES ON+STREET+CITY++
    POSTCODE+CC'"): its fourth field, whose 35-character components are one name cut where the
    length ran out; ? releases the character after it."""
    fields = _EDIFACT_SPLIT.split(text.strip().rstrip("'"))
    if len(fields) < 5 or fields[0].upper() != "NAD":
        return None
    name = fields[4] or fields[3]
    return _EDIFACT_RELEASE.sub(r"\1", "".join(re.split(r"(?<!\?):", name))) or None


def _message_block(text: str, residue: list[str], alternatives: list[str]) -> str:
    """The name out of an EDIFACT NAD segment or a payment message's party block: without an
    account line in front ("/7710046632"), the "1/" lines of SWIFT's structured form, the first
    line of several (the name, where the others are its address) with all the lines joined as
    another name (a name wrapped onto the next line), and no attention line ("ATTN ACCOUNTS
    PAYABLE")."""
    if text[:4].upper() == "NAD+":
        party = _edifact_party(text)
        if party and tokenize(party):
            residue.append("EDIFACT segment")
            text = party
    if "\n" in text.strip():
        lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
        while len(lines) > 1 and _ACCOUNT_LINE.fullmatch(lines[0]):
            residue.append("account number")
            lines = lines[1:]
        text = "\n".join(lines)
    parts = _NUMBERED_LINE.split(text) if "1/" in text else []
    if len(parts) > 2 and not parts[0].strip() and parts[1] == "1":
        name = " ".join(parts[k + 1] for k in range(1, len(parts), 2) if parts[k] == "1")
        if tokenize(name):
            if any(parts[k] != "1" for k in range(1, len(parts), 2)):
                residue.append("address")
            text = name
    if "\n" in text:
        lines = text.splitlines()
        joined = lines[0]
        for line in lines[1:]:  # "Hi-" and "des" are one word
            joined = joined[:-1] + line if joined.endswith("-") else f"{joined} {line}"
        alternatives.append(joined)
        text = lines[0]
    lower = text.lower()
    hint = "att" in lower or ".a.v" in lower or "hd." in lower
    stripped = _ATTENTION.sub("", text) if hint else text
    if stripped != text and tokenize(stripped):
        residue.append("attention line")
        text = stripped
    return text


def _strip_residue(text: str, patterns: tuple[tuple[str, re.Pattern[str]], ...],
                   residue: list[str]) -> str:
    """``text`` without what ``patterns`` find, each kind found noted in ``residue``; a name
    that would be left with no words keeps everything."""
    if not _RESIDUE_HINT.search(text):  # each pattern needs a digit, a slash, a colon, ...
        return text
    for what, pattern in patterns:
        stripped = pattern.sub(" ", text)
        if stripped != text and tokenize(stripped):
            residue.append(what)
            text = stripped
    return text


def _strip_label(raw: str) -> tuple[str, str | None]:
    match = _LABEL.match(raw)
    if match and len(match.group(1).split()) <= 3 and tokenize(match.group(2)):
        return match.group(2), match.group(1).strip()
    return raw, None


# --- analysis ----------------------------------------------------------------------------------


@functools.cache
def _legal_typos() -> dict[str, tuple[str, ...]]:
    """Legal-form words of six letters or more, filed under themselves and their one-letter
    deletions (several words under one key, in alphabetical order, so that the correction does
    not hang on the order a set is read in)."""
    out: dict[str, set[str]] = {}
    for word in _legal_vocabulary():
        if len(word) >= 6 and word.isalpha():
            for key in (word, *(word[:k] + word[k + 1 :] for k in range(len(word)))):
                out.setdefault(key, set()).add(word)
    return {key: tuple(sorted(words)) for key, words in out.items()}


@functools.lru_cache(maxsize=100_000)
def _correct_legal(token: str) -> str:
    """A legal-form word with one typo, corrected (COMPANi -> company, LIABILITi -> liability)."""
    if len(token) < 6 or token in _legal_vocabulary() or not token.isalpha():
        return token
    from rapidfuzz.distance import OSA

    table = _legal_typos()
    for key in (token, *(token[:k] + token[k + 1 :] for k in range(len(token)))):
        for word in table.get(key, ()):
            if OSA.distance(word, token) <= 1:
                return word
    return token


def _find_legal(tokens: list[str], end_only: bool = False) -> tuple[list[int], list[LegalForm]]:
    """Positions of legal-form tokens and the forms found (longest phrase first).

    A phrase of two or more tokens, or a single unambiguous one (4+ letters: gmbh, limited),
    counts anywhere; a short single token (sa, ag, co) only at the start or end of the name or
    next to another legal form of the same family ("Trust Company" is not two forms). With
    ``end_only`` (vessels: an owner's name ends with its form) the start does not count as an
    edge. At least one token is left to the name.
    """
    phrases, starts = _legal_phrases(), _legal_starts()
    tokens = [_correct_legal(t) for t in tokens]
    n = len(tokens)
    spans: list[tuple[int, int, LegalForm]] = []
    skeletons = [skeleton(t) for t in tokens]
    i = 0
    while i < n:
        longest = max(starts.get(tokens[i], 0), starts.get(skeletons[i], 0))
        for length in range(min(longest, n - i), 0, -1):
            form = phrases.get(tuple(tokens[i : i + length]))
            if form is None and length > 1:
                form = phrases.get(tuple(skeletons[i : i + length]))
            if form is not None:
                spans.append((i, i + length, form))
                i += length
                break
        else:
            i += 1
    if not spans:
        return [], []
    # keep spans that are strong, or at an edge (edges grow as legal forms are accepted)
    accepted: list[tuple[int, int, LegalForm]] = []
    strong = [(e - s) >= 2 for s, e, _ in spans]
    changed = True
    taken: set[int] = set()
    while changed:
        changed = False
        for k, (s, e, form) in enumerate(spans):
            if k in taken:
                continue
            covered = {p for a, b, _ in accepted for p in range(a, b)}
            families = {f.family for a, b, f in accepted if a == e or b == s}
            left_edge = not end_only and all(j in covered for j in range(s))
            right_edge = all(j in covered for j in range(e, n))
            if (left_edge and s > 0) or (right_edge and e < n):
                # reached through other forms: only forms of one family stack
                left_edge = right_edge = form.family in families
            if strong[k] or left_edge or right_edge:
                accepted.append((s, e, form))
                taken.add(k)
                changed = True
    positions = sorted({p for s, e, _ in accepted for p in range(s, e)})
    if len(positions) >= n:
        # the whole name is legal-form words ("The Company"): keep the last form only
        s, e, form = max(accepted, key=lambda span: span[0])
        if s == 0:
            return [], []
        positions = list(range(s, e))
        accepted = [(s, e, form)]
    return positions, [form for _, _, form in sorted(accepted)]


def is_acronym(word: str, words: tuple[str, ...]) -> bool:
    """Whether ``word`` (3 to 8 letters) is an acronym of ``words``: the first one to three
    letters of two or more of them, in order, from the first word on; particles (of, and, de,
    al) may be left out, and so may every word after the last one used (KKBC: Korea Kwangson
    Banking Corporation; OMM: Ocean Maritime Management Company Limited; SAPICO: Sahand
    Aluminum Parts Industrial Company; FDLR: Forces Democratiques de Liberation du Rwanda)."""
    if not (3 <= len(word) <= 8 and word.isalpha()) or word in words:
        return False
    particles = _particles()

    @functools.cache
    def spells(i: int, j: int, used: int) -> bool:  # word[i:] from words[j:]
        if i == len(word):
            return used >= 2
        if j == len(words):
            return False
        current = words[j]
        if current in particles and spells(i, j + 1, used):
            return True
        return any(word[i : i + k] == current[:k] and spells(i + k, j + 1, used + 1)
                   for k in range(1, min(3, len(current)) + 1))

    return spells(0, 0, 0)


def _join_acronyms(words: list[str]) -> list[str]:
    """Single letters in a row in a firm's name are an acronym: "B R C" -> "brc"."""
    out: list[str] = []
    run: list[str] = []
    for word in [*words, ""]:
        if len(word) == 1 and word.isalpha():
            run.append(word)
            continue
        if len(run) >= 2:
            out.append("".join(run))
        else:
            out.extend(run)
        run = []
        if word:
            out.append(word)
    return out


def _numbers(tokens: list[str], kind: str) -> tuple[list[str], list[str]]:
    """Split numbers off the tokens: (remaining tokens, numbers as decimal strings)."""
    phrases, starts = _number_phrases(), _number_starts()
    out: list[str] = []
    numbers: list[str] = []
    i, n = 0, len(tokens)
    after = -1  # the index of the token after the last number written as a word

    def add(value: int, end: int, word: bool = False) -> None:
        nonlocal after
        # "Forty 4", "twenty one": tens written as a word, then units, make one number
        if numbers and after == i and int(numbers[-1]) in _TENS and 0 < value < 10:
            numbers[-1] = str(int(numbers[-1]) + value)
        else:
            numbers.append(str(value))
        after = end if word else -1

    while i < n:
        token = tokens[i]
        if token.isdigit():
            add(int(token), i + 1)
            i += 1
            continue
        matched = False
        for length in (3, 2, 1) if token in starts else ():
            if i + length <= n and tuple(tokens[i : i + length]) in phrases:
                if length == 1 and kind == PERSON:
                    break  # "Pierre Premier"? people are rarely numbered by words
                add(phrases[tuple(tokens[i : i + length])], i + length, word=True)
                i += length
                matched = True
                break
        if matched:
            continue
        if kind != PERSON:
            # two letters with an l or c, and xi before the end, are Chinese syllables (Hsieh Li,
            # Xi Jin), not 51 or 11
            value = _roman(token) if (len(token) > 2 or (
                set(token) <= _IVX and (token != "xi" or i == n - 1))) else None
        else:  # a person's generation (John Smith III), only at the end
            value = _roman(token) if i == n - 1 and token in _GENERATIONS else None
        if value is None and kind != PERSON and i == n - 1 and n > 2 and token in ("i", "v", "x"):
            value = {"i": 1, "v": 5, "x": 10}[token]  # a lone I, V or X at the end
        if value is not None:
            add(value, i + 1)
            i += 1
            continue
        if not token.isalpha():
            numbers.extend(str(int(d)) for d in _DIGITS.findall(token))
        out.append(token)
        i += 1
    # a number marker ("no", "nr") before a number carries nothing once the number is set apart
    if numbers:
        out = [t for t in out if t not in NUMBER_MARKERS]
    return out, numbers


@functools.cache
def _particles() -> frozenset[str]:
    """Particles of the table plus rigour's stopwords (OpenSanctions), normalised."""
    from rigour._core import stopwords_list

    words = {w for s in stopwords_list() for w in tokenize(s) if len(tokenize(s)) == 1}
    return frozenset(PARTICLES | words)


@functools.cache
def _legal_vocabulary() -> frozenset[str]:
    return frozenset(t for phrase in _legal_phrases() for t in phrase)


@functools.cache
def _common_given() -> frozenset[str]:
    """Given names so common they identify little (rigour's generic person names)."""
    from rigour._core import generic_person_names_list

    return frozenset(t for n in generic_person_names_list() for t in tokenize(n)) - _particles()


@functools.cache
def _territories() -> tuple[dict, ...]:
    """rigour's territories that are countries."""
    import json

    from rigour._core import territories_jsonl

    rows = (json.loads(line) for line in territories_jsonl().splitlines())
    return tuple(row for row in rows if row.get("is_country"))


@functools.cache
def _country_spellings() -> dict[str, frozenset[str]]:
    """Country names of one word in English and their own languages (rigour territories), and
    the words :func:`_country_words` writes for countries -> the countries they name (each
    as its short name written as one word)."""
    found: dict[str, set[str]] = {word: {word} for word in _country_phrases().values()}
    for row in _territories():
        country = "".join(tokenize(row["name"]))
        for name in (row["name"], *row.get("names_strong", ()), *row.get("names_weak", ())):
            tokens = tokenize(name)
            if len(tokens) == 1 and len(tokens[0]) >= 4:
                found.setdefault(tokens[0], set()).add(country)
    return {word: frozenset(countries) for word, countries in found.items()}


def same_country(a: str, b: str) -> bool:
    """Whether two country words name one country (Myanmar, Mianmar)."""
    spellings = _country_spellings()
    return bool(spellings.get(a, frozenset()) & spellings.get(b, frozenset()))


@functools.cache
def _country_phrases() -> dict[tuple[str, ...], str]:
    """A country's names, normalised, -> one word for it (its short name written together).

    The names are rigour's: the short name, the official name and the strong other names,
    where those are written in several words or as the initials of the short or official
    name (DPRK, UAE, USA, UK); a name two countries share is left out, and so is CAR, in a
    firm's name a car more often than the Central African Republic.
    """
    out: dict[tuple[str, ...], str] = {}
    shared: set[tuple[str, ...]] = set()
    for row in _territories():
        word = "".join(tokenize(row["name"]))
        initials = {"".join(w[0] for w in tokenize(name) if w not in ("of", "the", "and"))
                    for name in (row["name"], row.get("full_name") or "")} - {"car"}
        for name in (row["name"], row.get("full_name"), *row.get("names_strong", ())):
            phrase = tokenize(name or "")
            if not phrase or (len(phrase) == 1 and phrase[0] not in (word, *initials)):
                continue
            if out.get(phrase, word) != word:
                shared.add(phrase)
            out[phrase] = word
    return {phrase: word for phrase, word in out.items() if phrase not in shared}


@functools.cache
def _country_starts() -> dict[str, int]:
    return _starts(_country_phrases())


def _country_words(words: list[str]) -> list[str]:
    """A country's name written in several words, or as its abbreviation, as one word (see
    :func:`_country_phrases`): "Democratic People's Republic of Korea", "North Korea" and
    "DPRK" are all ``northkorea``."""
    starts = _country_starts()
    if not any(w in starts for w in words):
        return words
    phrases = _country_phrases()
    out: list[str] = []
    i = 0
    while i < len(words):
        for length in range(min(starts.get(words[i], 0), len(words) - i), 0, -1):
            country = phrases.get(tuple(words[i : i + length]))
            if country is not None:
                out.append(country)
                i += length
                break
        else:
            out.append(words[i])
            i += 1
    return out


FILIATION = frozenset({"bin", "ibn", "ben", "bint", "binti", "ould", "wuld"})


def _role(token: str, kind: str) -> str:
    # in a person's name only the name particles of the table are particles: rigour's
    # stopwords include words that are surnames too (Shi, Wei, Ha, He), and a single letter
    # is an initial
    if token in (PARTICLES if kind == PERSON else _particles()):
        return "particle"
    if len(token) == 1:
        return "initial"
    if kind == PERSON:
        if token in RELIGIOUS_TITLES:
            return "religious"
        if _PATRONYMIC_RE.match(token):
            return "patronymic"
        if token in _common_given():
            return "common"
    elif token in BUSINESS_WORDS:
        return "business"
    elif token in _country_spellings():
        return "location"
    if len(token) == 2 and not token.isdigit():
        return "short"
    return "name"


def _korean_tokens(tokens: list[str], family_last: bool = False) -> list[Token] | None:
    """Surname and given-name tokens if ``tokens`` read as a Korean personal name, else None.

    The surname is the first or the last token; where both could be (Jong Un Kim: Jong is a
    surname too), the one a list marked as the family name (``family_last``: "KIM, Jong Un"
    reordered) wins, else the more common surname, else the first.
    """
    if not 2 <= len(tokens) <= 4:
        return None
    ends = [0, len(tokens) - 1]
    if family_last:
        ends = [len(tokens) - 1]
    else:
        ends.sort(key=lambda k: -korean.surname_weight(korean.surname_groups(tokens[k])))
    for surname_at in ends:
        groups = korean.surname_groups(tokens[surname_at])
        if not groups:
            continue
        given = [t for k, t in enumerate(tokens) if k != surname_at]
        if not all(t.isalpha() for t in given):
            continue
        parts = [korean.readings(t, 3) for t in given]
        if not all(parts):
            continue
        readings: set[tuple[str, ...]] = {()}
        for part in parts:
            readings = {r + p for r in readings for p in part if len(r) + len(p) <= 3}
        readings = {r for r in readings if r}
        if not readings:
            continue
        text = "".join(given)
        return [
            Token(tokens[surname_at], "name", 1.0, surname=groups),
            Token(text, "name", 1.0, readings=frozenset(readings)),
        ]
    return None


def _hangul_person(raw: str) -> list[Token] | None:
    """Tokens of a personal name written in Hangul (김정은, 김 정은, 김·정은); None for a name
    holding letters of another script. Marks and digits between or after the words are not
    part of the name (김정은.)."""
    if any(c.isalpha() and not korean.is_hangul(c) for c in raw):
        return None
    words = _HANGUL_SYLLABLES.findall(raw)
    if not words:
        return None
    if len(words) == 1:
        if not 2 <= len(words[0]) <= 4:
            return None
        surname, given = korean.hangul_surname(words[0])
    elif len(words) == 2:
        surname, given = words
    else:
        return None
    return [
        Token(korean.hangul_to_latin(surname).lower(), "name", 1.0,
              surname=korean.surname_hangul_group(surname)),
        Token(korean.hangul_to_latin(given).lower(), "name", 1.0,
              readings=frozenset({korean.hangul_keys(given)})),
    ]


def _make_tokens(words: list[str], kind: str, annotation: bool, abjad: bool) -> list[Token]:
    out = []
    segment = 0
    for word in words:
        role = _role(word, kind)
        # a firm's "(Thailand)" names a subsidiary, a vessel's "(Malta)" only its flag
        if annotation and (role != "location" or kind == VESSEL):
            role, weight = "annotation", WEIGHTS[role] * ANNOTATION_FACTOR
        else:
            weight = WEIGHTS[role]
        token = Token(word, role, weight, segment=segment, person=kind == PERSON)
        # the word after bin / ibn / ould names the father: "Salman bin Muhammad" is not
        # "Muhammad bin Salman"
        segment = 1 if kind == PERSON and word in FILIATION else 0
        if abjad:
            token.cons = consonants(word)
        out.append(token)
    return out


def _name_symbols(text: str) -> dict[str, frozenset[str]]:
    """Person-name tokens -> the names they are forms of, across languages and scripts
    (rigour's name tagger: Wikidata given and family names, "Sergejs" and "Сергей" are
    "Sergey"). Keys are tokens as :func:`tokenize` writes them."""
    from rigour.names import NameTypeTag, analyze_names

    found: dict[str, set[str]] = {}
    for name in analyze_names(NameTypeTag.PER, [text], phonetics=False, numerics=False,
                              consolidate=False):
        for span in name.spans:
            if str(span.symbol.category.value) != "NAME" or len(span.parts) != 1:
                continue
            for token in tokenize(span.parts[0].form):
                found.setdefault(token, set()).add(span.symbol.id)
    return {k: frozenset(v) for k, v in found.items()}


def _business_word(word: str) -> str:
    """A romanised Chinese, Japanese, Korean, Arabic or Persian business word in English
    (Shoji, Syouzi, Maoyi: trading; Sharikat: company); any other word as it is."""
    found = ROMANISED_BUSINESS_WORDS.get(word)
    if found is None and japanese.respelt(word):
        found = ROMANISED_BUSINESS_WORDS.get(japanese.key(word))
    return found or word


def _leading_run(words: list[str], test: Callable[[str], object],
                 translated: set[str]) -> int:
    """How many words at the start of a name pass ``test`` or were translated from a
    romanisation: a name in one language's romanisation when two or more do ("Kuo Feng Tai
    Machinery", "Houkyou Maru"), before the words of its trade."""
    count = 0
    for word in words:
        if not (word in translated or test(word)):
            break
        count += 1
    return count if count >= 2 and any(test(w) for w in words[:count]) else 0


_NATIVE_SCRIPTS = frozenset({"Han", "Hangul", "Hiragana", "Katakana"})


def _native(raw: str, found: frozenset[str]) -> tuple[str, str] | None:
    if len(found) != 1 or (not found <= _NATIVE_SCRIPTS and found != {"Han", "Katakana"}):
        return None
    letters = "".join(c for c in raw if c.isalpha())
    return (next(iter(found)), letters) if letters else None


def load_tables() -> None:
    """Build every reference table the analysis reads, which is otherwise built on first use:
    legal forms and their one-typo spellings, number words, particles, common given names,
    countries, Korean spellings and surnames, Chinese syllables, the Japanese dictionary, the
    ICU transliterators, and rigour's person-name tagger (:func:`load_name_tagger`). A service
    (or a benchmark) calls it once at start so that no query pays for it."""
    from rapidfuzz.distance import OSA  # noqa: F401 - imported by the legal-form typo check

    for table in (_legal_phrases, _legal_starts, _number_phrases, _number_starts, _legal_typos,
                  _particles, _legal_vocabulary, _common_given, _country_spellings, _country_starts,
                  korean.load_tables, chinese.load_tables, japanese.load_tables,
                  load_transliterators):
        table()
    load_name_tagger()


def load_name_tagger() -> None:
    """Load rigour's person-name tagger, which takes about 8 s and 280 MB the first time in a
    process. The commands load it before forking workers, which then share it."""
    _name_symbols("Kim Jong Un")


@functools.lru_cache(maxsize=300_000)
def analyse(raw: str, kind: str = PERSON, read: bool = True) -> NameForm:
    """Analyse a name of a ``kind`` (person, org, vessel, other) into a :class:`NameForm`;
    with ``read``, its other readings too (another romanisation, its business words
    translated: :attr:`NameForm.alternative_notes`)."""
    text, alternatives = _split_aliases(raw, kind)
    residue: list[str] = []
    if kind != PERSON or "\n" in text or "/" in text:
        text = _message_block(text, residue, alternatives)
    text = _strip_residue(text, _MESSAGE_RESIDUE, residue)
    if kind == VESSEL:
        text = _strip_residue(text, _VESSEL_RESIDUE, residue)
    text, label = _strip_label(text)
    if label:
        residue.append(f"label '{label}'")
    if kind != PERSON:
        stripped = _CARE_OF.sub("", text)
        if stripped != text and tokenize(stripped):
            residue.append("care-of address")
            text = stripped
    # parentheses hold annotations, except legal-form words: "(Pvt) Ltd", "(ООО)"
    vocabulary = _legal_vocabulary() if kind != PERSON else frozenset()

    def _inline(match: re.Match[str]) -> str:
        inner = tokenize(match.group(1))
        return f" {match.group(1)} " if inner and set(inner) <= vocabulary else match.group(0)

    text = _PARENS.sub(_inline, text)
    annotations = [m.group(1) for m in _PARENS.finditer(text)]
    main = _PARENS.sub(" ", text)
    if kind in (ORG, OTHER) and annotations:
        # "Korea Kwangson Banking Corporation (KKBC)": the acronym is another name of the firm
        name_words = tokenize(main)
        for annotation in list(annotations):
            inner = tokenize(annotation)
            if len(inner) == 1 and is_acronym(inner[0], name_words):
                annotations.remove(annotation)
                alternatives = [*alternatives, annotation]
                residue.append(f"acronym '{annotation.strip()}' (read as another name)")
    if not tokenize(main) and annotations:  # the whole name was in parentheses
        main, annotations = " ".join(annotations), []
    # segments after the name: a legal form alone joins the name; after a firm's legal form, or
    # after a vessel's name, a segment is an address, branch or port
    segments = [s for s in _SEGMENTS.split(main) if tokenize(s)] if kind != PERSON else [main]
    if not segments:
        segments = [main]
    head = [segments[0]]
    tail: list[str] = []
    phrases = _legal_phrases()
    for segment in segments[1:]:
        seg_tokens = tokenize(segment)
        if _is_address(seg_tokens):
            # a street address written after the name ("…, 12250 Brevard Ln, Pasadena TX",
            # "…, Plot 14, Ikeja Industrial Estate"): it and all after it
            residue.append("address")
            break
        if seg_tokens[0] in BRANCH_WORDS or seg_tokens[:3] == ("point", "de", "vente"):
            residue.append("branch")  # "… - Filial de Londrina": a branch is the firm itself
            continue
        if tail:
            tail.append(segment)
        elif seg_tokens in phrases or _find_legal(list(seg_tokens))[0] == list(
            range(len(seg_tokens))
        ):
            head.append(segment)
        elif kind == VESSEL or (kind in (ORG, OTHER)
                                and _find_legal(list(tokenize(" ".join(head))))[1]):
            tail.append(segment)
        else:
            head.append(segment)
    annotations += tail

    family_last = False
    if kind == PERSON and main.count(",") == 1:
        # "KIM, Jong Un" (lists write the surname first): the given names lead, as spoken
        family, given = (part.strip() for part in main.split(","))
        if tokenize(family) and tokenize(given):
            main = head[0] = f"{given} {family}"
            family_last = len(tokenize(family)) == 1
    hangul_tokens = (_hangul_person(main.strip())
                     if kind == PERSON and "Hangul" in scripts(main) else None)
    head_text = " ".join(head)
    readings: list[tuple[str, str]] = []  # the name read another way, and how
    if kind != PERSON and _has_cjk(head_text):
        head_text = _translate_cjk(head_text)
        if read and "Hangul" in scripts(head_text):
            # Korean firms' English names use the Revised Romanization, the lists the DPRK's
            readings.append((_hangul_rr(head_text), "read in the Revised Romanization"))
        elif (read and "Han" in scripts(head_text)
              and not japanese.is_japanese_text(head_text)):
            # Han alone may be a Japanese firm's name as well as a Chinese one
            readings.append((japanese.to_latin(head_text), "read as Japanese"))
    if kind != PERSON:
        head_text = _CONTRACTION.sub(r"\1\2.", head_text)  # F.lli (Fratelli) is one word
    words = list(tokenize(head_text))
    if kind != PERSON and read:
        translated_text = _translate_business_words(text, kind)
        if translated_text != text:
            readings.append((translated_text, "business words translated"))
    translated: set[str] = set()
    if kind != PERSON:
        english = [_business_word(w) for w in words]
        if english != words:
            translated = {part for w, e in zip(words, english, strict=True) if e != w
                          for part in e.split()}
            words = [part for e in english for part in e.split()]
    if kind in (ORG, OTHER):
        words = _country_words(words)
    surface = list(words)
    dotted = ({w for m in _ABBREVIATED.finditer(head_text) for w in tokenize(m.group(1))}
              if kind != PERSON else set())
    legal: list[LegalForm] = []
    if kind != PERSON:
        address = _address_written_on(words)
        if address is not None:
            residue.append("address")
            words = words[:address]
        positions, legal = _find_legal(words, end_only=kind == VESSEL)
        if positions:
            words = [w for k, w in enumerate(words) if k not in set(positions)]
        if kind == ORG or kind == OTHER:
            words = _join_acronyms(words)
        if kind == VESSEL:
            for size in (2, 1):  # "Motor Vessel", then "MV"
                prefix = " ".join(words[:size])
                if len(words) > size and prefix in _VESSEL_PREFIXES_NORM:
                    residue.append(f"prefix '{prefix}'")
                    words = words[size:]
                    break
        if len(words) > 1 and words[0] in FIRM_SALUTATIONS:
            residue.append(f"title '{words[0]}'")
            words = words[1:]
    else:
        while len(words) > 1 and words[0] in _TITLES_NORM:
            residue.append(f"title '{words[0]}'")
            words = words[1:]
        words = _religion_compounds(_theophoric(words))
    words = [ABBREVIATIONS.get(w, w) for w in words]
    words, numbers = _numbers(words, kind)
    ann_words: list[str] = []
    for annotation in annotations:
        ann_words += tokenize(annotation)
        surface += tokenize(annotation)
    # numbers in annotations are not names, but they tell firms apart ("(2011)" / "(2016)")
    ann_words, noted_numbers = _numbers(ann_words, kind)

    main_scripts = scripts(main)
    # a name in an abjad, maybe behind a Latin prefix, legal form or business words translated
    # ("MT بحر الذهب", "company shipping نیلگون خزر")
    abjad = bool(main_scripts & ABJADS) and (
        "Latin" not in main_scripts or _mostly_abjad(main))
    tokens: list[Token] | None = None
    is_korean = False
    if kind == PERSON:
        tokens = hangul_tokens or _korean_tokens(words, family_last)
        is_korean = tokens is not None
    if tokens is None:
        tokens = _make_tokens(words, kind, False, abjad)
        if kind == PERSON:
            symbols = _name_symbols(main)
            for token in tokens:
                token.symbols = symbols.get(token.text)
    for token in tokens:
        token.abbrev = token.text in dotted
    if not is_korean and len(tokens) >= 2:
        # a business word translated from the name's language belongs to the run
        # ("Huzita Syouzi" is "Huzita Trading")
        texts = [t.text for t in tokens]
        for token in tokens[: _leading_run(texts, chinese.readings, translated)]:
            token.zh = chinese.readings(token.text)
        for token in tokens[: _leading_run(texts, japanese.is_japanese, translated)]:
            token.ja = japanese.key(token.text)
    tokens += _make_tokens(ann_words, kind, True, abjad)
    if not tokens and numbers:
        # a name that is only a number ("1", "Brigade 44" minus the brigade): keep it as a token
        tokens = [Token(n, "name", 1.0) for n in numbers]
    noted = [(a, note) for a, note in [*((a, ALIAS_NOTE) for a in alternatives), *readings]
             if tokenize(a)]
    # a reading is not read again (a romanisation that leaves letters of the script it reads
    # would be read for ever); the other names written inside a name are all shorter than it
    alt_forms = tuple(analyse(a, kind, read and note == ALIAS_NOTE) for a, note in noted)
    alt_notes = tuple(note for _, note in noted)
    plain = None
    if is_korean and not hangul_tokens:
        plain = NameForm(raw, kind, tuple(_make_tokens(words, kind, False, abjad)),
                         tuple(surface), numbers=tuple(sorted(numbers)))
    return NameForm(
        original=raw,
        kind=kind,
        tokens=tuple(tokens),
        surface=tuple(surface),
        legal=tuple(legal),
        numbers=tuple(sorted(numbers)),
        noted_numbers=tuple(sorted(noted_numbers)) if kind in (ORG, OTHER) else (),
        korean=is_korean,
        alternatives=alt_forms,
        alternative_notes=alt_notes,
        residue=tuple(residue),
        filiation=kind == PERSON and any(t.segment for t in tokens),
        native=_native(main, main_scripts) if main_scripts - {"Latin"} else None,
        plain=plain,
    )


def _has_cjk(text: str) -> bool:
    """Whether ``text`` holds Han or Hangul letters."""
    return bool(scripts(text) & {"Han", "Hangul"})


_CJK_WORDS = re.compile("|".join(sorted(map(re.escape, CJK_BUSINESS_WORDS), key=len,
                                        reverse=True)))
_HANGUL_SYLLABLES = re.compile("[\uac00-\ud7a3]+")


def _translate_cjk(text: str) -> str:
    """Industry words of a Chinese or Korean firm name in English (Korean ones at a word's
    end only, where Korean writes them, and so one after another from the end: 무역은행 is
    trading bank)."""

    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        if "\uac00" <= word[0] <= "\ud7a3":
            end = match.end()
            if end < len(match.string) and "\uac00" <= match.string[end] <= "\ud7a3":
                return word
        return f" {CJK_BUSINESS_WORDS[word]} "

    translated = _CJK_WORDS.sub(swap, text)
    while translated != text:
        text, translated = translated, _CJK_WORDS.sub(swap, translated)
    return translated


_ENGLISH_BUSINESS = frozenset(NATIVE_BUSINESS_WORDS.values())


def _mostly_abjad(text: str) -> bool:
    """Whether most letters of ``text``, translated business words aside, are not Latin."""
    words = [w for w in text.split() if w.casefold() not in _ENGLISH_BUSINESS]
    latin = sum(c.isascii() for w in words for c in w if c.isalpha())
    return 2 * latin < sum(c.isalpha() for w in words for c in w)


_CHUNK = re.compile(r"\S+")
_WORD = re.compile(r"[^\W\d_]+")


def _translate_business_words(text: str, kind: str) -> str:
    """``text`` with the business words of Arabic, Persian, Hebrew and Greek names in English
    (:data:`NATIVE_BUSINESS_WORDS`), and for a firm or organisation those of Spanish,
    Portuguese, French, Italian, German, Dutch, Russian and Turkish ones
    (:data:`EUROPEAN_BUSINESS_WORDS`) where a word of the name is not a business word (Banco
    Industrial and Industrial Bank are generic words that name many firms). Everything else
    (parentheses, addresses after a comma) is left as it is."""
    if not text.isascii():
        translated = _CHUNK.sub(
            lambda m: NATIVE_BUSINESS_WORDS.get(_plain_word(m.group(0)), m.group(0)), text)
        if translated != text:
            return translated
    if kind not in (ORG, OTHER):
        return text
    words = tokenize(text)
    if not any(w in EUROPEAN_BUSINESS_WORDS for w in words):
        return text
    if all(w in EUROPEAN_BUSINESS_WORDS or w in _legal_vocabulary()
           or _role(w, kind) in ("business", "particle") for w in words):
        return text  # generic words only

    def english(match: re.Match[str]) -> str:
        word = tokenize(match.group(0))
        if len(word) == 1:
            return EUROPEAN_BUSINESS_WORDS.get(word[0], match.group(0))
        return match.group(0)

    return _WORD.sub(english, text)


def _plain_word(word: str) -> str:
    """A word cased and without accents, as :data:`NATIVE_BUSINESS_WORDS` files it."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _hangul_rr(text: str) -> str:
    """``text`` with its Hangul words in the Revised Romanization."""
    from illicitflow.world.names import romanise

    return _HANGUL_SYLLABLES.sub(lambda m: romanise(m.group(0), "rr", sep=""), text)


_ABD_FORMS = frozenset({"abdul", "abdel", "abdal", "abdoul", "abdol"})
_AL_FORMS = frozenset({"al", "el", "ul", "ur", "ar", "as", "an", "ad", "az", "at", "ash"})


def _theophoric(words: list[str]) -> list[str]:
    """Arabic "servant of" names in one spelling: Abd al-Aziz, Abdel Aziz and Abdul Aziz are
    all ``abdul aziz`` (the article assimilates and is written apart or joined)."""
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word == "abd" and i + 2 < len(words) and words[i + 1] in _AL_FORMS:
            out.append("abdul")
            i += 2
            continue
        out.append("abdul" if word in _ABD_FORMS else word)
        i += 1
    return out


_DIN_WORD = r"(?:[aeiou][dl]|[dl])din[e]?"  # -eddine, -uddin, -aldin written as a word's end
_DIN_JOINED = re.compile(rf"([a-z]{{3,}}?){_DIN_WORD}")
_DIN_APART = re.compile(_DIN_WORD)
_DIN_ARTICLES = _AL_FORMS | {"ud", "ed"}


def _religion_compounds(words: list[str]) -> list[str]:
    """Arabic "... of the religion" names in one spelling: Nour el-Din, Nur al-Din, Nureddin,
    Noureddine and Nour Eddine are all ``nourdin``, Jalal ud-Din is ``jalaldin``."""
    if not any("din" in w or "deen" in w for w in words):
        return words
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word in FILIATION or word in _DIN_ARTICLES:
            out.append(word)  # bin al-Din: the son of one named Din
        elif (i + 2 < len(words) and words[i + 1] in _DIN_ARTICLES
                and words[i + 2] in ("din", "dine", "deen")):
            out.append(f"{word}din")
            i += 2
        elif joined := _DIN_JOINED.fullmatch(word):
            out.append(f"{joined.group(1)}din")
        elif out and out[-1] not in FILIATION and _DIN_APART.fullmatch(word):  # Nour Eddine
            out[-1] += "din"
        else:
            out.append(word)
        i += 1
    return out


#: How an alternative that is another name written inside a name is noted.
ALIAS_NOTE = "a name written inside the other"


def variants(form: NameForm) -> list[tuple[NameForm, str]]:
    """The form, then the other names written inside it and its other readings, each with
    what it is (empty for the form itself)."""
    return [(form, ""), *zip(form.alternatives, form.alternative_notes, strict=True)]
