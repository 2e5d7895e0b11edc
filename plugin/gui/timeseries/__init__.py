"""The time-series profile in the dock: a map tool, a plot panel of its own, a reading task.

Importing this package does not import matplotlib: the plugin loads without it, and the tool
says what to install (:func:`plotting_error`) when it is missing.
"""

from __future__ import annotations

import importlib

from ...qgis_utils import tr

__all__ = ["plotting_error"]

PLOT_BACKEND = "matplotlib.backends.backend_qt5agg"


def plotting_error() -> str | None:
    """None when matplotlib's Qt canvas can be imported, else what the user should install."""
    try:
        importlib.import_module(PLOT_BACKEND)
    except ImportError as exc:
        return tr(
            "The time series plot needs matplotlib ({}). Install it: 'sudo apt install python3-matplotlib' "
            "(Debian, Ubuntu), the python3-matplotlib package of the OSGeo4W installer (Windows), or "
            "'python3 -m pip install matplotlib' for the Python that QGIS runs."
        ).format(exc)
    return None
