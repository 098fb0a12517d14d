"""Checklists in any script, with lines that repeat: every item kept, counted and linked once.

The pages are fictional, written for these tests: a pentest list that repeats its steps
under bold group labels, the same list translated (Chinese, Persian, Vietnamese), and two
pages with the same file name in two folders.
"""

from __future__ import annotations

import re
import subprocess
from collections import Counter

import pytest

from conftest import write_project
from support.sites import Site, build_site

PENTEST = """\
# Pentest

## Steps

- **Recon**
  - [ ] Run the port scan
  - [ ] Check the headers
- **Web**
  - [ ] Run the port scan
  - [ ] Check the headers
"""
CHINESE = """\
# 上线检查清单

## 安全

- [ ] 检查数据库备份是否加密
- [ ] 检查数据库备份是否加密
- [x] 启用双因素认证
"""
PERSIAN = """\
# چک‌لیست امنیت

## سرور

- [ ] بررسی&nbsp;امنیت&nbsp;سرور
- [ ] فعال‌سازی احراز هویت دو مرحله‌ای
"""
VIETNAMESE = """\
# Danh sách kiểm tra

## Bảo mật

- [ ] Kiểm tra đăng nhập hai lớp
- [ ] Đặt lịch sao lưu cơ sở dữ liệu
"""
SAME_NAME = "# Ops\n\n## Backups\n\n- [ ] Restore tested\n"
FILES: dict[str, str | bytes] = {
    "content/checklists/pentest.md": PENTEST,
    "content/checklists/zh.md": CHINESE,
    "content/checklists/fa.md": PERSIAN,
    "content/checklists/vi.md": VIETNAMESE,
    "content/checklists/eu/ops.md": SAME_NAME,
    "content/checklists/us/ops.md": SAME_NAME,
    "evidence/README.md": "No evidence yet (fictional project).\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_site(write_project(tmp_path_factory.mktemp("scripts") / "p", FILES), packet=True)


def test_every_item_is_in_the_report_once_with_no_id_finding(site: Site) -> None:
    ids = [item["id"] for item in site.report["items"]]
    assert len(ids) == len(set(ids)) == 13  # pentest 4, Chinese 3, Persian 2, Vietnamese 2, ops 1+1
    assert not [f for f in site.report["findings"] if f["code"].startswith("item-")]
    assert site.report["overall"]["counts"]["open"] + site.report["overall"]["counts"][
        "attested"
    ] == len([i for i in site.report["items"] if not i["children"]])


def test_derived_ids_keep_their_words_and_tell_repeats_apart(site: Site) -> None:
    ids = {item["id"] for item in site.report["items"]}
    assert {
        "pentest/steps/recon/run-the-port-scan",
        "pentest/steps/web/run-the-port-scan",
        "pentest/steps/web/check-the-headers",
        "zh/安全/检查数据库备份是否加密",
        "zh/安全/检查数据库备份是否加密-2",
        "fa/سرور/بررسی-امنیت-سرور",
        "vi/bao-mat/kiem-tra-dang-nhap-hai-lop",
        "vi/bao-mat/dat-lich-sao-luu-co-so-du-lieu",
        "ops/backups/restore-tested",
        "ops-2/backups/restore-tested",
    } <= ids


@pytest.mark.parametrize("page", ["pentest", "zh", "fa", "vi", "eu/ops", "us/ops"])
def test_a_page_carries_each_html_id_once_and_shows_every_item(site: Site, page: str) -> None:
    html = site.page(f"checklists/{page}").read_text("utf-8")
    ids = Counter(re.findall(r'\bid="([^"]+)"', html))
    assert [name for name, count in ids.items() if count > 1] == []
    shown = len(re.findall(r'class="ab-item" id="item-', html))
    listed = [i for i in site.report["items"] if i["checklist"] == f"content/checklists/{page}.md"]
    assert shown == len(listed) > 0


def test_the_packet_links_every_item_in_any_script(site: Site) -> None:
    text = subprocess.run(
        ["pdftotext", str(site.site / "packet.pdf"), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    for words in ("检查数据库备份是否加密", "Kiểm tra đăng nhập hai lớp", "ops-2/backups"):
        assert words in text
