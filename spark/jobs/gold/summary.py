"""The KPI summary: orders, GMV, net revenue, gross profit, margin and AOV per channel from
gold.daily_sales, as a table for people and, exact, in the job's JSON result."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lakehouse.sql_text import sql_file

from jobs.errors import PrerequisiteError

if TYPE_CHECKING:  # format_table is unit-tested without Spark
    from pyspark.sql import SparkSession

SUMMARY_SQL = Path(__file__).with_name("summary.sql")
COLUMNS = (
    ("channel", "channel"),
    ("orders", "orders"),
    ("gmv", "GMV (VND)"),
    ("net_revenue", "net revenue"),
    ("gross_profit", "gross profit"),
    ("margin", "margin %"),
    ("aov", "AOV"),
)


def cell(name: str, value: Any) -> str:
    if value is None:
        return "-"
    if name == "margin":
        return f"{Decimal(value) * 100:.1f}"
    if isinstance(value, Decimal | int):
        return f"{value:,}"
    return str(value)


def format_table(channels: list[dict[str, Any]]) -> str:
    """Right-aligned columns, thousands separated; the exact values stay in the JSON result."""
    rows = [[title for _, title in COLUMNS]]
    rows += [[cell(name, channel[name]) for name, _ in COLUMNS] for channel in channels]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = [
        "  ".join(value.rjust(width) for value, width in zip(row, widths, strict=True))
        for row in rows
    ]
    return "\n".join(lines)


def kpi_summary(spark: SparkSession) -> dict[str, Any]:
    if not spark.catalog.tableExists("gold.daily_sales"):
        raise PrerequisiteError(
            "gold.daily_sales does not exist yet: run gold (or transform) first"
        )
    channels = [row.asDict() for row in spark.sql(sql_file(SUMMARY_SQL)).collect()]
    # For people, before the result line (the last line of stdout stays the JSON).
    print(format_table(channels), flush=True)
    return {"job": "summary", "status": "done", "channels": channels}
