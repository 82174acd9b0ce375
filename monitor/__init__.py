"""What every layer shares: the gemeente configuration (its model and validation), the tidy shape every source
produces, the errors meant for people, and where the project's files live.

Nothing here imports pipelines/, warehouse/ or app/: they all import this, so data flows one way.
"""
