"""The benchmark's PostGIS figures (called by bench.py when a server is reachable).

- postgis_cold_ms: resolve the PG: source, connect and review the cold site,
  no plan handle open before (the schema already loaded: ``make postgis-load
  BENCH=1``, or loaded here first, outside the timing);
- postgis_warm_ms: median review time over the warm sites with the PostGIS
  plan handle open (one connection, overlays run by the server).

The cold site's check areas are compared with the GeoPackage review (0.01 %).
Where the server is: ``HENGYANG_PG`` (a PG: string; ``make bench`` sets it
for the throwaway cluster), schema ``hengyang_bench_<scale>``.
"""

from __future__ import annotations

import math
import os
import statistics
import time

DEFAULT_PG = "PG:host=127.0.0.1 port=55432 dbname=hengyang user=hengyang password=hengyang-test"
SCHEMA = "hengyang_bench_{}"


def server_source(scale_name: str) -> str | None:
    """The PG: source of the benchmark schema, or None when no server answers."""
    import psycopg2

    from hengyang_plan_plugin.core.plan.pg_connection import parse_pg_source, quote_value

    base = os.environ.get("HENGYANG_PG", DEFAULT_PG)
    try:
        handle = psycopg2.connect(**{**parse_pg_source(base).libpq_arguments(), "connect_timeout": "3"})
    except psycopg2.OperationalError:
        return None
    handle.close()
    return f"{base} schemas={quote_value(SCHEMA.format(scale_name))}"


def _ms_since(started: float) -> float:
    return (time.perf_counter() - started) * 1000.0


def measure_postgis(engine, data, figures, log=print) -> None:
    """Adds postgis_cold_ms / postgis_warm_ms (and notes) to figures, or a note why not."""
    scale_name = data.manifest["scale"]["name"]
    source = server_source(scale_name)
    if source is None:
        figures.notes["postgis_cold_ms"] = "no PostGIS server reachable (make postgis-start)"
        return
    import postgis_load

    started = time.perf_counter()
    loaded = postgis_load.load_plan(data.plan, source, SCHEMA.format(scale_name), force=False)
    if loaded is not None:
        log(f"bench: loaded the plan into PostGIS in {_ms_since(started) / 1000:.1f} s")

    cold_site = data.by_role("cold")[0]
    engine.forget_plans()
    started = time.perf_counter()
    pg_result = engine.review(cold_site, source)
    figures.values["postgis_cold_ms"] = _ms_since(started)
    gpkg_result = engine.review(cold_site, str(data.plan))
    worst = _worst_relative_difference(gpkg_result.to_dict(), pg_result.to_dict())
    figures.notes["postgis_cold_ms"] = (
        f"connect, resolve tables, review the cold site; check areas vs GeoPackage: max rel diff {worst:.1e}"
    )

    plan = engine.open_plan(source)
    times = []
    for site in data.by_role("warm"):  # the same sites as warm_ms
        started = time.perf_counter()
        engine.review(site, plan)
        times.append(_ms_since(started))
    figures.values["postgis_warm_ms"] = statistics.median(times)
    figures.notes["postgis_warm_ms"] = (
        f"median of {len(times)} warm sites, connection open, overlay in the database "
        f"({plan.server_overlays} server-side overlays in all; max {max(times):.0f} ms)"
    )


def _worst_relative_difference(gpkg: dict, pg: dict) -> float:
    worst = 0.0
    for a, b in zip(gpkg["checks"], pg["checks"]):
        if a["status"] != b["status"]:
            return math.inf
        x, y = a.get("overlap_area_m2", 0.0), b.get("overlap_area_m2", 0.0)
        if max(abs(x), abs(y)) > 0.01:
            worst = max(worst, abs(x - y) / max(abs(x), abs(y)))
    return worst
