"""Where reporters' rows come from: node keys put back in the order the tree runs them."""

from __future__ import annotations

from datetime import datetime, timezone

from petsard.reporter.output import in_run_order
from petsard.status import Status
from petsard.status.records import RunInfo

CONFIG = """
Loader: {a: {filepath: x.csv}}
Splitter: {s: {num_samples: 10}}
Synthesizer: {zeta: {method: default}, alpha: {method: default}}
Evaluator: {second: {method: stats}, first: {method: stats}}
"""


def test_keys_finished_in_any_order_come_back_depth_first_in_config_order() -> None:
    status = Status()
    status.begin_run(RunInfo("run", datetime.now(timezone.utc), CONFIG))
    expected = [f"Loader[a]_Splitter[s_[10-{k}]]_Synthesizer[{synthesizer}]_Evaluator[{e}]"
                for k in (1, 2, 10) for synthesizer in ("zeta", "alpha")
                for e in ("second", "first")]
    assert in_run_order(reversed(expected), status) == expected
    assert in_run_order(["Loader[a]"], Status()) == ["Loader[a]"]  # no run recorded: as given
