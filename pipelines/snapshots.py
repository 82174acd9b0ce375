"""Raw snapshots on disk: cbsodata's `dir` layout (one JSON file per OData table) plus our manifest.json.

The manifest says where a snapshot came from and holds the sha256 of every
file. A snapshot is only read after every file has been checked against it: a
file changed or damaged after the download, a file added or missing, or a
snapshot without a manifest is refused with what to do, before anything is
loaded. A snapshot made or edited by hand is loaded only once someone has
said so, by writing its manifest with `python -m pipelines manifest MAP`.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from pathlib import Path

from monitor.errors import SourceError
from monitor.paths import shown

MANIFEST = "manifest.json"
HAND_MADE = "handgemaakt"  # manifest key: true when a person, not a download, vouches for the files


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


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def data_files(directory: Path) -> list[Path]:
    """The snapshot's data files (every .json but the manifest), by name."""
    return sorted(path for path in Path(directory).glob("*.json") if path.name != MANIFEST)


def read_manifest(directory: Path) -> dict:
    """The manifest, after checking every data file against it; refuses with one line saying what to do."""
    directory = Path(directory)
    path = directory / MANIFEST
    redo = _what_to_do(directory)
    if not path.exists():
        raise SourceError(f"{shown(directory)}: geen {MANIFEST}, dus niet na te gaan of dit de gedownloade tabel is. {redo}")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SourceError(f"{shown(path)}: geen geldige JSON ({exc}). {redo}") from None
    listed = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(listed, dict) or not listed:
        raise SourceError(f"{shown(path)}: noemt geen bestanden met hun sha256. {redo}")
    present = {file.name: file for file in data_files(directory)}
    missing = sorted(set(listed) - set(present))
    if missing:
        raise SourceError(f"{shown(directory)}: {', '.join(missing)} ontbreekt, maar staat in {MANIFEST}. {redo}")
    extra = sorted(set(present) - set(listed))
    if extra:
        raise SourceError(f"{shown(directory)}: {', '.join(extra)} staat niet in {MANIFEST} (toegevoegd na de "
                          f"download?). {redo}")
    for name, expected in sorted(listed.items()):
        if file_sha256(present[name]) != str(expected).lower():
            raise SourceError(f"{shown(present[name])}: de sha256 klopt niet met {MANIFEST}: het bestand is na de "
                              f"download gewijzigd of beschadigd. {redo}")
    return manifest


def _what_to_do(directory: Path) -> str:
    return (f"Download de tabel opnieuw (de laadopdracht zonder --offline), of — als u deze bestanden zelf hebt "
            f"gemaakt of bewust aangepast — markeer ze als handgemaakt met `python -m pipelines manifest {shown(directory)}`.")


def write_manifest(directory: Path, fields: dict) -> dict:
    """Write manifest.json: the given provenance plus the sha256 of every data file. Returns the manifest."""
    directory = Path(directory)
    manifest = {**fields, "files": {file.name: file_sha256(file) for file in data_files(directory)}}
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


def mark_hand_made(directory: Path) -> dict:
    """A manifest for a snapshot a person made or edited: its files as they are now, and who vouches (a person).

    Keeps what an earlier manifest said about its origin, so the load log still shows where it came from.
    """
    directory = Path(directory)
    if not data_files(directory):
        raise SourceError(f"{directory}: geen .json-bestanden; is dit een snapshotmap (<tabel>/TableInfos.json …)?")
    earlier = {}
    path = directory / MANIFEST
    if path.exists():
        try:
            earlier = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError):
            earlier = {}
    earlier = {key: value for key, value in earlier.items() if key != "files"} if isinstance(earlier, dict) else {}
    return write_manifest(directory, {
        **earlier,
        HAND_MADE: True,
        "gemarkeerd_op": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "demo": bool(earlier.get("demo", False)),
    })


def snapshot_sha256(directory: Path) -> str:
    """One fingerprint for a snapshot: sha256 over the sorted data files (manifest excluded)."""
    return fingerprint({path.name: file_sha256(path) for path in data_files(directory)})


def fingerprint(files: dict[str, str]) -> str:
    """The snapshot fingerprint from file name → sha256 (as a verified manifest lists them): no file read twice."""
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode())
        digest.update(bytes.fromhex(files[name]))
    return digest.hexdigest()
