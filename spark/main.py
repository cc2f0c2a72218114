"""The program every Spark job of the platform runs: `spark/bin/submit JOB [args]` passes it to
spark-submit (client mode, standalone master). JOB is silver, gold, transform or maintenance;
see docs/spark.md.
"""

from jobs.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
