"""Spark jobs on the core's kernels (no QGIS): one machine's algorithms spread over a cluster.

Every job takes a ``SparkContext`` and the entries of the shared series reader
(``archive.series_query``); pyspark itself is only imported where a job needs it, so this package
imports without Spark installed. The jobs are in ``jobs.py`` (histogram, composite) and
``series_jobs.py`` (time series of points and polygons); ``spark/terrascope_spark.py`` is the driver.
"""
