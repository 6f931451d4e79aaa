"""The 规划成果质检 phase of ``make bench``: the city-scale plan through ``make checkplan``'s CLI.

- checkplan_s / checkplan_rss_mb: scripts/checkplan_cli.py on the bench plan (310,000 永久基本农田
  patches, 50,176 用地用海 parcels): every rule, qa.json, qa.html, qa.pdf and qa_errors.gpkg; wall time
  and the peak RSS of the CLI and the qgis_process it starts (targets 120 s, 2 GB).
Smoke: the smoke plan, same code path.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
CLI = REPO_ROOT / "scripts" / "checkplan_cli.py"
SYSTEM_PYTHON = "/usr/bin/python3"  # what make checkplan runs the CLI with
FOUND_ERRORS = 1  # the CLI's exit code when the QA ran and found 错误: a finished run too


def checkplan_through_cli(plan: Path, out: Path) -> tuple[float, float, dict]:
    """(seconds, peak RSS MB of the CLI and its qgis_process, qa.json summary) for one full QA."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [SYSTEM_PYTHON, str(CLI), "--plan", str(plan), "--out", str(out)],
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(process.pid, 0)  # ru_maxrss covers the waited-for qgis_process too
    seconds = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    error = process.stderr.read().decode("utf-8", "replace").strip() if process.stderr else ""
    if code not in (0, FOUND_ERRORS) or not (out / "qa.pdf").is_file():
        raise RuntimeError(f"checkplan of {plan} failed ({code}): {error[-500:]}")
    summary = json.loads((out / "qa.json").read_text(encoding="utf-8"))["summary"]
    return seconds, usage.ru_maxrss / 1024.0, summary


def measure_checkplan(figures, plan: Path, folder: Path, log) -> None:
    log("bench: 规划成果质检 of the bench plan through the checkplan CLI ...")
    seconds, rss, summary = checkplan_through_cli(plan, folder / "checkplan")
    figures.values["checkplan_s"], figures.values["checkplan_rss_mb"] = seconds, rss
    figures.notes["checkplan_s"] = (
        f"make checkplan's CLI on the bench plan, all rules, json+html+pdf+gpkg ({summary['text']})"
    )
    figures.notes["checkplan_rss_mb"] = "peak RSS of the CLI and its qgis_process"


if __name__ == "__main__":
    import sys

    plan = Path(sys.argv[1])
    seconds, rss, summary = checkplan_through_cli(plan, Path(sys.argv[2]))
    print(f"checkplan_s={seconds:.1f} checkplan_rss_mb={rss:.0f} {summary['text']}")
