"""Ingest: bytes of any published format -> lines and tables."""
