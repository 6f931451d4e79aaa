"""The throwaway PostGIS server for the tests marked ``postgis`` (started by ``make test``).

Where it is: ``HENGYANG_TEST_PG`` (a libpq conninfo string), else the cluster
``scripts/postgis_server.sh`` runs on 127.0.0.1:55432. A test that needs it
fails, naming how to start it; it is never skipped.
"""

from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path

import pytest

from hengyang_plan_plugin.core.plan.pg_connection import parse_pg_source, quote_value

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TEST_DSN = "host=127.0.0.1 port=55432 dbname=hengyang user=hengyang password=hengyang-test"

if str(REPO_ROOT / "scripts") not in sys.path:
    sys.path.insert(0, str(REPO_ROOT / "scripts"))


def test_dsn() -> str:
    return os.environ.get("HENGYANG_TEST_PG", DEFAULT_TEST_DSN)


test_dsn.__test__ = False  # a helper, not a test


def pg_source(schema: str, dsn: str | None = None) -> str:
    """The PG: plan string for ``schema`` on the test server."""
    return f"PG:{dsn or test_dsn()} schemas={quote_value(schema)}"


def admin_connection():
    """A psycopg2 connection to the test server; fails the test clearly when it is not running."""
    import psycopg2

    connection = parse_pg_source(f"PG:{test_dsn()}")
    try:
        handle = psycopg2.connect(**connection.libpq_arguments())
    except psycopg2.OperationalError as error:
        pytest.fail(
            f"the PostGIS test server is not reachable ({connection.server_label()}): {error}\n"
            "`make test` starts it; by hand: scripts/postgis_server.sh start",
            pytrace=False,
        )
    handle.autocommit = True
    return handle


def unique_schema(prefix: str = "t") -> str:
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


def load_into(gpkg: Path, schema: str, layer_names: dict[str, str] | None = None) -> str:
    """Load a plan GeoPackage into ``schema`` (replaced) with the project's loader; the PG: source."""
    admin_connection().close()  # fail clearly first when there is no server
    import postgis_load

    postgis_load.load_plan(gpkg, pg_source(schema), schema, layer_names=layer_names)
    return pg_source(schema)


def drop_schema(schema: str) -> None:
    from psycopg2 import sql

    handle = admin_connection()
    try:
        with handle.cursor() as cursor:
            cursor.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
    finally:
        handle.close()
