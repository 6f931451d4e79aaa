"""Stands in for the plugin when shapely 2 is missing: a message with an install button.

``classFactory`` returns ``DependencyNotice`` instead of the plugin when
``dependencies.check_shapely`` fails. ``initGui`` shows the reason in the
message bar with "Install dependency"; the button runs the QGIS Python's pip
in a QgsTask (``--target`` the plugin's folder in the QGIS profile), confirms
the result in a fresh interpreter and asks for a restart. Without pip it shows
the commands for the user's platform. Imports only Qt, QGIS and the Qt-free
``dependencies`` module, never the engine.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from qgis.core import Qgis, QgsApplication, QgsMessageLog, QgsTask
from qgis.PyQt import sip
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QMessageBox, QProgressBar, QPushButton

from . import dependencies
from .i18n import install_qt_translator, install_translator, remove_translator, tr

LOG_TAG = "Hengyang plan review"
INSTALL_BUTTON = "HengyangInstallDependency"
COMMANDS_BUTTON = "HengyangDependencyCommands"


class InstallTask(QgsTask):
    """pip --target in a worker thread; ``outcome`` says what happened (read it in ``finished``)."""

    def __init__(self, folder: Path, on_done):
        super().__init__(tr("Installing shapely 2 for the Hengyang plan review"), QgsTask.Flag.CanCancel)
        self.folder = folder
        self.on_done = on_done
        self.outcome: dict = {"state": "running"}

    def run(self) -> bool:  # worker thread: no GUI here
        try:
            self.outcome = self._install()
        except Exception as error:  # report, never raise out of a task
            self.outcome = {"state": "error", "detail": f"{type(error).__name__}: {error}"}
        return self.outcome["state"] == "ok"

    def _install(self) -> dict:
        python = dependencies.find_python()
        if python is None:
            return {"state": "no_python"}
        self.setProgress(10)
        if not dependencies.has_pip(python):
            return {"state": "no_pip", "python": python}
        self.setProgress(20)
        command = dependencies.pip_install_command(python, self.folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                   env=dependencies._clean_env(), **dependencies._no_window())
        deadline = time.monotonic() + 900
        while process.poll() is None:
            if self.isCanceled() or time.monotonic() > deadline:
                process.kill()
                process.wait()
                return {"state": "cancelled", "python": python}
            time.sleep(0.2)
        output = process.stdout.read() if process.stdout else ""
        if process.returncode != 0:
            return {"state": "pip_failed", "python": python, "returncode": process.returncode,
                    "detail": output[-4000:], "command": command}
        self.setProgress(80)
        status = dependencies.verify_install(python, self.folder)
        if not status.ok:
            return {"state": "not_working", "python": python, "detail": status.summary(),
                    "pip": output[-4000:]}
        return {"state": "ok", "python": python, "version": status.version, "location": status.location}

    def finished(self, result: bool):  # main thread
        self.on_done(self.outcome)


class DependencyNotice:
    """The plugin object QGIS gets while shapely 2 is missing."""

    def __init__(self, iface, status: dependencies.DependencyStatus, folder: Path):
        self.iface = iface
        self.status = status
        self.folder = Path(folder)
        self.translator = None
        self.qt_translator = None
        self.items: list = []
        self.task: InstallTask | None = None
        # What the last install attempt gave (for the desktop test and the log).
        self.install_outcome: dict | None = None
        self._unloaded = False

    def initGui(self):  # noqa: N802 (QGIS's name)
        self.translator = install_translator()
        self.qt_translator = install_qt_translator()
        QgsMessageLog.logMessage(self.status.summary(), LOG_TAG, Qgis.MessageLevel.Critical)
        text = tr("The review engine needs the Python package shapely 2 ({}). "
                  "Click “Install dependency”, then restart QGIS.")
        self._push(text.format(self.found()), Qgis.MessageLevel.Critical,
                   (INSTALL_BUTTON, tr("Install dependency"), self.install))

    def found(self) -> str:
        """What this Python has instead of shapely 2, in the user's words."""
        status = self.status
        if status.location is None and status.version is None:
            return tr("shapely is not installed")
        if any(problem.startswith("not shapely 2") for problem in status.problems):
            return tr("it has shapely {}, which is older than 2").format(status.version or "?")
        return tr("shapely {} does not work: {}").format(status.version or "?", "; ".join(status.problems))

    def unload(self):
        self._unloaded = True
        if self.task is not None:
            self.task.on_done = lambda _outcome: None
        self._clear_items()
        remove_translator(self.translator)
        remove_translator(self.qt_translator)
        self.translator = self.qt_translator = None

    # --- message bar ---------------------------------------------------------

    def _push(self, text: str, level, button=None, progress: bool = False):
        self._clear_items()
        bar = self.iface.messageBar()
        item = bar.createMessage(tr("Hengyang plan review"), text)
        if progress:
            bar_widget = QProgressBar(item)
            bar_widget.setRange(0, 0)  # busy: pip prints no usable percentage
            bar_widget.setMaximumWidth(160)
            item.layout().addWidget(bar_widget)
        if button is not None:
            name, label, slot = button
            push_button = QPushButton(label, item)
            push_button.setObjectName(name)
            push_button.clicked.connect(slot)
            item.layout().addWidget(push_button)
        self.items.append(bar.pushWidget(item, level, 0))

    def _clear_items(self):
        bar = self.iface.messageBar()
        for item in self.items:
            if item is not None and not sip.isdeleted(item):
                bar.popWidget(item)
        self.items = []

    # --- installing ---------------------------------------------------------

    def install(self):
        if self.task is not None:
            return  # already running
        self.install_outcome = {"state": "running"}
        self._push(tr("Installing shapely 2 into {} …").format(self.folder), Qgis.MessageLevel.Info,
                   progress=True)
        self.task = InstallTask(self.folder, self._installed)
        QgsApplication.taskManager().addTask(self.task)

    def _installed(self, outcome: dict):
        self.task = None
        self.install_outcome = outcome
        QgsMessageLog.logMessage(f"dependency install: {outcome}", LOG_TAG, Qgis.MessageLevel.Info)
        if self._unloaded:
            return
        state = outcome["state"]
        if state == "ok":
            self._push(tr("shapely {} is installed in {}. Restart QGIS to use the Hengyang plan review.")
                       .format(outcome.get("version") or "2", self.folder), Qgis.MessageLevel.Success)
            return
        reasons = {
            "no_python": tr("no Python interpreter matching this QGIS was found"),
            "no_pip": tr("pip is not available for {}").format(outcome.get("python")),
            "pip_failed": tr("pip failed (exit code {})").format(outcome.get("returncode")),
            "not_working": tr("the installed shapely does not work: {}").format(outcome.get("detail")),
            "cancelled": tr("the installation was cancelled"),
        }
        reason = reasons.get(state, outcome.get("detail") or state)
        self._push(tr("Could not install shapely 2: {}").format(reason), Qgis.MessageLevel.Critical,
                   (COMMANDS_BUTTON, tr("Show the commands"), self.show_commands))

    def manual_instructions(self) -> str:
        """The text of the "install by hand" dialog for this platform."""
        python = (self.install_outcome or {}).get("python") or dependencies.find_python()
        kind = dependencies.platform_kind()
        commands = "\n".join(dependencies.manual_commands(kind, python, self.folder))
        if kind == "osgeo4w":
            head = tr("Run this in the OSGeo4W Shell (Start menu ▸ OSGeo4W Shell), then restart QGIS:")
            tail = tr("Or install the package python3-shapely with the OSGeo4W installer "
                      "(osgeo4w-setup.exe, Advanced Install).")
            return f"{head}\n\n{commands}\n\n{tail}"
        return f"{tr('Run these commands in a terminal, then restart QGIS:')}\n\n{commands}"

    def show_commands(self):
        box = QMessageBox(QMessageBox.Icon.Information, tr("Install shapely 2 by hand"),
                          self.manual_instructions(), QMessageBox.StandardButton.Ok, self.iface.mainWindow())
        detail = (self.install_outcome or {}).get("detail")
        if detail:
            box.setDetailedText(str(detail))
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.exec()
