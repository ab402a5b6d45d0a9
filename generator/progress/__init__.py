"""Staff progress entries: statuses, loading (YAML, CSV, XLSX), validation, reporting templates."""
