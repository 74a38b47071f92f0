"""Labels read as words: the admin's model names and every form label say "PET scans",
"Imaging studies", "Ki-67 (%)" and "SUVmax" — never a field name, "Pet scans" or "studys"."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client
from django.urls import reverse

# Written in capitals (or with their digits) wherever people read them. A unit in parentheses
# ("Size (cm)") is how a label gives its unit; the same word bare ("size cm") is a field name.
ABBREVIATIONS = {"id", "pet", "prrt", "api", "ct", "mri", "sstr", "suv", "suvmax", "ssa",
                 "lar", "gbq", "kg", "cm", "mm", "ml", "ki67", "sha256", "2mm2", "cu64",
                 "ga68", "ge68", "net", "ecog", "uln", "mrn"}


def _netcare_models() -> list[Any]:
    return [m for m in apps.get_models() if m.__module__.startswith("netcare.")]


def _awkward(label: str) -> list[str]:
    """What reads as a code in `label`: underscores, lower-case abbreviations, bare units."""
    problems = ["underscore"] if "_" in label else []
    words = re.findall(r"[A-Za-z0-9²]+", re.sub(r"\([^)]*\)", "", label))
    problems += [w for w in words if w in ABBREVIATIONS]
    return problems


def test_model_names_and_plurals_are_english() -> None:
    """No "studys", "entrys" or "endoscopys"; abbreviations in capitals ("PET scan")."""
    wrong = {}
    for model in _netcare_models():
        for name in (str(model._meta.verbose_name), str(model._meta.verbose_name_plural)):
            problems = _awkward(name)
            if re.search(r"[^aeiou]ys$", name) or name.endswith("sss"):
                problems.append("plural")
            if problems:
                wrong[model._meta.label] = (name, problems)
    assert {} == wrong


def test_field_labels_are_words_not_field_names() -> None:
    """Every field of every netcare model: "Ki-67 (%)", "Liver SUVmax", "Size (mm)"."""
    wrong = {}
    for model in _netcare_models():
        for field in model._meta.get_fields():
            if field.auto_created or not field.concrete:
                continue
            problems = _awkward(str(field.verbose_name))
            if problems:
                wrong[f"{model._meta.label}.{field.name}"] = (str(field.verbose_name), problems)
    assert {} == wrong


def test_the_pathology_and_pet_forms_use_the_labels_pathologists_write(db: Any) -> None:
    """The result forms take their labels from the models: the values a pathologist and a
    nuclear-medicine reader would type against."""
    from netcare.workup.forms import LesionFormSet, result_form_class

    pathology = result_form_class("pathology")()
    labels = {name: str(field.label) for name, field in pathology.fields.items()}
    assert ("Ki-67 (%)", "Mitoses per 2 mm²", "Size (cm)", "Mesenteric mass (cm)") == (
        labels["ki67_percent"], labels["mitoses_per_2mm2"], labels["size_cm"],
        labels["mesenteric_mass_cm"])
    pet = result_form_class("pet")()
    assert ("Liver SUVmax", "Spleen SUVmax") == (
        str(pet.fields["liver_suvmax"].label), str(pet.fields["spleen_suvmax"].label))
    lesion = LesionFormSet(prefix="lesions").forms[0]
    assert ("Size (mm)", "SUVmax") == (str(lesion.fields["size_mm"].label),
                                       str(lesion.fields["suv_max"].label))


@pytest.mark.parametrize("kind", ["pet", "imaging", "endoscopy", "lab", "pathology",
                                  "assessment"])
def test_no_result_form_label_is_a_field_name(kind: str, db: Any) -> None:
    """Each result form, label by label."""
    from netcare.workup.forms import result_form_class

    form = result_form_class(kind)()
    assert {} == {name: str(f.label) for name, f in form.fields.items()
                  if _awkward(str(f.label))}


def test_the_admin_names_every_model_in_words(client: Client, ada: Any) -> None:
    """The index lists "Audit entries", "Program pages", "Clinician availability"; each list
    page is titled "Select audit entry to view" style, with no underscore or "entrys"
    anywhere."""
    client.force_login(ada)
    index = client.get("/admin/").content.decode()
    for name in ("Audit entries", "Program pages", "Clinician availability", "Users"):
        assert f">{name}<" in index, name
    for wrong in ("Audit entrys", "Clinician availabilitys", "Program settingss"):
        assert wrong not in index, wrong
    titles = {}
    for model in admin.site._registry:
        if not model.__module__.startswith("netcare."):
            continue
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        # The program's one settings row opens straight on its change page.
        page = client.get(url, follow=True).content.decode()
        title = re.search(r"<h1>(.*?)</h1>", page, re.S)
        assert title is not None, url
        titles[model._meta.label] = title[1].strip()
    assert "Select audit entry to view" == titles["audit.AuditEntry"]
    assert "Select program page to change" == titles["program.ProgramPage"]
    named = {label: re.sub(r"^(Select|Change|View) | to (view|change)$", "", t)
             for label, t in titles.items()}
    assert {} == {label: t for label, t in named.items() if "studys" in t or _awkward(t)}


def test_the_workup_page_offers_results_by_their_names(client: Client, sam: Any,
                                                       pat_record: Any) -> None:
    """"Record a result" links read "PET scan", "imaging study" — not `pet`, `imaging`."""
    client.force_login(sam)
    page = client.get(f"/workup/patients/{pat_record.pk}/").content.decode()
    links = re.findall(r'href="/workup/patients/\d+/(\w+)/new/">([^<]+)</a>', page)
    assert [("pet", "PET scan"), ("imaging", "imaging study"), ("endoscopy", "endoscopy"),
            ("lab", "lab result"), ("assessment", "clinical assessment")] == links
    assert "<h2 id=\"res-pet\">PET scans</h2>" in page


# -- the tumor board's pages ----------------------------------------------------------------------

#: Abbreviations that are codes when written in lower case in a page's text (units such as
#: "cm" are words after a number: "1.6 cm").
CODE_ABBREVIATIONS = {"prrt", "lar", "ssa", "sstr", "pet", "ct", "mri", "ecog", "emr", "net",
                      "mrn", "uln"}


def _labels_of_codes() -> dict[str, str]:
    """Every code a netcare model stores with a label, {code: label}; where two fields label a
    code differently, the label that is not the code itself ("Octreotide LAR", not "octreotide
    lar")."""
    labels: dict[str, str] = {}
    for model in _netcare_models():
        for field in model._meta.get_fields():
            for code, label in getattr(field, "flatchoices", None) or ():
                if isinstance(code, str) and code and (
                        code not in labels or labels[code] in (code, code.replace("_", " "))):
                    labels[code] = str(label)
    return labels


def _page_text(html: str) -> str:
    """What a reader sees of `html`'s main content: tags, addresses and scripts left out."""
    import html as html_module

    main = html.split("<main", 1)[-1].split("</main>", 1)[0]
    main = re.sub(r"<(script|style)\b.*?</\1>", " ", main, flags=re.S)
    text = html_module.unescape(re.sub(r"<[^>]+>", "\n", main))
    return re.sub(r"https?://\S+", " ", text)


#: Words a page writes for a missing or empty value, whatever code shares their spelling.
PLACEHOLDERS = {"none", "unknown", "yes", "no"}


def _codes_shown(html: str, labels: dict[str, str], codes: set[str]) -> list[str]:
    """What reads as a code in a page: one of `codes` as stored ("surveillance_after_resection");
    a stored code with underscores, as stored or with spaces, where its label differs
    ("jejunum ileum", "medical_oncology"); a table cell, term or option that is a bare code while
    its label differs ("surgery" for "Surgery", "captem"); a code abbreviation in lower case
    ("prrt")."""
    text = _page_text(html)
    found = [code for code in codes if re.search(rf"\b{re.escape(code)}\b", text)]
    for code, label in labels.items():
        spaced = code.replace("_", " ")
        if "_" in code and (re.search(rf"\b{re.escape(code)}\b", text)
                            or (spaced != label and re.search(rf"\b{re.escape(spaced)}\b",
                                                              text))):
            found.append(code)
    cells = re.findall(r"<(td|dd|option|li)\b[^>]*>([^<]*)</\1>", html)
    found += [cell.strip() for _, cell in cells if cell.strip() not in PLACEHOLDERS
              and cell.strip() in labels and labels[cell.strip()] != cell.strip()]
    found += [w for w in re.findall(r"[a-z0-9]+", text) if w in CODE_ABBREVIATIONS]
    return sorted(set(found))


@pytest.fixture
def board_pages(client: Client, cora: Any, nora: Any, sam: Any, pat_record: Any) -> dict[str, str]:
    """A small-intestinal NET after surgery (well differentiated, margin R0), on octreotide
    LAR, on a board that lacks its quorum: the case summary, its print version, and the live
    view twice (its recommendation recorded as octreotide LAR; another case waiting for
    one)."""
    from datetime import date, time, timedelta

    from netcare.patients.models import Patient
    from netcare.treatments.models import Treatment
    from netcare.tumorboard import actions
    from netcare.tumorboard.pdf import render_html
    from netcare.tumorboard.views import _summary_context
    from netcare.tumors.models import Tumor
    from netcare.workup.dates import program_today
    from netcare.workup.models import PathologyReport

    series = actions.create_series(
        {"name": "NET board", "weekday": 2, "local_time": time(7, 30), "case_cap": 3,
         "cutoff_hours": 48, "virtual_link": "https://meet.example.org/net-board"},
        by=cora, weeks=1, start_on=program_today() + timedelta(days=7))
    meeting = series.meetings.get()
    Tumor.objects.create(patient=pat_record, site="jejunum_ileum", category="NET", grade="G2",
                         t="T3", n="N1", m="M0", stage="III", size_cm=2.1)
    PathologyReport.objects.create(patient=pat_record, performed_on=date(2024, 3, 4),
                                   site="jejunum_ileum", specimen="resection",
                                   histology="Neuroendocrine tumor", differentiation="well",
                                   ki67_percent=5, margins="negative")
    Treatment.objects.create(patient=pat_record, kind="surgery", start_on=date(2024, 3, 4),
                             end_on=date(2024, 3, 4), status="completed")
    Treatment.objects.create(patient=pat_record, kind="octreotide_lar", interval_days=28,
                             start_on=date(2024, 5, 6), best_response="stable_disease")
    other = Patient.objects.create(mrn="NC0000002", first_name="Olga", last_name="Other",
                                   date_of_birth=date(1970, 1, 1), sex="female")
    decided = actions.present_case(actions.submit_case(meeting, pat_record, "Next step?",
                                                       by=nora), by=cora)
    waiting = actions.present_case(actions.submit_case(meeting, other, "Next step?", by=nora),
                                   by=cora)
    actions.record_recommendation(decided, {
        "follow_up_kind": "treatment", "treatment_kind": "octreotide_lar", "urgency": "routine",
        "owner": sam, "due_on": program_today() + timedelta(days=30), "text": "Continue.",
        "option_code": decided.decision_support["options"][0]["code"]}, by=cora)
    client.force_login(cora)
    live = f"/board/meetings/{meeting.pk}/live/"
    decided.refresh_from_db()
    return {
        "case summary": client.get(f"/board/cases/{decided.pk}/").content.decode(),
        "print": render_html(_summary_context(decided)),
        "live, decided": client.get(f"{live}?case={decided.pk}").content.decode(),
        "live, waiting": client.get(f"{live}?case={waiting.pk}").content.decode(),
    }


def test_the_board_pages_show_words_not_codes(board_pages: dict[str, str]) -> None:
    """Site, treatments, the quorum's disciplines, the options' headings and the
    recommendation's treatment: "jejunum/ileum", "Surgery", "Medical oncology", "Octreotide
    LAR" — not `jejunum ileum`, `surgery`, `medical_oncology`, `octreotide lar`, `prrt`."""
    from netcare.tumorboard.models import BoardCase

    labels = _labels_of_codes()
    options = {o["code"] for case in BoardCase.objects.exclude(decision_support__isnull=True)
               for o in case.decision_support["options"]}
    assert {} == {page: shown for page, html in board_pages.items()
                  if (shown := _codes_shown(html, labels, options))}
    summary = _page_text(board_pages["case summary"])
    assert "Diagnosis: jejunum/ileum, WHO grade G2, stage III" in " ".join(summary.split())
    for page in ("case summary", "print"):
        text = " ".join(_page_text(board_pages[page]).split())
        assert "Differentiation Well differentiated" in text
        assert "Margin Negative (R0)" in text
    live = " ".join(_page_text(board_pages["live, decided"]).split())
    assert "No quorum — missing: Surgery, Medical oncology, Gastroenterology" in live
    assert "Treatment: Octreotide LAR" in live
