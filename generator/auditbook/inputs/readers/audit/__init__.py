"""The audit-log reader's parts: concepts, formats, record streams and the tally."""
