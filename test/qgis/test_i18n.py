"""Every GUI string has a finished zh_CN translation, and QGIS in Chinese shows it."""

from __future__ import annotations

import subprocess
import sys

from test.conftest import REPO_ROOT


def test_every_tr_string_has_a_finished_chinese_translation():
    completed = subprocess.run(
        [sys.executable, str(REPO_ROOT / "scripts" / "update_translations.py"), "--check"],
        capture_output=True, text=True,
    )
    assert completed.returncode == 0, completed.stdout


def test_chinese_locale_translates_and_english_does_not(qgis_app):
    from hengyang_plan_plugin.i18n import install_translator, remove_translator, tr
    from hengyang_plan_plugin.paths import I18N_DIR

    assert (I18N_DIR / "hengyang_plan_plugin_zh_CN.qm").is_file(), "run `make i18n` to compile the translation"
    assert install_translator("en_US") is None
    assert tr("Load the Hengyang plan") == "Load the Hengyang plan"
    translator = install_translator("zh-Hans")  # QGIS's name for Simplified Chinese
    try:
        assert translator is not None
        assert tr("Load the Hengyang plan") == "加载衡阳规划"
        assert tr("Loaded {} plan layers.").format(17) == "已加载 17 个规划图层。"
    finally:
        remove_translator(translator)
    assert tr("Load the Hengyang plan") == "Load the Hengyang plan"
