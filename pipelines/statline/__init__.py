"""CBS StatLine tables (CBS's own catalogue and dataderden: RIVM, GMSD …) in cbsodata's snapshot layout.

snapshot.py reads one saved table's metadata (after checking it against its
manifest); reader.py turns it into tidy observations, regions and coverage for
any table family by the dimension roles its monitor.sources.StatLineSpec declares.
"""
