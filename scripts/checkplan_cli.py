#!/usr/bin/env python3
"""What ``make checkplan`` runs: 规划成果质检 of a plan database through ``qgis_process.bin``.

Exit 0 when the QA ran and found no 错误 (warnings allowed); 1 when it found
错误-severity findings; 2 for an unusable PLAN, with exactly one stderr line
starting ``error:``. When QGIS or the plugin is missing: 1 with one ``error:``
line. Never a traceback. The environment (staged plugin, throwaway QGIS
config carrying the user's plugin options, venv site-packages) is
``review_cli``'s, so an empty PLAN means the plan set in the options.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from review_cli import (  # noqa: E402 (the scripts folder is not a package)
    REPO,
    CliError,
    clear_outputs,
    plan_argument,
    run_algorithm,
    staged_qgis_process,
    terminal_safe,
)

ALGORITHM = "hengyangplan:checkplan"
OUTPUT_NAMES = ("qa.json", "qa.html", "qa.pdf", "qa_errors.gpkg")
FOUND_ERRORS = 1
# Exit 1 means 错误 were found, so a check that could not run at all (no QGIS, no plugin, a crash)
# says so with a code of its own: a script must never read "QGIS missing" as "plan has errors".
RUN_ERROR = 3


def run_checkplan(plan: str, out: str) -> Path:
    staged_qgis_process(RUN_ERROR)
    out_dir = Path(out or REPO / "build" / "checkplan").expanduser().resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    clear_outputs(out_dir, OUTPUT_NAMES)
    plan_text, plan_password = plan_argument(plan)
    json_path = out_dir / "qa.json"
    run_algorithm(ALGORITHM, [f"PLAN={plan_text}", f"OUTPUT_FOLDER={out_dir}"], plan_password, json_path, RUN_ERROR)
    return json_path


def _summary(json_path: Path) -> tuple[str, int]:
    report = json.loads(json_path.read_text(encoding="utf-8"))
    lines = [f"checkplan: {report['summary']['text']} → {json_path.parent}"]
    lines += [
        f"  [{rule['severity']}] {rule['title']}（{rule['id']}）: {rule['count']}"
        for rule in report["rules"]
        if rule["count"]
    ]
    return "\n".join(lines), int(report["summary"]["errors"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plan", default="")
    parser.add_argument("--out", default="")
    args = parser.parse_args(argv)
    try:
        text, errors = _summary(run_checkplan(args.plan, args.out))
        print(terminal_safe(text))
    except CliError as error:
        print(f"error: {' '.join(terminal_safe(str(error)).split())}", file=sys.stderr)
        return error.code
    except Exception as error:  # noqa: BLE001 - the contract allows no traceback
        print(f"error: {type(error).__name__}: {' '.join(terminal_safe(str(error)).split())}", file=sys.stderr)
        return RUN_ERROR
    return FOUND_ERRORS if errors else 0


if __name__ == "__main__":
    sys.exit(main())
