"""Releases: versions.json, the history a build is set against, alias folders, atomic writes."""
