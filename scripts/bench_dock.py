"""The benchmark's dock figure (called by bench.py).

- dock_ms: what a technician waits for in the dock. The plugin's dock on a real canvas
  (shown, 1600×1000) with the city-scale plan loaded and styled; the warm site in the 送审红线
  layer; the clock runs from the click on 运行审查 to the verdict banner filled and the canvas
  drawn with the result layers (QgsMapCanvas.mapCanvasRefreshed after the review finished).
  Median of RUNS clicks; the plan handle stays open between them, as in a QGIS session.

The dock reviews against the plan set in the plugin's options: the benchmark points the option
at its plan for the measurement and puts the user's value back afterwards.
"""

from __future__ import annotations

import statistics
import time

RUNS = 20
CANVAS_SIZE = (1600, 1000)
TIMEOUT_S = 120.0


class _Iface:
    """What the dock asks of QGIS's interface: the canvas, the message bar, the main window."""

    def __init__(self, window, canvas, bar):
        self._window, self._canvas, self._bar = window, canvas, bar

    def mainWindow(self):  # noqa: N802 (QGIS's name)
        return self._window

    def mapCanvas(self):  # noqa: N802
        return self._canvas

    def messageBar(self):  # noqa: N802
        return self._bar


def _wait(condition, what: str) -> None:
    from qgis.PyQt.QtWidgets import QApplication

    deadline = time.perf_counter() + TIMEOUT_S
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError(f"dock: {what} took more than {TIMEOUT_S:.0f} s")
        QApplication.processEvents()
        time.sleep(0.001)


def measure_dock(data, figures, log, load_plan_into, runs: int = RUNS) -> None:
    from qgis.core import QgsProject, QgsSettings
    from qgis.gui import QgsLayerTreeMapCanvasBridge, QgsMapCanvas, QgsMessageBar
    from qgis.PyQt.QtWidgets import QMainWindow

    from hengyang_plan_plugin.core.submission_io import read_submission
    from hengyang_plan_plugin.gui.dock import HengyangPlanDock
    from hengyang_plan_plugin.qgis_adapters.preferences import SETTINGS_PREFIX
    from hengyang_plan_plugin.qgis_adapters.site_layer import add_submission_to_site_layer

    key = SETTINGS_PREFIX + "plan_source"
    settings = QgsSettings()
    saved = settings.value(key, None)
    settings.setValue(key, str(data.plan))
    project = QgsProject.instance()
    project.clear()
    window = QMainWindow()
    canvas = QgsMapCanvas(window)
    window.setCentralWidget(canvas)
    window.resize(*CANVAS_SIZE)
    window.show()
    bridge = QgsLayerTreeMapCanvasBridge(project.layerTreeRoot(), canvas)
    refreshed = []
    canvas.mapCanvasRefreshed.connect(lambda: refreshed.append(time.perf_counter()))
    dock = HengyangPlanDock(_Iface(window, canvas, QgsMessageBar(window)), window)
    try:
        load_plan_into(data.plan, project, canvas)
        bridge.setCanvasLayers()
        site = data.by_role("warm")[0]
        layer = add_submission_to_site_layer(project, read_submission(str(site.file)), replace=True)
        dock.use_site_layer(layer, site.land_use)
        times = []
        for _ in range(runs + 1):  # the first click warms the plan handle: not counted
            started = time.perf_counter()
            dock.review_panel.run_button.click()
            _wait(lambda: dock.task is None, "the review")
            done = time.perf_counter()
            if dock.last_run is None:
                raise RuntimeError("dock: the review failed: " + "; ".join(
                    item.text() for item in dock.iface.messageBar().items()))
            _wait(lambda done=done: refreshed and refreshed[-1] > done and not canvas.isDrawing(), "drawing the result")
            times.append((refreshed[-1] - started) * 1000.0)
        figures.values["dock_ms"] = statistics.median(times[1:])
        figures.notes["dock_ms"] = (
            f"click on 运行审查 → banner and canvas drawn with the result layers, median of {runs} "
            f"(first {times[0]:.0f} ms, max {max(times[1:]):.0f} ms); site {site.id}, "
            f"{len(dock.last_run.data['checks'])} checks, canvas {CANVAS_SIZE[0]}x{CANVAS_SIZE[1]}"
        )
        log(f"bench: dock_ms={figures.values['dock_ms']:.0f}")
    finally:
        dock.shutdown()
        dock.deleteLater()
        del bridge
        window.close()
        project.clear()
        if saved is None:
            settings.remove(key)
        else:
            settings.setValue(key, saved)
