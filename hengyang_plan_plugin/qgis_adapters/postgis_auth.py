"""``authcfg=`` in a PG: plan source: credentials from the QGIS authentication manager.

The core (Qt-free) asks the resolver registered here when it connects; the
user name and password stay in memory for that connection and are never
logged, stored or put into layer URIs (those name the ``authcfg`` instead).
"""

from __future__ import annotations

from qgis.core import QgsApplication, QgsAuthMethodConfig

from ..core.plan.pg_connection import set_authcfg_resolver


def credentials_from_auth_manager(authcfg: str) -> tuple[str, str]:
    """(user, password) of a Basic authentication configuration; LookupError when unusable."""
    manager = QgsApplication.authManager()
    config = QgsAuthMethodConfig()
    if (
        manager is None
        or not manager.loadAuthenticationConfig(authcfg, config, True)
        or not config.isValid(True)
    ):
        raise LookupError(
            f"QGIS 认证配置 {authcfg} 不存在或无法解密（请在 QGIS 认证管理器中检查该配置和主密码）"
        )
    return config.config("username"), config.config("password")


def install_authcfg_resolver() -> None:
    set_authcfg_resolver(credentials_from_auth_manager)
