"""Review against a plan in PostGIS (the real throwaway server): the same answers as on the GeoPackage.

Every test here runs against the server ``make test`` starts
(``scripts/postgis_server.sh``); see test/postgis_support.py.
"""

from __future__ import annotations

import math

import psycopg2
import pytest
import shapely
from osgeo import ogr
from psycopg2 import sql
from shapely.geometry import box

from hengyang_plan_plugin import api
from hengyang_plan_plugin.core import batch
from hengyang_plan_plugin.core.indicators import compute_indicators
from hengyang_plan_plugin.core.plan.model import PlanSourceError
from hengyang_plan_plugin.core.plan.postgis_backend import PostgisBackend
from hengyang_plan_plugin.core.plan.registry import close_plans, open_plan, resolve_plan
from hengyang_plan_plugin.core.submission_model import Parcel, Submission
from hengyang_plan_plugin.paths import SAMPLE_PLAN_PATH
from test.batch_cases import FARMLAND_OVERLAP_M2, make_cases, make_plan
from test.postgis_support import admin_connection, drop_schema, load_into, pg_source, test_dsn, unique_schema
from test.review_fixtures import rect, submission, write_plan

pytestmark = pytest.mark.postgis

RELATIVE_AREA = 1e-4  # 0.01 %
ABSOLUTE_AREA_M2 = 1e-3  # areas near zero: a thousandth of a square metre
SAMPLE_SUBMISSION = SAMPLE_PLAN_PATH.parent.parent / "samples" / "sample_submission.txt"
SAMPLE_GEOJSON_4490 = SAMPLE_PLAN_PATH.parent.parent / "samples" / "sample_residential_4490.geojson"


@pytest.fixture(scope="module")
def sample_pg():
    """The bundled sample plan loaded into its own schema for this module."""
    schema = unique_schema("sample")
    source = load_into(SAMPLE_PLAN_PATH, schema)
    yield source
    close_plans()
    drop_schema(schema)


@pytest.fixture(autouse=True)
def _server_and_fresh_plans():
    admin_connection().close()  # no server: fail here, saying how to start it
    yield
    close_plans()


# --- comparing two results ---------------------------------------------------------


def same_area(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=RELATIVE_AREA, abs_tol=ABSOLUTE_AREA_M2)


def feature_keys(features):
    return [(f["layer"], f["fid"]) for f in features]


def assert_same_review(gpkg: dict, pg: dict, label: str = "") -> None:
    """Same verdict; per check the same status, features and areas (within 0.01 %), whole site and parcels."""
    assert pg["verdict"] == gpkg["verdict"], label
    assert [c["id"] for c in pg["checks"]] == [c["id"] for c in gpkg["checks"]]
    for a, b in zip(gpkg["checks"], pg["checks"]):
        where = f"{label} {a['id']}"
        assert b["status"] == a["status"], where
        for key in ("overlap_area_m2", "outside_area_m2"):
            if key in a:
                assert same_area(a[key], b[key]), (where, key, a[key], b[key])
        assert feature_keys(b["features"]) == feature_keys(a["features"]), where
        for fa, fb in zip(a["features"], b["features"]):
            assert fb["attributes"] == fa["attributes"], where
            assert same_area(fa["overlap_area_m2"], fb["overlap_area_m2"]), (where, fa, fb)
        assert len(b.get("parcels", [])) == len(a.get("parcels", []))
        for pa, pb in zip(a.get("parcels", []), b.get("parcels", [])):
            assert (pb["id"], pb["status"]) == (pa["id"], pa["status"]), where
            assert same_area(pa["overlap_area_m2"], pb["overlap_area_m2"]), (where, pa["id"])
            assert feature_keys(pb["features"]) == feature_keys(pa["features"]), where


def sample_sites() -> list[tuple[str, Submission, str | None]]:
    """Sites across the sample plan: squares straddling features of the main layers, one or two parcels."""
    dataset = ogr.Open(str(SAMPLE_PLAN_PATH))
    sites = []
    plan_layers = ("YJJBNT", "STBHHX", "CZKFBJ", "ZXCQCSLVX", "ZXCQCSLX", "CSGXDY", "ZXCQGHYDYH", "KJTD")
    uses = (None, "0701", "1001", "0601", "1401", "0701", "1202", "0901")
    for index, (name, use) in enumerate(zip(plan_layers, uses)):
        layer = dataset.GetLayerByName(name)
        layer.ResetReading()
        for _ in range(index % 3 + 1):
            feature = layer.GetNextFeature()
        centre = shapely.from_wkb(bytes(feature.GetGeometryRef().ExportToIsoWkb())).representative_point()
        # Off-centre, so the site straddles the feature's edge.
        x, y = centre.x + 120.0, centre.y - 80.0
        halves = [box(x - 300, y - 200, x, y + 200), box(x, y - 200, x + 300, y + 200)]
        parcels = [Parcel(id=str(i), geometry=g, land_use=use) for i, g in enumerate(halves, start=1)]
        two = Submission(name=f"{name}-2", source=f"<{name}>", crs="EPSG:4526", parcels=parcels)
        one = Submission(
            name=f"{name}-1",
            source=f"<{name}>",
            crs="EPSG:4526",
            parcels=[Parcel(id="1", geometry=shapely.union_all(halves), land_use=use)],
        )
        sites += [(f"{name}-two-parcels", two, None), (f"{name}-one-parcel", one, use)]
    return sites


# --- the same answers ------------------------------------------------------------------


@pytest.mark.parametrize("land_use", [None, "0701", "1001", "0601"])
def test_sample_submission_gives_the_same_review_on_postgis(sample_pg, land_use):
    gpkg = api.review(SAMPLE_SUBMISSION, plan=SAMPLE_PLAN_PATH, land_use=land_use).to_dict()
    pg = api.review(SAMPLE_SUBMISSION, plan=sample_pg, land_use=land_use).to_dict()
    assert_same_review(gpkg, pg, f"sample {land_use}")
    assert gpkg["verdict"] == "fail"  # a real finding, not two empty answers
    assert pg["plan"]["source"].startswith("PG:") and "password" not in pg["plan"]["source"]
    assert pg["plan"]["sha256"]


def test_a_submission_in_another_crs_gives_the_same_review(sample_pg):
    gpkg = api.review(SAMPLE_GEOJSON_4490, plan=SAMPLE_PLAN_PATH).to_dict()
    pg = api.review(SAMPLE_GEOJSON_4490, plan=sample_pg).to_dict()
    assert_same_review(gpkg, pg, "4490")


def test_sites_across_the_sample_plan_give_the_same_reviews(sample_pg):
    compared = 0
    for label, site, land_use in sample_sites():
        gpkg = api.review(site, plan=SAMPLE_PLAN_PATH, land_use=land_use).to_dict()
        pg = api.review(site, plan=sample_pg, land_use=land_use).to_dict()
        assert_same_review(gpkg, pg, label)
        compared += sum(1 for check in gpkg["checks"] if check["features"])
    assert compared > 30  # the sites really meet plan features


def test_the_overlay_runs_in_the_database(sample_pg):
    plan = open_plan(sample_pg)
    assert isinstance(plan, PostgisBackend)
    before = plan.server_overlays
    result = api.review(SAMPLE_SUBMISSION, plan=plan, land_use="0701")
    assert plan.server_overlays - before >= 10  # one statement per layer and group
    assert result.to_dict()["checks"][1]["overlap_area_m2"] > 0


def test_plan_source_interface_matches_the_geopackage(sample_pg):
    gpkg, pg = open_plan(SAMPLE_PLAN_PATH), open_plan(sample_pg)
    assert pg.crs_key() == gpkg.crs_key() == "EPSG:4526"
    for a, b in zip(gpkg.extent("EPSG:4526"), pg.extent("EPSG:4526")):
        assert a == pytest.approx(b, abs=0.01)
    assert pg.table_rows("GHZB") == gpkg.table_rows("GHZB")
    assert sorted(resolve_plan(sample_pg).layers) == sorted(resolve_plan(SAMPLE_PLAN_PATH).layers)
    assert pg.sha256() == open_plan(sample_pg).sha256()


def test_indicators_are_the_same_on_postgis(sample_pg):
    gpkg = compute_indicators(SAMPLE_PLAN_PATH).to_dict()
    pg = compute_indicators(sample_pg).to_dict()

    def numbers(value, path=""):
        if isinstance(value, dict):
            for key, item in value.items():
                yield from numbers(item, f"{path}.{key}")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                yield from numbers(item, f"{path}[{index}]")
        else:
            yield path, value

    pairs = list(zip(numbers(gpkg), numbers(pg)))
    assert len(pairs) > 20
    for (path_a, a), (path_b, b) in pairs:
        assert path_a == path_b
        if path_a.endswith("source") or "sha256" in path_a or "is_sample" in path_a:
            continue
        if isinstance(a, float):
            assert same_area(a, b), (path_a, a, b)
        else:
            assert a == b, (path_a, a, b)


def test_the_loader_indexes_and_analyses_every_table(tmp_path):
    import postgis_load

    schema = unique_schema("load")
    try:
        assert (
            postgis_load.main(
                ["--gpkg", str(SAMPLE_PLAN_PATH), "--pg", pg_source(schema), "--schema", schema]
            )
            == 0
        )
        handle = admin_connection()
        with handle.cursor() as cursor:
            cursor.execute(
                "SELECT f_table_name FROM geometry_columns WHERE f_table_schema = %s ORDER BY 1", (schema,)
            )
            spatial = [row[0] for row in cursor.fetchall()]
            cursor.execute(
                "SELECT tablename FROM pg_indexes WHERE schemaname = %s AND indexdef LIKE '%%USING gist%%'",
                (schema,),
            )
            indexed = sorted(row[0] for row in cursor.fetchall())
            cursor.execute(
                "SELECT count(*) FROM pg_stat_user_tables WHERE schemaname = %s AND last_analyze IS NULL",
                (schema,),
            )
            not_analysed = cursor.fetchone()[0]
        handle.close()
        assert len(spatial) == 17 and indexed == sorted(spatial) and not_analysed == 0  # 16 plan layers + DLTB
        # Unchanged file: a second load without --force keeps the schema.
        assert postgis_load.load_plan(SAMPLE_PLAN_PATH, pg_source(schema), schema, force=False) is None
    finally:
        drop_schema(schema)


# --- hand-made plans: slivers, overlaps, touching edges --------------------------------

FARM = {"BSM": "F1", "YSDM": "2090010100", "XZQDM": "430405", "MJ": 1.0}
HALF_SITE = rect(-50, 0, 50, 100)
HAND_MADE = {
    "half-inside": {"YJJBNT": [(rect(0, -100, 200, 200), FARM)]},
    "overlapping-features": {
        "YJJBNT": [(rect(0, -100, 200, 200), FARM), (rect(25, 0, 300, 300), {**FARM, "BSM": "F2"})]
    },
    "touching": {"YJJBNT": [(rect(50, 0, 200, 100), FARM)]},
    "strip-5cm-wide": {"YJJBNT": [(rect(49.95, 0, 200, 100), FARM)]},
    "corner-0.25m2": {"YJJBNT": [(rect(49.5, 99.5, 200, 200), FARM)]},
    "dust-below-1cm2": {"YJJBNT": [(rect(49.999, 99.99, 200, 200), FARM)]},
    "quoted-attributes": {
        "ZXCQCSLVX": [(rect(0, 0, 30, 100), {"JB": "一级", "MC": 'O\'Brien "绿地"; DROP TABLE x; --'})]
    },
}


@pytest.mark.parametrize("case", sorted(HAND_MADE))
def test_hand_made_cases_give_the_same_review(tmp_path, case):
    gpkg_path = write_plan(tmp_path / "plan.gpkg", HAND_MADE[case])
    schema = unique_schema("hand")
    try:
        source = load_into(gpkg_path, schema)
        site = submission(HALF_SITE, land_use="0701")
        gpkg = api.review(site, plan=gpkg_path).to_dict()
        pg = api.review(site, plan=source).to_dict()
        assert_same_review(gpkg, pg, case)
        checks = {c["id"]: c for c in pg["checks"]}
        if case.startswith(("strip", "corner")):
            assert checks["farmland"]["status"] == "warning" and checks["farmland"]["details"] == {
                "sliver": True
            }
        if case in ("touching", "dust-below-1cm2"):
            assert checks["farmland"]["status"] == "pass" and checks["farmland"]["features"] == []
        if case == "overlapping-features":
            assert checks["farmland"]["overlap_area_m2"] == pytest.approx(5000.0)
            assert [f["overlap_area_m2"] for f in checks["farmland"]["features"]] == [5000.0, 2500.0]
        if case == "quoted-attributes":
            assert (
                checks["green_line"]["features"][0]["attributes"]["MC"]
                == HAND_MADE[case]["ZXCQCSLVX"][0][1]["MC"]
            )
    finally:
        close_plans()
        drop_schema(schema)


def test_river_crossing_corridors_are_buffered_by_the_server(tmp_path):
    from shapely.geometry import LineString

    from test.review_fixtures import X0, Y0

    line = LineString([(X0 + 40, Y0 - 500), (X0 + 40, Y0 + 500)])
    gpkg_path = write_plan(tmp_path / "plan.gpkg", {"KJTD": [(line, {"MC": "湘江通道", "KZKD": 60.0})]})
    schema = unique_schema("corridor")
    try:
        source = load_into(gpkg_path, schema)
        plan = open_plan(source)
        site = submission(HALF_SITE, land_use="0701")
        pg = api.review(site, plan=plan).to_dict()
        assert plan.server_overlays >= 1  # nothing else meets the site: that was the corridor
        gpkg = api.review(site, plan=gpkg_path).to_dict()
        assert_same_review(gpkg, pg, "corridor")
        crossing = next(c for c in pg["checks"] if c["id"] == "river_crossing")
        # x from 10 to 50 of the site's -50..50: 40 m × 100 m
        assert crossing["status"] == "conflict" and crossing["overlap_area_m2"] == pytest.approx(4000.0)
    finally:
        close_plans()
        drop_schema(schema)


# --- names that would break pasted SQL -------------------------------------------------


def test_a_schema_with_quotes_and_spaces_works_and_injects_nothing(tmp_path):
    canary = unique_schema("canary")  # a table name unique to this run
    awkward_schema = f'Plan "2035"; DROP TABLE public.{canary}; -- 衡阳 一张图 {unique_schema("")}'
    handle = admin_connection()
    with handle.cursor() as cursor:
        cursor.execute(sql.SQL("CREATE TABLE {} (id integer)").format(sql.Identifier("public", canary)))
    gpkg_path = write_plan(tmp_path / "plan.gpkg", HAND_MADE["half-inside"])
    try:
        source = load_into(gpkg_path, awkward_schema, layer_names={"GGFWSS": "ggfwss"})
        location = resolve_plan(source)
        assert location.connection.schema == awkward_schema
        assert location.layers["GGFWSS"].layer == "ggfwss"  # laundered lower-case names are found too
        # A table whose name is itself an injection attempt is simply not a plan layer.
        with handle.cursor() as cursor:
            cursor.execute(
                sql.SQL("CREATE TABLE {} (fid integer PRIMARY KEY)").format(
                    sql.Identifier(awkward_schema, f'YJJBNT"; DROP TABLE public.{canary}; --')
                )
            )
        site = submission(HALF_SITE, land_use="0701")
        gpkg = api.review(site, plan=gpkg_path).to_dict()
        pg = api.review(site, plan=source).to_dict()
        assert_same_review(gpkg, pg, "awkward schema")
        assert next(c for c in pg["checks"] if c["id"] == "farmland")["overlap_area_m2"] == pytest.approx(
            5000.0
        )
        assert compute_indicators(source).to_dict()
        with handle.cursor() as cursor:
            cursor.execute("SELECT to_regclass(%s) IS NOT NULL", (f"public.{canary}",))
            assert cursor.fetchone()[0]
    finally:
        close_plans()
        drop_schema(awkward_schema)
        with handle.cursor() as cursor:
            cursor.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(sql.Identifier("public", canary)))
        handle.close()


# --- connection problems ------------------------------------------------------------------


def test_wrong_credentials_give_a_clear_message(sample_pg):
    wrong = sample_pg.replace("password=hengyang-test", "password=not-the-password")
    assert wrong != sample_pg
    with pytest.raises(PlanSourceError) as raised:
        api.review(SAMPLE_SUBMISSION, plan=wrong)
    message = str(raised.value)
    assert "认证失败" in message and "用户名或密码错误" in message and "user hengyang" not in message
    assert "not-the-password" not in message


def test_a_missing_schema_and_an_unreachable_server_are_named():
    with pytest.raises(PlanSourceError, match="没有模式“no_such_schema”"):
        resolve_plan(pg_source("no_such_schema"))
    unreachable = pg_source(
        "hengyang", "host=127.0.0.1 port=1 dbname=hengyang user=hengyang connect_timeout=3"
    )
    with pytest.raises(PlanSourceError, match="无法连接 PostgreSQL 数据库 127.0.0.1:1/hengyang"):
        resolve_plan(unreachable)


def test_missing_tables_are_listed_like_missing_files(tmp_path):
    gpkg_path = write_plan(tmp_path / "plan.gpkg", HAND_MADE["half-inside"], omit=("STBHHX", "KJTD"))
    schema = unique_schema("partial")
    try:
        location = resolve_plan(load_into(gpkg_path, schema))
        assert {"STBHHX", "KJTD"} <= set(location.missing)
        result = api.review(submission(HALF_SITE), plan=location).to_dict()
        checks = {c["id"]: c for c in result["checks"]}
        assert checks["eco_redline"]["status"] == "not_run" and "STBHHX" in checks["eco_redline"]["reason"]
    finally:
        close_plans()
        drop_schema(schema)


def test_a_dropped_connection_mid_batch_gives_an_error_row_and_the_batch_goes_on(tmp_path):
    schema = unique_schema("batch")
    source = load_into(make_plan(tmp_path / "plan.gpkg"), schema)
    cases_dir = tmp_path / "cases"
    make_cases(cases_dir, count=6, broken=())
    cases = batch.list_cases(cases_dir)
    plan = open_plan(source)
    admin = admin_connection()
    dropped = []

    def drop_after_second(done, total, name):
        if done == 2:
            pid = plan.backend_pid()
            with admin.cursor() as cursor:
                cursor.execute("SELECT pg_terminate_backend(%s)", (pid,))
            dropped.append(pid)

    try:
        summary = batch.run_batch(cases, tmp_path / "out", plan=plan, progress=drop_after_second)
    finally:
        admin.close()
        close_plans()
        drop_schema(schema)
    states = [outcome.row[batch.COL_STATE] for outcome in summary.outcomes]
    assert dropped and len(states) == 6
    assert states == [batch.ROW_OK, batch.ROW_OK, batch.ROW_ERROR, batch.ROW_OK, batch.ROW_OK, batch.ROW_OK]
    assert "连接中断" in summary.outcomes[2].row[batch.COL_ERROR]
    rows = batch.read_summary(summary.summary_path)
    assert len(rows) == 6
    even = [o for o in summary.outcomes if o.ok and o.case.name.endswith(("00", "04"))]
    for outcome in even:
        farmland = next(c for c in outcome.result.to_dict()["checks"] if c["id"] == "farmland")
        assert farmland["overlap_area_m2"] == pytest.approx(FARMLAND_OVERLAP_M2)


def test_credentials_from_a_pg_service_file(sample_pg, tmp_path, monkeypatch):
    dsn = dict(pair.split("=", 1) for pair in test_dsn().split())
    service_file = tmp_path / "pg_service.conf"
    service_file.write_text(
        "[hengyang_test]\n" + "".join(f"{k}={dsn[k]}\n" for k in ("host", "port", "dbname", "user")),
        encoding="utf-8",
    )
    pass_file = tmp_path / "pgpass"
    pass_file.write_text(f"{dsn['host']}:{dsn['port']}:{dsn['dbname']}:{dsn['user']}:{dsn['password']}\n")
    pass_file.chmod(0o600)
    monkeypatch.setenv("PGSERVICEFILE", str(service_file))
    monkeypatch.setenv("PGPASSFILE", str(pass_file))
    schema = resolve_plan(sample_pg).connection.schema
    source = f"PG:service=hengyang_test schemas={schema}"
    result = api.review(SAMPLE_SUBMISSION, plan=source).to_dict()
    assert result["plan"]["source"] == source
    assert_same_review(api.review(SAMPLE_SUBMISSION, plan=SAMPLE_PLAN_PATH).to_dict(), result, "service")


def test_the_plan_is_only_read(sample_pg):
    plan = open_plan(sample_pg)
    plan.crs_key()
    with pytest.raises(psycopg2.Error, match="read-only"), plan._cursor() as cursor:
        cursor.execute("CREATE TABLE public.should_not_exist (id integer)")
