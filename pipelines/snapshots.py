"""Raw snapshots on disk: cbsodata's `dir` layout (one JSON file per OData table) plus manifest.json."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from monitor.errors import SourceError


def read_json_list(path: Path) -> list:
    """One cbsodata file: the JSON list that was the `value` of the OData response."""
    try:
        with path.open(encoding="utf-8") as handle:
            data = json.load(handle)
    except FileNotFoundError:
        raise SourceError(f"{path}: bestand ontbreekt in de snapshot.") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SourceError(f"{path}: geen geldige JSON ({exc}); de snapshot is beschadigd of onvolledig.") from None
    if isinstance(data, dict) and isinstance(data.get("value"), list):
        data = data["value"]  # a raw OData response saved as-is
    if not isinstance(data, list):
        raise SourceError(f"{path}: verwacht een lijst met rijen, gevonden: {type(data).__name__}.")
    return data


def read_manifest(directory: Path) -> dict:
    path = directory / "manifest.json"
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise SourceError(f"{path}: geen geldige JSON ({exc}).") from None


def snapshot_sha256(directory: Path) -> str:
    """One fingerprint for a snapshot: sha256 over the sorted data files (manifest excluded)."""
    digest = hashlib.sha256()
    for path in sorted(directory.glob("*.json")):
        if path.name == "manifest.json":
            continue
        digest.update(path.name.encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
