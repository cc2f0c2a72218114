"""SQL lives in .sql files next to the code that runs it; this reads them."""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def sql_file(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def statements(text: str) -> list[str]:
    """The `;`-separated statements of a file, comments and blank ones dropped."""
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
