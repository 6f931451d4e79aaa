"""Where a plan lives → its opened backend, shared across reviews. The only module that knows both backends.

A file plan is opened once per file version (path, newest mtime, total size;
a changed file gets a new backend and the old one is closed). A PostGIS plan
is opened once per connection and schema; its data is read from the server at
every query, so there is no version to track.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from ...paths import SAMPLE_PLAN_PATH
from .file_location import resolve_file_plan
from .model import PlanBackend, PlanLocation
from .ogr_backend import OgrBackend
from .pg_connection import is_pg_source
from .postgis_backend import PostgisBackend
from .postgis_catalog import resolve_postgis_plan

BACKENDS = (OgrBackend, PostgisBackend)

_OPEN_PLANS: dict[tuple, PlanBackend] = {}
_OPEN_LOCK = threading.Lock()


def resolve_plan(plan: str | os.PathLike | None) -> PlanLocation:
    """Find the contract layers in a plan source (empty: the bundled sample); missing ones are listed."""
    if plan is None or str(plan).strip() == "":
        plan = SAMPLE_PLAN_PATH
    text = str(plan).strip()
    if is_pg_source(text):
        return resolve_postgis_plan(text)
    return resolve_file_plan(Path(text).expanduser())


def open_plan(plan: str | os.PathLike | PlanLocation | PlanBackend | None) -> PlanBackend:
    """The shared backend of a plan; an already opened backend is returned as it is."""
    if isinstance(plan, BACKENDS):
        return plan
    location = plan if isinstance(plan, PlanLocation) else resolve_plan(plan)
    postgres = location.kind == "postgres"
    key = ("postgres", location.source, location.connection) if postgres else _file_version(location)
    with _OPEN_LOCK:
        backend = _OPEN_PLANS.get(key)
        if backend is None:
            if location.kind == "postgres":
                backend = PostgisBackend(location)
            else:
                # A changed (or new) file: forget the backends of its older versions.
                for stale in [k for k in _OPEN_PLANS if k[0] == key[0]]:
                    _OPEN_PLANS.pop(stale).close()
                backend = OgrBackend(location)
            _OPEN_PLANS[key] = backend
        return backend


def _file_version(location: PlanLocation) -> tuple[str, float, int]:
    """What identifies one version of a file plan: its path, newest mtime and total size."""
    path = Path(location.source)
    try:
        files = [path] if path.is_file() else [p for p in path.iterdir() if p.is_file()]
        stats = [file.stat() for file in files]
        return (
            str(path.resolve()),
            max((st.st_mtime for st in stats), default=0.0),
            sum(st.st_size for st in stats),
        )
    except OSError:
        return location.source, 0.0, 0


def close_plans() -> None:
    """Forget every cached plan backend (tests, or after the plan file changed)."""
    with _OPEN_LOCK:
        for backend in _OPEN_PLANS.values():
            backend.close()
        _OPEN_PLANS.clear()
