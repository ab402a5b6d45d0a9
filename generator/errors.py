"""The package's one exception family; everything else is a logged problem."""

from __future__ import annotations


class GeneratorError(Exception):
    """Base of every error the generator raises on purpose."""


class SourceError(GeneratorError):
    """A file that cannot be read as a document at all, with its path and line."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(located(path, line, message))
        self.path = path
        self.line = line
        self.message = message


class ConfigError(GeneratorError):
    """A staff-edited YAML file (sidecar, aliases, indicators) that is malformed."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(located(path, line, message))
        self.path = path
        self.line = line
        self.message = message


def located(path: str, line: int, message: str) -> str:
    """Format file:line: message; line 0 means the whole file."""
    return f"{path}:{line}: {message}" if line else f"{path}: {message}"
