"""ConstrainerOperator on hand-built paths: resample from a fitted Gaussian copula, validate
data without one, go through a Postprocessor, and fail clearly (and fast) when no row fits."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

from petsard.constrainer import REGISTRY, ConstrainerOperator, ConstraintError, validation_report
from petsard.constrainer.apply_rules import validate
from petsard.engine.context import NodeOutput, PathContext
from petsard.exceptions import ConfigError, NodeError
from petsard.experiment import ExperimentSpec
from petsard.schema.inference import infer_schema
from petsard.synthesizer.gaussian_copula import GaussianCopula

RULES = {
    "nan_groups": {"workclass": "delete", "occupation": {"erase": ["income"]}},
    "field_constraints": ["age >= 18 & age <= 65",
                          "hours-per-week >= 20 & hours-per-week <= 60",
                          "income == '<=50K' | (age > 50 & hours-per-week < 40)"],
    "field_combinations": [[{"education": "income"},
                            {"Doctorate": [">50K"], "Masters": [">50K", "<=50K"]}]],
    "field_proportions": [{"fields": "education", "mode": "all", "tolerance": 0.02},
                          {"fields": "native-country", "mode": "missing", "tolerance": 0.01}],
}


class CopulaSampler:
    """The artifact the Synthesizer operator exposes: ``.sample(num_rows, seed)``."""

    def __init__(self, model: GaussianCopula) -> None:
        self.model = model
        self.calls: list[tuple[int, int]] = []

    def sample(self, num_rows: int, seed: int) -> pd.DataFrame:
        self.calls.append((num_rows, seed))
        return self.model.sample(num_rows, random_state=seed)


@pytest.fixture(scope="session")
def copula(adult: pd.DataFrame) -> GaussianCopula:
    return GaussianCopula(random_state=0).fit(adult)


def spec(method: str = "auto", **params) -> ExperimentSpec:
    cls = REGISTRY.get(method)
    clean, problems = cls.validate_params(params, "Constrainer.rules")
    assert problems == []
    return ExperimentSpec("Constrainer", "rules", method, clean, cls)


def path_to(data: pd.DataFrame, synthetic: pd.DataFrame | None = None,
            sampler: object | None = None, method: str = "default", seed: int = 11,
            **more: NodeOutput) -> PathContext:
    ancestors = {"Loader": ("data", NodeOutput(data=data, schema=infer_schema(data)))}
    for module, output in more.items():
        ancestors[module] = (module.lower(), output)
    if synthetic is not None:
        ancestors["Synthesizer"] = ("synth", NodeOutput(
            data=synthetic, schema=infer_schema(synthetic),
            artifacts={"synthesizer": sampler} if sampler else {}, info={"method": method}))
    return PathContext(node_key="Constrainer[rules]", module="Constrainer", experiment="rules",
                       seed=seed, ancestors=ancestors)


def run(ctx: PathContext, method: str = "auto", **params) -> NodeOutput:
    return ConstrainerOperator(spec(method, **params)).run(ctx)


def test_resample_returns_the_rows_asked_for_and_every_row_meets_every_rule(adult, copula):
    # Setup: a synthetic sample from a copula fitted on adult-income
    sampler = CopulaSampler(copula)
    synthetic = copula.sample(5_000, random_state=1)
    ctx = path_to(adult, synthetic, sampler)
    # Run
    out = run(ctx, target_rows=8_000, **RULES)
    # Assert: the row count, the rules, and counts that add up
    assert len(out.data) == 8_000 == out.info["rows_out"]
    rules = spec(**RULES).method_cls(**RULES).rules()
    allowed = rules.repair(adult)
    allowed = allowed[~rules.failures(allowed).any(axis=1)]  # the shares proportions follow
    check = validate(rules, out.data, allowed)
    assert check.summary["failed"].sum() == 0 and check.summary["satisfied"].all()
    info = out.info
    assert info["mode"] == "resample" and info["rows_in"] == 5_000
    assert info["rows_drawn"] == 5_000 + sum(n for n, _ in sampler.calls)
    assert info["rows_drawn"] == info["rows_valid"] + sum(info["dropped"].values())
    assert info["rows_unused"] == info["rows_valid"] - 8_000
    assert info["trials"] == len(sampler.calls) >= 1
    summary = out.artifacts["validation"]["summary"]
    assert summary["dropped"].sum() == sum(info["dropped"].values())
    assert (summary["passed"] + summary["failed"] == summary["checked"]).all()
    assert out.artifacts["validation"]["proportions"]["within"].all()
    steps = [t.step_name for t in ctx.timings]
    assert steps.count("sample") == info["trials"] and "constrain" in steps
    assert out.schema.stats.row_count == 8_000


def test_resample_defaults_to_the_synthesizer_row_count_and_is_reproducible(adult, copula):
    synthetic = copula.sample(3_000, random_state=2)
    rules = {"field_constraints": ["age >= 18 & age <= 65"]}
    first = run(path_to(adult, synthetic, CopulaSampler(copula)), **rules)
    again = run(path_to(adult, synthetic, CopulaSampler(copula)), **rules)
    assert len(first.data) == 3_000
    pd.testing.assert_frame_equal(first.data, again.data)


def test_auto_validates_custom_data_and_keeps_it(adult):
    custom = adult.sample(2_000, random_state=0).reset_index(drop=True)
    out = run(path_to(adult, custom, None, method="custom_data"), **RULES)
    assert out.info["mode"] == "validate"
    assert out.data is custom
    tables = out.artifacts["validation"]
    failing = tables["failing_rows"]
    assert out.info["rows_failed"] == len(failing) == out.info["rows_in"] - out.info[
        "rows_passed"]
    assert (tables["summary"]["dropped"] == 0).all()
    broken_age = ~custom["age"].between(18, 65)
    assert tables["summary"].set_index("rule").loc["field_constraints.0", "failed"] == (
        broken_age.sum())
    assert failing["failed_rules"].str.contains("field_constraints.0").sum() == broken_age.sum()


def test_auto_validates_when_the_path_has_no_synthesizer(adult):
    out = run(path_to(adult), field_constraints=["age >= 18"])
    assert out.info["mode"] == "validate"
    assert out.info["failed"] == {"field_constraints.0": int((adult["age"] < 18).sum())}


def test_resample_without_a_fitted_synthesizer_is_a_node_error(adult):
    with pytest.raises(NodeError, match="use method: validate"):
        run(path_to(adult), "resample", field_constraints=["age >= 18"])


def test_rules_naming_unknown_fields_fail_before_any_draw(adult, copula):
    sampler = CopulaSampler(copula)
    with pytest.raises(ConfigError) as caught:
        run(path_to(adult, copula.sample(100, random_state=0), sampler),
            field_constraints=["agee >= 18", "workclass > 3"])
    assert [p.split(":")[0] for p in caught.value.problems] == [
        "Constrainer.rules.field_constraints.0", "Constrainer.rules.field_constraints.1"]
    assert sampler.calls == []


@pytest.mark.parametrize("rule", ["age > 200", "age > 50 & age < 40"])
def test_rules_no_row_can_satisfy_fail_fast_with_a_clear_error(adult, copula, rule):
    ctx = path_to(adult, copula.sample(len(adult), random_state=3), CopulaSampler(copula))
    started = time.perf_counter()
    with pytest.raises(ConstraintError) as caught:
        run(ctx, field_constraints=["hours-per-week > 0", rule])
    assert time.perf_counter() - started < 10
    message = str(caught.value)
    assert "only 0 of the 32,561 rows asked for satisfy every rule" in message
    assert f"the rule rejecting most is field_constraints.1 ({rule})" in message
    assert "max_trials" in message


def test_running_out_of_trials_reports_the_valid_rows_reached(adult, copula):
    ctx = path_to(adult, copula.sample(2_000, random_state=4), CopulaSampler(copula))
    with pytest.raises(ConstraintError) as caught:
        run(ctx, field_constraints=["age >= 60"], target_rows=2_000, max_trials=1,
            sampling_ratio=1.0)
    message = str(caught.value)
    assert "of the 2,000 rows asked for" in message and "field_constraints.0" in message


class OneClass:
    """A synthesizer that never draws a 'Self-emp-inc' workclass."""

    def __init__(self, copula: GaussianCopula) -> None:
        self.copula = copula

    def sample(self, num_rows: int, seed: int) -> pd.DataFrame:
        rows = self.copula.sample(num_rows, random_state=seed)
        return rows.assign(workclass=rows["workclass"].replace("Self-emp-inc", "Private"))


def test_a_category_the_synthesizer_never_draws_stops_proportions_with_a_clear_error(
        adult, copula):
    sampler = OneClass(copula)
    ctx = path_to(adult, sampler.sample(4_000, 5), sampler)
    with pytest.raises(ConstraintError) as caught:
        run(ctx, field_proportions=[{"fields": "workclass", "mode": "all", "tolerance": 0.01}])
    assert "field_proportions.0 needs" in str(caught.value)
    assert "no valid row has it so far" in str(caught.value)


class Decades:
    """A 'processed' synthesizer (ages in decades) and its Preprocessor's inversion."""

    def __init__(self) -> None:
        self.rngs: list[np.random.Generator] = []

    def sample(self, num_rows: int, seed: int) -> pd.DataFrame:
        rng = np.random.default_rng(seed)
        return pd.DataFrame({"age": rng.uniform(0, 9, num_rows)})

    def inverse_transform(self, data: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
        self.rngs.append(rng)
        return pd.DataFrame({"age": (data["age"] * 10).round().astype("int64")})


def test_fresh_samples_go_through_the_postprocessor_before_checking():
    model = Decades()
    original = pd.DataFrame({"age": np.arange(0, 90)})
    synthetic = model.inverse_transform(model.sample(500, 1), np.random.default_rng(0))
    ctx = path_to(original, synthetic, model,
                  Preprocessor=NodeOutput(data=synthetic, artifacts={"processor": model}),
                  Postprocessor=NodeOutput(data=synthetic))
    # the Postprocessor's output is the input: put it last on the path, as the engine does
    ctx._ancestors["Postprocessor"] = ctx._ancestors.pop("Postprocessor")
    out = run(ctx, field_constraints=["age >= 40 & age <= 60"])
    assert len(out.data) == 500 and out.data["age"].between(40, 60).all()
    assert out.data["age"].dtype == np.int64
    assert len(model.rngs) == 1 + out.info["trials"]


def test_resample_on_dates_keeps_end_after_start():
    def stays(rows: int, seed: int) -> pd.DataFrame:
        rng = np.random.default_rng(seed)
        start = pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 700, rows), "D")
        end = start + pd.to_timedelta(rng.integers(-20, 40, rows), "D")
        end = end.where(rng.random(rows) > 0.2)
        return pd.DataFrame({"start": start, "end": end, "ward": rng.choice(["A", "B"], rows)})

    class Stays:
        def sample(self, num_rows: int, seed: int) -> pd.DataFrame:
            return stays(num_rows, seed)

    original = stays(1_000, 0)
    out = run(path_to(original, stays(1_000, 1), Stays()),
              nan_groups={"start": {"copy": "end"}},
              field_constraints=["end >= start", "start < '2021-06-01'"])
    data = out.data
    assert len(data) == 1_000 and data["end"].notna().all()
    assert (data["end"] >= data["start"]).all() and (data["start"] < "2021-06-01").all()


def test_validation_report_has_petsard_summary_violations_and_details(adult):
    out = run(path_to(adult), field_constraints=["age >= 18", "age >= 0"],
              nan_groups={"workclass": "delete"})
    report = validation_report(out.artifacts["validation"], out.info)
    assert list(report) == ["summary", "violations", "details"]
    summary = dict(zip(report["summary"]["Metric"], report["summary"]["Value"], strict=True))
    young, no_workclass = (adult["age"] < 18).sum(), adult["workclass"].isna().sum()
    assert summary["total_rows"] == len(adult)
    assert summary["failed_rows"] == out.info["rows_failed"] and not summary["is_fully_compliant"]
    violations = report["violations"]
    assert list(violations.columns) == ["Constraint Type", "Rule", "Failed Count", "Fail Rate",
                                        "Violation Examples", "Error Message"]
    assert violations["Rule"].tolist() == ["workclass: delete rows where it is missing",
                                           "Rule 1: age >= 18"]  # 'age >= 0' never fails
    assert violations["Failed Count"].tolist() == [no_workclass, young]
    first_young = adult.index[adult["age"] < 18][:6]
    assert violations["Violation Examples"].iloc[1] == ", ".join(map(str, first_young))
    details = report["details"]
    assert list(details.columns[:3]) == ["Constraint Type", "Rule", "Violation Index"]
    assert list(details.columns[3:]) == list(adult.columns)
    assert details.groupby("Rule").size().tolist() == [10, 10]
    assert "details" not in validation_report(out.artifacts["validation"], out.info, False)


def test_proportions_alone_pick_rows_whose_shares_match_the_original(adult, copula):
    synthetic = copula.sample(6_000, random_state=6)
    rules = {"field_proportions": [{"fields": "education", "mode": "all", "tolerance": 0.002},
                                   {"fields": ["race", "gender"], "mode": "all",
                                    "tolerance": 0.002}]}
    out = run(path_to(adult, synthetic, CopulaSampler(copula)), **rules)
    table = out.artifacts["validation"]["proportions"]
    assert len(out.data) == 6_000 and table["within"].all()
    assert out.info["dropped"] == {} and out.info["rows_valid"] == out.info["rows_drawn"]


def test_proportions_follow_the_original_rows_the_other_rules_allow(adult, copula):
    # Deleting rows with a missing workclass and keeping workclass's missing share would
    # contradict each other; the share kept is that of the original rows the rules allow (0).
    sampler = CopulaSampler(copula)
    rules = {"nan_groups": {"workclass": "delete"},
             "field_proportions": [{"fields": "workclass", "mode": "missing",
                                    "tolerance": 0.03}]}
    out = run(path_to(adult, copula.sample(3_000, random_state=2), sampler), **rules)
    assert len(out.data) == 3_000 and out.data["workclass"].notna().all()
    assert out.artifacts["validation"]["proportions"]["within"].all()
