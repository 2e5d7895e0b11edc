"""Plugin name and version, read from metadata.txt (the one source of truth)."""

from __future__ import annotations

import configparser
import os
from functools import lru_cache

# The plugin folder (or terrascope_core.zip for Spark), two levels above this package.
PLUGIN_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
METADATA_TXT = os.path.join(PLUGIN_ROOT, "metadata.txt")


def _read_metadata_txt() -> str:
    # The module's loader reads plain files and, for --py-files zips, members of the zip alike.
    loader = globals().get("__loader__")
    if loader is not None and hasattr(loader, "get_data"):
        return loader.get_data(METADATA_TXT).decode("utf-8")
    with open(METADATA_TXT, encoding="utf-8") as handle:
        return handle.read()


@lru_cache(maxsize=1)
def metadata() -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read_string(_read_metadata_txt(), source=METADATA_TXT)
    return dict(parser["general"])


def name() -> str:
    return metadata()["name"]


def version() -> str:
    return metadata()["version"]
