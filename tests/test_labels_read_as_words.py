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
