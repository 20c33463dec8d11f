"""Bad scenario and policy files: a clear error naming the field, exit code 2, nothing written."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from illicitflow.cli import app
from illicitflow.world.policy import ACTIONS, load_policy, policy_from_actions
from illicitflow.world.scenario import TYPOLOGIES, ScenarioError, load_scenario
from illicitflow.world.simulate import simulate

DEFAULT = yaml.safe_load(
    (resources.files("illicitflow.world") / "scenarios" / "default.yaml").read_text("utf-8"))
COUNTRIES = sorted(DEFAULT["countries"])
SALE_TYPOLOGIES = [t for t in TYPOLOGIES if t != "bank_representative_nested"]


def _squash(text: str) -> str:
    """Text without any whitespace: the console wraps long messages."""
    return "".join(text.split())


def _edit(change: Callable[[dict], None]) -> dict:
    data = copy.deepcopy(DEFAULT)
    change(data)
    return data


def _set(*path_value: object) -> Callable[[dict], None]:
    *path, key, value = path_value

    def change(data: dict) -> None:
        node = data
        for part in path:
            node = node[part]
        node[key] = value

    return change


# name -> (edit, texts the message must contain)
BAD_SCENARIOS = {
    "unknown_typology": (
        _set("streams", "arms", "typologies", {"balloon_drop": 1.0}),
        ["streams.arms.typologies.balloon_drop", *SALE_TYPOLOGIES],
    ),
    "extra_field": (
        _set("regime", "hub", "colour", "red"),
        ["regime.hub.colour", "aliases, country, id, name, source, swift"],
    ),
    "extra_field_in_a_stream": (
        _set("streams", "heroin", "purity", {"value": 0.9, "source": "guess"}),
        ["streams.heroin.purity", "deals_per_month", "interdiction_rate", "typologies"],
    ),
    "wrong_type": (
        _set("period", "months", "many"),
        ["period.months", "valid integer"],
    ),
    "wrong_type_in_a_table": (
        _set("streams", "supernotes", "inputs", "colour_shifting_ink", "stock_months", "long"),
        ["streams.supernotes.inputs.colour_shifting_ink.stock_months", "valid number"],
    ),
    "unknown_country": (
        lambda d: d["regime"]["crime_groups"][0].__setitem__("country", "zz"),
        ["regime.crime_groups[0].country", "'zz'", ", ".join(COUNTRIES)],
    ),
    "unknown_country_in_a_table": (
        lambda d: d["regime"]["buyer_countries"]["value"]["arms"].append("xx"),
        ["regime.buyer_countries.arms", "'xx'", ", ".join(COUNTRIES)],
    ),
    "unknown_stream": (
        lambda d: d["streams"].__setitem__("fentanyl", d["streams"]["heroin"]),
        ["streams.fentanyl", "methamphetamine", "counterfeit_cigarettes", "minerals_gold"],
    ),
    "missing_source": (
        lambda d: d["streams"]["supernotes"]["price_per_unit_usd"].pop("source"),
        ["streams.supernotes.price_per_unit_usd.source", "required"],
    ),
    "period_not_first_of_month": (
        _set("period", "start", dt.date(2005, 1, 15)),
        ["period", "first day of a month"],
    ),
}


@pytest.fixture
def scenario_file(tmp_path: Path) -> Callable[[str], Path]:
    def write(case: str) -> Path:
        path = tmp_path / f"{case}.yaml"
        path.write_text(yaml.safe_dump(_edit(BAD_SCENARIOS[case][0])), encoding="utf-8")
        return path

    return write


def _cli(args: list[str]):
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)


def test_the_default_scenario_file_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "copy.yaml"
    path.write_text(yaml.safe_dump(DEFAULT), encoding="utf-8")
    assert load_scenario(path) == load_scenario("default")


@pytest.mark.parametrize("case", sorted(BAD_SCENARIOS))
def test_bad_scenario_names_the_field_and_what_is_allowed(scenario_file, case: str) -> None:
    path = scenario_file(case)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    message = str(info.value)
    assert message.startswith(str(path))
    for text in BAD_SCENARIOS[case][1]:
        assert text in message, (text, message)


def test_wrong_type_of_a_parameter_value(tmp_path: Path) -> None:
    path = tmp_path / "lots.yaml"
    path.write_text(yaml.safe_dump(_edit(_set("laundering", "fees", "courier", "value", "lots"))))
    with pytest.raises(ScenarioError, match=r"laundering\.fees\.courier\.value"):
        load_scenario(path)


def test_unknown_scenario_name() -> None:
    with pytest.raises(ScenarioError, match=r"unknown scenario 'atlantis'.*default"):
        load_scenario("atlantis")


def test_scenario_that_is_not_a_mapping_or_yaml(tmp_path: Path) -> None:
    listed = tmp_path / "list.yaml"
    listed.write_text("- 1\n- 2\n")
    with pytest.raises(ScenarioError, match="mapping"):
        load_scenario(listed)
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: [unclosed\n")
    with pytest.raises(ScenarioError, match="not valid YAML"):
        load_scenario(broken)
    with pytest.raises(ScenarioError, match="no such file"):
        load_scenario(tmp_path / "missing.yaml")


@pytest.mark.parametrize("case", ["unknown_typology", "extra_field", "wrong_type",
                                  "unknown_country"])
def test_cli_bad_scenario_exits_2_with_the_message(scenario_file, tmp_path: Path,
                                                   case: str) -> None:
    path = scenario_file(case)
    out = tmp_path / "out"
    result = _cli(["simulate", "--scenario", path, "--seed", 1, "--out", out,
                   "--transactions", 2000])
    assert result.exit_code == 2
    printed = _squash(result.stderr)
    assert "error:" in printed
    for text in BAD_SCENARIOS[case][1]:
        assert _squash(text) in printed, text
    assert not out.exists()


def test_cli_prints_the_message_verbatim(scenario_file, tmp_path: Path) -> None:
    path = scenario_file("unknown_typology")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    result = _cli(["simulate", "--scenario", path, "--seed", 1, "--out", tmp_path / "out"])
    assert result.exit_code == 2
    assert _squash(str(info.value)) in _squash(result.stderr)


def test_cli_unknown_scenario_name(tmp_path: Path) -> None:
    result = _cli(["simulate", "--scenario", "atlantis", "--seed", 1, "--out",
                   tmp_path / "out"])
    assert result.exit_code == 2
    assert "unknown scenario 'atlantis'" in " ".join(result.stderr.split())
    assert not (tmp_path / "out").exists()


# --- policy files ------------------------------------------------------------------------------


GOOD_ACTION = "{date: 2005-09-15, action: designate, target: bank-mo-lusitano}"
BAD_POLICIES = {
    "unknown_action": (
        "name: p\nactions:\n  - {date: 2005-09-15, action: nationalise, target: x}\n",
        ["actions.0", "nationalise", *[f"'{a}'" for a in ACTIONS]],
    ),
    "missing_date": (
        "name: p\nactions:\n  - {action: designate, target: bank-mo-lusitano}\n",
        ["actions.0.designate.date", "required"],
    ),
    "derisk_with_country_and_type": (
        "name: p\nactions:\n  - {date: 2006-03-01, action: derisk, target: bank-cn-1, "
        "country: kp, customer_type: diplomat}\n",
        ["actions.0.derisk", "exactly one of 'country' or 'customer_type'"],
    ),
    "derisk_with_neither": (
        "name: p\nactions:\n  - {date: 2006-03-01, action: derisk, target: bank-cn-1}\n",
        ["actions.0.derisk", "exactly one of 'country' or 'customer_type'"],
    ),
    "derisk_unknown_type": (
        "name: p\nactions:\n  - {date: 2006-03-01, action: derisk, target: bank-cn-1, "
        "customer_type: pilot}\n",
        ["actions.0.derisk.customer_type", "'diplomat'", "'front_company'", "'courier'"],
    ),
    "baseline_name": (
        f"name: baseline\nactions:\n  - {GOOD_ACTION}\n",
        ["'baseline' is reserved"],
    ),
    "extra_field": (
        f"name: p\nowner: ofac\nactions:\n  - {GOOD_ACTION}\n",
        ["owner", "actions, adaptation_delay_months, description, name"],
    ),
    "no_actions": ("name: p\nactions: []\n", ["actions"]),
}


@pytest.mark.parametrize("case", sorted(BAD_POLICIES))
def test_bad_policy_file(tmp_path: Path, case: str) -> None:
    text, expected = BAD_POLICIES[case]
    path = tmp_path / f"{case}.yaml"
    path.write_text(text)
    with pytest.raises(ScenarioError) as info:
        load_policy(path)
    message = str(info.value)
    assert message.startswith(str(path))
    for part in expected:
        assert part in message, (part, message)


def test_baseline_name_error_names_the_field(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(BAD_POLICIES["baseline_name"][0])
    with pytest.raises(ScenarioError, match="field 'name'"):
        load_policy(path)


def test_policy_as_json(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text('{"name": "j", "actions": [{"date": "2005-09-15", "action": "designate", '
                    '"target": "bank-mo-lusitano"}]}')
    policy = load_policy(path)
    assert policy.name == "j" and policy.actions[0].date == dt.date(2005, 9, 15)
    path.write_text('{"name": "j", "actions": [')
    with pytest.raises(ScenarioError, match="cannot parse"):
        load_policy(path)


def test_designating_an_unknown_target_is_a_value_error(scenario, tmp_path: Path) -> None:
    policy = policy_from_actions("ghost", [{"date": dt.date(2005, 9, 15), "action": "designate",
                                            "target": "company-does-not-exist"}])
    with pytest.raises(ValueError, match="unknown target 'company-does-not-exist'"):
        simulate(scenario, 1, tmp_path / "out", 2000, policy)


def test_cutting_an_unknown_input_is_a_value_error(scenario, tmp_path: Path) -> None:
    policy = policy_from_actions("ink", [{"date": dt.date(2005, 9, 15), "action": "cut_input",
                                          "target": "holograms"}])
    with pytest.raises(ValueError, match=r"unknown input 'holograms'.*colour_shifting_ink"):
        simulate(scenario, 1, tmp_path / "out", 2000, policy)


def test_derisking_an_unknown_bank_is_a_value_error(scenario, tmp_path: Path) -> None:
    policy = policy_from_actions("d", [{"date": dt.date(2005, 9, 15), "action": "derisk",
                                        "target": "bank-zz-9", "country": "kp"}])
    with pytest.raises(ValueError, match="unknown bank 'bank-zz-9'"):
        simulate(scenario, 1, tmp_path / "out", 2000, policy)


# --- a failing CLI run writes nothing and loses nothing ----------------------------------------

UNKNOWN_TARGET = ("name: ghost\nactions:\n  - {date: 2005-09-15, action: designate, "
                  "target: company-does-not-exist}\n")
# name -> (policy text or None, extra CLI arguments, text in the error)
FAILURES = {
    "bad_policy": (BAD_POLICIES["unknown_action"][0], [], "nationalise"),
    "baseline_policy": (BAD_POLICIES["baseline_name"][0], [], "reserved"),
    "unknown_target": (UNKNOWN_TARGET, [], "company-does-not-exist"),
    "unknown_observer": (None, ["--observer", "bank:bank-zz-9"], "bank-zz-9"),
    "bad_observer": (None, ["--observer", "customs"], "customs"),
    "no_transactions": (None, ["--transactions", "0"], "at least 1"),
}


def _failing_run(tmp_path: Path, case: str, out: Path):
    text, extra, _ = FAILURES[case]
    args = ["simulate", "--scenario", "default", "--seed", 3, "--out", out]
    if text is not None:
        policy = tmp_path / "policy.yaml"
        policy.write_text(text)
        args += ["--policy", policy]
    if "--transactions" not in extra:
        args += ["--transactions", 2000]
    return _cli(args + extra)


@pytest.mark.parametrize("case", sorted(FAILURES))
def test_failing_cli_run_leaves_an_existing_folder_unchanged(tmp_path: Path, case: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("precious")
    (out / "manifest.json").write_text("{}")
    result = _failing_run(tmp_path, case, out)
    assert result.exit_code == 2
    assert _squash(FAILURES[case][2]) in _squash(result.stderr)
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt", "manifest.json"]
    assert (out / "keep.txt").read_text() == "precious"
    assert (out / "manifest.json").read_text() == "{}"


@pytest.mark.parametrize("case", sorted(FAILURES))
def test_failing_cli_run_creates_no_folder(tmp_path: Path, case: str) -> None:
    out = tmp_path / "out"
    result = _failing_run(tmp_path, case, out)
    assert result.exit_code == 2
    assert not out.exists()


def test_cli_world_view_unknown_bank(world_base: Path, tmp_path: Path) -> None:
    out = tmp_path / "view"
    result = _cli(["world", "view", world_base, "--observer", "bank:bank-zz-9", "--out", out])
    assert result.exit_code == 2
    assert "unknown bank 'bank-zz-9'" in " ".join(result.stderr.split())
    assert not out.exists()


def test_cli_report_of_a_folder_that_is_not_a_world(tmp_path: Path) -> None:
    result = _cli(["report", tmp_path, "--out", tmp_path / "r.html"])
    assert result.exit_code == 2
    assert "notaworldfolder" in _squash(result.stderr)
    assert not (tmp_path / "r.html").exists()
