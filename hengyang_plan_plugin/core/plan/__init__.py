"""The plan: where it lives, how it is read, one backend per kind of store.

``model`` (references, features, the ``PlanBackend`` protocol), ``common``
(what every backend derives from its layers), ``file_location`` and
``postgis_catalog`` (finding the contract layers), ``ogr_layer``/``ogr_backend``
(GeoPackage and shapefile plans; ``gpkg_direct``: a huge GeoPackage layer read
through SQLite), ``postgis_backend`` (PostGIS plans) and
``registry`` (the only module that knows both backends: ``open_plan``).

Nothing is imported here, so importing one module never pulls in the others.
"""
