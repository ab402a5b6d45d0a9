"""Publish: Markdown -> site/ (MkDocs release, search index, links, data files and feeds)."""
