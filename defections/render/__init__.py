"""From the content model to the site's files: views, templates, the chart, data exports and feeds."""
