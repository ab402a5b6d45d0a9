"""make bench, ingest: PDF and Word pages per second, and a cached rebuild extracting nothing."""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

import generator.ingest as ingest
from generator.build import build_docs
from tests.bench_ingest_docx import bench_docx, big_document
from tests.bench_ingest_pdf import bench_pdf, big_pdf
from tests.conftest import ROOT


def cached_rebuild() -> None:
    """Build a PDF and a Word file twice: the second build must extract nothing."""
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as scratch:
        content = Path(scratch) / "content"
        (content / "documents").mkdir(parents=True)
        for name in ("units.yml", "indicators.yml", "site.yml"):
            shutil.copy(ROOT / "content" / name, content / name)
        (content / "documents" / "big.pdf").write_bytes(big_pdf(300)[0])
        (content / "documents" / "big.docx").write_bytes(big_document(2000)[0])
        docs = Path(scratch) / "build" / "docs"
        calls = 0
        real = ingest.extractor_for

        def counting(suffix: str) -> ingest.Extractor:
            nonlocal calls
            calls += 1
            return real(suffix)

        ingest.extractor_for = counting  # type: ignore[assignment]
        try:
            for run in ("first build", "rebuild, no change"):
                calls = 0
                started = time.perf_counter()
                build_docs(content, docs)
                seconds = time.perf_counter() - started
                print(f"  {run:<22} {seconds:6.2f} s, {calls} file(s) extracted")
        finally:
            ingest.extractor_for = real  # type: ignore[assignment]


def main() -> int:
    """Print ingest speeds."""
    print("ingest")
    bench_pdf()
    bench_docx()
    cached_rebuild()
    return 0


if __name__ == "__main__":
    sys.exit(main())
