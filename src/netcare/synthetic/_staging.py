"""AJCC 8th T/N/M and stage group for the generator (REFERENCE §2), kept internal and small.

Written here because ``netcare.clinical.staging`` was an empty stub when this was built; the
rules match REFERENCE §2 and the tests cross-check stage IV iff M1.
"""

from __future__ import annotations

_T4_DEPTHS = frozenset({"visceral_peritoneum", "adjacent_organ"})


def t_category(site: str, subsite: str | None, size_cm: float | None, depth: str) -> str:
    """Return the AJCC 8th T category for a GEP NET (lung: size-based lung TNM T)."""
    if size_cm is None:
        return "TX"
    if depth in _T4_DEPTHS:
        return "T4"
    if site == "pancreas":
        if depth == "duodenum_or_bile_duct" or size_cm > 4:
            return "T3"
        return "T2" if size_cm >= 2 else "T1"
    if site == "appendix":
        if size_cm > 4 or depth in ("subserosa", "mesoappendix"):
            return "T3"
        return "T2" if size_cm > 2 else "T1"
    if site == "colon_rectum":
        if depth == "subserosa":
            return "T3"
        if depth == "muscularis_propria" or size_cm > 2:
            return "T2"
        return "T1a" if size_cm < 1 else "T1b"
    if site == "lung":
        if size_cm > 7:
            return "T4"
        if size_cm > 5:
            return "T3"
        return "T2" if size_cm > 3 else "T1"
    if site == "duodenum_ampulla" and subsite == "ampulla":
        if depth == "pancreas":
            return "T3"
        if depth in ("duodenal_submucosa", "muscularis_propria") or size_cm > 1:
            return "T2"
        return "T1"
    # stomach, duodenum, jejunum/ileum
    if depth in ("subserosa", "pancreas"):
        return "T3"
    if depth == "muscularis_propria" or size_cm > 1:
        return "T2"
    return "T1"


def m_category(hepatic: bool, extrahepatic: bool) -> str:
    """M0, M1a (hepatic only), M1b (extrahepatic only) or M1c (both)."""
    if hepatic:
        return "M1c" if extrahepatic else "M1a"
    return "M1b" if extrahepatic else "M0"


def stage_group(site: str, t: str, n: str, m: str) -> str | None:
    """Stage group per REFERENCE §2; None for lung, unknown primary without M1, TX/NX M0."""
    if site == "lung":
        return None
    if m != "M0":
        return "IV"
    if t == "TX" or n == "NX":
        return None
    if site == "colon_rectum":
        if n != "N0":
            return "IIIB"
        if t == "T4":
            return "IIIA"
        if t == "T3":
            return "IIB"
        return "IIA" if t == "T2" else "I"
    if n != "N0" or t == "T4":
        return "III"
    return "I" if t.startswith("T1") else "II"
