"""The DuckDB warehouse: schema migrations, atomic builds, loading and the read queries.

This package is the only place with SQL. Pipelines hand it tidy frames; the app
reads through `warehouse.queries`.
"""
