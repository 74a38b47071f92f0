"""Background tasks of referrals (django.tasks; queued by the actions)."""

from __future__ import annotations

from django.tasks import task


@task()
def forget_expired_held_documents() -> int:
    """Delete the documents held for referral forms that were not sent again in time, and
    old files in their folder that no held document names."""
    from netcare.referrals.actions import forget_expired_held_documents as forget

    return forget()
