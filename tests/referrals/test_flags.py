"""Referral flags come from the rules core, each with its reason."""

from __future__ import annotations

from netcare.referrals.flags import compute_flags


def test_jaundice_or_rectal_bleeding_is_urgent() -> None:
    """Jaundice alone, or rectal bleeding alone, raises the urgent flag naming the symptom."""
    for symptom, word in (("jaundice", "jaundice"), ("rectal_bleeding", "bleeding")):
        flags = compute_flags([symptom], [])
        assert ["urgent"] == [f.code for f in flags]
        assert word in flags[0].reason


def test_flushing_and_diarrhea_suggest_carcinoid_syndrome_with_5hiaa() -> None:
    """The carcinoid flag lists the symptoms and the tests from the hormone panel."""
    (flag,) = compute_flags(["flushing", "diarrhea"], [])
    assert "carcinoid" == flag.code
    assert "flushing" in flag.reason and "diarrhea" in flag.reason
    assert "5-HIAA" in flag.reason


def test_a_known_syndrome_recommends_genetic_counselling() -> None:
    """MEN1 known in the family → genetic counselling, reason from the hereditary rules."""
    (flag,) = compute_flags([], ["MEN1"])
    assert ("genetic", "suspected MEN1") == (flag.code, flag.reason)


def test_no_symptoms_no_flags() -> None:
    """Constipation alone raises nothing."""
    assert [] == compute_flags(["constipation"], [])



def test_wheezing_and_a_fast_heartbeat_alone_raise_the_carcinoid_flag() -> None:
    """The flag follows the rules core's symptom set, not a copy of it."""
    (flag,) = compute_flags(["wheezing", "fast_heartbeat"], [])
    assert "carcinoid" == flag.code
    assert "wheezing" in flag.reason and "fast heartbeat" in flag.reason
