"""The author's stated status (`✅`, `⚠️`, `❌`, "(80% complete)", `N/A: reason`) is read as
their claim: done is attested, never met; the page and the packet say where it came from."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from auditbook.render.labels import item_anchor
from conftest import run_cli, write_project
from support.html import article
from support.sites import Site, build_site

PAGE = """\
# Vendor onboarding

## Contracts

- [ ] ✅ Vendor signed the BAA
- [ ] Data flow reviewed :white_check_mark:
- [ ] ⚠️ Penetration test booked
- [ ] Single sign-on rollout (80% complete)
- [ ] ❌ Disaster recovery drill
- [ ] Card payments (N/A: no card data is stored)
- [ ] N/A Fax gateway
- [x] ❌ Ticked, but the text says not done
- [ ] ✅ Backups restored {#restore}

## 中文

- [ ] ✅ 供应商已签署协议
- [ ] 单点登录上线\uff08进行中\uff09
"""
SIDECAR = """\
title: Restore test (fictional)
kind: other
collected: 2026-11-01
collected_by: Dana (fictional)
covers: [restore]
fictional: true
"""
FILES: dict[str, str | bytes] = {
    "content/checklists/vendor.md": PAGE,
    "evidence/restore.txt": "Restore finished in 12 minutes (fictional).\n",
    "evidence/restore.txt.meta.yml": SIDECAR,
}
EXPECTED = {
    "vendor/contracts/vendor-signed-the-baa": "attested",
    "vendor/contracts/data-flow-reviewed": "attested",
    "vendor/contracts/penetration-test-booked": "open",
    "vendor/contracts/single-sign-on-rollout": "open",
    "vendor/contracts/disaster-recovery-drill": "open",
    "vendor/contracts/card-payments": "not applicable",
    "vendor/contracts/fax-gateway": "open",
    "vendor/contracts/ticked-but-the-text-says-not-done": "open",
    "restore": "met",  # evidence decides over the claim
    "vendor/中文/供应商已签署协议": "attested",
    "vendor/中文/单点登录上线": "open",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return build_site(write_project(tmp_path_factory.mktemp("stated") / "p", FILES), packet=True)


def test_a_claim_is_attested_at_most_and_evidence_decides(site: Site) -> None:
    statuses = {item["id"]: item["status"] for item in site.report["items"]}
    assert statuses == EXPECTED
    assert site.report["overall"]["counts"]["met"] == 1


def test_report_json_carries_each_claim_as_written(site: Site) -> None:
    items = {item["id"]: item for item in site.report["items"]}
    assert items["vendor/contracts/vendor-signed-the-baa"]["stated"] == {
        "claim": "done",
        "mark": "✅",
        "reason": None,
    }
    card = items["vendor/contracts/card-payments"]["stated"]
    assert (card["claim"], card["reason"]) == ("not applicable", "no card data is stored")
    assert items["vendor/contracts/penetration-test-booked"]["stated"]["claim"] == "in progress"


def test_claims_that_need_a_word_get_one(site: Site) -> None:
    found = {
        (f["code"], f["line"]) for f in site.report["findings"] if f["code"].startswith("item")
    }
    assert found == {("item-stated-na-reason", 11), ("item-stated-conflict", 12)}


def test_the_page_says_the_status_was_stated_in_the_text(site: Site) -> None:
    page = article(site.page("checklists/vendor"))
    notes = {
        item.attrs.get("id"): item
        for item in page.find_all("li")
        for item in item.find_all("span", "ab-item")
    }
    assert set(notes) == {item_anchor(i) for i in EXPECTED}
    stated = [n.text() for n in page.find_all("span", "ab-stated")]
    assert stated[:3] == [
        "stated in the text: ✅ (done)",
        "stated in the text: :white_check_mark: (done)",
        "stated in the text: ⚠️ (in progress)",
    ]
    assert "stated in the text: \uff08进行中\uff09 (in progress)" in stated
    assert len(stated) == len(EXPECTED)


@pytest.mark.packet
def test_the_packet_says_so_too(site: Site) -> None:
    text = subprocess.run(
        ["pdftotext", str(site.site / "packet.pdf"), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    text = " ".join(text.split())
    assert "Single sign-on rollout stated in the text: (80% complete)" in text
    assert "Card payments stated in the text: N/A (not applicable)" in text
    assert "Not applicable: no card data is stored" in text


def test_a_project_adds_the_words_its_authors_write(tmp_path: Path) -> None:
    page = "# Ops\n\n## Keys\n\n- [ ] Keys rotated [ERLEDIGT]\n- [ ] Backups restored 🚧\n"
    root = write_project(tmp_path / "p", {"content/checklists/ops.md": page})
    config = root / "mkdocs.yml"
    text = config.read_text("utf-8").replace(
        "      as_of:", "      stated: {done: [ERLEDIGT], in_progress: ['🚧']}\n      as_of:"
    )
    config.write_text(text, "utf-8")
    report = build_site(root).report
    stated = {item["id"]: item["stated"]["claim"] for item in report["items"]}
    assert stated == {"ops/keys/keys-rotated": "done", "ops/keys/backups-restored": "in progress"}
    bad = config.read_text("utf-8").replace("in_progress:", "almost:")
    config.write_text(bad, "utf-8")
    result = run_cli(root, "check")
    assert result.exit_code == 2
    assert "stated: unknown claim 'almost' (use done, in_progress, not_done)" in result.output
