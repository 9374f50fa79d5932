"""From a project's files to the validated content model: loading, YAML, fields, quotes, dates, validation."""
