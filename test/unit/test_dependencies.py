"""The dependency check is by capability, not by version string; the install route per platform."""

from __future__ import annotations

import subprocess
import sys
import types
from pathlib import Path

import pytest
import shapely

from hengyang_plan_plugin import dependencies
from hengyang_plan_plugin.dependencies import check_shapely


def _shapely_reporting(version: str) -> types.ModuleType:
    """The real shapely 2 under another version string (Debian forky's 2.1 says '0+unknown')."""
    stand_in = types.ModuleType("shapely")
    stand_in.__version__ = version
    stand_in.__getattr__ = lambda name: getattr(shapely, name)  # PEP 562: everything else is the real one
    return stand_in


def _shapely_1_8() -> types.ModuleType:
    """Shaped like shapely 1.8.5: geometry classes and a few helpers, none of the vectorised functions."""
    old = types.ModuleType("shapely")
    old.__version__ = "1.8.5"
    old.__file__ = "/usr/lib/python3/dist-packages/shapely/__init__.py"
    old.Point = shapely.Point
    old.Polygon = shapely.Polygon
    old.box = shapely.box
    return old


@pytest.mark.parametrize("version", ["0+unknown", "2.1.0"])
def test_real_shapely_2_passes_whatever_its_version_string(version):
    status = check_shapely(_shapely_reporting(version))
    assert status.ok, status.problems
    assert status.version == version


def test_the_installed_shapely_passes():
    status = check_shapely()
    assert status.ok, status.problems
    assert status.summary() == f"shapely {shapely.__version__}: OK"


def test_shapely_1_8_fails_naming_what_it_lacks():
    status = check_shapely(_shapely_1_8())
    assert not status.ok
    (problem,) = status.problems
    assert problem.startswith("not shapely 2: lacks ")
    for name in ("STRtree", "from_wkb", "make_valid", "union_all", "get_parts", "is_valid_reason"):
        assert name in problem
    assert "1.8.5" in status.summary()


def test_functions_that_exist_but_behave_like_shapely_1_fail():
    # Shapely 1.8's STRtree.query(geom) answers geometries, not indices, and has no predicate.
    class OldTree:
        def __init__(self, geoms):
            self.geoms = list(geoms)

        def query(self, geom, predicate=None):
            return [g for g in self.geoms if g.intersects(geom)]

    stand_in = _shapely_reporting("1.8.5")
    stand_in.STRtree = OldTree
    status = check_shapely(stand_in)
    assert not status.ok
    assert "STRtree.query" in status.problems[0]


def test_a_missing_shapely_fails(monkeypatch):
    monkeypatch.setitem(sys.modules, "shapely", None)  # import shapely -> ImportError
    status = check_shapely()
    assert not status.ok
    assert status.problems[0].startswith("cannot import shapely (ModuleNotFoundError") or \
        status.problems[0].startswith("cannot import shapely (ImportError")


def test_the_script_checks_in_a_fresh_interpreter_with_the_folder_first(tmp_path):
    # A folder with an install record but a broken shapely in it shadows the good one.
    (tmp_path / "shapely-9.9.dist-info").mkdir()
    (tmp_path / "shapely").mkdir()
    (tmp_path / "shapely" / "__init__.py").write_text("raise ImportError('broken build')\n")
    script = Path(dependencies.__file__)
    good = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True)
    assert good.returncode == 0, good.stdout + good.stderr
    broken = subprocess.run([sys.executable, str(script), "--check", str(tmp_path)],
                            capture_output=True, text=True)
    assert broken.returncode == 1
    assert "broken build" in broken.stdout


def test_dependency_folder_is_in_the_profile_and_only_added_when_installed(tmp_path, monkeypatch):
    folder = dependencies.dependency_folder(tmp_path / "profiles" / "default")
    assert folder == tmp_path / "profiles" / "default" / "python" / "dependencies" / "hengyang_plan_plugin"
    monkeypatch.setattr(sys, "path", list(sys.path))
    assert not dependencies.add_dependency_folder(folder)
    (folder / "shapely-2.0.7.dist-info").mkdir(parents=True)
    assert dependencies.add_dependency_folder(folder)
    assert sys.path[0] == str(folder)


def test_pip_command_targets_the_folder_and_keeps_the_system_numpy(tmp_path):
    command = dependencies.pip_install_command("/usr/bin/python3", tmp_path, with_numpy=False, with_docx=False)
    assert command[:4] == ["/usr/bin/python3", "-m", "pip", "install"]
    assert command[command.index("--target") + 1] == str(tmp_path)
    assert "--no-deps" in command and "--break-system-packages" not in command
    assert command[-1] == "shapely==2.0.7"
    with_numpy = dependencies.pip_install_command("python", tmp_path, with_numpy=True, with_docx=False)
    assert with_numpy[-2:] == ["shapely==2.0.7", "numpy<2"]


def test_pip_command_adds_python_docx_when_word_export_is_missing(tmp_path):
    command = dependencies.pip_install_command("python", tmp_path, with_numpy=False, with_docx=True)
    assert command[-2:] == [dependencies.DOCX_PIN, *dependencies.DOCX_COMPANIONS]
    assert "--no-deps" in command


def test_python_docx_of_the_venv_writes_a_document():
    # requirements/testing.txt pins the same python-docx the plugin installs.
    status = dependencies.check_docx()
    assert status.ok, status.problems
    assert f"python-docx=={status.version}" == dependencies.DOCX_PIN
    assert dependencies.docx_requirements() == []


def test_the_interpreter_found_is_this_python():
    python = dependencies.find_python()
    assert python is not None
    assert dependencies.probe_python(python)
    assert not dependencies.probe_python("/nonexistent/python3")


@pytest.mark.parametrize(("release", "expected"), [
    ({"ID": "debian", "VERSION_ID": "12"}, "debian12"),
    ({"ID": "debian", "VERSION_ID": "13"}, "apt-shapely2"),
    ({"ID": "debian"}, "apt-shapely2"),  # testing / unstable (forky) have no VERSION_ID
    ({"ID": "ubuntu", "ID_LIKE": "debian", "VERSION_ID": "24.04"}, "apt-shapely2"),
    ({"ID": "ubuntu", "ID_LIKE": "debian", "VERSION_ID": "22.04"}, "debian12"),
    ({"ID": "fedora", "VERSION_ID": "40"}, "other"),
])
def test_platform_kind_on_linux(release, expected):
    assert dependencies.platform_kind("linux", release, "/usr") == expected


def test_platform_kind_on_windows_and_macos(monkeypatch):
    monkeypatch.delenv("OSGEO4W_ROOT", raising=False)
    assert dependencies.platform_kind("win32", {}, r"C:\OSGeo4W\apps\Python312") == "osgeo4w"
    assert dependencies.platform_kind("win32", {}, r"C:\Python312") == "windows"
    assert dependencies.platform_kind("darwin", {}, "/Applications/QGIS.app/Contents/Frameworks") == "macos"


def test_manual_commands_per_platform(tmp_path):
    debian = dependencies.manual_commands("debian12", "/usr/bin/python3", tmp_path)
    assert debian[0] == "sudo apt install python3-pip"
    assert debian[1].startswith("/usr/bin/python3 -m pip install ") and f"--target {tmp_path}" in debian[1]
    assert dependencies.manual_commands("apt-shapely2", "/usr/bin/python3", tmp_path) == \
        ["sudo apt install python3-shapely"]
    (osgeo,) = dependencies.manual_commands("osgeo4w", None, r"C:\Users\me\AppData\Roaming\QGIS\deps")
    assert osgeo.startswith("python -m pip install --target ") and osgeo.endswith("shapely==2.0.7")
