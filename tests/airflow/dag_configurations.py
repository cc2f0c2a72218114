"""The two deployments' configurations of the DAGs, under a throwaway AIRFLOW_HOME.

The configurations are what runtime/src/airflow/dag-containers.ts produces natively and what the
compose deployment sets: the DAG files must differ between them only through PLATFORM_CONTAINERS.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DAGS = REPO_ROOT / "airflow" / "dags"

# Airflow reads its configuration when first imported: set a private home before that.
os.environ["AIRFLOW_HOME"] = tempfile.mkdtemp(prefix="airflow-home-")
os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = str(DAGS)
# As the dag-processor does: the DAG files import their helpers from the folder itself.
sys.path.insert(0, str(DAGS))

# Container variable -> the worker's variable holding the value: each image's object-store user.
TASKS_SECRETS = {
    "OLTP_READER_PASSWORD": "OLTP_READER_PASSWORD",
    "ICEBERG_CATALOG_PASSWORD": "ICEBERG_CATALOG_PASSWORD",
    "S3_SECRET_KEY": "S3_INGEST_SECRET_KEY",
}
SPARK_SECRETS = {
    "ICEBERG_CATALOG_PASSWORD": "ICEBERG_CATALOG_PASSWORD",
    "S3_SECRET_KEY": "S3_SPARK_SECRET_KEY",
}
MAINTENANCE_SECRETS = {**SPARK_SECRETS, "S3_SECRET_KEY": "S3_MAINTENANCE_SECRET_KEY"}


def containers(docker_url: str, network_mode: str, pg_host: str, spark_master: str) -> dict:
    environment = {"PG_HOST": pg_host, "PG_PORT": "5432", "S3_BUCKET": "lake"}
    spark_environment = {**environment, "SPARK_MASTER_URL": f"spark://{spark_master}:7077"}
    return {
        "docker_url": docker_url,
        "network_mode": network_mode,
        "labels": {"io.ecommerce-platform.stack": "0123456789"},
        "images": {
            "tasks": {
                "image": "ecommerce-platform/tasks:0.1.0",
                "environment": {**environment, "S3_ACCESS_KEY": "platform-ingest"},
                "secrets": TASKS_SECRETS,
            },
            "gen_data": {
                "image": "ecommerce-platform/gen_data:0.1.0",
                "environment": environment,
                "secrets": {"OLTP_WRITER_PASSWORD": "OLTP_WRITER_PASSWORD"},
            },
            "spark": {
                "image": "ecommerce-platform/spark:0.1.0",
                "environment": {**spark_environment, "S3_ACCESS_KEY": "platform-spark"},
                "secrets": SPARK_SECRETS,
            },
            "spark-maintenance": {
                "image": "ecommerce-platform/spark:0.1.0",
                "environment": {**spark_environment, "S3_ACCESS_KEY": "platform-maintenance"},
                "secrets": MAINTENANCE_SECRETS,
            },
        },
    }


CONFIGURATIONS = {
    "native": containers(
        "unix:///var/lib/ecommerce-platform/run/docker.sock", "host", "127.0.0.1", "127.0.0.1"
    ),
    # As `npm run compose` computes it (tests/compose/test_compose_cli.py checks the real one).
    "compose": containers(
        "tcp://docker-socket-proxy:2375", "ecommerce-platform", "postgres", "spark-master"
    ),
}
