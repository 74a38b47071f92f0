"""Each source the case summary cites links to its section on the clinical sources page, and
that section names the section's primary sources; the PDF keeps the text and prints the page's
address, its links opening the page."""

from __future__ import annotations

from typing import Any

from django.test import Client

from netcare.clinical import sources
from netcare.clinical.sources import SECTIONS
from netcare.tumorboard import actions
from netcare.tumorboard.models import BoardCase
from netcare.tumorboard.summary import case_summary
from tests.conftest import PASSWORD
from tests.program.sources_page import citation_links, sections, text

BY_ANCHOR = {s.anchor: s for s in SECTIONS}
# Every citation decision support writes, and one stored before a wording changed.
STORED_SOURCES = [
    sources.GRADE, sources.STAGE, sources.MARKERS, sources.SSTR, sources.PRRT, sources.NETTER2,
    sources.HEREDITARY, sources.GASTRIC, sources.DUODENUM, sources.SSA, sources.NEC,
    sources.SURVEILLANCE, sources.LIVER_DIRECTED, sources.NETTER1_TRIAL,
    "REFERENCE §5 (NETTER-1 label era; older wording)",
]


def _summary_links(client: Client, case: BoardCase) -> list[tuple[str, str]]:
    body = client.get(f"/board/cases/{case.pk}/").content.decode()
    options = body.split('id="ds-heading"', 1)[1]
    return citation_links(options)


def _assert_each_link_names_its_sections_sources(
    client: Client, links: list[tuple[str, str]]
) -> dict[str, str]:
    shown = sections(client)
    for anchor, label in links:
        cited = BY_ANCHOR[anchor]
        assert label.lower().startswith(cited.label.lower()), (anchor, label)
        assert anchor in shown, anchor
        for source in (*cited.primary_sources, *cited.also_cited):
            assert source.name in shown[anchor], (anchor, source.name)
        if not cited.primary_sources and cited.key != sources.OUTSIDE:
            assert "REFERENCE names no primary source for this section" in shown[anchor]
    return shown


def test_each_source_of_the_live_summary_links_to_a_section_naming_its_primary_sources(
    client: Client, meeting: Any, nora: Any, sam: Any, board_patient: Any
) -> None:
    """Every "REFERENCE §N" under "Source:" is a link to /sources/#reference-N, whose section
    names the primary sources of §N."""
    case = actions.submit_case(meeting, board_patient, "Next step?", by=nora)
    client.login(username="sam", password=PASSWORD)
    links = _summary_links(client, case)
    assert links
    options = case_summary(case)["decision_support"]["options"]
    cited = [section.anchor for option in options for source in option["sources"]
             for section in sources.cited_sections(source)]
    assert cited == [anchor for anchor, _ in links]
    _assert_each_link_names_its_sections_sources(client, links)


def test_a_presented_summary_links_every_stored_citation_to_its_section(
    client: Client, meeting: Any, nora: Any, cora: Any, sam: Any, board_patient: Any
) -> None:
    """The stored options of a presented case cite §1-§9 and rules outside REFERENCE; each
    citation links to its section: NETTER-1 to §5 (the trial, its journal, the FDA label), the
    liver-directed option to "Not in REFERENCE", which lists it as unverified."""
    case = actions.present_case(actions.submit_case(meeting, board_patient, "Q", by=nora),
                                by=cora)
    stored = dict(case.decision_support)
    stored["options"] = [
        {"code": f"stored_{n}", "title": f"Stored option {n}", "kind": "treatment",
         "rationale": "as presented", "sources": [source], "would_not_apply_if": []}
        for n, source in enumerate(STORED_SOURCES)]
    BoardCase.objects.filter(pk=case.pk).update(decision_support=stored)
    client.login(username="sam", password=PASSWORD)
    links = _summary_links(client, case)
    assert {f"reference-{n}" for n in range(1, 10)} | {"not-in-reference"} == {
        anchor for anchor, _ in links}
    shown = _assert_each_link_names_its_sections_sources(client, links)
    assert "NETTER-1 (Strosberg et al., N Engl J Med 2017;376:125)" in shown["reference-5"]
    assert "FDA label of lutetium Lu 177 dotatate (Lutathera)" in shown["reference-5"]
    assert "Verification: unverified" in shown["not-in-reference"]
    assert "Liver-directed therapy for liver-dominant disease" in shown["not-in-reference"]
    body = text(client.get(f"/board/cases/{case.pk}/").content.decode())
    assert f"Source: {sources.NEC}" in body  # the text reads as before, links aside


def test_the_pdf_keeps_the_citations_as_text_and_prints_the_sources_address(
    client: Client, meeting: Any, nora: Any, board_patient: Any
) -> None:
    """The PDF's text cites "REFERENCE §" and gives the sources page's full address; its
    citation links open that page's sections."""
    from netcare.tumorboard.pdf import document_text, render_document
    from netcare.tumorboard.views import _summary_context

    case = actions.submit_case(meeting, board_patient, "Next step?", by=nora)
    client.login(username="nora", password=PASSWORD)
    assert b"%PDF" == client.get(f"/board/cases/{case.pk}/pdf/").content[:4]
    document = render_document({**_summary_context(case),
                                "sources_url": "https://netcare.example.org/sources/"})
    printed = " ".join(document_text(document).split())
    assert "Source: REFERENCE §" in printed
    assert ("What each cited REFERENCE section is (its primary sources, and what is still "
            "unverified):") in printed
    # The address may wrap at the end of a line of the PDF.
    assert "unverified):https://netcare.example.org/sources/" in "".join(printed.split())
    targets = {link[1] for page in document.pages for link in page.links}
    assert targets
    assert all(t.startswith("https://netcare.example.org/sources/#reference-") for t in targets)
