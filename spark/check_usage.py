"""`spark/bin/submit` runs this before spark-submit: a bad job, flag, table or mart ends here with
its one line on stderr and exit code 2, before a JVM starts (spark-submit would hand the program's
stderr to its own stdout)."""

import sys

from jobs.cli import check_usage

if __name__ == "__main__":
    raise SystemExit(check_usage(sys.argv[1:]))
