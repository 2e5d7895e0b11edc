"""Real servers for the tests, started and stopped by them on 127.0.0.1: a STAC API (``rustac serve``,
in-memory backend) and nginx serving a folder with HTTP Basic authentication and range requests.

Plain helpers (no pytest, no QGIS): unit and QGIS tests wrap them in their own fixtures.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

RUSTAC = Path(sys.executable).with_name("rustac")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_http(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited ({process.returncode}): {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers (401 for nginx without credentials)
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server at {url} did not start in {timeout} s: {log.read_text()[-2000:]}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


@contextlib.contextmanager
def stac_server(items: list[dict[str, Any]], workdir: Path) -> Iterator[str]:
    """``rustac serve`` (in-memory backend) loaded with ``items``; yields its root URL."""
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / "items.json"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": items}))
    port = free_port()
    log = workdir / "rustac.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(RUSTAC), "serve", "--addr", f"127.0.0.1:{port}", "--create-collections", str(path)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_http(url + "/", process, log)
        yield url
    finally:
        _stop(process)


def ssha(password: str, salt: bytes = b"terrasc0") -> str:
    """nginx's ``{SSHA}`` password hash (base64 of SHA-1(password + salt) + salt)."""
    digest = hashlib.sha1(password.encode() + salt).digest()  # noqa: S324 (the scheme nginx reads)
    return "{SSHA}" + base64.b64encode(digest + salt).decode()


NGINX_CONF = """
daemon off;
worker_processes 1;
{user}
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log {work}/access.log;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    types {{ image/tiff tif tiff; application/xml xml; application/json json; }}
    server {{
        listen 127.0.0.1:{port};
        root {root};
        location / {{
            auth_basic "Terrascope test";
            auth_basic_user_file {work}/htpasswd;
        }}
        location = /busy {{ return 503; }}
        location = /throttled {{ add_header Retry-After 0 always; return 429; }}
        location = /missing {{ return 404 '{{"code": "NotFound", "description": "no such thing"}}'; }}
    }}
}}
"""


@contextlib.contextmanager
def file_server(root: Path, workdir: Path, user: str, password: str) -> Iterator[str]:
    """nginx serving ``root`` on 127.0.0.1 with Basic authentication (``user``/``password``) and
    range requests (nginx's static files); yields the base URL (``http://127.0.0.1:PORT``)."""
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "htpasswd").write_text(f"{user}:{ssha(password)}\n")
    port = free_port()
    conf = workdir / "nginx.conf"
    # As root, nginx's workers would switch to www-data, which cannot read pytest's private folders.
    as_root = "user root;" if os.geteuid() == 0 else ""
    conf.write_text(NGINX_CONF.format(user=as_root, work=workdir, port=port, root=root))
    log = workdir / "nginx.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [NGINX, "-c", str(conf), "-p", str(workdir), "-e", str(workdir / "error.log")],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_http(url + "/", process, log)
        yield url
    finally:
        _stop(process)


# --------------------------------------------------------------------------- items for the servers
def archive_items(
    root: str,
    href_base: str | None = None,
    local_root: str | None = None,
    local_key: str = "local",
) -> list[dict[str, Any]]:
    """STAC items of every product of the archive under ``root`` (all versions), made here from
    the product model and the files' headers, independently of the code under test.

    Each asset's ``href`` is the file's URL under ``href_base`` (else the local file) and its
    alternate ``local_key`` the file under ``local_root`` (default ``root``), as ``file://``."""
    from osgeo import gdal, osr

    from plugin.core.archive.catalogue import Catalogue, Query

    gdal.PushErrorHandler("CPLQuietErrorHandler")  # the demo archive's broken files on purpose

    items = []
    tile_boxes: dict[str | None, list[float]] = {}
    local_root = local_root or root
    for product in Catalogue([root], use_cache=False).search(Query(all_versions=True)):
        assets = {}
        box = None
        for relative in product._relative:
            path = f"{product.path}/{relative}"
            rel = os.path.relpath(path, root)
            href = f"{href_base}/{rel}" if href_base else path
            local = f"file://{local_root}/{rel}"
            assets[relative] = {"href": href, "alternate": {local_key: {"href": local}}}
            if box is None and path.endswith(".tif"):
                box = _lonlat_box(gdal, osr, path)
        name = product.name
        if box is not None:
            tile_boxes.setdefault(name.tile, box)
        properties: dict[str, Any] = {"datetime": name.start.strftime("%Y-%m-%dT%H:%M:%SZ")}
        cloud = product.read_cloud_cover()
        if cloud is not None:
            properties["eo:cloud_cover"] = cloud
        items.append({
            "type": "Feature",
            "stac_version": "1.0.0",
            "id": product.folder_name,
            "collection": product.collection,
            "bbox": box,
            "tile": name.tile,
            "properties": properties,
            "links": [],
            "assets": assets,
        })  # fmt: skip
    gdal.PopErrorHandler()
    for item in items:
        tile = item.pop("tile")
        if item["bbox"] is None:  # a broken file (the demo's on purpose): its tile's box, as a real item has
            item["bbox"] = tile_boxes.get(tile) or [-180.0, -90.0, 180.0, 90.0]
        w, s, e, n = item["bbox"]
        item["geometry"] = {"type": "Polygon", "coordinates": [[[w, s], [e, s], [e, n], [w, n], [w, s]]]}
    items.sort(key=lambda item: (item["properties"]["datetime"], item["id"]))
    return items


def _lonlat_box(gdal: Any, osr: Any, path: str) -> list[float] | None:
    try:
        dataset = gdal.Open(path)
    except RuntimeError:
        return None
    if dataset is None or not dataset.GetProjection():
        return None
    x0, dx, _a, y0, _b, dy = dataset.GetGeoTransform()
    x1, y1 = x0 + dx * dataset.RasterXSize, y0 + dy * dataset.RasterYSize
    source = osr.SpatialReference(wkt=dataset.GetProjection())
    target = osr.SpatialReference()
    target.ImportFromEPSG(4326)
    target.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    source.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    transform = osr.CoordinateTransformation(source, target)
    corners = [transform.TransformPoint(x, y)[:2] for x in (x0, x1) for y in (y0, y1)]
    lons, lats = [c[0] for c in corners], [c[1] for c in corners]
    return [min(lons), min(lats), max(lons), max(lats)]
