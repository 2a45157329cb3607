"""The source report's text cut into its sections and notes, to check data against it.

Written independently of the loaders in ``geo/``: it reads the plain-text extraction beside the
project (``../shared/seed/*.txt``), finds the section headings the table of contents lists, and
gives the text of a cited section (with its subsections) or of a cited footnote. Footnotes were
inlined wherever they fell on the page, so a note's text is located by its opening and closing
words as they read in the report (``NOTE_SPANS``), not by position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

SEED_DIR = Path(__file__).resolve().parents[3] / "shared" / "seed"

NOTE_SPANS: dict[int, tuple[str, str]] = {
    6: ("Figures are estimates based on NARA", "not been updated in several years."),
    7: ("Acting DG FIA Mr. Manzoor Ahmed", "2.8 million of them in Karachi."),
    9: ("2011 Trafficking in Persons Report", "United States of America"),
    13: ("One FIA official estimated that 20%", "through land and sea routes."),
    14: ("The FIA has identified Iran, Turkey", "They refer to this region as IGTOS."),
    20: ("Reported at the October 18", "black book of those who have been convicted."),
    21: ("The challan is a conclusive report", "required to register it for trial."),
    22: ("Section 82 and 83 of Pakistani penal code", "discretion to impose it at 15."),
    23: ("According to the FIA, the volume of deportees", "consequences of irregular migration."),
    24: ("amendment was passed in April 2010", "UNODC report on this subject."),
    25: ("http://cpi.transparency.org/cpi2011", "#CountryResults"),
}
"""Footnotes the data cite: their first and last words in the report."""

_HEADING = re.compile(r"^\s*(\d+(?:\.\d+)*)\.?\s+(\S.*?)\s*$")


def normalise(text: str) -> str:
    """One space between words and straight apostrophes, as the quotes are written."""
    return " ".join(text.split()).replace("’", "'").replace("‘", "'")


@dataclass(frozen=True)
class Report:
    """The report's normalised text and where each section starts and ends in it."""

    text: str
    sections: dict[str, tuple[int, int]]
    """``"4.2.3"`` (or ``"Executive summary"``) -> (start, end) offsets, subsections included."""

    def section(self, number: str) -> str:
        """Text of one section with its subsections; ``KeyError`` for an unknown number."""
        start, end = self.sections[number]
        return self.text[start:end]

    def note(self, number: int) -> str:
        """Text of one footnote, from ``NOTE_SPANS``."""
        first, last = NOTE_SPANS[number]
        start = self.text.index(first)
        end = self.text.index(last, start) + len(last)
        return self.text[start:end]

    def cited(self, citation: str) -> str:
        """The text of every section and note a ``section`` cell cites, joined.

        Understands "§4.1", "§2.6 note 7", "§6.1 (boxed story)", "§8", "Executive summary" and
        "Rec. 9", separated by ";" or ",". Raises ``ValueError`` for anything else.
        """
        parts = []
        for token in (t.strip() for t in re.split(r"[;,]", citation) if t.strip()):
            if token.lower() == "executive summary":
                parts.append(self.section("Executive summary"))
                continue
            if re.fullmatch(r"Rec\. \d+", token):
                parts.append(self.section("11"))
                continue
            found = re.fullmatch(r"§(\d+(?:\.\d+)*)(?: note (\d+))?(?: \([^)]*\))?", token)
            if not found:
                raise ValueError(f"cannot read the citation {token!r}")
            parts.append(self.section(found.group(1)))
            if found.group(2):
                parts.append(self.note(int(found.group(2))))
        return " ".join(parts)


def load_report() -> Report | None:
    """The report beside the project, or None when it is not there."""
    files = sorted(SEED_DIR.glob("*.txt"))
    if not files:
        return None
    lines = "\n".join(p.read_text(encoding="utf-8") for p in files).splitlines()
    toc = [i for i, line in enumerate(lines) if "....." in line]
    listed = set()
    for i in toc:
        match = _HEADING.match(lines[i].split(".....")[0])
        if match:
            listed.add((match.group(1), normalise(match.group(2)).rstrip(". ").lower()))
    body = lines[toc[-1] + 1 :]
    starts: list[tuple[str, int]] = []
    text = ""
    for line in body:
        match = _HEADING.match(line)
        if match:
            key = (match.group(1), normalise(match.group(2)).rstrip(". ").lower())
            if key in listed:
                name = "Executive summary" if key[1] == "executive summary" else key[0]
                starts.append((name, len(text)))
        text += normalise(line) + " " if line.strip() else ""
    sections: dict[str, tuple[int, int]] = {}
    for index, (name, start) in enumerate(starts):
        end = len(text)
        for later, later_start in starts[index + 1 :]:
            inside = name != "Executive summary" and later.startswith(name + ".")
            if not inside:
                end = later_start
                break
        sections.setdefault(name, (start, end))
    return Report(text=text, sections=sections)
