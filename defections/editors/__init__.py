"""Tools for editors: record stubs, drafts from articles, pull-request summaries, JSON Schemas."""
