"""Writing the site: a new one beside the last good one, swapped in whole, under a lock."""
