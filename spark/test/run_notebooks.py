"""Executes every notebook of spark/notebooks headless (nbclient, the venv's python3 kernel) and
fails on the first cell that raises. The kernel inherits this process's environment: the
settings, SPARK_MASTER_URL and SPARK_JARS (scripts/python.sh spark). Prints one JSON line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def main() -> int:
    ran = []
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        client = NotebookClient(
            notebook,
            timeout=600,
            kernel_name="python3",
            resources={"metadata": {"path": str(NOTEBOOKS)}},
        )
        try:
            client.execute()
        except CellExecutionError as error:
            first = str(error).strip().splitlines()[-1] if str(error).strip() else "cell failed"
            print(f"notebooks: {path.name}: {first}", file=sys.stderr)
            return 1
        images = sum(
            1
            for cell in notebook.cells
            for output in cell.get("outputs", [])
            if "image/png" in output.get("data", {})
        )
        ran.append({"notebook": path.name, "cells": len(notebook.cells), "images": images})
    print(json.dumps({"notebooks": ran}))
    return 0 if ran else 1


if __name__ == "__main__":
    raise SystemExit(main())
