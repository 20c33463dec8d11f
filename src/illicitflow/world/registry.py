"""How companies, addresses, phone numbers and documents are written, country by country.

Fronts and legitimate firms are named by the same generator, so that a name alone never says
which is which.
"""

from __future__ import annotations

import numpy as np

CITIES = {
    "kp": ["Pyongyang", "Nampo", "Sinuiju", "Rason", "Chongjin"],
    "cn": ["Dandong", "Shenyang", "Dalian", "Beijing", "Shanghai", "Guangzhou", "Zhuhai", "Yanji"],
    "hk": ["Hong Kong", "Kowloon", "Wan Chai", "Sheung Wan", "Tsim Sha Tsui"],
    "mo": ["Macau", "Taipa"],
    "jp": ["Tokyo", "Osaka", "Niigata", "Kobe"],
    "tw": ["Taipei", "Kaohsiung", "Keelung"],
    "ru": ["Vladivostok", "Nakhodka", "Moscow", "Khabarovsk"],
    "sg": ["Singapore"],
    "my": ["Kuala Lumpur", "Johor Bahru", "Penang"],
    "th": ["Bangkok", "Pattaya", "Chiang Mai"],
    "ae": ["Dubai", "Sharjah", "Abu Dhabi"],
    "vn": ["Hanoi", "Ho Chi Minh City", "Haiphong"],
}
STREETS = ["Harbour", "Queen's", "Station", "Liberty", "Victory", "Friendship", "Garden",
           "River", "Market", "Industrial", "Central", "Temple", "Lake", "Bridge", "Pine"]
#: Calling code and national number pattern ('#' any digit) of numbers that validate there.
PHONES = {"kp": ("850", "2381####"), "cn": ("86", "13#########"), "hk": ("852", "94######"),
          "mo": ("853", "62######"), "jp": ("81", "80########"), "tw": ("886", "912######"),
          "ru": ("7", "91########"), "sg": ("65", "91######"), "my": ("60", "12#######"),
          "th": ("66", "81#######"), "ae": ("971", "50#######"), "vn": ("84", "91#######"),
          "us": ("1", "202555####"), "gb": ("44", "7400######"), "de": ("49", "151########"),
          "in": ("91", "98########"), "id": ("62", "812########"), "ph": ("63", "917#######")}
FIRST = ["Golden", "Pacific", "Orient", "Grand", "Sino", "Asia", "Great Wall", "Silver", "Jade",
         "Lucky", "Ever", "New", "Dragon", "Phoenix", "Harmony", "Morning", "Eastern", "Star",
         "Kumgang", "Myohyang", "Chongsong", "Ryugyong", "Unha", "Haegumgang", "Pearl", "Crown",
         "Lotus", "Summit", "Blue Sea", "Fortune", "Prime", "United", "Northern", "Bright"]
SECOND = ["Trading", "Import & Export", "Industrial", "Shipping", "Resources", "Commerce",
          "Development", "Logistics", "Holdings", "Enterprise", "Investment", "Technology",
          "Textile", "Mining", "Marine", "Construction", "General Trading", "Foodstuff"]
FORMS = {"hk": ["Co., Ltd.", "Limited", "Holdings Ltd"], "cn": ["Co., Ltd.", "Trading Co."],
         "mo": ["Lda.", "Co., Ltd."], "sg": ["Pte. Ltd."], "my": ["Sdn. Bhd."],
         "th": ["Co., Ltd."], "ae": ["LLC", "FZE", "General Trading LLC"], "ru": ["OOO", "LLC"],
         "kp": ["Corporation", "General Corporation", "Company"], "jp": ["K.K.", "Co., Ltd."]}
GOODS = ["machinery", "textiles", "seafood", "electronics", "steel", "garments", "timber",
         "chemicals", "foodstuff", "auto parts", "cosmetics", "paper products"]


def pick(rng: np.random.Generator, seq: list[str] | tuple[str, ...]) -> str:
    """One element, uniformly (faster than Generator.choice on a Python list)."""
    return seq[int(rng.integers(len(seq)))]


def company_name(rng: np.random.Generator, country: str) -> str:
    forms = FORMS.get(country, ["Ltd.", "Co.", "Inc."])
    name = f"{pick(rng, FIRST)} {pick(rng, SECOND)} {pick(rng, forms)}"
    return name.replace("OOO", "").strip() if country != "ru" else f"OOO {name[:-4]}".strip()


def address(rng: np.random.Generator, country: str, country_name: str) -> str:
    city = pick(rng, CITIES.get(country, ["Capital City"]))
    return f"{int(rng.integers(1, 400))} {pick(rng, STREETS)} Road, {city}, {country_name}"


def phone(rng: np.random.Generator, country: str) -> str | None:
    """A number of the country's own format (mobile or capital-city); None where unknown."""
    if country not in PHONES:
        return None
    code, pattern = PHONES[country]
    digits = "".join(str(int(rng.integers(10))) if c == "#" else c for c in pattern)
    return f"+{code} {digits}"


def imo_number(rng: np.random.Generator) -> str:
    """An IMO ship number with a valid check digit (weights 7..2 on the first six digits)."""
    first = [int(rng.integers(1, 10))] + [int(rng.integers(10)) for _ in range(5)]
    check = sum(d * w for d, w in zip(first, range(7, 1, -1), strict=True)) % 10
    return "IMO" + "".join(map(str, first)) + str(check)


def document_number(rng: np.random.Generator, country: str, kind: str) -> str:
    """A passport, diplomatic passport, national id or company registration number."""
    digits = int(rng.integers(10**8, 10**9))
    if kind == "diplomatic_passport":
        return f"PD{digits}" if country == "kp" else f"D{digits}"
    if kind == "registration":
        return f"{country.upper()}{digits}"
    if country == "kp":
        return f"{digits}"
    return f"{chr(65 + int(rng.integers(0, 26)))}{digits}"
