"""Pipelines: read sources into tidy frames and load them into the warehouse.

Run `python -m pipelines --help` for the commands.
"""
