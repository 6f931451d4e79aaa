"""城市四线 (绿线/蓝线/紫线/黄线): overlaps by level with the rule of the applicable 管理办法."""

from __future__ import annotations

from functools import partial

from ..context import ReviewContext, ReviewSite
from ..overlay import merge
from ..result import PASS, WARNING, CheckOutcome, worst_status
from ..rules import check_basis, city_line_rules, default_mark, most_specific
from .common import NONE, SLIVER, area_text, attribute, classify, group_by, hits, sliver_outcome

LEVEL_FIELD = "JB"
LINE_LAYERS = {
    "green_line": "ZXCQCSLVX",
    "blue_line": "ZXCQCSLX",
    "purple_line": "ZXCQCSZX",
    "yellow_line": "ZXCQCSHX",
}


def _rule_for(check_id: str, level: str):
    rules = city_line_rules()
    return (
        rules.get((check_id, level))
        or rules.get((check_id, ""))
        or next(rule for (check, _), rule in rules.items() if check == check_id)
    )


def run(check_id: str, ctx: ReviewContext, site: ReviewSite) -> CheckOutcome:
    layer = LINE_LAYERS[check_id]
    features = ctx.features(layer)
    line_name = _rule_for(check_id, "").line
    by_level = group_by(features, lambda f: attribute(f, LEVEL_FIELD))
    level_overlaps = {level: ctx.overlap(site.geometry, group) for level, group in sorted(by_level.items())}
    found = merge(list(level_overlaps.values()))
    kind = classify(found, ctx.settings)
    if kind == NONE:
        return CheckOutcome(PASS, f"未涉及{line_name}", basis=check_basis(check_id))
    if kind == SLIVER:
        return sliver_outcome(check_id, found, line_name, ctx.settings)

    statuses, sentences, bases, levels = [], [], [check_basis(check_id)], []
    for level, part in level_overlaps.items():
        if part.is_empty:
            continue
        rule = _rule_for(check_id, level)
        conforming = site.land_use and most_specific(
            site.land_use, dict.fromkeys(rule.warning_land_uses, True)
        )
        status = WARNING if conforming else rule.default_status
        names = "、".join(sorted({attribute(f, "MC") for f, _ in part.pieces} - {""}))
        label = f"{level}{line_name}" if level else line_name
        sentence = f"占用{label}{'（' + names + '）' if names else ''} {area_text(part.area_m2)}：{rule.rule}"
        sentence += default_mark(rule.source_status)
        if conforming:
            sentence += (
                f"；拟建用途 {site.land_use} 与{line_name}管控目的相符，须依法办理规划许可，需人工复核"
            )
        statuses.append(status)
        sentences.append(sentence)
        bases.append(rule.basis)
        levels.append(
            {
                "level": level,
                "area_m2": round(part.area_m2, 2),
                "status": status,
                "rule": rule.rule,
                "basis": rule.basis,
                "source_status": rule.source_status,
            }
        )
    return CheckOutcome(
        worst_status(statuses),
        "；".join(sentences),
        basis="；".join(dict.fromkeys(bases)),
        overlap_area_m2=found.area_m2,
        features=hits(found),
        conflict_geometry=found.geometry,
        details={"levels": levels},
    )


def runner(check_id: str):
    return partial(run, check_id)
