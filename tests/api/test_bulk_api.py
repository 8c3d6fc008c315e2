"""`POST /api/v1/claims/bulk/`: one action on many claims, each with its own event."""

import pytest

from claims.models import Claim, ClaimEvent
from claims.workflow import MAX_IDS, apply_action, bulk
from claims.workflow.rows import insert_rows
from tests.factories import SourceFactory

URL = "/api/v1/claims/bulk/"


def candidates(n: int, source=None) -> list[Claim]:
    """Store n candidate claims over distinct spans of one source."""
    source = source or SourceFactory(text="word " * (n + 10))
    claims = [
        Claim(
            source=source,
            start=i * 5,
            end=i * 5 + 4,
            quote="word",
            kinds=["quantitative"],
            status=Claim.Status.CANDIDATE,
            origin=Claim.Origin.EXTRACTOR,
        )
        for i in range(n)
    ]
    insert_rows(claims)
    return claims


def body(claims, action: str, **extra) -> dict:
    return {
        "ids": [c.pk for c in claims],
        "action": action,
        "versions": {str(c.pk): c.version for c in claims},
        **extra,
    }


def statuses(claims) -> dict[int, str]:
    return dict(Claim.objects.filter(pk__in=[c.pk for c in claims]).values_list("pk", "status"))


def events(claims, action: str) -> dict[int, list[str]]:
    rows = ClaimEvent.objects.filter(claim__in=claims, action=action)
    found: dict[int, list[str]] = {}
    for claim_id, comment in rows.values_list("claim_id", "comment"):
        found.setdefault(claim_id, []).append(comment)
    return found


def test_dismiss_many_writes_one_event_each_with_the_reason(analyst_client, analyst):
    claims = candidates(3)
    response = analyst_client.post(
        URL, body(claims, "dismiss", comment="Opinion, not fact"), format="json"
    )
    assert response.status_code == 200
    assert response.json() == {
        "action": "dismiss",
        "done": {str(c.pk): 2 for c in claims},
        "unchanged": [],
        "refused": [],
    }
    assert set(statuses(claims).values()) == {"dismissed"}
    assert events(claims, "dismiss") == {c.pk: ["Opinion, not fact"] for c in claims}
    event = ClaimEvent.objects.filter(claim=claims[0], action="dismiss").get()
    assert (event.actor, event.from_status, event.to_status) == (analyst, "candidate", "dismissed")


def test_mixed_ids_accept_the_allowed_and_say_why_the_others_were_refused(analyst_client, analyst):
    ready, stale, wrong_status = candidates(3)
    # Someone accepted this one after the caller read it; the caller's version is old.
    apply_action(stale.pk, "accept", actor=analyst, version=1)
    apply_action(wrong_status.pk, "accept", actor=analyst, version=1)
    wrong_status.refresh_from_db()
    missing = Claim.objects.order_by("-pk").first().pk + 100
    payload = body([ready, stale, wrong_status], "dismiss", comment="Out of scope")
    payload["ids"].append(missing)
    payload["versions"][str(missing)] = 1
    response = analyst_client.post(URL, payload, format="json")
    assert response.status_code == 200
    data = response.json()
    assert data["done"] == {str(ready.pk): 2}
    refused = {r["id"]: r for r in data["refused"]}
    assert refused[stale.pk]["problem"] == "stale"
    assert refused[stale.pk]["field"] == "version"
    assert "changed since you loaded it" in refused[stale.pk]["reason"]
    assert refused[wrong_status.pk]["problem"] == "invalid"
    assert refused[wrong_status.pk]["reason"] == "Cannot dismiss a claim that is open."
    assert refused[missing] == {
        "id": missing,
        "reason": "No such claim.",
        "problem": "not_found",
        "field": "ids",
    }
    assert statuses([ready, stale, wrong_status]) == {
        ready.pk: "dismissed",
        stale.pk: "open",
        wrong_status.pk: "open",
    }
    assert events([ready, stale, wrong_status], "dismiss") == {ready.pk: ["Out of scope"]}


def test_one_more_claim_than_a_batch_goes_through_in_two_batches(analyst_client, monkeypatch):
    monkeypatch.setattr(bulk, "BATCH_SIZE", 3)
    claims = candidates(4)
    stale = claims[3]  # alone in the second batch, and refused there
    Claim.objects.filter(pk=stale.pk).update(version=5)
    response = analyst_client.post(URL, body(claims, "accept"), format="json")
    data = response.json()
    assert data["done"] == {str(c.pk): 2 for c in claims[:3]}
    assert [r["id"] for r in data["refused"]] == [stale.pk]
    assert statuses(claims) == {**{c.pk: "open" for c in claims[:3]}, stale.pk: "candidate"}
    assert set(events(claims, "accept")) == {c.pk for c in claims[:3]}


def test_a_real_batch_and_one_more(analyst_client):
    claims = candidates(bulk.BATCH_SIZE + 1)
    response = analyst_client.post(URL, body(claims, "accept"), format="json")
    assert response.json()["refused"] == []
    assert len(response.json()["done"]) == bulk.BATCH_SIZE + 1
    assert set(statuses(claims).values()) == {"open"}
    assert ClaimEvent.objects.filter(claim__in=claims, action="accept").count() == len(claims)


def test_start_assign_and_tag_many(analyst_client, analyst, analyst2):
    claims = candidates(2)
    for claim in claims:
        apply_action(claim.pk, "accept", actor=analyst, version=1)
        claim.refresh_from_db()
    started = analyst_client.post(URL, body(claims, "start"), format="json").json()
    assert started["done"] == {str(c.pk): 3 for c in claims}
    assert set(
        Claim.objects.filter(pk__in=[c.pk for c in claims]).values_list("assignee", flat=True)
    ) == {analyst.pk}

    for claim in claims:
        claim.refresh_from_db()
    Claim.objects.filter(pk=claims[0].pk).update(tags=["CAR"])
    tagged = analyst_client.post(
        URL, body(claims, "tag", tags=["CAR", " Wagner ", "Wagner"]), format="json"
    ).json()
    assert tagged["refused"] == []
    assert dict(Claim.objects.filter(pk__in=[c.pk for c in claims]).values_list("pk", "tags")) == {
        claims[0].pk: ["CAR", "Wagner"],
        claims[1].pk: ["CAR", "Wagner"],
    }

    for claim in claims:
        claim.refresh_from_db()
    assigned = analyst_client.post(
        URL, body(claims, "assign", assignee=analyst2.pk), format="json"
    ).json()
    assert assigned["done"] == {str(c.pk): c.version + 1 for c in claims}
    assert events(claims, "assign").keys() == {c.pk for c in claims}
    assert set(
        Claim.objects.filter(pk__in=[c.pk for c in claims]).values_list("assignee", flat=True)
    ) == {analyst2.pk}

    for claim in claims:
        claim.refresh_from_db()
    again = analyst_client.post(
        URL, body(claims, "assign", assignee=analyst2.pk), format="json"
    ).json()
    assert again["done"] == {}
    assert sorted(again["unchanged"]) == sorted(c.pk for c in claims)
    assert ClaimEvent.objects.filter(claim__in=claims, action="assign").count() == 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"action": "approve"}, "action"),
        ({"action": None}, "action"),
        ({"ids": []}, "ids"),
        ({"ids": "12"}, "ids"),
        ({"ids": ["twelve"]}, "ids"),
        ({"ids": list(range(1, MAX_IDS + 2))}, "ids"),
        ({"versions": None}, "versions"),
        ({"versions": {}}, "versions"),
        ({"versions": {"x": 1}}, "versions"),
        ({"versions": {"1": "one"}}, "versions"),
        ({"comment": ""}, "comment"),
        ({"comment": "   "}, "comment"),
        ({"action": "assign"}, "assignee"),
        ({"action": "assign", "assignee": 999999}, "assignee"),
        ({"action": "tag"}, "tags"),
        ({"action": "tag", "tags": ["x" * 51]}, "tags"),
        ({"action": "tag", "tags": [" "]}, "tags"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_changes_nothing(analyst_client, change, field):
    claims = candidates(2)
    payload = {**body(claims, "dismiss", comment="Out of scope"), **change}
    response = analyst_client.post(URL, payload, format="json")
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert set(statuses(claims).values()) == {"candidate"}
    assert not ClaimEvent.objects.filter(claim__in=claims).exclude(action="propose").exists()


def test_more_ids_than_the_limit_get_a_clear_message(analyst_client):
    response = analyst_client.post(
        URL,
        {"action": "accept", "ids": list(range(1, MAX_IDS + 2)), "versions": {}},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["ids"] == [f"At most {MAX_IDS} claims at a time; split the request."]


def test_versions_sent_as_a_list_are_told_the_shape_expected(analyst_client):
    claims = candidates(2)
    payload = {**body(claims, "accept"), "versions": [c.version for c in claims]}
    response = analyst_client.post(URL, payload, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "versions": [
            'Give the version you read of each claim by its id, as {"<claim id>": <version>}: '
            '{"12": 3, "13": 1}.'
        ]
    }
    assert set(statuses(claims).values()) == {"candidate"}


def test_ids_sent_as_a_mapping_are_told_to_send_a_list(analyst_client):
    claims = candidates(1)
    payload = {**body(claims, "accept"), "ids": {str(claims[0].pk): 1}}
    response = analyst_client.post(URL, payload, format="json")
    assert response.status_code == 400
    assert response.json() == {"ids": ["Give the claims' ids as a list: [12, 13]."]}
    assert set(statuses(claims).values()) == {"candidate"}


def test_the_limit_itself_is_accepted(analyst_client):
    ids = list(range(10_000_001, 10_000_001 + MAX_IDS))
    payload = {"action": "accept", "ids": ids, "versions": {str(i): 1 for i in ids}}
    response = analyst_client.post(URL, payload, format="json")
    assert response.status_code == 200
    assert len(response.json()["refused"]) == MAX_IDS


def test_assigning_to_a_reviewer_is_refused(analyst_client, reviewer):
    claims = candidates(1)
    response = analyst_client.post(URL, body(claims, "assign", assignee=reviewer.pk), format="json")
    assert response.status_code == 400
    assert response.json() == {"assignee": ["Claims can only be assigned to analysts."]}


def test_non_members_and_reviewers_are_refused(anon_client, outsider_client, reviewer_client):
    claims = candidates(2)
    payload = body(claims, "dismiss", comment="Out of scope")
    for client in (anon_client, outsider_client):
        assert client.post(URL, payload, format="json").status_code == 403
    response = reviewer_client.post(URL, payload, format="json")
    assert response.status_code == 403
    assert response.json() == {"detail": "Only analysts may change claims."}
    assert set(statuses(claims).values()) == {"candidate"}
    assert not ClaimEvent.objects.filter(claim__in=claims).exists()


def test_bulk_takes_only_post(analyst_client):
    assert analyst_client.get(URL).status_code == 405


def test_bulk_is_in_the_schema(analyst_client):
    schema = analyst_client.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/claims/bulk/"]["post"]
    assert set(operation["responses"]) >= {"200", "400", "403", "409"}
    ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    request = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert request["properties"]["ids"]["maxItems"] == MAX_IDS
    assert set(request["required"]) == {"action", "ids", "versions"}
