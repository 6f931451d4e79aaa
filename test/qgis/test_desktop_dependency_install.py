"""Install from ZIP on a QGIS whose Python lacks shapely 2, as a Debian 12 user has it.

The real desktop on the system Python (no venv on its path): the plugin shows
"安装依赖", the button installs shapely 2 with that Python's pip into the
profile, and after a restart the toolbar and dock are there and the engine
reviews on the installed shapely with the system numpy and GDAL.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from test.conftest import REPO_ROOT

sys.path.insert(0, str(REPO_ROOT / "scripts"))
from run_qgis_desktop import run_desktop  # noqa: E402

pytestmark = pytest.mark.desktop

SYSTEM_PYTHON = "/usr/bin/python3"
PROBE = REPO_ROOT / "scripts" / "qgis_dependency_probe.py"
SAMPLE = REPO_ROOT / "resources" / "samples" / "sample_submission.txt"


def _system_check(extra_env: dict[str, str]) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    completed = subprocess.run(
        [SYSTEM_PYTHON, "-s", str(REPO_ROOT / "hengyang_plan_plugin" / "dependencies.py"), "--check"],
        capture_output=True, text=True, check=False, env={**env, **extra_env},
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def plugin_zip():
    from hengyang_plan_plugin.paths import plugin_version

    path = REPO_ROOT / "dist" / f"hengyang_plan_plugin-{plugin_version()}.zip"
    if not path.is_file():
        pytest.fail(f"{path} is missing: run `make package` first")
    return path


@pytest.fixture(scope="module")
def old_shapely(tmp_path_factory):
    """shapely 1.8.5 (what Debian 12's python3-shapely is) on the system Python's path."""
    if sys.version_info >= (3, 12):  # the venv's Python is the system Python
        pytest.skip("shapely 1.8.5 has no wheel for Python >= 3.12, whose Debian ships shapely 2")
    folder = tmp_path_factory.mktemp("shapely-1.8")
    subprocess.run([SYSTEM_PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "--no-deps",
                    "--only-binary=:all:", "--target", str(folder), "shapely==1.8.5.post1"], check=True)
    return folder


def _profiles(tmp_path, plugin_zip, extra_env) -> Path:
    if _system_check(extra_env)["ok"]:
        pytest.skip(f"{SYSTEM_PYTHON} already has a working shapely 2: nothing to install")
    path = tmp_path / "profiles"
    subprocess.run([sys.executable, str(REPO_ROOT / "scripts" / "make_profile.py"), "--profiles-path",
                    str(path), "--plugin-zip", str(plugin_zip), "--locale", "zh-Hans"], check=True)
    return path


def _install_then_restart(profiles: Path, extra_env: dict[str, str], found: str) -> None:
    folder = profiles / "profiles" / "default" / "python" / "dependencies" / "hengyang_plan_plugin"
    first = run_desktop(profiles, probe=PROBE, venv=False, screenshot=profiles / "dependency-notice.png",
                        extra_env={**extra_env, "HENGYANG_PROBE_STEP": "install"})
    assert first["errors"] == []
    assert first["python_prefix"] == "/usr"
    assert first["plugin_class"] == "DependencyNotice"
    (message,) = first["messages_at_start"]
    assert "shapely 2" in message and found in message
    assert "安装依赖" in message and "重启 QGIS" in message
    assert first["install_buttons"] == ["安装依赖"]
    assert any("正在安装 shapely 2" in text for text in first["messages_while_installing"])
    outcome = first["install_outcome"]
    assert outcome["state"] == "ok", outcome
    assert outcome["python"].startswith("/usr/bin/python3")
    assert Path(outcome["location"]).parent.parent == folder
    assert any("已将 shapely 2.0.7 安装到" in text for text in first["messages_after_install"])
    assert first["buttons_after_unload"] == 0  # unload takes the message away
    installed = sorted(p.name for p in folder.iterdir())
    assert "shapely" in installed and "shapely-2.0.7.dist-info" in installed
    assert "numpy" not in installed  # the system numpy (GDAL's) stays in charge

    second = run_desktop(profiles, probe=PROBE, venv=False, review=SAMPLE,
                         extra_env={**extra_env, "HENGYANG_PROBE_STEP": "after"})
    assert second["errors"] == []
    assert second["plugin_class"] == "HengyangPlanPlugin"
    assert second["toolbar"] and second["dock"] and second["provider"]
    assert second["dock_title"] == "衡阳规划审查"
    assert second["shapely"]["version"] == "2.0.7"
    assert Path(second["shapely"]["file"]).parent.parent == folder
    assert second["messages_at_start"] == []
    assert second["plan_layers"] > 0
    assert second["review_verdict"] == "fail"


def test_without_shapely_the_install_button_makes_a_working_plugin(tmp_path, plugin_zip):
    profiles = _profiles(tmp_path, plugin_zip, {})
    if _system_check({})["location"] is not None:
        pytest.skip(f"{SYSTEM_PYTHON} has a shapely; the shapely 1.8 case covers it")
    _install_then_restart(profiles, {}, "未安装 shapely")


def test_with_shapely_1_8_the_install_button_makes_a_working_plugin(tmp_path, plugin_zip, old_shapely):
    extra_env = {"PYTHONPATH": str(old_shapely)}
    profiles = _profiles(tmp_path, plugin_zip, extra_env)
    _install_then_restart(profiles, extra_env, "已有的 shapely 1.8.5")
