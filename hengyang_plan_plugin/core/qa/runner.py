"""One QA run: open the plan read-only, read each layer once, run every rule family, collect one report."""

from __future__ import annotations

import datetime as _dt
import time
from collections import Counter

from ..crs import spatial_reference
from ..feedback import ReviewFeedback, stop_if_cancelled
from ..plan.registry import open_plan
from ..plan_schema import LAYERS
from .figures import control_line_figures
from .geometry import geometry_findings
from .history import record_check
from .layer_data import LayerData, read_ogr_layer, read_postgis_layer
from .model import Finding, QaReport
from .structure import crs_findings, field_findings, missing_layers, plan_crs
from .topology import JOBS, Job, Namer, ShapelyEngine, findings, job_layers
from .values import area_findings, bsm_findings, domain_findings

MAX_LISTED = 500  # findings of one rule in one layer listed one by one; the rest become one summary


def run_plan_qa(plan, feedback: ReviewFeedback | None = None, plugin_version: str = "") -> QaReport:
    """QA of a plan (path, PG: string, PlanLocation or backend; None = the sample). PlanSourceError if unusable."""
    started = time.perf_counter()
    backend = open_plan(plan)
    location = backend.location
    report = QaReport(
        location.source,
        location.kind,
        None,
        location.is_sample,
        generated_at=_dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        plugin_version=plugin_version,
    )
    report.findings += missing_layers(location.missing)
    order = [spec.name for spec in LAYERS if spec.name in location.layers]
    handle = None
    try:
        if location.kind == "postgres":
            from ..plan.postgis_backend import PostgisLayer
            from ..plan.postgis_catalog import connect

            handle = connect(location.connection)  # read-only session
            cursor = handle.cursor()
            tables = {name: PostgisLayer(location.layers[name], cursor) for name in order}
            read = lambda name: read_postgis_layer(tables[name], cursor)  # noqa: E731
        else:
            read = lambda name: read_ogr_layer(location.layers[name])  # noqa: E731
        layers: dict[str, LayerData] = {}
        for step, name in enumerate(order):
            stop_if_cancelled(feedback)
            layers[name] = read(name)
            report.checked_layers[name] = len(layers[name])
            _progress(feedback, 30 * (step + 1) / len(order))

        plan_key = plan_crs(layers)
        report.crs = plan_key
        found, excluded = crs_findings(layers, plan_key)
        report.findings += found
        projected = plan_key is not None and bool(spatial_reference(plan_key).IsProjected())
        for name in order:
            stop_if_cancelled(feedback)
            data = layers[name]
            report.findings += field_findings(data)
            report.findings += domain_findings(data)
            report.findings += bsm_findings(data)
            comparable = projected and name not in excluded
            report.findings += area_findings(data, comparable)
            report.findings += geometry_findings(data)
        _progress(feedback, 45)

        if handle is not None:
            from .topology_sql import SqlEngine

            engine = SqlEngine(cursor, tables)
        else:
            engine = ShapelyEngine(layers)
        namer = Namer(layers)
        for step, job in enumerate(JOBS):
            stop_if_cancelled(feedback)
            reason = _cannot_run(job, layers, excluded)
            if reason:
                report.notes.append(reason)
            else:
                report.findings += findings(job, engine.run(job), namer)
            _progress(feedback, 45 + 40 * (step + 1) / len(JOBS))

        stop_if_cancelled(feedback)
        if not excluded & {"YJJBNT", "STBHHX", "CZKFBJ", "XZQ"}:
            report.figures, notes = control_line_figures(backend, layers)
            report.notes += notes
        else:
            report.notes.append("控制线或行政区图层坐标系不一致，未统计控制线面积")
    finally:
        if handle is not None:
            handle.close()
        backend.release_handles()
    report.findings = _capped(report.findings)
    report.seconds = time.perf_counter() - started
    # For the review report's footer: this plan version was checked, with this many 错误.
    record_check(backend.sha256(), location.source, report.generated_at, report.error_count, report.warning_count)
    _progress(feedback, 100)
    return report


def _progress(feedback: ReviewFeedback | None, percent: float) -> None:
    if feedback is not None:
        feedback.setProgress(percent)


def _cannot_run(job: Job, layers: dict[str, LayerData], excluded: set[str]) -> str | None:
    """Why a topology job cannot run (a layer missing, in another CRS, or without the field it selects on)."""
    from .rules import rule

    what = f"未检查“{rule(job.rule_id).title}”（{job.rule_id}，{job.subject.layer}）"
    for selection in job_layers(job):
        data = layers.get(selection.layer)
        if data is None or not data.has_geometry:
            return f"缺少图层 {selection.layer}，{what}"
        if selection.layer in excluded:
            return f"{selection.layer} 的坐标系与全库不一致，{what}"
        if selection.field is not None and data.field_name(selection.field) is None:
            return f"{selection.layer} 缺少字段 {selection.field}，{what}"
    return None


def _capped(found: list[Finding]) -> list[Finding]:
    """At most MAX_LISTED findings per rule and layer; the rest summed up in one finding without a place."""
    seen: Counter = Counter()
    kept, rest = [], Counter()
    for finding in found:
        key = (finding.rule_id, finding.layer)
        seen[key] += 1
        if seen[key] <= MAX_LISTED:
            kept.append(finding)
        else:
            rest[key] += finding.count
    for (rule_id, layer), count in rest.items():
        kept.append(Finding(rule_id, layer, f"{layer} 另有 {count} 处同类问题未逐一列出", count=count))
    return kept
