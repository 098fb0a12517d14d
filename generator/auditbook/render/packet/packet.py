"""The auditor's packet: one self-contained PDF/A-3 rendered from the Project.

`write_packet` builds the HTML from auditbook's own templates (overridable from the
project's templates/packet/), re-reads and re-hashes every evidence file to attach it,
prints it with WeasyPrint and puts the result in place atomically; `render_packet` gives
the same PDF as bytes. The PDF goes to its file as it is made, and the evidence from its
files a chunk at a time: a packet of hundreds of MB is never held in memory whole.
Everything that could leave the packet incomplete raises PacketError instead.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from auditbook.domain.clock import build_time
from auditbook.domain.errors import PacketError
from auditbook.domain.files import DRAFT
from auditbook.domain.memory import give_back_freed_memory
from auditbook.domain.progress import progress
from auditbook.domain.text import slugify
from auditbook.inputs.localcache import open_cache
from auditbook.release.atomic import replacing_file
from auditbook.render.packet.attachments import attachment_names, evidence_files, manifest_file
from auditbook.render.packet.cache import cached, packet_key, remember
from auditbook.render.packet.document import packet_html
from auditbook.render.packet.pieces import split_pieces
from auditbook.render.packet.sign import SigningKey, sign_file
from auditbook.render.packet.views import PacketInfo
from auditbook.render.templating import PACKAGED, environment, source

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

    from jinja2 import Environment

    from auditbook.core.project import Project
    from auditbook.inputs.settings import Settings
    from auditbook.render.packet.pdf import LocalFetcher
    from auditbook.render.packet.views import Chapter

STYLESHEET = "packet/packet.css"
# The `paper` option: A4 is the stylesheet's own; any other size is set after it.
PAPER_SIZES = {"a4": "A4", "letter": "letter"}


@dataclass(frozen=True)
class Packet:
    """A packet written: what a reader (or a benchmark) counts."""

    pages: int
    attachments: int
    version: str
    # Taken from the cache: rendered before from exactly the same inputs.
    reused: bool = False


@dataclass(frozen=True, kw_only=True)
class RenderedPacket(Packet):
    """A packet and its PDF's bytes (for a caller that wants them in memory)."""

    pdf: bytes


def download_name(settings: Settings, version: str | None = None) -> str:
    """A file name that says whose packet it is, for the site's download link."""
    organisation = slugify(settings.organisation, 40) or "audit"
    return f"{organisation}-packet-{slugify(version or DRAFT) or 'draft'}.pdf"


def _stylesheet(env: Environment, settings: Settings) -> tuple[str, str, str]:
    """(text, path people see, base URL) of the stylesheet, packaged or overridden."""
    text, filename = source(env, STYLESHEET)
    if settings.paper != "a4":  # after the stylesheet, packaged or the project's, so it wins
        size = PAPER_SIZES[settings.paper]
        text += f"\n/* The plugin's `paper` option. */\n@page {{ size: {size}; }}\n"
    path = Path(filename or STYLESHEET)
    return text, settings.relative(path), path.parent.as_uri() + "/"


def _fetcher(settings: Settings, attached: Iterable[str]) -> LocalFetcher:
    """Pages may show their own files, the templates' and the evidence this packet
    attaches: never `.git`, `.env` or a file a sidecar keeps out of the packet."""
    from auditbook.render.packet.pdf import LocalFetcher

    roots = [settings.docs_dir, PACKAGED]
    if settings.templates_dir is not None:
        roots.append(settings.templates_dir)
    return LocalFetcher(roots, [settings.root / path for path in attached])


def _base_url(settings: Settings) -> str:
    """Relative URLs in the templates (a logo on the cover) resolve in templates/packet/."""
    folder = settings.templates_dir / "packet" if settings.templates_dir else settings.root
    return folder.resolve().as_uri() + "/"


def render_packet(
    project: Project,
    *,
    version: str | None = None,
    env: Environment | None = None,
    chapters: Sequence[Chapter] = (),
    full: bool = False,
) -> RenderedPacket:
    """The packet as PDF bytes, with its page count; raises PacketError on any bad input.
    See `write_packet`, which writes it to a file without holding it in memory."""
    with tempfile.TemporaryDirectory(prefix="auditbook-packet-") as folder:
        target = Path(folder) / "packet.pdf"
        packet = _print(project, target, version, env, chapters, full=full)
        return RenderedPacket(**dataclasses.asdict(packet), pdf=target.read_bytes())


def write_packet(
    project: Project,
    target: Path,
    *,
    version: str | None = None,
    env: Environment | None = None,
    chapters: Sequence[Chapter] = (),
    full: bool = False,
    signing: SigningKey | None = None,
) -> Packet:
    """Render (and sign, given a key) and write the packet; a failed render or signature
    leaves any previous file untouched.

    `chapters` are finished chapters made elsewhere (a release's "Changes since"), printed
    after the executive summary and listed in the contents. `full`: attach and quote every
    file a packet may carry, not only the published ones (never for the public site).
    """
    with replacing_file(target) as temporary:
        if signing is None:
            return _print(project, temporary, version, env, chapters, full=full)
        with tempfile.TemporaryDirectory(prefix="auditbook-packet-") as folder:
            unsigned = Path(folder) / "unsigned.pdf"
            packet = _print(project, unsigned, version, env, chapters, full=full)
            reason = f"{project.settings.organisation}: audit packet {packet.version}"
            sign_file(unsigned, temporary, signing, reason=reason)
    return packet


def _print(
    project: Project,
    target: Path,
    version: str | None,
    env: Environment | None,
    chapters: Sequence[Chapter],
    *,
    full: bool,
) -> Packet:
    """The packet written to `target` (a file of our own, replaced whole), from the cache
    when it was printed before from exactly the same inputs."""
    # WeasyPrint takes a second to import: only a packet that is printed pays for it.
    from weasyprint.text.fonts import FontConfiguration

    from auditbook.render.packet.pdf import load_stylesheet
    from auditbook.render.packet.printing import print_packet

    settings = project.settings
    env = env or environment(settings.templates_dir)
    version = version or DRAFT
    created = build_time()
    info = PacketInfo(
        settings.organisation, settings.system, version, project.assessment.today, created, full
    )
    html = packet_html(project, env, info, chapters)
    # Which evidence this packet attaches, under which names: decided once, used thrice.
    attached = attachment_names(project.assessment, full=full)
    files = evidence_files(settings.root, project.assessment, created, attached)
    files.append(manifest_file(project.assessment, version, created, attached))
    stylesheet, base_url = _stylesheet(env, settings), _base_url(settings)
    cache = open_cache(settings.cache_dir, settings.root)
    folder = cache.part("packets") if cache else None
    key = packet_key(html, stylesheet[0], base_url, files, info.created)
    key = cache.seal(key) if cache else key
    if (hit := _reuse(folder, key, target)) is not None:
        return Packet(hit[0], hit[1], version, reused=True)
    fetcher = _fetcher(settings, attached)
    load_stylesheet(*stylesheet, fetcher, FontConfiguration())  # its errors, with its name
    pieces = split_pieces(html)
    del html
    give_back_freed_memory()  # the parsed packet's memory, before the join's comes on top
    what = f"rendering the packet ({len(files)} attachment{'s' if len(files) != 1 else ''})"
    # Each chapter, then the front and the joining.
    with progress(what, len(pieces)) as tracker, _writing(target) as sink:
        printed = print_packet(pieces, base_url, stylesheet, files, fetcher, cache, sink, tracker)
        reused = len(pieces) - printed.rendered
        tracker.result = f"packet rendered: {printed.pages} pages" + (
            f" ({reused} of its pieces reused: nothing in them changed)" if reused > 0 else ""
        )
    remember(folder, key, target, printed.pages, printed.attachments)
    return Packet(printed.pages, printed.attachments, version)


def _reuse(folder: Path | None, key: str, target: Path) -> tuple[int, int] | None:
    """(pages, attachments) of the packet copied from the cache to `target`, if it is there."""
    hit = cached(folder, key)
    if hit is None:
        return None
    try:
        shutil.copyfile(hit[0], target)
    except OSError:
        return None  # printed again, which says what is wrong if the target is
    return hit[1], hit[2]


@contextmanager
def _writing(target: Path) -> Iterator[BinaryIO]:
    """`target` open for the PDF; an error writing it is a PacketError that names it."""
    try:
        with target.open("wb") as sink:
            yield sink
    except OSError as error:
        raise PacketError(f"the packet could not be written: {error.strerror or error}") from None
