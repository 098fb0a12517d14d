"""The auditor's packet: HTML from auditbook's own templates, printed to PDF/A-3 by WeasyPrint."""
