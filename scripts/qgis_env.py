"""The environment QGIS programs (desktop, qgis_process.bin) need to run this plugin.

Debian's QGIS embeds /usr/bin/python3, which does not see the project's venv;
the venv's site-packages (shapely 2) go on PYTHONPATH.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def venv_site_packages() -> list[str]:
    return [str(p) for p in sorted((REPO / ".venv" / "lib").glob("python3*/site-packages"))]


def with_venv_pythonpath(env: dict[str, str]) -> dict[str, str]:
    env = dict(env)
    paths = venv_site_packages() + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    env["PYTHONPATH"] = os.pathsep.join(paths)
    return env


if __name__ == "__main__":
    # `make run` uses this to print the PYTHONPATH for QGIS.
    print(with_venv_pythonpath(dict(os.environ))["PYTHONPATH"])
