#!/usr/bin/env bash
# Python tooling entry point for npm scripts and CI.
#
#   scripts/python.sh ruff            ruff check . && ruff format --check .
#   scripts/python.sh pytest [args]   pytest on the Python test folders (pyproject testpaths)
#   scripts/python.sh venv-path       create/sync the dev virtualenv and print its path
#
# The dev virtualenv lives OUTSIDE the repo, at ${PLATFORM_CACHE}/venvs/dev. PLATFORM_CACHE
# defaults to ${PLATFORM_HOME}/cache (as in config/src/platform-home.ts), and PLATFORM_HOME to
# /var/lib/ecommerce-platform for root and ~/.local/share/ecommerce-platform otherwise. It is
# synced from requirements-dev.lock (hashes required) only when the lock's sha256 changed since
# the last sync. uv comes from PATH, or else is installed at the pinned version into
# ${PLATFORM_CACHE}/venvs/uv-bootstrap with python3 -m venv + pip.
set -euo pipefail

UV_VERSION="0.13.9"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCK_FILE="${REPO_ROOT}/requirements-dev.lock"

if [[ "$(id -u)" -eq 0 ]]; then
  DEFAULT_HOME="/var/lib/ecommerce-platform"
else
  DEFAULT_HOME="${HOME}/.local/share/ecommerce-platform"
fi
PLATFORM_HOME="${PLATFORM_HOME:-${DEFAULT_HOME}}"
PLATFORM_CACHE="${PLATFORM_CACHE:-${PLATFORM_HOME}/cache}"
VENVS="${PLATFORM_CACHE}/venvs"
VENV="${VENVS}/dev"
BOOTSTRAP_VENV="${VENVS}/uv-bootstrap"
STAMP="${VENV}/.requirements-dev.lock.sha256"

die() {
  echo "scripts/python.sh: $*" >&2
  exit 1
}

usage() {
  echo "usage: scripts/python.sh {ruff|pytest [pytest args...]|venv-path}" >&2
  exit 2
}

check_python() {
  command -v python3 >/dev/null 2>&1 || die "python3 not found on PATH (need Python >= 3.11)"
  if ! python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
    die "python3 is $(python3 -c 'import platform; print(platform.python_version())'); Python >= 3.11 is required"
  fi
}

find_uv() {
  if command -v uv >/dev/null 2>&1; then
    UV="$(command -v uv)"
    return
  fi
  UV="${BOOTSTRAP_VENV}/bin/uv"
  if [[ -x "${UV}" ]] && "${UV}" --version 2>/dev/null | grep -qF "uv ${UV_VERSION}"; then
    return
  fi
  echo "scripts/python.sh: installing uv ${UV_VERSION} into ${BOOTSTRAP_VENV}" >&2
  rm -rf "${BOOTSTRAP_VENV}"
  python3 -m venv "${BOOTSTRAP_VENV}"
  "${BOOTSTRAP_VENV}/bin/python" -m pip install --quiet --disable-pip-version-check \
    "uv==${UV_VERSION}"
  [[ -x "${UV}" ]] || die "uv bootstrap failed: ${UV} missing"
}

ensure_venv() {
  [[ -f "${LOCK_FILE}" ]] || die "missing ${LOCK_FILE}"
  mkdir -p "${VENVS}"
  # Serialise concurrent callers (e.g. lint and test started together).
  if command -v flock >/dev/null 2>&1; then
    exec 9>"${VENVS}/.dev.lock"
    flock 9
  fi
  if [[ ! -x "${VENV}/bin/python" ]] || ! "${VENV}/bin/python" -c 'import sys' >/dev/null 2>&1; then
    rm -rf "${VENV}"
    "${UV}" venv --quiet --python "$(command -v python3)" "${VENV}"
  fi
  local want have=""
  want="$(sha256sum "${LOCK_FILE}" | cut -d' ' -f1)"
  [[ -f "${STAMP}" ]] && have="$(cat "${STAMP}")"
  if [[ "${want}" != "${have}" ]]; then
    "${UV}" pip sync --quiet --require-hashes --python "${VENV}/bin/python" "${LOCK_FILE}"
    echo "${want}" >"${STAMP}"
  fi
  if command -v flock >/dev/null 2>&1; then
    exec 9>&-
  fi
}

[[ $# -ge 1 ]] || usage
cmd="$1"
shift

check_python
case "${cmd}" in
  venv-path)
    find_uv
    ensure_venv
    echo "${VENV}"
    ;;
  ruff)
    find_uv
    ensure_venv
    cd "${REPO_ROOT}"
    "${VENV}/bin/ruff" check . && "${VENV}/bin/ruff" format --check .
    ;;
  pytest)
    find_uv
    ensure_venv
    cd "${REPO_ROOT}"
    "${VENV}/bin/python" -m pytest "$@"
    ;;
  *)
    usage
    ;;
esac
