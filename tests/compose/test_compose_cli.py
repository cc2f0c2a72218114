"""docker-compose.yaml read by the real Docker Compose v2 (`docker compose config`), which the
runtime builds from its Go module into the cache (`node runtime/dist/cli.js compose ...`).

The static rules of test_compose.py say what this project requires of the file; these tests show
that Compose itself accepts it, and refuses the broken copies it is meant to refuse.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
STACK_CLI = ROOT / "runtime" / "dist" / "cli.js"
COMPOSE_FILE = ROOT / "docker-compose.yaml"
DAG_OPERATORS = Path(__file__).resolve().parent / "dag_operators.py"
SECRETS = (
    "PG_SUPERUSER_PASSWORD",
    "OLTP_OWNER_PASSWORD",
    "OLTP_WRITER_PASSWORD",
    "OLTP_READER_PASSWORD",
    "OLTP_REPLICATION_PASSWORD",
    "ICEBERG_CATALOG_PASSWORD",
    "AIRFLOW_DB_PASSWORD",
    "REDIS_PASSWORD",
    "S3_ACCESS_KEY",
    "S3_SECRET_KEY",
    "S3_INGEST_SECRET_KEY",
    "S3_SPARK_SECRET_KEY",
    "S3_MAINTENANCE_SECRET_KEY",
    "S3_NOTEBOOK_SECRET_KEY",
    "AIRFLOW_FERNET_KEY",
    "AIRFLOW_JWT_SECRET",
    "AIRFLOW_API_SECRET_KEY",
    "JUPYTER_TOKEN",
)


def compose(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    """`docker compose <args>` through the runtime; every secret is a placeholder unless `env`
    says otherwise."""
    full_env = {**os.environ, **{name: f"placeholder-{name.lower()}" for name in SECRETS}, **env}
    return subprocess.run(
        ["node", str(STACK_CLI), "compose", *args],
        env=full_env,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )


def config_of(
    document: dict[str, Any], tmp_path: Path, **env: str
) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "docker-compose.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    return compose(["-f", str(path), "config", "--quiet"], **env)


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


def test_compose_accepts_the_file() -> None:
    result = compose(["config", "--quiet"])
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""


def test_compose_accepts_the_file_as_the_mutation_tests_write_it(
    document: dict[str, Any], tmp_path: Path
) -> None:
    result = config_of(document, tmp_path)
    assert result.returncode == 0, result.stderr


def test_compose_resolves_the_project_images_and_their_build() -> None:
    result = compose(["--profile", "build", "config", "--format", "json"])
    assert result.returncode == 0, result.stderr
    services = yaml.safe_load(result.stdout)["services"]
    for name in ("tasks", "gen_data"):
        build = services[name]["build"]
        assert build["context"] == str(ROOT)
        assert build["dockerfile"] == f"{name}/Dockerfile"
        # The runtime's own engine has no bridge: the runtime builds on the host's network.
        assert build["network"] == "host"
        assert [s["source"] for s in build["secrets"]] == ["ca"]


@pytest.fixture(scope="module")
def deployed() -> dict[str, Any]:
    """docker-compose.yaml as the real Compose resolves it, through `npm run compose`."""
    result = compose(["--profile", "build", "config", "--format", "json"])
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_dags_run_the_compose_files_images_on_its_network(
    deployed: dict[str, Any], tmp_path: Path
) -> None:
    """Every DAG task, built from the environment Compose gives the Airflow worker, runs an image
    the file builds, on the file's network, through the file's socket proxy (the worker mounts no
    socket), with the endpoints the file's own services use, and finds each secret it names in
    that environment."""
    services = deployed["services"]
    worker = services["airflow-worker"]
    env = {name: str(value) for name, value in worker["environment"].items()}
    result = subprocess.run(
        [sys.executable, str(DAG_OPERATORS), str(tmp_path / "tasks.json")],
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads((tmp_path / "tasks.json").read_text())
    assert loaded["import_errors"] == {}
    images = {services[name]["image"] for name in ("tasks", "gen_data", "spark-master")}
    network = deployed["networks"]["default"]["name"]
    assert [v for v in worker.get("volumes", []) if v["type"] == "bind"] == []
    proxy = services["docker-socket-proxy"]
    port = next(a.split("=", 1)[1] for a in proxy["command"] if a.startswith("-proxyport="))
    assert "-allowfrom=airflow-worker" in proxy["command"]
    # The in-network endpoints, as the file gives them to its own Spark and notebook services.
    spark_env = services["spark-master"]["environment"]
    endpoints = {
        **{k: spark_env[k] for k in ("PG_HOST", "PG_PORT", "S3_ENDPOINT")},
        "SPARK_MASTER_URL": services["jupyter"]["environment"]["SPARK_MASTER_URL"],
    }
    assert len(loaded["tasks"]) > 100
    for task_id, task in loaded["tasks"].items():
        assert task["unavailable"] is None, task_id
        assert task["image"] in images, task_id
        assert task["network_mode"] == network, task_id
        assert task["docker_url"] == f"tcp://docker-socket-proxy:{port}", task_id
        for name, value in endpoints.items():
            if name in task["environment"]:
                assert task["environment"][name] == value, (task_id, name)
        assert task["environment"]["PG_HOST"] == endpoints["PG_HOST"], task_id
        missing = [name for name in task["secrets"].values() if not env.get(name)]
        assert missing == [], (task_id, missing)


def _drop_volume(c: dict[str, Any]) -> None:
    c["volumes"].pop("postgres-data")


def _unknown_dependency(c: dict[str, Any]) -> None:
    c["services"]["gen_data"]["depends_on"] = {"nope": {"condition": "service_started"}}


def _bad_port(c: dict[str, Any]) -> None:
    c["services"]["postgres"]["ports"] = ["not-a-port"]


def _unknown_key(c: dict[str, Any]) -> None:
    c["services"]["redis"]["healthcheck"]["intervall"] = "5s"


COMPOSE_REJECTS: list[tuple[str, Callable[[dict[str, Any]], None], str]] = [
    ("undeclared volume", _drop_volume, "undefined volume postgres-data"),
    ("unknown dependency", _unknown_dependency, "depends on undefined service"),
    ("bad port", _bad_port, "not-a-port"),
    ("unknown key", _unknown_key, "intervall"),
]


@pytest.mark.parametrize(
    ("mutate", "message"),
    [(m, msg) for _, m, msg in COMPOSE_REJECTS],
    ids=[label for label, _, _ in COMPOSE_REJECTS],
)
def test_compose_rejects_a_broken_copy(
    document: dict[str, Any], tmp_path: Path, mutate: Callable[[dict[str, Any]], None], message: str
) -> None:
    broken = copy.deepcopy(document)
    mutate(broken)
    result = config_of(broken, tmp_path)
    assert result.returncode != 0
    assert message in result.stderr


def test_compose_refuses_a_missing_secret_naming_it() -> None:
    result = compose(["config", "--quiet"], REDIS_PASSWORD="")
    assert result.returncode != 0
    assert "required variable REDIS_PASSWORD is missing a value" in result.stderr
