"""The KPI summary table: one row per channel, right-aligned, margin as a percentage."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from jobs.gold.summary import format_table  # noqa: E402


def test_one_aligned_row_per_channel() -> None:
    table = format_table(
        [
            {
                "channel": "shopee",
                "orders": 1234,
                "gmv": Decimal("98765432.10"),
                "net_revenue": Decimal("90000000.00"),
                "gross_profit": Decimal("22500000.00"),
                "margin": Decimal("0.2500"),
                "aov": Decimal("72934.20"),
            },
            {
                "channel": "tiki",
                "orders": 0,
                "gmv": Decimal("0.00"),
                "net_revenue": Decimal("0.00"),
                "gross_profit": Decimal("0.00"),
                "margin": None,
                "aov": None,
            },
        ]
    )
    lines = table.split("\n")
    assert len(lines) == 3
    assert len({len(line) for line in lines}) == 1
    assert lines[0].split() == [
        "channel",
        "orders",
        "GMV",
        "(VND)",
        "net",
        "revenue",
        "gross",
        "profit",
        "margin",
        "%",
        "AOV",
    ]
    assert lines[1].split() == [
        "shopee",
        "1,234",
        "98,765,432.10",
        "90,000,000.00",
        "22,500,000.00",
        "25.0",
        "72,934.20",
    ]
    assert lines[2].split() == ["tiki", "0", "0.00", "0.00", "0.00", "-", "-"]
