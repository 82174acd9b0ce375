"""Errors meant for people: the CLI prints them as one clear message, no traceback."""


class MonitorError(Exception):
    """A problem the user can act on; the message says what, where and what to do."""


class ConfigError(MonitorError):
    """The gemeente configuration file is unreadable or invalid."""


class SourceError(MonitorError):
    """A source file or snapshot cannot be read or does not have the expected shape."""
