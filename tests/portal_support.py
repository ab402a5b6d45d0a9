"""A small content folder built into a site with `python -m generator build`, for portal tests."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import ROOT, build_command

# A task whose text tries to break out of an HTML attribute, a tag and an entity.
HOSTILE_TASK = (
    '推进"引号"与\'单引号\'建设"><script>alert(1)</script>，'
    "落实&amp;实体 onerror=alert(2) <img src=x>要求"
)
PUBLIC = (
    "江北区2024年政府工作报告重点任务分工方案\n"
    "1. 推进老旧小区改造，全年完成改造项目30个以上。"
    "（牵头领导：王红；责任单位：区住房城乡建设局）\n"
    f"2. {HOSTILE_TASK}。（牵头领导：李明；责任单位：区发展和改革局、区财政局）\n"
    "3. 提升政务服务效能，推进高效办成一件事。（牵头领导：王红；责任单位：区行政审批服务局）\n"
)
PUBLIC_SIDECAR = (
    "id: jiangbei-2024\n"
    "title: 江北区2024年政府工作报告重点任务分工方案\n"
    "region: 江北区\nyear: 2024\ndate: 2024-03-01\nkind: 责任分工方案\n"
)
PRIVATE = "江北区内部工作安排\n1. 研究保密事项处置办法。（牵头领导：赵刚；责任单位：区保密局）\n"
# Dated after the public one: its date must not become the site's data date.
PRIVATE_SIDECAR = "id: neibu-anpai\nregion: 江北区\ndate: 2024-12-31\npublic: false\n"
PORTAL_SETTINGS = """\
site_url: {site_url}
organizer: 江北区人民政府办公室
contact_phone: 0571-87654321
contact_email: duban@jiangbei.example.gov.cn
site_code: 3301000001
icp: 浙ICP备05012345号-1
report_error: jiucuo@jiangbei.example.gov.cn
"""


@dataclass(frozen=True)
class BuiltSite:
    """A published small site: its folder and what the build printed."""

    site: Path
    output: str


def build_small_site(workdir: Path, settings: str = "") -> BuiltSite:
    """Write the small content folder with site.yml holding settings, build and publish it."""
    content = workdir / "content"
    documents = content / "documents"
    documents.mkdir(parents=True)
    (documents / "jiangbei.txt").write_text(PUBLIC, encoding="utf-8")
    (documents / "jiangbei.yml").write_text(PUBLIC_SIDECAR, encoding="utf-8")
    (documents / "neibu.txt").write_text(PRIVATE, encoding="utf-8")
    (documents / "neibu.yml").write_text(PRIVATE_SIDECAR, encoding="utf-8")
    (content / "site.yml").write_text(settings, encoding="utf-8")
    done = subprocess.run(
        build_command(content, workdir),
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return BuiltSite(workdir / "site", done.stdout + done.stderr)
