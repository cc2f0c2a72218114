"""What the thin DAG files share: settings, the container helper, the registry."""
