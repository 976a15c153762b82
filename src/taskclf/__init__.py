"""taskclf: a local-first personal task-type classifier over ActivityWatch data."""

__version__ = "0.1.0"
