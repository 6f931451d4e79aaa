"""Translation: every user-visible GUI string goes through ``tr``.

The source language is English; ``i18n/hengyang_plan_plugin_zh_CN.ts`` holds
the Chinese. ``install_translator`` loads the ``.qm`` for QGIS's UI locale.
"""

from __future__ import annotations

from qgis.core import QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

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


def qt_translations_dir() -> str:
    if hasattr(QLibraryInfo, "path"):  # Qt 6
        return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    return QLibraryInfo.location(QLibraryInfo.LibraryLocation.TranslationsPath)


def install_qt_translator(locale: str | None = None) -> QTranslator | None:
    """Qt's own strings (dialog buttons: 取消, 打开, 确定) in the UI language.

    QGIS 3.22 loads ``qt_<QGIS locale>``, i.e. ``qt_zh-Hans``, which does not
    exist (Qt names it ``zh_CN``), so Qt's file dialogs and message boxes stay in
    English. When Qt's strings are still untranslated, load Qt's catalogue
    (Debian: qttranslations5-l10n) under its own name; None if nothing was needed
    or nothing was found.
    """
    locale = translation_name(locale or ui_locale())
    if locale.startswith("en") or locale in ("C", "POSIX"):
        return None
    if QCoreApplication.translate("QPlatformTheme", "Cancel") != "Cancel":
        return None  # QGIS already installed Qt's translation
    directory = qt_translations_dir()
    for name in (f"qt_{locale}", f"qtbase_{locale}"):
        translator = QTranslator()
        if translator.load(name, directory):
            QCoreApplication.installTranslator(translator)
            return translator
    return None


def remove_translator(translator: QTranslator | None) -> None:
    if translator is not None:
        QCoreApplication.removeTranslator(translator)
