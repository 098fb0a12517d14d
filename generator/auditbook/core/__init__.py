"""The pure core: assessment, HIPAA coverage and comparison of reports (no I/O)."""
