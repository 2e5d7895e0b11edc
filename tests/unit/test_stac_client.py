"""STAC in: a search through a real STAC API (``rustac serve``, 127.0.0.1) returns the products a
search of the mount returns; files stream from nginx (Basic auth) when the local copy is missing;
failures give one clear message. The servers are started and stopped here (tests/servers.py).

Expected values come from the mount's catalogue search and from GDAL reading the local files, and
the collection ids from the reference (§7), never from the STAC client.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from osgeo import gdal

from plugin.core.archive.catalogue import Catalogue, Query
from plugin.core.products.model import Product
from plugin.core.stac.client import StacAuthError, StacCatalogue, StacError, same_site
from tests.servers import archive_items, file_server, free_port, stac_server

# Reference §7: Terrascope's STAC ids of the archive's collections.
TERRASCOPE_IDS = {
    "NDVI_V2": "terrascope-s2-ndvi-v2",
    "FAPAR_V2": "terrascope-s2-fapar-v2",
    "LAI_V2": "terrascope-s2-lai-v2",
    "TOC_V2": "terrascope-s2-toc-v2",
    "CGS_S1_GRD_SIGMA0_L1": "terrascope-s1-grd-sigma0-v1",
}
USER, PASSWORD = "alice", "s3cret-Pw"
PAGE = 7  # the demo archive's products need many pages


@pytest.fixture(scope="session")
def demo_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo archive, generated once per session (shared by name with test_archive)."""
    from demo_archive import generator as demo

    out = tmp_path_factory.getbasetemp() / "demo_archive"
    if not (out / "DEMO_MANIFEST.json").exists():
        demo.generate(str(out), force=True)
    return out


def _terrascope_items(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Items as Terrascope's: its collection ids; the local copy under ``local`` (file://) or, as
    in VITO's fixtures, ``MEP`` (a plain path), alternately."""
    for index, item in enumerate(items):
        item["collection"] = TERRASCOPE_IDS.get(item["collection"], item["collection"])
        if index % 2:
            for asset in item["assets"].values():
                href = asset["alternate"].pop("local")["href"]
                asset["alternate"]["MEP"] = {"href": href.removeprefix("file://")}
    return items


@pytest.fixture(scope="module")
def files(demo_archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with file_server(demo_archive, tmp_path_factory.mktemp("nginx"), USER, PASSWORD) as url:
        yield url


@pytest.fixture(scope="module")
def api(demo_archive: Path, files: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Items whose local copy exists (the demo archive) and whose hrefs point at nginx."""
    items = _terrascope_items(archive_items(str(demo_archive), href_base=files))
    with stac_server(items, tmp_path_factory.mktemp("rustac")) as url:
        yield url


@pytest.fixture(scope="module")
def remote_api(demo_archive: Path, files: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The same items, their local copy under a folder that does not exist on this machine."""
    items = archive_items(str(demo_archive), href_base=files, local_root="/nonexistent/MTDA")
    with stac_server(_terrascope_items(items), tmp_path_factory.mktemp("rustac_remote")) as url:
        yield url


def _record(product: Product) -> tuple[str, str, tuple[tuple[str, str, str, int | None], ...]]:
    """What makes two product records the same: collection, path, and each file's relative path,
    role, band and resolution."""
    base = product.path
    return (
        product.collection,
        base,
        tuple((f.path[len(base) + 1 :], f.role, f.band, f.resolution) for f in product.files),
    )


def _mount(demo_archive: Path, query: Query) -> list[tuple[Any, ...]]:
    return sorted(_record(p) for p in Catalogue([str(demo_archive)], use_cache=False).search(query))


def _stac(url: str, query: Query, **options: Any) -> tuple[list[tuple[Any, ...]], StacCatalogue]:
    catalogue = StacCatalogue(url, page_size=PAGE, **options)
    return sorted(_record(p) for p in catalogue.search(query)), catalogue


QUERIES = {
    "all": Query(),
    "all versions": Query(all_versions=True),
    "our id": Query(collections=["NDVI_V2"]),
    "api id": Query(collections=["FAPAR_V2", "cgs_s2_fapar"]),
    "dates": Query(start=date(2020, 5, 7), end=date(2020, 5, 17)),
    "tile": Query(collections=["LAI_V2"], tiles=["32ulb"]),
    "bbox": Query(bbox=(6.0, 50.0, 9.0, 53.0)),
}


@pytest.mark.parametrize("label", list(QUERIES))
def test_search_returns_the_mounts_products(label: str, api: str, demo_archive: Path) -> None:
    query = QUERIES[label]
    expected = _mount(demo_archive, query)
    if label == "api id":  # the API's own id (any case, - or _) names the same collection
        query = Query(collections=["Terrascope_S2_FAPAR_V2", "cgs_s2_fapar"])
    found, catalogue = _stac(api, query)
    assert expected, "the query must select something"
    assert found == expected
    assert not catalogue.skipped


def test_paging_follows_next_links_and_cloud_filter(api: str, demo_archive: Path) -> None:
    found, catalogue = _stac(api, Query(all_versions=True))
    assert found == _mount(demo_archive, Query(all_versions=True))
    assert catalogue.pages >= len(found) // PAGE > 10  # many pages: the page size is small
    # Cloud cover: the mount reads the product XML; the items carry it as eo:cloud_cover.
    query = Query(max_cloud=20)
    mount = Catalogue([str(demo_archive)], use_cache=False).search(query)
    expected = sorted((_record(p), p.cloud_cover) for p in mount)
    catalogue = StacCatalogue(api, page_size=PAGE)
    assert not catalogue.supports_filter()  # rustac's memory backend: filtered here
    found_cloud = sorted((_record(p), p.cloud_cover) for p in catalogue.search(query))
    assert found_cloud == expected
    assert 0 < len(expected) < len(found)


def test_collections_use_the_archive_ids(api: str, demo_archive: Path) -> None:
    ours = {c.id for c in Catalogue([str(demo_archive)], use_cache=False).collections()}
    assert {c.id for c in StacCatalogue(api).collections()} == ours


def test_local_copy_wins_when_it_exists(api: str, demo_archive: Path) -> None:
    products = list(StacCatalogue(api, page_size=PAGE).search(Query(collections=["NDVI_V2"])))
    assert products
    assert all(p.path.startswith(str(demo_archive) + "/") for p in products)


def _checksum(path: str) -> int:
    dataset = gdal.OpenEx(path, gdal.OF_RASTER)
    return dataset.GetRasterBand(1).Checksum()


def test_missing_local_copy_streams_with_credentials(remote_api: str, files: str, demo_archive: Path) -> None:
    query = Query(collections=["NDVI_V2"], tiles=["31UFS"], start=date(2020, 5, 17), end=date(2020, 5, 17))
    local = _mount(demo_archive, query)
    catalogue = StacCatalogue(remote_api, auth=(USER, PASSWORD), page_size=PAGE)
    products = list(catalogue.search(query))
    assert len(products) == len(local) == 1
    product = products[0]
    # Same files, roles and bands as the mount's; read over HTTP through GDAL.
    assert [f[1:] for f in _record(product)[2]] == [f[1:] for f in local[0][2]]
    assert f"url={files}/TERRASCOPE_Sentinel2/NDVI_V2/" in product.path
    data = product.band_file("NDVI")
    assert data is not None and data.path.startswith("/vsicurl?header_file=/vsimem/")
    local_file = f"{demo_archive}/{os.path.relpath(data.path.split('url=', 1)[1], files)}"
    assert _checksum(data.path) == _checksum(local_file)
    # Never the credentials in a path or a record.
    assert PASSWORD not in product.json_line() and USER not in product.path


def test_streaming_without_credentials_is_refused(remote_api: str) -> None:
    product = next(iter(StacCatalogue(remote_api).search(Query(collections=["NDVI_V2"]))))
    assert product.path.startswith("/vsicurl/http://")
    data = product.band_file("NDVI")
    gdal.VSICurlClearCache()
    try:  # GDAL's exceptions may be on or off in this process
        with _quiet():
            dataset = gdal.OpenEx(data.path, gdal.OF_RASTER)
        message = gdal.GetLastErrorMsg()
    except RuntimeError as exc:
        dataset, message = None, str(exc)
    assert dataset is None and "401" in message


class _quiet:  # GDAL 3.6 has no gdal.quiet_errors()
    def __enter__(self) -> None:
        gdal.PushErrorHandler("CPLQuietErrorHandler")

    def __exit__(self, *exc: object) -> None:
        gdal.PopErrorHandler()


def test_credentials_only_for_the_apis_site() -> None:
    assert same_site("https://stac.terrascope.be/", "https://services.terrascope.be/download/x.tif")
    assert not same_site("https://stac.terrascope.be/", "https://evil.example.org/x.tif")
    assert not same_site("http://127.0.0.1:8000/", "http://127.0.0.2:8000/x.tif")
    catalogue = StacCatalogue("http://127.0.0.1:9/", auth=(USER, PASSWORD))
    assert catalogue.remote_path("http://localhost:9/a/b.tif") == "/vsicurl/http://localhost:9/a/b.tif"
    assert "header_file" in catalogue.remote_path("http://127.0.0.1:9/a/b.tif")


# --------------------------------------------------------------------------- failures: one clear message
def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TERRASCOPE_")}
    return subprocess.run(
        [sys.executable, "-m", "plugin.core", "search", *args],
        capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip


def test_cli_search_matches_the_mount(api: str, demo_archive: Path) -> None:
    online = _cli("--stac-api", api, "--collection", "NDVI_V2", "--start", "2020-05-01", "--json")
    mount = _cli(
        str(demo_archive), "--no-cache", "--collection", "NDVI_V2", "--start", "2020-05-01", "--json"
    )
    assert online.returncode == 0, online.stderr

    def records(text: str) -> list[dict[str, Any]]:
        out = [json.loads(line) for line in text.splitlines()]
        for record in out:
            record.pop("footprint")  # the mount reads it only for a bbox filter
            record.pop("cloud_cover")  # the mount reads it only for a cloud filter
        return sorted(out, key=lambda r: r["path"])

    assert records(online.stdout) == records(mount.stdout) != []


def test_server_down_is_one_clear_message() -> None:
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    result = _cli("--stac-api", url, "--collection", "NDVI_V2")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "cannot reach the STAC API at 127.0.0.1" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_wrong_password_says_what_to_do(files: str) -> None:
    with pytest.raises(StacAuthError, match=r"HTTP 401.*user name and password.*Options > Terrascope"):
        StacCatalogue(files + "/", auth=(USER, "wrong")).landing()
    env = {**os.environ, "TERRASCOPE_USER": USER, "TERRASCOPE_PASSWORD": "wrong"}
    result = subprocess.run(
        [sys.executable, "-m", "plugin.core", "search", "--stac-api", files],
        capture_output=True, text=True, timeout=60, env=env,
    )  # fmt: skip
    assert result.returncode == 1 and "HTTP 401" in result.stderr and "Traceback" not in result.stderr


def _requests(workdir_log: Path, path: str, expected: int) -> int:
    """Requests for ``path`` in nginx's access log, waiting a little for ``expected`` of them
    (nginx writes a line once its answer is sent: the client may read the log first)."""
    deadline = time.monotonic() + 5
    while True:
        count = sum(f"GET {path} " in line for line in workdir_log.read_text().splitlines())
        if count >= expected or time.monotonic() > deadline:
            return count
        time.sleep(0.05)


def test_5xx_and_429_are_retried_with_backoff(files: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    log = next(Path(tmp_path_factory.getbasetemp()).glob("nginx*/access.log"))
    catalogue = StacCatalogue(files + "/busy", retries=2, backoff=0.01)
    with pytest.raises(StacError, match=r"failed \(HTTP 503\).*try again later"):
        catalogue.http.get(files + "/busy")
    assert _requests(log, "/busy", 3) == 3  # first try and two retries
    with pytest.raises(StacError, match=r"HTTP 429"):
        catalogue.http.get(files + "/throttled")
    assert _requests(log, "/throttled", 3) == 3
    with pytest.raises(StacError, match=r"not found \(HTTP 404\): no such thing: is this the address"):
        catalogue.http.get(files + "/missing")
    time.sleep(0.5)  # room for a retry that must not come
    assert _requests(log, "/missing", 1) == 1  # a 4xx is not retried


def test_timeout_is_retried_then_one_message() -> None:
    with socket.socket() as silent:  # accepts connections (backlog) and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/"
        catalogue = StacCatalogue(url, timeout=0.3, retries=1, backoff=0.01)
        with pytest.raises(StacError, match=r"did not answer within 0.3 s \(2 tries\)"):
            catalogue.landing()


def test_not_a_stac_api(files: str) -> None:
    with pytest.raises(StacError, match="not a STAC API address"):
        StacCatalogue("/data/MTDA")
