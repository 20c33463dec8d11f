"""Tests of illicitflow.world.names: Korean romanisation and names, ordinary people."""

from __future__ import annotations

import time
from collections import Counter
from importlib import resources

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from illicitflow.world.names import (
    CULTURES,
    STYLES,
    KoreanName,
    culture_countries,
    korean_name,
    list_style,
    random_people,
    render,
    romanisations,
    romanise,
)

HANGUL = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)
SYLLABLES = st.text(alphabet=HANGUL, min_size=1, max_size=6)


def _data(filename: str) -> dict:
    path = resources.files("illicitflow.world") / "names" / filename
    return yaml.safe_load(path.read_text(encoding="utf-8"))


KOREAN = _data("korean.yaml")
TABLE_SURNAMES = [entry["hangul"] for entry in KOREAN["surnames"]]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _dprk_rendering(name: KoreanName) -> str:
    surname = _cap(romanise(name.surname, "dprk", sep=""))
    given_name = " ".join(_cap(s) for s in romanise(name.given, "dprk", sep=" ").split())
    return f"{surname} {given_name}"


# --- romanise ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("system", "expected"),
    [("rr", "jeong-eun"), ("mr", "chŏng-ŭn"), ("mr_plain", "chong-un"), ("dprk", "jong-un")],
)
def test_romanise_jong_un(system: str, expected: str) -> None:
    assert romanise("정은", system) == expected
    assert romanise("정은", system, sep=" ") == expected.replace("-", " ")


@pytest.mark.parametrize(
    ("hangul", "mr", "dprk"),
    [
        ("최", "ch'oe", "choe"),
        ("태", "t'ae", "thae"),
        ("코", "k'o", "kho"),
        ("평", "p'yŏng", "phyong"),
    ],
)
def test_aspirates(hangul: str, mr: str, dprk: str) -> None:
    assert romanise(hangul, "mr") == mr
    assert romanise(hangul, "mr_plain") == mr.replace("'", "").replace("ŏ", "o")
    assert romanise(hangul, "dprk") == dprk


def test_finals_are_neutralised_and_initial_rieul_kept() -> None:
    assert romanise("택", "dprk") == "thaek"
    assert romanise("철", "rr") == "cheol"
    assert romanise("옷", "rr") == "ot"
    assert romanise("닭", "rr") == "dak"
    assert romanise("룡", "dprk") == "ryong"
    assert romanise("리", "rr") == "ri"


def test_mr_writes_shi_and_dprk_si() -> None:
    assert romanise("신", "mr") == "shin"
    assert romanise("신", "dprk") == "sin"
    assert romanise("신", "rr") == "sin"


def test_voicing_inside_the_given_name() -> None:
    assert romanise("정각", "dprk", voice=True) == "jong-gak"
    assert romanise("정각", "dprk") == "jong-kak"
    assert romanise("봉주", "mr", voice=True) == "pong-ju"
    assert romanise("박봉", "mr", voice=True) == "pak-pong"  # no voicing after a stop
    assert romanise("정각", "rr", voice=True) == romanise("정각", "rr")


def test_bad_system_names_the_allowed_values() -> None:
    with pytest.raises(ValueError, match="allowed: rr, mr, mr_plain, dprk"):
        romanise("정은", "wade-giles")


@pytest.mark.parametrize("text", ["Kim", "김 정은", "ㄱ", "金"])
def test_non_syllables_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="Hangul syllable"):
        romanise(text, "rr")


@given(SYLLABLES, st.sampled_from(["rr", "mr_plain", "dprk"]))
def test_romanise_is_ascii(hangul: str, system: str) -> None:
    out = romanise(hangul, system, sep="|")
    assert out.isascii()
    assert out == out.lower()
    parts = out.split("|")
    assert len(parts) == len(hangul)
    assert all(parts)


@given(SYLLABLES)
def test_mr_differs_from_plain_only_by_marks(hangul: str) -> None:
    plain = romanise(hangul, "mr", voice=True).replace("ŏ", "o").replace("ŭ", "u").replace("'", "")
    assert plain == romanise(hangul, "mr_plain", voice=True)


# --- Korean names ------------------------------------------------------------------------------


def test_korean_name_hangul() -> None:
    name = KoreanName("김", "정은")
    assert name.hangul == "김정은"
    assert KoreanName.from_hangul("김정은") == name
    assert KoreanName.from_hangul("남궁민") == KoreanName("남궁", "민")
    with pytest.raises(ValueError):
        KoreanName("Kim", "정은")
    with pytest.raises(ValueError):
        KoreanName("김", "")


def test_romanisations_of_kim_jong_un() -> None:
    spellings = romanisations(KoreanName("김", "정은"))
    for expected in [
        "Kim Jong Un",
        "Kim Jong-un",
        "Kim Chong Un",
        "Kim Chong-un",
        "Kim Chŏng-ŭn",
        "Kim Jeong-eun",
        "Gim Jeong-eun",
        "Kim Jongun",
    ]:
        assert expected in spellings
    assert spellings[:2] == ["Kim Jong Un", "Kim Jong-un"]


@pytest.mark.parametrize(
    ("hangul", "listed"),
    [
        ("최룡해", "Choe Ryong Hae"),
        ("리수용", "Ri Su Yong"),
        ("박봉주", "Pak Pong Ju"),
        ("김영철", "Kim Yong Chol"),
        ("장성택", "Jang Song Thaek"),  # ㅌ is Th, as on the lists
        ("태영호", "Thae Yong Ho"),
        ("현송월", "Hyon Song Wol"),
        ("최선희", "Choe Son Hui"),
        ("김여정", "Kim Yo Jong"),
        ("리병철", "Ri Pyong Chol"),
    ],
)
def test_dprk_style_matches_the_lists(hangul: str, listed: str) -> None:
    name = KoreanName.from_hangul(hangul)
    spellings = romanisations(name)
    assert spellings[0] == listed
    assert render(name, np.random.default_rng(0), style="dprk", given_first=False) in spellings


def test_conventional_surname_spellings() -> None:
    assert {"Ri Su Yong", "Lee Su-yong", "Yi Su-yong", "Rhee Su-yong", "I Su-yong"} <= set(
        romanisations(KoreanName("리", "수용"))
    )
    assert {"Pak Pong Ju", "Park Bong-ju", "Bak Bong-ju"} <= set(
        romanisations(KoreanName("박", "봉주"))
    )
    assert {"Choe Ryong Hae", "Choi Ryong-hae", "Ch'oe Ryong-hae"} <= set(
        romanisations(KoreanName("최", "룡해"))
    )


def test_list_style() -> None:
    assert list_style("Kim Jong Un") == "KIM, Jong Un"
    assert list_style("Ri Su Yong") == "RI, Su Yong"
    assert list_style("Kim") == "KIM"
    assert list_style("  ") == ""


def _names() -> st.SearchStrategy[KoreanName]:
    surname = st.sampled_from(TABLE_SURNAMES) | st.text(alphabet=HANGUL, min_size=1, max_size=1)
    given_name = st.text(alphabet=HANGUL, min_size=1, max_size=3)
    return st.builds(KoreanName, surname, given_name)


@given(_names())
def test_romanisations_contain_dprk_and_no_duplicates(name: KoreanName) -> None:
    spellings = romanisations(name)
    assert _dprk_rendering(name) in spellings
    assert spellings[0] == _dprk_rendering(name)
    assert len(spellings) == len(set(spellings))
    assert romanisations(name) == spellings  # stable


@given(_names(), st.integers(0, 2**32 - 1), st.sampled_from([None, *STYLES]))
def test_render_is_a_known_spelling(name: KoreanName, seed: int, style: str | None) -> None:
    out = render(name, np.random.default_rng(seed), style=style)
    known = set(romanisations(name))
    reordered = {f"{s.split(' ', 1)[1]} {s.split(' ', 1)[0]}" for s in known}
    assert out in known | reordered


def test_render_weights() -> None:
    rng = np.random.default_rng(7)
    name = KoreanName("김", "정은")
    counts = Counter(render(name, rng) for _ in range(4000))
    top = [spelling for spelling, _ in counts.most_common(2)]
    assert top == ["Kim Jong Un", "Kim Jong-un"]
    given_first = sum(c for s, c in counts.items() if s.endswith((" Kim", " Gim", " Kym")))
    assert 0.04 < given_first / 4000 < 0.13
    assert counts["Jong Un Kim"] > 0


def test_render_bad_style() -> None:
    with pytest.raises(ValueError, match="allowed"):
        render(KoreanName("김", "정은"), np.random.default_rng(0), style="pinyin")


def test_korean_name_draws() -> None:
    rng = np.random.default_rng(11)
    names = [korean_name(rng) for _ in range(5000)]
    surnames = Counter(n.surname for n in names)
    assert 0.17 < surnames["김"] / 5000 < 0.25
    assert 0.11 < surnames["리"] / 5000 < 0.18
    assert surnames["이"] == 0 and surnames["임"] == 0  # North Korean forms keep ㄹ
    assert all(1 <= len(n.given) <= 2 for n in names)
    assert sum(len(n.given) == 2 for n in names) > 0.9 * 5000
    assert all(n.given[0] != n.given[-1] for n in names if len(n.given) == 2)
    again = np.random.default_rng(11)
    assert [korean_name(again) for _ in range(5000)] == names


def test_korean_name_gender() -> None:
    rng = np.random.default_rng(3)
    female = Counter(korean_name(rng, "female").given[-1:] for _ in range(2000))
    male = Counter(korean_name(rng, "male").given[-1:] for _ in range(2000))
    assert female["희"] > male["희"]
    assert male["철"] > female["철"]
    with pytest.raises(ValueError, match="allowed"):
        korean_name(rng, "m")


def test_korean_surname_table() -> None:
    assert len(KOREAN["surnames"]) >= 25
    assert "sources" in KOREAN and KOREAN["sources"]["surnames"]
    weights = {e["hangul"]: e["weight"] for e in KOREAN["surnames"]}
    assert weights["김"] > weights["리"] > weights["박"] > weights["최"]
    for entry in KOREAN["surnames"]:
        assert entry["south_spelling"].isascii()


# --- ordinary people ---------------------------------------------------------------------------


def test_culture_tables() -> None:
    cultures = _data("cultures.yaml")["cultures"]
    assert tuple(cultures) == CULTURES
    assert len(CULTURES) >= 12
    for key, spec in cultures.items():
        assert spec["sources"], key
        assert spec["order"] in ("surname_first", "given_first"), key
        assert len(spec["given"]["male"]) >= 40, key
        assert len(spec["given"]["female"]) >= 40, key
        assert len(spec["surnames"]) >= 40, key
        shares = culture_countries(key)
        assert abs(sum(shares.values()) - 1) < 1e-9
        assert all(len(c) == 2 and c.islower() for c in shares)
    for key in ("chinese", "japanese", "korean", "vietnamese"):
        assert cultures[key]["order"] == "surname_first"


def test_random_people_shape_and_content() -> None:
    people = random_people(np.random.default_rng(5), 3000)
    assert set(people) == {
        "name", "given", "surname", "gender", "birth_date", "nationality", "culture"
    }  # fmt: skip
    assert all(len(column) == 3000 for column in people.values())
    assert people["birth_date"].dtype == np.dtype("datetime64[D]")
    assert set(people["gender"]) == {"male", "female"}
    assert set(people["culture"]) == set(CULTURES)
    for row in range(3000):
        name, giv, sur = people["name"][row], people["given"][row], people["surname"][row]
        assert name in (f"{giv} {sur}", f"{sur} {giv}")
        assert people["nationality"][row] in culture_countries(people["culture"][row])


def test_name_order_and_forms() -> None:
    people = random_people(np.random.default_rng(2), 400, ["chinese", "russian", "korean"])
    for name, giv, sur, gender, culture in zip(
        people["name"],
        people["given"],
        people["surname"],
        people["gender"],
        people["culture"],
        strict=True,
    ):
        if culture in ("chinese", "korean"):
            assert name == f"{sur} {giv}"
        else:
            assert name == f"{giv} {sur}"
            if gender == "female":
                assert sur.endswith(("a", "aya", "ko"))
        if culture == "korean":
            assert giv.isascii() and "-" in giv


def test_iberian_double_surnames() -> None:
    people = random_people(np.random.default_rng(4), 2000, ["spanish"])
    doubles = np.char.count(people["surname"].astype(str), " ") >= 1
    assert 0.75 < doubles.mean() < 0.95


@settings(deadline=None, max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(0, 300),
    cultures=st.none() | st.lists(st.sampled_from(CULTURES), min_size=1, max_size=5, unique=True),
    start=st.integers(1900, 2005),
    years=st.integers(0, 60),
)
def test_random_people_properties(
    seed: int, n: int, cultures: list[str] | None, start: int, years: int
) -> None:
    end = start + years
    people = random_people(np.random.default_rng(seed), n, cultures, start, end)
    again = random_people(np.random.default_rng(seed), n, cultures, start, end)
    for key, column in people.items():
        assert len(column) == n
        np.testing.assert_array_equal(column, again[key])
    allowed = set(cultures or CULTURES)
    assert set(people["culture"]) <= allowed
    for culture, nationality in zip(people["culture"], people["nationality"], strict=True):
        assert nationality in culture_countries(culture)
    if n:
        assert people["birth_date"].min() >= np.datetime64(f"{start}-01-01")
        assert people["birth_date"].max() <= np.datetime64(f"{end}-12-31")


def test_random_people_errors() -> None:
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="allowed"):
        random_people(rng, 10, ["klingon"])
    with pytest.raises(ValueError):
        random_people(rng, 10, start_year=1990, end_year=1980)
    with pytest.raises(ValueError):
        random_people(rng, -1)


def test_random_people_is_fast() -> None:
    random_people(np.random.default_rng(0), 100)  # load the tables
    best = min(_timed(seed) for seed in range(3))
    assert best < 1.0


def _timed(seed: int) -> float:
    started = time.perf_counter()
    people = random_people(np.random.default_rng(seed), 200_000)
    elapsed = time.perf_counter() - started
    assert len(people["name"]) == 200_000
    return elapsed
