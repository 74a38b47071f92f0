"""Every citation netcare renders names a REFERENCE section (or says it is outside REFERENCE)
that the sources module describes, and the options cite only sections that list them."""

from __future__ import annotations

import pytest
from tests.clinical.test_decision_support_scenarios import SCENARIOS

from netcare.clinical import sources
from netcare.clinical.decision_support import options_for
from netcare.clinical.prrt import CRITERIA
from netcare.clinical.sources import OUTSIDE, SECTIONS, Status, cited_sections, pieces, section

CITATIONS = {
    name: value for name, value in vars(sources).items()
    if name.isupper() and isinstance(value, str) and name not in ("VERIFICATION_RECORD", "OUTSIDE")
}


def _keys(text: str) -> list[str]:
    return [cited.key for cited in cited_sections(text)]


def test_every_citation_constant_cites_a_section_the_module_describes() -> None:
    """Each citation string cites at least one described section."""
    assert len(CITATIONS) >= 30
    for name, text in CITATIONS.items():
        assert _keys(text), name


def test_a_citation_names_each_of_its_sections() -> None:
    """NEC cites §8 and §1; the duodenal options cite §2 and what REFERENCE §7 lacks; the
    liver-directed option is outside REFERENCE; an AJCC chapter cites §2."""
    assert ["8", "1"] == _keys(sources.NEC)
    assert ["2", OUTSIDE] == _keys(sources.DUODENUM)
    assert [OUTSIDE] == _keys(sources.LIVER_DIRECTED)
    assert ["2"] == _keys(sources.ajcc_chapter(31))
    assert ["5"] == _keys(sources.NETTER1_TRIAL)


def test_lists_and_ranges_of_sections_cite_each_number() -> None:
    """"REFERENCE §4-5", "§4, §5" and "§1 and §8" cite both; the pieces join back to the text."""
    for text, keys in (
        ("SSA washout (REFERENCE §4-5)", ["4", "5"]),
        ("REFERENCE §4-§5, see above", ["4", "5"]),
        ("as in REFERENCE §4, §5.", ["4", "5"]),
        ("REFERENCE §1 and §8", ["1", "8"]),
        ("(REFERENCE §5, 2018 label)", ["5"]),
        ("not in reference §9.", [OUTSIDE]),
    ):
        assert keys == _keys(text), text
        assert text == "".join(piece for piece, _ in pieces(text))


def test_text_without_a_known_section_has_no_citation() -> None:
    """A section REFERENCE lacks, or no section at all, stays plain text."""
    assert () == cited_sections("REFERENCE §12 (nothing)")
    assert (("REFERENCE §12", None),) == pieces("REFERENCE §12")
    assert () == pieces("")
    assert (("plain", None),) == pieces("plain")


def test_a_citation_is_cut_at_its_section_label() -> None:
    """Only "REFERENCE §8" and "REFERENCE §1" are citations; the rest stays text."""
    assert (
        ("REFERENCE §8", section("8")),
        (" (platinum-etoposide for NEC); ", None),
        ("REFERENCE §1", section("1")),
        (" (NEC definition)", None),
    ) == pieces(sources.NEC)


def test_sections_have_stable_anchors_labels_and_a_status() -> None:
    """§0-§9 and the entry outside REFERENCE, each with its own anchor; every section REFERENCE
    asks to verify is unverified, and so is the entry outside REFERENCE."""
    assert [str(n) for n in range(10)] + [OUTSIDE] == [s.key for s in SECTIONS]
    assert ("reference-5", "REFERENCE §5") == (section("5").anchor, section("5").label)
    assert ("not-in-reference", "Not in REFERENCE") == (
        section(OUTSIDE).anchor, section(OUTSIDE).label)
    assert len({s.anchor for s in SECTIONS}) == len(SECTIONS)
    for described in SECTIONS:
        if described.reference_asks:
            assert Status.UNVERIFIED is described.status, described.key
    assert Status.UNVERIFIED is section(OUTSIDE).status
    assert Status.NO_OPEN_POINT is section("0").status
    with pytest.raises(KeyError):
        section("10")


def test_the_prrt_criteria_cite_section_5() -> None:
    """Each PRRT criterion's source cites REFERENCE §5."""
    for criterion in CRITERIA:
        assert ["5"] == _keys(criterion.source), criterion.key


def test_each_section_lists_the_options_that_cite_it() -> None:
    """Over every decision-support scenario, an option citing a section is listed by it."""
    seen: set[tuple[str, str]] = set()
    for param in SCENARIOS:
        case = param.values[0]  # type: ignore[attr-defined]
        for option in options_for(case.snapshot).options:
            for text in option.sources:
                for cited in cited_sections(text):
                    seen.add((option.code, cited.key))
    missing = sorted((code, key) for code, key in seen if code not in section(key).option_codes)
    assert [] == missing
    assert len({code for code, _ in seen}) >= 35
