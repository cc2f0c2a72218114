"""Errors of the Spark jobs, mapped to the platform's exit codes (docs/cli.md) by jobs.cli."""


class BadInputError(Exception):
    """Exit 2: an unknown table or mart, a malformed flag or setting; nothing was written."""


class CheckFailedError(Exception):
    """Exit 3: a check ran and found a problem."""


class PrerequisiteError(Exception):
    """Exit 1: something the job needs is not there yet (a parent table, a raw table)."""
