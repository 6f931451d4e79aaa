"""Hypothesis profile of the submission-reader fuzz suite (test/fuzz).

Deterministic: examples come from a fixed seed per test (``derandomize``) and
nothing is remembered between runs (``database=None``), so a run fails or
passes the same way on every machine. ``max_examples`` keeps the whole suite
well under a minute on a 2-core machine; ``HENGYANG_FUZZ_PROFILE=fuzz-long``
runs ten times as many examples for a deeper, slower look.

The suite is Qt-free like test/unit: run it with ``-p no:qgis``.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

FUZZ_PROFILE = "fuzz"
MAX_EXAMPLES = 600

_COMMON = dict(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    print_blob=False,
)

settings.register_profile(FUZZ_PROFILE, max_examples=MAX_EXAMPLES, **_COMMON)
settings.register_profile("fuzz-long", max_examples=MAX_EXAMPLES * 10, **_COMMON)
settings.load_profile(os.environ.get("HENGYANG_FUZZ_PROFILE", FUZZ_PROFILE))

# A reader that hangs inside GDAL (C code, no Python to interrupt) would otherwise hold the run for
# pyproject's 900 s: the thread method dumps every stack and ends the run instead.
FUZZ_TEST_TIMEOUT_S = 300 if os.environ.get("HENGYANG_FUZZ_PROFILE") == "fuzz-long" else 120


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "test/fuzz/" in item.nodeid.replace("\\", "/"):
            item.add_marker(pytest.mark.timeout(FUZZ_TEST_TIMEOUT_S, method="thread"))
