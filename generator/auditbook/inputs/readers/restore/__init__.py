"""Backup-restore evidence, one module per tool: each scanner tells a `Story`, `judge` decides."""
