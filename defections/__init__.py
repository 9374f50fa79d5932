"""A static site generator for sourced timelines of defections."""

__version__ = "0.1.0"
