"""Tests for briefbot ingest."""
