"""Small real tables for the Python API's tests."""

from __future__ import annotations

import pandas as pd
import pytest


@pytest.fixture(scope="session")
def adult_small(adult: pd.DataFrame) -> pd.DataFrame:
    """400 adult-income rows ('?' read as missing), index 0..399."""
    return adult.sample(400, random_state=1).reset_index(drop=True)
