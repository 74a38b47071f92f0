"""Assemble a `PatientSnapshot` from the database (DESIGN "Layers": the one seam).

`snapshot_for` issues a fixed number of queries whatever the size of the record (tests check
the count): tumors, current pathology, latest PET (+ lesions), latest CT/MRI, the latest two
5-HIAA and the latest two CgA results (one), PRRT labs (one), clinical assessments (the latest
recording a performance status and the latest recording a functional syndrome; one),
treatments, and the referral (symptoms, hereditary findings) when the referrals app is
installed: about eleven.
"""

from __future__ import annotations

import contextlib
from datetime import date
from typing import Any

from django.apps import apps
from django.db.models import F, Q, Subquery, Window
from django.db.models.functions import RowNumber

from netcare.clinical import snapshot as s
from netcare.clinical.biomarkers import marker_trend
from netcare.clinical.errors import ClinicalInputError
from netcare.clinical.vocabulary import Category, Differentiation, Grade, M, N, Site, Subsite, T
from netcare.patients.models import Patient
from netcare.treatments.models import Treatment
from netcare.tumors.models import Tumor
from netcare.workup import labs as lab_codes
from netcare.workup.dates import program_today
from netcare.workup.labs import CGA, HIAA
from netcare.workup.models import (
    EXTRAHEPATIC_LOCATIONS,
    ClinicalAssessment,
    ImagingStudy,
    LabResult,
    PathologyReport,
    PetScan,
)

_DEPTH = {"lamina_propria": "mucosa", "submucosa": "submucosa",
          "muscularis_propria": "muscularis_propria", "subserosa": "subserosa",
          "serosa_peritoneum": "serosa", "adjacent_organs": "adjacent_organs"}
_EXTRAHEPATIC = {"bone": "bone", "lung": "lung", "peritoneum": "peritoneum",
                 "distant_lymph_node": "distant_lymph_node", "other": "other"}
#: Workup lab code -> PrrtLabs field. Units are the catalogue's canonical ones; bilirubin is
#: divided by the upper limit of the range the result was judged against (x ULN).
_PRRT_LABS = {lab_codes.CREATININE_CLEARANCE: "creatinine_clearance_ml_min",
              lab_codes.PLATELETS: "platelets_10e9_l", lab_codes.HEMOGLOBIN: "hemoglobin_g_dl",
              lab_codes.WBC: "wbc_10e9_l", lab_codes.NEUTROPHILS: "neutrophils_10e9_l",
              lab_codes.BILIRUBIN: "bilirubin_x_uln", lab_codes.ALBUMIN: "albumin_g_l"}
_SSA_KINDS = frozenset({"octreotide_lar", "lanreotide"})


def _enum(kind: Any, value: str | None) -> Any:
    try:
        return kind(value) if value else None
    except ValueError:
        return None


def _tumor_facts(tumor: Tumor, path: PathologyReport | None, resected: bool) -> s.TumorFacts:
    site = _enum(Site, tumor.site)
    stage = tumor.effective("stage") or None
    t = tumor.effective("t").removesuffix("(m)") or None
    category = _enum(Category, tumor.category)
    differentiation = _enum(Differentiation, path.differentiation) if path else None
    return s.TumorFacts(
        site=site,
        subsite=_enum(Subsite, tumor.subsite) if site is Site.DUODENUM_AMPULLA else None,
        size_cm=tumor.size_cm if tumor.size_cm and tumor.size_cm <= 50 else None,
        differentiation=differentiation,
        ki67_percent=path.ki67_percent if path else None,
        mitoses_per_2mm2=path.mitoses_per_2mm2 if path else None,
        category=category,
        grade=_enum(Grade, tumor.effective("grade")) if category is not Category.NEC else None,
        t=_enum(T, t), n=_enum(N, tumor.effective("n")), m=_enum(M, tumor.effective("m")),
        stage=stage if stage in s.STAGE_GROUPS else None,
        depth=_enum(s.Depth, _DEPTH.get(path.depth, "")) if path else None,
        margin=_enum(s.Margin, path.margins) if path else None,
        lymphovascular_invasion=path.lymphovascular_invasion if path else None,
        resected=resected or (path is not None and path.specimen != "biopsy") or None,
        multifocal=path.multiple_tumors if path else None,
    )


def snapshot_for(patient: Patient, *, as_of: date | None = None) -> s.PatientSnapshot:
    """The clinical state of `patient` on `as_of` (default: today in the program's zone).

    Only results and treatments dated on or before `as_of` are used; computed grade and stage
    are the tumor's effective values (a clinician's override wins). Symptoms come from the
    patient's latest referral when the referrals app is installed; else they are None
    (unknown). Performance status (Karnofsky and ECOG together, with the assessment's date as
    ``performance.assessed_on``) comes from the latest clinical assessment (workup kind
    "assessment") that records one, and the functional syndrome from the latest that records
    one: a later assessment with findings only hides neither. Fields netcare does not record
    yet (echo) stay None.
    """
    as_of = as_of or program_today()
    pid = patient.pk
    tumors = list(Tumor.objects.filter(patient_id=pid).order_by("created_at", "id"))
    reports = list(PathologyReport.objects.filter(patient_id=pid, is_current=True,
                                                  performed_on__lte=as_of)
                   .order_by("-performed_on", "-id"))
    pet = (PetScan.objects.filter(patient_id=pid, is_current=True, performed_on__lte=as_of)
           .prefetch_related("lesions").order_by("-performed_on", "-id").first())
    imaging = (ImagingStudy.objects.filter(patient_id=pid, is_current=True,
                                           performed_on__lte=as_of, modality__in=["ct", "mri"])
               .order_by("-performed_on", "-id").first())
    # The latest two of each marker, however many of the other there are since.
    markers = list(LabResult.objects.filter(patient_id=pid, is_current=True,
                                            performed_on__lte=as_of, test__in=[HIAA, CGA])
                   .annotate(nth=Window(RowNumber(), partition_by=[F("test")],
                                        order_by=[F("performed_on").desc(), F("id").desc()]))
                   .filter(nth__lte=2)
                   .only("test", "performed_on", "value_canonical")
                   .order_by("-performed_on", "-id"))
    prrt_labs = list(LabResult.objects.filter(patient_id=pid, is_current=True,
                                              performed_on__lte=as_of, test__in=_PRRT_LABS)
                     .only("test", "value_canonical", "reference_high")
                     .order_by("-performed_on", "-id")[:60])
    assessments = _latest_assessments(pid, as_of)
    treatments = list(Treatment.objects.filter(patient_id=pid, start_on__lte=as_of)
                      .order_by("start_on", "id")[:100])

    resected = any(t.kind in ("emr", "surgery") for t in treatments)
    facts = []
    for tumor in tumors:
        path = next((r for r in reports if r.site == tumor.site
                     and (r.subsite or "") == tumor.subsite), None)
        try:
            facts.append(_tumor_facts(tumor, path, resected))
        except ClinicalInputError:
            facts.append(s.TumorFacts(site=_enum(Site, tumor.site)))

    hepatic: bool | None = None
    extra: set[str] | None = None
    if pet is not None or imaging is not None:
        hepatic, extra = False, set()
        for lesion in (pet.lesions.all() if pet is not None else ()):
            hepatic |= lesion.location == "liver"
            if lesion.location in EXTRAHEPATIC_LOCATIONS:
                extra.add(_EXTRAHEPATIC[lesion.location])
        if imaging is not None:
            hepatic |= bool(imaging.hepatic_metastases)
            if imaging.extrahepatic_metastases:
                extra.add("other")
    metastases = s.Metastases(
        hepatic=hepatic,
        extrahepatic_sites=None if extra is None else tuple(
            sorted(s.ExtrahepaticSite(x) for x in extra)))

    sstr = s.SstrImaging(done=pet is not None or None,
                         krenning_score=pet.krenning_score if pet else None,
                         lowest_krenning_score=pet.lowest_krenning_score if pet else None,
                         positive=pet.sstr_positive if pet else None,
                         scan_date=pet.performed_on if pet else None)
    latest: dict[str, list[LabResult]] = {HIAA: [], CGA: []}
    for lab in markers:
        latest[lab.test].append(lab)
    hiaa, cga = latest[HIAA], latest[CGA]
    marker_facts = s.Markers(
        hiaa_mg_24h=hiaa[0].value_canonical if hiaa else None,
        hiaa_date=hiaa[0].performed_on if hiaa else None,
        cga_ng_ml=cga[0].value_canonical if cga else None,
        cga_date=cga[0].performed_on if cga else None,
        hiaa_trend=_trend(hiaa),
        cga_trend=_trend(cga),
    )
    lab_values: dict[str, float] = {}
    for lab in prrt_labs:
        value = lab.value_canonical
        if lab.test == lab_codes.BILIRUBIN:
            if not lab.reference_high:
                continue  # no upper limit: x ULN unknown
            value = value / lab.reference_high
        lab_values.setdefault(_PRRT_LABS[lab.test], value)
    performance = s.PerformanceStatus()
    status = next((a for a in assessments if a.karnofsky is not None or a.ecog is not None),
                  None)
    if status is not None:
        # The database refuses bad values; should one slip in, keep "unknown", not fail.
        with contextlib.suppress(ClinicalInputError):
            performance = s.PerformanceStatus(karnofsky=status.karnofsky, ecog=status.ecog,
                                              assessed_on=status.performed_on)

    symptoms, hereditary, syndrome = _from_referral(patient)
    with_syndrome = next((a for a in assessments if a.functional_syndrome), None)
    if with_syndrome is not None:
        syndrome = _enum(s.FunctionalSyndrome, with_syndrome.functional_syndrome)
    age = _age(patient.date_of_birth, as_of)
    return s.PatientSnapshot(
        as_of=as_of,
        age=age if age is not None and 0 <= age <= 120 else None,
        sex=_enum(s.Sex, patient.sex),
        symptoms=symptoms,
        functional_syndrome=syndrome,
        hereditary=hereditary,
        performance=performance,
        tumors=tuple(facts),
        metastases=metastases,
        sstr=sstr,
        markers=marker_facts,
        labs=s.PrrtLabs(**lab_values),
        treatments=tuple(
            s.Treatment(kind=s.TreatmentKind(t.kind), start=t.start_on,
                        end=t.end_on if t.end_on and t.end_on <= as_of else None,
                        best_response=_enum(s.BestResponse, t.best_response))
            for t in treatments),
        progression_on_ssa=_progression_on_ssa(treatments),
        staging_imaging_done=imaging is not None or None,
        nt_probnp_done=None,
    )


def _latest_assessments(pid: int, as_of: date) -> list[ClinicalAssessment]:
    """The latest current assessment on or before `as_of` that records a performance status
    and the latest that records a functional syndrome (one row when it is the same), newest
    first; one query (two subqueries on ``wk_assess_cur_idx``).

    An assessment holding only findings, or only the other fact, is skipped for that fact, so
    it does not hide the value recorded before it.
    """
    current = (ClinicalAssessment.objects
               .filter(patient_id=pid, is_current=True, performed_on__lte=as_of)
               .order_by("-performed_on", "-id"))
    with_status = current.filter(Q(karnofsky__isnull=False) | Q(ecog__isnull=False))
    with_syndrome = current.exclude(functional_syndrome="")
    return list(ClinicalAssessment.objects
                .filter(Q(pk=Subquery(with_status.values("pk")[:1]))
                        | Q(pk=Subquery(with_syndrome.values("pk")[:1])))
                .only("performed_on", "karnofsky", "ecog", "functional_syndrome")
                .order_by("-performed_on", "-id"))


def _progression_on_ssa(treatments: list[Treatment]) -> bool | None:
    """True when a long-acting SSA course's best response is progressive disease; False when
    every SSA course has another recorded response; None when there is no SSA or a course has
    no response recorded yet (REFERENCE §5: PRRT after progression on SSA)."""
    responses = [t.best_response for t in treatments if t.kind in _SSA_KINDS]
    if "progressive_disease" in responses:
        return True
    if responses and all(responses):
        return False
    return None


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _trend(labs: list[LabResult]) -> s.MarkerTrend | None:
    """One marker's direction from its own results, newest first: the latest against the one
    before (`biomarkers.marker_trend`, REFERENCE §3: no threshold). None with fewer than two."""
    if len(labs) < 2:
        return None
    try:
        return marker_trend(labs[1].value_canonical, labs[0].value_canonical)
    except ClinicalInputError:  # the database refuses negative values; keep "unknown"
        return None


def _from_referral(patient: Patient) -> tuple[Any, s.HereditaryFindings, Any]:
    """Symptoms and hereditary findings from the latest referral (one query), if installed."""
    if not apps.is_installed("netcare.referrals"):
        return None, s.HereditaryFindings(), None
    Referral = apps.get_model("referrals", "Referral")
    referral = (Referral.objects.filter(patient_id=patient.pk)
                .only("symptoms", "hereditary_syndromes", "family_history_of_net")
                .order_by("-created_at", "-id").first())
    if referral is None:
        return None, s.HereditaryFindings(), None
    symptoms = tuple(dict.fromkeys(x for x in (_enum(s.Symptom, v) for v in referral.symptoms)
                                   if x is not None))
    syndromes = [x for x in (_enum(s.HereditarySyndrome, v)
                             for v in referral.hereditary_syndromes) if x is not None]
    hereditary = s.HereditaryFindings(known_syndrome=syndromes[0] if syndromes else None,
                                      family_history=referral.family_history_of_net)
    return symptoms, hereditary, None
