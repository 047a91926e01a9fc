"""Tests of the Discord adapter against the fake Discord."""
