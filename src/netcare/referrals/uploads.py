"""Checking uploaded prior reports and images: extension AND content (magic bytes), and size.

Files are kept by a FileSystemStorage under MEDIA_ROOT/referrals (a referral's documents) and
MEDIA_ROOT/referrals-held (those of a form sent back, `models.HeldDocument`); nothing under
MEDIA_ROOT is served by a URL — staff download through `views.document_download`, which
checks and audits.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage

DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
HELD_FOLDER = "referrals-held"  # under MEDIA_ROOT: the files of `models.HeldDocument`
MAX_FILES = 10

# extension -> kind; the kind decides which signature the content must carry.
EXTENSIONS = {
    ".pdf": "pdf", ".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".dcm": "dicom",
    ".dicom": "dicom",
}
CONTENT_TYPES = {
    "pdf": "application/pdf", "png": "image/png", "jpeg": "image/jpeg",
    "dicom": "application/dicom",
}


def max_upload_bytes() -> int:
    return int(getattr(settings, "REFERRAL_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES))


class HeldCaps(NamedTuple):
    """How much the documents held for forms sent back (`models.HeldDocument`) may take: from
    one client address, of what it had held in the last `window_seconds` and still holds; and
    from everyone together, of what is held now. Anyone may fetch a fresh form, so without
    them forms sent back again and again (which store no referral, so the rate limit never
    counts them) could fill the disk."""

    bytes_per_address: int
    files_per_address: int
    window_seconds: int
    bytes_total: int
    files_total: int


MB = 1024 * 1024


def held_caps() -> HeldCaps:
    """The caps from settings; the defaults leave a real sender several corrected forms an
    hour (five of 20 MB files, fifty files) and keep the whole under 2 GB."""
    return HeldCaps(
        bytes_per_address=int(getattr(settings, "REFERRAL_HELD_BYTES_PER_ADDRESS", 100 * MB)),
        files_per_address=int(getattr(settings, "REFERRAL_HELD_FILES_PER_ADDRESS", 50)),
        window_seconds=int(getattr(settings, "REFERRAL_HELD_WINDOW_SECONDS", 3600)),
        bytes_total=int(getattr(settings, "REFERRAL_HELD_BYTES_TOTAL", 2048 * MB)),
        files_total=int(getattr(settings, "REFERRAL_HELD_FILES_TOTAL", 10_000)),
    )


def _sniff(head: bytes) -> str | None:
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if len(head) >= 132 and head[128:132] == b"DICM":  # 128-byte preamble, then "DICM"
        return "dicom"
    return None


def check_upload(upload: Any) -> str:
    """The kind of `upload` ("pdf", "png", "jpeg", "dicom"), or ValidationError saying why not."""
    name = upload.name or ""
    dot = name.rfind(".")
    extension = name[dot:].lower() if dot >= 0 else ""
    expected = EXTENSIONS.get(extension)
    if expected is None:
        raise ValidationError(f"{name}: only PDF, PNG, JPEG or DICOM files are accepted.")
    if upload.size > max_upload_bytes():
        raise ValidationError(
            f"{name}: larger than {max_upload_bytes() // (1024 * 1024)} MB."
        )
    if upload.size == 0:
        raise ValidationError(f"{name}: the file is empty.")
    upload.seek(0)
    head = upload.read(132)
    upload.seek(0)
    actual = _sniff(head)
    if actual != expected:
        raise ValidationError(f"{name}: the content is not a {expected.upper()} file.")
    return expected


# Not a SimpleLazyObject: FileSystemStorage with no location reads MEDIA_ROOT when used and
# follows settings overrides (tests); upload_to puts the files under MEDIA_ROOT/referrals/.
private_storage = FileSystemStorage()


def get_private_storage() -> Any:
    """Callable storage for the FileField (keeps MEDIA_ROOT out of the migration)."""
    return private_storage
