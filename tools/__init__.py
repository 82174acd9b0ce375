"""Developer tools that are not part of the running monitor (the demo data generators)."""
