"""Running nodes of the experiment tree: contexts, outputs, operators and backends."""
