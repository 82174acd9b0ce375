"""One module per source. Each declares itself as `SOURCE` (a monitor.sources.StatLineSpec or FileSource);
pipelines.registry collects them, and refresh, the command line, config validation, the coverage report and
the Bronnen page all iterate over that registry.
"""
