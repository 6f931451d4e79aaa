"""PG: plan strings: parsing, quoting, and passwords that never show (no server needed)."""

from __future__ import annotations

import pytest

from hengyang_plan_plugin.core.plan import pg_connection
from hengyang_plan_plugin.core.plan.model import PlanSourceError
from hengyang_plan_plugin.core.plan.pg_connection import (
    PgConnection,
    is_pg_source,
    parse_pg_source,
    quote_value,
)
from hengyang_plan_plugin.core.plan.registry import resolve_plan


def test_service_and_schemas():
    connection = parse_pg_source("PG:service=bureau schemas=hengyang,public")
    assert connection.service == "bureau" and connection.schema == "hengyang"
    assert connection.libpq_arguments() == {"service": "bureau", "connect_timeout": "10"}


def test_host_form_with_active_schema_and_password_kept_out_of_sight():
    connection = parse_pg_source(
        "pg:host=db.example port=5433 dbname=plan user=reviewer password=s3cret active_schema=一张图"
    )
    assert (connection.host, connection.port, connection.dbname, connection.user) == (
        "db.example",
        "5433",
        "plan",
        "reviewer",
    )
    assert connection.schema == "一张图"
    assert connection.libpq_arguments()["password"] == "s3cret"
    assert "s3cret" not in connection.display() and "s3cret" not in repr(connection)
    assert connection.display() == "PG:host=db.example port=5433 dbname=plan user=reviewer schemas=一张图"


def test_quoted_values_with_spaces_quotes_and_backslashes_round_trip():
    schema = 'Plan "2035"; it\'s \\ here'
    text = f"PG:dbname=plan schemas={quote_value(schema)}"
    assert parse_pg_source(text).schema == schema
    assert parse_pg_source(parse_pg_source(text).display()).schema == schema
    assert parse_pg_source("PG:dbname='my db' user = 'a b'").dbname == "my db"


@pytest.mark.parametrize(
    "text, problem",
    [
        ("PG:schemas=x", "service="),
        ("PG:dbname='unclosed", "引号未闭合"),
        ("PG:dbname=x bogus=1", "不支持的参数"),
        ("PG:dbname", "缺少"),
    ],
)
def test_malformed_strings_are_refused_with_the_reason(text, problem):
    with pytest.raises(PlanSourceError, match=problem):
        resolve_plan(text)


@pytest.mark.parametrize(
    "text",
    [
        "PG:host=h dbname=d password=top secret-tail schemas=s",  # unquoted space: the tail has no "="
        "PG:host=h dbname=d password=top secret-tail=x schemas=s",  # the tail looks like a parameter
        "PG:host=h dbname=d password top-secret-tail",  # the "=" forgotten
    ],
)
def test_a_malformed_password_is_never_echoed(text):
    with pytest.raises(PlanSourceError) as refused:
        resolve_plan(text)
    assert "secret" not in str(refused.value) and "top" not in str(refused.value)
    assert "单引号" in str(refused.value)


def test_authcfg_outside_qgis_says_how_to_give_credentials():
    connection = parse_pg_source("PG:host=h dbname=d authcfg=abc1234 schemas=s")
    assert connection.authcfg == "abc1234" and "authcfg=abc1234" in connection.display()
    previous = pg_connection._authcfg_resolver
    pg_connection.set_authcfg_resolver(None)
    try:
        with pytest.raises(ValueError, match="QGIS 认证管理器"):
            connection.with_credentials()
        pg_connection.set_authcfg_resolver(lambda cfg: ("from-" + cfg, "pw"))
        resolved = connection.with_credentials()
        assert (resolved.user, resolved.password) == ("from-abc1234", "pw")
        assert "pw" not in resolved.display().replace("port", "")
    finally:
        pg_connection.set_authcfg_resolver(previous)


def test_is_pg_source():
    assert is_pg_source(" PG:dbname=x") and not is_pg_source("/data/PG:x.gpkg")
    assert PgConnection(dbname="x").schema == "public"
