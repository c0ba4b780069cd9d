"""Fuzz suite fixtures: the ``fuzz_slow`` marker (inputs at the sizes issue 13 names, run only on request)."""

from __future__ import annotations


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "fuzz_slow: fuzz inputs of the size classes (minutes); run with SITREP_FUZZ_SLOW=1")
