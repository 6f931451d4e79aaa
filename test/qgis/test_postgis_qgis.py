"""The PostGIS plan in QGIS: layers through the ``postgres`` provider, styled; ``authcfg`` credentials."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
from qgis.core import QgsProject

from hengyang_plan_plugin.core.plan.registry import close_plans
from hengyang_plan_plugin.core.plan_schema import LAYERS
from hengyang_plan_plugin.qgis_adapters.plan_loader import (
    find_plan_layer,
    load_plan,
    plan_layers,
    unload_plan,
)
from test.postgis_support import REPO_ROOT, drop_schema, load_into, test_dsn, unique_schema

pytestmark = pytest.mark.postgis


@pytest.fixture(scope="module")
def sample_pg(sample_plan_path):
    schema = unique_schema("qgis")
    source = load_into(sample_plan_path, schema)
    yield source
    close_plans()
    drop_schema(schema)


@pytest.fixture
def project(qgis_new_project) -> QgsProject:
    yield QgsProject.instance()
    unload_plan(QgsProject.instance())


def test_the_plan_loads_from_postgis_styled_like_the_geopackage(
    project, qgis_canvas, sample_pg, sample_plan_path
):
    gpkg_report = load_plan(str(sample_plan_path), project, qgis_canvas)
    gpkg_counts = {name: find_plan_layer(project, name).featureCount() for name in gpkg_report.loaded}
    gpkg_renderers = {
        name: find_plan_layer(project, name).renderer().type()
        for name in gpkg_report.loaded
        if find_plan_layer(project, name).isSpatial()
    }

    report = load_plan(sample_pg, project, qgis_canvas)
    assert report.ok, report.messages()
    assert report.loaded == gpkg_report.loaded and len(report.loaded) == len(LAYERS)  # the 17 and the DLTB
    assert report.source.startswith("PG:") and "password" not in report.source
    for layer in plan_layers(project):
        assert layer.providerType() == "postgres" and layer.isValid() and layer.readOnly()
    for name in report.loaded:
        layer = find_plan_layer(project, name)
        assert layer.featureCount() == gpkg_counts[name], name
        if layer.isSpatial():
            assert layer.crs().authid() == "EPSG:4526"
            assert layer.renderer().type() == gpkg_renderers[name], name
    assert report.zoomed


AUTHCFG_SCRIPT = textwrap.dedent(
    """
    import json, sys
    from qgis.core import QgsApplication, QgsAuthMethodConfig
    app = QgsApplication([], False)
    app.initQgis()
    manager = QgsApplication.authManager()
    assert manager.setMasterPassword("master-for-test", True)
    config = QgsAuthMethodConfig("Basic")
    config.setName("hengyang test")
    config.setConfig("username", sys.argv[2])
    config.setConfig("password", sys.argv[3])
    assert manager.storeAuthenticationConfig(config)[0]
    authcfg = config.id()
    import hengyang_plan_plugin.qgis_adapters  # registers the authcfg resolver
    from hengyang_plan_plugin import api
    from hengyang_plan_plugin.core.plan.model import PlanSourceError
    from hengyang_plan_plugin.qgis_adapters.plan_loader import postgres_uri
    from hengyang_plan_plugin.core.plan.registry import resolve_plan
    source = sys.argv[1].replace("AUTHCFG", authcfg)
    out = {}
    try:
        result = api.review(sys.argv[4], plan=source).to_dict()
        out["verdict"] = result["verdict"]
        out["plan_source"] = result["plan"]["source"]
        location = resolve_plan(source)
        out["uri"] = postgres_uri(location.connection, location.layers["YJJBNT"])
    except PlanSourceError as error:
        out["error"] = str(error)
    print("RESULT " + json.dumps(out, ensure_ascii=False))
    from hengyang_plan_plugin.core.plan.registry import close_plans
    close_plans()
    app.exitQgis()
    """
)


def run_with_authcfg(tmp_path, source: str, user: str, password: str) -> dict:
    """A fresh QGIS with its own authentication database holding one Basic configuration."""
    script = tmp_path / "authcfg_review.py"
    script.write_text(AUTHCFG_SCRIPT, encoding="utf-8")
    auth_dir = tmp_path / "auth"
    auth_dir.mkdir(exist_ok=True)
    env = dict(
        os.environ,
        QGIS_AUTH_DB_DIR_PATH=str(auth_dir),
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=str(REPO_ROOT),
    )
    submission = REPO_ROOT / "resources" / "samples" / "sample_submission.txt"
    completed = subprocess.run(
        [sys.executable, str(script), source, user, password, str(submission)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    lines = [line for line in completed.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, completed.stdout + completed.stderr
    return json.loads(lines[-1][len("RESULT ") :])


def test_credentials_from_the_qgis_authentication_manager(tmp_path, sample_pg):
    dsn = dict(pair.split("=", 1) for pair in test_dsn().split())
    schema = sample_pg.rsplit("schemas=", 1)[1]
    source = (
        f"PG:host={dsn['host']} port={dsn['port']} dbname={dsn['dbname']} authcfg=AUTHCFG schemas={schema}"
    )
    good = run_with_authcfg(tmp_path, source, dsn["user"], dsn["password"])
    assert good.get("verdict") == "fail", good
    assert "authcfg=" in good["plan_source"] and dsn["password"] not in good["plan_source"]
    assert "authcfg=" in good["uri"] and dsn["password"] not in good["uri"]  # the layer URI names the config

    (tmp_path / "bad").mkdir()
    bad = run_with_authcfg(tmp_path / "bad", source, dsn["user"], "wrong-password")
    assert "认证失败" in bad.get("error", ""), bad
    assert "wrong-password" not in bad["error"]


def test_options_page_builds_a_password_free_pg_source(qgis_iface):
    from hengyang_plan_plugin.gui.options_page import HengyangOptionsPage, pg_source_from_uri

    uri = "dbname='一张图' host=10.1.2.3 port=5433 user='reviewer' password='secret' sslmode=disable"
    source = pg_source_from_uri(uri, "plan 2035", "")
    assert source == "PG:host=10.1.2.3 port=5433 dbname=一张图 user=reviewer schemas='plan 2035'"
    with_auth = pg_source_from_uri(uri, "hengyang", "abc1234")
    assert with_auth == "PG:host=10.1.2.3 port=5433 dbname=一张图 authcfg=abc1234 schemas=hengyang"
    assert pg_source_from_uri("service='bureau'", "") == "PG:service=bureau schemas=public"

    page = HengyangOptionsPage()
    typed = "PG:host=db.example dbname=plan authcfg=abc1234 schemas='Plan \"2035\"'"
    page._show_pg_source(typed)  # not a saved connection: stays as typed
    assert page.pg_schema.text() == 'Plan "2035"'
    assert page.plan_source_text() == typed
    assert page.findChild(type(page.pg_auth), "pgAuthConfigOption") is page.pg_auth
