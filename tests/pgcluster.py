"""A throwaway PostgreSQL cluster for the tests, CI and the benchmarks.

`initdb` + `pg_ctl` from the Debian packages (/usr/lib/postgresql/NN/bin) in a temporary
directory, listening only on a Unix socket in that directory (no TCP port, so parallel runs
never collide), trust authentication for local connections (the socket directory is private
to the run). PostgreSQL refuses to run as root, so as root the server runs as the `postgres`
OS user that the Debian packages create (`runuser`); CI installs the packages when missing.

Used two ways:
* `python tests/pgcluster.py start DIR` prints the connection string (``.ci/run`` exports it
  as WORKBENCH_TEST_PG) and `python tests/pgcluster.py stop DIR` stops it;
* `Cluster(DIR).start()` from Python (the test fixture when no cluster was exported, the
  team benchmark).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import sys
from pathlib import Path

SERVER_USER = "postgres"


def bin_dir() -> Path | None:
    """The newest installed PostgreSQL ≥ 15 binaries, or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    for path in reversed(found):
        major = Path(path).parts[-3]
        if major.isdigit() and int(major) >= 15:
            return Path(path).parent
    which = shutil.which("initdb")
    return Path(which).parent if which else None


class Cluster:
    """One cluster in `root` (data in root/data, socket in root/run)."""

    def __init__(self, root: Path, *, durable: bool = False,
                 shared_buffers: str = "64MB") -> None:
        self.root = Path(root)
        self.shared_buffers = shared_buffers  # the team benchmark sizes it as a server would
        self.data = self.root / "data"
        self.run = self.root / "run"
        self.durable = durable  # False: fsync off, for tests; the benchmark keeps it on
        self.bin = bin_dir()

    @property
    def dsn(self) -> str:
        """libpq connection string of the superuser (trust over the private socket)."""
        return f"host={self.run} port=5432 user={SERVER_USER} dbname=postgres"

    def _as_server_user(self, *cmd: str) -> list[str]:
        if os.geteuid() != 0:
            return list(cmd)
        return ["runuser", "-u", SERVER_USER, "--", *cmd]

    def start(self) -> str:
        """Create (if needed) and start the cluster; returns its connection string."""
        if self.bin is None:
            raise RuntimeError("PostgreSQL server binaries not found (apt-get install "
                               "postgresql)")
        self.root.mkdir(parents=True, exist_ok=True)
        self.run.mkdir(exist_ok=True)
        if os.geteuid() == 0:
            user = pwd.getpwnam(SERVER_USER)
            for path in (self.root, self.run):
                os.chown(path, user.pw_uid, user.pw_gid)
            os.chmod(self.root, 0o755)
        if not (self.data / "PG_VERSION").exists():
            subprocess.run(self._as_server_user(
                str(self.bin / "initdb"), "-D", str(self.data), "-U", SERVER_USER,
                "--auth-local=trust", "--auth-host=reject", "-E", "UTF8", "--locale=C.UTF-8"),
                check=True, capture_output=True, text=True)
        options = [f"-c unix_socket_directories={self.run}", "-c listen_addresses=''",
                   "-c port=5432", f"-c shared_buffers={self.shared_buffers}", "-c max_connections=200"]
        if not self.durable:
            options += ["-c fsync=off", "-c synchronous_commit=off",
                        "-c full_page_writes=off"]
        result = subprocess.run(self._as_server_user(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "server.log"),
            "-w", "-t", "60", "-o", " ".join(options), "start"),
            capture_output=True, text=True)
        if result.returncode != 0:
            log = (self.root / "server.log")
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"pg_ctl start failed: {result.stderr.strip()} {tail}")
        return self.dsn

    def stop(self) -> None:
        """Stop the server (fast shutdown) if it runs."""
        if self.bin is None or not (self.data / "postmaster.pid").exists():
            return
        subprocess.run(self._as_server_user(str(self.bin / "pg_ctl"), "-D", str(self.data),
                                            "-m", "fast", "-w", "stop"),
                       capture_output=True, text=True)


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[1] not in ("start", "stop"):
        print("usage: pgcluster.py start|stop DIR", file=sys.stderr)
        return 2
    cluster = Cluster(Path(argv[2]))
    if argv[1] == "start":
        try:
            print(cluster.start())
        except (RuntimeError, subprocess.CalledProcessError, OSError, KeyError) as exc:
            detail = getattr(exc, "stderr", "") or ""
            print(f"pgcluster: cannot start PostgreSQL: {exc} {detail}".strip(),
                  file=sys.stderr)
            return 1
    else:
        cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
