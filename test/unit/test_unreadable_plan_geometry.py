"""A plan layer whose geometries cannot be read (NULL, garbage, truncated, damaged pages) never passes.

A spatial query never returns a feature without a geometry, so a site inside a
nulled farmland patch would otherwise read as clear of farmland (issue 20).
Every review of the same plan must say so the same way: the first, OGR-read
review and the later ones (where a clean layer is promoted to memory).
"""

from __future__ import annotations

import contextlib
import hashlib
import random
import resource
import shutil
import sqlite3

import pytest
from osgeo import gdal
from psycopg2 import sql

from hengyang_plan_plugin.core.gdal_errors import last_error, quiet_errors
from hengyang_plan_plugin.core.plan.ogr_backend import DEFAULT_PROMOTE_AFTER
from hengyang_plan_plugin.core.plan.registry import open_plan, resolve_plan
from hengyang_plan_plugin.core.review import review_submission
from test.postgis_support import admin_connection, drop_schema, load_into, unique_schema
from test.review_fixtures import rect, release_plans, submission, write_plan

FARM = {"BSM": "F1", "YSDM": "2090010100", "XZQDM": "430405", "MJ": 1.0}
SITE = rect(0, 0, 100, 100)  # wholly inside the farmland patch
PLAN_FEATURES = {
    "YJJBNT": [(rect(-50, -50, 150, 150), FARM), (rect(2000, 2000, 2100, 2100), {**FARM, "BSM": "F2"})],
    "CZKFBJ": [(rect(-500, -500, 500, 500), {"GHFQMC": "集中建设区"})],
}
REVIEWS = DEFAULT_PROMOTE_AFTER + 2  # the first review, the promoting one and one more
GARBAGE = bytes(range(256)) * 2


@pytest.fixture(autouse=True)
def _release_plans():
    yield
    release_plans()


@pytest.fixture(scope="module")
def clean_plan(tmp_path_factory):
    return write_plan(tmp_path_factory.mktemp("plan") / "plan.gpkg", PLAN_FEATURES)


def damaged_copy(clean_plan, tmp_path, statement: str):
    """A copy of the plan changed by ``statement``, run through GDAL (its R-tree triggers need GDAL's ST_ functions)."""
    copy = tmp_path / "damaged.gpkg"
    shutil.copyfile(clean_plan, copy)
    with quiet_errors():
        dataset = gdal.OpenEx(str(copy), gdal.OF_VECTOR | gdal.OF_UPDATE)
        dataset.ExecuteSQL(statement, dialect="SQLITE")
        error = last_error()
        dataset = None
    assert not error, error
    return copy


@contextlib.contextmanager
def address_space_limit(extra_bytes: int):
    """Cap this process at its current size + extra_bytes, so a blow-up fails the test, not the machine."""
    with open("/proc/self/statm") as statm:
        current = int(statm.read().split()[0]) * resource.getpagesize()
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = current + extra_bytes
    resource.setrlimit(resource.RLIMIT_AS, (cap if hard == resource.RLIM_INFINITY else min(cap, hard), hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def file_sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def stable(result) -> dict:
    data = result.to_dict()
    data.pop("generated_at")
    return data


def reviews(plan_source, times: int = REVIEWS) -> list[dict]:
    plan = open_plan(plan_source)
    results = [stable(review_submission(submission(SITE, land_use="0701"), plan)) for _ in range(times)]
    assert open_plan(plan_source) is plan  # the same backend served every review
    return results


def checks(result: dict) -> dict:
    return {check["id"]: check for check in result["checks"]}


def assert_unreadable_farmland(results: list[dict], count: int | None = 1) -> None:
    """Farmland 需人工复核 naming YJJBNT and the count, never 通过, identical on every review."""
    assert all(result == results[0] for result in results[1:])
    farmland = checks(results[0])["farmland"]
    assert farmland["status"] == "warning"
    assert "规划图层YJJBNT" in farmland["message"] and "无法读取" in farmland["message"]
    if count is not None:
        assert f"YJJBNT中有{count}个要素" in farmland["message"]
        assert farmland["details"]["unreadable_features"] == {"YJJBNT": count}
    assert all(parcel["status"] == "warning" for parcel in farmland["parcels"])
    assert results[0]["verdict"] != "pass"
    # The other checks run as on an intact plan.
    assert checks(results[0])["dev_boundary"]["status"] == "pass"


def test_intact_plan_finds_the_farmland(clean_plan):
    results = reviews(clean_plan)
    assert all(result == results[0] for result in results)
    assert checks(results[0])["farmland"]["status"] == "conflict"
    assert "unreadable_features" not in checks(results[0])["farmland"].get("details", {})


@pytest.mark.parametrize(
    "statement",
    [
        'UPDATE "YJJBNT" SET geom = NULL WHERE fid = 1',
        f"UPDATE \"YJJBNT\" SET geom = X'{GARBAGE.hex()}' WHERE fid = 1",
        'UPDATE "YJJBNT" SET geom = substr(geom, 1, 60) WHERE fid = 1',
    ],
    ids=["null", "garbage", "truncated"],
)
def test_unreadable_geometry_is_a_warning_on_every_review(clean_plan, tmp_path, statement):
    damaged = damaged_copy(clean_plan, tmp_path, statement)
    before = file_sha256(damaged)
    assert_unreadable_farmland(reviews(damaged))
    assert file_sha256(damaged) == before  # read-only


def test_every_geometry_nulled(clean_plan, tmp_path):
    damaged = damaged_copy(clean_plan, tmp_path, 'UPDATE "YJJBNT" SET geom = NULL')
    assert_unreadable_farmland(reviews(damaged), count=2)


def test_a_damaged_layer_is_not_promoted_but_an_intact_one_is(clean_plan, tmp_path):
    damaged = damaged_copy(clean_plan, tmp_path, 'UPDATE "YJJBNT" SET geom = NULL WHERE fid = 1')
    reviews(damaged)
    reviews(clean_plan)
    assert open_plan(damaged).layer("YJJBNT")._index is None
    assert open_plan(clean_plan).layer("YJJBNT")._index is not None


def test_overwritten_leaf_pages_read_the_same_on_every_review(tmp_path):
    """Random bytes over leaf pages of the farmland table (issue 20: 不通过, 通过, 通过 and 24 GB before)."""
    grid = [(rect(x * 30, y * 30, x * 30 + 25, y * 30 + 25), FARM) for x in range(-20, 40) for y in range(-20, 40)]
    plan = write_plan(tmp_path / "pages.gpkg", {**PLAN_FEATURES, "YJJBNT": grid})
    with sqlite3.connect(plan) as connection:
        connection.execute("CREATE VIRTUAL TABLE temp.pages USING dbstat")
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        leaves = [row[0] for row in connection.execute(
            "SELECT pageno FROM temp.pages WHERE name = 'YJJBNT' AND pagetype = 'leaf' ORDER BY pageno"
        )]
    connection.close()
    rng = random.Random(20)
    with plan.open("r+b") as handle:
        for page in rng.sample(leaves, min(40, len(leaves) // 2)):
            handle.seek((page - 1) * page_size)
            handle.write(rng.randbytes(page_size))
    before = file_sha256(plan)
    with address_space_limit(1 << 30):  # the unfixed promotion tried to allocate many GB here
        results = reviews(plan)
    assert all(result == results[0] for result in results[1:])
    farmland = checks(results[0])["farmland"]
    assert farmland["status"] != "pass"
    assert "规划图层YJJBNT" in farmland["message"] and farmland["details"]["unreadable_features"]["YJJBNT"] > 0
    assert file_sha256(plan) == before


@pytest.mark.postgis
def test_postgis_null_geometry_is_a_warning_on_every_review(clean_plan):
    schema = unique_schema("unreadable")
    source = load_into(clean_plan, schema)
    try:
        ref = resolve_plan(source).layers["YJJBNT"]
        handle = admin_connection()
        try:
            with handle.cursor() as cursor:
                cursor.execute(
                    sql.SQL("UPDATE {} SET {} = NULL WHERE {} = (SELECT min({}) FROM {})").format(
                        sql.Identifier(ref.schema, ref.layer),
                        sql.Identifier(ref.geometry_column),
                        sql.Identifier(ref.key_column),
                        sql.Identifier(ref.key_column),
                        sql.Identifier(ref.schema, ref.layer),
                    )
                )
        finally:
            handle.close()
        assert_unreadable_farmland(reviews(source))
    finally:
        release_plans()
        drop_schema(schema)
