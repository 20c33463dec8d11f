"""Counter-measures as data: a policy is a named list of dated actions.

Schema (YAML or JSON)::

    name: bda_311                      # used as the `policy` value in revenue.parquet
    description: free text
    adaptation_delay_months: 4         # optional: overrides the scenario's delay
    actions:
      - {date: 2005-09-15, action: designate, target: bank-mo-lusitano}
      - {date: 2006-01-01, action: redesign_currency, target: USD100}
      - {date: 2006-01-01, action: cut_input, target: colour_shifting_ink}
      - {date: 2006-03-01, action: derisk, target: bank-cn-1, country: kp}
      - {date: 2006-03-01, action: derisk, target: bank-hk-0, customer_type: diplomat}

Actions:

- ``designate``: the target entity (person, company, organisation, vessel, bank) is listed.
  Its accounts at banks that enforce freeze (their balances are counted as frozen) and no money
  flows through it afterwards. A designated bank (a section 311 style action) freezes the
  accounts that regime-linked customers hold there and drops out of every route.
- ``redesign_currency``: a new design of the note the counterfeiters copy (target ``USD100``);
  the old copies stop selling, copies of the new design return after the stream's
  ``redesign_copy_delay_months`` unless the key input is cut too.
- ``cut_input``: a supplier stops selling a key input (target: an input named in the scenario's
  stream ``inputs``, e.g. ``colour_shifting_ink``); output fades once the stock runs out.
- ``derisk``: a bank (target) exits customers of a ``country`` (nationality) or a
  ``customer_type`` (declared occupation or role); they move to other banks.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from illicitflow.world.scenario import ROLES, ScenarioError, parse_model

ACTIONS = ("designate", "redesign_currency", "cut_input", "derisk")


class _Action(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    date: dt.date
    target: str = Field(min_length=1)
    note: str = ""


class Designate(_Action):
    action: Literal["designate"]


class RedesignCurrency(_Action):
    action: Literal["redesign_currency"]
    target: Literal["USD100"]


class CutInput(_Action):
    action: Literal["cut_input"]


class Derisk(_Action):
    action: Literal["derisk"]
    country: str | None = Field(default=None, pattern=r"^[a-z]{2}$")
    customer_type: Literal[ROLES] | None = None  # type: ignore[valid-type]

    @model_validator(mode="after")
    def _one_criterion(self) -> Derisk:
        if (self.country is None) == (self.customer_type is None):
            raise ValueError("give exactly one of 'country' or 'customer_type'")
        return self


Action = Annotated[Designate | RedesignCurrency | CutInput | Derisk, Field(discriminator="action")]


class Policy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    description: str = ""
    adaptation_delay_months: float | None = Field(default=None, ge=0)
    actions: list[Action] = Field(min_length=1)

    @field_validator("name")
    @classmethod
    def _not_baseline(cls, name: str) -> str:
        if name == "baseline":
            raise ValueError("'baseline' is reserved for the run without a policy")
        return name


def load_policy(path: str | Path) -> Policy:
    """Read and validate a policy file (YAML or JSON)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError(f"{path}: no such policy file") from None
    try:
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise ScenarioError(f"{path}: cannot parse: {exc}") from None
    if not isinstance(data, dict):
        raise ScenarioError(f"{path}: a policy is a mapping with 'name' and 'actions'")
    return parse_model(Policy, data, str(path))


def policy_from_actions(name: str, actions: list[dict]) -> Policy:
    """Build a policy in code (as the chokepoint experiments do)."""
    return parse_model(Policy, {"name": name, "actions": actions}, name)
