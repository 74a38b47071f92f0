"""The one configuration table of the synthetic cohort: every distribution with its source.

Each number is a :class:`Share` carrying the value, where it comes from and whether it was checked
against the source text (``verified``). ``docs/synthetic-data.md`` lists the same table with
URLs; :meth:`CohortConfig.rows` yields it for tooling and tests.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import NamedTuple

__all__ = [
    "DEFAULT_CONFIG",
    "GRADES",
    "HISTORY_START",
    "PRIMARY_SITES",
    "SEER_STAGES",
    "TODAY",
    "CohortConfig",
    "ConfigRow",
    "Share",
]

#: The generated history is anchored so that "today" is this date.
TODAY = date(2026, 11, 25)
#: No completed event is dated before this.
HISTORY_START = date(2014, 1, 1)

#: Primary-site keys of the config -> (AJCC site of REFERENCE §0, subsite or None).
PRIMARY_SITES: Mapping[str, tuple[str, str | None]] = MappingProxyType(
    {
        "lung": ("lung", None),
        "jejunum_ileum": ("jejunum_ileum", None),
        "rectum": ("colon_rectum", "rectum"),
        "colon": ("colon_rectum", "colon"),
        "caecum": ("colon_rectum", "caecum"),
        "pancreas": ("pancreas", None),
        "stomach": ("stomach", None),
        "appendix": ("appendix", None),
        "duodenum": ("duodenum_ampulla", "duodenum"),
        "ampulla": ("duodenum_ampulla", "ampulla"),
        "unknown": ("unknown_primary", None),
    }
)
SEER_STAGES = ("localized", "regional", "distant")
#: Grade buckets: well-differentiated NET G1-G3, and poorly differentiated NEC (no G grade).
GRADES = ("G1", "G2", "G3", "NEC")


class Share(NamedTuple):
    """One configured number with its provenance.

    Attributes:
        value: a share (0-1), a mean, a median in years or a hazard ratio, as the field says.
        source: citation (short) of where the number comes from.
        verified: True only when the number was seen in the source text (abstract or table).
    """

    value: float
    source: str
    verified: bool


class ConfigRow(NamedTuple):
    """One row of the flattened configuration table (see :meth:`CohortConfig.rows`)."""

    parameter: str
    key: str
    value: float
    source: str
    verified: bool


_DASARI = "Dasari 2017 JAMA Oncol (SEER), via thehealingnet.org summary of Fig. 1 (2012 mix)"
_SPLIT = "netcare assumption: split of a Dasari group using Maggard 2004 GI proportions"
_STAGE = "Dasari 2017 stage by site (Table n, to verify; recalled, not seen)"
_GRADE = "Dasari 2017 grade by site (Table n, to verify; recalled, not seen); ENETS-era mix"
_MAN = "Man 2018 Cancer Manag Res, abstract (Cox HR vs rectum)"
_ASSUME = "netcare assumption"


def _s(value: float, source: str, verified: bool = False) -> Share:
    return Share(value, source, verified)


def _stage(loc: float, reg: float, dist: float) -> Mapping[str, Share]:
    return MappingProxyType(
        {"localized": _s(loc, _STAGE), "regional": _s(reg, _STAGE), "distant": _s(dist, _STAGE)}
    )


def _grade(g1: float, g2: float, g3: float, nec: float) -> Mapping[str, Share]:
    return MappingProxyType(
        {"G1": _s(g1, _GRADE), "G2": _s(g2, _GRADE), "G3": _s(g3, _GRADE), "NEC": _s(nec, _GRADE)}
    )


def _frozen(d: dict[str, Share]) -> Mapping[str, Share]:
    return MappingProxyType(d)


_SITE_SHARES = _frozen(
    {
        "lung": _s(0.23, _DASARI),
        "jejunum_ileum": _s(0.18, _DASARI),
        "rectum": _s(0.16, _DASARI),
        "pancreas": _s(0.12, _DASARI),
        "unknown": _s(0.14, _DASARI),
        # "other GEP (appendix, colon, caecum) 10 %" split by netcare:
        "appendix": _s(0.04, _SPLIT),
        "colon": _s(0.045, _SPLIT),
        "caecum": _s(0.015, _SPLIT),
        # "stomach/other remainder" (7 %) split by netcare:
        "stomach": _s(0.05, _SPLIT),
        "duodenum": _s(0.016, _SPLIT),
        "ampulla": _s(0.004, _SPLIT),
    }
)

_STAGE_BY_SITE: Mapping[str, Mapping[str, Share]] = MappingProxyType(
    {
        "lung": _stage(0.57, 0.17, 0.26),
        "jejunum_ileum": _stage(0.36, 0.36, 0.28),
        "rectum": _stage(0.90, 0.04, 0.06),
        "colon": _stage(0.40, 0.25, 0.35),
        "caecum": _stage(0.25, 0.45, 0.30),
        "pancreas": _stage(0.35, 0.20, 0.45),
        "stomach": _stage(0.70, 0.08, 0.22),
        "appendix": _stage(0.60, 0.28, 0.12),
        "duodenum": _stage(0.70, 0.20, 0.10),
        "ampulla": _stage(0.40, 0.40, 0.20),
        "unknown": _stage(0.0, 0.15, 0.85),
    }
)

_GRADE_BY_SITE: Mapping[str, Mapping[str, Share]] = MappingProxyType(
    {
        "lung": _grade(0.70, 0.20, 0.02, 0.08),
        "jejunum_ileum": _grade(0.70, 0.25, 0.03, 0.02),
        "rectum": _grade(0.85, 0.12, 0.01, 0.02),
        "colon": _grade(0.50, 0.20, 0.05, 0.25),
        "caecum": _grade(0.60, 0.30, 0.05, 0.05),
        "pancreas": _grade(0.45, 0.40, 0.10, 0.05),
        "stomach": _grade(0.65, 0.20, 0.05, 0.10),
        "appendix": _grade(0.80, 0.17, 0.02, 0.01),
        "duodenum": _grade(0.75, 0.20, 0.03, 0.02),
        "ampulla": _grade(0.50, 0.30, 0.08, 0.12),
        "unknown": _grade(0.35, 0.35, 0.12, 0.18),
    }
)

_MEDIAN_OS_BY_STAGE = _frozen(
    {
        "localized": _s(30.0, "Dasari 2017 median OS localized > 30 y (recalled, to verify)"),
        "regional": _s(10.2, "Dasari 2017 median OS regional 10.2 y (recalled, to verify)"),
        "distant": _s(1.0, "Dasari 2017 median OS distant ~12 months (recalled, to verify)"),
    }
)

_HR_BY_SITE = _frozen(
    {
        "rectum": _s(1.0, _MAN + " reference", True),
        "jejunum_ileum": _s(1.660, _MAN, True),
        "lung": _s(1.786, _MAN, True),
        "stomach": _s(1.865, _MAN, True),
        "colon": _s(1.896, _MAN, True),
        "caecum": _s(1.896, _MAN + " (colon HR reused for caecum)"),
        "pancreas": _s(2.034, _MAN, True),
        "appendix": _s(0.9, _ASSUME + " (appendix best with rectum, Dasari)"),
        "duodenum": _s(1.7, _ASSUME),
        "ampulla": _s(2.0, _ASSUME),
        "unknown": _s(2.2, _ASSUME),
    }
)

_HR_BY_GRADE = _frozen(
    {
        "G1": _s(0.7, _ASSUME + " (Dasari: G1 16.2 y > G2 8.3 y > G3/4 10 mo, to verify)"),
        "G2": _s(1.0, _ASSUME),
        "G3": _s(2.5, _ASSUME),
        "NEC": _s(5.0, _ASSUME),
    }
)

_CS_SITE_WEIGHT = _frozen(
    {
        "jejunum_ileum": _s(3.0, "Halperin 2017: more common in small bowel/caecum", True),
        "caecum": _s(3.0, "Halperin 2017: more common in small bowel/caecum", True),
        "unknown": _s(2.5, _ASSUME + " (occult midgut primaries)"),
        "lung": _s(0.5, "Halperin 2017: less common in lung than small bowel", True),
        "colon": _s(0.5, "Halperin 2017: less common in colon", True),
        "appendix": _s(0.5, _ASSUME),
        "duodenum": _s(0.4, _ASSUME),
        "ampulla": _s(0.3, _ASSUME),
        "stomach": _s(0.3, _ASSUME),
        "rectum": _s(0.1, _ASSUME + " (hindgut NETs rarely secrete serotonin)"),
        "pancreas": _s(0.0, "Halperin 2017 excluded pancreas; netcare models pNET syndromes"),
    }
)
_CS_STAGE_WEIGHT = _frozen(
    {
        "localized": _s(0.3, "Halperin 2017: regional/distant > localized (weights assumed)", True),
        "regional": _s(1.0, "Halperin 2017: regional/distant > localized (weights assumed)", True),
        "distant": _s(2.2, "Halperin 2017: regional/distant > localized (weights assumed)", True),
    }
)
_CS_GRADE_WEIGHT = _frozen(
    {
        "G1": _s(1.0, "Halperin 2017: G1/2 > G3/4", True),
        "G2": _s(1.0, "Halperin 2017: G1/2 > G3/4", True),
        "G3": _s(0.3, "Halperin 2017: G1/2 > G3/4", True),
        "NEC": _s(0.0, _ASSUME + " (NEC does not cause carcinoid syndrome)"),
    }
)

_HEREDITARY_BY_SITE = _frozen(
    {
        "pancreas": _s(0.10, "Geurts 2020 J Gastrointest Oncol: ~10 % of PNETs inherited", True),
        "duodenum": _s(0.10, _ASSUME + " (MEN1 gastrinoma, NF1)"),
        "ampulla": _s(0.15, _ASSUME + " (NF1 periampullary somatostatinoma)"),
        "stomach": _s(0.02, _ASSUME + " (MEN1 type 2 gastric NET)"),
        "jejunum_ileum": _s(0.015, _ASSUME + " (familial SI-NET rare)"),
    }
)
_SYNDROME_MIX: Mapping[str, Mapping[str, Share]] = MappingProxyType(
    {
        "pancreas": _frozen(
            {
                "MEN1": _s(0.60, _ASSUME + " (MEN1 most common, Geurts 2020)"),
                "VHL": _s(0.25, _ASSUME),
                "TSC": _s(0.08, _ASSUME),
                "NF1": _s(0.07, _ASSUME),
            }
        ),
        "duodenum": _frozen({"MEN1": _s(0.6, _ASSUME), "NF1": _s(0.4, _ASSUME)}),
        "ampulla": _frozen({"NF1": _s(0.8, _ASSUME), "MEN1": _s(0.2, _ASSUME)}),
        "stomach": _frozen({"MEN1": _s(1.0, _ASSUME)}),
        "jejunum_ileum": _frozen({"familial_si_net": _s(1.0, _ASSUME)}),
    }
)

_FUNCTIONAL = MappingProxyType(
    {
        "pancreas": _frozen(
            {
                "insulinoma": _s(0.04, _ASSUME),
                "gastrinoma": _s(0.03, _ASSUME),
                "glucagonoma": _s(0.01, _ASSUME),
                "vipoma": _s(0.006, _ASSUME),
                "somatostatinoma": _s(0.006, _ASSUME),
            }
        ),
        "duodenum": _frozen({"gastrinoma": _s(0.08, _ASSUME)}),
        "ampulla": _frozen({"somatostatinoma": _s(0.10, _ASSUME)}),
    }
)

_LANGUAGES = _frozen(
    {
        "en": _s(0.74, _ASSUME),
        "es": _s(0.16, _ASSUME),
        "zh": _s(0.025, _ASSUME),
        "ko": _s(0.02, _ASSUME),
        "hy": _s(0.015, _ASSUME),
        "fa": _s(0.015, _ASSUME),
        "vi": _s(0.015, _ASSUME),
        "tl": _s(0.01, _ASSUME),
    }
)


_FEMALE = _s(0.527, "Dasari 2017 abstract: 34,233 of 64,971 (52.7 %) women", True)
_AGE_MEAN = _s(60.9, "Maggard 2004 Ann Surg (SEER carcinoids): mean age 60.9 y")
_AGE_SD = _s(13.0, _ASSUME)
_HERED_AGE = _s(42.0, _ASSUME + " (earlier onset, Geurts 2020)")
_CS_SHARE = _s(0.19, "Halperin 2017 Lancet Oncol: 19 % of 9,512 SEER-Medicare NET patients", True)
_AGE_HR = _s(0.03, _ASSUME + " (log-HR per year of age)")
_SELF_REF = _s(0.25, _ASSUME)
_INCIDENTAL = _s(0.35, _ASSUME + " (NETs often found on unrelated imaging)")
_OVERDUE = _s(0.06, _ASSUME + " (illustrative; not from a published source)")


@dataclass(frozen=True, slots=True)
class CohortConfig:
    """Every distribution of the synthetic cohort, each value with its source.

    Mappings are keyed by the primary-site keys of :data:`PRIMARY_SITES`, the SEER summary
    stages of :data:`SEER_STAGES` and the grade buckets of :data:`GRADES`. Shares inside one
    mapping need not sum to exactly 1 (they are normalised), but must be non-negative.
    """

    site_shares: Mapping[str, Share] = _SITE_SHARES
    stage_by_site: Mapping[str, Mapping[str, Share]] = _STAGE_BY_SITE
    grade_by_site: Mapping[str, Mapping[str, Share]] = _GRADE_BY_SITE
    female_share: Share = _FEMALE
    age_mean: Share = _AGE_MEAN
    age_sd: Share = _AGE_SD
    hereditary_age_mean: Share = _HERED_AGE
    carcinoid_syndrome_share: Share = _CS_SHARE
    carcinoid_site_weight: Mapping[str, Share] = _CS_SITE_WEIGHT
    carcinoid_stage_weight: Mapping[str, Share] = _CS_STAGE_WEIGHT
    carcinoid_grade_weight: Mapping[str, Share] = _CS_GRADE_WEIGHT
    hereditary_by_site: Mapping[str, Share] = _HEREDITARY_BY_SITE
    syndrome_mix: Mapping[str, Mapping[str, Share]] = _SYNDROME_MIX
    functional_by_site: Mapping[str, Mapping[str, Share]] = _FUNCTIONAL
    median_os_years_by_stage: Mapping[str, Share] = _MEDIAN_OS_BY_STAGE
    hazard_ratio_by_site: Mapping[str, Share] = _HR_BY_SITE
    hazard_ratio_by_grade: Mapping[str, Share] = _HR_BY_GRADE
    hazard_per_year_of_age: Share = _AGE_HR
    self_referral_share: Share = _SELF_REF
    incidental_share: Share = _INCIDENTAL
    #: Of the living patients still in follow-up who have had a visit fall due, the share who
    #: missed their last due visit: it stays open (planned) with its due date before TODAY.
    overdue_follow_up_share: Share = _OVERDUE
    languages: Mapping[str, Share] = _LANGUAGES
    ssa_pfs_months: Mapping[str, Share] = field(
        default_factory=lambda: _frozen(
            {
                "G1": _s(30.0, _ASSUME + " (CLARINET/PROMID range)"),
                "G2": _s(18.0, _ASSUME),
                "G3": _s(8.0, _ASSUME),
            }
        )
    )

    def rows(self) -> Iterator[ConfigRow]:
        """Yield the whole configuration as flat rows (parameter, key, value, source, verified)."""
        for name in self.__slots__:
            value = getattr(self, name)
            if isinstance(value, Share):
                yield ConfigRow(name, "", value.value, value.source, value.verified)
                continue
            for key, inner in value.items():
                if isinstance(inner, Share):
                    yield ConfigRow(name, key, inner.value, inner.source, inner.verified)
                else:
                    for key2, share in inner.items():
                        yield ConfigRow(
                            name, f"{key}/{key2}", share.value, share.source, share.verified
                        )


DEFAULT_CONFIG = CohortConfig()
