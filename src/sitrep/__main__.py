"""Entry point: ``python -m sitrep`` runs the command line."""

from sitrep.serve.cli import main

if __name__ == "__main__":
    main()
