"""A real, throw-away PostgreSQL server for the tests of the PostgreSQL termbase backend.

The session fixture `pg_server` finds the server programs of the OS package
(/usr/lib/postgresql/*/bin), initialises a cluster in a temporary folder,
starts it on a free 127.0.0.1 port and stops it at the end. initdb refuses to
run as root, so under root the programs run as the unprivileged user `nobody`
in a folder it owns. Without the programs the tests skip, saying how to get them.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

_databases = itertools.count(1)


def _bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class PgServer:
    bin_dir: Path
    data: Path
    port: int
    run_as: list[str]

    def url(self, dbname: str, user: str = "termalign") -> str:
        return f"postgresql://{user}@127.0.0.1:{self.port}/{dbname}"

    def pg_ctl(self, *args: str) -> None:
        subprocess.run([*self.run_as, str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-w", "-t", "60",
                        "-l", str(self.data.parent / "server.log"), *args],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def start(self) -> None:
        # A socket folder inside the cluster: /var/run/postgresql may not exist or be writable.
        self.pg_ctl("start", "-o", f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 "
                                   "-c fsync=off -c max_connections=60")

    def stop(self) -> None:
        self.pg_ctl("stop", "-m", "fast")

    def restart(self) -> None:
        self.stop()
        self.start()

    def sql(self, statement: str, dbname: str = "postgres") -> list[tuple]:
        import psycopg

        with psycopg.connect(self.url(dbname), autocommit=True) as conn:
            cursor = conn.execute(statement)
            return cursor.fetchall() if cursor.description else []

    def new_database(self) -> str:
        """A fresh empty database for one test; its URL."""
        name = f"tb{os.getpid()}_{next(_databases)}"
        self.sql(f"CREATE DATABASE {name}")
        return self.url(name)


@pytest.fixture(scope="session")
def pg_server():
    bin_dir = _bin_dir()
    if bin_dir is None or not (bin_dir / "pg_ctl").exists():
        pytest.skip("PostgreSQL server programs not found (/usr/lib/postgresql/*/bin/initdb); "
                    "install the OS packages postgresql and postgresql-contrib to run the PostgreSQL tests")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed (pip install 'psycopg[binary]')")
    root = Path(tempfile.mkdtemp(prefix="termalign-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:
        nobody = pwd.getpwnam("nobody")
        os.chown(root, nobody.pw_uid, nobody.pw_gid)
        run_as = ["setpriv", f"--reuid={nobody.pw_uid}", f"--regid={nobody.pw_gid}", "--clear-groups", "--"]
    server = PgServer(bin_dir, root / "data", _free_port(), run_as)
    subprocess.run([*run_as, str(bin_dir / "initdb"), "-D", str(server.data), "-U", "termalign",
                    "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=root)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)
