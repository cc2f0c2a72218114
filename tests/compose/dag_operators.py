"""Writes to the file given as its argument, as one JSON object, what every task of airflow/dags
would run: its image, network, engine, environment and secrets by name, as the DAGs build them from
this process's environment.

test_compose_cli.py runs it with the environment the real Compose gives the Airflow worker, so the
DAGs are checked against docker-compose.yaml as deployed, not against a hand-written copy.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

DAGS = Path(__file__).resolve().parents[2] / "airflow" / "dags"


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="airflow-home-") as home:
        # Airflow reads its configuration when first imported: a private home before that.
        os.environ["AIRFLOW_HOME"] = home
        os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
        sys.path.insert(0, str(DAGS))
        from airflow.dag_processing.dagbag import DagBag

        bag = DagBag(dag_folder=str(DAGS), safe_mode=False)
    tasks = {
        f"{dag_id}.{task.task_id}": {
            "image": task.image,
            "network_mode": task.network_mode,
            "docker_url": task.docker_url,
            "environment": task.environment,
            "secrets": task.secrets,
            "unavailable": task.unavailable,
        }
        for dag_id, dag in bag.dags.items()
        for task in dag.tasks
    }
    # A file, not stdout: Airflow logs to stdout while it loads the DAGs.
    Path(sys.argv[1]).write_text(json.dumps({"import_errors": bag.import_errors, "tasks": tasks}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
