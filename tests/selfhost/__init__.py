"""Tests for self-hosting: HTTP server, health, metrics, doctor, shutdown, image files."""
