"""Fuzz suite (issue 13): bad and hostile inputs run through the real CLI and the library.

``inputs`` generates them (deterministic from a seed), ``harness`` materialises a sample in a temp
folder and runs ``sitrep extract``, ``sitrep ingest`` and ``sitrep.extract_many`` on it, checking
that every document gets exactly one outcome, in bounded time, with no traceback and valid JSON.
``test_fuzz`` runs a small sample in CI; ``benchmarks/fuzz.py`` runs all of it.
"""
