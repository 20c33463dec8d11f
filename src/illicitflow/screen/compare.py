"""Name comparison: align the tokens of two analysed names and score the alignment.

Algorithm ``tokens-v1``. Each token of one name is paired with at most one token of the other
by descending similarity (:func:`token_similarity`: exact, Korean reading, phonetic skeleton,
consonant skeleton for abjads, nickname, initial, edit distance). Tokens left over are then
tried as merged or split words ("SiemensAG" = Siemens + AG, "van der bilt" = "vanderbilt") and
as initials of a run ("JC" = Jean Claude). The name score is the weighted mean credit of the
aligned tokens (a pair earns its similarity as credit, :func:`credit`; pairs below
:data:`FLOOR` are not pairs), where tokens left unpaired count as zero credit:

* if both names keep unpaired tokens, those tokens *conflict* (John Smith / John Miller) and
  count with their full weight (:data:`CONFLICT`);
* if only one name keeps unpaired tokens, it is a fuller form of the other (Vladimir Putin /
  Vladimir Vladimirovich Putin) and they count with :data:`EXTRA` of their weight, more for
  firms (an extra word names a sibling firm) than for people (an extra middle name is common).

Qualifiers then multiply the score: numbers that differ (Leasing 3 / Leasing 6; less between the
series of one fund family, Fund II / Fund III), legal forms that
cannot be the same entity (GmbH / Sdn Bhd, AG / GmbH), a firm's name compared as a vessel's,
and names that share only business words. Identical names score 1.0 before qualifiers, and
the score is symmetric: ``compare(a, b) == compare(b, a)``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from rapidfuzz.distance import OSA, Levenshtein

from illicitflow.screen import chinese
from illicitflow.screen.names import (
    PERSON,
    VESSEL,
    NameForm,
    Token,
    _legal_phrases,
    analyse,
    same_country,
    variants,
)
from illicitflow.screen.tables import (
    FIRM_PARTICLE_GROUPS,
    FUND_WORDS,
    NICKNAMES,
    PARTICLE_GROUPS,
    LegalForm,
)
from illicitflow.screen.text import consonants

# The global parameters below marked [tuned] were set on one half of the labelled development
# pairs in ../shared/data/screening (seed 20260301; the other half held out, see
# bench/screening.py), over a coarse grid: SLOPE {0.9..1.8}, FLOOR {0.6..0.72}, EXTRA person
# {0.2..0.45}, EXTRA firm {0.6..1.0}, NUMBER_EXTRA {0.8, 0.92}, UNPAIRED_BUSINESS {0.5, 1.0},
# and the threshold {0.65..0.85}. The others are set by principle and left alone.

#: Similarity below which two tokens are not a pair but two different words. [tuned]
FLOOR = 0.65
#: The same for the words of firms' and vessels' names, which are copied from registers
#: rather than heard and transliterated like people's: two of their words more than a quarter
#: apart (Karimi / Kariuki, Rail / Mail) are different words.
FIRM_FLOOR = 0.76
#: Credit lost per unit of similarity lost, for near pairs (1 - (1 - sim) * SLOPE). [tuned]
SLOPE = 1.0
#: Weight of unpaired tokens when both names keep some (they contradict each other).
CONFLICT = 1.0
#: Weight of unpaired tokens when only one name keeps some (a fuller form), by kind. [tuned]
EXTRA: dict[str, float] = {"person": 0.2, "org": 0.7, "vessel": 0.7, "other": 0.7}

#: Weight of an unpaired business word (another line of business: Steel Tubes / Steel Wires).
#: [tuned]
UNPAIRED_BUSINESS = 1.0
#: Weight of an unpaired country in a firm's name (a subsidiary: X Ltd / X (Thailand) Ltd).
UNPAIRED_LOCATION = 1.5

#: Qualifiers: factors applied to the name score, with what they mean.
NUMBER_MISMATCH = 0.6  # both names carry numbers and they differ
NUMBER_EXTRA = 0.75  # one name carries a number the other lacks [tuned]
FUND_SERIES = 0.85  # numbers differ, or one side only, between two funds or trusts (FUND_WORDS)
LEGAL_JURISDICTION = 0.75  # legal forms of disjoint jurisdictions (GmbH / Sdn Bhd)
LEGAL_KIND = 0.75  # legal forms of one jurisdiction but different kinds (AG / GmbH)
LEGAL_FAMILY = 0.75  # different families (company / foundation / partnership)
VESSEL_OWNER = 0.7  # a vessel's name against a firm's (one carries a legal form)
GENERIC_ONLY = 0.55  # cap when only business words or particles are shared
ALTERNATIVE = 0.97  # a name written inside the other ("ex-", "a.k.a."), or read another way
LOST_LETTERS = 0.95  # letters a character set could not write, sent as "?" (Skj?rg?rd)
CUT_FIELD = 0.9  # a firm's or vessel's name cut inside a word by a fixed-width field
CUT_FIELD_MIN = 20  # ... which is at least this long (SWIFT's lines hold 35 characters)
SINGLE_NAME = 0.7  # cap: one name of a person against a full name (Walijan / Walijan Haqqani)

# Token similarities of the special kinds.
SIM_KOREAN = 0.95
SIM_VARIANT = 0.95
SIM_PHONETIC = 0.92
SIM_NICKNAME = 0.85
SIM_NAME_VARIANT = 0.9  # one given or family name in two languages (Sergejs / Sergey)
SIM_CONSONANTS = 0.85
SIM_MERGED = 0.98
SIM_INITIAL = 0.8
SIM_INITIALS_RUN = 0.8
SIM_ABBREVIATION = 0.85
SIM_VOWELS = 0.88
SIM_TRUNCATED = 0.8
SIM_TRANSPOSED = 0.85
SIM_SPELLING = 0.8  # two business words at least this near are spellings of one word

_PARTICLE_GROUP = {w: k for k, group in enumerate(PARTICLE_GROUPS) for w in group}
_FIRM_PARTICLE_GROUP = {w: k for k, group in enumerate(FIRM_PARTICLE_GROUPS) for w in group}


@dataclass(slots=True)
class Pair:
    """Tokens of the two names that were aligned, with their similarity."""

    left: tuple[str, ...]
    right: tuple[str, ...]
    sim: float
    how: str
    weight: float

    def explain(self) -> str:
        left, right = " ".join(self.left) or "-", " ".join(self.right) or "-"
        if self.how == "=":
            return left
        if self.how == "conflict":
            return f"{left}≠{right}"
        if self.how == "extra":
            return f"+{left if self.left else right}"
        return f"{left}~{right} ({self.how} {self.sim:.2f})"


@dataclass(slots=True)
class NameMatch:
    """The comparison of two names: score, aligned tokens and qualifiers."""

    score: float
    left: str
    right: str
    pairs: list[Pair] = field(default_factory=list)
    qualifiers: list[tuple[str, float]] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # titles, labels, prefixes set aside

    def explain(self) -> str:
        """A line a reviewer can read: which names met, how their tokens aligned, what changed."""
        parts = " ".join(p.explain() for p in self.pairs)
        text = f"'{self.left}'≈'{self.right}' {self.score:.2f} [{parts}]"
        for what, factor in self.qualifiers:
            text += f"; {what} x{factor:.2f}"
        if self.ignored:
            text += f"; ignored {', '.join(self.ignored)}"
        return text


# --- token similarity --------------------------------------------------------------------------

_SIM_CACHE: dict[tuple, tuple[float, str]] = {}


def token_similarity(a: Token, b: Token) -> tuple[float, str]:
    """Similarity of two tokens in [0, 1] and how it was found."""
    if a.text == b.text:
        return 1.0, "="
    key = (a.text, b.text, a.readings is not None, b.readings is not None,
           a.surname is not None, b.surname is not None, a.cons is not None, b.cons is not None,
           a.person and b.person, bool(a.symbols and b.symbols),
           a.role == "business" and b.role == "business", bool(a.zh and b.zh),
           bool(a.ja and b.ja), a.role == "location" and b.role == "location")
    hit = _SIM_CACHE.get(key)
    if hit is not None:
        return hit
    if len(_SIM_CACHE) > 500_000:
        _SIM_CACHE.clear()
    result = _token_similarity(a, b)
    _SIM_CACHE[key] = result
    _SIM_CACHE[(key[1], key[0], key[3], key[2], key[5], key[4], key[7], key[6], *key[8:])] = result
    return result


def _token_similarity(a: Token, b: Token) -> tuple[float, str]:
    at, bt = a.text, b.text  # never equal: token_similarity answers those
    if a.role == "location" and b.role == "location":
        # one country in two languages (Myanmar / Mianmar), or two countries (Iran / Iraq,
        # South Korea / North Korea), never a typo of one another
        return (SIM_VARIANT, "one country") if same_country(at, bt) else (0.0, "")
    if not (a.person or b.person) and (_inflection(at, bt) or (
            a.role == "business" and b.role == "business"
            and OSA.normalized_similarity(at, bt) < SIM_SPELLING)):
        # in a firm's or vessel's name two known words that are not spellings of one
        # (Exports / Imports; Organisation / Organization are) or a word and its plural
        # (Star / Stars, Kaptan / Kaptanlar) are other words, not typos
        return 0.0, ""
    if a.readings is not None and b.readings is not None:
        if a.readings & b.readings:
            return SIM_KOREAN, "korean"
        # two Korean given names: compare syllable by syllable (Pyong Chol / Chong Chol share
        # one syllable of two: two different names)
        shortest_a = min(map(len, a.readings))
        shortest_b = min(map(len, b.readings))
        if shortest_a == shortest_b:
            best = 0.0
            for ra in (r for r in a.readings if len(r) == shortest_a):
                for rb in (r for r in b.readings if len(r) == shortest_b):
                    best = max(best, sum(_syllable(x, y) for x, y in zip(ra, rb, strict=True))
                               / len(ra))
            return best * SIM_KOREAN, "korean syllables"
        # a syllable more or less (Jong-uun / Jong-un): a typo, compared as letters below
    if a.surname and b.surname and a.surname & b.surname:
        return SIM_KOREAN, "korean surname"
    if a.zh and b.zh and a.zh & b.zh:
        return SIM_VARIANT, "wade-giles/pinyin"  # Hsin / Xin, Kuo / Guo
    if a.ja and a.ja == b.ja:
        return SIM_VARIANT, "japanese romanisation"  # Tutimoto / Tsuchimoto, Kougyou / Kogyo
    group = _PARTICLE_GROUP.get(at)
    if group is not None and group == _PARTICLE_GROUP.get(bt):
        return SIM_VARIANT, "variant"
    firm_group = _FIRM_PARTICLE_GROUP.get(at)
    if (firm_group is not None and firm_group == _FIRM_PARTICLE_GROUP.get(bt)
            and not (a.person or b.person)):
        return SIM_VARIANT, "variant"  # of / de / do, and / ve / et in a firm's name
    if bt in NICKNAMES.get(at, ()) or at in NICKNAMES.get(bt, ()):
        return SIM_NICKNAME, "nickname"
    if a.symbols and b.symbols and a.symbols & b.symbols:
        return SIM_NAME_VARIANT, "same name"
    if len(at) == 1 or len(bt) == 1:
        short, long_ = (at, bt) if len(at) == 1 else (bt, at)
        if long_.startswith(short) and len(long_) > 1:
            return SIM_INITIAL, "initial"
        return 0.0, ""
    best, how = 0.0, ""
    if a.skel == b.skel and len(a.skel) >= 3:
        best, how = SIM_PHONETIC, "phonetic"
    elif (a.person and b.person and len(at) >= 5 and len(bt) >= 5
          and _no_vowels(a.skel) == _no_vowels(b.skel)):
        best, how = SIM_VOWELS, "vowels"  # Usama/Osama, Ladin/Laden: transliterated vowels
    if a.cons is not None or b.cons is not None:
        ca = a.cons if a.cons is not None else _cons(a)
        cb = b.cons if b.cons is not None else _cons(b)
        if ca and ca == cb and SIM_CONSONANTS > best:
            best, how = SIM_CONSONANTS, "consonants"
        elif ca and cb:
            sim = SIM_CONSONANTS * Levenshtein.normalized_similarity(ca, cb)
            if sim > best:
                best, how = sim, "consonants"
    sim = OSA.normalized_similarity(at, bt)
    if sim > best:
        best, how = sim, "typo"
    if (best < SIM_TRANSPOSED and round((1.0 - sim) * max(len(at), len(bt))) == 1
            and Levenshtein.distance(at, bt, score_cutoff=2) == 2):
        best, how = SIM_TRANSPOSED, "transposed"  # two letters swapped: a slip of the keys
    if a.skel != b.skel:
        sim = 0.97 * OSA.normalized_similarity(a.skel, b.skel)
        if sim > best:
            best, how = sim, "phonetic"
    return best, how


#: Plural endings (English and Romance -s/-es, Turkish -lar/-ler).
PLURAL_ENDINGS = ("s", "es", "lar", "ler")


def _inflection(a: str, b: str) -> bool:
    """Whether one word is the other with a plural ending (a Turkish one before a shared final
    vowel too: Kartali / Kartallari)."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < 3:
        return False
    if long_.startswith(short) and long_[len(short):] in PLURAL_ENDINGS:
        return True
    end = short[-1]
    return (end in "aeiou" and long_.endswith(end) and len(short) >= 4
            and long_[:-1].startswith(short[:-1])
            and long_[len(short) - 1 : -1] in ("lar", "ler"))


def _syllable(a: str, b: str) -> float:
    """Two Korean syllable keys: the same (1), a typo apart (their similarity), or not (0)."""
    if a == b:
        return 1.0
    sim = Levenshtein.normalized_similarity(a, b)
    return sim if sim >= 0.75 else 0.0


@functools.lru_cache(maxsize=100_000)
def _no_vowels(text: str) -> str:
    return text.translate(_VOWEL_DROP)


_VOWEL_DROP = str.maketrans("", "", "aeiouy")


def _cons(token: Token) -> str:
    return consonants(token.text)


def credit(sim: float) -> float:
    """The share of a pair's weight that a pair of this similarity earns."""
    if sim >= 0.999:
        return 1.0
    return max(0.0, 1.0 - (1.0 - sim) * SLOPE)


# --- alignment ---------------------------------------------------------------------------------


def _align(left: NameForm, right: NameForm) -> tuple[list[Pair], list[int], list[int]]:
    """Pair tokens: exact merges first, then greedily by similarity, then near merges.

    Returns the pairs and the indices of the tokens left unpaired on each side.
    """
    lt, rt = left.tokens, right.tokens
    pairs: list[Pair] = []
    free_l = list(range(len(lt)))
    free_r = list(range(len(rt)))
    # a word written as two ("VladimirPutin") or glued to a legal form (SiemensAG) beats any
    # fuzzy pair
    _merge_split(left, right, free_l, free_r, pairs, flip=False, exact=True)
    _merge_split(right, left, free_r, free_l, pairs, flip=True, exact=True)
    filiation = left.filiation and right.filiation
    abbreviations = left.kind != PERSON
    floor = FLOOR if left.kind == PERSON else FIRM_FLOOR
    candidates: list[tuple[float, float, str, str, int, int, str]] = []
    for i in free_l:
        a = lt[i]
        for j in free_r:
            b = rt[j]
            sim, how = token_similarity(a, b)
            if sim < floor and abbreviations:
                sim, how = _abbreviation(a, b)
            elif sim < floor and (i == len(lt) - 1 or j == len(rt) - 1):
                sim, how = _truncated(a, b, i == len(lt) - 1, j == len(rt) - 1)
            if filiation and a.segment != b.segment:
                sim *= 0.5  # Salman bin Muhammad is not Muhammad bin Salman
                how = f"{how}, other side of bin"
            if sim >= floor or (sim >= FLOOR and how == "phonetic"):
                # a firm's word spelled as it sounds in another language (Steel / Stil,
                # Shipping / Chipping) is the same word; one a letter or two away is not
                lo, hi = sorted((a.text, b.text))
                candidates.append((-sim, -(a.weight + b.weight), lo, hi, i, j, how))
    candidates.sort()
    used_l: set[int] = set()
    used_r: set[int] = set()
    for neg_sim, _, _, _, i, j, how in candidates:
        if i in used_l or j in used_r:
            continue
        used_l.add(i)
        used_r.add(j)
        a, b = lt[i], rt[j]
        pairs.append(Pair((a.text,), (b.text,), -neg_sim, how, (a.weight + b.weight) / 2))
    free_l = [i for i in free_l if i not in used_l]
    free_r = [j for j in free_r if j not in used_r]
    if free_l and free_r:
        _merge_split(left, right, free_l, free_r, pairs, flip=False)
        _merge_split(right, left, free_r, free_l, pairs, flip=True)
    return pairs, free_l, free_r


def _abbreviation(a: Token, b: Token) -> tuple[float, str]:
    """A firm-name abbreviation: the short word's letters in order in the long one (Cia/Compania,
    Mfg/Manufacturing), same first letter, the long word at least three letters longer."""
    short, long_ = (a.text, b.text) if len(a.text) <= len(b.text) else (b.text, a.text)
    if not 2 <= len(short) <= 5 or len(long_) < len(short) + 3 or short[0] != long_[0]:
        return 0.0, ""
    long_token = b if long_ == b.text else a
    short_token = a if long_token is b else b
    if long_.startswith(short) and long_token.role != "business" and not short_token.abbrev:
        return 0.0, ""  # Bay is not short for Baykal; Corp. is for Corporation, Comm. for
        # Commendator
    if not short.isalpha():
        return 0.0, ""
    pos = 0
    for char in short:
        pos = long_.find(char, pos) + 1
        if pos == 0:
            return 0.0, ""
    return SIM_ABBREVIATION, "abbreviation"


def _truncated(a: Token, b: Token, a_last: bool, b_last: bool) -> tuple[float, str]:
    """A person's name cut short at its end, as fixed-length fields of payment messages cut it
    (... Belkassem DR for ... Belkassem DRISSI): the last word a prefix of the other's word."""
    for short, long_, last in ((a, b, a_last), (b, a, b_last)):
        if (last and short.role != "particle" and len(short.text) >= 2
                and len(long_.text) >= len(short.text) + 2 and long_.text.startswith(short.text)):
            return SIM_TRUNCATED, "cut short"
    return 0.0, ""


def _runs(free: list[int], max_len: int = 5) -> list[list[int]]:
    """Runs of 2..max_len consecutive free token indices."""
    out = []
    for start in range(len(free)):
        run = [free[start]]
        for nxt in free[start + 1 :]:
            if nxt != run[-1] + 1 or len(run) >= max_len:
                break
            run.append(nxt)
            out.append(list(run))
    return out


def _exact_run(text: str, tokens: tuple[Token, ...], free: list[int]) -> list[int] | None:
    """Consecutive free tokens that, written together, spell ``text`` exactly."""
    if len(text) < 4:
        return None
    free_set = set(free)
    for start in free:
        if not text.startswith(tokens[start].text):
            continue
        run, pos, j = [start], len(tokens[start].text), start + 1
        while pos < len(text) and j in free_set and text.startswith(tokens[j].text, pos):
            run.append(j)
            pos += len(tokens[j].text)
            j += 1
        if pos == len(text) and len(run) >= 2:
            return run
    return None


def _legal_glue(text: str, tokens: tuple[Token, ...], free: list[int],
                legal: dict[tuple[str, ...], LegalForm]) -> int | None:
    """A free token that ``text`` spells with a legal form glued on: SiemensAG = Siemens + AG,
    JSCARGUMENT = JSC + ARGUMENT."""
    if len(text) < 5:
        return None
    for j in free:
        word = tokens[j].text
        if len(word) < 3 or text == word:
            continue
        if text.startswith(word):
            rest = text[len(word):]
        elif text.endswith(word):
            rest = text[: -len(word)]
        else:
            continue
        if (rest,) in legal:
            return j
    return None


def _merge_split(one: NameForm, other: NameForm, free_one: list[int], free_other: list[int],
                 pairs: list[Pair], flip: bool, exact: bool = False) -> None:
    """Match single free tokens of ``one`` with runs of free tokens of ``other`` (in place).

    With ``exact``, only a token equal to the run written together counts.
    """
    if not free_one or not free_other:
        return
    ot = other.tokens
    legal = _legal_phrases()
    for i in list(free_one):
        token = one.tokens[i]
        text = token.text
        found: tuple[list[int], float, str] | None = None
        if exact:
            run = _exact_run(text, ot, free_other)
            if run:
                found = (run, SIM_MERGED, "merged")
            else:
                glued = _legal_glue(text, ot, free_other, legal)
                if glued is not None:
                    found = ([glued], SIM_MERGED, "merged legal form")
        elif free_other:
            for run in sorted(_runs(free_other), key=len, reverse=True):
                joined = "".join(ot[j].text for j in run)
                if joined == text:
                    found = (run, SIM_MERGED, "merged")
                    break
                if exact:
                    continue
                if len(text) >= 5 and abs(len(joined) - len(text)) <= 2:
                    sim = OSA.normalized_similarity(joined, text)
                    if sim >= 0.85 and (found is None or sim > found[1]):
                        found = (run, sim * SIM_MERGED, "merged")
                if (token.cons and len(token.cons) >= 3 and found is None
                        and consonants(joined) == token.cons):
                    # an abjad's article written joined (المنصور, al-Mansour)
                    found = (run, SIM_CONSONANTS, "merged consonants")
                if (token.zh and found is None
                        and chinese.spellings(ot[j].zh for j in run) & token.zh):
                    # Chinese syllables written apart in one system, joined in the other
                    # (Ch'iao-shan / Qiaoshan)
                    found = (run, SIM_VARIANT, "merged wade-giles/pinyin")
                if 2 <= len(text) <= 4 and len(run) == len(text) and text.isalpha():
                    if all(ot[j].text[0] == c for j, c in zip(run, text, strict=True)):
                        found = found or (run, SIM_INITIALS_RUN, "initials")
        if found is None:
            continue
        run, sim, how = found
        free_one.remove(i)
        for j in run:
            free_other.remove(j)
        words = tuple(ot[j].text for j in run)
        weight = (token.weight + sum(ot[j].weight for j in run)) / 2
        left, right = ((text,), words) if not flip else (words, (text,))
        pairs.append(Pair(left, right, sim, how, weight))


# --- qualifiers ---------------------------------------------------------------------------------


def _legal_qualifier(a: tuple[LegalForm, ...],
                     b: tuple[LegalForm, ...]) -> tuple[str, float] | None:
    if not a or not b:
        return None
    fa = {f.family for f in a} - {"branch"}
    fb = {f.family for f in b} - {"branch"}
    if fa and fb and not fa & fb:
        return (f"legal forms {_forms(a)}/{_forms(b)} of different families", LEGAL_FAMILY)
    specific_a = [f for f in a if not f.generic]
    specific_b = [f for f in b if not f.generic]
    if specific_a and specific_b:
        wa = frozenset().union(*(f.where for f in specific_a))
        wb = frozenset().union(*(f.where for f in specific_b))
        if not wa & wb and "eu" not in wa | wb:
            return (f"legal forms {_forms(a)}/{_forms(b)} of different jurisdictions",
                    LEGAL_JURISDICTION)
        ka = {f.kind for f in specific_a if f.kind}
        kb = {f.kind for f in specific_b if f.kind}
        if ka and kb and not ka & kb:
            return (f"legal forms {_forms(a)}/{_forms(b)} of different kinds", LEGAL_KIND)
    return None


def _forms(forms: tuple[LegalForm, ...]) -> str:
    return "+".join(f.canonical for f in forms)


def _qualifiers(left: NameForm, right: NameForm, shared_identity: bool,
                merged: bool = False) -> list[tuple[str, float]]:
    out: list[tuple[str, float]] = []
    if left.numbers != right.numbers:
        both = bool(left.numbers and right.numbers)
        what = (f"numbers {' '.join(left.numbers)}≠{' '.join(right.numbers)}" if both
                else f"number {' '.join(left.numbers or right.numbers)} on one side")
        if not FUND_WORDS.isdisjoint(left.surface) and not FUND_WORDS.isdisjoint(right.surface):
            out.append((f"{what}: series of one fund family", FUND_SERIES))
        else:
            out.append((what, NUMBER_MISMATCH if both else NUMBER_EXTRA))
    if left.noted_numbers and right.noted_numbers and left.noted_numbers != right.noted_numbers:
        out.append((f"numbers in parentheses {' '.join(left.noted_numbers)}≠"
                    f"{' '.join(right.noted_numbers)}", NUMBER_MISMATCH))
    legal = _legal_qualifier(left.legal, right.legal)
    if legal:
        out.append(legal)
    if left.kind == VESSEL and bool(left.legal) != bool(right.legal):
        form = (left.legal or right.legal)[0].canonical
        out.append((f"a firm ({form}) against a vessel's name", VESSEL_OWNER))
    if not shared_identity:
        out.append(("only business words or particles shared", GENERIC_ONLY))
    if not merged and left.kind == PERSON and min(_substance(left), _substance(right)) == 1 and max(
            _substance(left), _substance(right)) > 1:
        out.append(("a single name against a full name", SINGLE_NAME))
    return out


def _substance(form: NameForm) -> int:
    """Name parts that say something (an initial does: A. Khamenei is two parts)."""
    return sum(1 for t in form.tokens if t.role not in ("particle", "annotation"))


# --- scoring ------------------------------------------------------------------------------------


def _score_forms(left: NameForm, right: NameForm) -> NameMatch:
    if not left.tokens or not right.tokens:
        return NameMatch(0.0, left.original, right.original)
    if left.norm == right.norm and left.native == right.native:
        pairs = [Pair((t.text,), (t.text,), 1.0, "=", t.weight) for t in left.tokens]
        quals = _qualifiers(left, right, True)
        return NameMatch(_apply(1.0, quals), left.original, right.original, pairs, quals)
    pairs, free_l, free_r = _align(left, right)
    free_l, free_r = _legal_inside(left, right, free_l), _legal_inside(right, left, free_r)
    lt, rt = left.tokens, right.tokens
    num = sum(credit(p.sim) * p.weight for p in pairs)
    den = sum(p.weight for p in pairs)
    extra_l = sum(_unpaired_weight(lt[i]) for i in free_l)
    extra_r = sum(_unpaired_weight(rt[j]) for j in free_r)
    conflict = extra_l > 0.3 and extra_r > 0.3
    factor = CONFLICT if conflict else EXTRA[left.kind]
    den += factor * (extra_l + extra_r)
    how = "conflict" if conflict else "extra"
    if conflict:
        pairs.append(Pair(tuple(lt[i].text for i in free_l), tuple(rt[j].text for j in free_r),
                          0.0, how, extra_l + extra_r))
    else:
        pairs += [Pair((lt[i].text,), (), 0.0, how, lt[i].weight) for i in free_l]
        pairs += [Pair((), (rt[j].text,), 0.0, how, rt[j].weight) for j in free_r]
    score = num / den if den > 0 else 0.0
    if left.native and right.native and left.native[0] == right.native[0]:
        # both in one logographic or syllabic script: transliteration can merge what differs
        # (高市 and 高石 are both gao shi), so the native texts bound the score
        native = Levenshtein.normalized_similarity(left.native[1], right.native[1])
        if native < 1.0:
            score = min(score, credit(native))
            pairs.append(Pair((left.native[1],), (right.native[1],), native, "native script",
                              0.0))
    # a name of business words only identifies nothing ("Management Company" is not
    # "Westminster Management Company"), unless the two names say the same words (an
    # annotation aside: "Ocean Maritime Management (OMM)")
    said_all = all(lt[i].role == "annotation" for i in free_l) and all(
        rt[j].role == "annotation" for j in free_r)
    identity = said_all or (
        bool(left.numbers) and left.numbers == right.numbers) or any(
        p.sim >= FLOOR and p.how not in ("conflict", "extra") and _identity(p, left, right)
        for p in pairs
    )
    merged = any(p.how.startswith("merged") for p in pairs)
    quals = _qualifiers(left, right, identity, merged)
    return NameMatch(_apply(score, quals), left.original, right.original, pairs, quals)


def _legal_inside(one: NameForm, other: NameForm, free: list[int]) -> list[int]:
    """``free`` less the tokens of ``one`` that are a legal form of a family that ``other``
    has and ``one`` has not: the firm's legal form, written where the analysis does not take
    it for one, inside the name as translations put it ("Oil Company Rosneft" / "Rosneft Oil
    Company") or before what a message adds ("... Trading LLC Al Quoz Ind Area 3")."""
    if not free or not other.legal or one.kind == PERSON:
        return free
    families = {f.family for f in other.legal} - {f.family for f in one.legal}
    if not families:
        return free
    phrases = _legal_phrases()
    return [i for i in free
            if (form := phrases.get((one.tokens[i].text,))) is None or form.family not in families]


def _unpaired_weight(token: Token) -> float:
    """What an unpaired token weighs: a business word left over names another line of business
    (Steel Tubes / Steel Wires), so it weighs :data:`UNPAIRED_BUSINESS`, not its share."""
    if token.role == "business":
        return UNPAIRED_BUSINESS
    if token.role == "location":
        return UNPAIRED_LOCATION
    return token.weight


_IDENTITY_ROLES = frozenset({"name", "short", "patronymic", "common", "location"})


def _identity(pair: Pair, left: NameForm, right: NameForm) -> bool:
    roles = {t.role for t in left.tokens if t.text in pair.left}
    roles |= {t.role for t in right.tokens if t.text in pair.right}
    return bool(roles & _IDENTITY_ROLES)


def _apply(score: float, qualifiers: list[tuple[str, float]]) -> float:
    for what, factor in qualifiers:
        if what.startswith(("only business", "a single name")):
            score = min(score, factor)
        else:
            score *= factor
    return max(0.0, min(1.0, score))


def compare_forms(a: NameForm, b: NameForm) -> NameMatch:
    """Compare two analysed names (and the names written inside them); symmetric."""
    # a canonical order makes every tie-break the same whichever side a name is on
    swap = (a.norm, a.original) > (b.norm, b.original)
    left, right = (b, a) if swap else (a, b)
    best: NameMatch | None = None
    pairs = [(lv, l_alt, rv, r_alt) for lv, l_alt in variants(left)
             for rv, r_alt in variants(right)]
    if (left.plain or right.plain) and not _same_korean_surname(left, right):
        # read as Korean names the two disagree on the surname (Yun Chang Ping / Ping Yun
        # Chang): compare the plain tokens too
        pairs.append((left.plain or left, "", right.plain or right, ""))
    for lv, l_alt, rv, r_alt in pairs:
        match = _score_forms(lv, rv)
        if l_alt or r_alt:
            match.score *= ALTERNATIVE
            match.qualifiers.append((l_alt or r_alt, ALTERNATIVE))
        if best is None or match.score > best.score:
            best = match
    assert best is not None
    for one, other in ((left, right), (right, left)):
        for repair, factor, what in _REPAIRS:
            repaired = repair(one, other)
            if repaired is None:
                continue
            match = _score_forms(one, repaired) if one is left else _score_forms(repaired, one)
            match.score *= factor
            match.qualifiers.append((what, factor))
            if match.score > best.score:
                best = match
    if swap:
        best = NameMatch(best.score, best.right, best.left,
                         [Pair(p.right, p.left, p.sim, p.how, p.weight) for p in best.pairs],
                         best.qualifiers)
    best.ignored = [*a.residue, *b.residue]
    return best


_LOST = re.compile(r"(?<![\w?])(?=[\w?]*[^\W\d_])[^\W\d_]*(?:\?[^\W\d_]*)+(?![\w?])")


def _restored(other: NameForm, lossy: NameForm) -> NameForm | None:
    """``lossy`` with each word whose letters a character set lost to "?" ("Skj?rg?rd",
    "SE?ORA") written as the word of ``other`` it can be ("Skjaergard", "senora"); None when
    it has no such word."""
    if "?" not in lossy.original:
        return None
    text, changed = lossy.original, False
    for found in _LOST.finditer(lossy.original):
        parts = found.group(0).lower().split("?")
        if not all(p.isascii() for p in parts):
            continue
        pattern = re.compile("[a-z]{1,2}".join(re.escape(p) for p in parts))
        word = next((w for w in other.surface if pattern.fullmatch(w)), None)
        if word is not None:
            text, changed = text.replace(found.group(0), word, 1), True
    return analyse(text, lossy.kind) if changed else None


def _cut_like(short: NameForm, long_: NameForm) -> NameForm | None:
    """``long_`` cut where ``short`` was, when ``short`` ends inside one of ``long_``'s words as
    a name cut by a fixed-width field does ("... TUBERIA GALVANIZ" for "... Tuberia
    Galvanizada del Norte, S.A. de C.V."), or as one with an address glued on is read
    ("... Company LimitedPlot 12 Bauchi Road"); None otherwise, and for people, whose last
    word cut short :func:`_truncated` pairs."""
    raw = short.original.rstrip()
    if (short.kind == PERSON or len(raw) < CUT_FIELD_MIN or not raw[-1].isalpha()
            or not short.surface):
        return None
    last = short.surface[-1]
    if len(last) < 3 or last in long_.surface:
        return None
    for k, word in enumerate(long_.surface[1:], start=1):
        if (len(word) > len(last) and word.startswith(last)
                and word[len(last):] not in PLURAL_ENDINGS):  # Store / Stores: other words
            return analyse(" ".join((*long_.surface[:k], last)), long_.kind)
    return None


#: Repairs tried on a pair, each giving the second name made comparable with the first (or
#: None), the factor its score takes and what the explanation says.
_REPAIRS = (
    (_restored, LOST_LETTERS, "letters lost to a question mark restored"),
    (_cut_like, CUT_FIELD,
     "one name ends inside a word of the other (cut short by a field, or text glued on)"),
)


def _same_korean_surname(a: NameForm, b: NameForm) -> bool:
    sa = [t.surname for t in a.tokens if t.surname]
    sb = [t.surname for t in b.tokens if t.surname]
    return bool(sa and sb and sa[0] & sb[0])


def compare_names(a: str, b: str, kind: str = PERSON) -> NameMatch:
    """Compare two names of one kind (person, org, vessel, other)."""
    return compare_forms(analyse(a, kind), analyse(b, kind))
