"""Workup orders and results (issue "The patient journey", item 4).

Results are appended, never edited: a correction is a new row (`version` + 1) that points to
the version it `supersedes`, with a `correction_reason`; the old row stays readable and is
marked `is_current=False`. Grades, flags, Krenning scores and SSTR positivity are computed by
`netcare.clinical`, never typed.

The patient sees one version of each result: the newest one released to them
(`ResultQuerySet.seen_by_patient`). A correction waiting for release leaves them the version
they had; releasing it marks that version `replaced_for_patient`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from netcare.clinical.staging import Invasion
from netcare.clinical.vocabulary import Differentiation, Site
from netcare.patients.models import Patient
from netcare.words import DIFFERENTIATION
from netcare.workup.labs import LAB_CHOICES


class OrderKind(models.TextChoices):
    PET = "pet", "Ga-68 DOTATATE PET/CT"
    CT = "ct", "CT"
    MRI = "mri", "MRI"
    BARIUM = "barium", "Barium study"
    UPPER_ENDOSCOPY = "upper_endoscopy", "Upper endoscopy"
    LOWER_ENDOSCOPY = "lower_endoscopy", "Lower endoscopy (colonoscopy)"
    EUS = "eus", "Endoscopic ultrasound"
    CAPSULE = "capsule", "Capsule endoscopy"
    LAB = "lab", "Laboratory test"
    PATHOLOGY = "pathology", "Pathology"


class OrderStatus(models.TextChoices):
    ORDERED = "ordered", "Ordered"
    RESULTED = "resulted", "Resulted"
    CANCELLED = "cancelled", "Cancelled"


class Order(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=OrderKind.choices)
    test = models.CharField(max_length=40, blank=True, choices=LAB_CHOICES,
                            help_text="for laboratory orders: which test")
    status = models.CharField(max_length=12, choices=OrderStatus.choices,
                              default=OrderStatus.ORDERED)
    note = models.CharField(max_length=300, blank=True)
    ordered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    ordered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-ordered_at", "-id"]
        constraints = [
            models.CheckConstraint(name="workup_order_lab_names_test",
                                   condition=Q(kind="lab", test__gt="")
                                   | (~Q(kind="lab") & Q(test=""))),
            models.CheckConstraint(name="workup_order_kind_valid",
                                   condition=Q(kind__in=OrderKind.values)),
        ]
        indexes = [
            # The workup page and the portal: a patient's orders, newest first.
            models.Index(fields=["patient", "-ordered_at"], name="wk_order_patient_idx"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.get_test_display() if self.kind == OrderKind.LAB else self.get_kind_display()


class ResultQuerySet(models.QuerySet["ResultBase"]):
    def seen_by_patient(self) -> ResultQuerySet:
        """The versions the patient sees: of each result, the newest one released to them (a
        correction not released yet leaves them the version they had). Never two versions of
        one result."""
        return self.filter(released_to_patient=True, replaced_for_patient=False)


class ResultBase(models.Model):
    """What every result has: who, when, its version chain and its release to the patient."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="+")
    order = models.ForeignKey(Order, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    performed_on = models.DateField()
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveSmallIntegerField(default=1)
    supersedes = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="superseded_by")
    is_current = models.BooleanField(default=True)
    correction_reason = models.CharField(max_length=500, blank=True)
    released_to_patient = models.BooleanField(default=False)
    released_at = models.DateTimeField(null=True, blank=True)
    # Set (by `actions.release_result`) when a newer version is released: the patient sees that
    # one instead. `released_to_patient` stays: this version was shown to them until then.
    replaced_for_patient = models.BooleanField(default=False, editable=False)

    objects = ResultQuerySet.as_manager()

    KIND: str = ""
    TIMELINE_KIND: str = ""

    class Meta:
        abstract = True
        ordering = ["-performed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                name="%(class)s_correction_has_reason",
                condition=(Q(supersedes__isnull=True, version=1)
                           | (Q(supersedes__isnull=False, version__gt=1)
                              & ~Q(correction_reason=""))),
            ),
            models.CheckConstraint(name="%(class)s_release_has_time",
                                   condition=Q(released_to_patient=False)
                                   | Q(released_at__isnull=False)),
            # Only a released version that a newer one corrects can be replaced for the patient.
            models.CheckConstraint(name="%(class)s_replaced_was_released_and_corrected",
                                   condition=Q(replaced_for_patient=False)
                                   | Q(released_to_patient=True, is_current=False)),
        ]


def _base_constraints() -> list[models.BaseConstraint]:
    return list(ResultBase.Meta.constraints)


class Tracer(models.TextChoices):
    GA68_DOTATATE = "ga68_dotatate", "Ga-68 DOTATATE"
    GA68_DOTATOC = "ga68_dotatoc", "Ga-68 DOTATOC"
    CU64_DOTATATE = "cu64_dotatate", "Cu-64 DOTATATE"


class Comparison(models.TextChoices):
    FIRST = "first", "First study (no prior)"
    STABLE = "stable", "Stable compared with prior"
    RESPONSE = "response", "Response compared with prior"
    PROGRESSION = "progression", "Progression compared with prior"
    MIXED = "mixed", "Mixed compared with prior"


class PetScan(ResultBase):
    """A somatostatin-receptor PET/CT with its lesions (REFERENCE §4)."""

    KIND = "pet"
    TIMELINE_KIND = "pet"

    tracer = models.CharField(max_length=20, choices=Tracer.choices, default=Tracer.GA68_DOTATATE)
    liver_suvmax = models.FloatField("liver SUVmax", null=True, blank=True,
                                     help_text="normal liver SUVmax")
    spleen_suvmax = models.FloatField("spleen SUVmax", null=True, blank=True,
                                      help_text="normal spleen SUVmax")
    comparison = models.CharField(max_length=12, choices=Comparison.choices,
                                  default=Comparison.FIRST)
    prior = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", help_text="the study compared with")
    impression = models.TextField(blank=True)
    # Computed by netcare.clinical.sstr from the lesions, never typed. `krenning_score` is the
    # highest lesion score (the timeline's); `lowest_krenning_score` the lowest, which PRRT
    # eligibility judges (NETTER-1: uptake >= liver in all target lesions, REFERENCE §4, §5).
    krenning_score = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    lowest_krenning_score = models.PositiveSmallIntegerField(null=True, blank=True,
                                                             editable=False)
    sstr_positive = models.BooleanField("SSTR-positive", null=True, blank=True, editable=False)

    class Meta(ResultBase.Meta):
        verbose_name = "PET scan"
        verbose_name_plural = "PET scans"
        constraints = [
            *_base_constraints(),
            models.CheckConstraint(name="pet_lowest_krenning_0_4",
                                   condition=Q(lowest_krenning_score__isnull=True)
                                   | Q(lowest_krenning_score__lte=4)),
        ]
        indexes = [
            # Latest current PET of a patient (tumor staging, snapshot, summary).
            models.Index(fields=["patient", "is_current", "-performed_on"], name="wk_pet_cur_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_tracer_display()} PET/CT {self.performed_on}"


class LesionLocation(models.TextChoices):
    PRIMARY = "primary", "Primary tumor"
    LYMPH_NODE = "lymph_node", "Regional lymph node"
    LIVER = "liver", "Liver"
    BONE = "bone", "Bone"
    LUNG = "lung", "Lung"
    PERITONEUM = "peritoneum", "Peritoneum"
    DISTANT_LYMPH_NODE = "distant_lymph_node", "Distant lymph node"
    OTHER = "other", "Other distant site"


EXTRAHEPATIC_LOCATIONS = frozenset({"bone", "lung", "peritoneum", "distant_lymph_node", "other"})


class KrenningSource(models.TextChoices):
    VISUAL = "visual", "Visual reading"
    DERIVED = "derived", "Derived from SUVmax"


class PetLesion(models.Model):
    pet = models.ForeignKey(PetScan, on_delete=models.CASCADE, related_name="lesions",
                            verbose_name="PET scan")
    location = models.CharField(max_length=20, choices=LesionLocation.choices)
    site = models.CharField(max_length=120, blank=True, help_text="e.g. segment VII, L2")
    size_mm = models.PositiveIntegerField("size (mm)", null=True, blank=True)
    suv_max = models.FloatField("SUVmax", null=True, blank=True)
    # The reader's visual score when given (authoritative), else derived from SUVmax.
    krenning_score = models.PositiveSmallIntegerField(null=True, blank=True)
    krenning_source = models.CharField(max_length=10, choices=KrenningSource.choices, blank=True)

    class Meta:
        verbose_name = "PET lesion"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(name="pet_lesion_krenning_0_4",
                                   condition=Q(krenning_score__isnull=True)
                                   | Q(krenning_score__lte=4)),
            models.CheckConstraint(name="pet_lesion_suv_not_negative",
                                   condition=Q(suv_max__isnull=True) | Q(suv_max__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.get_location_display()} lesion"


class Modality(models.TextChoices):
    CT = "ct", "CT"
    MRI = "mri", "MRI"
    BARIUM = "barium", "Barium study"


class ImagingStudy(ResultBase):
    """CT, MRI or barium study."""

    KIND = "imaging"
    TIMELINE_KIND = "imaging"

    modality = models.CharField(max_length=10, choices=Modality.choices)
    region = models.CharField(max_length=120, blank=True)
    primary_size_cm = models.FloatField("primary tumor size (cm)", null=True, blank=True)
    hepatic_metastases = models.BooleanField(null=True, blank=True)
    extrahepatic_metastases = models.BooleanField(null=True, blank=True)
    comparison = models.CharField(max_length=12, choices=Comparison.choices,
                                  default=Comparison.FIRST)
    findings = models.TextField(blank=True)
    impression = models.TextField(blank=True)

    class Meta(ResultBase.Meta):
        verbose_name_plural = "imaging studies"
        constraints = _base_constraints()
        indexes = [
            # Latest current imaging of a patient (tumor staging, snapshot).
            models.Index(fields=["patient", "is_current", "-performed_on"], name="wk_img_cur_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_modality_display()} {self.performed_on}"


class EndoscopyKind(models.TextChoices):
    UPPER = "upper", "Upper endoscopy"
    LOWER = "lower", "Lower endoscopy (colonoscopy)"
    EUS = "eus", "Endoscopic ultrasound"
    CAPSULE = "capsule", "Capsule endoscopy"


class Endoscopy(ResultBase):
    KIND = "endoscopy"
    TIMELINE_KIND = "endoscopy"

    kind = models.CharField(max_length=10, choices=EndoscopyKind.choices)
    location = models.CharField(max_length=120, blank=True)
    lesion_size_mm = models.PositiveIntegerField("lesion size (mm)", null=True, blank=True)
    depth = models.CharField(max_length=40, blank=True,
                             choices=[(i.value, i.value.replace("_", " ")) for i in Invasion],
                             help_text="EUS: deepest layer involved")
    biopsy_taken = models.BooleanField(default=False)
    findings = models.TextField(blank=True)

    class Meta(ResultBase.Meta):
        verbose_name_plural = "endoscopies"
        constraints = [
            *_base_constraints(),
            models.CheckConstraint(name="endoscopy_capsule_takes_no_biopsy",
                                   condition=~Q(kind="capsule") | Q(biopsy_taken=False)),
        ]
        indexes = [
            models.Index(fields=["patient", "is_current", "-performed_on"], name="wk_endo_cur_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.performed_on}"


class Flag(models.TextChoices):
    LOW = "low", "Low"
    NORMAL = "normal", "Normal"
    HIGH = "high", "High"
    NONE = "", "No range"


class LabResult(ResultBase):
    """One laboratory value with its unit, the range it was judged against and the flag."""

    KIND = "lab"
    TIMELINE_KIND = "lab"

    test = models.CharField(max_length=40, choices=LAB_CHOICES)
    value = models.FloatField(validators=[MinValueValidator(0)])
    unit = models.CharField(max_length=20)
    # In the catalogue's canonical unit (5-HIAA: mg/24h), for trends and ranges.
    value_canonical = models.FloatField("value in the canonical unit", editable=False)
    reference_low = models.FloatField(null=True, blank=True)
    reference_high = models.FloatField(null=True, blank=True)
    laboratory = models.CharField(max_length=120, blank=True)
    flag = models.CharField(max_length=8, choices=Flag.choices, blank=True, editable=False)
    diet_followed = models.BooleanField(null=True, blank=True,
                                        help_text="5-HIAA: the patient followed the diet and "
                                                  "drug instructions")
    notes = models.JSONField(default=list, blank=True, editable=False)

    class Meta(ResultBase.Meta):
        constraints = [
            *_base_constraints(),
            models.CheckConstraint(name="lab_value_not_negative", condition=Q(value__gte=0)),
        ]
        indexes = [
            # Trends and latest markers: a patient's current results of one test by date.
            models.Index(fields=["patient", "test", "is_current", "performed_on"],
                         name="wk_lab_trend_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_test_display()} {self.value:g} {self.unit}"


class Specimen(models.TextChoices):
    BIOPSY = "biopsy", "Biopsy"
    ENDOSCOPIC_RESECTION = "endoscopic_resection", "Endoscopic resection"
    RESECTION = "resection", "Surgical resection"


class Margins(models.TextChoices):
    NEGATIVE = "negative", "Negative (R0)"
    POSITIVE = "positive", "Positive (R1/R2)"
    NOT_ASSESSED = "not_assessed", "Not assessed"


class Necrosis(models.TextChoices):
    NONE = "none", "None"
    PUNCTATE = "punctate", "Punctate"
    EXTENSIVE = "extensive", "Extensive"
    PRESENT = "present", "Present, extent not stated"


class PathologyReport(ResultBase):
    """A pathology report on one primary; WHO grade and AJCC T/N are computed from it."""

    KIND = "pathology"
    TIMELINE_KIND = "pathology"

    site = models.CharField(max_length=20, choices=[(s.value, s.value.replace("_", "/"))
                                                    for s in Site])
    subsite = models.CharField(max_length=20, blank=True,
                               choices=[("duodenum", "duodenum"), ("ampulla", "ampulla")],
                               help_text="duodenum/ampulla only")
    specimen = models.CharField(max_length=24, choices=Specimen.choices)
    histology = models.CharField(max_length=200)
    differentiation = models.CharField(max_length=8, blank=True,
                                       choices=[(d.value, DIFFERENTIATION[d.value])
                                                for d in Differentiation])
    ki67_percent = models.FloatField("Ki-67 (%)", null=True, blank=True,
                                     validators=[MinValueValidator(0), MaxValueValidator(100)])
    mitoses_per_2mm2 = models.FloatField("mitoses per 2 mm²", null=True, blank=True,
                                         validators=[MinValueValidator(0)])
    necrosis = models.CharField(max_length=10, blank=True, choices=Necrosis.choices,
                                help_text="lung/thymus classification")
    size_cm = models.FloatField("size (cm)", null=True, blank=True,
                                validators=[MinValueValidator(0.01)])
    depth = models.CharField(max_length=40, blank=True,
                             choices=[(i.value, i.value.replace("_", " ")) for i in Invasion],
                             help_text="deepest invasion")
    margins = models.CharField(max_length=14, choices=Margins.choices,
                               default=Margins.NOT_ASSESSED)
    nodes_examined = models.PositiveSmallIntegerField(null=True, blank=True)
    nodes_positive = models.PositiveSmallIntegerField(null=True, blank=True)
    mesenteric_mass_cm = models.FloatField("mesenteric mass (cm)", null=True, blank=True,
                                           help_text="jejunum/ileum: largest mesenteric mass")
    lymphovascular_invasion = models.BooleanField(null=True, blank=True)
    perineural_invasion = models.BooleanField(null=True, blank=True)
    multiple_tumors = models.BooleanField(default=False)
    comment = models.TextField(blank=True)

    class Meta(ResultBase.Meta):
        constraints = [
            *_base_constraints(),
            models.CheckConstraint(name="pathology_ki67_0_100",
                                   condition=Q(ki67_percent__isnull=True)
                                   | Q(ki67_percent__gte=0, ki67_percent__lte=100)),
            models.CheckConstraint(name="pathology_mitoses_not_negative",
                                   condition=Q(mitoses_per_2mm2__isnull=True)
                                   | Q(mitoses_per_2mm2__gte=0)),
            models.CheckConstraint(name="pathology_positive_nodes_le_examined",
                                   condition=Q(nodes_positive__isnull=True)
                                   | Q(nodes_examined__isnull=True)
                                   | Q(nodes_positive__lte=F("nodes_examined"))),
            models.CheckConstraint(name="pathology_size_positive",
                                   condition=Q(size_cm__isnull=True) | Q(size_cm__gt=0)),
        ]
        indexes = [
            # Tumor recompute and snapshot: a patient's current reports, newest first.
            models.Index(fields=["patient", "is_current", "-performed_on"], name="wk_path_cur_idx"),
        ]

    def __str__(self) -> str:
        return f"Pathology ({self.get_specimen_display()}) {self.performed_on}"


class FunctionalSyndromeChoice(models.TextChoices):
    """Hormonal syndrome as a clinician records it (values of clinical.snapshot)."""

    NONE = "none", "None (non-functional)"
    CARCINOID_SYNDROME = "carcinoid_syndrome", "Carcinoid syndrome"
    GASTRINOMA = "gastrinoma", "Gastrinoma (Zollinger-Ellison)"
    INSULINOMA = "insulinoma", "Insulinoma"
    GLUCAGONOMA = "glucagonoma", "Glucagonoma"
    VIPOMA = "vipoma", "VIPoma"
    SOMATOSTATINOMA = "somatostatinoma", "Somatostatinoma"


class ClinicalAssessment(ResultBase):
    """A clinician's assessment at a visit: performance status and functional syndrome.

    The decision support reads the performance status from the latest current one that records
    Karnofsky or ECOG (PRRT needs Karnofsky >= 60, REFERENCE §5), and the functional syndrome
    from the latest that records one (`tumors.snapshot_builder`). Appended and corrected like
    any result.
    """

    KIND = "assessment"
    TIMELINE_KIND = "note"

    karnofsky = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(100)],
        help_text="Karnofsky performance status, 0-100 in steps of 10")
    ecog = models.PositiveSmallIntegerField("ECOG", null=True, blank=True,
                                            validators=[MaxValueValidator(5)],
                                            help_text="ECOG performance status, 0-5")
    functional_syndrome = models.CharField(max_length=20, blank=True,
                                           choices=FunctionalSyndromeChoice.choices)
    findings = models.TextField(blank=True)

    class Meta(ResultBase.Meta):
        constraints = [
            *_base_constraints(),
            models.CheckConstraint(name="assessment_karnofsky_steps_of_10",
                                   condition=Q(karnofsky__isnull=True)
                                   | Q(karnofsky__lte=100, karnofsky__in=range(0, 101, 10))),
            models.CheckConstraint(name="assessment_ecog_0_5",
                                   condition=Q(ecog__isnull=True) | Q(ecog__lte=5)),
        ]
        indexes = [
            # Snapshot: a patient's latest current assessment.
            models.Index(fields=["patient", "is_current", "-performed_on"],
                         name="wk_assess_cur_idx"),
        ]

    def __str__(self) -> str:
        return f"Clinical assessment {self.performed_on}"

    def clean(self) -> None:
        if self.karnofsky is not None and self.karnofsky % 10:
            raise ValidationError({"karnofsky": "Karnofsky is given in steps of 10."})
        # An assessment with nothing in it records nothing; refuse it.
        if (self.karnofsky is None and self.ecog is None and not self.functional_syndrome
                and not self.findings.strip()):
            raise ValidationError({"karnofsky": "Give the Karnofsky or ECOG performance "
                                                "status (or the functional syndrome or findings)"
                                                "; this assessment records nothing."})


RESULT_MODELS: dict[str, type[ResultBase]] = {
    m.KIND: m for m in (PetScan, ImagingStudy, Endoscopy, LabResult, PathologyReport,
                        ClinicalAssessment)
}
