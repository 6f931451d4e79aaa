"""规划成果质检 on PostGIS copies (the real throwaway server): the same findings as on the GeoPackage.

The topology checks run in the database (core/qa/topology_sql.py); each seeded
defect is loaded into its own schema and must give exactly its finding.
"""

from __future__ import annotations

import pytest

from hengyang_plan_plugin.core.plan.postgis_backend import PostgisBackend
from hengyang_plan_plugin.core.plan.registry import close_plans, resolve_plan
from test.postgis_support import admin_connection, drop_schema, load_into, unique_schema
from test.qa_cases import assert_exactly_the_defect, finding_keys, private_sample, run
from test.qa_defects import BUILDERS

pytestmark = pytest.mark.postgis


@pytest.fixture(scope="module")
def sample_copy(tmp_path_factory, sample_plan_path):
    return private_sample(tmp_path_factory.mktemp("qa_pg"), sample_plan_path)


@pytest.fixture(scope="module")
def baselines(sample_copy):
    admin_connection().close()  # no server: fail here, saying how to start it
    schema = unique_schema("qa")
    try:
        database = run(load_into(sample_copy, schema))
        close_plans()
        files = run(sample_copy)
        close_plans()
    finally:
        drop_schema(schema)
    return database, files


def test_the_database_copy_gives_the_file_findings(baselines):
    database, files = baselines
    assert database.error_count == 0
    assert finding_keys(database) == finding_keys(files)
    assert database.plan_kind == "postgres" and database.crs == "EPSG:4526"
    assert database.figures == files.figures


@pytest.mark.parametrize("builder", BUILDERS, ids=[b.__name__ for b in BUILDERS])
def test_a_seeded_defect_in_postgis_is_found_exactly_and_alone(builder, sample_copy, baselines, tmp_path):
    plan, defect = builder(tmp_path, sample_copy)
    schema = unique_schema("qa")
    try:
        source = load_into(plan, schema)
        before = _content_hash(source)
        report = run(source)
        close_plans()
        assert _content_hash(source) == before  # read-only: every row of every table unchanged
    finally:
        drop_schema(schema)
    assert_exactly_the_defect(report, baselines[0], defect)


def _content_hash(source: str) -> str:
    """md5 of every row of every plan table, from a fresh backend (the cached one remembers its hash)."""
    backend = PostgisBackend(resolve_plan(source))
    try:
        return backend.sha256()
    finally:
        backend.close()
