"""Start the real QGIS desktop under Xvfb with a profile and a probe script.

Used by `make screenshot` and the desktop tests. Returns the probe's JSON state.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
sys.path.insert(0, str(SCRIPTS))
from qgis_env import with_venv_pythonpath  # noqa: E402

SCREEN = "-screen 0 1600x1000x24"


def run_desktop(profiles_path: Path, screenshot: Path | None = None, review: Path | None = None,
                reload_plugin: bool = False, print_sheet: bool = False,
                timeout: int = 300, probe: Path | None = None, venv: bool = True,
                extra_env: dict[str, str] | None = None) -> dict:
    """``venv=False`` runs QGIS on the system Python alone, as a user's QGIS does (no venv shapely)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "probe.json"
        env = with_venv_pythonpath(dict(os.environ)) if venv else _without_venv(dict(os.environ))
        env.update(extra_env or {})
        env.pop("QT_QPA_PLATFORM", None)  # a real X display (Xvfb), not offscreen
        env["HENGYANG_PROBE_OUT"] = str(out)
        env.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp(prefix="xdg-"))
        if screenshot:
            env["HENGYANG_PROBE_SCREENSHOT"] = str(screenshot.resolve())
        if print_sheet:
            env["HENGYANG_PROBE_PRINT"] = "1"
        if reload_plugin:
            env["HENGYANG_PROBE_RELOAD"] = "1"
        if review:
            env["HENGYANG_PROBE_REVIEW"] = str(review.resolve())
        command = ["xvfb-run", "-a", "-s", SCREEN, "qgis", "--profiles-path", str(profiles_path.resolve()),
                   "--nologo", "--code", str(probe or SCRIPTS / "qgis_desktop_probe.py")]
        completed = subprocess.run(command, env=env, timeout=timeout, capture_output=True, text=True)
        if not out.is_file():
            raise RuntimeError(
                f"QGIS exited ({completed.returncode}) without writing the probe result\n"
                f"stdout: {completed.stdout[-3000:]}\nstderr: {completed.stderr[-3000:]}"
            )
        state = json.loads(out.read_text(encoding="utf-8"))
        # How QGIS ended after the probe left through File ▸ Exit: 0, not a crash in its teardown.
        state["exit_code"] = completed.returncode
        return state


def _without_venv(env: dict[str, str]) -> dict[str, str]:
    for name in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"):
        env.pop(name, None)
    venv_bin = str(SCRIPTS.parent / ".venv" / "bin")
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p != venv_bin)
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--profiles-path", required=True, type=Path)
    parser.add_argument("--output", type=Path, help="screenshot PNG")
    parser.add_argument("--review", type=Path, help="submission to review before the screenshot")
    args = parser.parse_args()
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
    state = run_desktop(args.profiles_path, args.output, args.review)
    print(json.dumps({k: v for k, v in state.items() if k != "layers"}, ensure_ascii=False, indent=1))
    if state["errors"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
