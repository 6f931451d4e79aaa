#!/usr/bin/env python3
"""What ``make review`` runs: a headless review through ``qgis_process.bin``.

Exit 0 when the review ran (whatever its verdict) and OUT/review.json exists;
exit 2 for unusable input (submission, plan, land-use code) with exactly one
stderr line starting ``error:``; exit 1 for anything else (QGIS or the plugin
not available), also as one ``error:`` line. Never a traceback.

The plugin runs from the staged copy (``build/plugin``, ``make plugin``),
enabled in a throwaway QGIS config under ``build/`` so the user's own QGIS
profile is not touched; the plugin's options (plan, tolerances, reviewer) are
copied from the user's QGIS profile ($HENGYANG_QGIS_PROFILE, else the default
one), so an empty PLAN means the configured plan, as in the dock.
qgis_process embeds the system Python, so the venv's site-packages (shapely 2)
are put on PYTHONPATH.
"""

from __future__ import annotations

import argparse
import configparser
import json
import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PLUGIN = "hengyang_plan_plugin"
ALGORITHM = "hengyangplan:review"
QGIS_PROCESS = "qgis_process.bin"  # Debian's qgis_process wrapper adds an option that breaks it
ERROR_PREFIX = "error: "  # what the algorithm puts in front of unusable-input messages
WARNING_PREFIX = "warning: "  # ... and in front of what the user must hear though the review ran
INPUT_ERROR, RUN_ERROR = 2, 1
# Output parameters and their file names in OUT; qgis_process ignores the ones
# the algorithm does not declare.
OUTPUT_FILES = {
    "OUTPUT_JSON": "review.json",
    "OUTPUT_HTML": "review.html",
    "OUTPUT_PDF": "review.pdf",
    "OUTPUT_DOCX": "review.docx",  # the editable 审查意见表
    "OUTPUT_SHEET": "review_sheet.pdf",  # the 审查图, A3 landscape or (SHEET=A4) A4 portrait
}
SHEET_SIZES = ("A3", "A4")


class CliError(Exception):
    def __init__(self, message: str, code: int):
        super().__init__(message)
        self.code = code


SETTINGS_SECTION = PLUGIN  # QgsSettings "hengyang_plan_plugin/<key>" is this INI section
PROFILE_ENV = "HENGYANG_QGIS_PROFILE"  # the QGIS profile whose plugin options make review applies


def _user_profile() -> Path:
    """The profile whose options (plan, tolerances, reviewer) apply: $HENGYANG_QGIS_PROFILE, else QGIS's default."""
    named = os.environ.get(PROFILE_ENV, "").strip()
    if named:
        return Path(named).expanduser()
    return Path.home() / ".local" / "share" / "QGIS" / "QGIS3" / "profiles" / "default"


def _read_ini(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # QGIS keys are case-sensitive
    if path.is_file():
        parser.read(path, encoding="utf-8")
    return parser


def _config_dir(build: Path) -> Path:
    """A throwaway QGIS config root (QGIS_CUSTOM_CONFIG_PATH) whose default profile enables the plugin
    and carries the user's plugin options, so ``make review`` reviews as the dock does."""
    root = build / "qgis-config"
    ini = root / "profiles" / "default" / "QGIS" / "QGIS3.ini"
    ini.parent.mkdir(parents=True, exist_ok=True)
    parser = _read_ini(ini)
    if not parser.has_section("PythonPlugins"):
        parser.add_section("PythonPlugins")
    parser.set("PythonPlugins", PLUGIN, "true")
    user = _read_ini(_user_profile() / "QGIS" / "QGIS3.ini")  # read only: the user's profile is never written
    parser.remove_section(SETTINGS_SECTION)
    if user.has_section(SETTINGS_SECTION):
        parser.add_section(SETTINGS_SECTION)
        for key, value in user.items(SETTINGS_SECTION):
            parser.set(SETTINGS_SECTION, key, value)
    with ini.open("w", encoding="utf-8") as handle:
        parser.write(handle, space_around_delimiters=False)
    return root


def _venv_site_packages() -> list[str]:
    return [str(p) for p in sorted((REPO / ".venv" / "lib").glob("python3*/site-packages"))]


PASSWORD_WARNING = (
    "警告：PLAN 连接串中写有明文密码（password=）。本次已改由环境变量 PGPASSWORD 传给 qgis_process，"
    "不出现在其命令行和输出中；但它仍留在 shell 历史里。请改用 PostgreSQL 服务文件（PLAN='PG:service=…'，"
    "密码放在 ~/.pgpass）或在 QGIS 中用认证管理器（authcfg=）"
)


def _without_password(plan: str) -> tuple[str, str | None]:
    """A PG: plan without its password (qgis_process echoes every input, and the command line is
    visible to every user through ps), and the password, for libpq's PGPASSWORD."""
    if not plan.upper().startswith("PG:") or "password" not in plan.lower():
        return plan, None
    sys.path.insert(0, str(REPO))
    from hengyang_plan_plugin.core.plan.pg_connection import parse_pg_source

    try:
        connection = parse_pg_source(plan)
    except ValueError as error:  # the message never holds the password (pg_connection)
        raise CliError(f"PLAN 连接串无法解析：{error}", INPUT_ERROR) from None
    if not connection.password:
        return plan, None
    print(PASSWORD_WARNING, file=sys.stderr)
    return connection.display(), connection.password


def _environment(plugin_path: Path, build: Path, pg_password: str | None = None) -> dict[str, str]:
    env = dict(os.environ)
    if pg_password:
        env["PGPASSWORD"] = pg_password
    env["QGIS_PLUGINPATH"] = str(plugin_path)
    env["QGIS_CUSTOM_CONFIG_PATH"] = str(_config_dir(build))
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.setdefault("XDG_RUNTIME_DIR", f"/tmp/runtime-{os.getuid()}")
    Path(env["XDG_RUNTIME_DIR"]).mkdir(mode=0o700, parents=True, exist_ok=True)
    # The embedded interpreter finds its prefix through the first python3 on
    # PATH; a pyenv or venv python3 there would give it the wrong stdlib.
    env.pop("PYTHONHOME", None)
    env["PATH"] = os.pathsep.join(["/usr/bin", *(p for p in env.get("PATH", "").split(os.pathsep) if p != "/usr/bin")])
    python_path = _venv_site_packages() + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    env["PYTHONPATH"] = os.pathsep.join(python_path)
    return env


def _first_error_line(stderr: str) -> str | None:
    for line in stderr.splitlines():
        line = line.strip()
        if line.startswith("ERROR:"):
            line = line[len("ERROR:") :].strip()
        if line.startswith(ERROR_PREFIX):
            return line
    return None


def _last_meaningful_line(text: str) -> str:
    noise = ("QStandardPaths", "DeprecationWarning", "setapi")
    lines = [line.strip() for line in text.splitlines() if line.strip() and not any(n in line for n in noise)]
    return lines[-1] if lines else "无输出"


def clear_outputs(out_dir: Path, filenames) -> None:
    """Remove a command's previous outputs: a stale review.json must not pass for this run's, and
    an output name that is a symlink (review.pdf -> someone's file) must not be written through."""
    for filename in filenames:
        path = out_dir / filename
        if path.is_dir() and not path.is_symlink():
            raise CliError(f"{path}: 输出位置是一个文件夹，请换一个输出文件夹（OUT=…）", INPUT_ERROR)
        path.unlink(missing_ok=True)  # a symlink goes, its target stays untouched


def staged_qgis_process(run_error: int) -> tuple[Path, str]:
    """The staged plugin folder and the qgis_process executable, or why a run is impossible."""
    plugin_path = Path(os.environ.get("QGIS_PLUGINPATH") or REPO / "build" / "plugin").resolve()
    if not (plugin_path / PLUGIN / "metadata.txt").is_file():
        raise CliError(f"插件未构建（{plugin_path / PLUGIN}），请先运行 make plugin", run_error)
    executable = shutil.which(QGIS_PROCESS)
    if executable is None:
        raise CliError(f"找不到 {QGIS_PROCESS}（请安装 qgis：make deps）", run_error)
    return plugin_path, executable


def plan_argument(plan: str) -> tuple[str, str | None]:
    """PLAN as qgis_process gets it (a file made absolute, a PG: string without its password) and the password."""
    plan_text, plan_password = _without_password(plan.strip())
    if plan_text and not plan_text.upper().startswith("PG:"):
        plan_path = Path(plan_text).expanduser()
        if not plan_path.exists():
            raise CliError(f"{plan_text}: 规划数据不存在", INPUT_ERROR)
        plan_text = str(plan_path.resolve())
    return plan_text, plan_password


def run_algorithm(
    algorithm: str, arguments: list[str], plan_password: str | None, expected: Path, run_error: int
) -> None:
    """Run ALGORITHM in qgis_process.bin; its ``error:`` line becomes an input error, no EXPECTED output a run
    error; its ``warning:`` lines go to stderr."""
    plugin_path, executable = staged_qgis_process(run_error)
    completed = subprocess.run(
        [executable, "run", algorithm, "--", *arguments],
        env=_environment(plugin_path, REPO / "build", plan_password),
        capture_output=True,
        text=True,
        errors="replace",
        check=False,
    )
    input_error = _first_error_line(completed.stderr)
    if input_error is not None:
        raise CliError(input_error[len(ERROR_PREFIX) :], INPUT_ERROR)
    if completed.returncode != 0 or not expected.is_file():
        detail = _last_meaningful_line(completed.stderr or completed.stdout)
        raise CliError(f"qgis_process 运行失败（退出码 {completed.returncode}）：{detail}", run_error)
    for warning in _warning_lines(completed.stdout + "\n" + completed.stderr):
        print(terminal_safe(warning), file=sys.stderr)  # e.g. the review log could not be written


def run_review(
    submission: str, land_use: str, plan: str, out: str, layer: str = "", crs: str = "", sheet: str = ""
) -> Path:
    if not submission.strip():
        raise CliError("未指定送审文件：make review SUBMISSION=<文件>", INPUT_ERROR)
    sheet = sheet.strip().upper() or SHEET_SIZES[0]
    if sheet not in SHEET_SIZES:
        raise CliError(f"SHEET={sheet}: 审查图幅面只能是 A3（横向）或 A4（纵向）", INPUT_ERROR)
    submission_path = Path(submission).expanduser().resolve()
    if not submission_path.exists():
        raise CliError(f"{submission}: 送审文件不存在", INPUT_ERROR)
    staged_qgis_process(RUN_ERROR)

    out_dir = Path(out or REPO / "build" / "review").expanduser().resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path = out_dir / OUTPUT_FILES["OUTPUT_JSON"]
    clear_outputs(out_dir, OUTPUT_FILES.values())
    plan_text, plan_password = plan_argument(plan)
    arguments = [
        f"SUBMISSION={submission_path}",
        f"PLAN={plan_text}",
        f"LAND_USE={land_use.strip()}",
        f"LAYER={layer.strip()}",
        *([f"CRS={crs.strip()}"] if crs.strip() else []),
        f"SHEET={sheet}",
        *(f"{name}={out_dir / filename}" for name, filename in OUTPUT_FILES.items()),
    ]
    run_algorithm(ALGORITHM, arguments, plan_password, json_path, RUN_ERROR)
    return json_path


def _warning_lines(output: str) -> list[str]:
    found = []
    for line in output.splitlines():
        line = line.strip()
        for prefix in ("WARNING:", "Warning:"):
            line = line.removeprefix(prefix).strip()
        if line.startswith(WARNING_PREFIX) and line not in found:
            found.append(line)
    return found


def _summary(json_path: Path) -> str:
    result = json.loads(json_path.read_text(encoding="utf-8"))
    lines = [f"review: {result.get('verdict_label', '')} ({result['verdict']}) → {json_path}"]
    lines += [f"  [{check['status']}] {check['title']}: {check['message']}" for check in result["checks"]]
    return "\n".join(lines)


def terminal_safe(text: str) -> str:
    """Text from files (names, attributes) without control characters: an ESC sequence in a
    coordinate must not repaint the terminal (a fake "review: 通过", a hidden error line)."""
    return "".join(ch if ch in "\n" or unicodedata.category(ch)[0] != "C" else "\ufffd" for ch in text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submission", default="")
    parser.add_argument("--land-use", default="")
    parser.add_argument("--plan", default="")
    parser.add_argument("--out", default="")
    parser.add_argument("--layer", default="", help="the (CAD) layer holding the site, when several could be")
    parser.add_argument("--crs", default="", help="the CRS (EPSG:nnnn) of a file that defines none")
    parser.add_argument("--sheet", default="", help="the 审查图 size: A3 (landscape, default) or A4 (portrait)")
    args = parser.parse_args(argv)
    try:
        json_path = run_review(args.submission, args.land_use, args.plan, args.out, args.layer, args.crs, args.sheet)
        print(terminal_safe(_summary(json_path)))
    except CliError as error:
        message = " ".join(terminal_safe(str(error)).split())  # exactly one line
        print(f"error: {message}", file=sys.stderr)
        return error.code
    except Exception as error:  # noqa: BLE001 - the contract allows no traceback
        print(f"error: {type(error).__name__}: {' '.join(terminal_safe(str(error)).split())}", file=sys.stderr)
        return RUN_ERROR
    return 0


if __name__ == "__main__":
    sys.exit(main())
