"""The PRRT course page and the PET request page link each REFERENCE citation to its section
on the clinical sources page."""

from __future__ import annotations

from typing import Any

from django.test import Client

from tests.conftest import PASSWORD
from tests.program.sources_page import citation_links, sections, text


def test_the_course_page_links_section_5_and_each_criterions_source(
    course: Any, theo: Any, client: Client
) -> None:
    """The disclaimer, the bridging table and every criterion's source ("NETTER-1, Strosberg
    et al. … (REFERENCE §5)") link to §5, whose section names NETTER-1 and the FDA label."""
    client.login(username="theo", password=PASSWORD)
    body = client.get(f"/nuclear/patients/{course.patient.pk}/prrt/").content.decode()
    links = citation_links(body)
    criteria = len(course.eligibility["criteria"])
    assert [("reference-5", "REFERENCE §5")] * (criteria + 2) == links
    assert ("NETTER-1, Strosberg et al., N Engl J Med 2017;376:125 (REFERENCE §5)"
            in text(body))
    prrt = sections(client)["reference-5"]
    assert "NETTER-1 (Strosberg et al., N Engl J Med 2017;376:125)" in prrt
    assert "FDA label of lutetium Lu 177 dotatate (Lutathera)" in prrt


def test_the_pet_request_page_links_section_4_naming_the_netspot_label(
    pat_record: Any, theo: Any, client: Client
) -> None:
    """"off long-acting somatostatin analogs about 4 weeks (REFERENCE §4)" links to §4, whose
    section names the NETSPOT label and what is unverified."""
    client.login(username="theo", password=PASSWORD)
    body = client.get(f"/nuclear/patients/{pat_record.pk}/pet/").content.decode()
    assert [("reference-4", "REFERENCE §4")] == citation_links(body)
    assert "about 4 weeks (REFERENCE §4)" in text(body)
    imaging = sections(client)["reference-4"]
    assert "NETSPOT label (Ga-68 DOTATATE)" in imaging
    assert "Verification: unverified" in imaging
