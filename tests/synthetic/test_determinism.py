"""Determinism and chunking of the cohort generator."""

from __future__ import annotations

from netcare.synthetic import DEFAULT_CONFIG, generate, generate_patient


def test_it_gives_the_same_records_for_the_same_seed() -> None:
    """Two runs with one seed yield equal histories, record for record."""
    first = list(generate(DEFAULT_CONFIG, 300, 7))
    second = list(generate(DEFAULT_CONFIG, 300, 7))
    assert first == second


def test_it_gives_different_records_for_another_seed() -> None:
    """Another seed changes the cohort (nearly every patient differs)."""
    a = list(generate(DEFAULT_CONFIG, 200, 7))
    b = list(generate(DEFAULT_CONFIG, 200, 8))
    same = sum(x == y for x, y in zip(a, b, strict=True))
    assert same == 0


def test_it_gives_the_same_patients_in_chunks() -> None:
    """Chunks made with start_index concatenate to the single run.

    Patient i depends only on (seed, i).
    """
    whole = list(generate(DEFAULT_CONFIG, 500, 3))
    chunks = [
        *generate(DEFAULT_CONFIG, 120, 3),
        *generate(DEFAULT_CONFIG, 250, 3, start_index=120),
        *generate(DEFAULT_CONFIG, 130, 3, start_index=370),
    ]
    assert whole == chunks
    assert whole[42] == generate_patient(DEFAULT_CONFIG, 3, 42)


def test_it_numbers_mrns_from_the_index() -> None:
    """The MRN is NC + 7 digits of the patient index, so chunks never collide."""
    patients = list(generate(DEFAULT_CONFIG, 3, 1, start_index=1234))
    assert [p.demographics.mrn for p in patients] == ["NC0001234", "NC0001235", "NC0001236"]


def test_it_reports_progress() -> None:
    """The progress hook is called every N patients and once at the end."""
    calls: list[tuple[int, int]] = []
    for _ in generate(
        DEFAULT_CONFIG, 25, 1, progress=lambda d, t: calls.append((d, t)), progress_every=10
    ):
        pass
    assert calls == [(10, 25), (20, 25), (25, 25)]
