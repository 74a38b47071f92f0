"""AJCC 8th edition TNM and stage groups for well-differentiated GEP-NETs (REFERENCE §2).

Chapters: 29 stomach, 30 duodenum and ampulla of Vater, 31 jejunum and ileum, 32 appendix,
33 colon and rectum, 34 pancreas. Lung NETs use the lung carcinoma TNM and are not staged here.

Every valid (site, subsite, T, N, M) cell is computed once at import into a lookup table, so a
stage group costs one dictionary lookup (the benchmark stages a million patients). Decisions on
TX/T0/NX, and on findings that leave T or N open, are listed in
`docs/clinical-rules.md` (§3.1).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from itertools import product
from typing import Any, Final

from netcare.clinical import sources
from netcare.clinical.calculators import register
from netcare.clinical.errors import ClinicalInputError
from netcare.clinical.vocabulary import M, N, Site, Subsite, T

__all__ = [
    "STAGES",
    "TNM",
    "Invasion",
    "NResult",
    "StageResult",
    "TResult",
    "allowed_m",
    "allowed_n",
    "allowed_t",
    "m_from_metastases",
    "n_from_findings",
    "stage",
    "stage_group",
    "t_from_findings",
]

#: Stage group strings netcare can return (REFERENCE §0).
STAGES: Final = frozenset({"I", "II", "IIA", "IIB", "III", "IIIA", "IIIB", "IV"})

LUNG_NOTE: Final = "uses lung carcinoma TNM"

_CHAPTER: Final = {
    Site.STOMACH: 29,
    Site.DUODENUM_AMPULLA: 30,
    Site.JEJUNUM_ILEUM: 31,
    Site.APPENDIX: 32,
    Site.COLON_RECTUM: 33,
    Site.PANCREAS: 34,
}

_T1_TO_T4: Final = (T.T1, T.T2, T.T3, T.T4)
# T0 exists in the AJCC 8 chapters for stomach, jejunum/ileum, appendix and colon/rectum; the
# duodenum/ampulla and pancreas chapters list TX and T1-T4 only (see the doc for sources).
_ALLOWED_T: Final[dict[Site, tuple[T, ...]]] = {
    Site.STOMACH: (T.TX, T.T0, *_T1_TO_T4),
    Site.DUODENUM_AMPULLA: (T.TX, *_T1_TO_T4),
    Site.JEJUNUM_ILEUM: (T.TX, T.T0, *_T1_TO_T4),
    Site.APPENDIX: (T.TX, T.T0, *_T1_TO_T4),
    Site.COLON_RECTUM: (T.TX, T.T0, T.T1, T.T1A, T.T1B, T.T2, T.T3, T.T4),
    Site.PANCREAS: (T.TX, *_T1_TO_T4),
}
_ALLOWED_N: Final[dict[Site, tuple[N, ...]]] = {
    site: (N.NX, N.N0, N.N1, N.N2) if site is Site.JEJUNUM_ILEUM else (N.NX, N.N0, N.N1)
    for site in _CHAPTER
}
_ALLOWED_M: Final[tuple[M, ...]] = tuple(M)

_T_RANK: Final = {T.T1: 1, T.T1A: 1, T.T1B: 1, T.T2: 2, T.T3: 3, T.T4: 4}
_COLON_N0: Final = ("I", "IIA", "IIB", "IIIA")
_OTHER_N0: Final = ("I", "II", "II", "III")


def allowed_t(site: Site) -> tuple[T, ...]:
    """T categories defined for `site` (REFERENCE §2, AJCC 8th ch. 29-34)."""
    return _ALLOWED_T[site]


def allowed_n(site: Site) -> tuple[N, ...]:
    """N categories defined for `site`; N2 only for jejunum/ileum (REFERENCE §2, ch. 31)."""
    return _ALLOWED_N[site]


def allowed_m(site: Site) -> tuple[M, ...]:
    """M categories defined for `site` (REFERENCE §2): M0, M1, M1a, M1b, M1c everywhere."""
    del site
    return _ALLOWED_M


# --- parsing -------------------------------------------------------------------------------


def _list(values: tuple[StrEnum, ...]) -> str:
    return ", ".join(value.value for value in values)


def _site(value: object) -> Site:
    if isinstance(value, str):
        try:
            return Site(value)
        except ValueError:
            pass
    raise ClinicalInputError("site", f"must be one of {_list(tuple(Site))}; received {value!r}")


def _subsite(site: Site, value: object) -> Subsite | None:
    if site is not Site.DUODENUM_AMPULLA:
        if value is None:
            return None
        raise ClinicalInputError(
            "subsite", f"applies only to site duodenum_ampulla (site is {site}); received {value!r}"
        )
    if isinstance(value, str):
        try:
            return Subsite(value)
        except ValueError:
            pass
    raise ClinicalInputError(
        "subsite",
        f"is required for site duodenum_ampulla: one of {_list(tuple(Subsite))}; "
        f"received {value!r}",
    )


def _t(site: Site, value: object) -> tuple[T, bool]:
    """T category of `value` for `site`, and whether it carries the multiple-tumour suffix."""
    allowed = _ALLOWED_T[site]
    multiple = False
    text = value
    if isinstance(value, str) and value.endswith(")") and "(" in value:
        text, _, suffix = value[:-1].partition("(")
        multiple = suffix == "m" or suffix.isdigit()
        if not multiple:
            text = value
    if isinstance(text, str):
        for category in allowed:
            if category.value == text:
                return category, multiple
    raise ClinicalInputError(
        "t",
        f"must be one of {_list(allowed)} for site {site} (optionally with (m) for multiple "
        f"tumours); received {value!r}",
    )


def _n(site: Site, value: object) -> N:
    allowed = _ALLOWED_N[site]
    if isinstance(value, str):
        for category in allowed:
            if category.value == value:
                return category
    extra = " (N2 exists only for jejunum_ileum)" if value == N.N2 else ""
    raise ClinicalInputError(
        "n", f"must be one of {_list(allowed)} for site {site}{extra}; received {value!r}"
    )


def _m(value: object) -> M:
    if isinstance(value, str):
        for category in _ALLOWED_M:
            if category.value == value:
                return category
    raise ClinicalInputError("m", f"must be one of {_list(_ALLOWED_M)}; received {value!r}")


def _bool(field: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    raise ClinicalInputError(field, f"must be true or false; received {value!r}")


def _positive_size(field: str, value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ClinicalInputError(field, f"must be a number of cm > 0 or null; received {value!r}")
    size = float(value)
    if not math.isfinite(size) or size <= 0:
        raise ClinicalInputError(field, f"must be a number of cm > 0 or null; received {value!r}")
    return size


def _count(field: str, value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ClinicalInputError(field, f"must be a whole number >= 0 or null; received {value!r}")
    return value


def _staged_site(value: object) -> Site:
    site = _site(value)
    if site is Site.LUNG:
        raise ClinicalInputError(
            "site", f"lung NETs are staged with the lung carcinoma TNM ({LUNG_NOTE})"
        )
    return site


# --- value objects -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TNM:
    """A validated AJCC 8th TNM for one GEP-NET site (REFERENCE §2).

    Args:
        site: primary site (not lung).
        t: T category defined for the site; a trailing ``(m)`` or ``(2)`` sets `multiple`.
        n: N category defined for the site (N2 only for jejunum_ileum).
        m: M0, M1, M1a, M1b or M1c.
        subsite: duodenum or ampulla; required for duodenum_ampulla, refused elsewhere.
        multiple: multiple primary tumours (T is that of the largest), shown as ``(m)``.

    Raises:
        ClinicalInputError: a category that does not exist for the site, a missing or
            misplaced subsite, or lung (the message names the field and the allowed values).
    """

    site: Site
    t: T
    n: N
    m: M
    subsite: Subsite | None = None
    multiple: bool = False

    def __post_init__(self) -> None:
        site = _staged_site(self.site)
        t, suffixed = _t(site, self.t)
        set_ = object.__setattr__
        set_(self, "site", site)
        set_(self, "subsite", _subsite(site, self.subsite))
        set_(self, "t", t)
        set_(self, "n", _n(site, self.n))
        set_(self, "m", _m(self.m))
        set_(self, "multiple", _bool("multiple", self.multiple) or suffixed)

    @property
    def t_label(self) -> str:
        """T with the ``(m)`` suffix when there are multiple tumours, e.g. ``T2(m)``."""
        return f"{self.t.value}(m)" if self.multiple else self.t.value


@dataclass(frozen=True, slots=True)
class StageResult:
    """AJCC 8th stage group (REFERENCE §2).

    Attributes:
        stage: e.g. ``IIIB``; None when not stageable (TX/T0/NX without M1, or lung).
        reason: the rule that gave the stage (or why there is none).
        tnm: the validated inputs used; None for lung.
        notes: extra remarks, e.g. the stage every completion of an X category would give.
    """

    stage: str | None
    reason: str
    tnm: TNM | None
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.stage is not None and self.stage not in STAGES:
            raise ClinicalInputError(
                "stage", f"must be one of {', '.join(sorted(STAGES))} or None; got {self.stage!r}"
            )
        if self.tnm is None and self.stage is not None:
            raise ClinicalInputError("tnm", "a stage group needs the TNM it was derived from")

    @property
    def note(self) -> str | None:
        """All notes in one string, or None when there are none."""
        return " ".join(self.notes) if self.notes else None


# --- stage groups --------------------------------------------------------------------------


def _cell(site: Site, t: T, n: N, m: M) -> str | None:
    """Stage group of one table cell (REFERENCE §2 stage table)."""
    if m is not M.M0:
        return "IV"
    if t is T.TX or t is T.T0 or n is N.NX:
        return None
    colon = site is Site.COLON_RECTUM
    if n is not N.N0:
        return "IIIB" if colon else "III"
    return (_COLON_N0 if colon else _OTHER_N0)[_T_RANK[t] - 1]


def _explain(site: Site, t: T, n: N, m: M, group: str | None) -> tuple[str, tuple[str, ...]]:
    """Reason and notes for one cell."""
    if group == "IV":
        return f"any T, any N, {m.value} → IV", ()
    if group is not None:
        if n is not N.N0:
            return f"any T, {n.value}, M0 → {group}", ()
        return f"{t.value} N0 M0 → {group}", ()
    if t is T.T0:
        return (
            "T0: no evidence of primary tumour; AJCC 8 stages T0 only with M1 (→ IV)",
            (),
        )
    missing = [label for label, unknown in (("TX", t is T.TX), ("NX", n is N.NX)) if unknown]
    reason = f"{' and '.join(missing)}: not stageable without M1 (REFERENCE §2)"
    ts = [c for c in _ALLOWED_T[site] if c not in (T.TX, T.T0)] if t is T.TX else [t]
    ns = [c for c in _ALLOWED_N[site] if c is not N.NX] if n is N.NX else [n]
    possible = sorted({g for tt, nn in product(ts, ns) if (g := _cell(site, tt, nn, m))})
    if len(possible) == 1:
        note = (
            f"Every possible {' and '.join(missing)} completion gives stage {possible[0]}; "
            "not grouped until assessed."
        )
    else:
        note = f"Stage would be one of {', '.join(possible)} once {' and '.join(missing)} is known."
    return reason, (note,)


def _build() -> tuple[
    dict[tuple[str, str | None, str, str, str], StageResult],
    dict[tuple[str, str | None, str, str, str], dict[str, Any]],
]:
    table: dict[tuple[str, str | None, str, str, str], StageResult] = {}
    outputs: dict[tuple[str, str | None, str, str, str], dict[str, Any]] = {}
    for site in _CHAPTER:
        subsites: tuple[Subsite | None, ...] = (
            tuple(Subsite) if site is Site.DUODENUM_AMPULLA else (None,)
        )
        reference = sources.ajcc_chapter(_CHAPTER[site])
        for subsite, t, n, m in product(subsites, _ALLOWED_T[site], _ALLOWED_N[site], _ALLOWED_M):
            group = _cell(site, t, n, m)
            reason, notes = _explain(site, t, n, m, group)
            result = StageResult(group, reason, TNM(site, t, n, m, subsite), notes)
            key = (
                site.value,
                None if subsite is None else subsite.value,
                t.value,
                n.value,
                m.value,
            )
            table[key] = result
            outputs[key] = {
                "stage": group,
                "note": result.note,
                "reason": reason,
                "reference": reference,
            }
    return table, outputs


_TABLE, _OUTPUTS = _build()


def stage_group(tnm: TNM) -> StageResult:
    """Stage group of a validated TNM (REFERENCE §2, AJCC 8th ch. 29-34).

    Stomach, duodenum/ampulla, jejunum/ileum, appendix, pancreas: I T1 N0 M0; II T2-T3 N0 M0;
    III T4 N0 M0 or any T N1 (jejunum/ileum N1-N2) M0. Colon/rectum: I T1 (T1a, T1b) N0 M0;
    IIA T2 N0; IIB T3 N0; IIIA T4 N0; IIIB any T N1 M0. Any M1 → IV. TX, T0 or NX → no stage
    group unless M1.

    Returns:
        A precomputed result (shared, immutable); a fresh one only when `tnm.multiple`.
    """
    key = (
        tnm.site.value,
        None if tnm.subsite is None else tnm.subsite.value,
        tnm.t.value,
        tnm.n.value,
        tnm.m.value,
    )
    cell = _TABLE[key]
    if tnm.multiple:
        return StageResult(cell.stage, cell.reason, tnm, cell.notes)
    return cell


_LUNG_RESULT: Final = StageResult(
    None, "lung NETs are staged with the lung carcinoma TNM", None, (LUNG_NOTE,)
)


def stage(
    site: Site | str,
    t: T | str | None,
    n: N | str | None,
    m: M | str | None,
    subsite: Subsite | str | None = None,
) -> StageResult:
    """AJCC 8th stage group from site, T, N, M strings (REFERENCE §2, AJCC 8th ch. 29-34).

    Lung returns no stage and the note "uses lung carcinoma TNM" (its T/N/M are not checked
    here, only that they are strings or None).

    Raises:
        ClinicalInputError: unknown site, a category that does not exist for the site, a
            missing subsite for duodenum_ampulla (the message names the field).
    """
    try:
        return _TABLE[(site, subsite, t, n, m)]  # type: ignore[index]
    except (KeyError, TypeError):
        pass
    checked = _site(site)
    if checked is Site.LUNG:
        for field, value in (("t", t), ("n", n), ("m", m), ("subsite", subsite)):
            if value is not None and not isinstance(value, str):
                raise ClinicalInputError(field, f"must be a string or null; received {value!r}")
        return _LUNG_RESULT
    return stage_group(TNM(checked, t, n, m, subsite))  # type: ignore[arg-type]


# --- T, N, M from findings -----------------------------------------------------------------


class Invasion(StrEnum):
    """Deepest extent of the primary tumour, for T from findings (REFERENCE §2 T table).

    Which values a site accepts is listed in `docs/clinical-rules.md` (§3.1).
    """

    LAMINA_PROPRIA = "lamina_propria"
    SUBMUCOSA = "submucosa"
    MUSCULARIS_PROPRIA = "muscularis_propria"
    #: Through the muscularis propria into subserosa (colon/rectum: or non-peritonealised
    #: pericolic/perirectal tissue), serosa intact.
    SUBSEROSA = "subserosa"
    #: Appendix: involvement of the mesoappendix.
    MESOAPPENDIX = "mesoappendix"
    #: Visceral peritoneum (serosa) invaded; appendix: perforates the peritoneum.
    SEROSA_PERITONEUM = "serosa_peritoneum"
    ADJACENT_ORGANS = "adjacent_organs"
    #: Ampulla: confined within the sphincter of Oddi.
    SPHINCTER_OF_ODDI = "sphincter_of_oddi"
    #: Duodenum/ampulla: invades the pancreas or peripancreatic adipose tissue.
    PANCREAS_OR_PERIPANCREATIC = "pancreas_or_peripancreatic_fat"
    #: Pancreas: limited to the pancreas (peripancreatic fat does not change T).
    CONFINED_TO_PANCREAS = "confined_to_pancreas"
    #: Pancreas: invades the duodenum or common bile duct.
    DUODENUM_OR_BILE_DUCT = "duodenum_or_bile_duct"
    #: Pancreas: invades the wall of large vessels (celiac axis, superior mesenteric artery).
    LARGE_VESSELS = "large_vessels"


_I = Invasion
_WALL: Final = {
    _I.LAMINA_PROPRIA: 1,
    _I.SUBMUCOSA: 1,
    _I.MUSCULARIS_PROPRIA: 2,
    _I.SUBSEROSA: 3,
    _I.SEROSA_PERITONEUM: 4,
    _I.ADJACENT_ORGANS: 4,
}
# Per scheme: (rank of each invasion, size cut-offs [(limit, strict, rank)], rank above the
# last cut-off, rank → T). Ranks order T within the scheme; T = the higher of size and depth.
_Scheme = tuple[dict[Invasion, int], tuple[tuple[float, bool, int], ...], int, dict[int, T]]
_RANK_T: Final = {1: T.T1, 2: T.T2, 3: T.T3, 4: T.T4}
_SCHEMES: Final[dict[str, _Scheme]] = {
    "stomach": (_WALL, ((1.0, False, 1),), 2, _RANK_T),
    "jejunum_ileum": (_WALL, ((1.0, False, 1),), 2, _RANK_T),
    "duodenum": (
        {
            _I.LAMINA_PROPRIA: 1,
            _I.SUBMUCOSA: 1,
            _I.MUSCULARIS_PROPRIA: 2,
            _I.PANCREAS_OR_PERIPANCREATIC: 3,
            _I.SEROSA_PERITONEUM: 4,
            _I.ADJACENT_ORGANS: 4,
        },
        ((1.0, False, 1),),
        2,
        _RANK_T,
    ),
    "ampulla": (
        {
            _I.SPHINCTER_OF_ODDI: 1,
            _I.SUBMUCOSA: 2,
            _I.MUSCULARIS_PROPRIA: 2,
            _I.PANCREAS_OR_PERIPANCREATIC: 3,
            _I.SEROSA_PERITONEUM: 4,
            _I.ADJACENT_ORGANS: 4,
        },
        ((1.0, False, 1),),
        2,
        _RANK_T,
    ),
    "appendix": (
        {
            _I.LAMINA_PROPRIA: 1,
            _I.SUBMUCOSA: 1,
            _I.MUSCULARIS_PROPRIA: 1,
            _I.SUBSEROSA: 3,
            _I.MESOAPPENDIX: 3,
            _I.SEROSA_PERITONEUM: 4,
            _I.ADJACENT_ORGANS: 4,
        },
        ((2.0, False, 1), (4.0, False, 2)),
        3,
        _RANK_T,
    ),
    "colon_rectum": (
        {
            _I.LAMINA_PROPRIA: 1,
            _I.SUBMUCOSA: 1,
            _I.MUSCULARIS_PROPRIA: 3,
            _I.SUBSEROSA: 4,
            _I.SEROSA_PERITONEUM: 5,
            _I.ADJACENT_ORGANS: 5,
        },
        ((1.0, True, 1), (2.0, False, 2)),
        3,
        {1: T.T1A, 2: T.T1B, 3: T.T2, 4: T.T3, 5: T.T4},
    ),
    "pancreas": (
        {
            _I.CONFINED_TO_PANCREAS: 1,
            _I.DUODENUM_OR_BILE_DUCT: 3,
            _I.ADJACENT_ORGANS: 4,
            _I.LARGE_VESSELS: 4,
        },
        ((2.0, True, 1), (4.0, False, 2)),
        3,
        _RANK_T,
    ),
}

_NOTE_COLON_1CM: Final = (
    "Size exactly 1 cm: AJCC 8 gives T1a < 1 cm and T1b 1-2 cm (REFERENCE §2); some summaries "
    "give T1a <= 1 cm. Reported as T1b."
)


@dataclass(frozen=True, slots=True)
class TResult:
    """T category derived from findings (REFERENCE §2 T table).

    Attributes:
        t: the T category; TX when the findings leave it open.
        multiple: multiple primary tumours (suffix ``(m)``).
        possible: every T the findings allow (one element when decided).
        notes: remarks, e.g. what is missing.
    """

    t: T
    multiple: bool
    possible: tuple[T, ...]
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        expected = self.possible[0] if len(self.possible) == 1 else T.TX
        if not self.possible or self.t is not expected:
            raise ClinicalInputError("t", f"must be the only possible T or TX; got {self.t!r}")

    @property
    def label(self) -> str:
        """T with the ``(m)`` suffix when there are multiple tumours."""
        return f"{self.t.value}(m)" if self.multiple else self.t.value


def _size_rank(scheme: _Scheme, size: float) -> int:
    for limit, strict, rank in scheme[1]:
        if size < limit or (not strict and size == limit):
            return rank
    return scheme[2]


def t_from_findings(
    site: Site | str,
    size_cm: float | None,
    invasion: Invasion | str | None,
    *,
    subsite: Subsite | str | None = None,
    multiple: bool = False,
) -> TResult:
    """AJCC 8th T from the size and deepest invasion of the primary (REFERENCE §2, ch. 29-34).

    T is the higher of the category given by size and that given by depth. When one of them is
    unknown and could change T, the result is TX and `possible` lists the candidates.

    Args:
        site: a GEP site (not lung).
        size_cm: greatest dimension of the (largest) tumour in cm, > 0, or None.
        invasion: deepest extent (see :class:`Invasion`; each site accepts its own values).
        subsite: duodenum or ampulla, required for duodenum_ampulla.
        multiple: multiple primary tumours; give the findings of the one with the highest T.

    Raises:
        ClinicalInputError: invalid site, subsite, size or an invasion the site does not
            define (the message names the field and the allowed values).
    """
    checked = _staged_site(site)
    where = _subsite(checked, subsite)
    scheme = _SCHEMES[checked.value if where is None else where.value]
    depth_ranks, _, size_max, rank_t = scheme
    size = _positive_size("size_cm", size_cm)
    if invasion is None:
        depths = set(depth_ranks.values())
    else:
        allowed = tuple(depth_ranks)
        found = next((i for i in allowed if i.value == invasion), None)
        if found is None:
            label = checked.value if where is None else where.value
            raise ClinicalInputError(
                "invasion",
                f"must be one of {_list(allowed)} or null for {label}; received {invasion!r}",
            )
        depths = {depth_ranks[found]}
    sizes = set(range(1, size_max + 1)) if size is None else {_size_rank(scheme, size)}
    ranks = sorted({max(a, b) for a in sizes for b in depths})
    possible = tuple(rank_t[r] for r in ranks)
    notes: list[str] = []
    if len(possible) == 1:
        t = possible[0]
        if t is T.T1B and size == 1.0:
            notes.append(_NOTE_COLON_1CM)
    else:
        t = T.TX
        missing = " and ".join(
            name for name, gone in (("size", size is None), ("invasion", invasion is None)) if gone
        )
        notes.append(
            f"T not determined: {', '.join(p.value for p in possible)} depending on the "
            f"missing {missing}."
        )
    return TResult(t, _bool("multiple", multiple), possible, tuple(notes))


@dataclass(frozen=True, slots=True)
class NResult:
    """N category derived from findings (REFERENCE §2).

    Attributes:
        n: the N category; NX when the findings leave it open.
        possible: every N the findings allow (one element when decided).
        notes: remarks.
    """

    n: N
    possible: tuple[N, ...]
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        expected = self.possible[0] if len(self.possible) == 1 else N.NX
        if not self.possible or self.n is not expected:
            raise ClinicalInputError("n", f"must be the only possible N or NX; got {self.n!r}")


_N_BY_RANK: Final = (N.N0, N.N1, N.N2)
_NOTE_NO_MASS: Final = (
    "Mesenteric mass not reported: a mass > 2 cm would make it N2 (jejunum/ileum)."
)
_NOTE_MASS_NO_NODES: Final = (
    "A mesenteric mass was reported with no positive node; the mass is counted as nodal "
    "disease (N1). Verify."
)


def n_from_findings(
    site: Site | str,
    positive_nodes: int | None,
    mesenteric_mass_cm: float | None = None,
) -> NResult:
    """AJCC 8th N from positive regional nodes (REFERENCE §2, ch. 29-34).

    All sites: 0 positive nodes N0, >= 1 N1. Jejunum/ileum (ch. 31): 1-11 N1; >= 12 or a
    mesenteric mass > 2 cm N2. Unknown node count → NX unless the mass alone decides (N2).

    Args:
        site: a GEP site (not lung).
        positive_nodes: number of positive regional nodes, whole number >= 0, or None.
        mesenteric_mass_cm: jejunum/ileum only: size of the largest mesenteric tumour mass in
            cm; 0 = no mass; None = not reported (treated as no mass, with a note if N1).

    Raises:
        ClinicalInputError: invalid site or counts, or a mesenteric mass for another site.
    """
    checked = _staged_site(site)
    count = _count("positive_nodes", positive_nodes)
    jejunum_ileum = checked is Site.JEJUNUM_ILEUM
    if mesenteric_mass_cm is not None and not jejunum_ileum:
        raise ClinicalInputError(
            "mesenteric_mass_cm",
            f"applies only to site jejunum_ileum (site is {checked}); "
            f"received {mesenteric_mass_cm!r}",
        )
    mass: float | None = None
    if mesenteric_mass_cm is not None:
        if mesenteric_mass_cm == 0 and not isinstance(mesenteric_mass_cm, bool):
            mass = 0.0
        else:
            mass = _positive_size("mesenteric_mass_cm", mesenteric_mass_cm)
    top = 2 if jejunum_ileum else 1
    if count is None:
        counts = set(range(top + 1))
    elif count == 0:
        counts = {0}
    else:
        counts = {2 if jejunum_ileum and count >= 12 else 1}
    masses = {0} if not mass else {2 if mass > 2.0 else 1}
    ranks = sorted({max(a, b) for a in counts for b in masses})
    possible = tuple(_N_BY_RANK[r] for r in ranks)
    notes: list[str] = []
    if len(possible) == 1:
        n = possible[0]
        if jejunum_ileum and n is N.N1 and mesenteric_mass_cm is None:
            notes.append(_NOTE_NO_MASS)
        if count == 0 and n is N.N1:
            notes.append(_NOTE_MASS_NO_NODES)
    else:
        n = N.NX
        notes.append(
            f"N not determined: {', '.join(p.value for p in possible)} depending on the "
            "number of positive nodes."
        )
    return NResult(n, possible, tuple(notes))


_M_BY_FINDINGS: Final = {
    (False, False): M.M0,
    (True, False): M.M1A,
    (False, True): M.M1B,
    (True, True): M.M1C,
}


def m_from_metastases(hepatic_metastases: bool, extrahepatic_metastases: bool) -> M:
    """AJCC 8th M from where the distant metastases are (REFERENCE §2).

    M1a hepatic only; M1b extrahepatic only (lung, ovary, non-regional node, peritoneum,
    bone); M1c both; M0 none.

    Raises:
        ClinicalInputError: a value that is not a real bool (e.g. "yes", 1, None).
    """
    return _M_BY_FINDINGS[
        (
            _bool("hepatic_metastases", hepatic_metastases),
            _bool("extrahepatic_metastases", extrahepatic_metastases),
        )
    ]


# --- calculators -----------------------------------------------------------------------------

_REFERENCE_M: Final = sources.AJCC_M


def _site_reference(inputs: Mapping[str, Any]) -> str:
    """Reference of an already validated `site` input (its AJCC chapter)."""
    return sources.ajcc_chapter(_CHAPTER[Site(inputs["site"])])


def _get(inputs: Mapping[str, Any], field: str, default: Any = None) -> Any:
    """`inputs[field]`, or `default` when absent (validation happens in the rule)."""
    return inputs.get(field, default)


@register("ajcc8_stage")
def ajcc8_stage(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Calculator `ajcc8_stage` (REFERENCE §0 and §2).

    Inputs: `site`, `t`, `n`, `m`, optional `subsite` (required for duodenum_ampulla).
    Outputs: `stage` (string or null), `note` (string or null), `reason`, `reference`.
    """
    key: tuple[Any, ...] = (
        _get(inputs, "site"),
        _get(inputs, "subsite"),
        _get(inputs, "t"),
        _get(inputs, "n"),
        _get(inputs, "m"),
    )
    try:
        return dict(_OUTPUTS[key])
    except (KeyError, TypeError):
        pass
    result = stage(key[0], key[2], key[3], key[4], subsite=key[1])
    reference = (
        sources.LUNG_TNM if result.tnm is None else sources.ajcc_chapter(_CHAPTER[result.tnm.site])
    )
    return {
        "stage": result.stage,
        "note": result.note,
        "reason": result.reason,
        "reference": reference,
    }


@register("ajcc8_m")
def ajcc8_m(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Calculator `ajcc8_m` (REFERENCE §0 and §2).

    Inputs: `hepatic_metastases` (bool), `extrahepatic_metastases` (bool).
    Outputs: `m` (M0 / M1a / M1b / M1c), `reference`.
    """
    m = m_from_metastases(
        _get(inputs, "hepatic_metastases"), _get(inputs, "extrahepatic_metastases")
    )
    return {"m": m.value, "reference": _REFERENCE_M}


@register("ajcc8_t")
def ajcc8_t(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Calculator `ajcc8_t` (REFERENCE §2).

    Inputs: `site`, `subsite` (duodenum_ampulla only), `size_cm` (> 0 or null), `invasion`
    (see :class:`Invasion`, or null), `multiple` (bool, default false).
    Outputs: `t` (TX when open), `t_label` (with ``(m)``), `possible` (list), `note`,
    `reference`.
    """
    result = t_from_findings(
        _get(inputs, "site"),
        _get(inputs, "size_cm"),
        _get(inputs, "invasion"),
        subsite=_get(inputs, "subsite"),
        multiple=_get(inputs, "multiple", False),
    )
    return {
        "t": result.t.value,
        "t_label": result.label,
        "possible": [p.value for p in result.possible],
        "note": " ".join(result.notes) if result.notes else None,
        "reference": _site_reference(inputs),
    }


@register("ajcc8_n")
def ajcc8_n(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Calculator `ajcc8_n` (REFERENCE §2).

    Inputs: `site`, `positive_nodes` (whole number >= 0 or null), `mesenteric_mass_cm`
    (jejunum_ileum only; >= 0 or null). Outputs: `n` (NX when open), `possible`, `note`,
    `reference`.
    """
    result = n_from_findings(
        _get(inputs, "site"), _get(inputs, "positive_nodes"), _get(inputs, "mesenteric_mass_cm")
    )
    return {
        "n": result.n.value,
        "possible": [p.value for p in result.possible],
        "note": " ".join(result.notes) if result.notes else None,
        "reference": _site_reference(inputs),
    }
