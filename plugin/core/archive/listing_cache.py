"""Persistent cache of folder listings (SQLite, standard library), keyed by folder path and mtime.

A listing is trusted only while the folder's ``st_mtime_ns`` is unchanged, so the cache stays
correct when a folder changes: the catalogue pays one ``stat`` per folder instead of a ``scandir``,
which matters on the network file systems of a Terrascope VM. Listings of folders modified in the
last :data:`MIN_AGE_S` seconds are not stored: a change within the same timestamp tick would
otherwise go unnoticed.

The cache never stops a search: a corrupt file is moved aside and rebuilt, a locked file (another
QGIS busy writing) makes this session run uncached, an unwritable cache folder likewise; each case
emits a :class:`ListingCacheWarning` (``warnings``) and a log record. Two processes may use the same
file at once (WAL journal, busy timeout, short write transactions).

Two tables: ``listing`` holds one folder per row (roots, collections, years, months: the levels a
search walks through), ``subtree`` one row per day folder (or flat product folder) with everything the
search needs below it, as a JSON text the catalogue builds (see ``archive._DayTree``): the day folder's
mtime and listing, and per product folder the mtimes of the folders it was listed from and its file
names. A 100 000-product archive is then some 10 000 rows instead of 200 000, and a warm query reads a
month in one range query, then only validates mtimes.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import sqlite3
import threading
import time
import warnings
from collections.abc import Callable, Sequence

__all__ = ["ListingCache", "ListingCacheWarning", "default_cache_path", "Entry", "MIN_AGE_S"]

LOG = logging.getLogger("terrascope.listing_cache")

SCHEMA_VERSION = 4  # 4: subtree table (one row per day folder), discovery table
MIN_AGE_S = 2.0  # listings of folders changed more recently than this are not cached
BUSY_TIMEOUT_S = 2.0
WRITER_CHECKPOINT_PAGES = 10_000  # about 40 MB of WAL between checkpoints of the writer thread
RECENT_ROWS = 10_000  # listings stored by this cache object that it answers itself (see put)
FLUSH_ROWS = 5_000  # a long scan hands its listings to the writer thread in batches of this size
FLUSH_BYTES = 4_000_000  # ... or when its subtree texts add up to this many characters

# One child of a folder: (name, kind) with kind "d" directory, "l" symlink to a directory, "f" other.
Entry = tuple[str, str]

BBox = tuple[float, float, float, float]
Row = tuple[str, int, str]  # path, mtime_ns, encoded entries (listing) or subtree text
Batch = tuple[list[Row], list[Row]]  # listing rows, subtree rows
_INSERT = "INSERT OR REPLACE INTO listing (path, mtime_ns, entries) VALUES (?, ?, ?)"
_INSERT_TREE = "INSERT OR REPLACE INTO subtree (path, mtime_ns, data) VALUES (?, ?, ?)"


class ListingCacheWarning(UserWarning):
    """The listing cache had to be rebuilt or bypassed; the search goes on."""


def default_cache_path() -> str:
    """``$XDG_CACHE_HOME/terrascope_browser/listing.sqlite`` (``~/.cache`` when unset)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "terrascope_browser", "listing.sqlite")


def encode_entries(entries: Sequence[Entry]) -> str | None:
    """Entries as one text value; None if not storable (a name with a newline).

    The first line is the names' common prefix (product files repeat their folder's name), then one
    line per entry: its kind letter and the rest of its name. This halves the size of the cache.
    """
    if not entries:
        return ""
    names = [name for name, _kind in entries]
    prefix = os.path.commonprefix(names) if len(names) > 1 else ""
    cut = len(prefix)
    text = prefix + "\n" + "\n".join([kind + name[cut:] for name, kind in entries])
    if text.count("\n") != len(entries):
        return None
    return text


def decode_entries(text: str) -> list[Entry]:
    if not text:
        return []
    prefix, _, rest = text.partition("\n")
    return [(prefix + item[1:], item[0]) for item in rest.split("\n")]


def _prefix_end(prefix: str) -> str:
    """Upper bound of a range scan that covers ``prefix`` and everything below ``prefix/``."""
    return prefix + "0"  # "0" is the character after "/"


def _insert(conn: sqlite3.Connection, statement: str, rows: list[Row]) -> None:
    try:
        conn.executemany(statement, rows)
    except UnicodeEncodeError:
        # Undecodable file names (surrogate escapes) cannot be stored: keep the others.
        for row in rows:
            with contextlib.suppress(UnicodeEncodeError):
                conn.execute(statement, row)


def _write_rows(conn: sqlite3.Connection, batch: Batch) -> None:
    """One write transaction for a batch of listings and subtrees."""
    rows, trees = batch
    conn.execute("BEGIN IMMEDIATE")
    try:
        _insert(conn, _INSERT, rows)
        _insert(conn, _INSERT_TREE, trees)
        conn.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise


class _Writer:
    """Commits batches of listings from a background thread on its own connection.

    A full scan stores some 10 000 subtrees; writing them (and the fsyncs of WAL checkpoints) while
    the scan goes on keeps the cold scan close to an uncached one. After the first error the
    remaining batches are dropped: the error is returned by :meth:`finish`.
    """

    def __init__(self, connect: Callable[[], sqlite3.Connection]) -> None:
        self._connect = connect
        self._queue: queue.SimpleQueue[Batch | None] = queue.SimpleQueue()
        self.error: sqlite3.Error | None = None
        self._thread = threading.Thread(target=self._run, name="terrascope-listing-writer", daemon=True)
        self._thread.start()

    def submit(self, batch: Batch) -> None:
        self._queue.put(batch)

    def finish(self) -> sqlite3.Error | None:
        """Wait until every submitted batch is written (or dropped after an error)."""
        self._queue.put(None)
        self._thread.join()
        return self.error

    def _run(self) -> None:
        conn: sqlite3.Connection | None = None
        try:
            while (batch := self._queue.get()) is not None:
                if self.error is not None:
                    continue
                try:
                    if conn is None:
                        conn = self._connect()
                    _write_rows(conn, batch)
                except sqlite3.Error as exc:
                    self.error = exc
        finally:
            if conn is not None:
                with contextlib.suppress(sqlite3.Error):
                    conn.close()


class ListingCache:
    """Folder listings and raster footprints, shared between sessions and processes.

    ``get``/``put`` work on one folder; ``preload(prefix)`` reads a whole subtree in one query so that a
    search touching many small folders makes few round trips. Writes are buffered: every
    :data:`FLUSH_ROWS` rows a batch goes to a background writer thread; ``flush`` (also called from
    ``close``) writes the rest, and ``close`` waits for the writer, so a search that stops early
    still stores what it listed.
    """

    def __init__(self, path: str | None = None, *, min_age_s: float = MIN_AGE_S) -> None:
        self.path = path or default_cache_path()
        self.min_age_ns = int(min_age_s * 1e9)
        self.problems: list[str] = []
        self._conn: sqlite3.Connection | None = None
        self._preloaded: dict[str, tuple[int, str]] = {}
        self._preloaded_trees: dict[str, tuple[int, str]] = {}
        # Folder whose whole subtree is in ``_preloaded``: a path below it that is not there is a
        # known miss, answered without a query (a cold scan would otherwise pay one per folder).
        self._complete: str | None = None
        self._to_preload: str | None = None  # preload asked for, run on the first memory miss
        self._pending: list[Row] = []
        self._pending_trees: list[Row] = []
        self._pending_chars = 0
        self._recent: dict[str, tuple[int, str]] = {}
        self._writer: _Writer | None = None
        self._recovered = False
        self._open()

    # ------------------------------------------------------------------ connection life cycle
    @property
    def enabled(self) -> bool:
        return self._conn is not None

    def _warn(self, message: str) -> None:
        self.problems.append(message)
        LOG.warning(message)
        warnings.warn(message, ListingCacheWarning, stacklevel=3)

    def _open(self) -> None:
        try:
            os.makedirs(os.path.dirname(os.path.abspath(self.path)), exist_ok=True)
            self._conn = self._connect()
        except sqlite3.OperationalError as exc:
            if _is_locked(exc):
                self._warn(f"listing cache {self.path} is locked by another program; searching without it")
            else:
                self._warn(f"listing cache {self.path} cannot be used ({exc}); searching without it")
            self._conn = None
        except sqlite3.DatabaseError as exc:
            self._rebuild(exc)
        except OSError as exc:
            self._warn(
                f"listing cache folder for {self.path} cannot be created ({exc}); searching without it"
            )
            self._conn = None

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
        )
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version != SCHEMA_VERSION:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("DROP TABLE IF EXISTS listing")
                conn.execute("DROP TABLE IF EXISTS footprint")
                conn.execute("DROP TABLE IF EXISTS subtree")
                conn.execute("DROP TABLE IF EXISTS discovery")
                conn.execute(
                    "CREATE TABLE listing (path TEXT PRIMARY KEY, mtime_ns INTEGER NOT NULL,"
                    " entries TEXT NOT NULL) WITHOUT ROWID"
                )
                conn.execute(
                    "CREATE TABLE subtree (path TEXT PRIMARY KEY, mtime_ns INTEGER NOT NULL,"
                    " data TEXT NOT NULL) WITHOUT ROWID"
                )
                conn.execute(
                    "CREATE TABLE discovery (root TEXT PRIMARY KEY, data TEXT NOT NULL) WITHOUT ROWID"
                )
                conn.execute(
                    "CREATE TABLE footprint (key TEXT PRIMARY KEY, west REAL, south REAL,"
                    " east REAL, north REAL) WITHOUT ROWID"
                )
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                conn.execute("COMMIT")
            # Touch the table so that a corrupt file shows up now, not in the middle of a search.
            conn.execute("SELECT 1 FROM listing LIMIT 1").fetchall()
        except BaseException:
            conn.close()
            raise
        return conn

    def _connect_writer(self) -> sqlite3.Connection:
        """A second connection for the writer thread (the schema exists by then)."""
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        conn.execute("PRAGMA synchronous = NORMAL")
        # Fewer, larger checkpoints (each one fsyncs) while a full scan streams its listings in.
        conn.execute(f"PRAGMA wal_autocheckpoint = {WRITER_CHECKPOINT_PAGES}")
        return conn

    def _stop_writer(self) -> None:
        writer, self._writer = self._writer, None
        if writer is not None:
            error = writer.finish()
            if error is not None and self._conn is not None:
                self._failed(error)

    def _rebuild(self, exc: Exception) -> None:
        """A corrupt file: move it aside (kept for inspection) and start an empty cache."""
        self.close(flush=False)
        if self._recovered:
            self._warn(f"listing cache {self.path} still fails after a rebuild ({exc}); searching without it")
            return
        self._recovered = True
        self._warn(f"listing cache {self.path} was corrupt ({exc}); rebuilding it")
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(OSError):
                os.remove(self.path + suffix)
        try:
            os.replace(self.path, self.path + ".corrupt")
        except OSError:
            with contextlib.suppress(OSError):
                os.remove(self.path)
        try:
            self._conn = self._connect()
        except sqlite3.Error as again:
            self._warn(f"listing cache {self.path} cannot be rebuilt ({again}); searching without it")
            self._conn = None

    def _failed(self, exc: sqlite3.Error) -> None:
        """An error during use: locked means bypass for this session, anything else means rebuild."""
        if isinstance(exc, sqlite3.OperationalError) and _is_locked(exc):
            self._warn(f"listing cache {self.path} is locked by another program; continuing without it")
            self.close(flush=False)
        elif isinstance(exc, sqlite3.OperationalError) and "readonly" in str(exc):
            self._warn(f"listing cache {self.path} is read-only; continuing without it")
            self.close(flush=False)
        else:
            self._rebuild(exc)

    def close(self, flush: bool = True) -> None:
        if flush:
            self.flush()
        else:
            self._pending, self._pending_trees, self._pending_chars = [], [], 0
        self._stop_writer()
        if self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
        self._conn = None
        self._pending, self._pending_trees, self._pending_chars = [], [], 0

    def __enter__(self) -> ListingCache:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ------------------------------------------------------------------ listings
    def preload(self, prefix: str) -> None:
        """Read the listings of ``prefix`` and every folder below it in one query, when needed.

        The query runs on the first lookup below ``prefix``, so a subtree that the search prunes
        costs nothing.
        """
        self.forget_preloaded()
        self._to_preload = prefix

    def _run_preload(self, prefix: str) -> None:
        self._to_preload = None
        if self._conn is None:
            return
        bounds = (prefix, _prefix_end(prefix))
        try:
            rows = self._conn.execute(
                "SELECT path, mtime_ns, entries FROM listing WHERE path >= ? AND path < ?", bounds
            ).fetchall()
            trees = self._conn.execute(
                "SELECT path, mtime_ns, data FROM subtree WHERE path >= ? AND path < ?", bounds
            ).fetchall()
        except sqlite3.Error as exc:
            self._failed(exc)
            return
        preloaded = self._preloaded
        for path, mtime_ns, entries in rows:
            preloaded[path] = (mtime_ns, entries)
        preloaded_trees = self._preloaded_trees
        for path, mtime_ns, data in trees:
            preloaded_trees[path] = (mtime_ns, data)
        self._complete = prefix

    def forget_preloaded(self) -> None:
        self._preloaded.clear()
        self._preloaded_trees.clear()
        self._complete = None
        self._to_preload = None

    @staticmethod
    def _below(path: str, folder: str | None) -> bool:
        return folder is not None and (
            path == folder or (path.startswith(folder) and path[len(folder)] == "/")
        )

    def get(self, path: str, mtime_ns: int) -> list[Entry] | None:
        """The cached children of ``path`` if they were listed at this ``mtime_ns``, else None."""
        if self._conn is None:
            return None
        row = self._row(path)
        if row is None or row[0] != mtime_ns:
            return None
        return decode_entries(row[1])

    def _row(self, path: str) -> tuple[int, str] | None:
        pending = self._to_preload
        if pending is not None and self._below(path, pending):
            self._run_preload(pending)
        row = self._preloaded.get(path) or self._recent.get(path)
        if row is not None or self._conn is None or self._below(path, self._complete):
            return row  # below a preloaded folder, absent means not cached: no query needed
        try:
            return self._conn.execute(
                "SELECT mtime_ns, entries FROM listing WHERE path = ?", (path,)
            ).fetchone()
        except sqlite3.Error as exc:
            self._failed(exc)
            return None

    def get_subtree(self, path: str) -> tuple[int, str] | None:
        """``(mtime_ns, data)`` stored for the subtree at ``path`` (the caller validates it)."""
        if self._conn is None:
            return None
        pending = self._to_preload
        if pending is not None and self._below(path, pending):
            self._run_preload(pending)
        row = self._preloaded_trees.get(path)
        if row is not None or self._conn is None or self._below(path, self._complete):
            return row
        try:
            return self._conn.execute("SELECT mtime_ns, data FROM subtree WHERE path = ?", (path,)).fetchone()
        except sqlite3.Error as exc:
            self._failed(exc)
            return None

    def put_subtree(self, path: str, mtime_ns: int, data: str) -> None:
        """Remember a subtree (buffered like :meth:`put`; the caller leaves out recent folders)."""
        if self._conn is None:
            return
        self._pending_trees.append((path, mtime_ns, data))
        self._pending_chars += len(data)
        if self._pending_chars >= FLUSH_BYTES or len(self._pending_trees) >= FLUSH_ROWS:
            self.flush()

    def is_recent(self, mtime_ns: int, now_ns: int) -> bool:
        """A folder changed so recently that a later change could keep its mtime: not cacheable."""
        return now_ns - mtime_ns < self.min_age_ns

    def put(self, path: str, mtime_ns: int, entries: Sequence[Entry]) -> None:
        """Remember a listing (buffered); recent folders are skipped, see :data:`MIN_AGE_S`."""
        if self._conn is None or time.time_ns() - mtime_ns < self.min_age_ns:
            return
        text = encode_entries(entries)
        if text is None:
            return
        self._pending.append((path, mtime_ns, text))
        if len(self._recent) < RECENT_ROWS:
            # The first folders of a search (discovery: roots, collections, years) are listed again
            # by the walk before their rows are written: answer those from here.
            self._recent[path] = (mtime_ns, text)
        if len(self._pending) >= FLUSH_ROWS:
            self.flush()

    def flush(self) -> None:
        """Write buffered listings: a small rest at once, a large batch through the writer thread."""
        if self._conn is None or not (self._pending or self._pending_trees):
            self._pending, self._pending_trees, self._pending_chars = [], [], 0
            return
        batch: Batch = (self._pending, self._pending_trees)
        small = (
            len(batch[0]) < FLUSH_ROWS and len(batch[1]) < FLUSH_ROWS and self._pending_chars < FLUSH_BYTES
        )
        self._pending, self._pending_trees, self._pending_chars = [], [], 0
        if self._writer is None and small:
            try:
                _write_rows(self._conn, batch)
            except sqlite3.Error as exc:
                self._failed(exc)
            return
        if self._writer is None:
            self._writer = _Writer(self._connect_writer)
        self._writer.submit(batch)

    # ------------------------------------------------------------------ discovery
    def get_discovery(self, root: str) -> str | None:
        """The collections found under ``root`` and the folders they were found from (caller's JSON)."""
        if self._conn is None:
            return None
        try:
            row = self._conn.execute("SELECT data FROM discovery WHERE root = ?", (root,)).fetchone()
        except sqlite3.Error as exc:
            self._failed(exc)
            return None
        return None if row is None else row[0]

    def put_discovery(self, root: str, data: str) -> None:
        if self._conn is None:
            return
        try:
            self._conn.execute("INSERT OR REPLACE INTO discovery (root, data) VALUES (?, ?)", (root, data))
        except (sqlite3.Error, UnicodeEncodeError) as exc:
            if isinstance(exc, sqlite3.Error):
                self._failed(exc)

    # ------------------------------------------------------------------ footprints
    def get_footprint(self, key: str) -> BBox | None:
        if self._conn is None:
            return None
        try:
            row = self._conn.execute(
                "SELECT west, south, east, north FROM footprint WHERE key = ?", (key,)
            ).fetchone()
        except sqlite3.Error as exc:
            self._failed(exc)
            return None
        return None if row is None else (row[0], row[1], row[2], row[3])

    def put_footprint(self, key: str, bbox: BBox) -> None:
        if self._conn is None:
            return
        try:
            self._conn.execute(
                "INSERT OR REPLACE INTO footprint (key, west, south, east, north) VALUES (?, ?, ?, ?, ?)",
                (key, *bbox),
            )
        except (sqlite3.Error, UnicodeEncodeError) as exc:
            if isinstance(exc, sqlite3.Error):
                self._failed(exc)


def _is_locked(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text
