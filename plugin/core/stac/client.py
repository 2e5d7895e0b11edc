"""Search a STAC API as the catalogue searches the mount: the same :class:`Query`, the same products.

The standard library's urllib speaks to the API (a stock QGIS has no STAC client library, and the
few requests an item search needs do not justify one: see the README). A search is streamed page by
page (``next`` links, GET or POST with their ``body``), each product yielded as its page arrives.

Filters map to the API: collections (our ids -> Terrascope's, the API's own accepted), datetime,
bbox; cloud cover as a CQL2 filter on ``eo:cloud_cover`` when the API's conformance lists the
filter extension, else here. Tiles and "newest version only" are decided here on the product names,
with the catalogue's own rule. Timeouts apply; 429 and 5xx are retried with back-off; every other
failure becomes one :class:`StacError` with a message that says what to do.

Credentials (HTTP Basic) go to the API's host and to asset hosts of the same site (the API at
``stac.terrascope.be``, files at ``services.terrascope.be``), and to GDAL only for those hosts: a
streamed file's path is then ``/vsicurl?header_file=/vsimem/…&url=https://…``, the header file
(``Authorization``) held in GDAL's memory (:func:`gdal_header_file`). GDAL 3.6 (Debian 12) ignores
path-specific ``GDAL_HTTP_USERPWD`` for ``/vsicurl/`` (honoured from 3.7 on), so the header file is
the one way that works on every supported GDAL. Credentials are never logged nor written to a
file, a project or an exported job: a path names the in-memory file, never its content.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
from typing import Any
from urllib.parse import quote, urlencode, urljoin, urlsplit

from ..archive.catalogue import ArchiveError, Query
from ..archive.discovery import Collection
from ..archive.walker import SkippedPath, _group_key, _version_key
from ..products.model import Product
from .mapping import ItemError, api_collection_ids, item_product, our_collection_id, vsicurl_path

__all__ = [
    "TERRASCOPE_STAC",
    "StacAuthError",
    "StacCatalogue",
    "StacError",
    "authorised_path",
    "gdal_header_file",
    "is_stac_url",
    "same_site",
]

TERRASCOPE_STAC = "https://stac.terrascope.be"
PAGE_SIZE = 100
TIMEOUT = 30.0  # seconds per request
RETRIES = 3  # after the first try, for 429, 5xx and timeouts
BACKOFF = 0.5  # seconds, doubled per retry (or the server's Retry-After, at most MAX_WAIT)
MAX_WAIT = 30.0
MAX_BYTES = 64 << 20  # a page larger than this is not a STAC page
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
_FILTER_CONFORMANCE = ("item-search#filter", "ogcapi-features-3/1.0/conf/filter")
AUTH_HINT = (
    "give the user name and password of your account: in QGIS, an authentication configuration "
    "(Basic) for this STAC API in Settings > Options > Terrascope; on the command line, "
    "TERRASCOPE_USER and TERRASCOPE_PASSWORD"
)


class StacError(ArchiveError):
    """A STAC API problem, with a message for the user (never a traceback)."""


class StacAuthError(StacError):
    """HTTP 401 or 403: the message says what to do."""


def is_stac_url(text: str) -> bool:
    """A STAC API root (http or https URL) rather than an archive folder."""
    return text.startswith(("https://", "http://"))


def _site(host: str) -> str:
    """The registrable part of a host name (last two labels); an IP address or one label: itself."""
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        return ".".join(host.lower().split(".")[-2:])


def same_site(url: str, other: str) -> bool:
    """Whether credentials for ``url`` may go to ``other``: same scheme family and same site."""
    a, b = urlsplit(url), urlsplit(other)
    return bool(a.hostname and b.hostname) and _site(a.hostname) == _site(b.hostname)  # type: ignore[arg-type]


AUTH_FOLDER = "/vsimem/terrascope_auth"


def gdal_header_file(prefix: str, user: str, password: str) -> str:
    """An in-memory GDAL header file with the Basic ``Authorization`` for ``prefix`` (``https://host/``),
    named by a digest of the prefix; (re)written on each call, so new credentials replace old ones."""
    from osgeo import gdal

    name = f"{AUTH_FOLDER}/{hashlib.sha256(prefix.encode()).hexdigest()[:16]}.txt"
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    gdal.FileFromMemBuffer(name, f"Authorization: Basic {token}\r\n".encode())
    return name


def authorised_path(href: str, header_file: str) -> str:
    """GDAL's path of ``href`` sending the headers of ``header_file`` (``/vsicurl?`` syntax; the URL
    keeps its slashes so that the product model reads folder and file names as usual)."""
    return f"/vsicurl?header_file={header_file}&url={quote(href, safe=':/')}"


def _host_prefix(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"


class _NoCrossSiteAuth(urllib.request.HTTPRedirectHandler):
    """Redirects keep the Authorization header only within the same site."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and not same_site(req.full_url, newurl):
            new.remove_header("Authorization")
        return new


class _Http:
    """JSON over HTTP with timeouts, retries with back-off and one clear error per failure."""

    def __init__(
        self,
        root: str,
        auth: tuple[str, str] | None,
        proxy: str | None,
        timeout: float,
        retries: int,
        backoff: float,
        is_cancelled: Callable[[], bool],
    ) -> None:
        self.root = root
        self.auth = auth
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.is_cancelled = is_cancelled
        proxies = {"http": proxy, "https": proxy} if proxy else None  # None: the environment's
        self.opener = urllib.request.build_opener(urllib.request.ProxyHandler(proxies), _NoCrossSiteAuth())

    def get(self, url: str, body: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """The JSON object at ``url`` (POST ``body`` when given)."""
        data = None if body is None else json.dumps(body).encode()
        headers = {"Accept": "application/geo+json, application/json", "User-Agent": "terrascope-browser"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        if self.auth and same_site(self.root, url):
            token = base64.b64encode(f"{self.auth[0]}:{self.auth[1]}".encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        for attempt in range(self.retries + 1):
            request = urllib.request.Request(
                url, data=data, headers=headers, method="POST" if data else "GET"
            )
            try:
                with self.opener.open(request, timeout=self.timeout) as response:
                    raw = response.read(MAX_BYTES + 1)
                return _json_object(url, raw)
            except urllib.error.HTTPError as exc:
                if exc.code in _RETRY_STATUS and attempt < self.retries:
                    self._wait(attempt, exc.headers.get("Retry-After"))
                    continue
                raise _http_error(url, exc) from None
            except (TimeoutError, urllib.error.URLError, OSError) as exc:
                reason = getattr(exc, "reason", exc)
                if not isinstance(reason, TimeoutError):  # refused, unknown host, TLS: no retry
                    raise StacError(
                        f"cannot reach the STAC API at {_host(url)} ({reason}): check the address, your "
                        "network and the proxy settings (QGIS: Settings > Options > Network)"
                    ) from None
                if attempt < self.retries:
                    self._wait(attempt, None)
                    continue
                raise StacError(
                    f"{_host(url)} did not answer within {self.timeout:g} s ({self.retries + 1} tries): "
                    "the service may be busy or down; try again later"
                ) from None
        raise AssertionError("unreachable")

    def _wait(self, attempt: int, retry_after: str | None) -> None:
        delay = self.backoff * (2**attempt)
        if retry_after and retry_after.strip().isdigit():
            delay = float(retry_after.strip())
        deadline = time.monotonic() + min(delay, MAX_WAIT)
        while time.monotonic() < deadline and not self.is_cancelled():
            time.sleep(0.05)


def _host(url: str) -> str:
    return urlsplit(url).netloc or url


def _json_object(url: str, raw: bytes) -> dict[str, Any]:
    if len(raw) > MAX_BYTES:
        raise StacError(f"{_host(url)} sent more than {MAX_BYTES >> 20} MB for one page: not a STAC API page")
    try:
        value = json.loads(raw)
    except ValueError:
        raise StacError(f"{url} did not answer with JSON: is this the address of a STAC API?") from None
    if not isinstance(value, dict):
        raise StacError(f"{url} did not answer with a JSON object: is this the address of a STAC API?")
    return value


def _server_text(exc: urllib.error.HTTPError) -> str:
    """The server's own explanation (STAC APIs send {"code", "description"}), short."""
    try:
        raw = exc.read(4096)
        body = json.loads(raw)
        text = body.get("description") or body.get("detail") or body.get("message") or ""
    except (ValueError, OSError, AttributeError):
        return ""
    return str(text)[:300]


def _http_error(url: str, exc: urllib.error.HTTPError) -> StacError:
    host, status = _host(url), exc.code
    if status == 401:
        return StacAuthError(f"{host} asks for credentials (HTTP 401) or refused them: {AUTH_HINT}")
    if status == 403:
        return StacAuthError(
            f"{host} refused access (HTTP 403): your account may not be allowed to read this; "
            f"check the credentials set for this STAC API, or ask Terrascope support for access"
        )
    detail = _server_text(exc)
    detail = f": {detail}" if detail else ""
    if status == 404:
        return StacError(f"{url} was not found (HTTP 404){detail}: is this the address of a STAC API?")
    if 400 <= status < 500:
        return StacError(f"{host} rejected the search (HTTP {status}){detail}: check the search criteria")
    return StacError(f"{host} failed (HTTP {status}){detail}: the service may be down; try again later")


def _datetime(start: date | None, end: date | None) -> str | None:
    if start is None and end is None:
        return None
    first = f"{start.isoformat()}T00:00:00Z" if start else ".."
    last = f"{end.isoformat()}T23:59:59.999999Z" if end else ".."
    return f"{first}/{last}"


class StacCatalogue:
    """A STAC API searched like :class:`~..archive.catalogue.Catalogue`: ``collections()``,
    ``search(query, is_cancelled)`` yielding :class:`Product` records, ``skipped``, ``progress``.

    ``auth`` is (user, password) for HTTP Basic; ``proxy`` an http(s) proxy URL (None: the
    environment's); ``page_size`` the ``limit`` asked per page.
    """

    def __init__(
        self,
        url: str,
        *,
        auth: tuple[str, str] | None = None,
        proxy: str | None = None,
        page_size: int = PAGE_SIZE,
        timeout: float = TIMEOUT,
        retries: int = RETRIES,
        backoff: float = BACKOFF,
    ) -> None:
        if not is_stac_url(url):
            raise StacError(f"{url!r} is not a STAC API address (expected https://…)")
        self.url = url.rstrip("/") + "/"
        self.auth = auth
        self.page_size = page_size
        self._cancelled: Callable[[], bool] = lambda: False
        self.http = _Http(self.url, auth, proxy, timeout, retries, backoff, lambda: self._cancelled())
        self._landing: dict[str, Any] | None = None
        self._collection_ids: list[str] | None = None
        self._headers: dict[str, str | None] = {}  # host prefix -> GDAL header file (None: no credentials)
        self.skipped: list[SkippedPath] = []
        self.warnings: list[str] = []
        self.progress = 0.0
        self.matched: int | None = None  # numberMatched of the first page, when the API gives it
        self.pages = 0
        self.local = 0  # products read from the local copy
        self.remote = 0  # products streamed through /vsicurl/

    # ------------------------------------------------------------------ the API's documents
    def landing(self) -> dict[str, Any]:
        if self._landing is None:
            self._landing = self.http.get(self.url)
            if not isinstance(self._landing.get("links"), list):
                raise StacError(f"{self.url} is not a STAC API landing page (no links)")
        return self._landing

    def _link(self, rel: str, method: str | None = None) -> dict[str, Any] | None:
        for link in self.landing()["links"]:
            if not (isinstance(link, dict) and link.get("rel") == rel and link.get("href")):
                continue
            if method is None or str(link.get("method", "GET")).upper() == method:
                return link
        return None

    def conformance(self) -> list[str]:
        classes = self.landing().get("conformsTo")
        if not isinstance(classes, list):
            link = self._link("conformance")
            url = urljoin(self.url, link["href"]) if link else urljoin(self.url, "conformance")
            classes = self.http.get(url).get("conformsTo") or []
        return [str(c) for c in classes]

    def supports_filter(self) -> bool:
        return any(marker in c for c in self.conformance() for marker in _FILTER_CONFORMANCE)

    def _collection_documents(self) -> list[dict[str, Any]]:
        link = self._link("data")
        url = urljoin(self.url, link["href"]) if link else urljoin(self.url, "collections")
        found: list[dict[str, Any]] = []
        pages = 0
        while url and pages < 100:
            page = self.http.get(url)
            found += [c for c in page.get("collections") or () if isinstance(c, dict) and c.get("id")]
            following = _next_link(page)
            url = (
                urljoin(url, following["href"])
                if following and following.get("method", "GET") == "GET"
                else ""
            )
            pages += 1
        return found

    def collections(self) -> list[Collection]:
        """The API's collections, with the archive's ids where they are known Terrascope ones."""
        documents = self._collection_documents()
        self._collection_ids = [str(doc["id"]) for doc in documents]
        out = [
            Collection(
                id=our_collection_id(str(doc["id"])),
                path=urljoin(self.url, f"collections/{doc['id']}"),
                root=self.url,
                family="",
                label=str(doc.get("title") or doc["id"]),
                layout="stac",
            )
            for doc in documents
        ]
        return sorted(out, key=lambda c: c.id)

    def _api_ids(self, requested: Sequence[str]) -> list[str]:
        if not requested:
            return []
        if self._collection_ids is None:
            try:
                self.collections()
            except StacError as exc:  # the mapping alone then decides
                self.warnings.append(f"could not list the API's collections: {exc}")
                self._collection_ids = []
        return api_collection_ids(requested, self._collection_ids or ())

    # ------------------------------------------------------------------ search
    def search_body(self, query: Query) -> dict[str, Any]:
        """The item-search parameters of ``query`` (POST body form)."""
        body: dict[str, Any] = {"limit": self.page_size}
        collections = self._api_ids(query.collections)
        if collections:
            body["collections"] = collections
        when = _datetime(query.start, query.end)
        if when:
            body["datetime"] = when
        if query.bbox is not None:
            body["bbox"] = list(query.bbox)
        if query.max_cloud is not None and self.supports_filter():
            body["filter-lang"] = "cql2-json"
            body["filter"] = {"op": "<=", "args": [{"property": "eo:cloud_cover"}, query.max_cloud]}
        return body

    def search(self, query: Query, is_cancelled: Callable[[], bool] | None = None) -> Iterator[Product]:
        """Products of ``query``, streamed page by page (see the module docstring)."""
        query.validate()
        self._cancelled = is_cancelled or (lambda: False)
        self.skipped, self.progress, self.matched, self.pages = [], 0.0, None, 0
        return self._search(query)

    def _search(self, query: Query) -> Iterator[Product]:
        from ..products.tiles import parse_tiles

        tiles = frozenset(parse_tiles(query.tiles))
        best: dict[tuple[Any, ...], tuple[int, ...]] = {}  # newest version yielded per product group
        count = 0
        held: list[Product] = []
        for features, last in self._pages(query):
            products = held + [p for p in (self._product(f) for f in features) if p is not None]
            products = [p for p in products if self._passes(p, query, tiles)]
            held = []
            if not query.all_versions and not last and products:
                # Versions of one acquisition may straddle two pages (APIs sort by time): the
                # page's last acquisition waits for the next page before its newest is chosen.
                start = products[-1].name.start
                held = [p for p in products if p.name.start == start]
                products = [p for p in products if p.name.start != start]
            if not query.all_versions:
                products = _newest(products, best)
            for product in products:
                if self._cancelled():
                    return
                count += 1
                if self.matched:
                    self.progress = min(100.0, 100.0 * count / self.matched)
                yield product
        self.progress = 100.0

    def _pages(self, query: Query) -> Iterator[tuple[list[dict[str, Any]], bool]]:
        """Each page's features and whether it is the last page."""
        body = self.search_body(query)
        post = self._link("search", "POST")
        if post is not None:
            url, request_body = urljoin(self.url, post["href"]), body
        else:
            link = self._link("search")
            url = urljoin(self.url, link["href"] if link else "search") + "?" + _query_string(body)
            request_body = None
        while url and not self._cancelled():
            page = self.http.get(url, request_body)
            self.pages += 1
            if self.matched is None and isinstance(page.get("numberMatched"), int):
                self.matched = page["numberMatched"]
            features = page.get("features")
            if not isinstance(features, list):
                raise StacError(
                    f"{_host(url)} answered the search without a list of features: not a STAC API"
                )
            following = _next_link(page)
            last = not features or following is None
            yield [f for f in features if isinstance(f, dict)], last
            if last:
                return
            url = urljoin(url, following["href"])
            if str(following.get("method", "GET")).upper() == "POST":
                next_body = following.get("body") if isinstance(following.get("body"), dict) else {}
                request_body = {**(request_body or {}), **next_body} if following.get("merge") else next_body
                request_body = request_body or body
            else:
                request_body = None

    def _product(self, feature: Mapping[str, Any]) -> Product | None:
        try:
            product, is_local = item_product(feature, remote=self.remote_path)
        except (ItemError, ValueError, TypeError) as exc:
            self.skipped.append(SkippedPath(str(feature.get("id") or "?"), str(exc)))
            return None
        if is_local:
            self.local += 1
        else:
            self.remote += 1
        return product

    def remote_path(self, href: str) -> str | None:
        """GDAL's path of an asset href: with the credentials when its host is the API's site."""
        if not self.auth or not href.startswith(("https://", "http://")) or not same_site(self.url, href):
            return vsicurl_path(href)
        prefix = _host_prefix(href)
        header = self._headers.get(prefix)
        if header is None:
            header = self._headers[prefix] = gdal_header_file(prefix, *self.auth)
        return authorised_path(href, header)

    def _passes(self, product: Product, query: Query, tiles: frozenset[str]) -> bool:
        name = product.name
        if tiles and name.tile not in tiles:
            return False
        cloud = product.cloud_cover
        return query.max_cloud is None or cloud is None or cloud <= query.max_cloud


def _newest(products: list[Product], best: dict[tuple[Any, ...], tuple[int, ...]]) -> list[Product]:
    """Products that are the newest version of their group (the catalogue's rule: same collection,
    mission, time, tile, product and orbit), within the page and against what was yielded before."""
    winners: dict[tuple[Any, ...], tuple[tuple[int, ...], Product]] = {}
    for product in products:
        key = (product.collection, *_group_key(product.name))
        version = _version_key(product.name.version)
        held = winners.get(key)
        if held is None or version > held[0]:
            winners[key] = (version, product)
    out = []
    for product in products:
        key = (product.collection, *_group_key(product.name))
        version, chosen = winners[key]
        if chosen is product and version > best.get(key, ()):
            best[key] = version
            out.append(product)
    return out


def _next_link(page: Mapping[str, Any]) -> dict[str, Any] | None:
    for link in page.get("links") or ():
        if isinstance(link, dict) and link.get("rel") == "next" and link.get("href"):
            return link
    return None


def _query_string(body: Mapping[str, Any]) -> str:
    """GET parameters of a search body (lists comma-separated; a CQL2 filter as cql2-text)."""
    params: dict[str, str] = {}
    for key, value in body.items():
        if key == "filter":
            prop, limit = value["args"]
            params["filter"] = f"{prop['property']} <= {limit}"
            params["filter-lang"] = "cql2-text"
        elif key == "filter-lang":
            continue
        elif isinstance(value, list):
            params[key] = ",".join(str(v) for v in value)
        else:
            params[key] = str(value)
    return urlencode(params)


def from_environment(url: str, page_size: int = PAGE_SIZE) -> StacCatalogue:
    """The command line's catalogue: credentials from TERRASCOPE_USER / TERRASCOPE_PASSWORD."""
    import os

    user, password = os.environ.get("TERRASCOPE_USER"), os.environ.get("TERRASCOPE_PASSWORD")
    auth = (user, password) if user and password is not None else None
    return StacCatalogue(url, auth=auth, page_size=page_size)
