"""A signed packet: PAdES by a key from outside the repository, timestamped, and verified.

The key, its certificate and a timestamp authority are made for the test (fictional names);
the timestamp authority is pyHanko's local one, so nothing leaves the machine.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from auditbook.engine.verify import verify
from auditbook.render.packet.sign import SigningKey, sign_file
from conftest import copy_fixture, run_cli
from support.packets import PacketProject
from support.releases import write_release_project

pytestmark = pytest.mark.packet
PASSPHRASE = b"fictional passphrase"


def certificate(
    name: str, key: rsa.RSAPrivateKey, usage: x509.ObjectIdentifier
) -> x509.Certificate:
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=3650))
        .add_extension(
            x509.ExtendedKeyUsage([usage]), critical=usage == ExtendedKeyUsageOID.TIME_STAMPING
        )
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )


@pytest.fixture(scope="module")
def signing_key(tmp_path_factory: pytest.TempPathFactory) -> SigningKey:
    folder = tmp_path_factory.mktemp("keys")  # outside any project, as a real key must be
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = certificate(
        "Example Clinic Compliance (fictional)", key, ExtendedKeyUsageOID.EMAIL_PROTECTION
    )
    p12 = folder / "signer.p12"
    encryption = serialization.BestAvailableEncryption(PASSPHRASE)
    p12.write_bytes(pkcs12.serialize_key_and_certificates(b"signer", key, cert, None, encryption))
    return SigningKey(p12, PASSPHRASE, timestamper=local_timestamper())


def local_timestamper() -> object:
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = certificate(
        "Example Timestamp Authority (fictional)", key, ExtendedKeyUsageOID.TIME_STAMPING
    )
    der_key = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        tsa_key=asn1_keys.PrivateKeyInfo.load(der_key),
    )


@pytest.fixture(scope="module")
def packet(packet_project: PacketProject) -> Path:
    """The packet fixture's full packet, unsigned (tests sign copies of its bytes)."""
    return packet_project.full


def test_a_signed_packet_verifies_with_its_signer_and_timestamp(
    packet: Path, signing_key: SigningKey, tmp_path: Path
) -> None:
    signed = tmp_path / "signed.pdf"
    sign_file(packet, signed, signing_key, reason="audit packet 1.2")
    result = verify(signed)
    assert result.holds, result.problems
    [note] = result.notes
    assert note.startswith(
        "signed.pdf: signed by Common Name: Example Clinic Compliance (fictional)"
    )
    assert ", timestamped 20" in note and note.endswith("the signature covers the whole file")


def test_a_flipped_byte_in_a_signed_packet_breaks_its_signature(
    packet: Path, signing_key: SigningKey, tmp_path: Path
) -> None:
    signed = tmp_path / "signed.pdf"
    sign_file(packet, signed, signing_key, reason="audit packet 1.2")
    data = bytearray(signed.read_bytes())
    data[len(data) // 3] ^= 0x01  # inside the pages, far from the signature itself
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(bytes(data))
    problems = verify(tampered).problems
    assert any("does not match the file" in p for p in problems), problems


def test_an_unsigned_packet_says_so(packet: Path) -> None:
    assert verify(packet).notes == ["full.pdf: not signed; only its attachments were checked"]


def test_a_key_inside_the_project_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_fixture("packet", tmp_path / "project")
    (root / "signer.p12").write_bytes(b"a key that must not be committed")
    monkeypatch.setenv("AUDITBOOK_SIGNING_KEY", str(root / "signer.p12"))
    result = run_cli(root, "packet", "-o", "full.pdf")
    assert result.exit_code == 2
    assert "keep signing keys out of the repository" in result.output
    assert not (root / "full.pdf").exists()


def test_the_signing_key_from_the_environment_signs_the_packet(
    signing_key: SigningKey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A small project with evidence attached: its render is seconds shorter than the packet
    # fixture's, and verify checks its attachments and signature all the same.
    root = write_release_project(tmp_path / "project")
    monkeypatch.setenv("AUDITBOOK_SIGNING_KEY", str(signing_key.pkcs12))
    monkeypatch.setenv("AUDITBOOK_SIGNING_PASSPHRASE", PASSPHRASE.decode())
    assert run_cli(root, "packet", "-o", "signed.pdf").exit_code == 0
    result = verify(root / "signed.pdf")
    assert result.holds, result.problems
    assert "signed by Common Name: Example Clinic Compliance (fictional)" in result.notes[0]


def test_signing_and_verifying_work_inside_a_running_event_loop(
    packet: Path, signing_key: SigningKey, tmp_path: Path
) -> None:
    # pyHanko runs its own loop with asyncio.run, which refuses inside another one (an
    # async web service, a notebook): auditbook makes those calls from a thread of its own.
    import asyncio

    signed = tmp_path / "signed.pdf"

    async def sign_and_verify() -> bool:
        sign_file(packet, signed, signing_key, reason="audit packet 1.2")
        return verify(signed).holds

    assert asyncio.run(sign_and_verify())
