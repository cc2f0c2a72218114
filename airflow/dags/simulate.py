"""simulate: the shop simulator (gen_data run) with the trigger form's parameters.

Start a flash sale or a fraud attack from the UI: choose the scenario, how long (days, or until a
date), how fast (0 = backfill, 1 = real time) and the seed.
"""

from datetime import UTC, datetime

from airflow.sdk import DAG, Param
from orchestration.containers import container_task

with DAG(
    dag_id="simulate",
    schedule=None,
    start_date=datetime(2026, 1, 1, tzinfo=UTC),
    catchup=False,
    tags=["simulation"],
    doc_md=__doc__,
    params={
        "scenario": Param(
            "normal-day",
            type="string",
            enum=["normal-day", "flash-sale", "fraud-attack", "promotion-blast"],
        ),
        "days": Param(
            1, type="integer", minimum=1, description="simulated days (ignored with until)"
        ),
        "until": Param(
            None, type=["null", "string"], format="date", description="end date instead of days"
        ),
        "speed": Param(
            0, type="number", minimum=0, description="0 = backfill, 1 = real time, N = N x"
        ),
        "seed": Param(42, type="integer"),
    },
):
    container_task(
        "gen_data",
        "gen_data",
        [
            "run",
            "--scenario",
            "{{ params.scenario }}",
            "{{ '--until' if params.until else '--days' }}",
            "{{ params.until or params.days }}",
            "--speed",
            "{{ params.speed }}",
            "--seed",
            "{{ params.seed }}",
        ],
    )
