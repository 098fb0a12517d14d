"""versions.json: release order, aliases and names, read and written as mike does."""

from __future__ import annotations

import json

import pytest

from auditbook.domain.errors import ReleaseError
from auditbook.release.versions import VersionInfo, Versions, check_name, parse_versions


def test_a_release_goes_first_and_takes_its_aliases_from_older_ones() -> None:
    versions = Versions().with_release(VersionInfo("1.0", "1.0", ("latest",)))
    versions = versions.with_release(VersionInfo("2.0", "Q4", ("latest", "stable")))
    assert [v.version for v in versions] == ["2.0", "1.0"]
    assert versions.aliases() == {"latest": "2.0", "stable": "2.0"}
    assert versions.previous("2.0") == versions.get("1.0")
    assert versions.previous(None) == versions.get("2.0")  # a draft compares with the newest
    assert versions.default() == "latest"
    again = versions.with_release(VersionInfo("1.0", "1.0 again"))
    assert [v.title for v in again] == ["Q4", "1.0 again"]  # a re-release keeps its place


def test_alias_may_not_be_the_name_of_a_release() -> None:
    versions = Versions().with_release(VersionInfo("1.0", "1.0"))
    with pytest.raises(ReleaseError, match="already the name of a release"):
        versions.with_release(VersionInfo("2.0", "2.0", ("1.0",)))


@pytest.mark.parametrize("name", ["", ".", "..", "a/b", "a\\b", "draft", "-x", "1.0 final"])
def test_names_must_be_safe_folder_names(name: str) -> None:
    with pytest.raises(ReleaseError):
        check_name(name)


def test_versions_json_round_trips_and_reads_mike_entries() -> None:
    text = json.dumps([{"version": "0.9", "title": "0.9", "aliases": []}])
    versions = parse_versions(text, "versions.json")
    assert versions.to_json() == [
        {"version": "0.9", "title": "0.9", "aliases": [], "properties": {}}
    ]
    assert parse_versions(versions.dumps(), "x") == versions
    with pytest.raises(ReleaseError, match="listed twice"):
        parse_versions(json.dumps([{"version": "a"}, {"version": "b", "aliases": ["a"]}]), "x")
