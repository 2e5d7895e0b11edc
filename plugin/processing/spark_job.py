"""terrascope:sparkjob — a job folder that runs one of the Spark jobs on the Terrascope cluster.

The folder holds everything the cluster needs, nothing else: ``inputs.jsonl`` (the ``search --json``
lines of the query, so the cluster does not scan the archive again), the driver
``terrascope_spark.py``, ``terrascope_core.zip`` (built by the very code of ``make spark-zip``,
``spark/build_zip.py``, from this installed plugin), the points file of a time series, and two
scripts: ``submit.sh`` (YARN cluster mode in the platform's Docker containers, commented option by
option) and ``run-local.sh`` (the same job in Spark local mode, on this machine). Every file is
written under a temporary name and renamed; no credential is written anywhere.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import os
import shlex
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from qgis.core import (
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingOutputFile,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)
from qgis.PyQt.QtCore import QDate, QDateTime, QTime

from ..core.archive.catalogue import ArchiveError, Catalogue, Query
from ..core.atomic import AtomicOutput, atomic_open
from ..core.raster.series import STATISTICS
from .common import TerrascopeAlgorithm, read_query
from .parameters import (
    APPLY_SCL,
    COLLECTION,
    END,
    MASK_CLASSES,
    MAX_CLOUD,
    ROOT,
    START,
    TILE,
    add_archive_query,
    add_series_masking,
    archive_query_given,
    read_mask_classes,
)

PLUGIN_ROOT = Path(__file__).resolve().parents[2]  # the plugin folder: metadata.txt, plugin/, spark/
DRIVER = "terrascope_spark.py"
CORE_ZIP = "terrascope_core.zip"
INPUTS_FILE = "inputs.jsonl"
SUBMIT = "submit.sh"
RUN_LOCAL = "run-local.sh"
JOBS = ("histogram", "composite", "timeseries")
#: The cluster's Spark installations (the platform's samples, see the reference file).
SPARK_HOMES = ("/opt/spark3_5_0", "/opt/spark4_0_1")
#: Mounts of VITO's public Docker samples: SSSD and Hadoop configuration and Kerberos, which the
#: containers need to talk to the cluster; the archive is added read-only, the output folder writable.
BASE_MOUNTS = (
    "/var/lib/sss/pipes:/var/lib/sss/pipes:rw",
    "/usr/local/hadoop/:/usr/local/hadoop/:ro",
    "/etc/krb5.conf:/etc/krb5.conf:ro",
    "/data/MTDA:/data/MTDA:ro",
)


@dataclasses.dataclass(frozen=True)
class ClusterSettings:
    """What ``submit.sh`` asks of YARN; empty texts are values only the user can give."""

    spark_home: str
    image: str
    python: str
    executor_memory: str
    memory_overhead: str
    executor_cores: int
    max_executors: int
    output: str


@dataclasses.dataclass(frozen=True)
class JobSpec:
    """The driver's command line for this job, without ``--out`` (each script gives its own)."""

    job: str
    arguments: list[str]
    shipped: list[str]  # files of the job folder the driver reads (shipped with --files)


class SparkJobAlgorithm(TerrascopeAlgorithm):
    JOB = "JOB"
    STATISTICS = "STATISTICS"
    BINS = "BINS"
    RANGE_MIN = "RANGE_MIN"
    RANGE_MAX = "RANGE_MAX"
    POINTS = "POINTS"
    BBOX = "BBOX"
    ALL_VERSIONS = "ALL_VERSIONS"
    COMPRESS = "COMPRESS"
    SPARK_HOME = "SPARK_HOME"
    DOCKER_IMAGE = "DOCKER_IMAGE"
    PYSPARK_PYTHON = "PYSPARK_PYTHON"
    EXECUTOR_MEMORY = "EXECUTOR_MEMORY"
    MEMORY_OVERHEAD = "MEMORY_OVERHEAD"
    EXECUTOR_CORES = "EXECUTOR_CORES"
    MAX_EXECUTORS = "MAX_EXECUTORS"
    CLUSTER_OUTPUT = "CLUSTER_OUTPUT"
    OUTPUT = "OUTPUT"
    PRODUCTS = "PRODUCTS"
    SUBMIT_SCRIPT = "SUBMIT_SCRIPT"
    LOCAL_SCRIPT = "LOCAL_SCRIPT"

    def name(self) -> str:
        return "sparkjob"

    def displayName(self) -> str:  # noqa: N802 (QGIS API name)
        return self.tr("Spark job for the Terrascope cluster (histogram, composite, time series)")

    def tags(self) -> list[str]:
        return self.tr("terrascope,spark,cluster,yarn,histogram,composite,time series,batch").split(",")

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(
            "Writes a job folder that runs a histogram, a temporal composite or a time series of "
            "points on the Terrascope Spark cluster, with the same results as the desktop algorithms.\n\n"
            "The query (ROOT, COLLECTION, TILE, START, END, MAX_CLOUD, BAND, BBOX as W,S,E,N in "
            "degrees) is run here once: its products are listed in inputs.jsonl, so the cluster does "
            "not scan the archive again. The folder also holds the driver terrascope_spark.py, "
            "terrascope_core.zip (the plugin's core, nothing of QGIS) and two scripts:\n"
            "- submit.sh: run it from the folder on a Terrascope VM after kinit; it submits the job "
            "to YARN in cluster mode, in Docker containers with the archive mounted read-only. Fill in "
            "the Docker image and its Python when the script asks for them.\n"
            "- run-local.sh: the same job in Spark local mode on this machine (needs Java and pyspark).\n\n"
            "The folder must be on a disk the cluster sees (e.g. your folder under /data/users/Private) for "
            "cluster runs. No password or token is written to the folder."
        )

    def initAlgorithm(self, config: dict[str, Any] | None = None) -> None:  # noqa: N802
        self.addParameter(
            QgsProcessingParameterEnum(
                self.JOB,
                self.tr("Job"),
                options=[
                    self.tr("Histogram"),
                    self.tr("Temporal composite"),
                    self.tr("Time series of points or polygons"),
                ],  # in the order of JOBS
                defaultValue=1,
            )
        )
        add_archive_query(self)
        self.addParameter(
            QgsProcessingParameterString(self.BBOX, self.tr("Bounding box W,S,E,N in degrees"), optional=True)
        )
        self.addParameter(
            QgsProcessingParameterBoolean(
                self.ALL_VERSIONS, self.tr("Keep older versions (default: newest only)"), defaultValue=False
            )
        )
        add_series_masking(self)
        self.addParameter(
            QgsProcessingParameterEnum(
                self.STATISTICS,
                self.tr("Composite: statistics"),
                options=[
                    self.tr("Mean"),
                    self.tr("Median"),
                    self.tr("Minimum"),
                    self.tr("Maximum"),
                    self.tr("Standard deviation"),
                    self.tr("Count of valid dates"),
                ],  # in the order of the core's STATISTICS
                allowMultiple=True,
                defaultValue=[0],
            )
        )
        self.addParameter(
            QgsProcessingParameterBoolean(self.COMPRESS, self.tr("Composite: compress the GeoTIFFs"), True)
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.BINS, self.tr("Histogram: number of bins"), defaultValue=50, minValue=1, maxValue=100000
            )
        )
        for name, label in (
            (self.RANGE_MIN, self.tr("Histogram: lowest bin edge (default: the product's valid range)")),
            (self.RANGE_MAX, self.tr("Histogram: highest bin edge (default: the product's valid range)")),
        ):
            self.addParameter(
                QgsProcessingParameterNumber(name, label, QgsProcessingParameterNumber.Double, optional=True)
            )
        self.addParameter(
            QgsProcessingParameterFile(
                self.POINTS,
                self.tr("Time series: points or polygons (GeoJSON, or CSV with lon,lat)"),
                optional=True,
                fileFilter=self.tr("GeoJSON or CSV (*.geojson *.json *.csv)"),
            )
        )
        self._add_cluster_parameters()
        self.addParameter(QgsProcessingParameterFolderDestination(self.OUTPUT, self.tr("Job folder")))
        self.addOutput(QgsProcessingOutputNumber(self.PRODUCTS, self.tr("Number of products listed")))
        self.addOutput(QgsProcessingOutputFile(self.SUBMIT_SCRIPT, self.tr("Cluster submit script")))
        self.addOutput(QgsProcessingOutputFile(self.LOCAL_SCRIPT, self.tr("Local run script")))

    def _add_cluster_parameters(self) -> None:
        """The cluster's settings (advanced). Defaults are the platform's facts or sized from the
        measured Python worker memory (docs/SPARK_SCALING.md); the Docker image is the user's."""
        text = QgsProcessingParameterString
        params: list[QgsProcessingParameterDefinition] = [
            QgsProcessingParameterEnum(
                self.SPARK_HOME,
                self.tr("Cluster: Spark installation"),
                options=[self.tr("Spark 3.5 (/opt/spark3_5_0)"), self.tr("Spark 4.0 (/opt/spark4_0_1, Java 17)")],
                defaultValue=0,
            ),
            text(self.DOCKER_IMAGE, self.tr("Cluster: Docker image (Python 3.11 with numpy, GDAL, lxml)"), optional=True),
            text(self.PYSPARK_PYTHON, self.tr("Cluster: Python inside the image"), optional=True),
            text(self.EXECUTOR_MEMORY, self.tr("Cluster: executor memory (JVM)"), defaultValue="2g"),
            text(self.MEMORY_OVERHEAD, self.tr("Cluster: memory overhead (Python workers)"), defaultValue="2g"),
            QgsProcessingParameterNumber(self.EXECUTOR_CORES, self.tr("Cluster: cores per executor"), defaultValue=2, minValue=1, maxValue=64),
            QgsProcessingParameterNumber(self.MAX_EXECUTORS, self.tr("Cluster: most executors"), defaultValue=50, minValue=1, maxValue=10000),
            text(self.CLUSTER_OUTPUT, self.tr("Cluster: output folder seen by the cluster (default: the folder output in the job folder)"), optional=True),
        ]  # fmt: skip
        for param in params:
            param.setFlags(param.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
            self.addParameter(param)

    def processAlgorithm(  # noqa: N802
        self, parameters: dict[str, Any], context: QgsProcessingContext, feedback: QgsProcessingFeedback
    ) -> dict[str, Any]:
        job = JOBS[self.parameterAsEnum(parameters, self.JOB, context)]
        folder = Path(self.parameterAsString(parameters, self.OUTPUT, context)).absolute()
        points = self.parameterAsFile(parameters, self.POINTS, context)
        if job == "timeseries" and not points:
            raise QgsProcessingException(self.tr("A time-series job needs POINTS: a GeoJSON or CSV file"))
        query, roots, band = self._query(parameters, context, job, points)
        folder.mkdir(parents=True, exist_ok=True)
        count = self._write_inputs(folder / INPUTS_FILE, roots, query, feedback)
        feedback.setProgress(60)
        shipped = []
        if job == "timeseries":
            shipped.append(_copy(points, folder / f"points{Path(points).suffix.lower() or '.csv'}"))
        spec = JobSpec(job, self._arguments(job, parameters, context, band, shipped), [INPUTS_FILE, *shipped])
        _copy(str(PLUGIN_ROOT / "spark" / DRIVER), folder / DRIVER)
        files = build_core_zip(str(folder / CORE_ZIP))
        feedback.pushInfo(self.tr("{0}: {1} files of the plugin's core").format(CORE_ZIP, len(files)))
        feedback.setProgress(90)
        cluster = self._cluster(parameters, context, folder)
        write_script(folder / SUBMIT, submit_script(spec, cluster, count))
        write_script(folder / RUN_LOCAL, local_script(spec, count))
        feedback.pushInfo(self.tr("Cluster: cd {0} && kinit && ./{1}").format(folder, SUBMIT))
        feedback.pushInfo(self.tr("This machine: {0}").format(folder / RUN_LOCAL))
        if not cluster.image or not cluster.python:
            feedback.pushWarning(
                self.tr("submit.sh asks for the Docker image and its Python: set IMAGE and PYSPARK_PYTHON")
            )
        return {
            self.OUTPUT: str(folder),
            self.PRODUCTS: count,
            self.SUBMIT_SCRIPT: str(folder / SUBMIT),
            self.LOCAL_SCRIPT: str(folder / RUN_LOCAL),
        }

    # ----------------------------------------------------------------------- the query

    def _query(
        self, parameters: dict[str, Any], context: QgsProcessingContext, job: str, points: str
    ) -> tuple[Query, list[str], str]:
        """The catalogue Query of the parameters, as the driver's own search would build it."""
        if not archive_query_given(parameters):
            raise QgsProcessingException(self.tr("Give an archive query: COLLECTION, TILE or dates"))
        given = read_query(self, parameters, context)
        if any("://" in root for root in given.roots):
            raise QgsProcessingException(
                self.tr("A Spark job reads the mounted archive: choose a folder as ROOT, not {0}").format(
                    ", ".join(given.roots)
                )
            )
        collections = [name.strip() for name in ",".join(given.query.collections).split(",") if name.strip()]
        bbox = self._bbox(parameters, context)
        if job == "timeseries" and bbox is None:  # as the driver: only the products at the features
            from ..core.spark.series_jobs import read_features

            try:
                bbox = read_features(points).bbox
            except (OSError, ValueError) as exc:
                raise QgsProcessingException(str(exc)) from None
        query = dataclasses.replace(
            given.query,
            collections=collections,
            bbox=bbox,
            all_versions=self.parameterAsBool(parameters, self.ALL_VERSIONS, context),
        )
        try:
            query.validate()
        except ValueError as exc:
            raise QgsProcessingException(str(exc)) from None
        return query, given.roots, given.band

    def _bbox(
        self, parameters: dict[str, Any], context: QgsProcessingContext
    ) -> tuple[float, float, float, float] | None:
        text = self.parameterAsString(parameters, self.BBOX, context).strip()
        if not text:
            return None
        try:
            west, south, east, north = (float(part) for part in text.split(","))
        except ValueError:
            raise QgsProcessingException(
                self.tr("BBOX {0}: expected W,S,E,N in degrees, e.g. 4.2,50.7,4.6,51.0").format(text)
            ) from None
        return (west, south, east, north)

    def _write_inputs(
        self, path: Path, roots: list[str], query: Query, feedback: QgsProcessingFeedback
    ) -> int:
        """The ``search --json`` lines of the query (``Product.json_line``, as the command line)."""
        count = 0
        try:
            with atomic_open(path, "w", encoding="utf-8", newline="") as handle:
                products = Catalogue(roots).search(query, is_cancelled=feedback.isCanceled)
                try:
                    for product in products:
                        handle.write(product.json_line() + "\n")
                        count += 1
                        if count % 500 == 0:
                            feedback.pushInfo(self.tr("{0} products listed").format(count))
                finally:
                    products.close()
                if feedback.isCanceled():
                    raise QgsProcessingException(self.tr("Cancelled"))
                if not count:
                    raise QgsProcessingException(
                        self.tr("The archive query found no product in {0}").format(", ".join(roots))
                    )
        except (ArchiveError, ValueError, OSError) as exc:
            raise QgsProcessingException(str(exc)) from None
        feedback.pushInfo(self.tr("{0}: {1} product(s)").format(INPUTS_FILE, count))
        return count

    # ----------------------------------------------------------------------- the job

    def _arguments(
        self,
        job: str,
        parameters: dict[str, Any],
        context: QgsProcessingContext,
        band: str,
        shipped: list[str],
    ) -> list[str]:
        """``terrascope_spark.py`` arguments: the job, the inputs list, band, masking, job options."""
        args = [job, "--inputs", INPUTS_FILE]
        if band:
            args += ["--band", band]
        classes = read_mask_classes(self, parameters, context)
        if self.parameterAsBool(parameters, APPLY_SCL, context) and classes:
            args += ["--mask", ",".join(str(value) for value in sorted(classes))]
        else:
            args.append("--no-mask")
        if job == "histogram":
            args += ["--bins", str(self.parameterAsInt(parameters, self.BINS, context))]
            low, high = (
                None
                if parameters.get(name) in (None, "")
                else self.parameterAsDouble(parameters, name, context)
                for name in (self.RANGE_MIN, self.RANGE_MAX)
            )
            if (low is None) != (high is None) or (low is not None and not high > low):
                raise QgsProcessingException(self.tr("Give both RANGE_MIN and RANGE_MAX, MIN below MAX"))
            if low is not None:
                args.append(f"--range={low!r},{high!r}")
        elif job == "composite":
            indexes = self.parameterAsEnums(parameters, self.STATISTICS, context) or [0]
            args += ["--statistics", ",".join(STATISTICS[index] for index in indexes)]
            if self.parameterAsBool(parameters, self.COMPRESS, context):
                args.append("--compress")
        else:
            args += ["--points", shipped[0]]
        return args

    def _cluster(
        self, parameters: dict[str, Any], context: QgsProcessingContext, folder: Path
    ) -> ClusterSettings:
        def text(name: str) -> str:
            return self.parameterAsString(parameters, name, context).strip()

        for name in (self.EXECUTOR_MEMORY, self.MEMORY_OVERHEAD):
            if not _memory_size(text(name)):
                raise QgsProcessingException(
                    self.tr("{0}: {1} is not a memory size such as 2g or 512m").format(name, text(name))
                )
        return ClusterSettings(
            spark_home=SPARK_HOMES[self.parameterAsEnum(parameters, self.SPARK_HOME, context)],
            image=text(self.DOCKER_IMAGE),
            python=text(self.PYSPARK_PYTHON),
            executor_memory=text(self.EXECUTOR_MEMORY),
            memory_overhead=text(self.MEMORY_OVERHEAD),
            executor_cores=self.parameterAsInt(parameters, self.EXECUTOR_CORES, context),
            max_executors=self.parameterAsInt(parameters, self.MAX_EXECUTORS, context),
            output=text(self.CLUSTER_OUTPUT) or str(folder / "output"),
        )


def _memory_size(text: str) -> bool:
    return len(text) > 1 and text[:-1].isdigit() and text[-1].lower() in "kmgt"


# --------------------------------------------------------------------------- files


def load_zip_builder() -> ModuleType:
    """``spark/build_zip.py`` of this plugin: the code ``make spark-zip`` runs, not a copy of it."""
    path = PLUGIN_ROOT / "spark" / "build_zip.py"
    if not path.is_file():
        raise QgsProcessingException(f"{path} is missing: reinstall the Terrascope Browser plugin")
    spec = importlib.util.spec_from_file_location("terrascope_build_zip", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def build_core_zip(target: str) -> list[str]:
    """``terrascope_core.zip`` from this plugin's core (``make spark-zip``'s builder); its files."""
    try:
        return load_zip_builder().build(target, PLUGIN_ROOT)
    except SystemExit as exc:  # the builder's refusal (a core module importing QGIS)
        raise QgsProcessingException(str(exc)) from None


def _copy(source: str, target: Path) -> str:
    """``source`` copied to ``target`` atomically; the target's name (relative to its folder)."""
    try:
        data = Path(source).read_bytes()
        with atomic_open(target, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        raise QgsProcessingException(str(exc)) from None
    return target.name


def write_script(path: Path, text: str) -> None:
    """An executable script, under a temporary name until complete (and already executable)."""
    output = AtomicOutput(path)
    with output:
        with open(output.temp_path, "x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(output.temp_path, 0o755)


# --------------------------------------------------------------------------- scripts


def _quoted(args: list[str]) -> str:
    return " ".join(shlex.quote(arg) for arg in args)


def _header(spec: JobSpec, count: int, what: str) -> list[str]:
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return [
        "#!/usr/bin/env bash",
        f"# Terrascope Spark job: {spec.job} of {count} product(s) listed in {INPUTS_FILE}.",
        f"# Written by QGIS (terrascope:sparkjob, Terrascope Browser) on {stamp}. {what}",
        "set -euo pipefail",
        'cd "$(dirname "$0")"  # the inputs list, the driver and the core zip are next to this script',
    ]


def submit_script(spec: JobSpec, cluster: ClusterSettings, count: int) -> str:
    """``submit.sh``: spark-submit to YARN in cluster mode, option by option with why."""
    mounts = ",".join(BASE_MOUNTS)
    spark4 = cluster.spark_home.endswith("4_0_1")
    lines = _header(spec, count, "Run it on a Terrascope VM, after kinit.")
    lines += [
        "",
        "# Spark on the cluster: 3.5 (/opt/spark3_5_0) or 4.0 (/opt/spark4_0_1, Java 17).",
        f"SPARK_HOME=${{SPARK_HOME:-{shlex.quote(cluster.spark_home)}}}",
        "# The Docker image the driver and the executors run in: Python 3.11 with numpy, GDAL and lxml.",
        "# The plugin does not know it: give the platform's image (ask Terrascope support if unsure).",
        f"IMAGE=${{IMAGE:-{shlex.quote(cluster.image)}}}",
        ': "${IMAGE:?set IMAGE to the Docker image of the job (Python 3.11 with numpy, GDAL, lxml)}"',
        "# The image's Python (PYSPARK_PYTHON): the plugin does not know its path either.",
        f"PYSPARK_PYTHON=${{PYSPARK_PYTHON:-{shlex.quote(cluster.python)}}}",
        ': "${PYSPARK_PYTHON:?set PYSPARK_PYTHON to the Python inside the image, e.g. /usr/bin/python3.11}"',
        "# Where the driver writes the results: a folder the containers see and may write to.",
        f"OUT=${{OUT:-{shlex.quote(cluster.output)}}}",
        "# Mounted into every container: SSSD, Hadoop and Kerberos configuration (as VITO's samples),",
        "# the archive read-only, the output folder writable.",
        f'MOUNTS="{mounts},$OUT:$OUT:rw"',
        "",
        'case "$OUT" in *,* | *:*) echo "OUT must not hold a comma or a colon (Docker mount list)" >&2; exit 1;; esac',
        'klist -s || { echo "No Kerberos ticket: run kinit first" >&2; exit 1; }',
        'mkdir -p "$OUT"',
        "",
        "args=(",
        "  --master yarn  # the cluster's resource manager",
        "  --deploy-mode cluster  # the driver runs on the cluster too: this VM may log off",
        f"  --name {shlex.quote('terrascope ' + spec.job)}  # the name in the YARN application list",
        "  # Docker runtime for the driver (application master) and for the executors:",
        "  --conf spark.yarn.appMasterEnv.YARN_CONTAINER_RUNTIME_TYPE=docker  # the driver in a container",
        '  --conf "spark.yarn.appMasterEnv.YARN_CONTAINER_RUNTIME_DOCKER_IMAGE=$IMAGE"  # of this image',
        '  --conf "spark.yarn.appMasterEnv.YARN_CONTAINER_RUNTIME_DOCKER_MOUNTS=$MOUNTS"  # seeing the archive',
        '  --conf "spark.yarn.appMasterEnv.PYSPARK_PYTHON=$PYSPARK_PYTHON"  # running the Python of the image',
        "  --conf spark.executorEnv.YARN_CONTAINER_RUNTIME_TYPE=docker  # the executors in containers too",
        '  --conf "spark.executorEnv.YARN_CONTAINER_RUNTIME_DOCKER_IMAGE=$IMAGE"  # the same image',
        '  --conf "spark.executorEnv.YARN_CONTAINER_RUNTIME_DOCKER_MOUNTS=$MOUNTS"  # the same mounts',
        '  --conf "spark.executorEnv.PYSPARK_PYTHON=$PYSPARK_PYTHON"  # the same Python as the driver',
        "  --conf spark.dynamicAllocation.enabled=true  # executors added and released with the tasks",
        "  --conf spark.shuffle.service.enabled=true  # which YARN needs for dynamic allocation",
        f"  --conf spark.dynamicAllocation.maxExecutors={cluster.max_executors}  # a fair share of the cluster",
        f"  --executor-cores {cluster.executor_cores}  # one Python worker per core, one task each",
        f"  --executor-memory {cluster.executor_memory}  # the JVM: cached window results, shuffle",
        "  # The Python workers live outside the JVM heap: their memory is the overhead (formerly",
        "  # spark.yarn.executor.memoryOverhead). Sized in docs/SPARK_SCALING.md from the measured RSS.",
        f"  --conf spark.executor.memoryOverhead={cluster.memory_overhead}  # off-heap: the Python workers",
        "  # GDAL's block cache defaults to 5% of the node's memory in every Python worker: bound it (MB).",
        "  --conf spark.executorEnv.GDAL_CACHEMAX=128  # per worker, counted in the overhead above",
        "  --conf spark.yarn.appMasterEnv.GDAL_CACHEMAX=256  # the driver, which writes the mosaics",
        "  --driver-memory 2g  # the driver writes the mosaics window by window",
        f"  --files {','.join(spec.shipped)}  # in the driver's working folder",
        f"  --py-files {CORE_ZIP}  # the plugin's core on the Python path (a zip: .whl is not put there)",
        ")",
    ]
    if spark4:
        lines += [
            "# Spark 4 needs Java 17 in the containers (VITO's Spark 4 sample sets JAVA_HOME so):",
            'args+=(--conf "spark.yarn.appMasterEnv.JAVA_HOME=${CONTAINER_JAVA_HOME:-/usr/lib/jvm/jre-17}")',
            'args+=(--conf "spark.executorEnv.JAVA_HOME=${CONTAINER_JAVA_HOME:-/usr/lib/jvm/jre-17}")',
        ]
    lines += [
        "",
        '"$SPARK_HOME/bin/spark-submit" "${args[@]}" \\',
        f'  {DRIVER} {_quoted(spec.arguments)} --out "$OUT"',
        f'echo "Submitted. Summary: $OUT/{spec.job}_summary.json; logs: yarn logs -applicationId <id>"',
        "",
    ]
    return "\n".join(lines)


def local_script(spec: JobSpec, count: int) -> str:
    """``run-local.sh``: the same driver and arguments in Spark local mode, on this machine."""
    lines = _header(spec, count, "It runs the job on this machine (Spark local mode).")
    lines += [
        "",
        "# spark-submit: SPARK_SUBMIT, else the one on the PATH (pip's pyspark), else $SPARK_HOME's.",
        'SPARK_SUBMIT=${SPARK_SUBMIT:-$(command -v spark-submit || echo "${SPARK_HOME:-/opt/spark3_5_0}/bin/spark-submit")}',
        "# The Python of the driver and the workers: it needs numpy, GDAL and lxml (the VM's python3 has them).",
        "export PYSPARK_PYTHON=${PYSPARK_PYTHON:-python3}",
        "export PYSPARK_DRIVER_PYTHON=${PYSPARK_DRIVER_PYTHON:-$PYSPARK_PYTHON}",
        "OUT=${OUT:-output-local}  # results, next to this script unless OUT is given",
        "",
        "args=(",
        '  --master "local[${LOCAL_CORES:-*}]"  # every core of this machine, or LOCAL_CORES',
        "  --driver-memory ${DRIVER_MEMORY:-2g}  # driver and executor are one JVM in local mode",
        "  --conf spark.ui.enabled=false  # no web UI port to take",
        f"  --py-files {CORE_ZIP}  # the core from the zip, as on the cluster",
        ")",
        "",
        f'"$SPARK_SUBMIT" "${{args[@]}}" {DRIVER} {_quoted(spec.arguments)} --out "$OUT"',
        "",
    ]
    return "\n".join(lines)


# --------------------------------------------------------------------------- from the dock


def dialog_parameters(
    roots: list[str], query: Query, collections: list[str], mask_classes: frozenset[int] | None
) -> dict[str, Any]:
    """The dialog's starting values for the dock's search: root, collections, tiles, dates,
    cloud, extent, versions and the Options page's mask classes."""
    params: dict[str, Any] = {SparkJobAlgorithm.JOB: JOBS.index("composite")}
    if roots:
        params[ROOT] = roots[0]
    if collections:
        params[COLLECTION] = ",".join(collections)
    if query.tiles:
        params[TILE] = ",".join(query.tiles)
    for name, day in ((START, query.start), (END, query.end)):
        if day is not None:
            params[name] = QDateTime(QDate(day.year, day.month, day.day), QTime(0, 0))
    if query.max_cloud is not None:
        params[MAX_CLOUD] = query.max_cloud
    if query.bbox is not None:
        params[SparkJobAlgorithm.BBOX] = ",".join(repr(float(value)) for value in query.bbox)
    params[SparkJobAlgorithm.ALL_VERSIONS] = bool(query.all_versions)
    if mask_classes is not None:
        params[MASK_CLASSES] = sorted(mask_classes)
    return params
