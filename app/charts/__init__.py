"""Altair charts, one module per kind of view; each builds a chart from the long observation frame."""
