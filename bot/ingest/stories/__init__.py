"""Stories: articles about one event clustered at ingest into one evolving briefing."""
