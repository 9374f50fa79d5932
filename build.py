#!/usr/bin/env python3
"""Build the timeline site: `python build.py` (build), `check`, `serve`. See `python build.py --help`."""

from defections.cli import run

if __name__ == "__main__":
    run()
