"""A PAdES signature on the packet (pyHanko), when a signing key is given.

The key is a PKCS#12 file named by an environment variable, so it never has to be in
the repository (a key inside the project is refused); the passphrase comes from another.
With a timestamp authority configured, the signature carries an RFC 3161 timestamp
(PAdES B-T). The signature is an incremental update, so the PDF/A-3 file stays PDF/A-3.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditbook.domain.errors import PacketError
from auditbook.domain.loops import outside_event_loop

if TYPE_CHECKING:
    from pyhanko.sign.timestamps import TimeStamper

KEY_VARIABLE = "AUDITBOOK_SIGNING_KEY"
PASSPHRASE_VARIABLE = "AUDITBOOK_SIGNING_PASSPHRASE"
TIMESTAMP_VARIABLE = "AUDITBOOK_TIMESTAMP_URL"
FIELD = "auditbook-packet"


@dataclass(frozen=True)
class SigningKey:
    """Where the signing key is, its passphrase, and the timestamp authority (if any)."""

    pkcs12: Path
    passphrase: bytes | None = None
    timestamp_url: str | None = None
    # Tests give a local timestamp authority here instead of a URL.
    timestamper: Any = None


def signing_key_from_env(project_root: Path) -> SigningKey | None:
    """The key the environment names, or None: then packets are not signed."""
    named = os.environ.get(KEY_VARIABLE)
    if not named:
        return None
    path = Path(named).expanduser().resolve()
    if path.is_relative_to(project_root.resolve()):
        raise PacketError(
            f"{KEY_VARIABLE} names a key inside the project ({path.name}): keep signing keys "
            "out of the repository"
        )
    passphrase = os.environ.get(PASSPHRASE_VARIABLE)
    return SigningKey(
        path,
        passphrase.encode("utf-8") if passphrase is not None else None,
        os.environ.get(TIMESTAMP_VARIABLE) or None,
    )


def sign_file(source: Path, target: Path, key: SigningKey, *, reason: str) -> None:
    """`source` with a PAdES signature over all of it, written to `target` (pyHanko copies
    the file in chunks and appends the signature); PacketError names what went wrong."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = _signer(key)
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD,
        md_algorithm="sha256",
        reason=reason,
        subfilter=fields.SigSeedSubFilter.PADES,
    )
    try:
        with source.open("rb") as unsigned, target.open("w+b") as signed:
            writer = IncrementalPdfFileWriter(unsigned)
            timestamper = _timestamper(key)
            outside_event_loop(
                lambda: signers.sign_pdf(
                    writer, metadata, signer=signer, timestamper=timestamper, output=signed
                )
            )
    except Exception as error:  # pyHanko and the TSA client raise many kinds
        raise PacketError(f"the packet could not be signed: {error}") from None


def _signer(key: SigningKey) -> Any:
    from pyhanko.sign import signers

    if not key.pkcs12.is_file():
        raise PacketError(f"the signing key {key.pkcs12} ({KEY_VARIABLE}) is not a file")
    load = signers.SimpleSigner.load_pkcs12
    signer = load(str(key.pkcs12), passphrase=key.passphrase)  # type: ignore[no-untyped-call]
    if signer is None:
        raise PacketError(
            f"the signing key {key.pkcs12.name} cannot be opened: a PKCS#12 file and its "
            f"passphrase in {PASSPHRASE_VARIABLE} are needed"
        )
    return signer


def _timestamper(key: SigningKey) -> TimeStamper | None:
    if key.timestamper is not None:
        return key.timestamper  # type: ignore[no-any-return]
    if key.timestamp_url:
        from pyhanko.sign.timestamps import HTTPTimeStamper

        return HTTPTimeStamper(key.timestamp_url)
    return None
