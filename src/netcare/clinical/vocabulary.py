"""Shared vocabulary of the rules core (REFERENCE section 0).

Enum values are exactly the strings of REFERENCE section 0, so that calculators, the API and the
database all speak the same words.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Category", "Differentiation", "Grade", "M", "N", "Site", "Subsite", "T"]


class Site(StrEnum):
    """Primary site of a NET (REFERENCE section 0)."""

    STOMACH = "stomach"
    DUODENUM_AMPULLA = "duodenum_ampulla"
    JEJUNUM_ILEUM = "jejunum_ileum"
    APPENDIX = "appendix"
    COLON_RECTUM = "colon_rectum"
    PANCREAS = "pancreas"
    LUNG = "lung"


class Subsite(StrEnum):
    """Subsite for `duodenum_ampulla` (REFERENCE section 0)."""

    DUODENUM = "duodenum"
    AMPULLA = "ampulla"


class Differentiation(StrEnum):
    """Histological differentiation (REFERENCE section 1)."""

    WELL = "well"
    POOR = "poor"


class Category(StrEnum):
    """WHO category: well-differentiated NET or poorly differentiated NEC (REFERENCE section 1)."""

    NET = "NET"
    NEC = "NEC"


class Grade(StrEnum):
    """WHO grade of a well-differentiated NET (REFERENCE section 1)."""

    G1 = "G1"
    G2 = "G2"
    G3 = "G3"


class T(StrEnum):
    """AJCC 8th primary tumour category (REFERENCE sections 0 and 2)."""

    TX = "TX"
    T0 = "T0"
    T1 = "T1"
    T1A = "T1a"
    T1B = "T1b"
    T2 = "T2"
    T3 = "T3"
    T4 = "T4"


class N(StrEnum):
    """AJCC 8th regional node category (REFERENCE sections 0 and 2)."""

    NX = "NX"
    N0 = "N0"
    N1 = "N1"
    N2 = "N2"


class M(StrEnum):
    """AJCC 8th distant metastasis category (REFERENCE sections 0 and 2)."""

    M0 = "M0"
    M1 = "M1"
    M1A = "M1a"
    M1B = "M1b"
    M1C = "M1c"
