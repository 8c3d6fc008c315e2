"""The admin goes through the same rules as the pages: a source's text and a passage's speaker."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from claims.models import Claim, ClaimEvent
from sources.models import Passage, Source
from tests.conftest import signed_in
from tests.factories import ClaimFactory, SourceFactory
from tests.passages.conftest import claim_in


@pytest.fixture
def admin_client(admin_member):
    return signed_in(admin_member)


def source_form(source: Source, **changes) -> dict:
    """Return the admin change form of a source as a browser would post it back."""
    data = {
        "title": source.title,
        "url": source.url,
        "outlet": source.outlet_id or "",
        "authors": source.authors,
        "language": source.language,
        "kind": source.kind,
        "archive_url": source.archive_url,
        "passages-TOTAL_FORMS": "0",
        "passages-INITIAL_FORMS": "0",
        "passages-MIN_NUM_FORMS": "0",
        "passages-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def test_admin_shows_a_source_text_without_a_field_to_edit_it(admin_client):
    source = SourceFactory(text="Officials said that 40 wells were dug.")

    page = admin_client.get(reverse("admin:sources_source_change", args=[source.pk]))

    assert page.status_code == 200
    body = page.content.decode()
    assert "Officials said that 40 wells were dug." in body
    assert 'name="text"' not in body


def test_admin_post_of_a_new_text_leaves_the_source_text_unchanged(admin_client):
    source = SourceFactory()
    claim = ClaimFactory(source=source, start=0, end=6)
    text, sha = source.text, source.sha256

    response = admin_client.post(
        reverse("admin:sources_source_change", args=[source.pk]),
        source_form(source, title="Renamed", text="Something else entirely."),
    )

    assert response.status_code == 302
    source.refresh_from_db()
    assert source.title == "Renamed"  # the metadata is the admin's to edit
    assert (source.text, source.sha256) == (text, sha)
    assert Claim.objects.get(pk=claim.pk).quote == claim.quote


def test_admin_speaker_change_moves_the_draft_claims_with_their_events(
    admin_client, admin_member, answer
):
    draft = claim_in(answer, 0, "open")
    frozen = claim_in(answer, 12, "approved")

    response = admin_client.post(
        reverse("admin:sources_passage_change", args=[answer.pk]), {"speaker": "Alexander Ivanov"}
    )

    assert response.status_code == 302
    assert Passage.objects.get(pk=answer.pk).speaker == "Alexander Ivanov"
    assert Claim.objects.get(pk=draft.pk).speaker == "Alexander Ivanov"
    assert Claim.objects.get(pk=frozen.pk).speaker == "TASS"
    event = ClaimEvent.objects.get(claim=draft)
    assert (event.action, event.actor) == ("edit", admin_member)
    assert event.changes == {"speaker": ["TASS", "Alexander Ivanov"]}
    assert not ClaimEvent.objects.filter(claim=frozen).exists()


def test_admin_refuses_a_blank_speaker_beside_the_field(admin_client, answer):
    draft = claim_in(answer, 0, "open")

    response = admin_client.post(
        reverse("admin:sources_passage_change", args=[answer.pk]), {"speaker": "   "}
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["speaker"]
    assert Passage.objects.get(pk=answer.pk).speaker == "TASS"
    assert Claim.objects.get(pk=draft.pk).version == draft.version


def test_admin_passage_page_offers_no_other_field(admin_client, answer):
    body = admin_client.get(
        reverse("admin:sources_passage_change", args=[answer.pk])
    ).content.decode()

    assert 'name="speaker"' in body
    for field in ("start", "end", "role", "position", "source"):
        assert f'name="{field}"' not in body


def test_database_refuses_a_raw_update_of_the_text_of_a_source_with_claims(db):
    source = SourceFactory()
    ClaimFactory(source=source, start=0, end=6)

    for column, value in [("text", "Rewritten."), ("sha256", "0" * 64)]:
        with (
            pytest.raises(IntegrityError, match="claims anchored"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(
                f"UPDATE sources_source SET {column} = %s WHERE id = %s", [value, source.pk]
            )
    stored = Source.objects.get(pk=source.pk)
    assert (stored.text, stored.sha256) == (source.text, source.sha256)


def test_database_allows_a_text_change_while_no_claim_points_into_it(db):
    source = SourceFactory()

    with connection.cursor() as cursor:
        cursor.execute("UPDATE sources_source SET text = 'Redone.' WHERE id = %s", [source.pk])
        cursor.execute("UPDATE sources_source SET title = 'New title' WHERE id = %s", [source.pk])

    assert Source.objects.get(pk=source.pk).text == "Redone."


def test_admin_edits_source_details_with_an_event_and_grades_read_only(admin_client, admin_member):
    from sources.models import SourceEvent

    source = SourceFactory(title="Interview", url="")
    outlet = source.outlet

    admin_client.post(
        reverse("admin:sources_source_change", args=[source.pk]),
        source_form(source, url="https://example.org/x"),
    )
    grade_page = admin_client.get(reverse("admin:sources_outlet_change", args=[outlet.pk]))
    admin_client.post(
        reverse("admin:sources_outlet_change", args=[outlet.pk]),
        {"name": outlet.name, "reliability": "A", "grades-TOTAL_FORMS": "0",
         "grades-INITIAL_FORMS": "0", "grades-MIN_NUM_FORMS": "0", "grades-MAX_NUM_FORMS": "1000"},
    )  # fmt: skip

    source.refresh_from_db()
    assert source.url == "https://example.org/x"
    event = SourceEvent.objects.get(source=source)
    assert (event.action, event.actor, event.changes) == (
        "edit",
        admin_member,
        {"url": ["", "https://example.org/x"]},
    )
    assert 'name="reliability"' not in grade_page.content.decode()
    outlet.refresh_from_db()
    assert outlet.reliability == "B"
    delete = admin_client.get(reverse("admin:sources_source_delete", args=[source.pk]))
    assert delete.status_code == 403
