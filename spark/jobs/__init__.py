"""The platform's Spark jobs, one package per stage: silver (raw change log -> current state),
gold (KPI marts), maintenance (Iceberg table upkeep)."""
