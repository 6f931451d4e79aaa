"""Keep the zh_CN translation source in step with the code.

Collects every ``tr("literal")`` in the package (ast, so only literals count),
merges them into ``hengyang_plan_plugin/i18n/hengyang_plan_plugin_zh_CN.ts``,
keeps existing translations, marks new strings unfinished and drops obsolete
ones. ``--check`` changes nothing and exits 1 when a string is missing or
unfinished. ``make i18n`` compiles the .ts to .qm with lrelease.
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "hengyang_plan_plugin"
TS_PATH = PACKAGE / "i18n" / "hengyang_plan_plugin_zh_CN.ts"
CONTEXT = "HengyangPlan"


def source_strings() -> dict[str, str]:
    """Every literal passed to tr(), with the first place it occurs."""
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
            if name != "tr":
                continue
            argument = node.args[0]
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                found.setdefault(argument.value, f"{path.relative_to(REPO)}:{node.lineno}")
    return found


def read_translations(path: Path = TS_PATH) -> dict[str, tuple[str, bool]]:
    """source → (translation, finished)."""
    if not path.is_file():
        return {}
    result = {}
    for message in ET.parse(path).getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        text = translation.text or "" if translation is not None else ""
        finished = translation is not None and translation.get("type") not in ("unfinished", "obsolete")
        result[source] = (text, finished and bool(text))
    return result


def write_ts(strings: dict[str, str], translations: dict[str, tuple[str, bool]], path: Path = TS_PATH) -> None:
    root = ET.Element("TS", version="2.1", language="zh_CN", sourcelanguage="en")
    context = ET.SubElement(root, "context")
    ET.SubElement(context, "name").text = CONTEXT
    for source in sorted(strings):
        message = ET.SubElement(context, "message")
        ET.SubElement(message, "location", filename=strings[source].rsplit(":", 1)[0],
                      line=strings[source].rsplit(":", 1)[1])
        ET.SubElement(message, "source").text = source
        text, finished = translations.get(source, ("", False))
        translation = ET.SubElement(message, "translation")
        translation.text = text
        if not finished:
            translation.set("type", "unfinished")
    ET.indent(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    body = ET.tostring(root, encoding="unicode")
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")


def problems(strings: dict[str, str], translations: dict[str, tuple[str, bool]]) -> list[str]:
    return [f"{where}: no finished zh_CN translation for {source!r}"
            for source, where in sorted(strings.items(), key=lambda item: item[1])
            if not translations.get(source, ("", False))[1]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--merge", type=Path, help="JSON {source: translation} to merge in as finished")
    args = parser.parse_args()
    strings, translations = source_strings(), read_translations()
    if args.merge:
        merged = json.loads(args.merge.read_text(encoding="utf-8"))
        translations.update({source: (text, bool(text)) for source, text in merged.items()})
    if not args.check:
        write_ts(strings, translations)
    missing = problems(strings, translations)
    for line in missing:
        print(line)
    if args.check and missing:
        sys.exit(1)


if __name__ == "__main__":
    main()
