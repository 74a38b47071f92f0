"""The demo program's public pages, written for netcare (plain words, about a 6th-grade level).

Administrators replace them in the admin with their own program's text.
"""

PAGES: list[tuple[str, str, str, str]] = [
    (
        "what-are-nets",
        "What are neuroendocrine tumors?",
        "Tumors that start in cells that make hormones.",
        """Neuroendocrine cells sit in many organs and release hormones into the blood. A
neuroendocrine tumor (NET) starts in one of these cells. Most NETs start in the stomach,
intestines, appendix, rectum or pancreas; some start in the lungs.

Many NETs grow slowly. Some make hormones that cause symptoms; others do not, and are found by
chance on a scan for something else. Some are cancer and can spread, so each one needs a plan
made by specialists.""",
    ),
    (
        "who-is-at-risk",
        "Who is at risk?",
        "Some inherited conditions make NETs more likely.",
        """Most people with a NET have no known cause. A few inherited conditions raise the chance
of getting one:

- Multiple endocrine neoplasia type 1 (MEN1)
- Neurofibromatosis type 1 (NF1)
- Tuberous sclerosis complex (TSC)
- Von Hippel–Lindau syndrome (VHL)
- Familial small-intestine NET (several relatives with NETs of the small bowel)

If one of these runs in your family, tell us: we may offer you a talk with a genetic counsellor.""",
    ),
    (
        "symptoms",
        "Symptoms",
        "Often none for years; sometimes signs that look like other illnesses.",
        """Many NETs cause no symptoms for a long time. When they do, the signs depend on where
the tumor is and which hormones it makes. Tell your doctor if you have:

- Belly pain, cramps, nausea or vomiting that come and go
- Yellow skin or eyes (jaundice)
- Constipation, or diarrhea that does not go away
- Blood from the back passage
- A red, warm face (flushing)
- A fast heartbeat
- Wheezing
- High blood pressure
- High blood sugar or diabetes

Yellow skin or bleeding needs a doctor soon: call us or your own doctor the same day.""",
    ),
    (
        "diagnosis",
        "How we find and measure a NET",
        "Scans, scopes, blood and urine tests, and a tissue sample.",
        """We use several tests together:

- A Ga-68 DOTATATE PET/CT scan: a small amount of a radioactive tracer sticks to NET cells so
  the scanner can show where they are.
- CT and MRI scans, and sometimes a barium X-ray of the gut.
- Endoscopy: a thin camera through the mouth or back passage; an ultrasound endoscope (EUS);
  or a camera capsule you swallow.
- A 24-hour urine test for 5-HIAA, and blood tests such as chromogranin A and other hormones.
- A biopsy: a pathologist looks at the cells, measures how fast they grow (Ki-67) and gives a
  grade.""",
    ),
    (
        "treatments",
        "Treatments",
        "From watching and waiting to surgery, medicines and PRRT.",
        """Your care may include one or more of these:

- Removal through an endoscope (endoscopic mucosal resection)
- Surgery to take out the tumor and nearby lymph nodes
- Monthly injections of a somatostatin analog (octreotide or lanreotide) to calm hormone
  symptoms and slow growth; telotristat for diarrhea that persists
- Peptide receptor radionuclide therapy (PRRT): a drip of a radioactive medicine that finds NET
  cells and treats them from inside
- Treatments aimed at the liver, radiation therapy, hormone therapy, and tablets or
  chemotherapy that slow the tumor""",
    ),
    (
        "tumor-board",
        "Our tumor board",
        "Six kinds of specialists decide your plan together.",
        """Before your plan is made, your case is discussed at our tumor board: a meeting of
surgeons, cancer doctors (medical oncology), digestive-system doctors (gastroenterology),
pathologists, radiologists and nuclear-medicine doctors. They look at your scans, your tests and
your wishes, and agree on the options they recommend. Your own doctor then talks them through
with you.""",
    ),
    (
        "contact",
        "Contact and referrals",
        "How to reach us and how a referral works.",
        """You, or your doctor, can ask us to see you. Call the program during opening hours, or
send a referral with your symptoms and any earlier reports. A nurse navigator reads every
referral, calls you back and books your first visit.""",
    ),
]
