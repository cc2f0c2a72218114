"""Silver: one table per source table, the current state of every key of the raw change log."""
