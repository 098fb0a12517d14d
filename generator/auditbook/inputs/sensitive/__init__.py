"""PHI and secrets in what the site and the packet would publish: found, located, masked."""

from auditbook.inputs.sensitive.rules import Hit, find_in_line
from auditbook.inputs.sensitive.scan import TooLargeToScan, scan_file, scan_lines, scan_text

__all__ = ["Hit", "TooLargeToScan", "find_in_line", "scan_file", "scan_lines", "scan_text"]
