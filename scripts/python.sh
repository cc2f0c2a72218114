#!/usr/bin/env bash
# Python entry point for npm scripts, tests and CI.
#
#   scripts/python.sh ruff                   ruff check . && ruff format --check .
#   scripts/python.sh pytest [args]          pytest on the Python test folders (pyproject testpaths),
#                                            in the airflow-test venv (the DAG tests import Airflow)
#   scripts/python.sh venv-path [dev|spark|airflow|airflow-test]
#                                            create/sync a virtualenv and print its path (the runtime
#                                            runs Airflow from the airflow venv)
#   scripts/python.sh spark SCRIPT [args]    run a PySpark script locally with the pinned Iceberg,
#                                            AWS bundle and PostgreSQL jars (SPARK_JARS is set)
#   scripts/python.sh spark-home             prepare the Spark venv and jars; print SPARK_HOME
#   scripts/python.sh submit JOB [args]      spark/bin/submit with the venv's spark-submit and the
#                                            cached jars (a job on the standalone master)
#   scripts/python.sh lab                    JupyterLab on spark/notebooks (token JUPYTER_TOKEN)
#
# Virtualenvs live OUTSIDE the repo under ${PLATFORM_CACHE}/venvs. PLATFORM_CACHE is the value the
# one settings resolver (config/src/settings.ts) gives: taken from the environment when the caller
# passed the resolved settings (TypeScript starts this with resolveEnvironment(); a shell after
# `eval "$(npm run -s stack:env)"`), else asked from the resolver itself, whose config/ package is
# built here first if needed (CI runs `python.sh ruff` right after `npm ci`, before any build).
# The Python processes started here inherit the environment unchanged and read only it
# (spark/lakehouse/settings.py). Each venv is synced from its lock (hashes required) only when the
# lock's sha256 changed. uv comes from PATH, or is installed at the pinned version into
# ${PLATFORM_CACHE}/venvs/uv-bootstrap. Jars are downloaded once into ${PLATFORM_CACHE}/jars and
# refused when their sha256 differs from spark/jars.txt (spark/bin/fetch_jars.py).
set -euo pipefail

UV_VERSION="0.13.9"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

die() {
  echo "scripts/python.sh: $*" >&2
  exit 1
}

# resolve_cache: sets PLATFORM_CACHE from the environment or from the settings resolver.
resolve_cache() {
  [[ -n "${PLATFORM_CACHE:-}" ]] && return
  command -v node >/dev/null 2>&1 || die "node not found on PATH: it resolves the platform's settings"
  local resolver="${REPO_ROOT}/config/dist/index.js"
  if [[ ! -f "${resolver}" ]] ||
    [[ -n "$(find "${REPO_ROOT}/config/src" -name '*.ts' -newer "${resolver}" -print -quit)" ]]; then
    "${REPO_ROOT}/node_modules/.bin/tsc" -b "${REPO_ROOT}/config" >&2 ||
      die "could not build config/ to resolve the settings: run npm install first"
  fi
  PLATFORM_CACHE="$(node --input-type=module -e \
    "const { resolveEnvironment } = await import(process.argv[1]); process.stdout.write(resolveEnvironment().PLATFORM_CACHE);" \
    "${resolver}")" || die "could not resolve PLATFORM_CACHE"
}

usage() {
  echo "usage: scripts/python.sh {ruff|pytest [args...]|venv-path [dev|spark|airflow|airflow-test]|spark SCRIPT [args...]|spark-home|submit JOB [args...]|lab}" >&2
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

lock_for() {
  case "$1" in
    dev) echo "${REPO_ROOT}/requirements-dev.lock" ;;
    spark) echo "${REPO_ROOT}/spark/requirements.lock" ;;
    airflow) echo "${REPO_ROOT}/airflow/requirements.lock" ;;
    airflow-test) echo "${REPO_ROOT}/airflow/requirements-test.lock" ;;
    *) usage ;;
  esac
}

# ensure_venv NAME: creates ${VENVS}/NAME-<lock hash> and syncs it from its lock; sets VENV.
ensure_venv() {
  local name="$1" lock want have=""
  lock="$(lock_for "${name}")"
  [[ -f "${lock}" ]] || die "missing ${lock}"
  want="$(sha256sum "${lock}" | cut -d' ' -f1)"
  # One virtualenv per lock content: checkouts on different locks (branches, worktrees) sharing
  # the cache never re-sync each other's environment under a running process.
  VENV="${VENVS}/${name}-${want:0:12}"
  mkdir -p "${VENVS}"
  # Serialise concurrent callers (parallel test files, lint and test started together).
  exec 9>"${VENVS}/.${name}-${want:0:12}.lock"
  flock 9
  if [[ ! -x "${VENV}/bin/python" ]] || ! "${VENV}/bin/python" -c 'import sys' >/dev/null 2>&1; then
    rm -rf "${VENV}"
    "${UV}" venv --quiet --python "$(command -v python3)" "${VENV}"
  fi
  [[ -f "${VENV}/.lock.sha256" ]] && have="$(cat "${VENV}/.lock.sha256")"
  if [[ "${want}" != "${have}" ]]; then
    "${UV}" pip sync --quiet --require-hashes --python "${VENV}/bin/python" "${lock}"
    echo "${want}" >"${VENV}/.lock.sha256"
  fi
  exec 9>&-
}

# ensure_jars: the jars of spark/jars.txt in ${PLATFORM_CACHE}/jars (spark/bin/fetch_jars.py, the
# one fetcher, which the spark image uses too); sets SPARK_JARS (comma list).
ensure_jars() {
  SPARK_JARS="$(python3 "${REPO_ROOT}/spark/bin/fetch_jars.py" "${PLATFORM_CACHE}/jars")" ||
    die "could not fetch the jars of spark/jars.txt"
}

check_java() {
  command -v java >/dev/null 2>&1 || die "Spark needs Java 17 or 21: install openjdk-17-jre-headless"
  local major
  major="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  [[ "${major}" == "17" || "${major}" == "21" ]] || die "Spark 4.1 needs Java 17 or 21, found ${major}"
}

# prepare_spark: Java checked, the Spark venv and the jars ready; exports what spark/bin/* and
# PySpark need (SPARK_HOME of the venv's pyspark, its bin first on PATH, SPARK_JARS).
prepare_spark() {
  check_java
  ensure_venv spark
  ensure_jars
  SPARK_HOME="$("${VENV}/bin/python" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))')"
  # Loopback only: these machines resolve their hostname to a non-loopback test address.
  export SPARK_HOME SPARK_JARS PATH="${VENV}/bin:${PATH}" PYSPARK_PYTHON="${VENV}/bin/python" \
    SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
}

[[ $# -ge 1 ]] || usage
cmd="$1"
shift

resolve_cache
VENVS="${PLATFORM_CACHE}/venvs"
BOOTSTRAP_VENV="${VENVS}/uv-bootstrap"
check_python
find_uv
case "${cmd}" in
  venv-path)
    ensure_venv "${1:-dev}"
    echo "${VENV}"
    ;;
  ruff)
    ensure_venv dev
    cd "${REPO_ROOT}"
    "${VENV}/bin/ruff" check . && "${VENV}/bin/ruff" format --check .
    ;;
  pytest)
    ensure_venv airflow-test
    cd "${REPO_ROOT}"
    "${VENV}/bin/python" -m pytest "$@"
    ;;
  spark)
    [[ $# -ge 1 ]] || usage
    prepare_spark
    exec "${VENV}/bin/python" "$@"
    ;;
  spark-home)
    prepare_spark
    echo "${SPARK_HOME}"
    ;;
  submit)
    prepare_spark
    exec bash "${REPO_ROOT}/spark/bin/submit" "$@"
    ;;
  lab)
    prepare_spark
    exec bash "${REPO_ROOT}/spark/bin/lab" "$@"
    ;;
  *)
    usage
    ;;
esac
