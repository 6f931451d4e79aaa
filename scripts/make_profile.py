"""Create a throwaway QGIS profile with the plugin installed and enabled.

Usage: make_profile.py --profiles-path DIR (--plugin-dir STAGED_DIR | --plugin-zip ZIP)
QGIS reads DIR/profiles/default; the plugin goes to its python/plugins folder.
"""

from __future__ import annotations

import argparse
import configparser
import shutil
import zipfile
from pathlib import Path

PLUGIN = "hengyang_plan_plugin"

# Keep first-start dialogs and network look-ups out of the way of a scripted start.
SETTINGS = {
    "PythonPlugins": {PLUGIN: "true"},
    "qgis": {
        "checkVersion": "false",
        "showTips": "false",
        "allowVersionCheck": "false",
        "projOpen": "false",
    },
    "core": {"NewsFeed\\httpsfeedqgisorg\\disabled": "true"},
    "app": {"pluginManager\\checkOnStart": "false"},
    "migration": {"fileVersion": "2", "settings": "true"},
}


def install_plugin(plugins_dir: Path, plugin_dir: Path | None, plugin_zip: Path | None) -> None:
    target = plugins_dir / PLUGIN
    if target.exists():
        shutil.rmtree(target)
    plugins_dir.mkdir(parents=True, exist_ok=True)
    if plugin_zip is not None:
        with zipfile.ZipFile(plugin_zip) as archive:
            archive.extractall(plugins_dir)
    else:
        shutil.copytree(plugin_dir, target, ignore=shutil.ignore_patterns("__pycache__", ".staged"))


def write_settings(ini_path: Path, locale: str | None) -> None:
    ini_path.parent.mkdir(parents=True, exist_ok=True)
    parser = configparser.RawConfigParser()
    parser.optionxform = str  # QGIS keys are case-sensitive
    if ini_path.is_file():
        parser.read(ini_path, encoding="utf-8")
    settings = {section: dict(values) for section, values in SETTINGS.items()}
    if locale:
        settings["locale"] = {"overrideFlag": "true", "userLocale": locale}
    for section, values in settings.items():
        if not parser.has_section(section):
            parser.add_section(section)
        for key, value in values.items():
            parser.set(section, key, value)
    with ini_path.open("w", encoding="utf-8") as handle:
        parser.write(handle, space_around_delimiters=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--profiles-path", required=True, type=Path)
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--plugin-dir", type=Path)
    source.add_argument("--plugin-zip", type=Path)
    parser.add_argument("--locale", default="zh-Hans", help="QGIS UI locale, e.g. zh-Hans (简体中文) or en_US")
    args = parser.parse_args()
    profile = args.profiles_path / "profiles" / "default"
    install_plugin(profile / "python" / "plugins", args.plugin_dir, args.plugin_zip)
    write_settings(profile / "QGIS" / "QGIS3.ini", args.locale)
    print(f"profile ready: {profile}")


if __name__ == "__main__":
    main()
