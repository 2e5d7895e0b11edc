"""The link with QGIS's Temporal Controller (QGIS 3.22 API).

The controller has no "current time" getter: the current range is derived from the navigation
object (animated: the current frame; fixed range: its extents; off: none) and then followed
through ``updateTemporalRange``. Moving it: animated mode goes to the frame that starts the
date (the extents grow to hold it); fixed range and off become the acquisition's UTC day.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from qgis.core import QgsDateTimeRange, QgsTemporalNavigationObject
from qgis.PyQt.QtCore import QDate, QDateTime, Qt, QTime


def to_qdatetime(when: datetime) -> QDateTime:
    when = when.astimezone(UTC)
    return QDateTime(
        QDate(when.year, when.month, when.day),
        QTime(when.hour, when.minute, when.second, when.microsecond // 1000),
        Qt.UTC,
    )


def to_datetime(value: QDateTime) -> datetime | None:
    if not value.isValid():
        return None
    utc = value.toUTC()
    day, time = utc.date(), utc.time()
    return datetime(
        day.year(),
        day.month(),
        day.day(),
        time.hour(),
        time.minute(),
        time.second(),
        time.msec() * 1000,
        tzinfo=UTC,
    )


def range_start(value: QgsDateTimeRange | None) -> datetime | None:
    """Where the plot's line goes for a controller range (None: no finite start)."""
    if value is None or value.isInfinite() or value.isEmpty():
        return None
    return to_datetime(value.begin())


def current_range(controller) -> QgsDateTimeRange | None:
    if not isinstance(controller, QgsTemporalNavigationObject):
        return None
    mode = controller.navigationMode()
    if mode == QgsTemporalNavigationObject.Animated:
        return controller.dateTimeRangeForFrameNumber(controller.currentFrameNumber())
    if mode == QgsTemporalNavigationObject.FixedRange:
        return controller.temporalExtents()
    return None


def day_range(when: datetime) -> QgsDateTimeRange:
    start = when.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return QgsDateTimeRange(to_qdatetime(start), to_qdatetime(start + timedelta(days=1)), True, False)


def move_to(controller, when: datetime) -> bool:
    """Move the controller to ``when``; False when it cannot be moved (no navigation object)."""
    if not isinstance(controller, QgsTemporalNavigationObject):
        return False
    if controller.navigationMode() != QgsTemporalNavigationObject.Animated:
        if controller.navigationMode() == QgsTemporalNavigationObject.NavigationOff:
            controller.setNavigationMode(QgsTemporalNavigationObject.FixedRange)
        controller.setTemporalExtents(day_range(when))
        return True
    target = to_qdatetime(when)
    extents = controller.temporalExtents()
    begin, end = extents.begin(), extents.end()
    if not (begin.isValid() and end.isValid()):
        day = day_range(when)
        begin, end = day.begin(), day.end()
    if target < begin or target >= end:
        begin, end = min(begin, target), max(end, target.addSecs(1))
        controller.setTemporalExtents(QgsDateTimeRange(begin, end))
    controller.setCurrentFrameNumber(controller.findBestFrameNumberForFrameStart(target))
    return True
