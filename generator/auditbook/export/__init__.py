"""Outputs for machines: report.json, manifest.json, findings for CI, and text for the CLI."""
