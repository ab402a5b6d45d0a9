"""The open-data catalogue the 数据下载 page shows: files, their fields, sizes, date, licence.

The publish stage fills it from the bytes it writes (publish/data.py); the page only reads it.
"""

from __future__ import annotations

from dataclasses import dataclass

# Shown when content/site.yml sets no data_licence.
DEFAULT_LICENCE = (
    "本站开放数据可自由复制、使用和传播，请注明来源“{site}”。"
    "数据依据各地公开发布的文件整理，如与原文件不一致，以原文件为准。"
)


@dataclass(frozen=True)
class DataField:
    """One field of a data file: its name as written in the file, what it means, an example."""

    name: str
    meaning: str
    example: str = ""


@dataclass(frozen=True)
class DataFile:
    """One downloadable file: where it is (relative to the data page), what it holds, its size."""

    href: str
    title: str
    description: str
    size: int
    fields: tuple[DataField, ...] = ()

    @property
    def file_name(self) -> str:
        """The file's own name, as the link shows it."""
        return self.href.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class DataCatalogue:
    """Everything the 数据下载 page lists."""

    files: tuple[DataFile, ...]
    updated: str
    licence: str


def size_text(size: int) -> str:
    """A file size as people read it: 字节 below 1 KB, then KB and MB with one decimal."""
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"
