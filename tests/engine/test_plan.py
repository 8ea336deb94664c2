"""The experiment tree: cartesian product, depth-first, shared prefixes once."""

from __future__ import annotations

from petsard import Config
from petsard.experiment import derive_seed
from petsard.plan import Plan

CONFIG = {
    "Reporter": {"save_all": {"method": "save_data", "source": "Synthesizer"}},
    "Loader": {"load_v1": {"filepath": "a.csv"}, "load_v2": {"filepath": "b.csv"}},
    "Synthesizer": {"a": {"method": "sdv"}, "b": {"method": "sdv", "model": "CTGAN"},
                    "c": {"method": "custom_data", "filepath": "s.csv"}},
}


def test_two_loaders_and_three_synthesizers_make_two_plus_six_plus_six_nodes() -> None:
    plan = Plan(Config(CONFIG))
    assert plan.counts()["per_module"] == {"Loader": 2, "Synthesizer": 6, "Reporter": 6}
    assert len(plan.leaves) == 6


def test_nodes_come_depth_first_in_canonical_module_order() -> None:
    keys = [node.key for node in Plan(Config(CONFIG)).dfs()]
    assert keys[:3] == ["Loader[load_v1]", "Loader[load_v1]_Synthesizer[a]",
                        "Loader[load_v1]_Synthesizer[a]_Reporter[save_all]"]
    assert keys[7] == "Loader[load_v2]"
    assert keys[-1] == "Loader[load_v2]_Synthesizer[c]_Reporter[save_all]"


def test_path_runs_from_root_to_node() -> None:
    plan = Plan(Config(CONFIG))
    path = plan.path("Loader[load_v2]_Synthesizer[b]_Reporter[save_all]")
    assert [n.key for n in path] == ["Loader[load_v2]", "Loader[load_v2]_Synthesizer[b]",
                                     "Loader[load_v2]_Synthesizer[b]_Reporter[save_all]"]


def test_node_seed_depends_on_run_seed_and_key_only() -> None:
    assert derive_seed(1, "Loader[a]") == derive_seed(1, "Loader[a]")
    assert derive_seed(1, "Loader[a]") != derive_seed(2, "Loader[a]")
    assert derive_seed(1, "Loader[a]") != derive_seed(1, "Loader[b]")
    node = Plan(Config(CONFIG)).nodes["Loader[load_v1]"]
    assert node.seed(1) == derive_seed(1, "Loader[load_v1]")
