"""Reading what people write and collect: pages, checklists, sidecars, the mapping, the
HIPAA catalog and the evidence files with their readers. Nothing here renders anything."""
