"""Plugin name and version, read from metadata.txt (the one source of truth)."""

from __future__ import annotations

import configparser
from functools import lru_cache
from pathlib import Path

METADATA_TXT = Path(__file__).resolve().parents[2] / "metadata.txt"


@lru_cache(maxsize=1)
def metadata() -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(METADATA_TXT, encoding="utf-8")
    return dict(parser["general"])


def name() -> str:
    return metadata()["name"]


def version() -> str:
    return metadata()["version"]
