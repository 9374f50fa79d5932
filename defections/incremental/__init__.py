"""Everything that only makes a rebuild do less: the preview's state, kept in memory from build to build."""
