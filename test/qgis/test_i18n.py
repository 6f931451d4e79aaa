"""QGIS in Chinese shows the zh_CN translation. That every string has one is tested in test/unit/test_i18n.py."""

from __future__ import annotations


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
