"""Batch review: many submissions against one opened plan, one folder of outputs per case.

A case is a submission file at the top of the input folder, or a sub-folder
holding exactly one submission file. Each case gets ``<output>/<case>/`` with
whatever the injected ``write_outputs(run, case_dir)`` writes (the QGIS
report writer: review.json/html/pdf; without QGIS, ``write_json_only``), and
one row in ``summary.csv`` (UTF-8 with BOM, so Excel shows the Chinese). A
case that fails becomes an error row with its message and the batch goes on.
Each row of ``summary.csv`` is flushed as its case ends, so a cancelled or
interrupted batch keeps everything that finished.

Every candidate is accounted for: a sub-folder (hidden ones too) or a
top-level .json that cannot be reviewed becomes an error row saying why, never
a silent skip. Re-running cannot mix runs up: the output folder may not be (or
lie inside) an input folder, and a folder that already holds a
``summary.csv`` is refused rather than overwritten, since the new run would
also replace that earlier run's reports. Text cells that a spreadsheet would
evaluate (starting with = + - @, tab or CR) get a leading ' (OWASP). Qt-free: each case is one
``core.pipeline.run_review`` (so one review log record per case), with the plan
opened once for the batch and the feedback asked between cases and checks.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from . import output_files
from .checks import CHECK_IDS
from .feedback import ReviewCancelled, ReviewFeedback, StepFeedback
from .pipeline import ENTRY_BATCH, ReviewRequest, run_review
from .plan.registry import open_plan
from .report.case_info import CaseInfo
from .report.presentation import concern_area, verdict_label
from .result import CONFLICT, WARNING
from .rules import check_title
from .settings import DEFAULT_SETTINGS, ReviewSettings
from .submission_model import SubmissionError

SUMMARY_NAME = "summary.csv"
# What read_submission opens (界址点坐标 TXT and the GDAL vector formats).
SUBMISSION_SUFFIXES = (".txt", ".shp", ".gpkg", ".geojson", ".json", ".kml", ".kmz", ".dxf")
# Files a review writes; never taken for a submission when re-running over an output folder.
OUTPUT_NAMES = {"review.json", "diff.json", SUMMARY_NAME}

ROW_OK = "完成"
ROW_ERROR = "错误"

COL_CASE = "案件"
COL_FILE = "送审文件"
COL_STATE = "状态"
COL_VERDICT = "审查结论"
COL_VERDICT_CODE = "结论代码"
COL_AREA_M2 = "用地面积(m²)"
COL_AREA_MU = "用地面积(亩)"
COL_CONFLICTS = "冲突审查项"
COL_WARNINGS = "需复核审查项"
COL_ERROR = "错误信息"
COL_OUTPUT = "输出目录"


def conflict_column(check_id: str) -> str:
    """The summary column of one check's conflict area, named by the rule table's title."""
    try:
        title = check_title(check_id)
    except KeyError:
        title = check_id
    return f"{title}冲突面积(m²)"


def summary_columns() -> list[str]:
    """Case columns, one conflict-area column per engine check (in review order), then the rest."""
    return (
        [COL_CASE, COL_FILE, COL_STATE, COL_VERDICT, COL_VERDICT_CODE, COL_AREA_M2, COL_AREA_MU]
        + [conflict_column(check_id) for check_id in CHECK_IDS]
        + [COL_CONFLICTS, COL_WARNINGS, COL_ERROR, COL_OUTPUT]
    )


@dataclass(frozen=True)
class Case:
    name: str  # also the output folder name
    path: Path | None  # the submission file; None when the case folder has none usable
    problem: str | None = None  # why the case cannot run, found while listing


@dataclass
class CaseOutcome:
    case: Case
    ok: bool
    row: dict[str, Any]
    result: Any = None
    error: str | None = None


@dataclass
class BatchSummary:
    outcomes: list[CaseOutcome] = field(default_factory=list)
    summary_path: Path | None = None
    cancelled: bool = False
    total: int = 0

    @property
    def ok_count(self) -> int:
        return sum(1 for outcome in self.outcomes if outcome.ok)

    @property
    def error_count(self) -> int:
        return sum(1 for outcome in self.outcomes if not outcome.ok)


class BatchError(ValueError):
    """The batch cannot start at all (no input, no cases, an output folder that would mix runs up)."""


# --- listing cases --------------------------------------------------------------


def _is_submission_file(path: Path) -> bool:
    return (
        path.is_file()
        and path.suffix.lower() in SUBMISSION_SUFFIXES
        and path.name.lower() not in OUTPUT_NAMES
    )


def _is_output_folder(folder: Path) -> bool:
    """A case folder or batch folder an earlier run wrote."""
    return (folder / "review.json").is_file() or (folder / SUMMARY_NAME).is_file()


def _is_output_file(path: Path) -> bool:
    """A file a review writes that has a submission suffix (review.json, diff.json)."""
    return path.is_file() and path.suffix.lower() in SUBMISSION_SUFFIXES and path.name.lower() in OUTPUT_NAMES


def _case_from_folder(folder: Path) -> Case:
    files = sorted(p for p in folder.iterdir() if _is_submission_file(p))
    if not files and _is_output_folder(folder):
        return Case(folder.name, None, "这是以前审查的输出文件夹（含 review.json 或 summary.csv），其中没有送审文件")
    if not files:
        return Case(folder.name, None, f"案件文件夹中没有送审文件（支持 {'、'.join(SUBMISSION_SUFFIXES)}）")
    if len(files) > 1:
        names = "、".join(p.name for p in files)
        return Case(folder.name, None, f"案件文件夹中有多个送审文件，无法确定审查哪一个：{names}")
    return Case(folder.name, files[0])


def _safe_name(name: str) -> str:
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", name).strip(" .")
    return cleaned or "case"


def _unique_names(cases: list[Case]) -> list[Case]:
    seen: dict[str, int] = {}
    out = []
    for case in cases:
        base = _safe_name(case.name)
        key = base.lower()
        if key in seen:
            seen[key] += 1
            suffix = case.path.suffix.lstrip(".").lower() if case.path else str(seen[key])
            name = f"{base}_{suffix}"
            while name.lower() in seen:
                seen[key] += 1
                name = f"{base}_{seen[key]}"
            seen[name.lower()] = 1
        else:
            seen[key] = 1
            name = base
        out.append(Case(name, case.path, case.problem))
    return out


def _is_same_or_inside(path: Path, folder: Path) -> bool:
    path, folder = path.resolve(), folder.resolve()
    return path == folder or folder in path.parents


def refuse_output_inside_input(folders: Iterable[Path], out_dir: str | os.PathLike) -> None:
    """A second run over an input folder holding the output would review the first run's output."""
    out = Path(out_dir)
    for folder in folders:
        if folder.is_dir() and _is_same_or_inside(out, folder):
            raise BatchError(
                f"输出文件夹不能是送审文件夹或其中的子文件夹（{out}），否则再次批量审查时会混入上次的输出；"
                "请另选一个文件夹"
            )


def list_cases(
    inputs: str | os.PathLike | Iterable[str | os.PathLike], out_dir: str | os.PathLike | None = None
) -> list[Case]:
    """Cases from a folder (its submission files, then its sub-folders) or from a list of files/folders.

    ``out_dir``, when given, is refused if it is (or lies inside) an input folder.
    """
    if isinstance(inputs, (str, os.PathLike)):
        if not str(inputs).strip() or not Path(inputs).exists():
            raise BatchError(f"送审文件夹不存在: {inputs}")
        items = [Path(inputs)]
    else:
        items = [Path(p) for p in inputs]
    if out_dir is not None:
        refuse_output_inside_input(items, out_dir)
    cases: list[Case] = []
    if len(items) == 1 and items[0].is_dir():
        folder = items[0]
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
        for entry in entries:
            if _is_submission_file(entry):
                cases.append(Case(entry.stem, entry))
            elif _is_output_file(entry):
                cases.append(Case(entry.stem, None, f"{entry.name} 是审查输出文件，不作为送审文件审查"))
        cases += [_case_from_folder(sub) for sub in entries if sub.is_dir()]
    else:
        for item in items:
            if item.is_dir():
                cases.append(_case_from_folder(item))
            elif item.is_file():
                cases.append(Case(item.stem, item))
            else:
                cases.append(Case(item.stem or str(item), None, f"文件不存在: {item}"))
    if not cases:
        raise BatchError(f"没有找到送审文件: {', '.join(str(p) for p in items)}")
    return _unique_names(cases)


# --- rows -----------------------------------------------------------------------


def _result_row(case: Case, data: dict[str, Any], case_dir: Path) -> dict[str, Any]:
    submission = data.get("submission") or {}
    row: dict[str, Any] = {
        COL_CASE: case.name,
        COL_FILE: str(case.path or ""),
        COL_STATE: ROW_OK,
        COL_VERDICT: verdict_label(data.get("verdict")),
        COL_VERDICT_CODE: data.get("verdict"),
        COL_AREA_M2: f"{float(submission.get('area_m2') or 0.0):.2f}",
        COL_AREA_MU: f"{float(submission.get('area_mu') or 0.0):.4f}",
        COL_ERROR: "",
        COL_OUTPUT: str(case_dir),
    }
    conflicts, warnings = [], []
    for check in data.get("checks") or []:
        status, check_id = check.get("status"), check.get("id")
        if status == CONFLICT:
            conflicts.append(check.get("title") or check_id)
            row[conflict_column(check_id)] = f"{concern_area(check):.2f}"
        elif status == WARNING:
            warnings.append(check.get("title") or check_id)
    row[COL_CONFLICTS] = "；".join(conflicts)
    row[COL_WARNINGS] = "；".join(warnings)
    return row


# A leading character that makes Excel/LibreOffice evaluate a cell as a formula (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def csv_cell(value: Any) -> Any:
    """``value`` safe for a spreadsheet: formula-like text gets a leading ', numbers stay numbers."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS) or PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value


def _error_row(case: Case, message: str) -> dict[str, Any]:
    return {COL_CASE: case.name, COL_FILE: str(case.path or ""), COL_STATE: ROW_ERROR, COL_ERROR: message}


def error_message(error: BaseException) -> str:
    """One readable line for a failed case (no traceback)."""
    text = str(error).strip() or type(error).__name__
    if isinstance(error, (SubmissionError, ValueError, OSError)):
        return text.replace("\n", " ")
    return f"{type(error).__name__}: {text}".replace("\n", " ")


class SummaryWriter:
    """summary.csv in UTF-8 with BOM (Excel) and CRLF rows, one row appended and flushed per case,
    so an interrupted batch keeps every finished row."""

    def __init__(self, path: Path):
        self.path = path
        self.columns = summary_columns()
        try:  # "x": an earlier run's summary is never overwritten
            self._handle = path.open("x", encoding="utf-8-sig", newline="")
        except FileExistsError as error:
            raise BatchError(existing_summary_message(path)) from error
        self._writer = csv.DictWriter(
            self._handle, fieldnames=self.columns, extrasaction="ignore", lineterminator="\r\n"
        )
        self._writer.writeheader()
        self._handle.flush()

    def add(self, row: dict[str, Any]) -> None:
        self._writer.writerow({column: csv_cell(row.get(column, "")) for column in self.columns})
        self._handle.flush()

    def close(self) -> None:
        self._handle.close()


def existing_summary_message(path: Path) -> str:
    return (
        f"输出文件夹中已有上次批量审查的汇总表 {path}；为免覆盖上次的结果，"
        "请另选一个空文件夹，或先移走该文件夹中的内容"
    )


def refuse_reused_output(cases: list[Case], out: Path) -> None:
    """Checks made before anything is written: an earlier run's output, inputs inside the output."""
    if (out / SUMMARY_NAME).exists():
        raise BatchError(existing_summary_message(out / SUMMARY_NAME))
    if out.exists() and any(case.path is not None and _is_same_or_inside(case.path, out) for case in cases):
        raise BatchError(f"送审文件在输出文件夹（{out}）之中，再次批量审查时会混入本次的输出；请另选一个输出文件夹")


def write_summary(path: Path, rows: list[dict[str, Any]]) -> None:
    """The whole summary.csv at once."""
    writer = SummaryWriter(path)
    try:
        for row in rows:
            writer.add(row)
    finally:
        writer.close()


def read_summary(path: str | os.PathLike) -> list[dict[str, str]]:
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def write_json_only(run: Any, case_dir: Path) -> None:
    """The report writer for runs without QGIS: review.json only."""
    case_dir.mkdir(parents=True, exist_ok=True)
    output_files.write_json(case_dir / "review.json", run.data)


# --- running --------------------------------------------------------------------


def run_batch(
    cases: list[Case],
    out_dir: str | os.PathLike,
    *,
    plan: Any = None,
    land_use: str | None = None,
    settings: ReviewSettings = DEFAULT_SETTINGS,
    case: CaseInfo | None = None,
    write_outputs: Callable[[Any, Path], Any] = write_json_only,
    progress: Callable[[int, int, str], None] | None = None,
    feedback: ReviewFeedback | None = None,
    log_path: str | os.PathLike | None = None,
) -> BatchSummary:
    """Review every case; see the module docstring.

    ``plan`` is opened once and the same handle serves every case.
    ``land_use`` applies to every case; empty means each submission's own.
    ``case`` holds the case fields shared by every case (reviewer).
    ``progress(done, total, case name)`` is called after each case; ``feedback``
    is asked before each case and between the checks of a case. Raises
    BatchError, before writing anything, when ``out_dir`` holds an earlier
    run's summary.csv or any case's submission file.
    """
    out = Path(out_dir)
    refuse_reused_output(cases, out)
    out.mkdir(parents=True, exist_ok=True)
    plan = open_plan(plan)  # once for every case
    summary = BatchSummary(summary_path=out / SUMMARY_NAME, total=len(cases))
    writer = SummaryWriter(summary.summary_path)
    try:
        for index, item in enumerate(cases):
            if feedback is not None and feedback.isCanceled():
                summary.cancelled = True
                break
            case_dir = out / item.name
            request = None
            if item.path is not None:
                request = ReviewRequest(
                    item.path,
                    plan=plan,
                    land_use=land_use or None,
                    settings=settings,
                    entry=ENTRY_BATCH,
                    case=case or CaseInfo(),
                    report_dir=case_dir,
                    log_path=log_path,
                )
            step = StepFeedback(feedback, 100.0 * index / len(cases), 100.0 / len(cases)) if feedback else None
            try:
                outcome = _run_case(item, case_dir, request, write_outputs, step)
            except ReviewCancelled:
                summary.cancelled = True
                break
            summary.outcomes.append(outcome)
            writer.add(outcome.row)
            if progress is not None:
                progress(index + 1, len(cases), item.name)
    finally:
        writer.close()
    return summary


def _run_case(case, case_dir, request, write_outputs, feedback) -> CaseOutcome:
    if request is None:
        return CaseOutcome(case, False, _error_row(case, case.problem or "没有送审文件"), error=case.problem)
    try:
        run = run_review(request, feedback)
        case_dir.mkdir(parents=True, exist_ok=True)
        write_outputs(run, case_dir)
    except ReviewCancelled:
        raise
    except Exception as error:  # one broken case must not stop the batch
        message = error_message(error)
        return CaseOutcome(case, False, _error_row(case, message), error=message)
    return CaseOutcome(case, True, _result_row(case, run.data, case_dir), result=run.result)
