"""Where briefings and the ingest state are kept: files (one process) or PostgreSQL (replicas)."""
