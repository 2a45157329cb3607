"""Shared fixtures: a small boundary list and the project's gazetteer."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.awareness.matching import DistrictMatcher
from geo.gazetteer import load_gazetteer

SMALL_DISTRICTS = pd.DataFrame(
    {
        "district": [
            "Azad Kashmir", "Jhelum", "Gujrat", "Gujranwala", "Quetta", "Rahim Yar Khan",
            "Dera Ghazi Khan", "Bahawalpur", "Tharparkar", "Mirpurkhas", "Muzaffargarh",
            "Multan", "Lahore", "Karachi", "Gwadar", "Peshawar", "Kech",
        ],
        "province": [
            "Azad Kashmir", "Punjab", "Punjab", "Punjab", "Balochistan", "Punjab", "Punjab",
            "Punjab", "Sindh", "Sindh", "Punjab", "Punjab", "Punjab", "Sindh", "Balochistan",
            "Khyber Pakhtunkhwa", "Balochistan",
        ],
    }
)  # fmt: skip


@pytest.fixture(scope="session")
def districts() -> pd.DataFrame:
    return SMALL_DISTRICTS.copy()


@pytest.fixture(scope="session")
def matcher() -> DistrictMatcher:
    return DistrictMatcher(SMALL_DISTRICTS["district"], gazetteer=load_gazetteer())


def role_row(district: str, role: str, detail: str = "", section: str = "§4.1", conf="reported"):
    return {
        "district": district,
        "role": role,
        "detail": detail,
        "section": section,
        "quote": f"quote about {district}",
        "confidence": conf,
        "source": "unodc2011",
        "note": "",
    }


@pytest.fixture()
def roles() -> pd.DataFrame:
    return pd.DataFrame(
        [
            role_row("Jhellum", "migrant_source", conf="estimate"),
            role_row("Jhellum", "destination_affinity", "United Kingdom"),
            role_row("Gujarat", "migrant_source"),
            role_row("Gujarat", "destination_affinity", "Greece", "§4.2.2"),
            role_row("Muzaffaragarh", "camel_jockey_source", "UAE", "§9.2"),
            role_row("DG Khan", "camel_jockey_source", "UAE", "§9.2"),
            role_row("DG Khan", "child_trafficking_source", "", "§4.1"),
            role_row("Atlantis", "migrant_source"),
        ]
    )
