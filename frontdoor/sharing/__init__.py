"""Lawful sharing: the information-sharing register (docs/information-sharing.md)."""
