"""Direct identifiers never leave the pipeline: surrogates by default, drop or keep on ask."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from petsard import Executor
from petsard.exceptions import SynthesizerError
from petsard.schema import infer_schema

DATA = Path(__file__).parents[1] / "data"


@pytest.fixture
def people(tmp_path: Path) -> pd.DataFrame:
    """Titanic's passengers (names, keys, tickets) with an email and a phone per row."""
    rng = np.random.default_rng(0)
    table = pd.read_csv(DATA / "titanic-train.csv")
    table["Email"] = [f"passenger{i}@example.org" for i in range(len(table))]
    table["Phone"] = [f"+44 20 {rng.integers(1000, 9999)} {i:04d}" for i in range(len(table))]
    table.to_csv(tmp_path / "people.csv", index=False)
    return table


def run(**synthesizer) -> Executor:
    executor = Executor({
        "Executor": {"store": "memory", "random_state": 5},
        "Loader": {"a": {"filepath": "people.csv"}},
        "Preprocessor": {"p": {"method": "default"}},
        "Synthesizer": {"s": {"method": "default", **synthesizer}},
        "Postprocessor": {"q": {"method": "default"}}})
    executor.run()
    return executor


def test_identifiers_are_recognised_from_their_values_and_names(people: pd.DataFrame) -> None:
    schema = infer_schema(people)
    found = {a.name: a.logical_type for a in schema if a.logical_type}
    assert found == {"PassengerId": "id", "Name": "name", "Ticket": "code", "Cabin": "code",
                     "Email": "email", "Phone": "phone"}


def test_no_real_identifier_value_leaves_a_default_run(people: pd.DataFrame) -> None:
    executor = run()
    synthetic = executor.status.get_result("Postprocessor")
    for field in ("PassengerId", "Name", "Ticket", "Cabin", "Email", "Phone"):
        real = set(people[field].dropna().astype(str))
        assert not synthetic[field].dropna().astype(str).isin(real).any(), field
    assert synthetic["PassengerId"].is_unique and synthetic["PassengerId"].dtype == "int64"
    assert synthetic["Email"].str.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+").all()
    assert abs(synthetic["Cabin"].isna().mean() - people["Cabin"].isna().mean()) < 0.1
    (snapshot,) = executor.status.get_snapshots("Synthesizer")
    handling = snapshot.context["info"]["identifiers"]
    assert handling["Name"] == {"logical_type": "name", "handling": "surrogate",
                                "locale": "en_US"}
    assert synthetic["Phone"].str.startswith("+44 ").all()  # the prefix every real one has


def test_the_same_seed_gives_the_same_surrogates(people: pd.DataFrame) -> None:
    first = run().status.get_result("Postprocessor")
    again = run().status.get_result("Postprocessor")
    pd.testing.assert_frame_equal(first, again)


def test_keep_and_drop_are_per_field_and_recorded(people: pd.DataFrame) -> None:
    executor = run(identifiers={"Name": "keep", "Email": "drop"}, surrogate_locale="de_DE")
    synthetic = executor.status.get_result("Postprocessor")
    assert "Email" not in synthetic.columns
    assert synthetic["Name"].isin(people["Name"]).all()  # kept: the user's explicit choice
    (snapshot,) = executor.status.get_snapshots("Synthesizer")
    handling = snapshot.context["info"]["identifiers"]
    assert handling["Name"]["handling"] == "keep" and handling["Email"]["handling"] == "drop"


def test_a_resampling_constrainer_gets_surrogates_too(people: pd.DataFrame) -> None:
    executor = Executor({
        "Executor": {"store": "memory"},
        "Loader": {"a": {"filepath": "people.csv"}},
        "Synthesizer": {"s": {"method": "default"}},
        "Constrainer": {"c": {"field_constraints": ["Age >= 30"], "target_rows": 400}}})
    executor.run()
    synthetic = executor.status.get_result("Constrainer")
    assert len(synthetic) == 400 and (synthetic["Age"].dropna() >= 30).all()
    assert not synthetic["Name"].isin(people["Name"]).any()


def test_names_written_in_chinese_get_taiwanese_surrogates_and_phones_keep_their_prefix(
        tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    surnames, given = list("王李張劉陳楊黃趙吳周"), ["小明", "美玲", "志豪", "淑芬", "家豪", "怡君"]
    # common names repeat: 60 distinct among 200 rows, still a column of people's names
    names = [rng.choice(surnames) + rng.choice(given) for _ in range(200)]
    table = pd.DataFrame({"姓名": names,
                          "手機": [f"09{rng.integers(10, 99)}-{rng.integers(100, 999)}-"
                                 f"{rng.integers(100, 999)}" for _ in range(200)],
                          "年齡": rng.integers(18, 90, 200)})
    table.to_csv(tmp_path / "people.csv", index=False)
    executor = run()
    synthetic = executor.status.get_result("Postprocessor")
    assert not synthetic["姓名"].isin(set(names)).any()
    assert synthetic["姓名"].str.contains(r"[\u4e00-\u9fff]").all()
    assert synthetic["手機"].str.fullmatch(r"09\d\d-\d{3}-\d{3}").all()
    assert not synthetic["手機"].isin(set(table["手機"])).any()
    (snapshot,) = executor.status.get_snapshots("Synthesizer")
    assert snapshot.context["info"]["identifiers"]["姓名"]["locale"] == "zh_TW"


def test_a_draw_with_no_present_value_needs_no_surrogate() -> None:
    from petsard.synthesizer.surrogates import SurrogateSource

    assert SurrogateSource(pd.Series(["A12", "B34"]), "code", "en_US", 2).draw(0, 2).empty
    source = SurrogateSource(pd.Series(["A12", "B34", None, None, None]), "code", "en_US", 2)
    drawn = source.draw(40, seed=2)
    assert drawn.isna().any() and not drawn.isin(["A12", "B34"]).any()


def test_repeated_draws_from_one_plan_depend_on_their_seed_only_and_are_never_real(
        people: pd.DataFrame) -> None:
    import pickle

    from petsard.synthesizer.identifiers import IdentifierPlan, IdentifierSettings

    plan = IdentifierPlan.of(people, infer_schema(people), IdentifierSettings(), "s", seed=5)
    rows = pd.DataFrame({"Age": np.arange(300)})
    columns = list(people.columns)
    first = plan.complete(rows, columns, seed=7)
    draws = [plan.complete(rows.head(n), columns, seed) for n, seed in [(50, 1), (900, 2)]]
    # Setup: a grown Faker pool (the 900-row draw) and a plan copied as a checkpoint would
    copied = pickle.loads(pickle.dumps(plan))
    pd.testing.assert_frame_equal(plan.complete(rows, columns, seed=7), first)
    pd.testing.assert_frame_equal(copied.complete(rows, columns, seed=7), first)
    assert not first["Name"].equals(draws[1]["Name"].head(300))
    for drawn in [first, *draws]:
        for name in ("PassengerId", "Name", "Ticket", "Cabin", "Email", "Phone"):
            real = set(people[name].dropna().astype(str))
            assert not drawn[name].dropna().astype(str).isin(real).any(), name
        assert drawn["PassengerId"].is_unique


def test_a_field_whose_form_leaves_too_few_new_values_fails_on_every_draw() -> None:
    from petsard.synthesizer.surrogates import SurrogateSource

    digits = pd.Series([str(d) for d in range(10)])  # every one-digit code is real
    source = SurrogateSource(digits, "code", "en_US", 0)
    for seed in (1, 2):
        with pytest.raises(SynthesizerError, match="could not make 5 new code values"):
            source.draw(5, seed)
