"""One saved StatLine table (cbsodata's `dir` layout, checked against its manifest) as plain Python.

What CBS does with its metadata, absorbed once here:
- a topic key carries a position suffix that is renumbered between editions
  (HuishoudensTotaal_28 → _29): callers look topics up by stem;
- one stem can occur several times in a table, under different topic groups
  (electricity and gas per type of dwelling; herkomst counts): every
  occurrence is kept, with the titles of its groups, so a caller can choose
  and an ambiguity is reported instead of the first one winning silently;
- a topic's status lives in its explanation ("Voorlopige cijfers.") or that of
  a group it belongs to, not in TableInfos;
- codes and titles are padded with spaces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from monitor.errors import SourceError
from pipelines.snapshots import fingerprint, read_json_list, read_manifest

_SUFFIX = re.compile(r"_\d+$")
_PROVISIONAL = re.compile(r"\bvoorlopig", re.IGNORECASE)  # 'voorlopig', 'Voorlopige cijfers', 'nader voorlopig'


def stem_of(key: str) -> str:
    """'HuishoudensTotaal_28' → 'HuishoudensTotaal'."""
    return _SUFFIX.sub("", key)


def is_provisional(text: str | None) -> bool:
    return bool(text) and bool(_PROVISIONAL.search(text))


@dataclass(frozen=True)
class Topic:
    key: str  # in this table, e.g. 'BuitenEuropa_19'
    stem: str
    title: str
    datatype: str  # CBS datatype: Long, Double, String …
    unit: str
    groups: tuple[str, ...]  # titles of the topic groups it sits in, outermost first
    provisional: bool  # its explanation, or a group's, says the figures are provisional

    def in_group(self, title: str) -> bool:
        wanted = " ".join(title.casefold().split())
        return any(" ".join(group.casefold().split()) == wanted for group in self.groups)

    def where(self) -> str:
        return " › ".join(self.groups) or "(geen groep)"


@dataclass(frozen=True)
class Snapshot:
    directory: Path
    info: dict  # the TableInfos row
    topics: tuple[Topic, ...]
    dimensions: tuple[str, ...]  # dimension keys in table order
    manifest: dict

    @property
    def table_id(self) -> str:
        return str(self.info.get("Identifier") or self.directory.name).strip()

    @property
    def is_demo(self) -> bool:
        return bool(self.manifest.get("demo", False))

    @property
    def provisional(self) -> bool:
        """The whole table is marked provisional (some tables say so in Status or OutputStatus)."""
        return is_provisional(f"{self.info.get('Status', '')} {self.info.get('OutputStatus', '')}")

    @cached_property
    def _by_stem(self) -> dict[str, list[Topic]]:
        found: dict[str, list[Topic]] = {}
        for topic in self.topics:
            found.setdefault(topic.stem, []).append(topic)
        return found

    def occurrences(self, stem: str) -> list[Topic]:
        return self._by_stem.get(stem, [])

    def code_list(self, dimension: str) -> list[dict]:
        """A dimension's members in table order: Key and Title trimmed, the other fields (Status, …) as given."""
        members = []
        for entry in read_json_list(self.directory / f"{dimension}.json"):
            if isinstance(entry, dict):
                members.append({**entry, "Key": str(entry.get("Key", "")).strip(),
                                "Title": str(entry.get("Title") or "").strip()})
        return members

    def sha256(self) -> str:
        # open_snapshot checked every file against the manifest: its digests are the files' digests.
        return fingerprint(self.manifest["files"])


def open_snapshot(directory: Path) -> Snapshot:
    """Check the snapshot against its manifest, then read its metadata (not yet the data rows)."""
    directory = Path(directory)
    manifest = read_manifest(directory)
    infos = read_json_list(directory / "TableInfos.json")
    if not infos or not isinstance(infos[0], dict):
        raise SourceError(f"{directory / 'TableInfos.json'}: leeg; de snapshot is onvolledig.")
    properties = [p for p in read_json_list(directory / "DataProperties.json") if isinstance(p, dict) and p.get("Key")]
    groups = {p.get("ID"): p for p in properties if str(p.get("Type", "")) == "TopicGroup"}
    topics, dimensions = [], []
    for prop in properties:
        kind = str(prop.get("Type", ""))
        if kind == "Topic":
            chain = _group_chain(prop, groups)
            topics.append(Topic(
                key=prop["Key"], stem=stem_of(prop["Key"]), title=str(prop.get("Title") or "").strip(),
                datatype=str(prop.get("Datatype") or "Double"), unit=str(prop.get("Unit") or "").strip(),
                groups=tuple(str(group.get("Title") or group["Key"]).strip() for group in chain),
                provisional=any(is_provisional(entry.get("Description")) for entry in (prop, *chain)),
            ))
        elif kind.endswith("Dimension"):
            dimensions.append(prop["Key"])
    return Snapshot(directory, infos[0], tuple(topics), tuple(dimensions), manifest)


def _group_chain(prop: dict, groups: dict) -> list[dict]:
    """The topic groups a property sits in, outermost first."""
    chain, parent = [], prop.get("ParentID")
    while parent in groups and len(chain) < 20:  # a cycle in bad metadata must not hang the load
        chain.append(groups[parent])
        parent = groups[parent].get("ParentID")
    return list(reversed(chain))
