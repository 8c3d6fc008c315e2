"""The claims endpoints: list and filters, record, edit, events and workflow transitions."""

import pytest
from rest_framework.exceptions import NotAuthenticated

from claims.api.base import IsDeskMember
from claims.models import Claim, ClaimEvent
from tests.api.conftest import approve, token_client
from tests.factories import ClaimFactory, EvidenceFactory, SourceFactory

URL = "/api/v1/claims/"


def test_analyst_lists_claims_with_their_fields(analyst_client, open_claim):
    response = analyst_client.get(URL)
    assert response.status_code == 200
    [row] = response.json()["results"]
    assert row["id"] == open_claim.pk
    assert row["quote"] == "almost a thousand militants surrendered in 2024. "
    assert row["kinds"] == ["quantitative"]
    assert row["status"] == "open"
    for field in ["source", "start", "end", "speaker", "statement", "rating", "rationale"]:
        assert field in row
    for field in ["assignee", "version", "value_low", "attributed_to", "attribution_status"]:
        assert field in row


def test_claim_list_filters_by_status_kind_rating_speaker_and_text(
    analyst_client, open_claim, source
):
    other = ClaimFactory(
        source=source, start=0, end=12, kinds=["attributive"], speaker="Niger", status="candidate"
    )
    assert [c["id"] for c in analyst_client.get(URL, {"status": "open"}).json()["results"]] == [
        open_claim.pk
    ]
    by_kind = analyst_client.get(URL, {"kind": "attributive"}).json()["results"]
    assert [c["id"] for c in by_kind] == [other.pk]
    by_speaker = analyst_client.get(URL, {"speaker": "niger"}).json()["results"]
    assert [c["id"] for c in by_speaker] == [other.pk]
    by_text = analyst_client.get(URL, {"q": "MILITANTS"}).json()["results"]
    assert [c["id"] for c in by_text] == [open_claim.pk]
    assert analyst_client.get(URL, {"rating": "false"}).json()["count"] == 0
    ordered = analyst_client.get(URL, {"ordering": "-id"}).json()["results"]
    assert [c["id"] for c in ordered] == sorted([open_claim.pk, other.pk], reverse=True)


def test_claim_list_rejects_bad_filter_naming_it(analyst_client, open_claim):
    response = analyst_client.get(URL, {"status": "published"})
    assert response.status_code == 400
    assert "status" in response.json()


def test_anonymous_and_outsider_may_not_read_claims(anon_client, outsider_client, open_claim):
    # Session authentication is listed first, so DRF answers "not signed in" with 403, not 401.
    for client, detail in (
        (anon_client, NotAuthenticated.default_detail),
        (outsider_client, IsDeskMember.message),
    ):
        listing = client.get(URL)
        assert listing.status_code == 403
        assert listing.json() == {"detail": detail}
        response = client.get(f"{URL}{open_claim.pk}/")
        assert response.status_code == 403
        assert response.json() == {"detail": detail}


def test_claim_list_runs_the_same_queries_at_page_size_5_and_50(analyst, django_assert_num_queries):
    source = SourceFactory(text="x" * 500)
    for i in range(60):
        ClaimFactory(source=source, start=i, end=i + 5, quote="xxxxx")
    client = token_client(analyst)
    # token + user, permissions of the user and of the groups, count, page
    for size in (5, 50):
        with django_assert_num_queries(5):
            response = client.get(URL, {"page_size": size})
        assert len(response.json()["results"]) == size


def test_claim_detail_shows_what_the_member_may_do(analyst_client, reviewer_client, open_claim):
    body = analyst_client.get(f"{URL}{open_claim.pk}/").json()
    assert body["allowed_actions"] == ["start"]
    assert reviewer_client.get(f"{URL}{open_claim.pk}/").json()["allowed_actions"] == []


def test_unknown_claim_is_404(analyst_client):
    assert analyst_client.get(f"{URL}999999/").status_code == 404
    assert analyst_client.get(f"{URL}abc/").status_code == 404


def test_analyst_records_claim_with_post(analyst_client, analyst, source):
    response = analyst_client.post(
        URL,
        {
            "source": source.pk,
            "start": 0,
            "end": 12,
            "kinds": ["attributive"],
            "statement": "The minister spoke.",
            "attributed_to": "The minister",
            "tags": ["CAR"],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    claim = Claim.objects.get(pk=response.json()["id"])
    assert (claim.quote, claim.status, claim.created_by) == ("The minister", "open", analyst)
    assert claim.attributed_to == "The minister" and claim.tags == ["CAR"]
    assert ClaimEvent.objects.filter(claim=claim, action="record").count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"start": 0, "end": 9999, "kinds": ["quantitative"]}, "end"),
        ({"start": 0, "end": 12, "kinds": []}, "kinds"),
        ({"start": 0, "end": 12, "kinds": ["opinion"]}, "kinds"),
        ({"start": -1, "end": 12, "kinds": ["quantitative"]}, "start"),
        ({"start": 0, "end": 12, "kinds": ["quantitative"], "rating": "meh"}, "rating"),
    ],
)
def test_recording_a_bad_claim_is_400_naming_the_field(analyst_client, source, body, field):
    response = analyst_client.post(URL, {"source": source.pk, **body}, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Claim.objects.exists()


def test_recording_the_same_span_twice_is_400(analyst_client, open_claim, source):
    body = {"source": source.pk, "start": 23, "end": 72, "kinds": ["quantitative"]}
    response = analyst_client.post(URL, body, format="json")
    assert response.status_code == 400
    assert "start" in response.json()
    assert Claim.objects.count() == 1


def test_reviewer_may_not_record_claims(reviewer_client, source):
    body = {"source": source.pk, "start": 0, "end": 12, "kinds": ["attributive"]}
    response = reviewer_client.post(URL, body, format="json")
    assert response.status_code == 403
    assert not Claim.objects.exists()


def test_analyst_edits_claim_with_the_version_read(analyst_client, analyst, open_claim):
    response = analyst_client.patch(
        f"{URL}{open_claim.pk}/",
        {
            "version": open_claim.version,
            "statement": "Nearly 1,000 surrendered.",
            "unit": "fighters",
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["version"] == open_claim.version + 1
    open_claim.refresh_from_db()
    assert (open_claim.statement, open_claim.unit) == ("Nearly 1,000 surrendered.", "fighters")
    event = ClaimEvent.objects.get(claim=open_claim, action="edit")
    assert event.changes["unit"] == ["", "fighters"]


def test_editing_the_quantity_reads_its_bounds_unless_given(analyst_client, open_claim):
    url = f"{URL}{open_claim.pk}/"
    blank = {"quantity_text": "about 1,000", "value_low": None, "value_high": None}
    response = analyst_client.patch(url, {"version": open_claim.version, **blank}, format="json")
    assert response.status_code == 200, response.json()
    open_claim.refresh_from_db()
    assert (open_claim.value_low, open_claim.value_high) == (900, 1100)
    given = {"version": open_claim.version, "quantity_text": "1,200", "value_high": "1300"}
    assert analyst_client.patch(url, given, format="json").status_code == 200
    open_claim.refresh_from_db()
    assert (open_claim.value_low, open_claim.value_high) == (900, 1300)


def test_edit_with_a_stale_version_is_409_and_changes_nothing(analyst_client, open_claim):
    response = analyst_client.patch(
        f"{URL}{open_claim.pk}/", {"version": 99, "statement": "Changed."}, format="json"
    )
    assert response.status_code == 409
    assert "version" in response.json()["detail"]
    open_claim.refresh_from_db()
    assert open_claim.statement == "Almost 1,000 militants surrendered in 2024."


def test_edit_without_version_is_400_naming_version(analyst_client, open_claim):
    response = analyst_client.patch(f"{URL}{open_claim.pk}/", {"unit": "x"}, format="json")
    assert response.status_code == 400
    assert "version" in response.json()


def test_analyst_assigns_claim(analyst_client, analyst2, open_claim):
    response = analyst_client.patch(
        f"{URL}{open_claim.pk}/",
        {"version": open_claim.version, "assignee": analyst2.pk, "place": "Bria"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    open_claim.refresh_from_db()
    assert (open_claim.assignee, open_claim.place) == (analyst2, "Bria")
    assert open_claim.version == 2  # one change, one version, one event
    edit = open_claim.events.exclude(action="record").get()
    assert edit.action == "edit"
    assert edit.changes["assignee_id"] == [None, analyst2.pk]
    assert edit.changes["place"] == ["", "Bria"]


def test_assigning_to_a_reviewer_is_400_and_changes_nothing(analyst_client, reviewer, open_claim):
    response = analyst_client.patch(
        f"{URL}{open_claim.pk}/",
        {"version": open_claim.version, "assignee": reviewer.pk, "place": "Bria"},
        format="json",
    )
    assert response.status_code == 400
    assert "assignee" in response.json()
    open_claim.refresh_from_db()
    assert (open_claim.assignee, open_claim.place, open_claim.version) == (None, "", 1)


def test_put_and_delete_are_not_allowed(analyst_client, open_claim):
    assert analyst_client.put(f"{URL}{open_claim.pk}/", {}, format="json").status_code == 405
    assert analyst_client.delete(f"{URL}{open_claim.pk}/").status_code == 405
    assert Claim.objects.filter(pk=open_claim.pk).exists()


def test_claim_goes_from_open_to_approved_through_transitions(
    analyst_client, reviewer_client, open_claim
):
    url = f"{URL}{open_claim.pk}/transition/"
    body = analyst_client.post(url, {"action": "start", "version": 1}, format="json").json()
    assert body["status"] == "in_research"
    EvidenceFactory(claim=open_claim)
    response = analyst_client.post(
        url,
        {"action": "submit", "version": body["version"], "rating": "false", "rationale": "No."},
        format="json",
    )
    assert response.status_code == 200, response.json()
    response = reviewer_client.post(
        url, {"action": "approve", "version": response.json()["version"]}, format="json"
    )
    assert response.status_code == 200
    open_claim.refresh_from_db()
    assert (open_claim.status, open_claim.rating) == ("approved", "false")
    actions = list(open_claim.events.order_by("id").values_list("action", flat=True))
    assert actions == ["record", "start", "submit", "approve"]


def test_transition_refusals_map_to_400_403_and_409(analyst_client, reviewer_client, open_claim):
    url = f"{URL}{open_claim.pk}/transition/"
    bad = analyst_client.post(url, {"action": "fly", "version": 1}, format="json")
    assert bad.status_code == 400 and "action" in bad.json()
    # The role is checked before the status: nobody is assigned yet, so this is refused.
    not_assignee = analyst_client.post(url, {"action": "submit", "version": 1}, format="json")
    assert not_assignee.status_code == 403 and "assigned" in not_assignee.json()["detail"]
    wrong_state = analyst_client.post(url, {"action": "accept", "version": 1}, format="json")
    assert wrong_state.status_code == 400 and "action" in wrong_state.json()
    forbidden = reviewer_client.post(url, {"action": "start", "version": 1}, format="json")
    assert forbidden.status_code == 403 and forbidden.json()["detail"]
    stale = analyst_client.post(url, {"action": "start", "version": 7}, format="json")
    assert stale.status_code == 409
    missing = analyst_client.post(url, {"action": "start"}, format="json")
    assert missing.status_code == 400 and "version" in missing.json()
    open_claim.refresh_from_db()
    assert (open_claim.status, open_claim.version) == ("open", 1)
    assert open_claim.events.count() == 1


def test_submit_without_rationale_is_400_naming_rationale(analyst_client, open_claim):
    url = f"{URL}{open_claim.pk}/transition/"
    started = analyst_client.post(url, {"action": "start", "version": 1}, format="json").json()
    response = analyst_client.post(
        url, {"action": "submit", "version": started["version"], "rating": "true"}, format="json"
    )
    assert response.status_code == 400
    assert "rationale" in response.json()
    open_claim.refresh_from_db()
    assert open_claim.status == "in_research"


def test_second_approval_with_the_same_version_is_409(
    analyst, reviewer, reviewer2, open_claim, reviewer_client
):
    approved = approve(open_claim, analyst, reviewer)
    # Both reviewers read the claim at the in_review version; one of them came second.
    stale_version = approved.version - 1
    response = token_client(reviewer2).post(
        f"{URL}{open_claim.pk}/transition/",
        {"action": "approve", "version": stale_version},
        format="json",
    )
    assert response.status_code == 409
    assert "version" in response.json()["detail"]
    open_claim.refresh_from_db()
    assert (open_claim.status, open_claim.reviewed_by, open_claim.version) == (
        "approved",
        reviewer,
        approved.version,
    )
    assert open_claim.events.filter(action="approve").count() == 1


def test_events_list_the_audit_trail(analyst_client, approved_claim, outsider_client):
    response = analyst_client.get(f"{URL}{approved_claim.pk}/events/")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [r["action"] for r in rows] == ["record", "start", "add_evidence", "submit", "approve"]
    assert rows[-1]["actor"] == "rev" and rows[-1]["to_status"] == "approved"
    assert outsider_client.get(f"{URL}{approved_claim.pk}/events/").status_code == 403


def test_event_list_runs_the_same_queries_at_page_size_5_and_50(
    analyst, open_claim, django_assert_num_queries
):
    from claims.workflow import update_claim

    for i in range(55):
        open_claim = update_claim(
            open_claim, actor=analyst, version=open_claim.version, unit=f"u{i}"
        )
    client = token_client(analyst)
    for size in (5, 50):
        # token, permissions (2), the claim, count, page with actors
        with django_assert_num_queries(6):
            response = client.get(f"{URL}{open_claim.pk}/events/", {"page_size": size})
        assert len(response.json()["results"]) == size
