"""Starting and stopping the test identity providers (``oidc_idp.py``, ``saml_idp.py``) as
processes of their own on free ports of this machine, and the keys they and the product use,
made at test time (no private key is committed)."""

from __future__ import annotations

import datetime
import json
import os
import select
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 90.0
# Environment of the test run that must not reach a provider (it has settings of its own).
NOT_INHERITED = ("DJANGO_SETTINGS_MODULE", "TESTING", "DATABASE_URL", "REDIS_URL")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def write_rsa_key(path: Path) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                       serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    path.chmod(0o600)


def write_key_pair(key_path: Path, cert_path: Path, name: str) -> None:
    """An RSA key and a self-signed certificate for it, valid for a day."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509.oid import NameOID

    write_rsa_key(key_path)
    key: Any = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
                   .public_key(key.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(now - datetime.timedelta(minutes=5))
                   .not_valid_after(now + datetime.timedelta(days=1))
                   .sign(key, hashes.SHA256()))
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))


def write_person(state_dir: Path, username: str, **values: Any) -> None:
    """Add or change a person the provider knows: password, groups, and the multi-factor
    claims; the provider reads the file at every sign-in."""
    path = state_dir / "people.json"
    people = json.loads(path.read_text()) if path.exists() else {}
    people.setdefault(username, {}).update(values)
    path.write_text(json.dumps(people))


@dataclass
class RunningProvider:
    """A provider process, and the file of people it reads at every sign-in."""

    base_url: str
    state_dir: Path
    process: subprocess.Popen[str]

    def set_person(self, username: str, **values: Any) -> None:
        write_person(self.state_dir, username, **values)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start(module: str, port: int, state_dir: Path, extra_env: dict[str, str]
          ) -> RunningProvider:
    """Runs ``python -m <module> <port>`` and waits until it prints "ready"."""
    env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    env.update(extra_env, IDP_STATE_DIR=str(state_dir), PYTHONPATH=str(ROOT))
    log = (state_dir / "provider.log").open("w")
    process = subprocess.Popen([sys.executable, "-m", module, str(port)], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=log, text=True)
    provider = RunningProvider(f"http://localhost:{port}", state_dir, process)
    deadline = time.monotonic() + START_TIMEOUT
    assert process.stdout is not None
    line = ""
    while time.monotonic() < deadline and process.poll() is None:
        readable, _, _ = select.select([process.stdout], [], [], 1.0)
        if readable:
            line = process.stdout.readline()
            break
    if line.strip() != "ready":
        provider.stop()
        raise RuntimeError(f"{module} did not start: "
                           + (state_dir / "provider.log").read_text()[-3000:])
    return provider
