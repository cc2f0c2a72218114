"""The Spark jobs' command line without Spark: usage errors, exit codes, the JSON result line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from jobs.cli import check_usage, main  # noqa: E402
from jobs.errors import BadInputError, CheckFailedError, PrerequisiteError  # noqa: E402


def test_prints_the_result_as_the_last_stdout_line(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["silver", "--table", "orders"], runner=lambda args: {"job": args.job, "n": 1})
    assert code == 0
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1]) == {"job": "silver", "n": 1}


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["bronze"],
        ["silver", "--table", "a", "--all"],
        ["maintenance", "--retain-days", "x"],
    ],
)
def test_bad_usage_is_one_line_and_exit_2(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(argv, runner=lambda args: pytest.fail("must not run"))
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("spark: ") and err.count("\n") == 1


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (BadInputError("unknown table"), 2),
        (CheckFailedError("differs"), 3),
        (PrerequisiteError("run silver first"), 1),
        (RuntimeError("S3 unreachable\n  at line 2"), 1),
    ],
)
def test_errors_map_to_exit_codes(
    error: Exception, code: int, capsys: pytest.CaptureFixture[str]
) -> None:
    def runner(_: object) -> dict[str, object]:
        raise error

    assert main(["gold"], runner=runner) == code
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1


def test_usage_is_checked_without_spark(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_usage(["silver", "--table", "orders", "--table", "order_items"]) == 0
    assert check_usage(["gold", "--mart", "daily_sales"]) == 0
    assert check_usage(["maintenance", "--namespace", "raw", "--table", "gold.funnel"]) == 0
    assert capsys.readouterr().err == ""
    assert check_usage(["silver", "--table", "nope"]) == 2
    assert capsys.readouterr().err == (
        'spark: unknown table "nope": it is not in the table registry\n'
    )
    assert check_usage(["gold", "--mart", "gmv"]) == 2
    assert capsys.readouterr().err.startswith('spark: unknown mart "gmv"')


@pytest.mark.parametrize(
    "argv",
    [
        ["maintenance", "--namespace", "bronze"],
        ["maintenance", "--table", "orders"],
        ["maintenance", "--orphan-days", "-1"],
    ],
)
def test_bad_maintenance_choices_are_refused_before_spark(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert check_usage(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("spark: ") and err.count("\n") == 1
