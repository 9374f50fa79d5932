#!/usr/bin/env python3
"""Build the timeline site: `python build.py` (build), `check`, `serve`. See `python build.py --help`."""

import sys

from defections.cli import main

if __name__ == "__main__":
    sys.exit(main())
