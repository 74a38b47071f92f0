"""Everything the seed page names appears in a 5,000-patient cohort."""

from __future__ import annotations

from netcare.synthetic import DEFAULT_CONFIG, generate
from netcare.synthetic.vocabulary import (
    HEREDITARY_SYNDROMES,
    SEED_SYMPTOMS,
    SEED_TESTS,
    SEED_TREATMENTS,
    TREATMENTS,
)


def _cohort_vocabulary() -> tuple[set[str], set[str], set[str], set[str]]:
    symptoms: set[str] = set()
    syndromes: set[str] = set()
    codes: set[str] = set()
    treatments: set[str] = set()
    for p in generate(DEFAULT_CONFIG, 5000, 11):
        symptoms.update(p.referral.symptoms)
        if p.hereditary_syndrome:
            syndromes.add(p.hereditary_syndrome)
        codes.update(e.code for e in p.events)
        treatments.update(c.code for c in p.courses)
    return symptoms, syndromes, codes, treatments


COHORT = _cohort_vocabulary()


def test_every_seed_symptom_appears() -> None:
    """Each symptom on the seed page (plus diarrhea) is presented by some patient."""
    assert set(SEED_SYMPTOMS) <= COHORT[0]


def test_every_hereditary_syndrome_appears() -> None:
    """MEN1, NF1, TSC, VHL and familial SI-NET each occur."""
    assert set(HEREDITARY_SYNDROMES) == COHORT[1]


def test_every_seed_test_appears() -> None:
    """Ga-68 PET, CT, MRI, endoscopies, barium study, 5-HIAA, CgA and biopsy all occur."""
    assert set(SEED_TESTS) <= COHORT[2]


def test_every_treatment_appears() -> None:
    """Every treatment of the vocabulary (seed page and REFERENCE §8) is given to someone."""
    assert set(SEED_TREATMENTS) <= COHORT[3]
    assert set(TREATMENTS) == COHORT[3]
