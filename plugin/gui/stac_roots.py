"""STAC APIs as archive roots of the dock: "Terrascope STAC (online)" plus the addresses the user added.

A root is either a folder (the mount) or an http(s) address (a STAC API). :func:`catalogue_opener`
is the one place that turns roots into what the search and the collection list run on: a
:class:`~..core.archive.catalogue.Catalogue` or a :class:`~..core.stac.client.StacCatalogue`.
Credentials come from the QGIS authentication database (a Basic configuration per API, chosen in
Settings > Options > Terrascope), QGIS's proxy settings are passed on; neither is logged.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import quote, urlsplit

from qgis.core import QgsApplication, QgsAuthMethodConfig, QgsNetworkAccessManager
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtNetwork import QNetworkProxy

from .. import settings
from ..core.archive.catalogue import Catalogue
from ..core.stac.client import TERRASCOPE_STAC, StacAuthError, StacCatalogue, is_stac_url
from ..qgis_utils import tr

__all__ = [
    "TERRASCOPE_STAC",
    "authcfg_for",
    "catalogue_opener",
    "credentials",
    "is_stac_url",
    "proxy_url",
    "set_authcfg",
    "stac_roots",
    "sync_stac_roots",
]


def stac_roots() -> list[tuple[str, str]]:
    """(label, address) of the STAC APIs offered as roots: Terrascope's (unless switched off),
    then the ones the user added."""
    roots = [(tr("Terrascope STAC (online)"), TERRASCOPE_STAC)] if settings.STAC_TERRASCOPE.value() else []
    for url in settings.STAC_APIS.value():
        if is_stac_url(url) and all(url != known for _label, known in roots):
            roots.append((tr("STAC: {}").format(urlsplit(url).netloc), url))
    return roots


def _auth_map() -> dict[str, str]:
    pairs = (entry.split(" ", 1) for entry in settings.STAC_AUTHCFG.value() if " " in entry)
    return {url: authcfg for url, authcfg in pairs}


def authcfg_for(url: str) -> str:
    """The QGIS authentication configuration id chosen for the STAC API ``url`` ('' when none)."""
    return _auth_map().get(url.rstrip("/"), "")


def set_authcfg(url: str, authcfg: str) -> None:
    found = _auth_map()
    found.pop(url.rstrip("/"), None)
    if authcfg:
        found[url.rstrip("/")] = authcfg
    settings.STAC_AUTHCFG.set_value([f"{key} {value}" for key, value in sorted(found.items())])


def credentials(url: str) -> tuple[str, str] | None:
    """(user, password) of the API's Basic configuration; None when none is chosen. A chosen
    configuration that cannot be read raises :class:`StacAuthError` saying what to do."""
    authcfg = authcfg_for(url)
    if not authcfg:
        return None
    config = QgsAuthMethodConfig()
    manager = QgsApplication.authManager()
    if not manager.loadAuthenticationConfig(authcfg, config, True) or not config.isValid():
        raise StacAuthError(
            tr(
                "The authentication configuration chosen for {} cannot be read (is the QGIS master "
                "password entered? was it deleted?): choose one again in Settings > Options > Terrascope."
            ).format(url)
        )
    if config.method() != "Basic":
        raise StacAuthError(
            tr(
                "The authentication configuration chosen for {} is not of type Basic (user name and password)."
            ).format(url)
        )
    return config.config("username"), config.config("password")


def proxy_url() -> str | None:
    """QGIS's HTTP proxy (Settings > Options > Network) as a URL; None: no proxy set in QGIS."""
    proxy = QgsNetworkAccessManager.instance().fallbackProxy()
    if proxy.type() not in (QNetworkProxy.HttpProxy, QNetworkProxy.HttpCachingProxy) or not proxy.hostName():
        return None
    login = ""
    if proxy.user():
        login = f"{quote(proxy.user(), safe='')}:{quote(proxy.password(), safe='')}@"
    return f"http://{login}{proxy.hostName()}:{proxy.port()}"


def catalogue_opener(roots: Sequence[str], cache_path: str | None) -> Callable[[], Any]:
    """What a search or a collection list runs on, made later (in a task): a STAC API root gets a
    :class:`StacCatalogue` with its credentials and QGIS's proxy (read now, on the calling
    thread), folders a :class:`Catalogue`."""
    stac = [root for root in roots if is_stac_url(root)]
    if not stac:
        return lambda: Catalogue(list(roots), cache_path=cache_path)
    url = stac[0]
    try:
        auth, error = credentials(url), None
    except StacAuthError as exc:
        auth, error = None, exc
    proxy = proxy_url()

    def open_api() -> StacCatalogue:
        if error is not None:
            raise error
        return StacCatalogue(url, auth=auth, proxy=proxy)

    return open_api


def sync_stac_roots(chooser: Any) -> None:
    """Follow the STAC APIs of the settings in the root chooser (after the folders)."""
    wanted = stac_roots()
    urls = {url for _label, url in wanted}
    combo = chooser.combo
    for index in reversed(range(combo.count())):
        data = str(combo.itemData(index) or "")
        if is_stac_url(data) and data not in urls:
            combo.removeItem(index)
    for label, url in wanted:
        if chooser.index_of(url) < 0:
            chooser.insert(combo.count(), label, url)
            combo.setItemData(combo.count() - 1, tr("{} (STAC API, online)").format(url), Qt.ToolTipRole)
