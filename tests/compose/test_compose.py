"""Static validation of docker-compose.yaml (no Docker engine needed).

Each rule is a pure function returning a list of problems; the tests assert that the real file
has none, and the mutation tests prove that each rule does fail on a broken copy of the file.
"""

import copy
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = REPO_ROOT / "docker-compose.yaml"
ENV_EXAMPLE = REPO_ROOT / ".env.example"
ROOT_PACKAGE = REPO_ROOT / "package.json"
SETTINGS_SOURCES = (
    REPO_ROOT / "config" / "src" / "settings.ts",
    REPO_ROOT / "config" / "src" / "platform-home.ts",
)

Compose = dict[str, Any]
Check = Callable[[Compose], list[str]]

REQUIRED_SERVICES = frozenset(
    {
        "postgres",
        "redis",
        "minio",
        "minio-init",
        "spark-master",
        "spark-worker",
        "jupyter",
        "airflow-init",
        "airflow-apiserver",
        "airflow-scheduler",
        "airflow-dag-processor",
        "airflow-triggerer",
        "airflow-worker",
        "gen_data",
        "db-migrate",
        "docker-socket-proxy",
    }
)
AIRFLOW_SERVICES = frozenset(s for s in REQUIRED_SERVICES if s.startswith("airflow-"))

# The product's access-point table: service -> {(host port, container port)}.
ACCESS_POINTS: dict[str, set[tuple[int, int]]] = {
    "airflow-apiserver": {(8081, 8080)},
    "spark-master": {(8080, 8080), (7077, 7077)},
    "spark-worker": {(8082, 8082)},
    "minio": {(9000, 9000), (9001, 9001)},
    "postgres": {(5435, 5432)},
}
NETWORK_NAME = "ecommerce-platform"

# Canonical setting names (config/src/settings.ts) -> default, or None when it has none (secrets,
# and the home/cache directories whose default depends on the user).
CANONICAL_SETTINGS: dict[str, str | None] = {
    "PLATFORM_HOME": None,
    "PLATFORM_CACHE": None,
    "PG_HOST": "127.0.0.1",
    "PG_PORT": "5435",
    "PG_SUPERUSER": "postgres",
    "PG_SUPERUSER_PASSWORD": None,
    "OLTP_DATABASE": "ecommerce",
    "OLTP_OWNER_PASSWORD": None,
    "OLTP_WRITER_PASSWORD": None,
    "OLTP_READER_PASSWORD": None,
    "OLTP_REPLICATION_PASSWORD": None,
    "ICEBERG_CATALOG_DATABASE": "iceberg_catalog",
    "ICEBERG_CATALOG_PASSWORD": None,
    "AIRFLOW_DATABASE": "airflow",
    "AIRFLOW_DB_PASSWORD": None,
    "REDIS_HOST": "127.0.0.1",
    "REDIS_PORT": "6379",
    "REDIS_PASSWORD": None,
    "S3_ENDPOINT": "http://127.0.0.1:9000",
    "S3_PORT": "9000",
    "S3_CONSOLE_PORT": "9001",
    "S3_REGION": "us-east-1",
    "S3_ACCESS_KEY": None,
    "S3_SECRET_KEY": None,
    "S3_INGEST_SECRET_KEY": None,
    "S3_SPARK_SECRET_KEY": None,
    "S3_MAINTENANCE_SECRET_KEY": None,
    "S3_NOTEBOOK_SECRET_KEY": None,
    "S3_BUCKET": "lake",
    # The engine: the runtime's own under PLATFORM_HOME unless set.
    "DOCKER_HOST": None,
    # The project's images: <repository>:<root package.json version> (check_project_images).
    "PLATFORM_TASKS_IMAGE": None,
    "PLATFORM_GEN_DATA_IMAGE": None,
    "PLATFORM_SPARK_IMAGE": None,
    "PLATFORM_AIRFLOW_IMAGE": None,
    # An extra CA bundle for builds: the machine's bundle for the runtime, none for compose.
    "PLATFORM_BUILD_CA_FILE": None,
    # Airflow in the native runtime (docs/airflow.md).
    "AIRFLOW_ADMIN_PASSWORD": None,
    "AIRFLOW_PORT": "8081",
    "AIRFLOW_WORKER_LOG_PORT": "8793",
    "AIRFLOW_TRIGGERER_LOG_PORT": "8794",
    "AIRFLOW_SCHEDULER_HEALTH_PORT": "8974",
    "AIRFLOW_DAG_REFRESH_SECONDS": "10",
    "AIRFLOW_WORKER_CONCURRENCY": "2",
    "AIRFLOW_SOURCE_POOL": "oltp_source",
    "AIRFLOW_SOURCE_POOL_SLOTS": "2",
    "AIRFLOW_INGESTION_SCHEDULE": "@hourly",
    "AIRFLOW_TASK_RETRIES": "3",
    "AIRFLOW_RETRY_DELAY_SECONDS": "10",
    "AIRFLOW_MAX_RETRY_DELAY_SECONDS": "300",
    "AIRFLOW_TASK_HEARTBEAT_TIMEOUT_SECONDS": "120",
    "SPARK_MASTER_HOST": "127.0.0.1",
    "SPARK_MASTER_PORT": "7077",
    "SPARK_MASTER_UI_PORT": "8080",
    "SPARK_WORKER_UI_PORT": "8082",
    "SPARK_WORKER_CORES": "2",
    "SPARK_WORKER_MEMORY": "2g",
    "JUPYTER_PORT": "8888",
    "JUPYTER_TOKEN": None,
}
# Settings one app reads itself (tasks, gen_data, Airflow, Spark), not config/src.
APP_VARIABLES = frozenset(
    {
        "ICEBERG_WAREHOUSE",
        "TABLE_REGISTRY",
        "TASKS_FAULT_PAUSE",
        "AIRFLOW_FERNET_KEY",
        "AIRFLOW_JWT_SECRET",
        "AIRFLOW_API_SECRET_KEY",
        "ICEBERG_CATALOG_NAME",
        "GEN_SCENARIO",
        # compose-only: the network image builds use (host where the engine has no bridge).
        "PLATFORM_BUILD_NETWORK",
        # compose-only: what the DAGs' containers need, computed by `npm run compose`.
        "PLATFORM_CONTAINERS",
        # compose-only: the host address the published ports bind to (127.0.0.1).
        "PLATFORM_BIND_ADDRESS",
    }
)
# The project's own images: compose service -> repository (the tag is the platform's version).
PROJECT_IMAGES = {
    "tasks": ("ecommerce-platform/tasks", "PLATFORM_TASKS_IMAGE"),
    "gen_data": ("ecommerce-platform/gen_data", "PLATFORM_GEN_DATA_IMAGE"),
    "db-migrate": ("ecommerce-platform/gen_data", "PLATFORM_GEN_DATA_IMAGE"),
    "spark-master": ("ecommerce-platform/spark", "PLATFORM_SPARK_IMAGE"),
    "spark-worker": ("ecommerce-platform/spark", "PLATFORM_SPARK_IMAGE"),
    "jupyter": ("ecommerce-platform/spark", "PLATFORM_SPARK_IMAGE"),
    **{
        f"airflow-{component}": ("ecommerce-platform/airflow", "PLATFORM_AIRFLOW_IMAGE")
        for component in ("init", "apiserver", "scheduler", "dag-processor", "triggerer", "worker")
    },
}
KNOWN_VARIABLES = frozenset(CANONICAL_SETTINGS) | APP_VARIABLES
# Inside the compose network the project's code reaches the services by name, on their own ports.
IN_NETWORK_ENDPOINTS = {
    "PG_HOST": "postgres",
    "PG_PORT": "5432",
    "REDIS_HOST": "redis",
    "REDIS_PORT": "6379",
    "S3_ENDPOINT": "http://minio:9000",
}
# Services running the project's own code: each must be told where PostgreSQL is.
CODE_SERVICES = frozenset(
    {"spark-master", "spark-worker", "jupyter", "gen_data", "db-migrate"}
    | {s for s in REQUIRED_SERVICES if s.startswith("airflow-")}
)
# Which services may see which database password (least privilege; role names are fixed):
# variable -> services that must have it. Nobody else may reference it. db-migrate
# (`platform-db migrate`) creates every role, so it sets every password; the superuser's and the
# owner's are its alone (and the server's).
DB_PASSWORDS: dict[str, frozenset[str]] = {
    "PG_SUPERUSER_PASSWORD": frozenset({"postgres", "db-migrate"}),
    "OLTP_OWNER_PASSWORD": frozenset({"db-migrate"}),
    # gen_data, and Airflow's worker for the simulate DAG's gen_data container.
    "OLTP_WRITER_PASSWORD": frozenset({"gen_data", "db-migrate"} | AIRFLOW_SERVICES),
    "OLTP_READER_PASSWORD": frozenset({"db-migrate"} | AIRFLOW_SERVICES),
    "OLTP_REPLICATION_PASSWORD": frozenset({"db-migrate"} | AIRFLOW_SERVICES),
    "AIRFLOW_DB_PASSWORD": frozenset({"db-migrate"} | AIRFLOW_SERVICES),
    "ICEBERG_CATALOG_PASSWORD": frozenset(
        {"spark-master", "spark-worker", "jupyter", "db-migrate"} | AIRFLOW_SERVICES
    ),
}
# Which services may see which object-store secret: the root credential is the store's and its
# init's; each user's secret key goes to minio-init, which creates the user, and to the services
# acting as it (the DAGs' containers get theirs through the Airflow worker).
OBJECT_STORE_SECRETS: dict[str, frozenset[str]] = {
    "S3_ACCESS_KEY": frozenset({"minio", "minio-init"}),
    "S3_SECRET_KEY": frozenset({"minio", "minio-init"}),
    "S3_INGEST_SECRET_KEY": frozenset({"minio-init"} | AIRFLOW_SERVICES),
    "S3_SPARK_SECRET_KEY": frozenset({"minio-init"} | AIRFLOW_SERVICES),
    "S3_MAINTENANCE_SECRET_KEY": frozenset({"minio-init"} | AIRFLOW_SERVICES),
    "S3_NOTEBOOK_SECRET_KEY": frozenset({"minio-init", "jupyter"}),
}
# The object store's users (fixed names, as config/src/settings.ts OBJECT_STORE_USERS has them):
# the one literal value an S3_ACCESS_KEY may have.
OBJECT_STORE_USER_NAMES = frozenset(
    re.findall(r"accessKey: '(platform-[a-z]+)'", SETTINGS_SOURCES[0].read_text(encoding="utf-8"))
)
# Services that need a database or role of the migrator: they start only once it has succeeded
# (directly, or through a service that waited for it).
NEEDS_MIGRATIONS = frozenset({"gen_data", "airflow-init", "spark-master"})
BIND_ADDRESS = "${PLATFORM_BIND_ADDRESS:-127.0.0.1}"
ENGINE_SOCKET = "/var/run/docker.sock"
SOCKET_PROXY = "docker-socket-proxy"
# What the DAGs' DockerOperator asks of the engine (docker-py 7 through the docker provider and
# orchestration/containers.py): the proxy must let all of it through ...
DOCKER_OPERATOR_REQUESTS = [
    ("GET", "/version"),
    ("GET", "/v1.47/_ping"),
    ("HEAD", "/_ping"),
    ("GET", "/v1.47/images/json"),
    ("POST", "/v1.47/containers/create"),
    ("GET", "/v1.47/containers/5f1c0e2a9b7d/json"),
    ("POST", "/v1.47/containers/5f1c0e2a9b7d/attach"),
    ("POST", "/v1.47/containers/5f1c0e2a9b7d/start"),
    ("POST", "/v1.47/containers/5f1c0e2a9b7d/wait"),
    ("GET", "/v1.47/containers/5f1c0e2a9b7d/logs"),
    ("POST", "/v1.47/containers/5f1c0e2a9b7d/stop"),
    ("DELETE", "/v1.47/containers/5f1c0e2a9b7d"),
    # An earlier try's leftover, removed by name.
    ("DELETE", "/v1.47/containers/01_ingestion.orders.extract.manual__2026-12-04T10-00-00-00-00"),
]
# ... and nothing of this.
FORBIDDEN_REQUESTS = [
    ("POST", "/v1.47/images/create"),
    ("DELETE", "/v1.47/images/ecommerce-platform-tasks"),
    ("POST", "/v1.47/build"),
    ("POST", "/v1.47/commit"),
    ("POST", "/v1.47/auth"),
    ("GET", "/v1.47/info"),
    ("POST", "/v1.47/containers/5f1c0e2a9b7d/exec"),
    ("POST", "/v1.47/exec/5f1c0e2a9b7d/start"),
    ("GET", "/v1.47/containers/5f1c0e2a9b7d/archive"),
    ("PUT", "/v1.47/containers/5f1c0e2a9b7d/archive"),
    ("GET", "/v1.47/containers/5f1c0e2a9b7d/export"),
    ("POST", "/v1.47/containers/5f1c0e2a9b7d/update"),
    ("POST", "/v1.47/containers/prune"),
    ("POST", "/v1.47/volumes/create"),
    ("POST", "/v1.47/networks/create"),
    ("POST", "/v1.47/networks/ecommerce-platform/connect"),
    ("POST", "/v1.47/swarm/init"),
    ("POST", "/v1.47/plugins/pull"),
    ("GET", "/v1.47/secrets"),
]
AIRFLOW_DB_URL_RE = re.compile(
    r"^(postgresql\+psycopg2|db\+postgresql)://airflow:\$\{AIRFLOW_DB_PASSWORD:\?[^}]*\}"
    r"@postgres:5432/\$\{AIRFLOW_DATABASE:-airflow\}$"
)

SECRET_KEY_RE = re.compile(r"PASSWORD|PASSWD|SECRET|KEY|TOKEN|AUTH|CREDENTIAL", re.IGNORECASE)
# A whole value that is one interpolation without a default: ${VAR} or ${VAR:?msg} / ${VAR?msg}.
SECRET_VALUE_RE = re.compile(r"^\$\{[A-Za-z_][A-Za-z0-9_]*(:?\?[^}]*)?\}$")
INTERPOLATION_RE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)")
DEFAULT_RE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*):?-([^}]*)\}")
URL_CREDENTIALS_RE = re.compile(r"://(?P<user>[^/:@\s]*):(?P<password>[^@\s]*)@")
ANY_INTERPOLATION_RE = re.compile(r"\$\{[^}]*\}")
SECRET_PLACEHOLDER = "\x00"
ENV_EXAMPLE_LINE_RE = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)=(.*)$")
RELEASE_TAG_RE = re.compile(r"^RELEASE\.\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z$")
VERSION_TAG_RE = re.compile(r"^v?\d+\.\d+(\.\d+)*(-[A-Za-z0-9][A-Za-z0-9.]*)?$")
# Exact version lines of the images we pull (repository -> regex the tag must match).
IMAGE_LINES: dict[str, re.Pattern[str]] = {
    "postgres": re.compile(r"^16\.\d+(-[a-z0-9]+)?$"),
    "redis": re.compile(r"^7\.2\.\d+(-[a-z0-9]+)?$"),
    "quay.io/minio/minio": RELEASE_TAG_RE,
    "quay.io/minio/mc": RELEASE_TAG_RE,
    "wollomatic/socket-proxy": re.compile(r"^1\.\d+\.\d+$"),
}
DEPENDS_CONDITIONS = frozenset(
    {"service_started", "service_healthy", "service_completed_successfully"}
)


def load_compose() -> Compose:
    data = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))
    assert isinstance(data, dict), "docker-compose.yaml must be a YAML mapping"
    return data


def services_of(compose: Compose) -> dict[str, dict[str, Any]]:
    services = compose.get("services")
    return services if isinstance(services, dict) else {}


def env_items(service: dict[str, Any]) -> Iterator[tuple[str, str | None]]:
    env = service.get("environment") or {}
    if isinstance(env, dict):
        for key, value in env.items():
            yield str(key), None if value is None else str(value)
    else:
        for item in env:
            key, sep, value = str(item).partition("=")
            yield key, value if sep else None


def strings_in(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from strings_in(key)
            yield from strings_in(value)
    elif isinstance(node, list):
        for item in node:
            yield from strings_in(item)


def split_image(image: str) -> tuple[str, str | None, str | None]:
    """Return (repository, tag, digest) of an image reference."""
    name, _, digest = image.partition("@")
    last = name.rsplit("/", 1)[-1]
    if ":" in last:
        repo, _, tag = name.rpartition(":")
        return repo, tag, digest or None
    return name, None, digest or None


def with_defaults(text: str) -> str:
    """Replace each ${VAR:-default} by its default (what compose uses when VAR is unset)."""
    return DEFAULT_RE.sub(lambda m: m.group(2), text)


def published_ports(service: dict[str, Any]) -> set[tuple[int, int]]:
    """(first host port, container port) of every published port, short or long syntax.

    Interpolated ports count with their default; one without a default raises ValueError.
    """
    result: set[tuple[int, int]] = set()
    for entry in service.get("ports") or []:
        if isinstance(entry, dict):
            host, target = entry.get("published"), entry.get("target")
            host = None if host is None else with_defaults(str(host))
        else:
            spec = with_defaults(str(entry)).split("/", 1)[0]
            parts = spec.rsplit(":", 2)
            if len(parts) < 2:
                continue  # container port only: nothing published at a fixed host port
            host, target = parts[-2], parts[-1]
        if host is None or target is None:
            continue
        first_host = str(host).split("-", 1)[0]
        first_target = str(target).split("-", 1)[0]
        result.add((int(first_host), int(first_target)))
    return result


def mask_interpolations(text: str) -> str:
    """Replace ${VAR}/${VAR:?msg} by a placeholder, and interpolations with defaults by 'x'."""
    return ANY_INTERPOLATION_RE.sub(
        lambda m: SECRET_PLACEHOLDER if SECRET_VALUE_RE.match(m.group(0)) else "x", text
    )


def env_example_entries(text: str | None = None) -> dict[str, str]:
    """NAME -> value of every (uncommented) NAME=value line of .env.example."""
    if text is None:
        text = ENV_EXAMPLE.read_text(encoding="utf-8")
    return {
        m.group(1): m.group(2)
        for line in text.splitlines()
        if (m := ENV_EXAMPLE_LINE_RE.match(line))
    }


def env_example_names() -> set[str]:
    return set(env_example_entries())


def interpolated_variables(compose: Compose) -> set[str]:
    return {
        var
        for text in strings_in(compose)
        for var in INTERPOLATION_RE.findall(text.replace("$$", ""))
    }


# ---------------------------------------------------------------------------- rules


def check_required_services(compose: Compose) -> list[str]:
    missing = REQUIRED_SERVICES - services_of(compose).keys()
    return [f"missing service {name}" for name in sorted(missing)]


def check_images_pinned(compose: Compose) -> list[str]:
    problems: list[str] = []
    for name, service in services_of(compose).items():
        image = service.get("image")
        if image is None:
            if "build" not in service:
                problems.append(f"{name}: neither image nor build")
            continue
        repo, tag, digest = split_image(str(image))
        if tag is None:
            problems.append(f"{name}: image {image} has no tag")
            continue
        if tag == "latest" or "latest" in tag:
            problems.append(f"{name}: image {image} uses a 'latest' tag")
            continue
        if "build" in service:
            continue  # built locally, never pulled: any fixed local tag will do
        if "$" in str(image):
            problems.append(f"{name}: image {image} is interpolated, not pinned")
        elif not (RELEASE_TAG_RE.match(tag) or VERSION_TAG_RE.match(tag) or digest):
            problems.append(f"{name}: image {image} tag is not an exact version")
        line = IMAGE_LINES.get(repo)
        if line is not None and not line.match(tag):
            problems.append(f"{name}: image {image} is not on the pinned line {line.pattern}")
    return problems


def check_image_lines_used(compose: Compose) -> list[str]:
    """Postgres 16, Redis 7.2 and MinIO/mc from quay.io are the images the product pins."""
    used = {split_image(str(s["image"]))[0] for s in services_of(compose).values() if "image" in s}
    return [f"no service uses image {repo}" for repo in sorted(IMAGE_LINES.keys() - used)]


def check_no_literal_secrets(compose: Compose) -> list[str]:
    problems: list[str] = []
    for name, service in services_of(compose).items():
        for key, value in env_items(service):
            if key == "S3_ACCESS_KEY" and value in OBJECT_STORE_USER_NAMES:
                continue  # a user's name, not its secret
            if SECRET_KEY_RE.search(key) and (value is None or not SECRET_VALUE_RE.match(value)):
                problems.append(f"{name}: {key} must be a ${{VAR:?...}} interpolation")
            for match in URL_CREDENTIALS_RE.finditer(mask_interpolations(value or "")):
                if match.group("password") != SECRET_PLACEHOLDER:
                    problems.append(f"{name}: {key} embeds a literal password in a URL")
    return problems


def check_variables_documented(compose: Compose) -> list[str]:
    documented = env_example_names()
    problems: list[str] = []
    for text in strings_in(compose):
        unescaped = text.replace("$$", "")
        if re.search(r"\$(?!\{)", unescaped):
            problems.append(f"unbraced $VAR interpolation in {text!r}: use ${{VAR}}")
        for var in INTERPOLATION_RE.findall(unescaped):
            if var not in documented:
                problems.append(f"${{{var}}} is not documented in .env.example")
    return sorted(set(problems))


def check_known_variables(compose: Compose) -> list[str]:
    """Only canonical setting names (plus a few compose-only ones) may be interpolated."""
    return [
        f"${{{var}}} is not a canonical setting name (config/src/settings.ts)"
        for var in sorted(interpolated_variables(compose) - KNOWN_VARIABLES)
    ]


def check_defaults_match_settings(compose: Compose) -> list[str]:
    """A ${VAR:-default} of a canonical setting must use the same default as settings.ts."""
    problems: list[str] = []
    for text in strings_in(compose):
        for var, default in DEFAULT_RE.findall(text.replace("$$", "")):
            fixed = CANONICAL_SETTINGS.get(var)
            if fixed is not None and default != fixed:
                problems.append(f"${{{var}:-{default}}}: settings.ts default is {fixed!r}")
    return sorted(set(problems))


def check_in_network_endpoints(compose: Compose) -> list[str]:
    problems: list[str] = []
    services = services_of(compose)
    for name, service in services.items():
        env = dict(env_items(service))
        for key, expected in IN_NETWORK_ENDPOINTS.items():
            if key in env and env[key] != expected:
                problems.append(f"{name}: {key} must be {expected} inside the compose network")
    for name in sorted(CODE_SERVICES & services.keys()):
        env = dict(env_items(services[name]))
        for key in ("PG_HOST", "PG_PORT", "OLTP_DATABASE"):
            if key not in env:
                problems.append(f"{name}: {key} missing")
    return problems


def check_postgres_superuser(compose: Compose) -> list[str]:
    env = dict(env_items(services_of(compose).get("postgres", {})))
    problems: list[str] = []
    if env.get("POSTGRES_USER") != "${PG_SUPERUSER:-postgres}":
        problems.append("postgres: POSTGRES_USER must be ${PG_SUPERUSER:-postgres}")
    if not re.fullmatch(r"\$\{PG_SUPERUSER_PASSWORD:\?[^}]*\}", env.get("POSTGRES_PASSWORD") or ""):
        problems.append("postgres: POSTGRES_PASSWORD must be ${PG_SUPERUSER_PASSWORD:?...}")
    if "POSTGRES_DB" in env:
        problems.append("postgres: POSTGRES_DB is set; databases come from platform-db migrate")
    return problems


def audience_problems(compose: Compose, audience: dict[str, frozenset[str]]) -> list[str]:
    """Each secret of `audience` reaches exactly the services listed for it."""
    problems: list[str] = []
    services = services_of(compose)
    for name, service in services.items():
        used = interpolated_variables(service.get("environment") or {})
        for var, allowed in audience.items():
            if var in used and name not in allowed:
                problems.append(f"{name}: must not see {var}")
    for var, needed in audience.items():
        for name in sorted(needed & services.keys()):
            if var not in interpolated_variables(services[name].get("environment") or {}):
                problems.append(f"{name}: needs {var}")
    return problems


def check_object_store_secrets(compose: Compose) -> list[str]:
    """The root credential stays with the store; each user's secret with who acts as it. The
    notebooks act as platform-notebook."""
    problems = audience_problems(compose, OBJECT_STORE_SECRETS)
    jupyter = dict(env_items(services_of(compose).get("jupyter", {})))
    if jupyter.get("S3_ACCESS_KEY") != "platform-notebook":
        problems.append("jupyter: S3_ACCESS_KEY must be platform-notebook")
    init = services_of(compose).get("minio-init", {})
    mounts = [str(v) for v in init.get("volumes") or []]
    if init.get("entrypoint") != ["/bin/sh", "/platform/init.sh"] or mounts != [
        "./minio/init.sh:/platform/init.sh:ro"
    ]:
        problems.append("minio-init: must run minio/init.sh, mounted read-only")
    return problems


def check_db_passwords(compose: Compose) -> list[str]:
    """Each database password reaches exactly the services whose role needs it."""
    problems = audience_problems(compose, DB_PASSWORDS)
    services = services_of(compose)
    for name in sorted(AIRFLOW_SERVICES & services.keys()):
        env = dict(env_items(services[name]))
        for key in ("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", "AIRFLOW__CELERY__RESULT_BACKEND"):
            if not AIRFLOW_DB_URL_RE.match(env.get(key) or ""):
                problems.append(f"{name}: {key} must log in as airflow to ${{AIRFLOW_DATABASE}}")
    return problems


def check_access_ports(compose: Compose) -> list[str]:
    services = services_of(compose)
    problems: list[str] = []
    try:
        published = {name: published_ports(service) for name, service in services.items()}
    except ValueError as error:
        return [f"unparsable published port (interpolation without a default?): {error}"]
    for name, expected in ACCESS_POINTS.items():
        actual = published.get(name, set())
        problems += [f"{name}: expected port {h}:{c}" for h, c in sorted(expected - actual)]
    owners: dict[int, str] = {}
    for name in services:
        for host, _ in published[name]:
            if host in owners:
                problems.append(f"host port {host} published by {owners[host]} and {name}")
            owners[host] = name
    return problems


def check_depends_on(compose: Compose) -> list[str]:
    services = services_of(compose)
    problems: list[str] = []
    for name, service in services.items():
        deps = service.get("depends_on") or {}
        targets = deps.items() if isinstance(deps, dict) else ((d, {}) for d in deps)
        for target, spec in targets:
            if target not in services:
                problems.append(f"{name}: depends_on unknown service {target}")
                continue
            condition = (spec or {}).get("condition", "service_started")
            if condition not in DEPENDS_CONDITIONS:
                problems.append(f"{name}: unknown depends_on condition {condition}")
            if condition == "service_healthy" and "healthcheck" not in services[target]:
                problems.append(f"{name}: waits for {target} to be healthy; it has no healthcheck")
    return problems


def check_network(compose: Compose) -> list[str]:
    networks = compose.get("networks") or {}
    problems: list[str] = []
    if not networks:
        problems.append("no top-level network")
    for key, spec in networks.items():
        if (spec or {}).get("name") != NETWORK_NAME:
            problems.append(f"network {key} must have name: {NETWORK_NAME}")
    if len(networks) > 1:
        problems.append("exactly one network expected")
    for name, service in services_of(compose).items():
        if service.get("network_mode"):
            problems.append(f"{name}: network_mode bypasses the platform network")
        for net in service.get("networks") or []:
            if net not in networks:
                problems.append(f"{name}: unknown network {net}")
        for key, value in env_items(service):
            if key == "PLATFORM_DOCKER_NETWORK" and value != NETWORK_NAME:
                problems.append(f"{name}: PLATFORM_DOCKER_NETWORK is not {NETWORK_NAME}")
    return problems


def check_named_volumes(compose: Compose) -> list[str]:
    declared = set((compose.get("volumes") or {}).keys())
    problems: list[str] = []
    for name, service in services_of(compose).items():
        for volume in service.get("volumes") or []:
            source = volume.get("source") if isinstance(volume, dict) else volume.split(":")[0]
            if not source or str(source).startswith(("/", ".", "~", "$")):
                continue  # bind mount
            if source not in declared:
                problems.append(f"{name}: volume {source} is not declared at top level")
    for volume in ("postgres-data", "minio-data"):
        if volume not in declared:
            problems.append(f"named volume {volume} missing")
    return problems


def check_airflow(compose: Compose) -> list[str]:
    services = services_of(compose)
    problems: list[str] = []
    for name in sorted(AIRFLOW_SERVICES & services.keys()):
        env = dict(env_items(services[name]))
        if env.get("AIRFLOW__CORE__EXECUTOR") != "CeleryExecutor":
            problems.append(f"{name}: AIRFLOW__CORE__EXECUTOR must be CeleryExecutor")
        for key in ("AIRFLOW__API_AUTH__JWT_SECRET", "AIRFLOW__CELERY__BROKER_URL"):
            if not env.get(key):
                problems.append(f"{name}: {key} missing")
        url = env.get("AIRFLOW__CORE__EXECUTION_API_SERVER_URL", "")
        if not re.fullmatch(r"http://airflow-apiserver:8080/execution/", url):
            problems.append(f"{name}: execution API URL must be the api-server's /execution/")
        if not str(env.get("AIRFLOW__CELERY__BROKER_URL", "")).startswith("redis://"):
            problems.append(f"{name}: Celery broker must be Redis")
    commands = {n: " ".join(map(str, services.get(n, {}).get("command") or [])) for n in services}
    for name, needle in {
        "airflow-apiserver": "api-server",
        "airflow-scheduler": "scheduler",
        "airflow-dag-processor": "dag-processor",
        "airflow-triggerer": "triggerer",
        "airflow-worker": "celery worker",
    }.items():
        if needle not in commands.get(name, ""):
            problems.append(f"{name}: command must run airflow {needle}")
    return problems


def check_gen_data(compose: Compose) -> list[str]:
    service = services_of(compose).get("gen_data", {})
    command = " ".join(map(str, service.get("command") or []))
    problems: list[str] = []
    if not command.startswith("run ") or "--scenario ${GEN_SCENARIO:-normal-day}" not in command:
        problems.append("gen_data: command must be `run --scenario ${GEN_SCENARIO:-normal-day}`")
    build = service.get("build") or {}
    if not isinstance(build, dict) or build.get("dockerfile") != "gen_data/Dockerfile":
        problems.append("gen_data: must build gen_data/Dockerfile from the repository root")
    return problems


def platform_version() -> str:
    """The platform's one version source: the root package.json."""
    return str(json.loads(ROOT_PACKAGE.read_text(encoding="utf-8"))["version"])


def check_project_images(compose: Compose) -> list[str]:
    """Each project image is named by its setting, defaulting to <repository>:<version>, and
    builds with the build secret `ca` and the build network the runtime sets."""
    services = services_of(compose)
    problems: list[str] = []
    for name, (repository, setting) in PROJECT_IMAGES.items():
        service = services.get(name, {})
        expected = f"${{{setting}:-{repository}:{platform_version()}}}"
        if service.get("image") != expected:
            problems.append(f"{name}: image must be {expected}")
        build = service.get("build") or {}
        if not isinstance(build, dict) or build.get("context") != ".":
            problems.append(f"{name}: must build from the repository root")
            continue
        if "ca" not in (build.get("secrets") or []):
            problems.append(f"{name}: build must get the secret ca")
        if build.get("network") != "${PLATFORM_BUILD_NETWORK:-default}":
            problems.append(f"{name}: build network must be ${{PLATFORM_BUILD_NETWORK:-default}}")
    ca = (compose.get("secrets") or {}).get("ca") or {}
    if ca.get("file") != "${PLATFORM_BUILD_CA_FILE:-/dev/null}":
        problems.append("secret ca must be the file ${PLATFORM_BUILD_CA_FILE:-/dev/null}")
    return problems


def check_bucket(compose: Compose) -> list[str]:
    """The bucket the store creates is the one every client uses (default: lake)."""
    problems: list[str] = []
    init = services_of(compose).get("minio-init", {})
    if dict(env_items(init)).get("S3_BUCKET") != "${S3_BUCKET:-lake}":
        problems.append("minio-init: S3_BUCKET must be ${S3_BUCKET:-lake}")
    for name, service in services_of(compose).items():
        bucket = dict(env_items(service)).get("S3_BUCKET")
        if bucket is not None and bucket != "${S3_BUCKET:-lake}":
            problems.append(f"{name}: S3_BUCKET must be ${{S3_BUCKET:-lake}}")
    return problems


def check_ports_loopback(compose: Compose) -> list[str]:
    """Published ports bind to PLATFORM_BIND_ADDRESS, 127.0.0.1 unless set: nothing is reachable
    from another machine by default."""
    problems: list[str] = []
    for name, service in services_of(compose).items():
        for entry in service.get("ports") or []:
            bound = (
                entry.get("host_ip") == BIND_ADDRESS
                if isinstance(entry, dict)
                else str(entry).startswith(f"{BIND_ADDRESS}:")
            )
            if not bound:
                problems.append(f"{name}: port {entry} must bind to {BIND_ADDRESS}")
    return problems


def check_migrations_first(compose: Compose) -> list[str]:
    """db-migrate runs the project's migrator once postgres is healthy; what needs its databases
    and roles waits for it to have succeeded."""
    services = services_of(compose)
    migrate = services.get("db-migrate", {})
    problems: list[str] = []
    if migrate.get("entrypoint") != ["node", "db/dist/cli.js"] or migrate.get("command") != [
        "migrate"
    ]:
        problems.append("db-migrate: must run node db/dist/cli.js migrate")
    if migrate.get("restart") != "no":
        problems.append('db-migrate: a one-shot service needs restart: "no"')
    postgres = (migrate.get("depends_on") or {}).get("postgres") or {}
    if postgres.get("condition") != "service_healthy":
        problems.append("db-migrate: must wait for postgres to be healthy")
    for name in sorted(NEEDS_MIGRATIONS):
        deps = services.get(name, {}).get("depends_on") or {}
        spec = (deps.get("db-migrate") if isinstance(deps, dict) else None) or {}
        if spec.get("condition") != "service_completed_successfully":
            problems.append(f"{name}: must wait for db-migrate to complete successfully")
    return problems


def proxy_allowlist(service: dict[str, Any]) -> dict[str, list[re.Pattern[str]]]:
    """The socket proxy's -allow<METHOD>=<regexp> rules (anchored at both ends, as it does)."""
    rules: dict[str, list[re.Pattern[str]]] = {}
    for argument in map(str, service.get("command") or []):
        if match := re.fullmatch(r"-allow([A-Z]+)=(.*)", argument):
            rules.setdefault(match.group(1), []).append(re.compile(match.group(2)))
    return rules


def proxy_allows(rules: dict[str, list[re.Pattern[str]]], method: str, path: str) -> bool:
    return any(pattern.fullmatch(path) for pattern in rules.get(method, []))


def check_socket_proxy(compose: Compose) -> list[str]:
    """Only the socket proxy mounts the engine's socket, read-only; it lets through what the DAGs'
    DockerOperator needs and nothing on the forbidden list, to airflow-worker only."""
    services = services_of(compose)
    problems: list[str] = []
    for name, service in services.items():
        for volume in service.get("volumes") or []:
            source = volume.get("source") if isinstance(volume, dict) else str(volume).split(":")[0]
            if source == ENGINE_SOCKET and name != SOCKET_PROXY:
                problems.append(f"{name}: mounts the engine socket; only {SOCKET_PROXY} may")
    proxy = services.get(SOCKET_PROXY)
    if proxy is None:
        return [*problems, f"no {SOCKET_PROXY} service"]
    if [str(v) for v in proxy.get("volumes") or []] != [f"{ENGINE_SOCKET}:{ENGINE_SOCKET}:ro"]:
        problems.append(f"{SOCKET_PROXY}: must mount the engine socket alone, read-only")
    if proxy.get("ports"):
        problems.append(f"{SOCKET_PROXY}: must publish no port")
    if proxy.get("read_only") is not True or proxy.get("cap_drop") != ["ALL"]:
        problems.append(f"{SOCKET_PROXY}: needs read_only: true and cap_drop: [ALL]")
    command = [str(a) for a in proxy.get("command") or []]
    if "-allowfrom=airflow-worker" not in command:
        problems.append(f"{SOCKET_PROXY}: only airflow-worker may connect (-allowfrom)")
    if not any(a.startswith("-allowbindmountfrom=") for a in command):
        problems.append(f"{SOCKET_PROXY}: bind mounts must be restricted (-allowbindmountfrom)")
    rules = proxy_allowlist(proxy)
    problems += [
        f"{SOCKET_PROXY}: refuses {method} {path}, which DockerOperator needs"
        for method, path in DOCKER_OPERATOR_REQUESTS
        if not proxy_allows(rules, method, path)
    ]
    problems += [
        f"{SOCKET_PROXY}: lets {method} {path} through"
        for method, path in FORBIDDEN_REQUESTS
        if proxy_allows(rules, method, path)
    ]
    worker = services.get("airflow-worker", {}).get("depends_on") or {}
    if (worker.get(SOCKET_PROXY) or {}).get("condition") != "service_healthy":
        problems.append(f"airflow-worker: must wait for {SOCKET_PROXY} to be healthy")
    return problems


CHECKS: dict[str, Check] = {
    "required_services": check_required_services,
    "images_pinned": check_images_pinned,
    "image_lines_used": check_image_lines_used,
    "no_literal_secrets": check_no_literal_secrets,
    "variables_documented": check_variables_documented,
    "access_ports": check_access_ports,
    "depends_on": check_depends_on,
    "network": check_network,
    "named_volumes": check_named_volumes,
    "airflow": check_airflow,
    "gen_data": check_gen_data,
    "known_variables": check_known_variables,
    "defaults_match_settings": check_defaults_match_settings,
    "in_network_endpoints": check_in_network_endpoints,
    "postgres_superuser": check_postgres_superuser,
    "db_passwords": check_db_passwords,
    "bucket": check_bucket,
    "project_images": check_project_images,
    "ports_loopback": check_ports_loopback,
    "migrations_first": check_migrations_first,
    "socket_proxy": check_socket_proxy,
    "object_store_secrets": check_object_store_secrets,
}


# ---------------------------------------------------------------------------- .env.example rules


def env_example_problems(text: str, compose: Compose) -> list[str]:
    entries = env_example_entries(text)
    lines = text.splitlines()
    problems = [
        f"line {i + 1}: no comment line above {line.split('=', 1)[0]}"
        for i, line in enumerate(lines)
        if ENV_EXAMPLE_LINE_RE.match(line) and (i == 0 or not lines[i - 1].startswith("#"))
    ]
    problems += [f"{n} missing" for n in sorted(KNOWN_VARIABLES - entries.keys())]
    problems += [f"{n} is not a known setting" for n in sorted(entries.keys() - KNOWN_VARIABLES)]
    problems += [
        f"{n} is used by docker-compose.yaml but not documented"
        for n in sorted(interpolated_variables(compose) - entries.keys())
    ]
    for name, value in entries.items():
        if SECRET_KEY_RE.search(name) and value != "":
            problems.append(f"{name}: secret must be empty in .env.example")
        default = CANONICAL_SETTINGS.get(name)
        if value and default is not None and value != default:
            problems.append(f"{name}={value}: settings.ts default is {default!r}")
    duplicates = [m.group(1) for line in lines if (m := ENV_EXAMPLE_LINE_RE.match(line))]
    problems += [
        f"{n} defined twice" for n in sorted({n for n in duplicates if duplicates.count(n) > 1})
    ]
    return problems


# ---------------------------------------------------------------------------- tests


@pytest.fixture(scope="module")
def compose() -> Compose:
    return load_compose()


def test_parses_as_yaml_with_services(compose: Compose) -> None:
    assert services_of(compose), "docker-compose.yaml has no services mapping"


@pytest.mark.parametrize("check_name", sorted(CHECKS))
def test_compose_rule(compose: Compose, check_name: str) -> None:
    assert CHECKS[check_name](compose) == []


def test_env_example(compose: Compose) -> None:
    assert env_example_problems(ENV_EXAMPLE.read_text(encoding="utf-8"), compose) == []


def test_env_example_header_explains_both_runtimes() -> None:
    header = ENV_EXAMPLE.read_text(encoding="utf-8").split("\n\n", 1)[0]
    for needle in (
        "npm run stack:up",
        "$PLATFORM_HOME/platform.env",
        "0600",
        "copy this file to .env",
    ):
        assert needle in header


@pytest.mark.parametrize("name", sorted(CANONICAL_SETTINGS))
def test_canonical_name_is_read_by_settings_ts(name: str) -> None:
    source = "\n".join(p.read_text(encoding="utf-8") for p in SETTINGS_SOURCES)
    assert re.search(rf"\b{name}\b", source), f"{name} is not read by config/src"


ENV_MUTATIONS: list[tuple[str, Callable[[str], str]]] = [
    ("uncommented", lambda t: t + "\nSTRAY=1\n"),
    ("missing canonical", lambda t: re.sub(r"(?m)^OLTP_READER_PASSWORD=.*\n", "", t)),
    ("legacy name", lambda t: t + "# Old name.\nPOSTGRES_DB=ecommerce\n"),
    ("filled secret", lambda t: t.replace("\nREDIS_PASSWORD=\n", "\nREDIS_PASSWORD=hunter2\n")),
    ("wrong default", lambda t: t.replace("\nS3_BUCKET=lake\n", "\nS3_BUCKET=warehouse\n")),
    ("duplicate", lambda t: t + "# Again.\nGEN_SCENARIO=normal-day\n"),
    ("commented out", lambda t: t.replace("\nGEN_SCENARIO=", "\n# GEN_SCENARIO=")),
]


@pytest.mark.parametrize(
    "mutation", [m for _, m in ENV_MUTATIONS], ids=[label for label, _ in ENV_MUTATIONS]
)
def test_env_example_rule_fails_on_broken_file(
    compose: Compose, mutation: Callable[[str], str]
) -> None:
    text = ENV_EXAMPLE.read_text(encoding="utf-8")
    broken = mutation(text)
    assert broken != text, "mutation did not apply"
    assert env_example_problems(broken, compose) != []


def test_env_example_rule_fails_on_undocumented_compose_variable(compose: Compose) -> None:
    broken = copy.deepcopy(compose)
    broken["services"]["redis"]["environment"]["X"] = "${SPARK_WORKER_NEW}"
    assert env_example_problems(ENV_EXAMPLE.read_text(encoding="utf-8"), broken) != []


def _svc(name: str) -> Callable[[Compose], dict[str, Any]]:
    return lambda c: c["services"][name]


def _set(
    path: Callable[[Compose], dict[str, Any]], key: str, value: Any
) -> Callable[[Compose], None]:
    def mutate(c: Compose) -> None:
        path(c)[key] = value

    return mutate


def _env(service: str, key: str, value: str) -> Callable[[Compose], None]:
    def mutate(c: Compose) -> None:
        c["services"][service]["environment"] = {
            **c["services"][service]["environment"],
            key: value,
        }

    return mutate


def _delete_service(name: str) -> Callable[[Compose], None]:
    return lambda c: c["services"].pop(name) and None


MUTATIONS: list[tuple[str, str, Callable[[Compose], None]]] = [
    ("required_services", "drop redis", _delete_service("redis")),
    ("images_pinned", "latest tag", _set(_svc("redis"), "image", "redis:latest")),
    ("images_pinned", "no tag", _set(_svc("postgres"), "image", "postgres")),
    ("images_pinned", "floating major", _set(_svc("postgres"), "image", "postgres:16")),
    ("images_pinned", "floating minor", _set(_svc("redis"), "image", "redis:7.2")),
    ("images_pinned", "wrong line", _set(_svc("postgres"), "image", "postgres:17.2")),
    ("images_pinned", "interpolated", _set(_svc("minio"), "image", "quay.io/minio/minio:${T}")),
    ("image_lines_used", "other store", _set(_svc("minio"), "image", "other/s3:1.2.3")),
    ("no_literal_secrets", "literal password", _env("postgres", "POSTGRES_PASSWORD", "hunter2")),
    (
        "no_literal_secrets",
        "secret with default",
        _env("minio", "MINIO_ROOT_PASSWORD", "${S3_SECRET_KEY:-minioadmin}"),
    ),
    (
        "no_literal_secrets",
        "password in URL",
        _env("airflow-scheduler", "AIRFLOW__CELERY__BROKER_URL", "redis://:pw@redis:6379/0"),
    ),
    ("variables_documented", "undocumented", _env("redis", "X", "${NOT_DOCUMENTED_ANYWHERE}")),
    ("variables_documented", "unbraced", _env("redis", "X", "$UNBRACED")),
    ("access_ports", "airflow port", _set(_svc("airflow-apiserver"), "ports", ["8090:8080"])),
    ("access_ports", "postgres port", _set(_svc("postgres"), "ports", ["5432:5432"])),
    ("access_ports", "duplicate", _set(_svc("gen_data"), "ports", ["9000:80"])),
    (
        "depends_on",
        "unknown target",
        _set(_svc("gen_data"), "depends_on", {"nope": {"condition": "service_started"}}),
    ),
    (
        "depends_on",
        "healthy without healthcheck",
        _set(_svc("gen_data"), "depends_on", {"spark-master": {"condition": "service_healthy"}}),
    ),
    ("network", "no name", lambda c: c["networks"]["default"].pop("name")),
    ("network", "network_mode", _set(_svc("gen_data"), "network_mode", "host")),
    ("named_volumes", "undeclared", lambda c: c["volumes"].pop("postgres-data")),
    ("airflow", "local executor", _env("airflow-worker", "AIRFLOW__CORE__EXECUTOR", "Local")),
    ("airflow", "no worker", _set(_svc("airflow-worker"), "command", ["airflow", "version"])),
    ("gen_data", "fixed scenario", _set(_svc("gen_data"), "command", ["--scenario", "x"])),
    ("known_variables", "legacy name", _env("gen_data", "PGUSER", "${GEN_DATA_DB_USER:-gen_data}")),
    (
        "known_variables",
        "postgres db",
        _env("postgres", "POSTGRES_DB", "${POSTGRES_DB:-ecommerce}"),
    ),
    (
        "defaults_match_settings",
        "old bucket default",
        _env("spark-worker", "S3_BUCKET", "${S3_BUCKET:-warehouse}"),
    ),
    (
        "defaults_match_settings",
        "port default",
        _set(_svc("postgres"), "ports", ["${PG_PORT:-5432}:5432"]),
    ),
    ("in_network_endpoints", "host loopback", _env("gen_data", "PG_HOST", "127.0.0.1")),
    ("in_network_endpoints", "host port", _env("airflow-worker", "PG_PORT", "5435")),
    (
        "in_network_endpoints",
        "s3 localhost",
        _env("spark-master", "S3_ENDPOINT", "http://localhost:9000"),
    ),
    (
        "in_network_endpoints",
        "no host",
        lambda c: c["services"]["gen_data"]["environment"].pop("PG_HOST"),
    ),
    ("postgres_superuser", "literal user", _env("postgres", "POSTGRES_USER", "postgres")),
    (
        "postgres_superuser",
        "other password",
        _env("postgres", "POSTGRES_PASSWORD", "${OLTP_OWNER_PASSWORD:?x}"),
    ),
    ("postgres_superuser", "db", _env("postgres", "POSTGRES_DB", "ecommerce")),
    (
        "db_passwords",
        "gen_data as owner",
        _env("gen_data", "OLTP_OWNER_PASSWORD", "${OLTP_OWNER_PASSWORD:?x}"),
    ),
    (
        "db_passwords",
        "spark as writer",
        _env("spark-worker", "OLTP_WRITER_PASSWORD", "${OLTP_WRITER_PASSWORD:?x}"),
    ),
    (
        "db_passwords",
        "gen_data without password",
        lambda c: c["services"]["gen_data"]["environment"].pop("OLTP_WRITER_PASSWORD"),
    ),
    (
        "db_passwords",
        "airflow as superuser",
        _env(
            "airflow-scheduler",
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN",
            "postgresql+psycopg2://postgres:${PG_SUPERUSER_PASSWORD:?x}@postgres:5432/airflow",
        ),
    ),
    ("bucket", "old default", _env("minio-init", "S3_BUCKET", "${S3_BUCKET:-warehouse}")),
    (
        "project_images",
        "old tag",
        _set(_svc("tasks"), "image", "${PLATFORM_TASKS_IMAGE:-ecommerce-platform/tasks:local}"),
    ),
    (
        "project_images",
        "fixed name",
        _set(_svc("gen_data"), "image", "ecommerce-platform/gen_data:0.1.0"),
    ),
    ("project_images", "no ca", lambda c: c["services"]["tasks"]["build"].pop("secrets")),
    ("project_images", "ca in repo", lambda c: c["secrets"]["ca"].update(file="./ca.crt")),
    ("bucket", "fixed bucket", _env("airflow-worker", "S3_BUCKET", "other")),
    (
        "object_store_secrets",
        "spark as root",
        _env("spark-worker", "S3_SECRET_KEY", "${S3_SECRET_KEY:?x}"),
    ),
    (
        "object_store_secrets",
        "notebook as ingestion",
        _env("jupyter", "S3_SECRET_KEY", "${S3_INGEST_SECRET_KEY:?x}"),
    ),
    (
        "object_store_secrets",
        "notebook as root user",
        _env("jupyter", "S3_ACCESS_KEY", "platform-maintenance"),
    ),
    (
        "object_store_secrets",
        "worker without the spark user",
        lambda c: c["services"]["airflow-worker"]["environment"].pop("S3_SPARK_SECRET_KEY"),
    ),
    (
        "object_store_secrets",
        "init inline",
        _set(_svc("minio-init"), "entrypoint", ["/bin/sh", "-c", "mc mb platform/lake"]),
    ),
    (
        "no_literal_secrets",
        "literal access key",
        _env("jupyter", "S3_ACCESS_KEY", "minioadmin"),
    ),
    ("ports_loopback", "all interfaces", _set(_svc("postgres"), "ports", ["5435:5432"])),
    (
        "ports_loopback",
        "other address",
        _set(_svc("airflow-apiserver"), "ports", ["0.0.0.0:8081:8080"]),
    ),
    (
        "migrations_first",
        "gen_data before the roles",
        _set(_svc("gen_data"), "depends_on", {"postgres": {"condition": "service_healthy"}}),
    ),
    (
        "migrations_first",
        "only started",
        _set(
            _svc("airflow-init"),
            "depends_on",
            {"db-migrate": {"condition": "service_started"}},
        ),
    ),
    ("migrations_first", "other command", _set(_svc("db-migrate"), "command", ["status"])),
    (
        "socket_proxy",
        "worker mounts the socket",
        _set(_svc("airflow-worker"), "volumes", ["/var/run/docker.sock:/var/run/docker.sock"]),
    ),
    (
        "socket_proxy",
        "writable socket",
        _set(_svc("docker-socket-proxy"), "volumes", ["/var/run/docker.sock:/var/run/docker.sock"]),
    ),
    (
        "socket_proxy",
        "any POST",
        lambda c: c["services"]["docker-socket-proxy"]["command"].append("-allowPOST=.*"),
    ),
    (
        "socket_proxy",
        "no logs",
        lambda c: c["services"]["docker-socket-proxy"].update(
            command=[
                a.replace("|logs", "") for a in c["services"]["docker-socket-proxy"]["command"]
            ]
        ),
    ),
    (
        "socket_proxy",
        "anyone connects",
        lambda c: c["services"]["docker-socket-proxy"]["command"].remove(
            "-allowfrom=airflow-worker"
        ),
    ),
    ("socket_proxy", "published", _set(_svc("docker-socket-proxy"), "ports", ["2375:2375"])),
    (
        "access_ports",
        "port without default",
        _set(_svc("minio"), "ports", ["${S3_PORT}:9000", "9001:9001"]),
    ),
]


@pytest.mark.parametrize(
    ("check_name", "mutation"),
    [(check, mutate) for check, _, mutate in MUTATIONS],
    ids=[f"{check}-{label}" for check, label, _ in MUTATIONS],
)
def test_rule_fails_on_broken_compose(
    compose: Compose, check_name: str, mutation: Callable[[Compose], None]
) -> None:
    broken = copy.deepcopy(compose)
    mutation(broken)
    assert CHECKS[check_name](broken) != [], f"{check_name} did not notice the mutation"


def test_every_rule_has_a_mutation() -> None:
    assert {check for check, _, _ in MUTATIONS} == set(CHECKS)
