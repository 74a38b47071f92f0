"""Referral changes: submit, triage (status, priority, assignment), convert to a patient.

Views, the API, loaders' tests and the tests call these; each runs in one transaction, validates,
appends the status history and writes the audit entry.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable, Collection, Iterable
from datetime import date, timedelta
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Sum
from django.http import HttpRequest
from django.utils import timezone

from netcare.accounts.models import Role
from netcare.audit import codes
from netcare.audit.log import client_address, record
from netcare.clinical.hereditary import HereditarySyndrome
from netcare.clinical.snapshot import Symptom
from netcare.patients.actions import DuplicatePatientError, register_patient
from netcare.patients.models import Patient, TimelineEntry, TimelineKind
from netcare.referrals.flags import compute_flags
from netcare.referrals.models import (
    HeldDocument,
    Priority,
    Referral,
    ReferralDocument,
    ReferralSource,
    ReferralStatus,
    ReferralStatusChange,
    make_reference,
)
from netcare.referrals.spam import MAX_AGE_SECONDS
from netcare.referrals.uploads import (
    HELD_FOLDER,
    MAX_FILES,
    check_upload,
    held_caps,
    private_storage,
)
from netcare.validators import date_of_birth_problem, phone_problem

UNCHANGED: Any = object()

REFERRAL_FIELDS = (
    "source", "first_name", "last_name", "date_of_birth", "phone", "email",
    "preferred_contact_times", "reason", "symptoms", "hereditary_syndromes",
    "family_history_of_net", "family_history_details", "referring_physician_name",
    "referring_practice", "referring_phone",
)


def priority_for(flags: Iterable[Any]) -> Priority:
    """Urgent flag → urgent; possible carcinoid syndrome → soon; otherwise routine."""
    codes_ = {flag.code for flag in flags}
    if "urgent" in codes_:
        return Priority.URGENT
    if "carcinoid" in codes_:
        return Priority.SOON
    return Priority.ROUTINE


def _check_choices(data: dict[str, Any]) -> None:
    bad = [s for s in data.get("symptoms", []) if s not in Symptom.__members__.values()]
    if bad:
        raise ValidationError({"symptoms": f"unknown symptom(s): {', '.join(map(str, bad))}"})
    bad = [s for s in data.get("hereditary_syndromes", [])
           if s not in HereditarySyndrome.__members__.values()]
    if bad:
        raise ValidationError(
            {"hereditary_syndromes": f"unknown syndrome(s): {', '.join(map(str, bad))}"}
        )
    if not (data.get("phone") or data.get("email")):
        raise ValidationError({"phone": "give a phone number or an email address"})
    # The form and the API check these first, by the field; here for every other caller.
    born = data.get("date_of_birth")
    problem = date_of_birth_problem(born) if isinstance(born, date) else None
    if problem:
        raise ValidationError({"date_of_birth": problem})
    for field in ("phone", "referring_phone"):
        problem = phone_problem(str(data.get(field) or ""))
        if problem:
            raise ValidationError({field: problem})


class AlreadySubmittedError(Exception):
    """The sending was stored before, as `referral`; nothing new was stored."""

    def __init__(self, referral: Referral) -> None:
        super().__init__(f"already stored as {referral.reference}")
        self.referral = referral


class NotAdmittedError(Exception):
    """`submit_referral`'s `admit` refused the referral; nothing was stored."""


def _referral_values(data: dict[str, Any]) -> dict[str, Any]:
    values = {key: data[key] for key in REFERRAL_FIELDS if key in data}
    values["symptoms"] = sorted(set(values.get("symptoms", [])))
    values["hereditary_syndromes"] = sorted(set(values.get("hereditary_syndromes", [])))
    return values


def _sender(by: Any) -> Any:
    return by if by is not None and getattr(by, "is_authenticated", False) else None


def submission_key(data: dict[str, Any], *, by: Any, once: str) -> str:
    """The key a referral sent with the one-time token `once` is stored under ("" without a
    token): a digest of the token, the sender and the referral's details.

    The details are part of it so that a form sent again *changed* (Back after the
    confirmation, another patient's name typed in) is a referral of its own rather than
    silently answered with the first one; sent again unchanged it is the same sending.
    """
    if not once:
        return ""
    sender = _sender(by)
    content = json.dumps([once, sender.pk if sender else None, _referral_values(data)],
                         sort_keys=True, default=str)
    return hashlib.sha256(content.encode()).hexdigest()


def earlier_submission(data: dict[str, Any], *, by: Any, once: str) -> Referral | None:
    """The referral this sending (see `submission_key`) already stored, or None."""
    return _stored_under(submission_key(data, by=by, once=once))


def _stored_under(key: str) -> Referral | None:
    return Referral.objects.filter(submission_key=key).first() if key else None


def submit_referral(
    data: dict[str, Any], files: Iterable[Any] = (), *, by: Any,
    request: HttpRequest | None = None, once: str = "",
    admit: Callable[[], bool] | None = None, held_for: str = "",
    remove_held: Collection[int] = (),
) -> Referral:
    """Create a referral with computed flags and priority, and store its checked documents.

    `by` is the submitting user, or None for an anonymous public referral. Raises
    ValidationError (by field) for unknown symptoms/syndromes, missing contact, bad files.

    `once`: the one-time token of the sending (the rendered form's, an API Idempotency-Key).
    When the same sending (`submission_key`) stored a referral already, even one that commits
    while this call runs, raises AlreadySubmittedError naming it, with nothing stored: no
    second referral, files or audit entry. The database's unique key decides between
    simultaneous sendings.

    `admit`, when given, is called once this sending has claimed its key (so never for a
    sending stored before) and before anything else is written; False refuses the referral
    with NotAdmittedError, nothing stored. (The public form counts its per-address allowance
    here, so the second of two simultaneous sendings counts nothing.)

    `held_for`: the one-time token of the form sent (as `once`), whose held documents
    (`keep_documents`) are stored with the referral too — before `files`, and once only when
    a file of `files` has the same content — except those whose ids are in `remove_held`,
    which are deleted; none is held for the form afterwards. ValidationError on "documents"
    when they went meanwhile (stored with another referral from the same form).
    """
    files = list(files)
    values = _referral_values(data)
    key = submission_key(values, by=by, once=once)
    earlier = _stored_under(key)
    if earlier is not None:
        raise AlreadySubmittedError(earlier)
    kinds = []
    for upload in files:
        try:
            kinds.append(check_upload(upload))
        except ValidationError as error:
            raise ValidationError({"documents": error.messages}) from None
    digests = [_sha256(upload) for upload in files]
    held = held_documents(held_for)
    dropped = [h for h in held if h.pk in remove_held or h.sha256 in digests]
    held = [h for h in held if h not in dropped]
    if len(files) + len(held) > MAX_FILES:
        raise ValidationError({"documents": f"at most {MAX_FILES} files"})
    _check_choices(values)
    uploads = [_Upload(u, kind, digest) for u, kind, digest in zip(files, kinds, digests,
                                                                    strict=True)]
    try:
        return _store(values, uploads, held, dropped, key=key, by=by, request=request,
                      admit=admit)
    except IntegrityError:
        # The other sending's transaction committed first (this INSERT waited for it).
        earlier = _stored_under(key)
        if earlier is None:
            raise
        raise AlreadySubmittedError(earlier) from None


class _Upload(NamedTuple):
    file: Any
    kind: str
    sha256: str


def _sha256(upload: Any) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _store(values: dict[str, Any], uploads: list[_Upload], held: list[HeldDocument],
           dropped: list[HeldDocument], *, key: str, by: Any, request: HttpRequest | None,
           admit: Callable[[], bool] | None) -> Referral:
    flags = compute_flags(values["symptoms"], values["hereditary_syndromes"])
    sender = _sender(by)
    with transaction.atomic():
        referral = Referral(
            **values,
            submitted_by=sender,
            flags=[{"code": f.code, "label": f.label, "reason": f.reason} for f in flags],
            flag_urgent=any(f.code == "urgent" for f in flags),
            flag_carcinoid=any(f.code == "carcinoid" for f in flags),
            flag_genetic=any(f.code == "genetic" for f in flags),
            priority=priority_for(flags),
            submission_key=key,
        )
        # The key's uniqueness is the INSERT's to decide (checking it here could race).
        referral.full_clean(exclude=["reference", "submission_key"])
        referral.save()
        if admit is not None and not admit():
            raise NotAdmittedError
        referral.reference = make_reference(referral.pk, timezone.localdate(
            referral.created_at, timezone=_zone()).year)
        referral.save(update_fields=["reference"])
        ReferralStatusChange.objects.create(
            referral=referral, from_status="", to_status=ReferralStatus.NEW,
            by=sender, reason="submitted",
        )
        released = HeldDocument.objects.filter(pk__in=[h.pk for h in [*held, *dropped]])
        if released.delete()[0] != len(held) + len(dropped):
            raise ValidationError({"documents": "The documents kept with this form were sent "
                                                "with another referral meanwhile; attach them "
                                                "again to send them with this one."})
        _forget_files_on_commit([h.file.name for h in [*held, *dropped]])
        for kept in held:
            with kept.file.open("rb") as content:
                _store_document(referral, content, name=kept.original_name, kind=kept.kind,
                                size=kept.size, sha256=kept.sha256)
        for upload in uploads:
            _store_document(referral, upload.file, name=upload.file.name or "",
                            kind=upload.kind, size=upload.file.size, sha256=upload.sha256)
        record(request, codes.REFERRAL_SUBMITTED, user=by, obj=referral,
               detail={"reference": referral.reference, "source": referral.source,
                       "flags": [f.code for f in flags],
                       "documents": len(held) + len(uploads)})
    return referral


def _store_document(referral: Referral, content: Any, *, name: str, kind: str, size: int,
                    sha256: str) -> None:
    document = ReferralDocument(referral=referral, original_name=name[-200:], kind=kind,
                                size=size, sha256=sha256)
    document.file.save(f"{referral.reference}-{kind}", content, save=False)
    document.save()


# --- Documents held for a referral form sent back (see models.HeldDocument) ---


def _token_digest(once: str) -> str:
    return hashlib.sha256(once.encode()).hexdigest()


def held_documents(once: str) -> list[HeldDocument]:
    """The documents held for the form with the one-time token `once` (none without a token),
    oldest first; expired ones are not, even before they are deleted."""
    if not once:
        return []
    return list(HeldDocument.objects.filter(token_digest=_token_digest(once),
                                            expires_at__gt=timezone.now()))


class Kept(NamedTuple):
    """What `keep_documents` did: the documents the form lists now, and why any file sent
    was not kept (a sentence naming it)."""

    documents: list[HeldDocument]
    not_kept: list[str]


def keep_documents(once: str, uploads: Iterable[tuple[Any, str]], *,
                   remove: Collection[int] = (), request: HttpRequest | None = None) -> Kept:
    """For a referral form sent back to its sender (a mistake to correct, the rate limit): hold
    `uploads` — (file, kind) pairs that passed `uploads.check_upload` — for the form with the
    one-time token `once`, delete the documents held for it whose ids are in `remove`, and
    return what the form lists now, so the form sent again stores them (`submit_referral`'s
    `held_for`). A file input cannot be filled again: without this the files would be lost.

    A form holds at most MAX_FILES documents, and one content once (the same file attached
    again is the one kept; the database refuses a second, constraint
    `held_document_once_per_form`); a file beyond is named in `not_kept`, as is every file
    when there is no token. What the form lists is kept for another MAX_AGE_SECONDS — the
    lifetime of a stamp — from now. Expired documents of any form are deleted first.

    Anyone may fetch a fresh form, so what is held is capped (`uploads.held_caps`): the
    documents held from the request's client address in the last window, and all those held,
    take at most so many bytes and files. A file that would go over a cap is not kept (nothing
    of it is written) and is named in `not_kept` with the reason; an audit entry counts the
    files and bytes refused. Sendings at the same moment, from one address or many, together
    stay within the caps (see `_Room`).
    """
    forget_expired_held_documents()
    uploads = list(uploads)
    if not once:
        return Kept([], [f"{upload.name}: not kept; please attach it again."
                         for upload, _kind in uploads])
    digest = _token_digest(once)
    address = client_address(request)
    # Before any lock is taken: reading a large file takes a while.
    digests = [_sha256(upload) for upload, _kind in uploads]
    now = timezone.now()
    expires_at = now + timedelta(seconds=MAX_AGE_SECONDS)
    not_kept: list[str] = []
    with transaction.atomic():
        held = list(HeldDocument.objects.select_for_update().filter(token_digest=digest,
                                                                    expires_at__gt=now))
        dropped = [h for h in held if h.pk in remove]
        kept = [h for h in held if h.pk not in remove]
        HeldDocument.objects.filter(pk__in=[h.pk for h in dropped]).delete()
        HeldDocument.objects.filter(pk__in=[h.pk for h in kept]).update(expires_at=expires_at)
        added = 0
        room: _Room | None = None  # measured once a file is to be held
        refused: dict[str, int] = {"over_address_cap": 0, "over_total_cap": 0, "bytes": 0}
        for (upload, kind), sha256 in zip(uploads, digests, strict=True):
            if any(h.sha256 == sha256 for h in kept):
                continue
            if len(kept) >= MAX_FILES:
                not_kept.append(f"{upload.name}: not kept, as a referral takes at most "
                                f"{MAX_FILES} files; remove one to add it.")
                continue
            room = room or _Room(address)
            cap = room.cap_in_the_way(upload.size)
            if cap is not None:
                not_kept.append(f"{upload.name}: could not be kept: {_CAP_REASONS[cap]} — "
                                f"attach it again when you send the corrected form.")
                refused[cap] += 1
                refused["bytes"] += upload.size
                continue
            document, new = _hold(upload, kind, sha256, digest=digest, expires_at=expires_at,
                                  address=address)
            kept.append(document)
            if new:
                room.take(upload.size)
            added += new
        if added or dropped:
            record(request, codes.REFERRAL_DOCUMENTS_HELD,
                   detail={"held": added, "removed": len(dropped), "kept": len(kept)})
        if refused["over_address_cap"] or refused["over_total_cap"]:
            # Counts only: the names are the sender's, the address is the entry's own.
            record(request, codes.REFERRAL_DOCUMENTS_NOT_HELD, detail=refused)
        _forget_files_on_commit([h.file.name for h in dropped])
        if added:
            transaction.on_commit(lambda: _expire_later(expires_at))
    return Kept(kept, not_kept)


_CAP_REASONS = {
    "over_address_cap": "too many files held from your address",
    "over_total_cap": "too many files are held for forms being corrected just now",
}


class _Room:
    """What the caps on held documents (`uploads.held_caps`) leave to a sending from
    `address`: measured from the rows themselves, under a lock held until the transaction
    ends, so that sendings at the same moment — from one address or from many — are measured
    one after the other and together never hold more than the caps.

    Why the database and not the cache's atomic increment (as `spam.take_allowance`): the
    default cache is each server process's own and drops entries when full, so it would cap
    each process separately and forget; the rows are shared and exact, and a row deleted (the
    form sent, a file removed, expired) or never committed no longer counts, with nothing to
    give back. The lock is one for all held documents (the total cap concerns them all);
    only sendings about to hold a new file take it, and the caps bound what is written
    under it."""

    def __init__(self, address: str | None) -> None:
        self.caps = held_caps()
        _lock_held_documents()
        window_start = timezone.now() - timedelta(seconds=self.caps.window_seconds)
        # Rows without an address (not known) share one allowance.
        mine = HeldDocument.objects.filter(client_address=address, held_at__gt=window_start)
        self.address_bytes, self.address_files = _bytes_and_files(mine)
        self.total_bytes, self.total_files = _bytes_and_files(HeldDocument.objects.all())

    def cap_in_the_way(self, size: int) -> str | None:
        """The cap a file of `size` bytes would go over ("over_address_cap", then
        "over_total_cap"), or None when it fits."""
        caps = self.caps
        if (self.address_bytes + size > caps.bytes_per_address
                or self.address_files + 1 > caps.files_per_address):
            return "over_address_cap"
        if self.total_bytes + size > caps.bytes_total or self.total_files + 1 > caps.files_total:
            return "over_total_cap"
        return None

    def take(self, size: int) -> None:
        """Count a file of `size` bytes just held."""
        self.address_bytes += size
        self.total_bytes += size
        self.address_files += 1
        self.total_files += 1


def _bytes_and_files(documents: Any) -> tuple[int, int]:
    totals = documents.aggregate(bytes=Sum("size"), files=Count("pk"))
    return int(totals["bytes"] or 0), int(totals["files"])


def _lock_held_documents() -> None:
    """Hold, until the transaction ends, the one lock of the held documents' caps.
    PostgreSQL: a transaction advisory lock (the sums read after it see every sending that
    took it before, READ COMMITTED). SQLite: nothing to do, its transactions begin by taking
    the database's write lock (`transaction_mode` IMMEDIATE in settings), one at a time."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))",
                           ["netcare.referrals.held-documents"])


def _hold(upload: Any, kind: str, sha256: str, *, digest: str, expires_at: Any,
          address: str | None) -> tuple[HeldDocument, bool]:
    """The upload held, and whether it is new: not when a sending of the same form at the
    same moment held the same content first (then that one)."""
    document = HeldDocument(token_digest=digest, original_name=(upload.name or "")[-200:],
                            kind=kind, size=upload.size, sha256=sha256, expires_at=expires_at,
                            client_address=address)
    # An unguessable file name of its own: the sender's name for it is only in the row.
    document.file.save(f"{secrets.token_urlsafe(24)}.{kind}", upload, save=False)
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:
        private_storage.delete(document.file.name)
        return HeldDocument.objects.get(token_digest=digest, sha256=sha256), False
    return document, True


def forget_expired_held_documents() -> int:
    """Delete the held documents whose form was not sent again in time (`expires_at` passed),
    rows and files, and the orphan files (`forget_orphan_held_files`); the number of
    documents deleted. Run before documents are held and by the background task
    `tasks.forget_expired_held_documents`, queued for when the newest held expires."""
    with transaction.atomic():
        expired = list(HeldDocument.objects.select_for_update()
                       .filter(expires_at__lte=timezone.now()).values_list("pk", "file"))
        if expired:
            HeldDocument.objects.filter(pk__in=[pk for pk, _file in expired]).delete()
            # Not the request's: whoever's form happened to run the clean-up deleted nothing.
            record(None, codes.REFERRAL_HELD_DOCUMENTS_EXPIRED,
                   detail={"deleted": len(expired)})
            _forget_files_on_commit([name for _pk, name in expired])
    forget_orphan_held_files()
    return len(expired)


def forget_orphan_held_files() -> int:
    """Delete the files in the held documents' folder that no held document names and that
    were last written more than a stamp's lifetime ago (MAX_AGE_SECONDS); the number
    deleted, counted in an audit entry. A file is written before its row, so a sending
    undone after writing it (an error, a crash, a process stopped) leaves it behind; a
    younger file may belong to a row not committed yet, and is left alone."""
    try:
        _folders, names = private_storage.listdir(HELD_FOLDER)
    except FileNotFoundError:
        return 0
    cutoff = timezone.now() - timedelta(seconds=MAX_AGE_SECONDS)
    old: set[str] = set()
    for name in names:
        path = f"{HELD_FOLDER}/{name}"
        try:
            if private_storage.get_modified_time(path) < cutoff:
                old.add(path)
        except FileNotFoundError:  # deleted meanwhile (its form was sent)
            continue
    if not old:
        return 0
    # Read after the listing: a row committed meanwhile names a file listed, or a younger one.
    orphans = old - set(HeldDocument.objects.values_list("file", flat=True))
    for path in sorted(orphans):
        private_storage.delete(path)
    if orphans:
        record(None, codes.REFERRAL_HELD_ORPHAN_FILES_DELETED, detail={"deleted": len(orphans)})
    return len(orphans)


def _forget_files_on_commit(names: list[str]) -> None:
    """Delete the files once the rows that named them are gone for good (a rolled-back
    transaction leaves both)."""
    if names:
        transaction.on_commit(lambda: [private_storage.delete(name) for name in names])


def _expire_later(expires_at: Any) -> None:
    """Queue the clean-up for `expires_at`, with a backend that can defer tasks (others clean
    up whenever documents are next held)."""
    from django.tasks import default_task_backend

    from netcare.referrals.tasks import forget_expired_held_documents as clean_up

    if default_task_backend.supports_defer:
        clean_up.using(run_after=expires_at).enqueue()


def _zone() -> Any:
    from netcare.program import settings_store

    return settings_store.current().zone


def triage_referral(
    referral: Referral, *, by: Any, request: HttpRequest | None = None,
    status: str | None = None, priority: int | None = None, assigned_to: Any = UNCHANGED,
    reason: str = "",
) -> Referral:
    """Change status, priority and/or assignment; appends history; no-op when nothing changes.

    Converting is done by :func:`convert_referral`, never by setting the status here.
    """
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        changes: dict[str, Any] = {}
        if status is not None and status != locked.status:
            if status not in ReferralStatus.values:
                raise ValidationError({"status": f"unknown status {status!r}"})
            if status == ReferralStatus.CONVERTED or locked.status == ReferralStatus.CONVERTED:
                raise ValidationError(
                    {"status": "a referral becomes 'converted' only by converting it"}
                )
            if status == ReferralStatus.DECLINED and not reason.strip():
                raise ValidationError({"reason": "say why the referral is declined"})
            changes["status"] = status
        if priority is not None and priority != locked.priority:
            if priority not in Priority.values:
                raise ValidationError({"priority": f"unknown priority {priority!r}"})
            changes["priority"] = priority
        if assigned_to is not UNCHANGED and assigned_to != locked.assigned_to:
            if assigned_to is not None and assigned_to.role != Role.NAVIGATOR:
                raise ValidationError({"assigned_to": "referrals are assigned to navigators"})
            changes["assigned_to"] = assigned_to
        if not changes:
            return locked
        old = {key: str(getattr(locked, key)) for key in changes}
        for key, value in changes.items():
            setattr(locked, key, value)
        locked.save(update_fields=[*changes, "updated_at"])
        if "status" in changes:
            ReferralStatusChange.objects.create(
                referral=locked, from_status=old["status"], to_status=changes["status"], by=by,
                reason=reason.strip()[:500],
            )
        record(request, codes.REFERRAL_TRIAGED, user=by, obj=locked,
               detail={"old": old, "new": {k: str(v) for k, v in changes.items()},
                       "reason": reason})
    return locked


class AlreadyConvertedError(Exception):
    pass


class MrnInUseError(DuplicatePatientError):
    """The medical record number given for a new patient is another patient's.

    Never a matter of confirming a different person (unlike a same-name-and-birth-date match):
    the MRN must change, or the referral is linked to `existing` (the MRN's holder) when it is
    the same person.
    """


def convert_referral(
    referral: Referral, *, by: Any, request: HttpRequest | None = None, mrn: str = "",
    sex: str = "unknown", existing_patient: Patient | None = None,
    allow_same_name_and_birth_date: bool = False,
) -> Patient:
    """Turn a referral into a patient (or link it to `existing_patient`), writing the timeline.

    Duplicate detection: raises MrnInUseError when another patient has the MRN, whatever
    `allow_same_name_and_birth_date` says (a new patient never shares an MRN), and
    DuplicatePatientError when a patient with the same name and date of birth exists, unless
    confirmed a different person. Either way the navigator may link the referral to the patient
    found instead.
    """
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        if locked.status == ReferralStatus.CONVERTED:
            raise AlreadyConvertedError(f"{locked.reference} is already converted")
        if existing_patient is None:
            same_mrn = list(Patient.objects.filter(mrn=mrn.strip().upper())[:1])
            if same_mrn:
                raise MrnInUseError(same_mrn)
            patient = register_patient(
                {"mrn": mrn.strip().upper(), "first_name": locked.first_name,
                 "last_name": locked.last_name, "date_of_birth": locked.date_of_birth,
                 "sex": sex, "phone": locked.phone, "email": locked.email},
                by=by, request=request,
                allow_same_name_and_birth_date=allow_same_name_and_birth_date,
            )
        else:
            patient = existing_patient
        old_status = locked.status
        locked.patient = patient
        locked.status = ReferralStatus.CONVERTED
        locked.save(update_fields=["patient", "status", "updated_at"])
        ReferralStatusChange.objects.create(
            referral=locked, from_status=old_status, to_status=ReferralStatus.CONVERTED, by=by,
            reason="linked to existing patient" if existing_patient else "patient registered",
        )
        who = (f"by {locked.referring_physician_name}" if locked.source ==
               ReferralSource.PHYSICIAN and locked.referring_physician_name else
               "self-referral" if locked.source == ReferralSource.SELF else "physician referral")
        flags = "; ".join(f"{f['label']}: {f['reason']}" for f in locked.flags)
        TimelineEntry.objects.create(
            patient=patient, occurred_at=locked.created_at, kind=TimelineKind.REFERRAL,
            title=f"Referral {locked.reference} ({who})",
            summary=(locked.reason + (" — " + flags if flags else ""))[:500],
            source_type="referral", source_id=str(locked.pk),
        )
        record(request, codes.REFERRAL_CONVERTED, user=by, patient=patient, obj=locked,
               detail={"reference": locked.reference, "linked_existing": bool(existing_patient)})
    return patient
