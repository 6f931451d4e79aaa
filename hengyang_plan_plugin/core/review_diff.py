"""Resubmission diff: what changed between two reviews of one case (送审红线 v1 → v2).

Works on review.json dicts (``ReviewResult.to_dict()``, a logged review, or a
file), so any two reviews can be compared. A check is a *finding* when its
status is conflict or warning. Per check the diff says whether a finding was
resolved, is new, remains, or cannot be compared (the check did not run in the
new review), and which plan features were left, newly hit or still hit.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from . import output_files
from .feature_identity import feature_title
from .report.presentation import area_in_unit, area_text, format_m2, status_label, verdict_label
from .result import CONFLICT, PASS, WARNING, area_fields

DIFF_SCHEMA = "hengyang-plan-review-diff/1"
DIFF_JSON = "diff.json"
DIFF_HTML = "diff.html"

FINDINGS = (CONFLICT, WARNING)

RESOLVED = "resolved"
NEW = "new"
REMAINING = "remaining"
UNCHANGED = "unchanged"
NOT_COMPARABLE = "not_comparable"

CHANGE_LABELS = {
    RESOLVED: "已消除",
    NEW: "新增",
    REMAINING: "仍存在",
    UNCHANGED: "无问题",
    NOT_COMPARABLE: "无法比较",
}
# Row backgrounds of a change, in diff.html and the dock's diff tab.
CHANGE_COLOURS = {
    RESOLVED: "#e6f4e6",
    NEW: "#fbe3e3",
    REMAINING: "#fdf1dc",
}


def _change(old_status: str | None, new_status: str | None) -> str:
    old_finding, new_finding = old_status in FINDINGS, new_status in FINDINGS
    if old_finding and new_finding:
        return REMAINING
    if new_finding:
        return NEW
    if old_finding:
        return RESOLVED if new_status == PASS else NOT_COMPARABLE
    return UNCHANGED


def _feature_keys(check: dict[str, Any] | None) -> dict[tuple[str, int], dict[str, Any]]:
    if not check:
        return {}
    return {(str(f.get("layer")), int(f.get("fid"))): f for f in check.get("features") or [] if "fid" in f}


def _feature_entry(
    key: tuple[str, int], feature: dict[str, Any], other: dict[str, Any] | None = None
) -> dict[str, Any]:
    # Named as a person reads it (湘江 · 标识码 …), not "ZXCQCSLX#1": the fid means nothing to them.
    # ``other``: the same feature in the other version, whose attributes name it when these do not.
    attributes = feature.get("attributes") or (other or {}).get("attributes")
    return {"layer": key[0], "fid": key[1], "name": feature_title(key[0], attributes, key[1]),
            "overlap_area_m2": feature.get("overlap_area_m2", 0.0)}


def _check_diff(check_id: str, old: dict[str, Any] | None, new: dict[str, Any] | None) -> dict[str, Any]:
    old_status = old.get("status") if old else None
    new_status = new.get("status") if new else None
    old_area = float((old or {}).get("overlap_area_m2") or 0.0)
    new_area = float((new or {}).get("overlap_area_m2") or 0.0)
    change = _change(old_status, new_status)
    data: dict[str, Any] = {
        "id": check_id,
        "title": (new or old or {}).get("title") or check_id,
        "old_status": old_status,
        "new_status": new_status,
        "change": change,
        "change_label": CHANGE_LABELS[change],
        "old_overlap_area_m2": round(old_area, 2),
        "new_overlap_area_m2": round(new_area, 2),
        **area_fields("overlap_area_change", new_area - old_area),
    }
    # Features only matter where there is or was a finding.
    old_features = _feature_keys(old) if old_status in FINDINGS else {}
    new_features = _feature_keys(new) if new_status in FINDINGS else {}
    data["features_resolved"] = [
        _feature_entry(k, old_features[k]) for k in old_features if k not in new_features
    ]
    data["features_new"] = [_feature_entry(k, new_features[k]) for k in new_features if k not in old_features]
    data["features_remaining"] = [
        _feature_entry(k, new_features[k], old_features[k]) for k in new_features if k in old_features
    ]
    return data


def _version(result: dict[str, Any]) -> dict[str, Any]:
    submission = result.get("submission") or {}
    return {
        "name": submission.get("name"),
        "source": submission.get("source"),
        "sha256": submission.get("sha256"),
        "generated_at": result.get("generated_at"),
        "verdict": result.get("verdict"),
        "verdict_label": verdict_label(result.get("verdict")),
        "land_use": result.get("land_use"),
        "area_m2": float(submission.get("area_m2") or 0.0),
        "parcel_count": len(submission.get("parcels") or []),
    }


def diff_results(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """The diff of two review.json dicts, old (previous version) first."""
    old_checks = {c.get("id"): c for c in old.get("checks") or []}
    new_checks = {c.get("id"): c for c in new.get("checks") or []}
    order = list(new_checks) + [check_id for check_id in old_checks if check_id not in new_checks]
    checks = [_check_diff(check_id, old_checks.get(check_id), new_checks.get(check_id)) for check_id in order]
    old_version, new_version = _version(old), _version(new)
    by_change = {kind: [c["id"] for c in checks if c["change"] == kind] for kind in CHANGE_LABELS}
    notes = []
    if old_version["land_use"] != new_version["land_use"]:
        notes.append(
            f"拟用地性质由 {old_version['land_use'] or '未填写'} 改为 {new_version['land_use'] or '未填写'}"
        )
    if old_version["sha256"] and old_version["sha256"] == new_version["sha256"]:
        notes.append("两次送审文件相同（SHA-256 一致）")
    if (old.get("plan") or {}).get("sha256") != (new.get("plan") or {}).get("sha256"):
        notes.append("两次审查使用的规划数据不同，差异可能来自规划数据")
    return {
        "schema": DIFF_SCHEMA,
        "old": old_version,
        "new": new_version,
        "verdict_changed": old_version["verdict"] != new_version["verdict"],
        "site_area": {
            "old_m2": round(old_version["area_m2"], 2),
            "new_m2": round(new_version["area_m2"], 2),
            **area_fields("change", new_version["area_m2"] - old_version["area_m2"]),
        },
        "resolved": by_change[RESOLVED],
        "new_findings": by_change[NEW],
        "remaining": by_change[REMAINING],
        "not_comparable": by_change[NOT_COMPARABLE],
        "checks": checks,
        "notes": notes,
    }


def summary_text(diff: dict[str, Any]) -> str:
    """One Chinese sentence for a message bar or a log line."""
    area = diff["site_area"]
    titles = {c["id"]: c["title"] for c in diff["checks"]}

    def names(ids: list[str]) -> str:
        return "、".join(titles[i] for i in ids) if ids else "无"

    return (
        f"结论 {diff['old']['verdict_label']} → {diff['new']['verdict_label']}；"
        f"用地面积变化 {area_in_unit(area['change_m2'], signed=True)}；"
        f"已消除：{names(diff['resolved'])}；新增：{names(diff['new_findings'])}；仍存在：{names(diff['remaining'])}"
    )


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _features_text(features: list[dict[str, Any]]) -> str:
    return "、".join(feature_name_of(f) for f in features) or "—"


def feature_name_of(feature: dict[str, Any]) -> str:
    """A diff entry's name (older diff.json files have none: named from the layer then)."""
    return str(feature.get("name") or feature_title(str(feature.get("layer")), None, feature.get("fid")))


def diff_html(diff: dict[str, Any]) -> str:
    """A small self-contained HTML page of the diff; every value is escaped."""
    old, new, area = diff["old"], diff["new"], diff["site_area"]
    rows = []
    for check in diff["checks"]:
        rows.append(
            f'<tr class="{_e(check["change"])}"><td>{_e(check["title"])}</td>'
            f"<td>{_e(status_label(check['old_status']))}</td><td>{_e(status_label(check['new_status']))}</td>"
            f"<td>{_e(check['change_label'])}</td>"
            f"<td>{format_m2(check['old_overlap_area_m2'])}</td><td>{format_m2(check['new_overlap_area_m2'])}</td>"
            f"<td>{format_m2(check['overlap_area_change_m2'], signed=True)}</td>"
            f"<td>{_e(_features_text(check['features_resolved']))}</td>"
            f"<td>{_e(_features_text(check['features_new']))}</td>"
            f"<td>{_e(_features_text(check['features_remaining']))}</td></tr>"
        )
    notes = "".join(f"<li>{_e(note)}</li>" for note in diff["notes"])
    change_css = "\n".join(
        f"tr.{change} td {{ background: {colour}; }}" for change, colour in CHANGE_COLOURS.items()
    )
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>送审红线复审对比</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 2em; }}
table {{ border-collapse: collapse; margin: 1em 0; }}
th, td {{ border: 1px solid #999; padding: 4px 8px; text-align: left; }}
{change_css}
</style></head><body>
<h1>送审红线复审对比</h1>
<p>{_e(summary_text(diff))}</p>
<table>
<tr><th></th><th>上一版</th><th>本版</th></tr>
<tr><th>项目</th><td>{_e(old["name"])}</td><td>{_e(new["name"])}</td></tr>
<tr><th>送审文件</th><td>{_e(old["source"])}</td><td>{_e(new["source"])}</td></tr>
<tr><th>SHA-256</th><td>{_e(old["sha256"])}</td><td>{_e(new["sha256"])}</td></tr>
<tr><th>审查时间</th><td>{_e(old["generated_at"])}</td><td>{_e(new["generated_at"])}</td></tr>
<tr><th>审查结论</th><td>{_e(old["verdict_label"])}</td><td>{_e(new["verdict_label"])}</td></tr>
<tr><th>用地面积（m²）</th><td>{format_m2(area["old_m2"])}</td><td>{format_m2(area["new_m2"])}</td></tr>
<tr><th>面积变化</th><td colspan="2">{_e(area_text(area["change_m2"], signed=True))}</td></tr>
</table>
<table>
<tr><th>审查项</th><th>上一版</th><th>本版</th><th>变化</th><th>上一版面积（m²）</th><th>本版面积（m²）</th>
<th>面积变化（m²）</th><th>已避让图斑</th><th>新增图斑</th><th>仍占用图斑</th></tr>
{"".join(rows)}
</table>
{f"<ul>{notes}</ul>" if notes else ""}
</body></html>
"""


def write_diff(diff: dict[str, Any], out_dir: str | Path) -> tuple[Path, Path]:
    """Write ``diff.json`` and ``diff.html`` into out_dir; returns both paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    json_path, html_path = out / DIFF_JSON, out / DIFF_HTML
    output_files.write_json(json_path, diff)
    output_files.write_text(html_path, diff_html(diff))
    return json_path, html_path


def load_result(path: str | Path) -> dict[str, Any]:
    """A review.json file, or a folder holding one."""
    path = Path(path)
    if path.is_dir():
        path = path / "review.json"
    return json.loads(path.read_text(encoding="utf-8"))


def main(argv: list[str] | None = None) -> int:
    """``python -m hengyang_plan_plugin.core.review_diff OLD NEW OUT_DIR`` (review.json files or folders)."""
    import argparse

    parser = argparse.ArgumentParser(description="送审红线复审对比：比较两次审查的 review.json")
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("out_dir")
    args = parser.parse_args(argv)
    diff = diff_results(load_result(args.old), load_result(args.new))
    write_diff(diff, args.out_dir)
    print(summary_text(diff))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
