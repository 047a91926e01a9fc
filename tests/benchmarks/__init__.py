"""Tests for benchmark helpers."""
