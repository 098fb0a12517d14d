"""The MkDocs-free engine: composes everything one build produces; adapters move it in and out."""
