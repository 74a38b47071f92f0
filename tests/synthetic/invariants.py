"""Internal-consistency rules every synthetic patient must satisfy (used by several tests)."""

from __future__ import annotations

from datetime import date

from netcare.synthetic import HISTORY_START, TODAY, PatientHistory


def problems(p: PatientHistory) -> list[str]:
    """Return a description of every broken invariant of ``p`` (empty when consistent)."""
    out: list[str] = []
    mrn = p.demographics.mrn
    tumor = p.tumors[0]
    # AJCC: stage IV iff M1 (lung is not staged by netcare)
    if tumor.site != "lung" and (tumor.stage_group == "IV") != tumor.m.startswith("M1"):
        out.append(f"{mrn}: stage {tumor.stage_group} with {tumor.m}")
    if tumor.m.startswith("M1") != (tumor.seer_stage == "distant"):
        out.append(f"{mrn}: {tumor.m} but SEER stage {tumor.seer_stage}")
    # WHO: NEC has no G grade and is poorly differentiated
    if (tumor.category == "NEC") != (tumor.grade is None):
        out.append(f"{mrn}: category {tumor.category} with grade {tumor.grade}")
    if (tumor.category == "NEC") != (tumor.differentiation == "poor"):
        out.append(f"{mrn}: {tumor.category} but {tumor.differentiation} differentiation")
    if tumor.grade == "G1" and not (tumor.ki67_percent < 3 and tumor.mitoses_per_2mm2 < 2):
        out.append(f"{mrn}: G1 with Ki-67 {tumor.ki67_percent}")
    if tumor.grade == "G2" and not (3 <= tumor.ki67_percent <= 20):
        out.append(f"{mrn}: G2 with Ki-67 {tumor.ki67_percent}")
    if tumor.grade == "G3" and not tumor.ki67_percent > 20:
        out.append(f"{mrn}: G3 with Ki-67 {tumor.ki67_percent}")
    if tumor.nodes_positive > tumor.nodes_examined:
        out.append(f"{mrn}: {tumor.nodes_positive} positive of {tumor.nodes_examined} nodes")
    if tumor.n == "N0" and tumor.nodes_positive:
        out.append(f"{mrn}: N0 with positive nodes")
    # dates: referral <= diagnosis <= treatments; history window; death after everything
    referral = p.referral.date
    diagnosis = tumor.diagnosis_date
    if not (HISTORY_START <= referral <= diagnosis <= TODAY):
        out.append(f"{mrn}: referral {referral} / diagnosis {diagnosis}")
    days = [e.day for e in p.events]
    if days != sorted(days):
        out.append(f"{mrn}: events not sorted")
    # planned: the next visit (after TODAY, with its CgA and imaging), or a missed visit alone
    # (before TODAY, after every completed follow-up visit)
    planned = [e for e in p.events if e.status == "planned"]
    missed = [e for e in planned if e.day <= TODAY]
    if missed and (len(planned) > 1 or missed[0].kind != "follow_up" or missed[0].day == TODAY):
        out.append(f"{mrn}: planned {[(e.code, str(e.day)) for e in planned]}")
    if missed and any(e.kind == "follow_up" and e.status == "completed"
                      and e.day >= missed[0].day for e in p.events):
        out.append(f"{mrn}: a follow-up visit completed after the missed one {missed[0].day}")
    for e in p.events:
        if e.status == "planned":
            if not p.vital_status.alive:
                out.append(f"{mrn}: planned {e.code} on {e.day}")
        elif not HISTORY_START <= e.day <= TODAY:
            out.append(f"{mrn}: {e.code} on {e.day} outside the history window")
        if e.kind in ("procedure", "medication", "prrt", "radiation") and e.day < diagnosis:
            out.append(f"{mrn}: treatment {e.code} on {e.day} before diagnosis {diagnosis}")
        if e.day < referral:
            out.append(f"{mrn}: {e.code} on {e.day} before referral")
    for c in p.courses:
        if c.start < diagnosis:
            out.append(f"{mrn}: course {c.code} starts before diagnosis")
    death = p.vital_status.death_date
    if death is not None:
        last = max((e.day for e in p.events if e.kind != "death"), default=date.min)
        if not last < death or p.events[-1].kind != "death":
            out.append(f"{mrn}: death {death} not after everything else ({last})")
        if p.vital_status.alive or death > TODAY:
            out.append(f"{mrn}: inconsistent vital status")
    return out
