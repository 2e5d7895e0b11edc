"""STAC in, in QGIS: the dock searches a STAC API root like the mount; a product whose local copy is
missing loads through /vsicurl/ from nginx (Basic credentials from the QGIS authentication
database) and terrascope:physicalvalues runs on it; a wrong password and a server that is down give
a clear message while the dock stays responsive. Servers: tests/servers.py, on 127.0.0.1.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from qgis.core import QgsApplication, QgsAuthMethodConfig, QgsProject, QgsRasterLayer
from qgis.PyQt.QtCore import QTimer

from plugin import settings
from plugin.core.archive.catalogue import Catalogue, Query
from plugin.core.stac.client import TERRASCOPE_STAC
from plugin.gui.dock import TerrascopeDock
from plugin.gui.stac_roots import set_authcfg
from tests.qgis.fixtures_gui import wait_for
from tests.servers import archive_items, file_server, free_port, stac_server

pytestmark = pytest.mark.usefixtures("isolated_settings")  # tests/qgis/conftest.py

USER, PASSWORD = "bob", "Pw-for-bob-42"


@pytest.fixture(scope="module")
def files(demo_archive: str, tmp_path_factory) -> Iterator[str]:
    with file_server(Path(demo_archive), tmp_path_factory.mktemp("nginx"), USER, PASSWORD) as url:
        yield url


@pytest.fixture(scope="module")
def local_api(demo_archive: str, tmp_path_factory) -> Iterator[str]:
    with stac_server(archive_items(demo_archive), tmp_path_factory.mktemp("rustac")) as url:
        yield url


@pytest.fixture(scope="module")
def remote_api(demo_archive: str, files: str, tmp_path_factory) -> Iterator[str]:
    items = archive_items(demo_archive, href_base=files, local_root="/nonexistent/MTDA")
    with stac_server(items, tmp_path_factory.mktemp("rustac_remote")) as url:
        yield url


def basic_config(user: str, password: str) -> str:
    """A Basic configuration in the QGIS authentication database; its id."""
    manager = QgsApplication.authManager()
    if not manager.masterPasswordIsSet():
        assert manager.setMasterPassword("master-for-tests", True)
    config = QgsAuthMethodConfig("Basic")
    config.setName(f"terrascope test {user}")
    config.setConfig("username", user)
    config.setConfig("password", password)
    assert manager.storeAuthenticationConfig(config)[0]
    return config.id()


@pytest.fixture
def dock(qgis_iface, tmp_path) -> Iterator[TerrascopeDock]:
    QgsProject.instance().clear()
    widget = TerrascopeDock(qgis_iface, None)
    widget.cache_path = str(tmp_path / "listing.sqlite")
    widget.show()
    yield widget
    widget.shutdown()
    widget.deleteLater()
    wait_for(lambda: QgsApplication.taskManager().countActiveTasks() == 0, 60)
    QgsProject.instance().clear()


def choose(dock: TerrascopeDock, url: str) -> None:
    """Add ``url`` as a STAC API (as the Options page does) and select it in the dock."""
    settings.STAC_APIS.set_value([url])
    dock.apply_settings()
    index = dock._root_index(url)
    assert index >= 0
    dock.rootCombo.setCurrentIndex(index)


def run_search(dock: TerrascopeDock, timeout: float = 60) -> int:
    counts: list[int] = []
    dock.searchFinished.connect(counts.append)
    assert dock.search()
    assert wait_for(lambda: bool(counts), timeout), "the search did not finish"
    return counts[0]


def test_dock_searches_a_stac_api_like_the_mount(
    dock: TerrascopeDock, local_api: str, demo_archive: str
) -> None:
    assert dock._root_index(TERRASCOPE_STAC) >= 0  # "Terrascope STAC (online)" is offered
    label = dock.rootCombo.itemText(dock._root_index(TERRASCOPE_STAC))
    assert label == "Terrascope STAC (online)"
    choose(dock, local_api)
    assert wait_for(lambda: dock.collectionCombo.isEnabled() and dock.collectionCombo.count() > 0)
    mount = Catalogue([demo_archive], use_cache=False)
    assert [dock.collectionCombo.itemText(i) for i in range(dock.collectionCombo.count())] == [
        c.id for c in mount.collections()
    ]
    expected = sorted(p.path for p in mount.search(Query()))
    assert run_search(dock) == len(expected)
    assert sorted(hit.product.path for hit in dock.model.hits) == expected  # the local copy


def test_streamed_layer_and_physical_values(
    dock: TerrascopeDock,
    remote_api: str,
    files: str,
    demo_archive: str,
    terrascope_provider,
    pv_reference,
    pv_read,
    tmp_path,
) -> None:
    import processing

    set_authcfg(remote_api, basic_config(USER, PASSWORD))
    choose(dock, remote_api)
    assert run_search(dock) > 0
    row = next(i for i, hit in enumerate(dock.model.hits) if hit.product.band_file("NDVI") is not None)
    product = dock.model.hits[row].product
    assert product.path.startswith("/vsicurl?header_file=/vsimem/")
    dock.select_rows([row])
    dock.load_selected()
    assert wait_for(lambda: len(QgsProject.instance().mapLayers()) > 0)
    layers = [
        layer for layer in QgsProject.instance().mapLayers().values() if isinstance(layer, QgsRasterLayer)
    ]
    ndvi = next(layer for layer in layers if "_NDVI_10M_" in layer.source())
    assert ndvi.isValid() and "url=http://127.0.0.1" in ndvi.source()
    # The project keeps the path (naming the in-memory header file), never the credentials.
    project = tmp_path / "project.qgs"
    assert QgsProject.instance().write(str(project))
    assert PASSWORD not in project.read_text() and USER not in project.read_text()
    out = tmp_path / "pv.tif"
    processing.run("terrascope:physicalvalues", {"INPUT": ndvi, "OUTPUT": str(out)})
    relative = ndvi.source().split("url=", 1)[1][len(files) + 1 :]
    expected = pv_reference(f"{demo_archive}/{relative}")
    np.testing.assert_allclose(pv_read(str(out)), expected, rtol=0, atol=1e-6)


def test_wrong_password_is_one_clear_message(dock: TerrascopeDock, files: str) -> None:
    set_authcfg(files, basic_config(USER, "not-the-password"))
    choose(dock, files)  # nginx asks for credentials on every path: its answer to a wrong password
    assert wait_for(lambda: any("HTTP 401" in text for text in dock.messages()))
    assert run_search(dock) == 0
    text = next(t for t in dock.messages() if "HTTP 401" in t)
    assert "Options > Terrascope" in text and "Traceback" not in text
    assert "not-the-password" not in " ".join(dock.messages())


def test_server_down_is_a_message_and_the_dock_stays_responsive(dock: TerrascopeDock) -> None:
    down = f"http://127.0.0.1:{free_port()}"  # nothing listens
    choose(dock, down)
    assert wait_for(lambda: any("cannot reach the STAC API" in t for t in dock.messages()))
    assert run_search(dock) == 0
    # A server that accepts and never answers: the search waits in its task while the GUI runs.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        choose(dock, f"http://127.0.0.1:{silent.getsockname()[1]}")
        ticks: list[float] = []
        timer = QTimer()
        timer.timeout.connect(lambda: ticks.append(time.monotonic()))
        timer.start(20)
        dock.collectionCombo.clear()
        assert dock.search()
        wait_for(lambda: False, 1.0)
        assert dock.is_searching
        timer.stop()
        assert len(ticks) > 20 and max(np.diff(ticks)) < 0.5  # the event loop never stalled
        dock.cancel_search()
        assert wait_for(lambda: not dock.is_searching, 5)
