"""Benchmarks of auditbook: site build, hashing and (when it exists) the PDF packet.

Run with `make bench` (or `python -m benchmarks --quick`). Every number is reported as a
ratio against a reference measured in the same run; nothing here asserts a timing.
Projects are generated, deterministically and with invented data only, into a
temporary folder, never inside the repository.
"""
