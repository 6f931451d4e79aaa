"""The 审查图's pages: overview first, a page per flagged parcel, continuation pages, the cap."""

from __future__ import annotations

from hengyang_plan_plugin.core.report.sheet_pages import (
    MAX_PARCEL_PAGES,
    OVERVIEW,
    PARCEL,
    PARCELS_ALL,
    conflict_rows,
    plan_sheet_pages,
)


def _result(parcel_verdicts: dict[str, str], flagged_checks: int = 2) -> dict:
    """A review.json with ``flagged_checks`` conflicting checks; a parcel conflicts in each when its
    verdict is fail."""
    parcels = [{"id": pid, "verdict": verdict} for pid, verdict in parcel_verdicts.items()]
    checks = [{"id": "geometry", "title": "用地红线几何与坐标", "status": "pass", "overlap_area_m2": 100.0}]
    for index in range(flagged_checks):
        checks.append(
            {
                "id": f"check{index}",
                "title": f"事项{index}",
                "status": "conflict",
                "concern_area_m2": 10.0 + index,
                "parcels": [
                    {"id": pid, "status": "conflict" if verdict == "fail" else "pass", "overlap_area_m2": 1.0}
                    for pid, verdict in parcel_verdicts.items()
                ],
            }
        )
    return {"submission": {"parcels": parcels}, "checks": checks}


def test_overview_first_then_one_page_per_flagged_parcel_in_submission_order():
    result = _result({"1": "pass", "2": "fail", "3": "review", "4": "fail"})
    plan = plan_sheet_pages(result, rows_per_page=10)
    assert [(p.number, p.kind, p.parcel_id) for p in plan.pages] == [
        (1, OVERVIEW, ""), (2, PARCEL, "2"), (3, PARCEL, "3"), (4, PARCEL, "4")
    ]
    assert [len(p.rows) for p in plan.pages] == [2, 2, 0, 2]
    assert plan.findings == len(conflict_rows(result))  # every finding printed once
    assert plan.pages[0].heading == "总图" and plan.pages[1].heading == "地块 2"


def test_every_parcel_when_asked():
    plan = plan_sheet_pages(_result({"1": "pass", "2": "fail"}), 10, PARCELS_ALL)
    assert [p.parcel_id for p in plan.pages] == ["", "1", "2"]


def test_one_parcel_site_is_the_overview_alone():
    plan = plan_sheet_pages(_result({"1": "fail"}), 10)
    assert [p.kind for p in plan.pages] == [OVERVIEW]
    assert len(plan.pages[0].rows) == 2


def test_a_long_table_continues_on_a_continuation_page_instead_of_dropping_rows():
    result = _result({"1": "fail", "2": "pass"}, flagged_checks=5)
    plan = plan_sheet_pages(result, rows_per_page=4)
    assert [(p.kind, p.parcel_id, len(p.rows), p.continued) for p in plan.pages] == [
        (OVERVIEW, "", 4, False), (OVERVIEW, "", 1, True), (PARCEL, "1", 4, False), (PARCEL, "1", 1, True)
    ]
    assert plan.pages[1].heading == "总图（续）"
    assert plan.findings == 10 == len(conflict_rows(result))


def test_more_flagged_parcels_than_the_cap_give_the_overview_alone():
    verdicts = {str(i): "fail" for i in range(1, MAX_PARCEL_PAGES + 2)}
    plan = plan_sheet_pages(_result(verdicts, flagged_checks=1), 10)
    assert [p.kind for p in plan.pages] == [OVERVIEW]
    assert plan.parcels_left_out == MAX_PARCEL_PAGES + 1


def _land_use_check(status: str = "warning") -> dict:
    """A current_land_use entry as review.json has it: parcel 1 on two villages' 耕地, parcel 2 on 国有
    建设用地 (nothing to convert), parcel 3 not reviewed."""

    def cultivated(paddy: float, dry: float) -> list[dict]:
        return [{"code": "0101", "name": "水田", "area_m2": paddy, "area_mu": round(paddy / 666.6667, 4)},
                {"code": "0102", "name": "水浇地", "area_m2": 0.0, "area_mu": 0.0},
                {"code": "0103", "name": "旱地", "area_m2": dry, "area_mu": round(dry / 666.6667, 4)}]

    def owner(name: str, kind: str, m2: float) -> dict:
        return {"code": name, "name": name, "ownership": "", "kind": kind, "area_m2": m2, "area_mu": m2 / 666.6667}

    parcel_1 = {"id": "1", "status": "warning", "concern_area_m2": 900.0, "cultivated_area_m2": 900.0,
                "cultivated_area_mu": 1.35, "conversion_area_m2": 1000.0, "conversion_area_mu": 1.5,
                "details": {"cultivated": cultivated(600.0, 300.0),
                            "owners": [owner("甲村", "集体", 700.0), owner("乙村", "集体", 300.0)]}}
    parcel_2 = {"id": "2", "status": "pass", "concern_area_m2": 0.0, "cultivated_area_m2": 0.0,
                "cultivated_area_mu": 0.0, "conversion_area_m2": 0.0, "conversion_area_mu": 0.0,
                "details": {"cultivated": cultivated(0.0, 0.0), "owners": [owner("城区国有土地", "国有", 2000.0)]}}
    parcel_3 = {"id": "3", "status": "not_run", "overlap_area_m2": 0.0}
    return {"id": "current_land_use", "title": "现状地类（国土调查）", "status": status, "concern_area_m2": 900.0,
            "parcels": [parcel_1, parcel_2, parcel_3]}


def test_each_parcel_page_lists_its_own_land_use_figures_after_its_findings():
    result = _result({"1": "fail", "2": "fail", "3": "fail"}, flagged_checks=1)
    result["checks"].append(_land_use_check())
    plan = plan_sheet_pages(result, rows_per_page=20)
    pages = {page.parcel_id: [(r["title"], r["status"], r["area_m2"]) for r in page.rows] for page in plan.pages}
    assert pages["1"] == [
        ("事项0", "冲突", "1.00"),  # the parcel's findings first, its 现状地类 after its finding there
        ("现状地类（国土调查）", "需人工复核", "900.00"),
        ("现状耕地·水田", "占补平衡", "600.00"),
        ("现状耕地·旱地", "占补平衡", "300.00"),
        ("农用地转用面积", "须转用", "1,000.00"),
        ("权属：甲村", "须征收", "700.00"),
        ("权属：乙村", "须征收", "300.00"),
    ]
    assert pages["2"][1:] == [("现状耕地", "—", "0.00"), ("农用地转用面积", "—", "0.00"),
                              ("权属：城区国有土地", "国有", "2,000.00")]
    assert [title for title, _, _ in pages["3"]] == ["事项0"]  # not reviewed: no 现状地类 rows
    # the overview keeps the site's rows only (its check entry has no summary table here: none)
    assert all(row["parcel_id"] == "全部" for row in plan.pages[0].rows)


def test_land_use_rows_never_make_a_page_of_their_own():
    result = _result({"1": "fail", "2": "pass"}, flagged_checks=1)
    result["checks"].append(_land_use_check(status="pass"))
    result["checks"][-1]["parcels"][0]["status"] = "pass"
    plan = plan_sheet_pages(result, rows_per_page=20)
    assert [p.parcel_id for p in plan.pages] == ["", "1"]  # parcel 2 passed everything: still no page
    assert [r["title"] for r in plan.pages[1].rows][1:3] == ["现状耕地·水田", "现状耕地·旱地"]


def test_without_dltb_the_pages_are_the_findings_alone():
    result = _result({"1": "fail", "2": "review"}, flagged_checks=2)
    result["checks"].append({"id": "current_land_use", "title": "现状地类（国土调查）", "status": "not_run",
                             "parcels": [{"id": "1", "status": "not_run"}, {"id": "2", "status": "not_run"}]})
    plan = plan_sheet_pages(result, rows_per_page=20)
    assert [len(p.rows) for p in plan.pages] == [2, 2, 0]
    assert not any("现状" in r["title"] or "权属" in r["title"] for p in plan.pages for r in p.rows)
