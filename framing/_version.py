"""The package version, in a module of its own so that any layer can read it, and the versions of
the environment a result was made in (stated in reports and model cards)."""

from __future__ import annotations

__version__ = "0.1.0"

# the libraries whose release can change a sentence split, a number or a figure
REPORTED_PACKAGES = ("hazm", "pandas", "numpy", "scipy", "scikit-learn", "matplotlib", "pyarrow")


def read_lock(text: str) -> dict[str, str]:
    """``{name: version}`` of a requirements lock (``name==version`` lines; names canonical)."""
    import re

    pins = {}
    for line in text.splitlines():
        m = re.match(r"^([A-Za-z0-9][A-Za-z0-9_.\-]*)==([^\s;\\]+)", line)
        if m:
            pins[re.sub(r"[-_.]+", "-", m.group(1)).lower()] = m.group(2)
    return pins


def environment_versions() -> dict:
    """Python, the :data:`REPORTED_PACKAGES` as installed, and the lock file (``requirements.lock``):
    its SHA-256, and whether every package it pins is installed in exactly that version."""
    import hashlib
    import importlib.metadata as md
    import platform

    from framing.config import LOCK_FILE

    out: dict = {"python": platform.python_version(), "framing": __version__}
    for pkg in REPORTED_PACKAGES:
        try:
            out[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            out[pkg] = None
    if not LOCK_FILE.is_file():
        out["lock"] = None  # not run from a checkout (an installed wheel): nothing to compare with
        return out
    data = LOCK_FILE.read_bytes()
    differ = []
    for name, version in sorted(read_lock(data.decode("utf-8")).items()):
        try:
            have = md.version(name)
        except md.PackageNotFoundError:
            have = None
        if have != version:
            differ.append(f"{name} {have or 'missing'} (locked {version})")
    out["lock"] = {"file": LOCK_FILE.name, "sha256": hashlib.sha256(data).hexdigest(),
                   "installed_as_locked": not differ, "differences": differ[:20]}
    return out
