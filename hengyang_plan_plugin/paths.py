"""Where metadata, resources and styles live.

Two layouts exist: the repository checkout (``metadata.txt``, ``resources/`` and
``styles/`` beside the package folder) and the installed plugin (everything
inside the package folder, as ``make package`` stages it). This module is the
only place that knows the difference.
"""

from __future__ import annotations

import configparser
from functools import lru_cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def _plugin_root() -> Path:
    if (PACKAGE_DIR / "metadata.txt").is_file():
        return PACKAGE_DIR
    return PACKAGE_DIR.parent


PLUGIN_ROOT = _plugin_root()
METADATA_PATH = PLUGIN_ROOT / "metadata.txt"
RESOURCES_DIR = PLUGIN_ROOT / "resources"
STYLES_DIR = PLUGIN_ROOT / "styles"
I18N_DIR = PACKAGE_DIR / "i18n"
SAMPLE_PLAN_PATH = RESOURCES_DIR / "data" / "hengyang_sample_plan.gpkg"
RULES_DIR = RESOURCES_DIR / "rules"
LAYOUTS_DIR = RESOURCES_DIR / "layouts"
SAMPLES_DIR = RESOURCES_DIR / "samples"
ICONS_DIR = RESOURCES_DIR / "icons"

PLUGIN_NAME = "hengyang_plan_plugin"


@lru_cache(maxsize=1)
def metadata() -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(METADATA_PATH, encoding="utf-8")
    return dict(parser["general"])


def plugin_version() -> str:
    return metadata().get("version", "0.0.0")


def style_path(layer_name: str) -> Path:
    return STYLES_DIR / f"{layer_name}.qml"


def icon_path(name: str) -> Path:
    return ICONS_DIR / name
