"""auditbook: compliance checklists and evidence into a site and an auditor's packet."""

from __future__ import annotations

__version__ = "0.1.0"
