"""Benchmark the clinical rules core on one core; prints figures.

1. WHO grade + AJCC 8 stage group + PRRT eligibility for N patients (default 1,000,000):
   inputs come from a fast deterministic generator (``random.Random(seed)``), built in chunks
   of 100,000 *outside* the timed region; the timing covers ``grading.classify``,
   ``staging.stage`` and ``prrt.assess_eligibility(PRRTFacts(...))`` (validation included).
2. Decision support: ``options_for`` over M snapshots (default 100,000) in one process. The
   snapshots are built from the synthetic cohort (``netcare.synthetic``: its tumours, TNM,
   metastases, age) plus deterministic SSTR, labs, progression and treatments; building them
   is *not* timed.

Usage: python bench/bench_clinical.py [--patients 1000000] [--snapshots 100000] [--seed 1]
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path
from random import Random

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from netcare.clinical import grading, prrt, staging
from netcare.clinical.decision_support import options_for
from netcare.clinical.snapshot import (
    ExtrahepaticSite,
    Metastases,
    PatientSnapshot,
    PerformanceStatus,
    PrrtLabs,
    SstrImaging,
    Treatment,
    TreatmentKind,
    TumorFacts,
)
from netcare.clinical.vocabulary import (
    Category,
    Differentiation,
    Grade,
    M,
    N,
    Site,
    Subsite,
    T,
)
from netcare.synthetic import DEFAULT_CONFIG, generate

CHUNK = 100_000
_SITES = tuple(site for site in Site if site is not Site.LUNG)

Row = tuple[object, ...]


def _rows(rng: Random, n: int) -> list[Row]:
    """`n` valid grade/stage/PRRT inputs (every site, subsite and category the site defines)."""
    r = rng.random
    choices = []
    for site in _SITES:
        subsites = ("duodenum", "ampulla") if site is Site.DUODENUM_AMPULLA else (None,)
        ts = [t.value for t in staging.allowed_t(site)]
        ns = [n_.value for n_ in staging.allowed_n(site)]
        ms = [m.value for m in staging.allowed_m(site)]
        choices.append((site.value, subsites, ts, ns, ms))
    rows: list[Row] = []
    for _ in range(n):
        site, subsites, ts, ns, ms = choices[int(r() * len(choices))]
        ki67 = None if r() < 0.05 else round(60 * r() ** 2, 1)
        mitoses = None if r() < 0.3 else int(40 * r() ** 2)
        rows.append(
            (
                "poor" if r() < 0.07 else ("well" if r() < 0.95 else None),
                ki67,
                mitoses,
                site,
                subsites[int(r() * len(subsites))],
                ts[int(r() * len(ts))],
                ns[int(r() * len(ns))],
                ms[int(r() * len(ms))],
                round(18 + 70 * r()),
                int(r() * 5) if r() < 0.9 else None,
                round(20 + 100 * r(), 1),
                round(7 + 8 * r(), 1),
                round(1.5 + 8 * r(), 1),
                round(50 + 300 * r()),
                10 * (5 + int(r() * 6)),
                r() < 0.5,
            )
        )
    return rows


def _grade_stage_prrt(rows: list[Row]) -> int:
    classify = grading.classify
    stage = staging.stage
    assess = prrt.assess_eligibility
    facts = prrt.PRRTFacts
    well = Differentiation.WELL
    poor = Differentiation.POOR
    eligible = 0
    for (
        differentiation,
        ki67,
        mitoses,
        site,
        subsite,
        t,
        n,
        m,
        age,
        krenning,
        crcl,
        hb,
        wbc,
        platelets,
        karnofsky,
        progression,
    ) in rows:
        who = classify(differentiation, ki67, mitoses)  # type: ignore[arg-type]
        stage(site, t, n, m, subsite)  # type: ignore[arg-type]
        result = assess(
            facts(
                age_years=age,  # type: ignore[arg-type]
                gep_net=True,
                sstr_positive=None if krenning is None else krenning >= 2,  # type: ignore[operator]
                differentiation=well if differentiation == "well" else poor,
                midgut=site == "jejunum_ileum",
                ki67_percent=ki67,  # type: ignore[arg-type]
                progression_on_octreotide_lar=progression,  # type: ignore[arg-type]
                min_target_krenning=krenning,  # type: ignore[arg-type]
                creatinine_clearance_ml_min=crcl,  # type: ignore[arg-type]
                hemoglobin_g_dl=hb,  # type: ignore[arg-type]
                wbc_10e9_per_l=wbc,  # type: ignore[arg-type]
                platelets_10e9_per_l=platelets,  # type: ignore[arg-type]
                karnofsky=karnofsky,  # type: ignore[arg-type]
                first_line=not progression,
            )
        )
        eligible += result.label is prrt.Status.MET and who.grade is not None
    return eligible


_EXTRA = (ExtrahepaticSite.BONE,)


def _snapshots(n: int, seed: int) -> list[PatientSnapshot]:
    """`n` snapshots from the synthetic cohort with deterministic SSTR, labs and treatments."""
    rng = Random(seed)
    r = rng.random
    out = []
    for p in generate(DEFAULT_CONFIG, n, seed):
        tumor = p.tumors[0]
        known = tumor.site in Site._value2member_map_
        site = Site(tumor.site) if known else None
        lung = site is Site.LUNG
        subsite = Subsite(tumor.subsite) if site is Site.DUODENUM_AMPULLA else None
        facts = TumorFacts(
            site=site,
            subsite=subsite,
            size_cm=tumor.size_cm,
            differentiation=Differentiation(tumor.differentiation),
            ki67_percent=tumor.ki67_percent,
            mitoses_per_2mm2=float(tumor.mitoses_per_2mm2),
            category=Category(tumor.category),
            grade=None if tumor.grade is None else Grade(tumor.grade),
            t=None if lung or not known else T(tumor.t),
            n=None if lung or not known else N(tumor.n),
            m=None if lung else M(tumor.m),
            stage=tumor.stage_group,
            functional=tumor.functional_syndrome not in (None, "carcinoid_syndrome"),
        )
        krenning = int(r() * 5) if r() < 0.8 else None
        progression = r() < 0.4 if tumor.m != "M0" else None
        labs = (
            PrrtLabs(20 + 100 * r(), 40 + 300 * r(), 7 + 8 * r(), 2.0, 3.5 * r(), 25 + 20 * r(), 5)
            if r() < 0.7
            else PrrtLabs()
        )
        out.append(
            PatientSnapshot(
                as_of=date(2026, 11, 25),
                age=(tumor.diagnosis_date - p.demographics.birth_date).days // 365,
                tumors=(facts,),
                metastases=Metastases(
                    hepatic=tumor.hepatic_metastases,
                    extrahepatic_sites=_EXTRA if tumor.extrahepatic_metastases else (),
                ),
                sstr=SstrImaging(done=True, krenning_score=krenning, lowest_krenning_score=krenning)
                if krenning is not None
                else SstrImaging(),
                labs=labs,
                performance=PerformanceStatus(karnofsky=10 * (5 + int(r() * 6))),
                treatments=(Treatment(TreatmentKind.OCTREOTIDE_LAR),) if progression else (),
                progression_on_ssa=progression,
                staging_imaging_done=r() < 0.9,
            )
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--patients", type=int, default=1_000_000)
    parser.add_argument("--snapshots", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    rng = Random(args.seed)
    timed = built = 0.0
    eligible = 0
    done = 0
    while done < args.patients:
        size = min(CHUNK, args.patients - done)
        start = time.perf_counter()
        rows = _rows(rng, size)
        built += time.perf_counter() - start
        start = time.perf_counter()
        eligible += _grade_stage_prrt(rows)
        timed += time.perf_counter() - start
        done += size
    print(f"grade + stage + PRRT eligibility: {args.patients:,} patients in {timed:.2f} s")
    print(f"  per patient: {timed / args.patients * 1e6:.2f} us; {args.patients / timed:,.0f}/s")
    print(f"  (input generation, not timed: {built:.2f} s; label-eligible graded: {eligible:,})")

    start = time.perf_counter()
    snapshots = _snapshots(args.snapshots, args.seed)
    built = time.perf_counter() - start
    start = time.perf_counter()
    options = 0
    for snapshot in snapshots:
        options += len(options_for(snapshot).options)
    timed = time.perf_counter() - start
    print(f"decision support options_for: {args.snapshots:,} snapshots in {timed:.2f} s")
    print(f"  per snapshot: {timed / args.snapshots * 1e6:.1f} us; {options:,} options listed")
    print(f"  (snapshot building from the synthetic cohort, not timed: {built:.2f} s)")


if __name__ == "__main__":
    main()
