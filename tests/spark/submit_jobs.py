"""Several ``terrascope_spark.py`` commands in one ``spark-submit`` (one JVM start for a test module).

    spark-submit --py-files terrascope_core.zip submit_jobs.py SPARK_DIR JOBS.json

SPARK_DIR is the folder of ``terrascope_spark.py`` (only that folder is put on the path: the core must
come from the zip); JOBS.json is a list of argument lists, run in turn through the driver's ``main``
(each makes and stops its own SparkContext). Prints where the driver imported the core from.
"""

from __future__ import annotations

import json
import sys


def main() -> int:
    spark_dir, jobs_file = sys.argv[1], sys.argv[2]
    sys.path.insert(0, spark_dir)
    import terrascope_spark

    from plugin import core

    print(f"driver core: {core.__file__}", flush=True)
    with open(jobs_file, encoding="utf-8") as handle:
        jobs = json.load(handle)
    for argv in jobs:
        print(f"=== {' '.join(argv[:1])}", flush=True)
        status = terrascope_spark.main(argv)
        if status:
            return status
    return 0


if __name__ == "__main__":
    sys.exit(main())
