"""infoview: a journal of informational interviews, kept as markdown files."""

__version__ = "0.1.0"
