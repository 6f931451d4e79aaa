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
import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from review_cli import (  # noqa: E402 (the scripts folder is not a package)
    ERROR_PREFIX,
    INPUT_ERROR,
    PLUGIN,
    QGIS_PROCESS,
    REPO,
    CliError,
    _environment,
    _first_error_line,
    _last_meaningful_line,
    _warning_lines,
    _without_password,
    terminal_safe,
)

ALGORITHM = "hengyangplan:checkplan"
OUTPUT_NAMES = ("qa.json", "qa.html", "qa.pdf", "qa_errors.gpkg")
FOUND_ERRORS = 1
# Exit 1 means 错误 were found, so a check that could not run at all (no QGIS, no plugin, a crash)
# says so with a code of its own: a script must never read "QGIS missing" as "plan has errors".
RUN_ERROR = 3


def _clear_outputs(out_dir: Path) -> None:
    """A stale qa.json must not pass for this run's; a symlinked output is removed, its target left alone."""
    for name in OUTPUT_NAMES:
        path = out_dir / name
        if path.is_dir() and not path.is_symlink():
            raise CliError(f"{path}: 输出位置是一个文件夹，请换一个输出文件夹（OUT=…）", INPUT_ERROR)
        path.unlink(missing_ok=True)


def run_checkplan(plan: str, out: str) -> Path:
    plugin_path = Path(os.environ.get("QGIS_PLUGINPATH") or REPO / "build" / "plugin").resolve()
    if not (plugin_path / PLUGIN / "metadata.txt").is_file():
        raise CliError(f"插件未构建（{plugin_path / PLUGIN}），请先运行 make plugin", RUN_ERROR)
    executable = shutil.which(QGIS_PROCESS)
    if executable is None:
        raise CliError(f"找不到 {QGIS_PROCESS}（请安装 qgis：make deps）", RUN_ERROR)
    out_dir = Path(out or REPO / "build" / "checkplan").expanduser().resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    _clear_outputs(out_dir)
    plan_text, plan_password = _without_password(plan.strip())
    if plan_text and not plan_text.upper().startswith("PG:"):
        plan_path = Path(plan_text).expanduser()
        if not plan_path.exists():
            raise CliError(f"{plan_text}: 规划数据不存在", INPUT_ERROR)
        plan_text = str(plan_path.resolve())
    completed = subprocess.run(
        [executable, "run", ALGORITHM, "--", f"PLAN={plan_text}", f"OUTPUT_FOLDER={out_dir}"],
        env=_environment(plugin_path, REPO / "build", plan_password),
        capture_output=True,
        text=True,
        errors="replace",
        check=False,
    )
    input_error = _first_error_line(completed.stderr)
    if input_error is not None:
        raise CliError(input_error[len(ERROR_PREFIX) :], INPUT_ERROR)
    json_path = out_dir / "qa.json"
    if completed.returncode != 0 or not json_path.is_file():
        detail = _last_meaningful_line(completed.stderr or completed.stdout)
        raise CliError(f"qgis_process 运行失败（退出码 {completed.returncode}）：{detail}", RUN_ERROR)
    for warning in _warning_lines(completed.stdout + "\n" + completed.stderr):
        print(terminal_safe(warning), file=sys.stderr)
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
