"""Does this Python have what the review engine needs?  Qt-free.

The check is by capability, not by version string: Debian's own shapely 2.1
builds report ``0+unknown``, so parsing ``__version__`` refuses good installs.
``check_shapely`` runs each shapely 2 function the engine calls on small real
geometries and says which one is missing or fails.

When shapely 2 is missing, the plugin can install it with the QGIS Python's
own pip into a folder of its own in the QGIS profile (``--target``; never the
system site-packages). ``add_dependency_folder`` puts that folder first on
``sys.path`` before the engine is imported. The rest of this module finds the
interpreter, builds the pip command and, where there is no pip, the command the
user should run on their platform.

python-docx (the editable review.docx) is optional: ``check_docx`` says whether
it works; the same pip call installs it beside shapely (pure Python, with
typing_extensions, and lxml only where this Python has none), and without it
every other output is written and the Word export says what to run
(``docx_install_hint``).

Run as a script (``python dependencies.py --check [FOLDER]``) it prints the
check as JSON: the installer uses that to confirm a fresh install in a clean
interpreter before asking for a restart.
"""

from __future__ import annotations

import importlib
import json
import os
import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

PLUGIN_NAME = "hengyang_plan_plugin"

# shapely 2.0.x wheels run on numpy 1.x (Debian 12 has numpy 1.24, which its GDAL
# is built against) and on numpy 2; pinned so a later shapely cannot ask for more.
SHAPELY_PIN = "shapely==2.0.7"
NUMPY_FOR_EMPTY_PYTHON = "numpy<2"
# The Word 审查意见表; the same pin as requirements/testing*.txt. python-docx 1.2 imports
# typing_extensions (>= 4.9), which Debian 12's QGIS Python does not have.
DOCX_PIN = "python-docx==1.2.0"
DOCX_COMPANIONS = ("typing_extensions>=4.9,<5",)
LXML_FOR_EMPTY_PYTHON = "lxml>=4.9,<6"

# Top-level shapely 2 functions that hengyang_plan_plugin calls (grep core/ and qgis_adapters/).
SHAPELY_FUNCTIONS = (
    "STRtree", "Point", "Polygon", "box", "from_wkb", "to_wkb", "make_valid", "is_valid", "is_valid_reason",
    "union_all", "get_parts", "get_type_id", "prepare", "intersects", "contains", "intersection",
    "difference", "area", "distance", "force_2d", "has_z", "is_missing", "is_empty", "set_precision",
    "transform",
)


@dataclass
class DependencyStatus:
    """What the check found: ``ok`` or the reasons it is not."""

    name: str
    version: str | None = None
    location: str | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        found = f"{self.name} {self.version}" if self.version else self.name
        return f"{found}: OK" if self.ok else f"{found}: " + "; ".join(self.problems)

    def to_dict(self) -> dict:
        return {"name": self.name, "version": self.version, "location": self.location,
                "ok": self.ok, "problems": list(self.problems)}


def _import(name: str) -> ModuleType:
    return importlib.import_module(name)


def _exercise_shapely(shapely: ModuleType) -> None:
    """Call every function the engine relies on with shapely 2 semantics; raise on a difference."""
    import numpy as np

    a = shapely.box(0, 0, 2, 2)
    b = shapely.box(1, 1, 3, 3)
    far = shapely.box(10, 10, 11, 11)

    # Vectorised WKB on numpy object arrays (core/plan backends).
    wkbs = np.array([bytes(shapely.to_wkb(g)) for g in (a, b, far)], dtype=object)
    shapes = shapely.from_wkb(wkbs)
    if not (isinstance(shapes, np.ndarray) and shapes.shape == (3,)):
        raise AssertionError("from_wkb(array) does not return an array of geometries")

    # STRtree queries answer integer indices, with a predicate (core/plan/ogr_layer).
    hits = shapely.STRtree(shapes).query(shapely.box(0.5, 0.5, 1.5, 1.5), predicate="intersects")
    hits = np.asarray(hits)
    if not np.issubdtype(hits.dtype, np.integer) or sorted(hits.tolist()) != [0, 1]:
        raise AssertionError(f"STRtree.query(predicate='intersects') answered {hits!r}, not indices [0, 1]")

    # Vectorised predicates and overlay (overlay, indicators).
    shapely.prepare(a)
    if shapely.intersects(a, shapes).tolist() != [True, True, False]:
        raise AssertionError("intersects(geometry, array) is not vectorised")
    if shapely.contains(shapely.box(-1, -1, 4, 4), shapes).tolist() != [True, True, False]:
        raise AssertionError("contains(geometry, array) is not vectorised")
    pieces = shapely.intersection(shapes[:2], a)
    if [round(float(x), 6) for x in shapely.area(pieces)] != [4.0, 1.0]:
        raise AssertionError("intersection(array, geometry) / area(array) give wrong areas")
    if round(float(shapely.area(shapely.difference(a, b))), 6) != 3.0:
        raise AssertionError("difference gives a wrong area")
    if [round(float(x), 6) for x in shapely.distance(shapes, a)] != [0.0, 0.0, round(8 * 2 ** 0.5, 6)]:
        raise AssertionError("distance(array, geometry) gives wrong distances")

    # union_all, get_parts, get_type_id (overlay.polygonal).
    union = shapely.union_all([a, b, far])
    parts = shapely.get_parts(union)
    if sorted(shapely.get_type_id(parts).tolist()) != [3, 3]:  # two polygons
        raise AssertionError("union_all/get_parts/get_type_id do not split the union into polygons")

    # Validity: make_valid and is_valid_reason on a bow-tie (review, core/plan).
    bowtie = shapely.Polygon([(0, 0), (2, 2), (2, 0), (0, 2), (0, 0)])
    if shapely.is_valid(bowtie) or "Self-intersection" not in shapely.is_valid_reason(bowtie):
        raise AssertionError("is_valid/is_valid_reason do not report the self-intersection")
    repaired = shapely.make_valid(bowtie)
    if not shapely.is_valid(repaired) or round(float(shapely.area(repaired)), 6) != 2.0:
        raise AssertionError("make_valid does not repair a bow-tie polygon")

    # Z handling, missing values, precision and coordinate transforms (core/plan, crs, overlay).
    with_z = shapely.from_wkb(shapely.to_wkb(shapely.Point(1, 2, 3)))
    flat = shapely.force_2d(np.array([with_z], dtype=object))
    if not shapely.has_z(with_z) or shapely.has_z(flat).any():
        raise AssertionError("has_z/force_2d do not drop the Z coordinate")
    if shapely.is_missing(np.array([None, a], dtype=object)).tolist() != [True, False]:
        raise AssertionError("is_missing does not tell None from a geometry")
    if not shapely.is_empty(shapely.Polygon()):
        raise AssertionError("is_empty(Polygon()) is False")
    snapped = shapely.set_precision(shapely.box(0.0004, 0, 1, 1), 0.001)
    if round(float(shapely.area(snapped)), 6) != 1.0:
        raise AssertionError("set_precision does not snap to the grid")
    moved = shapely.transform(a, lambda xy: xy + 10)
    if tuple(round(v, 6) for v in moved.bounds) != (10.0, 10.0, 12.0, 12.0):
        raise AssertionError("transform(geometry, function on the coordinate array) does not move it")


def check_shapely(module: ModuleType | None = None) -> DependencyStatus:
    """Check shapely by what it can do. ``module`` lets a test hand in a stand-in."""
    status = DependencyStatus("shapely")
    if module is None:
        try:
            module = _import("shapely")
        except Exception as error:  # ImportError, or a broken build failing inside its import
            status.problems.append(f"cannot import shapely ({type(error).__name__}: {error})")
            return status
    status.version = str(getattr(module, "__version__", "") or "") or None
    status.location = getattr(module, "__file__", None)
    missing = [name for name in SHAPELY_FUNCTIONS if not callable(getattr(module, name, None))]
    if missing:
        status.problems.append("not shapely 2: lacks " + ", ".join(missing))
        return status
    try:
        _exercise_shapely(module)
    except Exception as error:
        status.problems.append(f"shapely 2 functions do not work ({type(error).__name__}: {error})")
    return status


def check_docx() -> DependencyStatus:
    """Can this Python write a .docx (python-docx with a table, saved to memory)?"""
    status = DependencyStatus("python-docx")
    try:
        import io

        docx = _import("docx")
        document = docx.Document()
        document.add_table(rows=1, cols=2).cell(0, 0).text = "审查"
        document.save(io.BytesIO())
    except Exception as error:
        status.problems.append(f"cannot write a .docx ({type(error).__name__}: {error})")
        return status
    status.location = getattr(docx, "__file__", None)
    try:
        from importlib.metadata import version

        status.version = version("python-docx")
    except Exception:
        status.version = None
    return status


def _importable(name: str) -> bool:
    try:
        _import(name)
    except Exception:
        return False
    return True


def docx_requirements() -> list[str]:
    """What pip must add for the Word export; empty when python-docx already works."""
    if check_docx().ok:
        return []
    return [DOCX_PIN, *DOCX_COMPANIONS] + ([] if _importable("lxml") else [LXML_FOR_EMPTY_PYTHON])


def docx_install_hint(settings_dir: str | os.PathLike | None = None) -> str:
    """The command that adds python-docx for this QGIS (into the plugin's dependency folder)."""
    python = find_python() or ("python" if os.name == "nt" else "python3")
    folder = (
        dependency_folder(settings_dir)
        if settings_dir
        else Path("<QGIS 配置目录>") / "python" / "dependencies" / PLUGIN_NAME
    )
    args = [python, "-m", "pip", "install", "--no-deps", "--target", str(folder),
            DOCX_PIN, *DOCX_COMPANIONS]
    return _quote(args, os.name == "nt")


# --- the plugin's own dependency folder --------------------------------------


def dependency_folder(settings_dir: str | os.PathLike) -> Path:
    """``<QGIS profile>/python/dependencies/hengyang_plan_plugin``: survives plugin upgrades."""
    return Path(settings_dir) / "python" / "dependencies" / PLUGIN_NAME


def add_dependency_folder(folder: str | os.PathLike) -> bool:
    """Put the folder first on sys.path if something was installed there; True if it was added."""
    folder = Path(folder)
    if not folder.is_dir() or not any(folder.glob("*.dist-info")):
        return False
    text = str(folder)
    if text in sys.path:
        sys.path.remove(text)
    sys.path.insert(0, text)
    importlib.invalidate_caches()
    return True


# --- the interpreter and its pip ----------------------------------------------


def python_candidates() -> list[str]:
    """Interpreters that may be the one QGIS embeds, best first.

    Inside QGIS ``sys.executable`` is not the interpreter (it can be the qgis
    binary, or whatever ``python3`` PATH finds first, e.g. a pyenv shim), so the
    ones beside ``sys.exec_prefix`` come first; ``probe_python`` confirms each.
    """
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    prefix = Path(sys.exec_prefix)
    if os.name == "nt":  # OSGeo4W and the standalone installer: apps/Python3xx/python.exe
        names = [prefix / "python.exe", prefix / "python3.exe", prefix / "Scripts" / "python.exe"]
    else:
        names = [prefix / "bin" / f"python{version}", prefix / "bin" / "python3", prefix / "bin" / "python"]
    names += [Path(p) for p in (getattr(sys, "_base_executable", None), sys.executable) if p]
    seen: list[str] = []
    for path in names:
        text = str(path)
        if text not in seen and Path(text).name.lower().startswith("python") and Path(text).is_file():
            seen.append(text)
    return seen


_PROBE = "import sys, json; print(json.dumps([sys.prefix, sys.exec_prefix, list(sys.version_info[:2])]))"


def _clean_env() -> dict[str, str]:
    env = dict(os.environ)
    for name in ("PYTHONPATH", "PYTHONHOME", "PIP_REQUIRE_VIRTUALENV", "PIP_USER", "PIP_TARGET",
                 "PIP_PREFIX"):
        env.pop(name, None)
    env["PYTHONNOUSERSITE"] = "1"
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def probe_python(candidate: str, timeout: float = 30) -> bool:
    """Is ``candidate`` the same Python as this one (same prefix and version)?"""
    try:
        completed = subprocess.run([candidate, "-c", _PROBE], capture_output=True, text=True,
                                   timeout=timeout, env=_clean_env(), **_no_window())
        prefix, exec_prefix, version = json.loads(completed.stdout.strip().splitlines()[-1])
    except Exception:
        return False
    same_prefix = os.path.normcase(os.path.realpath(prefix)) == os.path.normcase(os.path.realpath(sys.prefix))
    return same_prefix and tuple(version) == tuple(sys.version_info[:2])


def find_python() -> str | None:
    for candidate in python_candidates():
        if probe_python(candidate):
            return candidate
    return None


def has_pip(python: str, timeout: float = 60) -> bool:
    try:
        completed = subprocess.run([python, "-m", "pip", "--version"], capture_output=True, text=True,
                                   timeout=timeout, env=_clean_env(), **_no_window())
    except Exception:
        return False
    return completed.returncode == 0


def _numpy_importable() -> bool:
    try:
        import numpy  # noqa: F401
    except Exception:
        return False
    return True


def pip_install_command(
    python: str, folder: str | os.PathLike, with_numpy: bool | None = None, with_docx: bool | None = None
) -> list[str]:
    """pip into the plugin's folder only; --no-deps keeps the system numpy (GDAL is built against it).
    python-docx (and what it imports) comes along when this Python cannot write a .docx."""
    if with_numpy is None:
        with_numpy = not _numpy_importable()
    docx = docx_requirements() if with_docx is None else ([DOCX_PIN, *DOCX_COMPANIONS] if with_docx else [])
    requirements = [SHAPELY_PIN] + ([NUMPY_FOR_EMPTY_PYTHON] if with_numpy else []) + docx
    return [python, "-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--upgrade",
            "--no-deps", "--only-binary=:all:", "--target", str(folder), *requirements]


def verify_command(python: str, folder: str | os.PathLike) -> list[str]:
    """Run this module's check in a fresh interpreter with the folder first on its path."""
    return [python, str(Path(__file__).resolve()), "--check", str(folder)]


def run_pip(python: str, folder: str | os.PathLike, timeout: float = 600) -> subprocess.CompletedProcess:
    Path(folder).mkdir(parents=True, exist_ok=True)
    return subprocess.run(pip_install_command(python, folder), capture_output=True, text=True,
                          timeout=timeout, env=_clean_env(), **_no_window())


def verify_install(python: str, folder: str | os.PathLike, timeout: float = 120) -> DependencyStatus:
    status = DependencyStatus("shapely")
    try:
        completed = subprocess.run(verify_command(python, folder), capture_output=True, text=True,
                                   timeout=timeout, env=_clean_env(), **_no_window())
        found = json.loads(completed.stdout.strip().splitlines()[-1])
    except Exception as error:
        status.problems.append(f"the check after installing did not run ({type(error).__name__}: {error})")
        return status
    status.version, status.location, status.problems = found["version"], found["location"], found["problems"]
    return status


def _no_window() -> dict:
    # No console window flashing up on Windows.
    return {"creationflags": 0x08000000} if os.name == "nt" else {}


# --- what the user should run when the plugin cannot install by itself -------


def os_release(path: str = "/etc/os-release") -> dict[str, str]:
    values: dict[str, str] = {}
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError:
        return values
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep:
            values[key.strip()] = value.strip().strip('"')
    return values


def _version_at_least(text: str, wanted: tuple[int, ...]) -> bool:
    numbers = []
    for part in text.split("."):
        if not part.isdigit():
            break
        numbers.append(int(part))
    return bool(numbers) and tuple(numbers) >= wanted


def platform_kind(platform: str | None = None, release: dict[str, str] | None = None,
                  prefix: str | None = None) -> str:
    """'osgeo4w', 'windows', 'macos', 'debian12' (apt's shapely is 1.8), 'apt-shapely2' or 'other'."""
    platform = platform or sys.platform
    prefix = prefix if prefix is not None else sys.prefix
    if platform.startswith("win"):
        return "osgeo4w" if ("osgeo4w" in prefix.lower() or os.environ.get("OSGEO4W_ROOT")) else "windows"
    if platform == "darwin":
        return "macos"
    release = os_release() if release is None else release
    ids = {release.get("ID", "")} | set(release.get("ID_LIKE", "").split())
    version = release.get("VERSION_ID", "")
    if release.get("ID") == "ubuntu":
        return "apt-shapely2" if _version_at_least(version, (24, 4)) else "debian12"
    if "debian" in ids or "ubuntu" in ids:
        if release.get("ID") == "debian" and version and not _version_at_least(version, (13,)):
            return "debian12"
        if release.get("ID") == "debian":  # 13 (trixie) and testing/unstable without VERSION_ID
            return "apt-shapely2"
    return "other"


def _quote(args: list[str], windows: bool) -> str:
    if windows:
        return subprocess.list2cmdline(args)
    return shlex.join(args)


def manual_commands(kind: str, python: str | None, folder: str | os.PathLike) -> list[str]:
    """The commands, in order, that make shapely 2 available to this QGIS."""
    windows = kind in ("osgeo4w", "windows")
    python = python or ("python" if windows else "python3")
    pip_target = _quote(pip_install_command(python, folder), windows)
    if kind == "apt-shapely2":
        return ["sudo apt install python3-shapely"]
    if kind == "debian12":
        return ["sudo apt install python3-pip", pip_target]
    if kind == "osgeo4w":
        # In the OSGeo4W Shell ``python`` is the QGIS Python.
        return [_quote(["python", "-m", "pip", "install", "--target", str(folder), SHAPELY_PIN], True)]
    return [pip_target]


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Check shapely 2 by capability; print the result as JSON.")
    parser.add_argument("--check", nargs="?", const="", metavar="FOLDER",
                        help="check, with FOLDER (an install --target folder) first on sys.path")
    args = parser.parse_args(argv)
    if args.check:
        add_dependency_folder(args.check)
    status = check_shapely()
    print(json.dumps(status.to_dict(), ensure_ascii=False))
    return 0 if status.ok else 1


if __name__ == "__main__":
    # Run as a file: its own folder (the package, with modules such as ``processing``) must not shadow others.
    if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
        del sys.path[0]
    sys.exit(main())
