"""Finding a region from what a person typed: a CBS code or a name, within one gemeente.

Partner workbooks and KIS exports name areas the way people do ("Soestdijk ’t
Hart", "soest-zuid", "Wijk 06 Soestdijk 't Hart", "WK034206",
"Boerenstreek (WK034201)"). Names are matched after normalising case,
spacing, quotes and dashes, and only among the gemeente's own regions: a name
that fits two regions or none is an error the reader reports, never a guess.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

import polars as pl

from pipelines.problems import INVISIBLE_CHARACTER, quoted
from pipelines.regions import NATIONAL_CODE

_CODE = re.compile(r"\b(NL\d{0,2}|GM\d{4}|WK\d{6}|BU\d{8})\b", re.IGNORECASE)
_WIJK_NUMBER = re.compile(r"^wijk \d{1,2}\s+")  # CBS sometimes names wijken 'Wijk 01 Boerenstreek'
_LEVEL_WORD = re.compile(r"^(gemeente|wijk|buurt)\s+|\s*\((gemeente|wijk|buurt)\)$")


class UnknownRegion(ValueError):
    """The text names no region of the gemeente (or more than one); str() says why, in Dutch."""


def normalise(text: str) -> str:
    """Case, spacing, quotes, dashes and invisible characters (a soft hyphen, a zero-width space) made comparable."""
    text = INVISIBLE_CHARACTER.sub("", unicodedata.normalize("NFKC", str(text))).casefold()
    text = re.sub(r"[’‘`´]", "'", text)
    text = re.sub(r"[‐‑‒–—]", "-", text)
    text = re.sub(r"\s*-\s*", "-", text)
    return re.sub(r"\s+", " ", text).strip()


def _name_key(text: str) -> str:
    key = _LEVEL_WORD.sub("", normalise(text))
    return _WIJK_NUMBER.sub("", key).strip()


@dataclass(frozen=True)
class RegionIndex:
    gemeente_code: str
    gemeente_name: str
    names: dict[str, str]  # region code → name, for the gemeente, its wijken and buurten and Nederland
    levels: dict[str, str]  # region code → level

    @classmethod
    def from_regions(cls, regions: pl.DataFrame, gemeente_code: str) -> RegionIndex:
        """From rows of (region_code, name, level): the gemeente's own regions and Nederland."""
        number = gemeente_code[2:]
        own = regions.filter(
            (pl.col("region_code") == NATIONAL_CODE)
            | (pl.col("region_code") == gemeente_code)
            | (pl.col("region_code").str.slice(0, 2).is_in(["WK", "BU"]) & (pl.col("region_code").str.slice(2, 4) == number))
        ).unique("region_code", keep="last").sort("region_code")
        names = dict(zip(own["region_code"], own["name"]))
        levels = dict(zip(own["region_code"], own["level"]))
        return cls(gemeente_code, names.get(gemeente_code, gemeente_code), names, levels)

    @cached_property
    def _codes_by_name(self) -> dict[str, list[str]]:
        """Normalised name → codes of gemeente and wijken (computed once: files repeat the same names)."""
        # Buurten are matched by code only: their names repeat wijk names too often to be safe.
        result: dict[str, list[str]] = {}
        for code, name in sorted(self.names.items()):
            if self.levels[code] != "buurt":
                result.setdefault(_name_key(name), []).append(code)
        return result

    def wijken(self) -> dict[str, str]:
        """Wijk code → name, in code order."""
        return {code: name for code, name in self.names.items() if self.levels[code] == "wijk"}

    def match(self, text: str, levels: tuple[str, ...] = ("gemeente", "wijk", "buurt")) -> str:
        """The region code for `text`; UnknownRegion when it names none or several of `levels`."""
        codes = {code.upper() for code in _CODE.findall(str(text))}
        codes = {NATIONAL_CODE if code.startswith("NL") else code for code in codes}
        if len(codes) == 1:
            return self._by_code(codes.pop(), text, levels)
        if len(codes) > 1:
            raise UnknownRegion(f"{quoted(text)} bevat meer dan één gebiedscode ({', '.join(sorted(codes))}).")
        return self._by_name(text, levels)

    def _by_code(self, code: str, text: str, levels: tuple[str, ...]) -> str:
        if code in self.levels and self.levels[code] in levels:
            return code
        if code in self.levels:
            raise UnknownRegion(f"{code} is een {self.levels[code]}; hier kan alleen: {' of '.join(levels)}.")
        own = code == self.gemeente_code or (code[:2] in ("WK", "BU") and code[2:6] == self.gemeente_code[2:])
        if own:
            raise UnknownRegion(f"{code} is geen bekende {'/'.join(levels)} van {self.gemeente_name} in het warehouse.")
        raise UnknownRegion(f"{code} hoort niet bij {self.gemeente_name} ({self.gemeente_code}).")

    def _by_name(self, text: str, levels: tuple[str, ...]) -> str:
        found = [code for code in self._codes_by_name.get(_name_key(text), []) if self.levels[code] in levels]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise UnknownRegion(f"{quoted(text)} past bij meer dan één gebied ({', '.join(found)}); gebruik de CBS-code.")
        known = ", ".join(self.wijken().values()) or "nog geen wijken geladen"
        raise UnknownRegion(f"{quoted(text)} is geen wijk van {self.gemeente_name}; bekend zijn: {known} (of de CBS-code).")
