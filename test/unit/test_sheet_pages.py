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
