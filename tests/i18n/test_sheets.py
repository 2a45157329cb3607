"""Campaign sheets: script, font, shaping, verbatim quotes and the draft notice."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import zipfile
from pathlib import Path

import numpy as np
import pytest
from babel.messages.pofile import read_po, write_po
from PIL import Image

from geo.i18n import DRAFT_NOTICE, LANGUAGES, PROJECT_DIR, catalogue_path, read_catalogue
from render.campaign_pdf import SheetWriter, campaign_pdf
from render.campaign_pptx import campaign_pptx


def pdffonts(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "sheet.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout


def pdftext(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "text.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    # pdftotext marks right-to-left runs with bidi controls and may move a bracket across a line
    # break; drop both so the words can be compared.
    text = re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069()]", "", out.stdout)
    return " ".join(text.split())


def report_quotes(district: str) -> list[str]:
    with (PROJECT_DIR / "data" / "district_roles.csv").open(encoding="utf-8") as handle:
        return [r["quote"] for r in csv.DictReader(handle) if r["district"] == district]


def test_urdu_sheet_embeds_nastaliq_and_keeps_quotes_verbatim(make_sheets, tmp_path):
    (sheet,) = make_sheets(["Gujrat"], {"Gujrat": "ur"})
    assert sheet.language.code == "ur" and sheet.name_in_script == "گجرات"
    pdf = campaign_pdf([sheet])
    fonts = pdffonts(pdf, tmp_path)
    assert "NotoNastaliqUrdu" in fonts and "NotoNaskhArabic" not in fonts
    text = pdftext(pdf, tmp_path)
    for quote in report_quotes("Gujrat"):
        assert " ".join(quote.replace("(", "").replace(")", "").split()) in text  # verbatim
    assert "§4.2.2" in text and "Gujrat" in text


def test_sindhi_sheet_uses_the_naskh_font(make_sheets, tmp_path):
    (sheet,) = make_sheets(["Tharparkar"], {"Tharparkar": "sd"})
    fonts = pdffonts(campaign_pdf([sheet]), tmp_path)
    assert "NotoNaskhArabic" in fonts and "NotoNastaliqUrdu" not in fonts


def test_default_language_is_the_most_local_one_with_a_script(make_sheets):
    sheets = make_sheets(["Tharparkar", "Gujrat", "Quetta"], {})
    chosen = {s.district: s.language.code for s in sheets}
    assert chosen == {"Tharparkar": "sd", "Gujrat": "pa", "Quetta": "ur"}


def test_a_language_the_district_does_not_speak_is_refused(make_sheets):
    with pytest.raises(KeyError):
        make_sheets(["Quetta"], {"Quetta": "sd"})


def _ink_width(pdf: bytes, tmp_path: Path, name: str) -> tuple[int, np.ndarray]:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(path),
                    str(tmp_path / name)], check=True)  # fmt: skip
    image = np.asarray(Image.open(next(tmp_path.glob(f"{name}*.png"))).convert("L"))
    columns = np.where((image < 128).any(axis=0))[0]
    return int(columns.max() - columns.min() + 1), image


@pytest.mark.parametrize("word", ["پاکستان", "ہوشیار"])
def test_shaping_joins_the_letters(word, tmp_path):
    widths = {}
    images = {}
    for shaping in (True, False):
        writer = SheetWriter(shaping=shaping)
        writer.pdf.add_page()
        writer._para(LANGUAGES["ur"], word, size=28)
        widths[shaping], images[shaping] = _ink_width(writer.output(), tmp_path, f"s{shaping}")
    assert widths[True] < widths[False]  # joined letters take less room than isolated forms
    assert not np.array_equal(images[True], images[False])


def reviewed_copy(code: str, tmp_path: Path) -> Path:
    with catalogue_path(code).open("rb") as handle:
        po = read_po(handle)
    for message in po:
        if message.id:
            message.flags.discard("fuzzy")
    target = tmp_path / code / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "messages.po").open("wb") as handle:
        write_po(handle, po)
    return tmp_path


@pytest.mark.parametrize(("district", "code"), [("Gujrat", "ur"), ("Tharparkar", "sd"),
                                                 ("Multan", "pa")])  # fmt: skip
def test_draft_marker_follows_the_catalogue(make_sheets, district, code, tmp_path):
    from geo.i18n import Translator

    project = read_catalogue(code)
    assert any(e.draft for e in project.entries.values())
    (draft,) = make_sheets([district], {district: code}, {code: Translator(code, project)})
    assert draft.draft and DRAFT_NOTICE in draft.draft_notice
    assert project.entries[DRAFT_NOTICE].text in draft.draft_notice  # also in the language
    assert DRAFT_NOTICE in pdftext(campaign_pdf([draft]), tmp_path)

    reviewed = read_catalogue(code, locale_dir=reviewed_copy(code, tmp_path / "po"))
    assert not any(e.draft for e in reviewed.entries.values())
    (final,) = make_sheets([district], {district: code}, {code: Translator(code, reviewed)})
    assert not final.draft and final.draft_notice == ""
    assert DRAFT_NOTICE not in pdftext(campaign_pdf([final]), tmp_path)
    deck = zipfile.ZipFile(io.BytesIO(campaign_pptx([final]))).read("ppt/slides/slide1.xml")
    assert DRAFT_NOTICE.encode() not in deck


def test_english_sheet_carries_no_draft_notice(make_sheets):
    (sheet,) = make_sheets(["Gujrat"], {"Gujrat": "en"})
    assert not sheet.draft and sheet.headings["why"] == "Why this district"


def test_pptx_paragraphs_run_right_to_left_with_the_script_font(make_sheets):
    sheets = make_sheets(["Gujrat", "Tharparkar"], {"Gujrat": "ur", "Tharparkar": "sd"})
    deck = zipfile.ZipFile(io.BytesIO(campaign_pptx(sheets)))
    urdu = deck.read("ppt/slides/slide1.xml").decode()
    sindhi = deck.read("ppt/slides/slide2.xml").decode()
    assert 'rtl="1"' in urdu and 'typeface="Noto Nastaliq Urdu"' in urdu and 'lang="ur-PK"' in urdu
    assert 'rtl="1"' in sindhi and 'typeface="Noto Naskh Arabic"' in sindhi
    assert "گجرات" in urdu and "Gujrat" in urdu
    assert DRAFT_NOTICE in urdu  # the catalogues are drafts


def test_one_pdf_for_all_has_a_page_per_district(make_sheets, tmp_path):
    sheets = make_sheets(["Gujrat", "Tharparkar", "Quetta"], {})
    path = tmp_path / "all.pdf"
    path.write_bytes(campaign_pdf(sheets))
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    pages = int(
        next(line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages"))
    )
    assert pages == len(sheets)  # one page per district


def test_a_section_sign_stays_before_its_number_in_right_to_left_text(tmp_path):
    from render.campaign_pdf import ltr_sections

    assert ltr_sections("(§3.1)", LANGUAGES["ur"]) == "(\u200e§3.1)"
    assert ltr_sections("(§3.1)", LANGUAGES["en"]) == "(§3.1)"
