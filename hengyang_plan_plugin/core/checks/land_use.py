"""用地用海兼容性: the proposed code against every zone it touches (resources/rules matrix)."""

from __future__ import annotations

import shapely

from ..context import ReviewContext, ReviewSite
from ..land_use_codes import code_2020_note, lookup
from ..overlay import is_sliver
from ..result import CONFLICT, PASS, WARNING, CheckOutcome, FeatureHit, worst_status
from ..rules import check_basis, default_mark, land_use_matrix, most_specific
from .common import area_text, share_text
from .zones import site_zones

CHECK_ID = "land_use"
RULE_STATUS = {"allowed": PASS, "conditional": WARNING, "forbidden": CONFLICT}
RULE_LABEL = {"allowed": "允许", "conditional": "有条件允许", "forbidden": "禁止"}


def run(ctx: ReviewContext, site: ReviewSite) -> CheckOutcome:
    zones = site_zones(ctx, site)
    basis = check_basis(CHECK_ID)
    if not site.land_use:
        return CheckOutcome(
            WARNING,
            "未申报拟建用地用海代码，无法判断与规划分区的兼容性，需人工复核",
            basis=basis,
            reason="未申报用途",
        )
    entry = lookup(site.land_use)
    label = f"{site.land_use} {entry.name}" if entry else site.land_use
    legacy = code_2020_note(site.land_use)  # a 2020 试行 code, read as its 2023 code
    if legacy:
        label += f"（{legacy}）"
    site_area = site.geometry.area
    matrix = land_use_matrix()
    statuses, sentences, rows, features, flagged = [], [], [], [], []
    flagged_area = 0.0
    for piece in zones.pieces:
        rule = most_specific(site.land_use, matrix.get(piece.name, {}))
        if rule is None:
            status, rule_name, cell_basis = WARNING, "unknown", "兼容性表中没有该分区或用途，需人工复核"
            source_status = ""
        else:
            status, rule_name, cell_basis = RULE_STATUS[rule.status], rule.status, rule.basis
            source_status = rule.source_status
        sliver = status != PASS and is_sliver(piece.found.geometry, ctx.settings)
        if sliver:
            status = WARNING
        statuses.append(status)
        verdict_text = RULE_LABEL.get(rule_name, "未规定")
        share = share_text(piece.area_m2, site_area)
        sentence = f"{piece.name}（{share}，{area_text(piece.area_m2)}）：{verdict_text}{default_mark(source_status)}"
        if sliver:
            sentence += "，但面积微小，疑似边界误差"
        sentences.append(sentence)
        rows.append(
            {
                "zone": piece.name,
                "rule": rule_name,
                "status": status,
                "area_m2": round(piece.area_m2, 2),
                "share": round(piece.area_m2 / site_area, 6),
                "basis": cell_basis,
                "source_status": source_status,
            }
        )
        if status != PASS:
            flagged_area += piece.area_m2
            flagged.append(piece.found.geometry)
            features += [FeatureHit(f.layer, f.fid, f.attributes, area) for f, area in piece.found.pieces]
    if not zones.pieces:
        return CheckOutcome(
            WARNING, f"拟建用途 {label}：用地未落入任何规划分区，无法判断兼容性，需人工复核", basis=basis
        )
    status = worst_status(statuses)
    return CheckOutcome(
        status,
        f"拟建用途 {label} 与规划分区的兼容性：" + "；".join(sentences),
        basis=basis,
        overlap_area_m2=flagged_area,
        features=features,
        conflict_geometry=shapely.union_all(flagged) if flagged else None,
        details={"land_use": site.land_use, "zones": rows},
    )
