"""Who is acting, and what they may do with a record.

Without sign-in the app is single-user: everything belongs to the configured
owner (`local` by default) and that user may do everything. With sign-in,
records belong to the signed-in identity; anyone signed in may view the
team's gallery, but only a record's owner or an admin may delete, retry or
export it. The store enforces the owner check as well, so a page cannot
bypass it by passing the wrong id.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from .settings import Settings


@dataclass(frozen=True)
class Identity:
    owner: str
    signed_in: bool = False
    is_admin: bool = False
    display_name: str | None = None

    @property
    def single_user(self) -> bool:
        return not self.signed_in

    def may_modify(self, record_owner: str) -> bool:
        return self.is_admin or record_owner == self.owner

    @property
    def enforced_owner(self) -> str | None:
        """Return the owner to pass to store.delete and pipeline.retry: None lets an admin act on any record."""
        return None if self.is_admin else self.owner

    def gallery_owner(self, team: bool) -> str | None:
        """Return the owner filter for the gallery: mine by default, everyone's on request."""
        return None if team else self.owner

    def export_owner(self, team: bool) -> str | None:
        """Return the owner filter for exports: only admins may export the team's records."""
        return None if team and self.is_admin else self.owner


def identity_for(settings: Settings, user: Mapping[str, Any] | None = None) -> Identity:
    """Return the acting identity from Streamlit's st.user (or any mapping like it).

    A signed-in user is identified by e-mail, falling back to the OIDC subject.
    """
    if user and user.get("is_logged_in"):
        owner = str(user.get("email") or user.get("sub") or "").strip()
        if owner:
            admins = {admin.lower() for admin in settings.admins}
            return Identity(owner=owner, signed_in=True, is_admin=owner.lower() in admins,
                            display_name=user.get("name") or owner)
    return Identity(owner=settings.owner, signed_in=False, is_admin=True, display_name=None)
