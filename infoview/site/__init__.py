"""The private static site: inputs → plan → write (see build.py)."""
