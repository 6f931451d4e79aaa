"""GDAL-style ``PG:`` plan sources: parsing, credentials, and a password-free display form.

``PG:service=hengyang schemas=plan`` or ``PG:host=… port=… dbname=… user=…
[password=…] [authcfg=…] schemas=…``. Values follow libpq's conninfo syntax:
bare words, or single-quoted with ``\\'`` and ``\\\\`` escapes (so a schema
may hold spaces or quotes). ``authcfg`` names a QGIS authentication
configuration; the QGIS adapter registers a resolver that turns it into a user
and password in memory (the core stays Qt-free). Passwords are never part of
``display()``, ``repr`` or anything logged or written.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

PG_PREFIX = "PG:"
DEFAULT_SCHEMA = "public"

# Keys passed on to libpq as they are; the others are ours (schema, authcfg).
LIBPQ_KEYS = (
    "service",
    "host",
    "hostaddr",
    "port",
    "dbname",
    "user",
    "password",
    "sslmode",
    "connect_timeout",
)
SCHEMA_KEYS = ("schemas", "active_schema", "schema")
# GDAL PG-driver options that do not matter here but are legal in a PG: string.
IGNORED_KEYS = ("tables", "list_all_tables", "application_name")

AuthcfgResolver = Callable[[str], tuple[str, str]]  # authcfg id → (user, password)
_authcfg_resolver: AuthcfgResolver | None = None


def set_authcfg_resolver(resolver: AuthcfgResolver | None) -> None:
    """Called by the QGIS adapter: how an ``authcfg=`` id becomes a user and password."""
    global _authcfg_resolver
    _authcfg_resolver = resolver


def is_pg_source(text: str) -> bool:
    return text.strip().upper().startswith(PG_PREFIX)


@dataclass(frozen=True)
class PgConnection:
    service: str | None = None
    host: str | None = None
    port: str | None = None
    dbname: str | None = None
    user: str | None = None
    password: str | None = dataclasses.field(default=None, repr=False)
    sslmode: str | None = None
    connect_timeout: str | None = None
    hostaddr: str | None = None
    authcfg: str | None = None
    schema: str = DEFAULT_SCHEMA

    def libpq_arguments(self) -> dict[str, str]:
        """Keyword arguments for psycopg2.connect (it quotes them for libpq)."""
        arguments = {key: getattr(self, key) for key in LIBPQ_KEYS if getattr(self, key)}
        arguments.setdefault("connect_timeout", "10")
        return arguments

    def with_credentials(self) -> PgConnection:
        """A copy whose user/password come from the QGIS authentication manager when authcfg is set."""
        if not self.authcfg or self.password:
            return self
        if _authcfg_resolver is None:
            raise ValueError(
                f"认证配置 authcfg={self.authcfg} 只能在 QGIS 中解析（QGIS 认证管理器），"
                "在 QGIS 之外请使用 pg_service.conf 或 .pgpass"
            )
        user, password = _authcfg_resolver(self.authcfg)
        return dataclasses.replace(self, user=user or self.user, password=password or None)

    def display(self) -> str:
        """The source as a PG: string without any password (for results, logs and messages)."""
        parts = [
            f"{key}={quote_value(str(getattr(self, key)))}"
            for key in ("service", "host", "hostaddr", "port", "dbname", "user", "sslmode", "authcfg")
            if getattr(self, key)
        ]
        parts.append(f"schemas={quote_value(self.schema)}")
        return PG_PREFIX + " ".join(parts)

    def server_label(self) -> str:
        """Where the database is, for messages: service or host:port/dbname."""
        if self.service:
            return f"service={self.service}"
        return f"{self.host or 'localhost'}:{self.port or 5432}/{self.dbname or self.user or ''}"


def quote_value(value: str) -> str:
    """A conninfo value, quoted when it needs to be."""
    if value and not any(ch.isspace() or ch in "'\\" for ch in value):
        return value
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


QUOTE_HINT = "含空格的值请用单引号括起，如 password='a b'"


def _after(key: str | None) -> str:
    return f"（在参数 {key} 之后）" if key else "（在开头）"


def _tokens(text: str):
    """(key, value) pairs of a libpq conninfo string.

    Errors never quote the text: after an unquoted password with a space, the "text" is the rest
    of the password. They name the parameter before the problem instead.
    """
    position, length, previous = 0, len(text), None
    while True:
        while position < length and text[position].isspace():
            position += 1
        if position >= length:
            return
        equals = text.find("=", position)
        if equals < 0:
            raise ValueError(f"缺少“=”{_after(previous)}；{QUOTE_HINT}")
        key = text[position:equals].strip()
        if not key or any(ch.isspace() for ch in key):
            raise ValueError(f"参数名无效{_after(previous)}；{QUOTE_HINT}")
        position = equals + 1
        while position < length and text[position].isspace():
            position += 1
        value = []
        if position < length and text[position] == "'":
            position += 1
            while True:
                if position >= length:
                    raise ValueError(f"{key} 的引号未闭合")
                ch = text[position]
                if ch == "\\" and position + 1 < length:
                    value.append(text[position + 1])
                    position += 2
                elif ch == "'":
                    position += 1
                    break
                else:
                    value.append(ch)
                    position += 1
        else:
            while position < length and not text[position].isspace():
                if text[position] == "\\" and position + 1 < length:
                    position += 1
                value.append(text[position])
                position += 1
        previous = key.lower()
        yield previous, "".join(value)


def parse_pg_source(text: str) -> PgConnection:
    """A PgConnection from a ``PG:`` string; ValueError (without the password) when malformed."""
    text = text.strip()
    if not is_pg_source(text):
        raise ValueError("不是 PG: 连接串")
    values: dict[str, str] = {}
    schema, previous = None, None
    for key, value in _tokens(text[len(PG_PREFIX) :]):
        if key in SCHEMA_KEYS:
            # GDAL's schemas= is a list; the plan lives in the first one.
            schema = value.split(",")[0].strip() if key == "schemas" else value
        elif key in LIBPQ_KEYS or key == "authcfg":
            values[key] = value
        elif key not in IGNORED_KEYS:
            # Right after a password the "key" may be the password's tail: never shown then.
            named = f"（在参数 {previous} 之后）" if previous == "password" else f": {key}"
            raise ValueError(f"不支持的参数{named}；{QUOTE_HINT}")
        previous = key
    if not (values.get("service") or values.get("dbname") or values.get("host")):
        raise ValueError("需要 service= 或 dbname=/host=")
    return PgConnection(schema=schema or DEFAULT_SCHEMA, **values)
