"""Ingest: turn files, URLs and feeds into briefings."""
