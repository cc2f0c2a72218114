"""Shared helpers for the platform's Spark jobs and readers."""
