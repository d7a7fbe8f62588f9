"""Kiosk to hall server over TLS with a hall's own intranet CA (`kiosk-hall serve --cert --key`, the
kiosk's `ca_file`): certificates made here with `cryptography`, a real HTTPS server on 127.0.0.1."""
from __future__ import annotations

import datetime as dt
import ipaddress
import json

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from support import hall_kiosk_env as kiosk_env
from support import HallServer, run_kiosk


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _pem_key(key) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def make_ca_and_server_cert(folder, ca_name: str = "梅县区政务服务中心 intranet CA") -> tuple:
    """(ca.pem, server.pem, server.key) for 127.0.0.1, the server certificate signed by the CA."""
    now = dt.datetime.now(dt.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (x509.CertificateBuilder().subject_name(_name(ca_name)).issuer_name(_name(ca_name))
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                       content_commitment=False, key_encipherment=False, data_encipherment=False,
                                       key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(_name("hall.meixian.local")).issuer_name(ca.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    paths = folder / "ca.pem", folder / "server.pem", folder / "server.key"
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(_pem_key(key))
    return paths


@pytest.fixture(scope="module")
def tls_hall(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tls")
    ca, cert, key = make_ca_and_server_cert(folder)
    server = HallServer(folder / "hall.sqlite3", extra=("--cert", str(cert), "--key", str(key)))
    server.token = server.add_kiosk("tls-kiosk")
    server.start()
    server.ca = ca
    yield server
    server.stop()


def _submit_and_flush(env) -> tuple[str, object]:
    submitted = run_kiosk("submit", "--sample", "5", env=env)
    assert submitted.returncode == 0, submitted.stderr
    return json.loads(submitted.stdout)["idempotency_key"], run_kiosk("outbox", "flush", "--timeout", "8", env=env)


def test_kiosk_delivers_over_https_when_it_trusts_the_halls_ca(tls_hall, tmp_path):
    assert tls_hall.url.startswith("https://")
    env = kiosk_env(tmp_path / "k", tls_hall.url, tls_hall.token) | {"KIOSK_KIOSK_CA_FILE": str(tls_hall.ca)}
    key, flush = _submit_and_flush(env)
    assert flush.returncode == 0, flush.stderr
    [app] = [a for a in tls_hall.applications() if a["idempotency_key"] == key]
    assert app["status"] == "accepted"


def test_kiosk_refuses_a_server_it_cannot_verify_and_keeps_the_application(tls_hall, tmp_path):
    """Without the hall's CA the certificate is unknown: nothing is sent, nothing is lost, the reason is shown."""
    env = kiosk_env(tmp_path / "k", tls_hall.url, tls_hall.token)
    key, flush = _submit_and_flush(env)
    assert flush.returncode != 0
    assert key not in {a["idempotency_key"] for a in tls_hall.applications()}
    status = json.loads(run_kiosk("outbox", "status", "--json", env=env).stdout)
    assert status["pending"] == 1 and status["delivered"] == 0
    listed = run_kiosk("outbox", "list", "--json", env=env)
    assert "SSLError" in listed.stdout
    # The right CA configured later: the same application goes through, once.
    fixed = env | {"KIOSK_KIOSK_CA_FILE": str(tls_hall.ca)}
    assert run_kiosk("outbox", "flush", env=fixed).returncode == 0
    assert [a["idempotency_key"] for a in tls_hall.applications()].count(key) == 1


def test_a_certificate_from_another_ca_is_refused(tls_hall, tmp_path):
    other_ca, _cert, _key = make_ca_and_server_cert(tmp_path, ca_name="some other CA")
    env = kiosk_env(tmp_path / "k", tls_hall.url, tls_hall.token) | {"KIOSK_KIOSK_CA_FILE": str(other_ca)}
    key, flush = _submit_and_flush(env)
    assert flush.returncode != 0
    assert key not in {a["idempotency_key"] for a in tls_hall.applications()}
