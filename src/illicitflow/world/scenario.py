"""Scenarios as data: every rate, price, count and capacity is a parameter with its source.

A scenario is a YAML file (see ``scenarios/default.yaml``). It is validated on load; a bad file
gets a :class:`ScenarioError` that names the field and what is allowed there.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

#: The money paths of SYSTEM.md's second table, by name.
TYPOLOGIES = (
    "drugs_via_partner_crime_group",
    "counterfeit_bulk_cash",
    "diplomat_smuggling",
    "arms_front_contract",
    "banned_exports_ship_to_ship",
    "bank_representative_nested",
    "overseas_workers",
    "cyber_theft",
)

#: Revenue streams of SYSTEM.md's first table (plus the two later substitutes).
STREAMS = (
    "arms",
    "methamphetamine",
    "heroin",
    "cocaine",
    "counterfeit_pharmaceuticals",
    "supernotes",
    "counterfeit_cigarettes",
    "wildlife",
    "minerals_gold",
    "overseas_workers",
    "cyber_theft",
)

#: Roles an observer may group customers by when a bank de-risks.
ROLES = ("diplomat", "front_company", "shell_company", "bank_representative", "courier")


class ScenarioError(ValueError):
    """A scenario or policy file that cannot be used, with the field at fault."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Param(_Strict):
    """A number with the public source it comes from, or 'assumption: why'."""

    value: float
    source: str = Field(min_length=3)
    sigma: float = Field(default=0.0, ge=0, le=3)  # lognormal spread around the mean
    unit: str | None = None


class TableParam(_Strict):
    """A table (per stream, per country) with its source."""

    value: dict[str, float] | dict[str, list[str]] | list[str]
    source: str = Field(min_length=3)


class Country(_Strict):
    name: str
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    per_usd: float = Field(gt=0)
    reporting_threshold_usd: float = Field(ge=0)
    mission: bool = False
    enforces: bool = True
    weight: float = Field(default=0, ge=0)


class Named(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str
    aliases: list[str] = []
    swift: str | None = None
    country: str = "kp"
    source: str = Field(min_length=3)


class ListedPerson(_Strict):
    name: str
    birth_date: dt.date
    role: Literal["bank_representative", "diplomat", "official", "front_director"]
    country: str
    source: str = Field(min_length=3)


class CrimeGroup(_Strict):
    name: str
    country: str
    currency: str
    members: int = Field(ge=1, le=100)
    source: str = Field(min_length=3)


class Regime(_Strict):
    hub: Named
    regime_banks: list[Named] = Field(min_length=1)
    complicit_banks: list[Named] = []
    listed_people: list[ListedPerson] = []
    officials: Param
    bureaucrats: Param
    missions: Param
    diplomats_per_mission: Param
    earning_share: Param
    accounts_per_earning_diplomat: Param
    fronts: Param
    shells: Param
    front_countries: TableParam
    bank_representatives: Param
    accounts_per_representative: Param
    couriers: Param
    vessels: Param
    crime_groups: list[CrimeGroup] = Field(min_length=1)
    distributors: TableParam
    distributor_countries: TableParam
    buyers: TableParam
    buyer_countries: TableParam
    smuggling_source_countries: TableParam
    listed_at_start_share: Param


class InputParam(_Strict):
    stock_months: float = Field(ge=0)
    residual: float = Field(ge=0, le=1)
    source: str = Field(min_length=3)


class Stream(_Strict):
    enabled: bool = True
    typologies: dict[
        Literal[
            "drugs_via_partner_crime_group",
            "counterfeit_bulk_cash",
            "diplomat_smuggling",
            "arms_front_contract",
            "banned_exports_ship_to_ship",
            "overseas_workers",
            "cyber_theft",
        ],
        float,
    ] = Field(min_length=1)
    deals_per_month: Param
    units_per_deal: Param
    price_per_unit_usd: Param
    interdiction_rate: Param
    installments: Param | None = None
    shipped: Param | None = None
    purchase_share: Param | None = None
    retail_multiple: Param | None = None
    inputs: dict[str, InputParam] = {}
    redesign_copy_delay_months: Param | None = None

    @field_validator("typologies")
    @classmethod
    def _weights(cls, v: dict[str, float]) -> dict[str, float]:
        if any(w < 0 for w in v.values()) or sum(v.values()) <= 0:
            raise ValueError("typology weights must be >= 0 and sum to more than 0")
        return v


class Fees(_Strict):
    courier: Param
    diplomat: Param
    front: Param
    shell: Param
    representative: Param
    bank: Param
    bulk_cash: Param
    crime_group: Param


class Capacities(_Strict):
    diplomat: Param
    complicit_bank: Param
    front: Param
    representative: Param
    courier: Param


class Laundering(_Strict):
    cash_home_share: Param
    diplomat_deposit_usd: Param
    structuring_share: Param
    bulk_deposit_usd: Param
    shell_payment_usd: Param
    fees: Fees
    capacity_usd_per_month: Capacities


class Adaptation(_Strict):
    delay_months: Param
    ramp_months: Param
    replacement_share: Param


class Mix(_Strict):
    salary: Param
    purchase: Param
    transfer: Param
    business: Param
    trade: Param
    cash_deposit: Param
    cash_withdrawal: Param
    diplomatic: Param


class Economy(_Strict):
    people_per_1000_tx: Param
    firms_per_1000_tx: Param
    import_firm_share: Param
    cash_business_share: Param
    legit_kp_traders: Param
    honest_diplomats_per_mission: Param
    foreign_missions_per_country: Param
    mix: Mix


class Period(_Strict):
    start: dt.date
    months: int = Field(ge=1, le=240)


class Scenario(_Strict):
    name: str
    description: str = ""
    period: Period
    countries: dict[str, Country]
    banks_per_country: Param
    regime: Regime
    streams: dict[
        Literal[
            "arms",
            "methamphetamine",
            "heroin",
            "cocaine",
            "counterfeit_pharmaceuticals",
            "supernotes",
            "counterfeit_cigarettes",
            "wildlife",
            "minerals_gold",
            "overseas_workers",
            "cyber_theft",
        ],
        Stream,
    ]
    laundering: Laundering
    adaptation: Adaptation
    economy: Economy

    @field_validator("period")
    @classmethod
    def _first_of_month(cls, v: Period) -> Period:
        if v.start.day != 1:
            raise ValueError("period.start must be the first day of a month")
        return v

    @property
    def active_streams(self) -> list[str]:
        return [s for s in STREAMS if s in self.streams and self.streams[s].enabled]

    def months(self) -> list[dt.date]:
        """First day of each simulated month."""
        y, m = self.period.start.year, self.period.start.month
        out = []
        for i in range(self.period.months):
            out.append(dt.date(y + (m - 1 + i) // 12, (m - 1 + i) % 12 + 1, 1))
        return out


def _describe(err: dict[str, Any], model: type[BaseModel]) -> str:
    loc = ".".join(str(p) for p in err["loc"])
    msg = err["msg"]
    if err["type"] == "extra_forbidden":
        allowed = _allowed_keys(model, err["loc"][:-1])
        if allowed:
            msg += f"; allowed fields here: {', '.join(allowed)}"
    return f"field '{loc}': {msg}"


def _allowed_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Field names of the (sub)model found at ``loc``, for error messages."""
    current: Any = model
    for part in loc:
        origin = get_origin(current)
        if origin in (dict, list):
            current = get_args(current)[-1]  # a key or an index: step into the values
        elif origin is not None:  # Optional[...] and other unions: take the model among them
            models = [a for a in get_args(current) if hasattr(a, "model_fields")]
            current = models[0] if models else None
            if current is not None and part in current.model_fields:
                current = current.model_fields[part].annotation
        elif hasattr(current, "model_fields") and part in current.model_fields:
            current = current.model_fields[part].annotation
        else:
            return []
    if get_origin(current) is not None:
        models = [a for a in get_args(current) if hasattr(a, "model_fields")]
        current = models[0] if models else None
    fields = getattr(current, "model_fields", None)
    return sorted(fields) if fields else []


def parse_model(model: type[BaseModel], data: Any, origin: str) -> Any:
    """Validate ``data`` as ``model``; raise ScenarioError naming every bad field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        lines = [_describe(e, model) for e in exc.errors()]
        raise ScenarioError(f"{origin}: " + "; ".join(lines)) from None


def builtin_scenarios() -> list[str]:
    folder = resources.files("illicitflow.world") / "scenarios"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


def read_yaml(path: Path) -> Any:
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    except FileNotFoundError:
        raise ScenarioError(f"{path}: no such file") from None
    except yaml.YAMLError as exc:
        raise ScenarioError(f"{path}: not valid YAML: {exc}") from None


def load_scenario(name_or_path: str | Path) -> Scenario:
    """Load a built-in scenario by name (``default``) or a scenario YAML file."""
    path = Path(name_or_path)
    if not path.suffix:
        if str(name_or_path) not in builtin_scenarios():
            raise ScenarioError(
                f"unknown scenario '{name_or_path}': use a file path or one of "
                f"{', '.join(builtin_scenarios())}"
            )
        path = Path(str(resources.files("illicitflow.world") / "scenarios" / f"{path}.yaml"))
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise ScenarioError(f"{path}: a scenario is a mapping of fields, got {type(data).__name__}")
    scenario = parse_model(Scenario, data, str(path))
    _check_references(scenario, str(path))
    return scenario


def _check_references(s: Scenario, origin: str) -> None:
    known = set(s.countries)
    refs: list[tuple[str, str]] = [(f"regime.crime_groups[{i}].country", g.country)
                                   for i, g in enumerate(s.regime.crime_groups)]
    refs += [(f"regime.complicit_banks[{i}].country", b.country)
             for i, b in enumerate(s.regime.complicit_banks)]
    refs += [(f"regime.listed_people[{i}].country", p.country)
             for i, p in enumerate(s.regime.listed_people)]
    refs += [("regime.front_countries", c) for c in s.regime.front_countries.value]
    refs += [("regime.smuggling_source_countries", c)
             for c in s.regime.smuggling_source_countries.value]
    for key in ("distributor_countries", "buyer_countries"):
        for stream, cs in getattr(s.regime, key).value.items():
            refs += [(f"regime.{key}.{stream}", c) for c in cs]
    for field, code in refs:
        if code not in known:
            raise ScenarioError(
                f"{origin}: field '{field}': unknown country '{code}'; allowed values: "
                f"{', '.join(sorted(known))}"
            )
    if "kp" not in known:
        raise ScenarioError(f"{origin}: field 'countries': the regime's country 'kp' is missing")
