"""Command line of the Spark jobs (spark/main.py): argument parsing, the one JSON result line on
stdout (Airflow keeps it as XCom) and the exit codes of docs/cli.md."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from jobs.errors import BadInputError, CheckFailedError, PrerequisiteError
from jobs.gold.marts import select_marts
from jobs.maintenance.selection import check_selection, retentions
from jobs.registry import SourceTable, select, source_tables

PROGRAM = "spark"


class Parser(argparse.ArgumentParser):
    """argparse that reports bad usage as one line and exit code 2, like every platform CLI."""

    def error(self, message: str) -> NoReturn:
        raise BadInputError(message)


def parser() -> Parser:
    root = Parser(prog=PROGRAM, description="The platform's Spark jobs (docs/spark.md)")
    jobs = root.add_subparsers(dest="job", required=True, parser_class=Parser)
    silver = jobs.add_parser("silver", help="raw change log -> silver tables (incremental MERGE)")
    chosen = silver.add_mutually_exclusive_group()
    chosen.add_argument("--table", action="append", default=[], help="one source table (repeat)")
    chosen.add_argument("--all", action="store_true", help="every table of the registry (default)")
    gold = jobs.add_parser("gold", help="silver -> gold KPI marts")
    marts = gold.add_mutually_exclusive_group()
    marts.add_argument("--mart", action="append", default=[], help="one mart (repeat)")
    marts.add_argument("--all", action="store_true", help="every mart (default)")
    jobs.add_parser("transform", help="silver for every table, then every gold mart, in one app")
    jobs.add_parser("summary", help="the KPIs per channel from gold.daily_sales, as a table")
    upkeep = jobs.add_parser("maintenance", help="Iceberg maintenance of raw, silver and gold")
    upkeep.add_argument("--namespace", action="append", default=[], help="raw, silver or gold")
    upkeep.add_argument("--table", action="append", default=[], help="namespace.table (repeat)")
    upkeep.add_argument(
        "--retain-days", type=float, default=None, help="expire snapshots older (default 5)"
    )
    upkeep.add_argument(
        "--orphan-days",
        type=float,
        default=None,
        help="remove unreferenced files older (default 3; must exceed any write in flight)",
    )
    return root


def chosen(args: argparse.Namespace) -> tuple[list[SourceTable], list[str]]:
    """The source tables and marts a job works on, checked against the registry and the marts
    (and maintenance's choice of tables)."""
    if args.job == "maintenance":
        check_selection(args.namespace, args.table)
        retentions(args.retain_days, args.orphan_days)
    tables = select(source_tables(), args.table if args.job == "silver" else [])
    return tables, select_marts(args.mart if args.job == "gold" else [])


def run(args: argparse.Namespace) -> dict[str, Any]:
    tables, marts = chosen(args)
    # Imported here: Spark starts only once the usage is known to be good.
    from lakehouse.session import job_session

    spark = job_session(f"platform-{args.job}", procedures=args.job == "maintenance")
    try:
        from jobs.gold.job import run_gold
        from jobs.silver.job import run_silver

        if args.job == "silver":
            return run_silver(spark, tables)
        if args.job == "gold":
            return run_gold(spark, marts)
        if args.job == "transform":
            silver = run_silver(spark, tables)
            gold = run_gold(spark, marts)
            changed = silver["status"] != "unchanged" or gold["status"] != "unchanged"
            return {
                "job": "transform",
                "status": "changed" if changed else "unchanged",
                "silver": silver,
                "gold": gold,
            }
        if args.job == "summary":
            from jobs.gold.summary import kpi_summary

            return kpi_summary(spark)
        from jobs.maintenance.job import run_maintenance

        return run_maintenance(spark, args)
    finally:
        spark.stop()


def main(argv: Sequence[str] | None = None, runner: Callable[..., dict[str, Any]] = run) -> int:
    try:
        args = parser().parse_args(argv)
        result = runner(args)
    except BadInputError as error:
        return fail(error, 2)
    except CheckFailedError as error:
        return fail(error, 3)
    except PrerequisiteError as error:
        return fail(error, 1)
    except Exception as error:  # noqa: BLE001 - any other failure is exit 1, in one line
        return fail(error, 1)
    print(json.dumps(result, default=str), flush=True)
    return 0


def check_usage(argv: Sequence[str]) -> int:
    """What main() would refuse as bad usage, without Spark: spark/bin/submit asks this first,
    because spark-submit hands the program's stderr to its own stdout."""
    try:
        chosen(parser().parse_args(argv))
    except BadInputError as error:
        return fail(error, 2)
    return 0


def fail(error: BaseException, code: int) -> int:
    message = " ".join(str(error).split()) or type(error).__name__
    # Spark's analysis errors carry the whole plan after the first line; the first says what.
    print(f"{PROGRAM}: {message[:2000]}", file=sys.stderr, flush=True)
    return code
