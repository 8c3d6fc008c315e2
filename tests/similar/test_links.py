"""Same claim: link, unlink and copy evidence, through the API and the claim page."""

import pytest

from claims.models import Claim, ClaimEvent, ClaimLink, Evidence
from claims.workflow import InvalidAction, NotAllowed, StaleVersion, link_same_claim
from tests.api.conftest import token_client
from tests.conftest import signed_in
from tests.factories import SourceFactory
from tests.similar.conftest import EARLIER, PARAPHRASE, make_claim

pytestmark = pytest.mark.django_db


def events(claim: Claim, action: str) -> list[ClaimEvent]:
    return list(ClaimEvent.objects.filter(claim=claim, action=action).order_by("id"))


def fresh(claim: Claim) -> Claim:
    return Claim.objects.get(pk=claim.pk)


@pytest.fixture
def with_evidence(earlier, analyst) -> Claim:
    """The earlier claim with two evidence links and its verdict."""
    Evidence.objects.create(
        claim=earlier,
        source=SourceFactory(title="UN panel report"),
        stance="contradicts",
        excerpt="The panel counted about 400.",
        source_figure="about 400",
        figure_low=360,
        figure_high=440,
        credibility=2,
        note="Table 3.",
    )
    Evidence.objects.create(
        claim=earlier, source=SourceFactory(title="Ministry"), stance="supports", credibility=4
    )
    Claim.objects.filter(pk=earlier.pk).update(rationale="The panel's count is far lower.")
    return earlier


# --- API ---------------------------------------------------------------------------


def test_linking_through_the_api_writes_the_link_and_an_event_on_both(earlier, later, analyst):
    response = token_client(analyst).post(
        f"/api/v1/claims/{later.pk}/same-as/",
        {"earlier": earlier.pk, "version": later.version},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["same_as"] == [earlier.pk] and body["version"] == later.version + 1
    link = ClaimLink.objects.get()
    assert (link.claim_id, link.earlier_id, link.created_by) == (later.pk, earlier.pk, analyst)
    [on_later] = events(later, "link_same")
    [on_earlier] = events(earlier, "link_same")
    assert on_later.changes == {"same_as": [None, earlier.pk]} and on_later.actor == analyst
    assert on_earlier.changes == {"repeated_by": [None, later.pk]}
    assert fresh(earlier).version == earlier.version  # the earlier claim itself is unchanged
    detail = token_client(analyst).get(f"/api/v1/claims/{earlier.pk}/").json()
    assert detail["repeated_by"] == [later.pk] and detail["same_as"] == []


def test_unlinking_through_the_api_removes_it_with_an_event_on_both(earlier, later, analyst):
    link_same_claim(later, actor=analyst, earlier=earlier.pk, version=later.version)
    version = fresh(later).version
    url = f"/api/v1/claims/{later.pk}/same-as/{earlier.pk}/?version={version}"
    response = token_client(analyst).delete(url)
    assert response.status_code == 200 and response.json()["same_as"] == []
    assert not ClaimLink.objects.exists()
    assert events(later, "unlink_same")[0].changes == {"same_as": [earlier.pk, None]}
    assert events(earlier, "unlink_same")[0].changes == {"repeated_by": [later.pk, None]}
    again = token_client(analyst).delete(
        f"/api/v1/claims/{later.pk}/same-as/{earlier.pk}/?version={version + 1}"
    )
    assert again.status_code == 400 and "earlier" in again.json()


def test_copying_evidence_adds_each_link_with_its_event_never_the_verdict(
    with_evidence, later, analyst
):
    link_same_claim(later, actor=analyst, earlier=with_evidence.pk, version=later.version)
    version = fresh(later).version
    client = token_client(analyst)
    url = f"/api/v1/claims/{later.pk}/copy-evidence/"
    response = client.post(url, {"earlier": with_evidence.pk, "version": version}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert len(body["copied"]) == 2 and body["version"] == version + 2
    copied = list(Evidence.objects.filter(claim=later).order_by("id"))
    assert [(e.source.title, e.stance) for e in copied] == [
        ("UN panel report", "contradicts"),
        ("Ministry", "supports"),
    ]
    first = copied[0]
    assert (first.excerpt, first.source_figure, first.credibility, first.note) == (
        "The panel counted about 400.",
        "about 400",
        2,
        "Table 3.",
    )
    adds = events(later, "add_evidence")
    assert len(adds) == 2 and adds[0].comment == f"Copied from claim #{with_evidence.pk}."
    later = fresh(later)
    assert (later.rating, later.rationale, later.status) == ("", "", "open")
    # Copying again adds nothing: the links are already there.
    again = client.post(url, {"earlier": with_evidence.pk, "version": later.version}, format="json")
    assert again.status_code == 200 and again.json()["copied"] == []
    assert Evidence.objects.filter(claim=later).count() == 2


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "earlier"),
        ({"earlier": "x", "version": 1}, "earlier"),
        ({"earlier": 999999, "version": 1}, "earlier"),
        ({"earlier": 1}, "version"),
    ],
)
def test_bad_link_input_names_the_field_and_changes_nothing(later, analyst, body, field):
    response = token_client(analyst).post(
        f"/api/v1/claims/{later.pk}/same-as/", body, format="json"
    )
    assert response.status_code == 400 and field in response.json()
    assert not ClaimLink.objects.exists() and not events(later, "link_same")


def test_a_claim_cannot_be_linked_to_itself_a_later_claim_or_its_own_words(earlier, later, analyst):
    client = token_client(analyst)
    cases = [
        (later, later),  # itself
        (later, make_claim(EARLIER + " (newer)")),  # the "earlier" one was recorded after
        (make_claim(EARLIER + " (x)", source=earlier.source, start=0, end=10), earlier),
    ]
    candidate = make_claim(EARLIER + " (c)", status=Claim.Status.CANDIDATE)
    cases.append((make_claim(PARAPHRASE + " (later)"), candidate))  # never taken on
    for claim, other in cases:
        response = client.post(
            f"/api/v1/claims/{claim.pk}/same-as/",
            {"earlier": other.pk, "version": claim.version},
            format="json",
        )
        assert response.status_code == 400, (claim, other)
        assert "earlier" in response.json()
    assert not ClaimLink.objects.exists()


def test_a_stale_version_is_409_and_a_frozen_claim_refuses(earlier, later, analyst):
    client = token_client(analyst)
    url = f"/api/v1/claims/{later.pk}/same-as/"
    stale = client.post(url, {"earlier": earlier.pk, "version": 99}, format="json")
    assert stale.status_code == 409
    Claim.objects.filter(pk=later.pk).update(status=Claim.Status.IN_REVIEW, rating="false")
    frozen = client.post(url, {"earlier": earlier.pk, "version": later.version}, format="json")
    assert frozen.status_code == 400 and "status" in frozen.json()
    copy = client.post(
        f"/api/v1/claims/{later.pk}/copy-evidence/",
        {"earlier": earlier.pk, "version": later.version},
        format="json",
    )
    assert copy.status_code == 400
    assert not ClaimLink.objects.exists()


def test_copying_needs_the_link_first(earlier, later, analyst):
    response = token_client(analyst).post(
        f"/api/v1/claims/{later.pk}/copy-evidence/",
        {"earlier": earlier.pk, "version": later.version},
        format="json",
    )
    assert response.status_code == 400 and "earlier" in response.json()


def test_reviewers_outsiders_and_unknown_claims_cannot_link(earlier, later, reviewer, outsider):
    body = {"earlier": earlier.pk, "version": later.version}
    url = f"/api/v1/claims/{later.pk}/same-as/"
    assert token_client(reviewer).post(url, body, format="json").status_code == 403
    assert token_client(outsider).post(url, body, format="json").status_code == 403
    assert token_client(None).post(url, body, format="json").status_code == 403
    unknown = token_client(reviewer).post("/api/v1/claims/999999/same-as/", body, format="json")
    assert unknown.status_code == 404
    assert not ClaimLink.objects.exists()


def test_the_workflow_function_checks_the_actor_and_the_version(earlier, later, reviewer, analyst):
    with pytest.raises(NotAllowed):
        link_same_claim(later, actor=reviewer, earlier=earlier.pk, version=later.version)
    with pytest.raises(StaleVersion):
        link_same_claim(later, actor=analyst, earlier=earlier.pk, version=later.version + 1)
    link_same_claim(later, actor=analyst, earlier=earlier.pk, version=later.version)
    with pytest.raises(InvalidAction, match="already linked"):
        link_same_claim(later, actor=analyst, earlier=earlier.pk, version=fresh(later).version)


# --- pages -------------------------------------------------------------------------


def test_the_claim_page_suggests_and_links_the_earlier_claim(earlier, later, analyst):
    client = signed_in(analyst)
    page = client.get(f"/claims/{later.pk}/").content.decode()
    assert "Checked before" in page and f"#{earlier.pk} “{EARLIER}”" in page
    assert "Strong match" in page and "same place: Bambari" in page
    response = client.post(
        f"/claims/{later.pk}/same-as/", {"same-earlier": earlier.pk, "same-version": later.version}
    )
    assert response.status_code == 302 and response["Location"].endswith("#same-claim")
    assert ClaimLink.objects.filter(claim=later, earlier=earlier).exists()
    assert events(later, "link_same") and events(earlier, "link_same")
    page = client.get(f"/claims/{later.pk}/").content.decode()
    assert "Says the same as" in page and "linked as the same claim" in page
    other_side = client.get(f"/claims/{earlier.pk}/").content.decode()
    assert "Later claims saying the same" in other_side and f"#{later.pk} “" in other_side


def test_the_page_copies_evidence_and_unlinks(with_evidence, later, analyst):
    client = signed_in(analyst)
    link_same_claim(later, actor=analyst, earlier=with_evidence.pk, version=later.version)
    version = fresh(later).version
    response = client.post(
        f"/claims/{later.pk}/copy-evidence/",
        {"same-earlier": with_evidence.pk, "same-version": version},
    )
    assert response.status_code == 302 and response["Location"].endswith("#evidence")
    assert Evidence.objects.filter(claim=later).count() == 2
    version = fresh(later).version
    response = client.post(
        f"/claims/{later.pk}/same-as/{with_evidence.pk}/remove/", {"version": version}
    )
    assert response.status_code == 302
    assert not ClaimLink.objects.exists()
    assert events(later, "unlink_same") and events(with_evidence, "unlink_same")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"same-earlier": "", "same-version": "1"}, "This field is required."),
        ({"same-earlier": "abc", "same-version": "1"}, "Enter a whole number."),
        ({"same-earlier": "999999", "same-version": "1"}, "There is no claim #999999."),
    ],
)
def test_bad_page_input_is_shown_beside_the_field(later, analyst, data, message):
    response = signed_in(analyst).post(f"/claims/{later.pk}/same-as/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and 'id="id_same-earlier_error"' in page
    assert not ClaimLink.objects.exists()


def test_the_page_refuses_a_later_claim_and_a_stale_version(earlier, later, analyst):
    client = signed_in(analyst)
    newer = make_claim(EARLIER + " (newer)")
    wrong_way = client.post(
        f"/claims/{later.pk}/same-as/",
        {"same-earlier": newer.pk, "same-version": later.version},
    )
    assert (
        wrong_way.status_code == 400 and "was recorded after this one" in wrong_way.content.decode()
    )
    stale = client.post(
        f"/claims/{later.pk}/same-as/", {"same-earlier": earlier.pk, "same-version": 99}
    )
    assert stale.status_code == 400 and "changed since you loaded it" in stale.content.decode()
    assert not ClaimLink.objects.exists()


def test_outsiders_and_reviewers_cannot_use_the_link_forms(earlier, later, outsider, reviewer):
    data = {"same-earlier": earlier.pk, "same-version": later.version}
    assert signed_in(outsider).post(f"/claims/{later.pk}/same-as/", data).status_code in (403, 404)
    assert signed_in(reviewer).post(f"/claims/{later.pk}/same-as/", data).status_code == 403
    assert signed_in(reviewer).get(f"/claims/{later.pk}/same-as/").status_code == 405
    assert not ClaimLink.objects.exists()


def test_the_record_page_shows_what_was_checked_before(earlier, analyst):
    text = f"Officials told us: {PARAPHRASE}"
    source = SourceFactory(text=text)
    start = text.index("In 2024")
    page = (
        signed_in(analyst)
        .get(f"/claims/new/?source={source.pk}&start={start}&end={len(text)}")
        .content.decode()
    )
    assert "Checked before?" in page and f"#{earlier.pk} “{EARLIER}”" in page


def test_fragments_for_the_reader_and_the_queue(earlier, later, analyst, outsider):
    client = signed_in(analyst)
    fragment = client.get(f"/claims/{later.pk}/similar/")
    assert fragment.status_code == 200
    html = fragment.content.decode()
    assert "<html" not in html and f"#{earlier.pk} “" in html
    assert "Similar approved claims were rated: <strong>False</strong> ×1" in html
    approved = client.get(f"/claims/{later.pk}/similar/?approved=1").content.decode()
    assert f"#{earlier.pk} “" in approved
    source = SourceFactory(text=f"Officials told us: {PARAPHRASE}")
    span = client.get(f"/claims/similar/?source={source.pk}&start=19&end={len(source.text)}")
    assert span.status_code == 200 and f"#{earlier.pk} “" in span.content.decode()
    assert client.get(f"/claims/similar/?source={source.pk}&start=5&end=1").status_code == 404
    assert client.get("/claims/999999/similar/").status_code == 404
    assert signed_in(outsider).get(f"/claims/{later.pk}/similar/").status_code == 403


# --- admin -------------------------------------------------------------------------


def test_the_admin_shows_links_read_only_and_removes_them_through_the_workflow(
    earlier, later, analyst, admin_member
):
    link = link_same_claim(later, actor=analyst, earlier=earlier.pk, version=later.version)
    admin = signed_in(admin_member)
    listing = admin.get("/admin/claims/claimlink/")
    assert f"#{later.pk} is the same claim as #{earlier.pk}" in listing.content.decode()
    page = admin.get(f"/admin/claims/claimlink/{link.pk}/change/")
    assert page.status_code == 200 and 'name="earlier"' not in page.content.decode()
    admin.post(f"/admin/claims/claimlink/{link.pk}/change/", {"earlier": later.pk})
    assert ClaimLink.objects.filter(claim=later, earlier=earlier).exists()

    admin.post(
        "/admin/claims/claimlink/", {"action": "unlink_selected", "_selected_action": [link.pk]}
    )
    assert not ClaimLink.objects.exists()
    assert [e.changes for e in events(later, "unlink_same")] == [{"same_as": [earlier.pk, None]}]
    assert [e.changes for e in events(earlier, "unlink_same")] == [
        {"repeated_by": [later.pk, None]}
    ]
