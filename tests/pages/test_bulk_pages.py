"""The bulk form of the claim list and the reader: many claims, one action, a summary."""

import re
from collections import Counter

import pytest
from django.urls import reverse

from claims.models import Claim, ClaimEvent
from tests.factories import ClaimFactory, SourceFactory
from tests.pages.markup import start_tags

pytestmark = pytest.mark.django_db
URL = reverse("claim-bulk")


def picked(*claims, **fields) -> dict:
    """Return the POST of the bulk form with these claims checked."""
    data = {f"bulk-{name}": value for name, value in fields.items()}
    data["ids"] = [c.pk for c in claims]
    for claim in claims:
        data[f"version-{claim.pk}"] = claim.version
    return data


def three_candidates():
    source = SourceFactory(text="one two three four five six seven eight nine ten")
    return source, [
        ClaimFactory(source=source, start=i * 4, end=i * 4 + 3, status="candidate")
        for i in range(3)
    ]


def test_claim_list_offers_a_box_per_claim_and_the_form(analyst_client):
    _, claims = three_candidates()
    response = analyst_client.get(reverse("claim-list"))
    tags = start_tags(response.content.decode())
    boxes = [a for t, a in tags if t == "input" and "bulk-pick" in a.get("class", "")]
    assert sorted(int(b["value"]) for b in boxes) == sorted(c.pk for c in claims)
    assert {b["form"] for b in boxes} == {"bulk-form"}
    versions = {a["name"]: a["value"] for t, a in tags if a.get("name", "").startswith("version-")}
    assert versions == {f"version-{c.pk}": "1" for c in claims}
    assert [a for t, a in tags if t == "form" and a.get("id") == "bulk-form"]
    ids = Counter(a["id"] for _, a in tags if "id" in a)
    assert [i for i, n in ids.items() if n > 1] == []


def test_reviewer_sees_no_bulk_form(reviewer_client):
    three_candidates()
    html = reviewer_client.get(reverse("claim-list")).content.decode()
    assert "bulk-form" not in html
    assert reviewer_client.post(URL, {}).status_code == 403


def test_reader_offers_a_box_per_candidate(analyst_client):
    source, claims = three_candidates()
    html = analyst_client.get(reverse("source-detail", args=[source.pk])).content.decode()
    tags = start_tags(html)
    boxes = [a for t, a in tags if t == "input" and "bulk-pick" in a.get("class", "")]
    assert sorted(int(b["value"]) for b in boxes) == sorted(c.pk for c in claims)
    ids = Counter(a["id"] for _, a in tags if "id" in a)
    assert [i for i, n in ids.items() if n > 1] == []


def test_dismissing_many_goes_back_with_a_summary_of_refusals(analyst_client, analyst):
    source, claims = three_candidates()
    stale = claims[2]
    Claim.objects.filter(pk=stale.pk).update(version=3)
    back = f"{reverse('source-detail', args=[source.pk])}?page=1"
    response = analyst_client.post(
        URL, picked(*claims, action="dismiss", comment="Out of scope", next=back), follow=True
    )
    assert response.redirect_chain == [(back, 302)]
    shown = [str(m) for m in response.context["messages"]]
    assert shown[0] == "2 claims dismissed."
    assert shown[1] == "1 claim not dismissed:"
    assert shown[2] == (
        f"#{stale.pk}: Someone changed it after the list was loaded. It is shown as it now "
        "stands: check it, then select it again."
    )
    statuses = dict(Claim.objects.filter(source=source).values_list("pk", "status"))
    assert statuses == {claims[0].pk: "dismissed", claims[1].pk: "dismissed", stale.pk: "candidate"}
    comments = ClaimEvent.objects.filter(action="dismiss").values_list("claim_id", "comment")
    assert sorted(comments) == [(claims[0].pk, "Out of scope"), (claims[1].pk, "Out of scope")]


def test_a_missing_reason_comes_back_beside_its_field_with_the_selection(analyst_client):
    _, claims = three_candidates()
    response = analyst_client.post(URL, picked(*claims[:2], action="dismiss", comment=""))
    assert response.status_code == 400
    assert response.context["form"].errors == {"comment": ["Give a reason for dismissing them."]}
    tags = start_tags(response.content.decode())
    checked = [int(a["value"]) for t, a in tags if "checked" in a and a.get("name") == "ids"]
    assert checked == [claims[0].pk, claims[1].pk]
    assert not ClaimEvent.objects.filter(action="dismiss").exists()


def test_bulk_dismiss_offers_the_single_dismiss_reasons_and_takes_no_other(analyst_client):
    source, claims = three_candidates()
    html = analyst_client.get(reverse("source-detail", args=[source.pk])).content.decode()
    single = reason_options(html, f"reason-{claims[0].pk}")
    assert single == [
        "Not a checkable claim",
        "Duplicate of another claim",
        "Opinion, not fact",
        "Out of scope",
    ]
    assert reason_options(html, "id_bulk-comment") == ["", *single]
    response = analyst_client.post(URL, picked(*claims, action="dismiss", comment="Boring"))
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["comment"]
    assert set(Claim.objects.values_list("status", flat=True)) == {"candidate"}
    assert not ClaimEvent.objects.filter(action="dismiss").exists()


def reason_options(html: str, select_id: str) -> list[str]:
    """Return the values of the options of one select of the page, in order."""
    select = re.search(rf'<select[^>]* id="{select_id}"[^>]*>(.*?)</select>', html, re.S)
    return [
        value if value is not None else text
        for value, text in (
            (m.group(1), m.group(2))
            for m in re.finditer(r'<option(?: value="([^"]*)")?[^>]*>([^<]*)</option>', select[1])
        )
    ]


def test_nothing_selected_or_no_analyst_to_assign_is_refused(analyst_client):
    _, claims = three_candidates()
    none = analyst_client.post(URL, {"bulk-action": "accept"})
    assert none.status_code == 400
    assert none.context["form"].non_field_errors() == ["Select at least one claim."]
    unassigned = analyst_client.post(URL, picked(*claims, action="assign"))
    assert unassigned.status_code == 400
    assert unassigned.context["form"].errors == {
        "assignee": ["Choose the analyst to assign them to."]
    }
    assert set(Claim.objects.values_list("status", flat=True)) == {"candidate"}


def test_tagging_and_assigning_from_the_list(analyst_client, analyst2):
    _, claims = three_candidates()
    tagged = analyst_client.post(
        URL, picked(*claims, action="tag", tags="CAR, Wagner"), follow=True
    )
    assert [str(m) for m in tagged.context["messages"]] == ["3 claims tagged."]
    assert {tuple(t) for t in Claim.objects.values_list("tags", flat=True)} == {("CAR", "Wagner")}
    for claim in claims:
        claim.refresh_from_db()
    assigned = analyst_client.post(
        URL, picked(*claims, action="assign", assignee=analyst2.pk), follow=True
    )
    assert [str(m) for m in assigned.context["messages"]] == ["3 claims assigned."]
    assert set(Claim.objects.values_list("assignee", flat=True)) == {analyst2.pk}
    assert ClaimEvent.objects.filter(action="assign").count() == 3


def test_summary_names_at_most_twenty_refusals(analyst_client):
    source = SourceFactory(text="x" * 200)
    claims = [ClaimFactory(source=source, start=i, end=i + 1, status="open") for i in range(21)]
    response = analyst_client.post(URL, picked(*claims, action="accept"), follow=True)
    shown = [str(m) for m in response.context["messages"]]
    assert shown[0] == "21 claims not accepted:"
    assert len(shown) == 1 + 20 + 1
    assert shown[-1] == "… and 1 more."
