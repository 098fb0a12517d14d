"""Which evidence files a packet attaches, and why the others are left out."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from auditbook.core.results import EvidenceResult
from auditbook.domain.model import Evidence, EvidenceMeta, EvidenceState
from auditbook.render.packet.attachments import MAX_ATTACHMENT, MAX_ATTACHMENTS, left_out


def result(name: str, size: int, *, publish: bool = True, packet: bool = True) -> EvidenceResult:
    meta = EvidenceMeta(
        f"evidence/{name}.meta.yml",
        name,
        "other",
        dt.date(2026, 11, 1),
        "Ops (fictional)",
        publish=publish,
        packet=packet,
    )
    evidence = Evidence(f"evidence/{name}", "0" * 64, size, meta)
    return EvidenceResult(evidence, EvidenceState.CURRENT, ())


def reasons(*results: EvidenceResult, full: bool) -> dict[str, str]:
    found = left_out(SimpleNamespace(evidence=results), full=full)  # type: ignore[arg-type]
    return {path.removeprefix("evidence/"): why for path, why in found.items()}


def test_the_public_packet_attaches_only_published_files_the_full_one_all_it_may() -> None:
    files = (
        result("public.txt", 10),
        result("private.txt", 10, publish=False),
        result("kept-out.txt", 10, packet=False),
    )
    assert reasons(*files, full=False) == {
        "public.txt": "",
        "private.txt": "not published (the full packet, made by `auditbook packet`, attaches it)",
        "kept-out.txt": "its sidecar says packet: false",
    }
    assert reasons(*files, full=True) == {
        "public.txt": "",
        "private.txt": "",
        "kept-out.txt": "its sidecar says packet: false",
    }


def test_size_limits_per_file_and_in_all_in_register_order() -> None:
    quarter = MAX_ATTACHMENTS // 4
    files = (
        result("huge.bin", MAX_ATTACHMENT + 1),
        *(result(f"part-{n}.bin", quarter) for n in range(4)),
        result("one-more.bin", 1),
    )
    assert reasons(*files, full=True) == {
        "huge.bin": "larger than the 64 MiB a packet attaches per file",
        **{f"part-{n}.bin": "" for n in range(4)},
        "one-more.bin": "the packet's attachments already reach 256 MiB",
    }
