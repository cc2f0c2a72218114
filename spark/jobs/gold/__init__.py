"""Gold: the KPI marts, each defined once in docs/kpis.md and built by one SQL file from silver."""
