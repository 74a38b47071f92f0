"""Plain-language instructions for patients. The 5-HIAA lists come from the rules core
(netcare.clinical.biomarkers); the PET and PRRT timings follow REFERENCE §4–5."""

from __future__ import annotations

from dataclasses import dataclass

from netcare.clinical.biomarkers import (
    AVOID_HOURS_BEFORE_COLLECTION,
    DRUGS_LOWERING_HIAA,
    DRUGS_RAISING_HIAA,
    FOODS_RAISING_HIAA,
)


@dataclass(frozen=True)
class Instruction:
    slug: str
    title: str
    summary: str
    sections: tuple[tuple[str, tuple[str, ...]], ...]  # (heading, paragraphs or list items)


def _hiaa() -> Instruction:
    food_hours, drug_hours = AVOID_HOURS_BEFORE_COLLECTION
    return Instruction(
        "urine-5-hiaa", "Collecting your urine for the 5-HIAA test",
        "A day-long urine collection. What you eat and some medicines can change the result.",
        (
            ("What the test is", (
                "5-HIAA is a substance your body makes when it breaks down serotonin. Some "
                "neuroendocrine tumors make extra serotonin, so we measure how much 5-HIAA "
                "leaves your body in your urine over one full day (24 hours).",)),
            (f"Foods to leave out for {food_hours} hours before and during the collection",
             FOODS_RAISING_HIAA),
            (f"Medicines and drinks that can change the result ({drug_hours} hours before)",
             DRUGS_RAISING_HIAA + DRUGS_LOWERING_HIAA),
            ("Important", (
                "Do not stop any prescribed medicine on your own. Ask your care team which ones "
                "to pause, if any.",
                "Coffee, tea and tobacco also count: skip them for the same time.",)),
            ("How to collect", (
                "Day 1, morning: pass urine into the toilet as usual and write down the time. "
                "This first urine is not collected.",
                "From then on, collect every drop of urine in the container for 24 hours.",
                "Day 2, at the same time: pass urine one last time into the container. The "
                "collection is complete.",
                "Keep the container cool (in the fridge or on ice) and bring it back as told.",)),
        ),
    )


def _pet() -> Instruction:
    return Instruction(
        "ga68-pet", "Getting ready for your Ga-68 DOTATATE PET scan",
        "A scan that shows where tumor cells with somatostatin receptors are.",
        (
            ("What happens", (
                "A small amount of a radioactive tracer is injected into a vein. About 40 to 90 "
                "minutes later you lie on the scanner table for the pictures, which takes about "
                "30 to 45 minutes.",)),
            ("If you take octreotide or lanreotide (somatostatin analogs)", (
                "These medicines use the same receptors as the tracer and can make the scan "
                "less clear.",
                "Long-acting injections (for example octreotide LAR or lanreotide): we usually "
                "plan the scan shortly before your next injection is due — about 4 weeks after "
                "the last one.",
                "Short-acting octreotide injections: usually stopped for 24 hours before the "
                "scan.",
                "Your care team will tell you the exact plan. Do not change your medicine "
                "unless they ask you to.",)),
            ("On the day", (
                "Eat and drink as usual unless told otherwise, and drink plenty of water after "
                "the scan.",
                "Tell us if you are or could be pregnant, or are breastfeeding.",)),
        ),
    )


def _prrt() -> Instruction:
    return Instruction(
        "prrt-safety", "Staying safe after your PRRT (Lutathera) treatment",
        "For a few days after treatment your body gives off some radiation. Simple steps "
        "protect the people around you.",
        (
            ("Before treatment", (
                "Long-acting somatostatin analog injections are stopped at least 4 weeks before "
                "each treatment; short-acting octreotide up to 24 hours before. Your team plans "
                "this with you.",
                "On the day you receive an amino acid drip to protect your kidneys, and "
                "medicine against nausea.",)),
            ("At home, for the first days (your team gives you the exact number)", (
                "Sleep in a separate bed, at least 2 metres (6 feet) from others.",
                "Keep your distance from children and anyone who is pregnant; avoid close "
                "contact such as hugging or holding children on your lap.",
                "Sit down to use the toilet, flush twice, and wash your hands well.",
                "Drink plenty of fluids and pass urine often.",
                "Wash your clothes and towels separately from others.",)),
            ("Call us", (
                "If you have a fever, unusual bleeding or bruising, or you cannot drink or keep "
                "fluids down.",)),
        ),
    )


INSTRUCTIONS: dict[str, Instruction] = {i.slug: i for i in (_hiaa(), _pet(), _prrt())}
