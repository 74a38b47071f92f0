"""Codes used in the synthetic records, each with a plain-English label (written for netcare).

Every symptom, hereditary syndrome, test and treatment named on the seed page has a code here;
the tests check that a 5,000-patient cohort uses all of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from netcare.clinical.staging import Invasion

__all__ = [
    "DEPTHS",
    "EVENT_KINDS",
    "FINDINGS",
    "HEREDITARY_SYNDROMES",
    "SEED_SYMPTOMS",
    "SEED_TESTS",
    "SEED_TREATMENTS",
    "SYMPTOMS",
    "TESTS",
    "TREATMENTS",
]

SYMPTOMS: Mapping[str, str] = MappingProxyType(
    {
        "abdominal_pain": "Abdominal pain, cramping, nausea or vomiting that come and go",
        "jaundice": "Jaundice (yellow skin or eyes)",
        "constipation": "Constipation",
        "rectal_bleeding": "Rectal bleeding",
        "flushing": "Facial flushing",
        "tachycardia": "Fast heartbeat",
        "wheezing": "Wheezing",
        "hypertension": "High blood pressure",
        "hyperglycemia": "High blood sugar or diabetes",
        "diarrhea": "Diarrhea",
        "hypoglycemia": "Episodes of low blood sugar",
        "weight_loss": "Weight loss",
        "cough": "Cough",
    }
)
#: The symptoms the seed page lists (diarrhea added by the brief).
SEED_SYMPTOMS = (
    "abdominal_pain",
    "jaundice",
    "constipation",
    "rectal_bleeding",
    "flushing",
    "tachycardia",
    "wheezing",
    "hypertension",
    "hyperglycemia",
    "diarrhea",
)

HEREDITARY_SYNDROMES: Mapping[str, str] = MappingProxyType(
    {
        "MEN1": "Multiple endocrine neoplasia type 1",
        "NF1": "Neurofibromatosis type 1",
        "TSC": "Tuberous sclerosis complex",
        "VHL": "Von Hippel-Lindau syndrome",
        "familial_si_net": "Familial small intestinal neuroendocrine tumor",
    }
)

#: Test codes -> (event kind, label). Lab units: CgA ng/mL, 5-HIAA mg/24h, others as noted.
TESTS: Mapping[str, tuple[str, str]] = MappingProxyType(
    {
        "ga68_dotatate_pet": ("imaging", "Ga-68 DOTATATE PET/CT"),
        "fdg_pet": ("imaging", "FDG PET/CT"),
        "ct": ("imaging", "CT chest/abdomen/pelvis with contrast"),
        "mri": ("imaging", "MRI abdomen (liver/pancreas protocol)"),
        "echocardiogram": ("imaging", "Echocardiogram (carcinoid heart disease screening)"),
        "upper_endoscopy": ("endoscopy", "Upper endoscopy (EGD)"),
        "colonoscopy": ("endoscopy", "Colonoscopy"),
        "eus": ("endoscopy", "Endoscopic ultrasound with fine-needle aspiration"),
        "capsule_endoscopy": ("endoscopy", "Capsule endoscopy"),
        "bronchoscopy": ("endoscopy", "Bronchoscopy"),
        "barium_study": ("imaging", "Barium swallow / small-bowel follow-through"),
        "urine_5hiaa": ("lab", "24-h urine 5-HIAA (mg/24h)"),
        "chromogranin_a": ("lab", "Chromogranin A (ng/mL)"),
        "gastrin": ("lab", "Fasting gastrin (pg/mL)"),
        "insulin": ("lab", "Insulin (uIU/mL) during fast"),
        "glucose": ("lab", "Glucose (mg/dL)"),
        "c_peptide": ("lab", "C-peptide (ng/mL)"),
        "glucagon": ("lab", "Glucagon (pg/mL)"),
        "vip": ("lab", "Vasoactive intestinal peptide (pg/mL)"),
        "somatostatin": ("lab", "Somatostatin (pg/mL)"),
        "nt_probnp": ("lab", "NT-proBNP (pg/mL)"),
        "biopsy": ("pathology", "Biopsy pathology report"),
        "resection_specimen": ("pathology", "Resection specimen pathology report"),
    }
)
SEED_TESTS = (
    "ga68_dotatate_pet",
    "ct",
    "mri",
    "upper_endoscopy",
    "colonoscopy",
    "capsule_endoscopy",
    "barium_study",
    "urine_5hiaa",
    "chromogranin_a",
    "biopsy",
)

TREATMENTS: Mapping[str, str] = MappingProxyType(
    {
        "emr": "Endoscopic mucosal resection",
        "surgery": "Surgical resection",
        "octreotide_lar": "Octreotide LAR 30 mg IM every 4 weeks",
        "lanreotide": "Lanreotide 120 mg deep SC every 4 weeks",
        "octreotide_sc": "Short-acting octreotide SC",
        "telotristat": "Telotristat ethyl 250 mg three times daily",
        "everolimus": "Everolimus 10 mg daily",
        "sunitinib": "Sunitinib 37.5 mg daily",
        "captem": "Capecitabine-temozolomide (28-day cycles)",
        "platinum_etoposide": "Cisplatin/carboplatin-etoposide (21-day cycles)",
        "prrt": "Lu-177 DOTATATE PRRT 7.4 GBq every 8 weeks x 4",
        "liver_directed": "Liver-directed therapy (embolization or ablation)",
        "radiation": "External beam radiation therapy",
        "hormone_therapy": "Hormone-lowering therapy (diazoxide, high-dose PPI)",
        "surveillance": "Active surveillance",
    }
)
SEED_TREATMENTS = (
    "prrt",
    "emr",
    "surgery",
    "octreotide_lar",
    "lanreotide",
    "octreotide_sc",
    "telotristat",
    "hormone_therapy",
    "radiation",
)

EVENT_KINDS: Mapping[str, str] = MappingProxyType(
    {
        "referral": "Referral received",
        "consultation": "First consultation",
        "imaging": "Imaging study (value = Krenning score on SSTR PET)",
        "endoscopy": "Endoscopic examination",
        "lab": "Laboratory result",
        "pathology": "Pathology report (value = Ki-67 %)",
        "tumor_board": "Tumor board discussion",
        "procedure": "Procedure: EMR, surgery, liver-directed therapy",
        "medication": "Drug administration, or start/stop of a daily drug (finding start|stop)",
        "prrt": "PRRT cycle (value = GBq)",
        "radiation": "Radiation course start (value = total Gy)",
        "follow_up": "Follow-up visit",
        "death": "Death",
    }
)

#: Finding codes on events.
FINDINGS = (
    "baseline",
    "no_evidence_of_disease",
    "stable",
    "partial_response",
    "progression",
    "recurrence",
    "normal",
    "elevated",
    "start",
    "stop",
    "dose",
)

#: Depth of invasion: the values of `netcare.clinical.staging.Invasion`, plus "confined" (lung,
#: lung carcinoma TNM) and "unknown" (unknown primary).
DEPTHS = (*(invasion.value for invasion in Invasion), "confined", "unknown")
