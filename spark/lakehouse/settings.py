"""The platform's settings as Python sees them: its own environment, nothing else.

The one resolver of settings is TypeScript (config/src/settings.ts): it applies the defaults,
derives values such as ICEBERG_WAREHOUSE and reads the generated platform.env. Whatever starts
Python passes that resolution as the environment (the runtime, the tests and the benchmarks pass
`resolveEnvironment()`; a shell gets it with `eval "$(npm run -s stack:env)"`). So this module
parses no file and repeats no default: a missing variable is an error that says how to get it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

HOW_TO_SET = 'eval "$(npm run -s stack:env)"'

# Fixed role names are part of the schema (config/src/settings.ts ROLES), not settings.
CATALOG_OWNER = "iceberg_catalog"


def required(name: str, env: Mapping[str, str] = os.environ) -> str:
    """The variable's value; exits with one line on stderr (exit code 2, bad input) when unset."""
    value = env.get(name, "")
    if not value:
        sys.stderr.write(
            f"{name} is not set: start Python with the resolved settings ({HOW_TO_SET})\n"
        )
        raise SystemExit(2)
    return value
