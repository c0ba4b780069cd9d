"""Serve stage: the interfaces over the library (the ``sitrep`` command line; later the web API)."""
