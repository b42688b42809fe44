"""Fixtures of the core app's tests: a private clamd for the document uploads."""

from tests.clamd import clamd, clamd_socket, no_clamd

__all__ = ["clamd", "clamd_socket", "no_clamd"]
