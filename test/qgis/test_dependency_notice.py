"""Without shapely 2 the plugin is a notice with an install button; Qt's own strings in Chinese."""

from __future__ import annotations

import pytest
from qgis.gui import QgsMessageBar
from qgis.PyQt.QtCore import QCoreApplication, QEvent
from qgis.PyQt.QtWidgets import QApplication, QMainWindow, QPushButton

from hengyang_plan_plugin import dependencies
from hengyang_plan_plugin.dependencies import DependencyStatus


class _Iface:
    """A real QgsMessageBar (pytest-qgis's stand-in has no createMessage/pushWidget)."""

    def __init__(self):
        self.window = QMainWindow()
        self.bar = QgsMessageBar(self.window)

    def messageBar(self):  # noqa: N802 (QGIS's name)
        return self.bar

    def mainWindow(self):  # noqa: N802 (QGIS's name)
        return self.window


def _visible_buttons(iface, name):
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return [button for button in iface.bar.findChildren(QPushButton, name)]


@pytest.fixture()
def notice(qgis_app, tmp_path):
    from hengyang_plan_plugin.dependency_notice import DependencyNotice

    iface = _Iface()
    status = DependencyStatus("shapely", "1.8.5", "/usr/lib/python3/dist-packages/shapely/__init__.py",
                              ["not shapely 2: lacks STRtree, make_valid"])
    plugin = DependencyNotice(iface, status, tmp_path / "dependencies" / "hengyang_plan_plugin")
    yield plugin
    plugin.unload()


def test_class_factory_answers_the_notice_when_shapely_2_is_missing(qgis_app, monkeypatch):
    import hengyang_plan_plugin
    from hengyang_plan_plugin.dependency_notice import DependencyNotice

    monkeypatch.setattr(dependencies, "check_shapely",
                        lambda module=None: DependencyStatus("shapely", problems=["cannot import shapely"]))
    plugin = hengyang_plan_plugin.classFactory(_Iface())
    assert isinstance(plugin, DependencyNotice)


def test_notice_shows_the_install_button_and_unload_removes_it(notice):
    notice.initGui()
    (button,) = _visible_buttons(notice.iface, "HengyangInstallDependency")
    assert button.text() in ("Install dependency", "安装依赖")
    assert "1.8.5" in notice.found()
    notice.unload()
    assert _visible_buttons(notice.iface, "HengyangInstallDependency") == []


def test_without_pip_the_notice_offers_the_commands_for_this_platform(notice):
    notice.initGui()
    notice._installed({"state": "no_pip", "python": "/usr/bin/python3"})
    assert notice.install_outcome["state"] == "no_pip"
    assert _visible_buttons(notice.iface, "HengyangInstallDependency") == []
    (button,) = _visible_buttons(notice.iface, "HengyangDependencyCommands")
    text = notice.manual_instructions()
    expected = dependencies.manual_commands(dependencies.platform_kind(), "/usr/bin/python3", notice.folder)
    for command in expected:
        assert command in text
    if dependencies.platform_kind() == "debian12":
        assert "sudo apt install python3-pip" in text and f"--target {notice.folder}" in text


def test_qt_translator_gives_chinese_dialog_buttons(qgis_app):
    from hengyang_plan_plugin.i18n import install_qt_translator, remove_translator

    assert install_qt_translator("en_US") is None
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    translator = install_qt_translator("zh-Hans")
    try:
        assert translator is not None, "Qt's translations are missing: apt-get install qttranslations5-l10n"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
        assert QCoreApplication.translate("QPlatformTheme", "OK") == "确定"
        assert install_qt_translator("zh-Hans") is None  # already translated: nothing more to load
    finally:
        remove_translator(translator)
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
