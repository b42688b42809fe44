"""A private ClamAV daemon for the document tests, as Debian installs it (clamav-daemon;
``bin/ensure-system-packages documents``): a clamd.conf in a temporary folder with a Unix
socket there, and a signature database of one signature, the EICAR test file's MD5 made by
``sigtool --md5`` (no download of the real signatures). clamd runs in the foreground for the
test session and answers PING with PONG before the first test uses it."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_django.fixtures import Settings as SettingsWrapper

# The EICAR anti-virus test file (a harmless string every scanner reports), assembled so that
# this source file itself is not it.
EICAR = (b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*")


def _tool(name: str) -> str:
    found = shutil.which(name) or next(
        (str(p) for p in (Path("/usr/sbin") / name, Path("/usr/bin") / name) if p.exists()), None)
    if found is None:
        pytest.fail(f"{name} is missing: install ClamAV (bin/ensure-system-packages documents).")
    return found


@pytest.fixture(scope="session")
def clamd_socket(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from clamav_client.clamd import ClamdError, ClamdUnixSocket

    folder = tmp_path_factory.mktemp("clamd")
    database = folder / "db"
    database.mkdir()
    sample = folder / "eicar.com"
    sample.write_bytes(EICAR)
    signature = subprocess.run([_tool("sigtool"), "--md5", str(sample)], check=True,
                               capture_output=True, text=True).stdout
    (database / "eicar.hdb").write_text(signature)
    socket = folder / "clamd.sock"
    config = folder / "clamd.conf"
    config.write_text(
        f"LocalSocket {socket}\nDatabaseDirectory {database}\nForeground yes\n"
        f"TemporaryDirectory {folder}\nLogFile {folder / 'clamd.log'}\n"
        "StreamMaxLength 30M\n")
    process = subprocess.Popen([_tool("clamd"), "--config-file", str(config)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if socket.exists() and ClamdUnixSocket(path=str(socket), timeout=5).ping() \
                        == "PONG":
                    break
            except (ClamdError, OSError):
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log = (folder / "clamd.log").read_text() if (folder / "clamd.log").exists() else ""
                pytest.fail(f"clamd did not start:\n{log}")
            time.sleep(0.2)
        yield str(socket)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def clamd(settings: SettingsWrapper, clamd_socket: str, tmp_path: Path) -> str:
    """clamd answers; uploads are stored under a temporary MEDIA_ROOT."""
    settings.CLAMD_HOST = ""
    settings.CLAMD_SOCKET = clamd_socket
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return clamd_socket


@pytest.fixture
def no_clamd(settings: SettingsWrapper, tmp_path: Path) -> None:
    """Nothing listens where clamd should; uploads go to a temporary MEDIA_ROOT."""
    settings.CLAMD_HOST = ""
    settings.CLAMD_SOCKET = str(tmp_path / "no-clamd.sock")
    settings.MEDIA_ROOT = str(tmp_path / "media")
