"""Every task of the platform's DAGs is one of its images run as a container: built here, once.

What differs between compose and the native runtime (docker_url, network, image references,
environment) comes from the PLATFORM_CONTAINERS setting, so the DAG files never do.
"""

from __future__ import annotations

import json
import os
import re
import time

from airflow.providers.docker.operators.docker import DockerOperator
from docker.errors import NotFound

from orchestration.settings import SettingsError, containers, task_retries

# What the task log shows of a step's result besides the XCom itself.
SUMMARY_KEYS = ("status", "records", "rows", "files", "bytes")


def last_json_line(stdout: str) -> object:
    """The step's result: the last non-empty line of its stdout, which must be JSON."""
    lines = [line for line in stdout.splitlines() if line.strip()]
    if not lines:
        raise ValueError("the container printed nothing on stdout: no result")
    return json.loads(lines[-1])


def container_name(dag_id: str, task_id: str, run_id: str) -> str:
    """The same name for every try of one task instance, valid for the engine ([a-zA-Z0-9_.-])."""
    return re.sub(r"[^a-zA-Z0-9_.-]", "-", f"{dag_id}.{task_id}.{run_id}")


class PlatformContainerOperator(DockerOperator):
    """A DockerOperator whose XCom is the JSON of the last line of stdout alone.

    The plain operator takes the last line of stdout and stderr merged, and their order is not
    kept, so a log line on stderr can become the XCom. Here the container is kept until its stdout
    has been read on its own, then removed. `secrets` maps each secret variable of the container to
    the worker's variable holding its value, read only when the task runs: no template, rendered
    field or log has it.

    Every try of a task instance names its container alike. A worker killed mid-task leaves its
    container running with nobody to remove it; the next try removes it before it starts its own,
    so two tries of one step never run at once.
    """

    def __init__(
        self, *, secrets: dict[str, str] | None = None, unavailable: str | None = None, **kwargs
    ) -> None:
        super().__init__(auto_remove="never", mount_tmp_dir=False, tty=False, **kwargs)
        self.secrets = dict(secrets or {})
        self.unavailable = unavailable

    def execute(self, context):
        if self.unavailable:
            raise SettingsError(self.unavailable)
        missing = sorted({source for source in self.secrets.values() if not os.environ.get(source)})
        if missing:
            raise SettingsError(f"the worker's environment lacks {', '.join(missing)}")
        self._private_environment = {name: os.environ[src] for name, src in self.secrets.items()}
        ti = context["ti"]
        self.container_name = container_name(ti.dag_id, ti.task_id, ti.run_id)
        try:
            self.cli.remove_container(self.container_name, force=True)
            self.log.info("removed container %s, left by an earlier try", self.container_name)
        except NotFound:
            pass
        started = time.monotonic()
        try:
            super().execute(context)
            stdout = self.cli.logs(self.container["Id"], stdout=True, stderr=False).decode("utf-8")
        finally:
            if getattr(self, "container", None):
                self.cli.remove_container(self.container["Id"], force=True)
        seconds = round(time.monotonic() - started, 2)
        result = last_json_line(stdout)
        if isinstance(result, dict):
            summary = {key: result[key] for key in SUMMARY_KEYS if key in result}
            self.log.info("result: %s in %s s", json.dumps(summary), seconds)
        return result


def container_task(
    task_id: str, image: str, command: list[str], **kwargs
) -> PlatformContainerOperator:
    """`image` (tasks, gen_data, spark, or spark-maintenance: the spark image as the maintenance
    job's object-store user) running `command` with the platform's settings.

    Retried with exponential backoff: a service briefly down, a conflict beyond the CLI's retries.
    """
    spec = containers()
    retries, retry_delay, max_retry_delay = task_retries()
    role = spec["images"].get(image)
    unavailable = None
    if role is None:
        # An image of a later stage (spark before the Spark layer exists) must not break parsing:
        # the DAG shows, and its task says what is missing when it runs.
        known = ", ".join(spec["images"])
        unavailable = f'PLATFORM_CONTAINERS has no image "{image}" (known: {known})'
        role = {"image": image, "environment": {}, "secrets": {}}
    return PlatformContainerOperator(
        task_id=task_id,
        image=role["image"],
        command=command,
        environment=dict(role["environment"]),
        secrets=dict(role["secrets"]),
        unavailable=unavailable,
        docker_url=spec["docker_url"],
        network_mode=spec["network_mode"],
        labels=dict(spec["labels"]),
        mounts=[],
        retries=retries,
        retry_delay=retry_delay,
        retry_exponential_backoff=2.0,
        max_retry_delay=max_retry_delay,
        **kwargs,
    )
