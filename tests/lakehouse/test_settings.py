"""The Python side of the settings: only its own environment, every variable required."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "spark"))

from lakehouse.catalog import catalog_conf, catalog_name  # noqa: E402
from lakehouse.pyiceberg_catalog import catalog_properties, catalog_uri  # noqa: E402

# What `npm run -s stack:env -- --json` gives (values changed, so none can come from a default).
RESOLVED = {
    "ICEBERG_CATALOG_NAME": "lake_x",
    "PG_HOST": "db.internal",
    "PG_PORT": "6543",
    "ICEBERG_CATALOG_DATABASE": "cat_db",
    "ICEBERG_CATALOG_PASSWORD": "p@ss:w/rd%",
    "ICEBERG_WAREHOUSE": "s3://bucket-x/warehouse/lake_x",
    "S3_ENDPOINT": "http://store:9100",
    "S3_ACCESS_KEY": "key",
    "S3_SECRET_KEY": "secret",
    "S3_REGION": "ap-southeast-1",
}


def test_spark_catalog_properties_come_from_the_environment() -> None:
    conf = catalog_conf(RESOLVED)
    prefix = "spark.sql.catalog.lake_x"
    assert catalog_name(RESOLVED) == "lake_x"
    assert conf[f"{prefix}.uri"] == "jdbc:postgresql://db.internal:6543/cat_db"
    assert conf[f"{prefix}.jdbc.user"] == "iceberg_catalog"
    assert conf[f"{prefix}.jdbc.password"] == "p@ss:w/rd%"
    assert conf[f"{prefix}.warehouse"] == "s3://bucket-x/warehouse/lake_x"
    assert conf[f"{prefix}.s3.endpoint"] == "http://store:9100"
    assert conf[f"{prefix}.client.region"] == "ap-southeast-1"


def test_pyiceberg_catalog_url_encodes_user_and_password() -> None:
    assert catalog_uri(RESOLVED) == (
        "postgresql+psycopg2://iceberg_catalog:p%40ss%3Aw%2Frd%25@db.internal:6543/cat_db"
    )
    properties = catalog_properties(RESOLVED)
    assert properties["warehouse"] == "s3://bucket-x/warehouse/lake_x"
    assert properties["s3.region"] == "ap-southeast-1"
    assert properties["init_catalog_tables"] == "false"


@pytest.mark.parametrize("name", sorted(RESOLVED))
def test_a_missing_setting_is_one_line_naming_it(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    env = {key: value for key, value in RESOLVED.items() if key != name}
    # The catalog's name is given to SqlCatalog apart from its properties.
    builders = [catalog_conf] + ([catalog_properties] if name != "ICEBERG_CATALOG_NAME" else [])
    for build in builders:
        with pytest.raises(SystemExit) as exit_info:
            build(env)
        assert exit_info.value.code == 2
        err = capsys.readouterr().err
        assert err.splitlines() == [
            f"{name} is not set: start Python with the resolved settings "
            '(eval "$(npm run -s stack:env)")'
        ]
