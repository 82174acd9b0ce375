"""Generators of the committed, FICTIONAL demo data in data/raw/demo, in the real source formats.

Run all of them with `make demo-data` (`python -m tools.demo`); each is deterministic.
"""
