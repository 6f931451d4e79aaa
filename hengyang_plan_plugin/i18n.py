"""Translation: every user-visible GUI string goes through ``tr``.

The source language is English; ``i18n/hengyang_plan_plugin_zh_CN.ts`` holds
the Chinese. ``install_translator`` loads the ``.qm`` for QGIS's UI locale.
"""

from __future__ import annotations

from qgis.core import QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QLocale, QTranslator

from .paths import I18N_DIR, PLUGIN_NAME

CONTEXT = "HengyangPlan"


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def ui_locale() -> str:
    """QGIS's UI locale, e.g. 'zh_CN' or 'en_US'."""
    settings = QgsSettings()
    if settings.value("locale/overrideFlag", False, type=bool):
        return str(settings.value("locale/userLocale", "") or "en_US")
    return QLocale.system().name()


def translation_name(locale: str) -> str:
    """QGIS names Chinese 'zh-Hans'/'zh-Hant'; our files use zh_CN/zh_TW."""
    locale = locale.replace("-", "_")
    if locale.startswith("zh"):
        return "zh_TW" if ("Hant" in locale or locale.endswith(("TW", "HK", "MO"))) else "zh_CN"
    return locale


def install_translator(locale: str | None = None) -> QTranslator | None:
    """Load the plugin translation for the locale; returns the installed translator."""
    locale = translation_name(locale or ui_locale())
    for candidate in (locale, locale.split("_")[0]):
        qm_path = I18N_DIR / f"{PLUGIN_NAME}_{candidate}.qm"
        if qm_path.is_file():
            translator = QTranslator()
            if translator.load(str(qm_path)):
                QCoreApplication.installTranslator(translator)
                return translator
    return None


def remove_translator(translator: QTranslator | None) -> None:
    if translator is not None:
        QCoreApplication.removeTranslator(translator)
