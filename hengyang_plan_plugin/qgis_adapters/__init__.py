"""Thin QGIS glue. Importing it lets PG: plan sources use ``authcfg=`` (QGIS authentication manager)."""

from .postgis_auth import install_authcfg_resolver

install_authcfg_resolver()
