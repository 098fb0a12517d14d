"""The vocabulary every layer shares: the domain model, findings, errors, text and time."""
