"""spark/bin/fetch_jars.py against Maven Central itself: a pinned jar is kept only with its sha256,
a mismatch leaves nothing behind, and --expect catches a SPARK_JARS that drifted from jars.txt.
Only the small PostgreSQL driver is downloaded."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bin"))

import fetch_jars  # noqa: E402

JARS = fetch_jars.pinned_jars(fetch_jars.JARS_TXT.read_text(encoding="utf-8"))
DRIVER = next(jar for jar in JARS if jar.artifact == "postgresql")


def test_jars_txt_pins_every_jar_by_sha256() -> None:
    assert [jar.artifact for jar in JARS] == [
        "iceberg-spark-runtime-4.1_2.13",
        "iceberg-aws-bundle",
        "postgresql",
    ]
    assert all(len(jar.sha256) == 64 for jar in JARS)
    assert DRIVER.url == (
        "https://repo1.maven.org/maven2/org/postgresql/postgresql/"
        f"{DRIVER.version}/postgresql-{DRIVER.version}.jar"
    )


def test_downloads_a_jar_once_and_keeps_it(tmp_path: Path) -> None:
    context = fetch_jars.tls_context(None)
    path = fetch_jars.fetch(DRIVER, tmp_path, context)
    assert path == tmp_path / DRIVER.file_name
    assert fetch_jars.sha256_of(path) == DRIVER.sha256
    modified = path.stat().st_mtime_ns
    assert fetch_jars.fetch(DRIVER, tmp_path, context) == path
    assert path.stat().st_mtime_ns == modified
    assert [p.name for p in tmp_path.iterdir()] == [DRIVER.file_name]


def test_refuses_a_jar_whose_sha256_differs_and_leaves_nothing(tmp_path: Path) -> None:
    wrong = DRIVER._replace(sha256="0" * 64)
    with pytest.raises(SystemExit, match="refusing it"):
        fetch_jars.fetch(wrong, tmp_path, fetch_jars.tls_context(None))
    assert list(tmp_path.iterdir()) == []


def test_expect_fails_when_spark_jars_names_other_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    jars_txt = tmp_path / "jars.txt"
    jars_txt.write_text(
        f"# only the driver\norg.postgresql:postgresql:{DRIVER.version} {DRIVER.sha256}\n"
    )
    monkeypatch.setattr(fetch_jars, "JARS_TXT", jars_txt)
    dest = tmp_path / "jars"
    expected = str(dest / DRIVER.file_name)
    assert fetch_jars.main([str(dest), "--expect", expected]) == 0
    assert capsys.readouterr().out.strip() == expected
    assert fetch_jars.main([str(dest), "--expect", "/opt/spark-jars/postgresql-42.0.0.jar"]) == 1
    assert "jars.txt gives" in capsys.readouterr().err
