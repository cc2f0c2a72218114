"""Downloads the jars of spark/jars.txt from Maven Central into a directory, refusing any file
whose sha256 differs from the pinned one, and prints their paths comma-separated (SPARK_JARS).

The one jar fetcher of the platform: scripts/python.sh runs it into the cache, spark/Dockerfile
into the image. Python rather than curl because every image that needs the jars has Python and
not all have curl (the local python311 base has none).

    python3 spark/bin/fetch_jars.py DEST [--ca FILE] [--expect SPARK_JARS]

--ca adds a CA bundle to the system's (a TLS-inspecting proxy; ignored when missing or empty, as
the images' build secret `ca` is when the machine has none). --expect fails unless the paths are
exactly these, so a SPARK_JARS written elsewhere (the Dockerfile's ENV) cannot drift from jars.txt.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import ssl
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import NamedTuple

MAVEN_CENTRAL = "https://repo1.maven.org/maven2"
JARS_TXT = Path(__file__).resolve().parents[1] / "jars.txt"
ATTEMPTS = 3


class Jar(NamedTuple):
    group: str
    artifact: str
    version: str
    sha256: str

    @property
    def file_name(self) -> str:
        return f"{self.artifact}-{self.version}.jar"

    @property
    def url(self) -> str:
        path = "/".join([*self.group.split("."), self.artifact, self.version, self.file_name])
        return f"{MAVEN_CENTRAL}/{path}"


def pinned_jars(text: str) -> list[Jar]:
    """`group:artifact:version sha256` lines; comments and blank lines skipped."""
    jars = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        coordinate, sha256 = line.split()
        group, artifact, version = coordinate.split(":")
        jars.append(Jar(group, artifact, version, sha256.lower()))
    return jars


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def tls_context(ca: Path | None) -> ssl.SSLContext:
    context = ssl.create_default_context()
    if ca is not None and ca.is_file() and ca.stat().st_size > 0:
        context.load_verify_locations(cafile=str(ca))
    return context


def fetch(jar: Jar, dest: Path, context: ssl.SSLContext) -> Path:
    """The jar in `dest`, downloaded unless already there with its sha256."""
    target = dest / jar.file_name
    if target.is_file() and sha256_of(target) == jar.sha256:
        return target
    # A file of its own per download: parallel callers sharing the cache never write one file.
    fd, part_name = tempfile.mkstemp(dir=dest, prefix=f".{jar.file_name}.", suffix=".part")
    os.close(fd)
    part = Path(part_name)
    try:
        for attempt in range(1, ATTEMPTS + 1):
            try:
                with (
                    urllib.request.urlopen(jar.url, context=context, timeout=60) as response,
                    part.open("wb") as out,
                ):
                    while chunk := response.read(1 << 20):
                        out.write(chunk)
                break
            except OSError as error:
                if attempt == ATTEMPTS:
                    raise SystemExit(f"fetch_jars: cannot download {jar.url}: {error}") from error
                time.sleep(2 * attempt)
        actual = sha256_of(part)
        if actual != jar.sha256:
            raise SystemExit(
                f"fetch_jars: {jar.group}:{jar.artifact}:{jar.version} has sha256 {actual}, "
                f"not the {jar.sha256} of spark/jars.txt: refusing it"
            )
        part.chmod(0o644)
        part.replace(target)
        return target
    finally:
        part.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--ca", type=Path)
    parser.add_argument("--expect")
    args = parser.parse_args(argv)
    args.dest.mkdir(parents=True, exist_ok=True)
    context = tls_context(args.ca)
    jars = pinned_jars(JARS_TXT.read_text(encoding="utf-8"))
    paths = ",".join(str(fetch(jar, args.dest, context)) for jar in jars)
    if args.expect is not None and args.expect != paths:
        sys.stderr.write(
            f"fetch_jars: expected SPARK_JARS={args.expect}\n  but jars.txt gives {paths}\n"
        )
        return 1
    print(paths)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
