"""QGIS-side helpers every part of the plugin shares: the logger and the background task."""
