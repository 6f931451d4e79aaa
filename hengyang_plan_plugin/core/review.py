"""The review engine: one submission against one opened plan, every check, one result.

Pure Python on shapely and OGR. Entry points do not call this directly: they
go through ``core/pipeline.py``, which reads the submission, opens the plan,
hashes it, calls ``review_submission`` and logs the review.
"""

from __future__ import annotations

import datetime as _dt
import sys

import shapely
from osgeo import gdal

from ..paths import plugin_version
from .checks import CHECKS, CheckSpec
from .context import WHOLE_SITE, PreparedParcel, ReviewContext, ReviewSite
from .coordinate_hints import coordinate_hint
from .crs import CrsError, lonlat_centre, spatial_reference, srs_key, transform_geometry, working_crs_key
from .feedback import ReviewFeedback, stop_if_cancelled
from .geometry_repair import repair_polygonal
from .land_use_codes import lookup
from .overlay import EMPTY, polygonal
from .parcel_overlaps import overlap_notes
from .plan.common import plan_crs_definition
from .plan.model import PlanBackend
from .plan_schema import LAYER_BY_NAME
from .report.presentation import status_label
from .result import (
    CONFLICT,
    NOT_RUN,
    PASS,
    WARNING,
    CheckOutcome,
    CheckResult,
    ParcelSummary,
    ReviewResult,
    parcel_verdicts,
    worst_status,
)
from .rules import check_basis, check_title
from .settings import DEFAULT_SETTINGS, ReviewSettings
from .submission_crs import old_datum, old_datum_message
from .submission_model import Submission, SubmissionError


class ReviewInputError(SubmissionError):
    """The submission cannot be reviewed at all (no CRS, outside the plan, nothing usable)."""


def normalise_land_use(code: str | None) -> str | None:
    """A known 用地用海 code, or None; an unknown code is refused (not silently ignored)."""
    if code is None or not str(code).strip():
        return None
    code = str(code).strip()
    if lookup(code) is None or not code.isdigit() or len(code) % 2:
        raise ReviewInputError(f"未知的用地用海代码: {code}（应为《用地用海分类指南》代码，如 07、0701）")
    return code


def _repair(parcel, source_is_projected: bool) -> tuple[object, list[str], str | None, float | None]:
    """Polygonal, valid geometry in the submission CRS, with what was done to it."""
    geometry, notes = parcel.geometry, []
    if geometry is None or geometry.is_empty:
        return None, notes, "地块几何为空", None
    if geometry.has_z:
        geometry = shapely.force_2d(geometry)
    if not geometry.is_valid:
        reason = shapely.is_valid_reason(geometry)
        geometry = repair_polygonal(geometry)
        notes.append(f"几何无效（{reason}），已自动修复（外环修复后扣除内环），请核对界址点")
    else:
        kept = polygonal(geometry)
        if kept.is_empty or kept.area == 0:
            return None, notes, "地块不是面或面积为0", None
        geometry = kept
    if geometry.is_empty or geometry.area == 0:
        return None, notes, "地块几何无效且修复后面积为0（如所有界址点共线），无法审查", None
    return geometry, notes, None, (float(geometry.area) if source_is_projected else None)


def _parcel_land_use(code: str | None, notes: list[str]) -> str | None:
    """A parcel's own 地类编码 when it is a 用地用海 code; otherwise reviewed as undeclared, with a note.

    Unlike the ``land_use`` argument (refused when unknown), a file's code may
    be an older classification (e.g. 三调 codes): the review still runs.
    """
    try:
        return normalise_land_use(code)
    except ReviewInputError:
        notes.append(f"地类编码“{code}”不是用地用海分类代码，按未申报用途审查")
        return None


def prepare_parcels(submission: Submission, land_use: str | None):
    if not submission.crs:
        raise ReviewInputError(
            "用地红线没有坐标系定义，无法与规划叠加（请在文件中注明坐标系/带号，或指定坐标系）",
            submission.source,
        )
    try:
        source_srs = spatial_reference(submission.crs)
    except CrsError as error:
        raise ReviewInputError(str(error), submission.source) from error
    datum = old_datum(source_srs)  # whichever reader or layer the submission came from
    if datum is not None:
        raise ReviewInputError(old_datum_message(datum, source_srs.GetName() or submission.crs), submission.source)
    source_key = srs_key(source_srs)
    if not submission.parcels:
        raise ReviewInputError("用地红线中没有地块", submission.source)
    prepared, seen = [], set()
    for index, parcel in enumerate(submission.parcels, start=1):
        parcel_id = str(parcel.id or index)
        if parcel_id in seen:  # ids key per-parcel results, so they must be unique
            parcel_id = f"{parcel_id}#{index}"
        seen.add(parcel_id)
        geometry, notes, problem, source_area = _repair(parcel, bool(source_srs.IsProjected()))
        parcel_use = land_use or _parcel_land_use(parcel.land_use, notes)
        prepared.append(
            (
                PreparedParcel(
                    parcel_id,
                    parcel.name,
                    None,
                    parcel_use,
                    parcel.declared_area_m2,
                    source_area,
                    notes,
                    problem,
                ),
                geometry,
            )
        )
    return source_key, prepared


def review_submission(
    submission: Submission,
    plan: PlanBackend,
    land_use: str | None = None,
    settings: ReviewSettings | None = None,
    feedback: ReviewFeedback | None = None,
) -> ReviewResult:
    """Review a submission against an opened plan; raises ReviewInputError for unusable input.

    ``feedback`` (core/feedback.py) gets the progress after each check and is
    asked before each check whether to stop (``ReviewCancelled``).
    """
    try:
        return _review(submission, plan, land_use, settings, feedback)
    finally:
        plan.release_handles()


def _progress(feedback: ReviewFeedback | None, percent: float) -> None:
    if feedback is not None:
        feedback.setProgress(percent)


def _review(submission, plan, land_use, settings, feedback) -> ReviewResult:
    settings = settings or DEFAULT_SETTINGS
    stop_if_cancelled(feedback)
    land_use = normalise_land_use(land_use)
    source_key, prepared = prepare_parcels(submission, land_use)
    usable = [(parcel, geometry) for parcel, geometry in prepared if geometry is not None]
    if not usable:
        problems = "；".join(f"地块 {p.id}：{p.problem}" for p, _ in prepared)
        raise ReviewInputError(f"用地红线没有可审查的面几何（{problems}）", submission.source)

    site_source = shapely.union_all([geometry for _, geometry in usable])
    try:
        centre = lonlat_centre(site_source, source_key)
        working_key = working_crs_key(plan_crs_definition(plan), centre)
        for parcel, geometry in usable:
            # _repair made it valid; only a transformation can break that again (vertices moved by
            # rounding), and make_valid on a valid shape is still a full validity test.
            moved = transform_geometry(geometry, source_key, working_key)
            parcel.geometry = geometry if moved is geometry else polygonal(shapely.make_valid(moved))
    except CrsError as error:
        hint = coordinate_hint(site_source.bounds, source_key)
        detail = f"（PROJ: {error.detail}）" if error.detail else ""
        raise ReviewInputError(f"坐标无法转换到规划坐标系：{hint}{detail}", submission.source) from error
    untransformed = all(parcel.geometry is geometry for parcel, geometry in usable)
    # The union of 10,000 parcels costs a second: not twice when the parcels did not move.
    whole = polygonal(site_source if untransformed else shapely.union_all([parcel.geometry for parcel, _ in usable]))
    # after transformation, so the overlap is in the working CRS like every other area
    for index, note in overlap_notes(
        [parcel.id for parcel, _ in usable], [parcel.geometry for parcel, _ in usable], settings.sliver_area_m2
    ).items():
        usable[index][0].notes.append(note)
    _refuse_outside_plan(plan, whole, working_key, centre, settings, submission.source, (site_source, source_key))

    parcels = [parcel for parcel, _ in prepared]
    crs_label = submission.crs if len(submission.crs) < 64 else source_key  # not a page of WKT
    ctx = ReviewContext(plan, working_key, settings, whole, parcels, crs_label, list(submission.warnings))
    codes = {parcel.land_use for parcel in parcels if parcel.geometry is not None}
    site_land_use = land_use or (codes.pop() if len(codes) == 1 else None)
    mixed_land_use = land_use is None and len({parcel.land_use for parcel in parcels}) > 1

    whole_site = ReviewSite(WHOLE_SITE, whole, site_land_use)
    checks = []
    _progress(feedback, 5.0)
    for number, spec in enumerate(CHECKS, start=1):
        stop_if_cancelled(feedback)
        checks.append(_run_check(spec, ctx, whole_site, parcels, mixed_land_use))
        _progress(feedback, 5.0 + 95.0 * number / len(CHECKS))
    stop_if_cancelled(feedback)  # a cancel during the last check still cancels
    verdicts = parcel_verdicts(checks)
    summaries = [
        ParcelSummary(p.id, p.name, p.area_m2, p.declared_area_m2, p.land_use, verdicts[p.id]) for p in parcels
    ]
    return ReviewResult(
        submission_name=submission.name,
        submission_source=submission.source,
        submission_crs=crs_label,
        submission_sha256=submission.sha256,
        site_area_m2=float(whole.area),
        parcels=summaries,
        plan_source=plan.source,
        plan_is_sample=plan.location.is_sample,
        working_crs=working_key,
        land_use=site_land_use,
        checks=checks,
        generated_at=_dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        plugin_version=plugin_version(),
        gdal_version=gdal.__version__,
        tolerances=settings.to_dict(),
        qgis_version=_running_qgis_version(),
        warnings=list(submission.warnings),
        parcel_geometries=[(p.id, p.geometry) for p in parcels if p.geometry is not None],
    )


def _refuse_outside_plan(plan, whole, working_key, centre, settings, source, as_submitted) -> None:
    """``as_submitted``: (site geometry, its CRS) as the file gave them, for the hint on what is wrong."""
    extent = plan.extent(working_key)
    if extent is None:
        return
    margin = settings.plan_extent_margin_m
    minx, miny, maxx, maxy = whole.bounds
    if (
        maxx < extent[0] - margin
        or minx > extent[2] + margin
        or maxy < extent[1] - margin
        or miny > extent[3] + margin
    ):
        hint = coordinate_hint(as_submitted[0].bounds, as_submitted[1])
        raise ReviewInputError(
            f"坐标不在规划范围内：{hint}（用地中心约 东经{centre[0]:.4f}° 北纬{centre[1]:.4f}°，"
            f"规划范围 {working_key} 东坐标 {extent[0]:.0f}–{extent[2]:.0f}、"
            f"北坐标 {extent[1]:.0f}–{extent[3]:.0f}）",
            source,
        )


def _not_run(spec: CheckSpec, ctx: ReviewContext) -> CheckOutcome | None:
    if not spec.layers:
        return None
    present = [layer for layer in spec.layers if ctx.has_layer(layer)]
    if present if spec.any_layer else len(present) == len(spec.layers):
        return None
    absent = [layer for layer in spec.layers if not ctx.has_layer(layer)]
    missing = "、".join(absent)
    if all(layer in LAYER_BY_NAME and LAYER_BY_NAME[layer].optional for layer in absent):
        # An optional layer (DLTB) the plan does not carry: the review stands as without the check.
        reason = f"规划数据未包含图层 {missing}（可选）"
        return CheckOutcome(NOT_RUN, f"{reason}，本项未审查", basis=check_basis(spec.id), reason=reason)
    reason = f"规划数据缺少图层 {missing}"
    return CheckOutcome(
        NOT_RUN,
        f"{reason}，本项未审查，需人工复核",
        basis=check_basis(spec.id),
        reason=reason,
        blocks_pass=True,
    )


def _run_check(
    spec: CheckSpec, ctx: ReviewContext, whole: ReviewSite, parcels, mixed_land_use: bool
) -> CheckResult:
    ctx.layers_read.clear()
    result = _run_one_check(spec, ctx, whole, parcels, mixed_land_use)
    damaged = {layer: ctx.plan.unreadable_count(layer) for layer in sorted(ctx.layers_read)}  # counted once
    damaged = {layer: count for layer, count in damaged.items() if count}
    if damaged:
        _flag_unreadable(result, damaged)
    return result


def unreadable_message(damaged: dict[str, int]) -> str:
    layers = "；".join(
        f"规划图层{layer}中有{count}个要素的几何无法读取（空值或损坏）" for layer, count in damaged.items()
    )
    return f"{layers}，本项无法确认，请先修复规划数据"


def _flag_unreadable(result: CheckResult, damaged: dict[str, int]) -> None:
    """A check that read a damaged layer never passes: what it cannot read may lie under the site.

    A conflict or warning found in the readable features stands, with the note added.
    """
    note = unreadable_message(damaged)
    outcomes = {id(outcome): outcome for outcome in (result.site, *(o for _, o in result.parcels))}
    for outcome in outcomes.values():
        if outcome.status == NOT_RUN:
            continue
        if outcome.status == PASS:
            outcome.status, outcome.message = WARNING, note
        else:
            outcome.message = f"{outcome.message}；{note}"
        outcome.details = {**outcome.details, "unreadable_features": dict(damaged)}


def _run_one_check(
    spec: CheckSpec, ctx: ReviewContext, whole: ReviewSite, parcels, mixed_land_use: bool
) -> CheckResult:
    title = check_title(spec.id)
    missing = _not_run(spec, ctx)
    if missing is not None:
        return CheckResult(spec.id, title, missing, [(p.id, missing) for p in parcels])
    if _parcel_is_whole_site(spec, parcels, whole):
        # One parcel with the submission's use: its finding is the whole-site one.
        outcome = spec.run(ctx, whole)
        return CheckResult(spec.id, title, outcome, [(parcels[0].id, outcome)])
    per_parcel = []
    for parcel in parcels:
        if parcel.geometry is None:
            if spec.id == "geometry":
                per_parcel.append((parcel.id, spec.run(ctx, ReviewSite(parcel.id, EMPTY, None))))
            else:
                per_parcel.append(
                    (
                        parcel.id,
                        CheckOutcome(
                            NOT_RUN,
                            "地块几何不可用，未审查",
                            basis=check_basis(spec.id),
                            reason=parcel.problem,
                        ),
                    )
                )
            continue
        with ctx.focused_on(parcel.geometry):
            per_parcel.append((parcel.id, spec.run(ctx, ReviewSite(parcel.id, parcel.geometry, parcel.land_use))))
    site_outcome = spec.run(ctx, whole)
    if spec.uses_land_use and mixed_land_use:
        site_outcome = _merge_parcel_outcomes(spec.id, site_outcome, per_parcel, parcels)
    return CheckResult(spec.id, title, site_outcome, per_parcel)


def _parcel_is_whole_site(spec: CheckSpec, parcels, whole: ReviewSite) -> bool:
    # geometry words a parcel's finding differently from the submission's
    only = parcels[0] if len(parcels) == 1 else None
    return (
        spec.id != "geometry"
        and only is not None
        and only.geometry is not None
        and only.land_use == whole.land_use
    )


# Checks whose whole-site area itself depends on the proposed use (area in
# incompatible zones); the others measure geometry only.
_AREA_FROM_PARCELS = ("land_use",)


MESSAGE_PARCELS = 20  # parcels named in one check's whole-site message; the rest are counted


def _flag_words(flagged) -> str:
    statuses = [CONFLICT, WARNING]
    present = {outcome.status for _, outcome in flagged}
    return "或".join(status_label(status) for status in statuses if status in present)


def _merge_parcel_outcomes(check_id: str, site: CheckOutcome, per_parcel, parcels) -> CheckOutcome:
    """The whole-site finding when parcels propose different uses: the parcels' answers.

    Geometric areas stay those of the whole site (the union, nothing counted
    twice); status, message and conflict areas come from the parcels.
    """
    codes = {parcel.id: parcel.land_use or "未申报" for parcel in parcels}
    flagged = [(pid, outcome) for pid, outcome in per_parcel if outcome.status in (CONFLICT, WARNING)]
    sentences = [
        f"地块 {pid}（{codes[pid]}）{status_label(o.status)}：{o.message}" for pid, o in flagged[:MESSAGE_PARCELS]
    ]
    if len(flagged) > MESSAGE_PARCELS:  # a 10,000-parcel site must not make a 10,000-sentence message
        more = flagged[MESSAGE_PARCELS:]
        sentences.append(f"另有 {len(more)} 个地块本项{_flag_words(more)}，见分地块结果")
    geometries = [o.conflict_geometry for _, o in per_parcel if o.conflict_geometry is not None]
    site.status = worst_status(outcome.status for _, outcome in per_parcel)
    site.message = "各地块拟建用途不同，按地块审查：" + (
        "；".join(sentences) if sentences else "各地块均未发现问题"
    )
    site.conflict_geometry = polygonal(shapely.union_all(geometries)) if geometries else None
    site.blocks_pass = any(outcome.blocks_pass for _, outcome in per_parcel)
    site.reason = None
    if check_id in _AREA_FROM_PARCELS:
        site.overlap_area_m2 = (
            float(site.conflict_geometry.area) if site.conflict_geometry is not None else 0.0
        )
        site.features = [hit for _, outcome in per_parcel for hit in outcome.features]
        site.details = {"parcels": {pid: outcome.details for pid, outcome in per_parcel}}
    return site


def _running_qgis_version() -> str | None:
    # Only report QGIS when the review runs inside it; the core never imports qgis.
    qgis_core = sys.modules.get("qgis.core")
    qgis = getattr(qgis_core, "Qgis", None)
    return getattr(qgis, "QGIS_VERSION", None) if qgis is not None else None
