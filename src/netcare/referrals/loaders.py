"""Bulk loader of synthetic referrals (called by `netcare seed`).

Each patient's `PatientHistory.referral` becomes a Referral, converted and linked to the patient,
with flags and priority computed as the submit action does (`referrals.flags`, `priority_for`);
the synthetic symptom codes are mapped to the app's (`SYMPTOMS`). The referral event claims its
timeline entry (see `netcare.patients.loaders`). One COPY.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from netcare.clinical.snapshot import Symptom
from netcare.db import insert_rows, reserve_ids
from netcare.patients.loaders import Collector, Link, noon, publish
from netcare.referrals.actions import priority_for
from netcare.referrals.flags import compute_flags
from netcare.referrals.models import Referral, make_reference

#: Synthetic symptom code → the referral form's code (codes not listed there are dropped).
SYMPTOMS = {"tachycardia": Symptom.FAST_HEARTBEAT.value,
            "hypertension": Symptom.HIGH_BLOOD_PRESSURE.value,
            "hyperglycemia": Symptom.HIGH_BLOOD_SUGAR.value}
_KNOWN = frozenset(Symptom)
FIELDS = ["id", "reference", "source", "first_name", "last_name", "date_of_birth", "phone",
          "email", "reason", "symptoms", "hereditary_syndromes", "family_history_of_net", "flags",
          "flag_urgent", "flag_carcinoid", "flag_genetic", "priority", "status", "patient",
          "created_at", "updated_at", "referring_physician_name"]


def _reason(referral: Any) -> str:
    if referral.incidental:
        return "Neuroendocrine tumor found incidentally on imaging or endoscopy."
    if referral.symptoms:
        return "Symptoms: " + ", ".join(s.replace("_", " ") for s in referral.symptoms) + "."
    return "Referred for assessment of a suspected neuroendocrine tumor."


def load(histories: Sequence[Any], patient_ids: Mapping[str, int],
         into: Collector | None = None) -> None:
    """One converted Referral per patient, its referral event linked to it. One COPY."""
    next_id = reserve_ids(Referral, len(histories))
    computed: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    rows: list[tuple[Any, ...]] = []
    links: dict[tuple[int, int], Link] = {}
    for position, history in enumerate(histories):
        person, referral = history.demographics, history.referral
        symptoms = tuple(dict.fromkeys(
            code for code in (SYMPTOMS.get(s, s) for s in referral.symptoms) if code in _KNOWN))
        syndromes = (referral.hereditary_syndrome,) if referral.hereditary_syndrome else ()
        key = (symptoms, syndromes)
        flagged = computed.get(key)
        if flagged is None:
            flags = compute_flags(symptoms, syndromes)
            codes = {flag.code for flag in flags}
            flagged = computed[key] = (
                json.dumps(list(symptoms)), json.dumps(list(syndromes)),
                json.dumps([{"code": f.code, "label": f.label, "reason": f.reason}
                            for f in flags]),
                "urgent" in codes, "carcinoid" in codes, "genetic" in codes,
                int(priority_for(flags)))
        at = noon(referral.date)
        physician = referral.source == "physician"
        rows.append((
            next_id, make_reference(next_id, referral.date.year),
            "physician" if physician else "self", person.given_name, person.family_name,
            person.birth_date, person.phone, person.email, _reason(referral), flagged[0],
            flagged[1], referral.family_history_of_net, *flagged[2:], "converted",
            patient_ids[person.mrn], at, at,
            f"Synthetic {referral.referring_specialty or 'physician'}" if physician else "",
        ))
        for number, event in enumerate(history.events):
            if event.kind == "referral":
                links[(position, number)] = ("referrals.referral", str(next_id), "")
                break
        next_id += 1
    insert_rows(Referral, FIELDS, rows)
    publish(histories, patient_ids, links, [], into)
