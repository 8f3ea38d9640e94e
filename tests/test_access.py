"""Owners and admins: who may see, delete, retry and export which records."""

from __future__ import annotations

import pytest

from mumble.access import identity_for
from mumble.errors import NotOwner
from mumble.export import iter_records
from mumble.settings import load_settings
from mumble.store.base import GalleryQuery, Record, new_record_id, utc_now
from mumble.store.sqlite import SqliteStore


def signed_in(email: str) -> dict:
    return {"is_logged_in": True, "email": email, "name": email.split("@")[0]}


@pytest.fixture
def team_settings():
    return load_settings({"MUMBLE_ADMINS": "Boss@example.com, ops@example.com"})


def test_without_sign_in_local_owner_may_do_everything():
    identity = identity_for(load_settings({}), {"is_logged_in": False})
    assert identity.owner == "local"
    assert identity.single_user
    assert identity.may_modify("someone-else")


def test_signed_in_user_owns_by_email(team_settings):
    identity = identity_for(team_settings, signed_in("ann@example.com"))
    assert identity.owner == "ann@example.com"
    assert not identity.is_admin
    assert identity.may_modify("ann@example.com")
    assert not identity.may_modify("bob@example.com")
    assert identity.enforced_owner == "ann@example.com"


def test_admin_list_is_case_insensitive(team_settings):
    identity = identity_for(team_settings, signed_in("boss@example.com"))
    assert identity.is_admin
    assert identity.may_modify("ann@example.com")
    assert identity.enforced_owner is None


def test_gallery_is_mine_by_default_team_on_request(team_settings):
    identity = identity_for(team_settings, signed_in("ann@example.com"))
    assert identity.gallery_owner(team=False) == "ann@example.com"
    assert identity.gallery_owner(team=True) is None


def test_only_admin_exports_the_team(team_settings, tmp_path):
    store = SqliteStore(tmp_path / "data")
    for owner in ("ann@example.com", "bob@example.com"):
        now = utc_now()
        store.create(Record(id=new_record_id(), owner=owner, created_at=now, updated_at=now, audio_format="wav"), b"a")
    ann = identity_for(team_settings, signed_in("ann@example.com"))
    boss = identity_for(team_settings, signed_in("boss@example.com"))

    ann_export = list(iter_records(store, GalleryQuery(owner=ann.export_owner(team=True))))
    boss_export = list(iter_records(store, GalleryQuery(owner=boss.export_owner(team=True))))

    assert [r.owner for r in ann_export] == ["ann@example.com"]
    assert len(boss_export) == 2


def test_store_refuses_delete_for_another_owner(team_settings, tmp_path):
    store = SqliteStore(tmp_path / "data")
    now = utc_now()
    record = store.create(Record(id=new_record_id(), owner="bob@example.com", created_at=now, updated_at=now), b"a")
    ann = identity_for(team_settings, signed_in("ann@example.com"))
    with pytest.raises(NotOwner):
        store.delete(record.id, owner=ann.enforced_owner)
    assert store.count() == 1
