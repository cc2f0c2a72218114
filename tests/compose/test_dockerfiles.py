"""Static checks of the project's Dockerfiles (no Docker engine on the build machines).

Each image is built from the repository root; every file or folder a COPY takes from the build
context must exist, the final stage must not run as root, and base images must be pinned.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILES = sorted(p for p in ROOT.glob("*/Dockerfile") if "node_modules" not in p.parts)


def instructions(dockerfile: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n", " ", dockerfile.read_text())
    pairs = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            pairs.append((keyword.upper(), rest.strip()))
    return pairs


def context_sources(dockerfile: Path) -> list[str]:
    sources: list[str] = []
    for keyword, rest in instructions(dockerfile):
        if keyword != "COPY" or "--from=" in rest:
            continue
        parts = [p for p in rest.split() if not p.startswith("--")]
        sources.extend(parts[:-1])
    return sources


def test_dockerfiles_found() -> None:
    assert {p.parent.name for p in DOCKERFILES} >= {"gen_data", "tasks"}


@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=lambda p: p.parent.name)
def test_copy_sources_exist_in_the_repository(dockerfile: Path) -> None:
    missing = [src for src in context_sources(dockerfile) if not (ROOT / src).exists()]
    assert missing == [], f"{dockerfile.relative_to(ROOT)} copies what the repository lacks"


@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=lambda p: p.parent.name)
def test_runs_as_a_non_root_user_on_a_pinned_base(dockerfile: Path) -> None:
    steps = instructions(dockerfile)
    final_stage = steps[max(i for i, (k, _) in enumerate(steps) if k == "FROM") :]
    users = [arg for keyword, arg in final_stage if keyword == "USER"]
    assert users and users[-1] not in ("root", "0"), "the final stage must not run as root"
    for keyword, arg in steps:
        if keyword == "FROM":
            image = arg.split()[0]
            assert re.search(r":\d+\.\d+\.\d+", image), f"base image {image} is not pinned"


def test_context_sources_parser_sees_what_a_copy_takes(tmp_path: Path) -> None:
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(
        "FROM node:20.19.5-bookworm-slim AS build\n"
        "COPY a.json \\\n  b.json ./\n"
        "COPY --from=build /app/x y\n"
        "COPY --chown=node:node c d/\n"
    )
    assert context_sources(dockerfile) == ["a.json", "b.json", "c"]
