"""`{% workflow_panel claim %}`: the buttons a user may press, and the claim's timeline."""

import re

from django.db import connection
from django.template import RequestContext, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from claims import workflow
from claims.models import Claim
from tests.workflow.conftest import claim_in

Status = Claim.Status
PANEL = Template("{% load workflow %}{% workflow_panel claim %}")


def render_panel(claim: Claim, user) -> str:
    request = RequestFactory().get(f"/claims/{claim.pk}/")
    request.user = user
    return PANEL.render(RequestContext(request, {"claim": Claim.objects.get(pk=claim.pk)}))


def enabled_buttons(html: str) -> list[str]:
    return re.findall(r'<button type="submit"(?: class="primary")?>([^<]+)</button>', html)


def disabled_buttons(html: str) -> list[str]:
    return re.findall(r"<button type=\"submit\" disabled[^>]*>([^<]+)</button>", html)


def test_panel_offers_the_reviewer_approve_and_request_changes(analyst, reviewer):
    claim = claim_in(Status.IN_REVIEW, assignee=analyst, submitted_by=analyst)

    html = render_panel(claim, reviewer)

    assert enabled_buttons(html) == ["Approve", "Request changes"]
    assert f'action="/claims/{claim.pk}/transition/"' in html
    assert f'name="version" value="{claim.version}"' in html
    assert 'name="csrfmiddlewaretoken" value="' in html
    assert 'name="next" value="/claims/' in html


def test_panel_shows_own_submission_approve_disabled_with_reason(analyst_reviewer):
    claim = claim_in(Status.IN_REVIEW, assignee=None, submitted_by=analyst_reviewer)

    html = render_panel(claim, analyst_reviewer)

    assert disabled_buttons(html) == ["Approve"]
    assert "You submitted this verdict; another reviewer must approve it." in html
    assert enabled_buttons(html) == ["Request changes"]


def test_panel_offers_the_assignee_submit_with_rating_and_rationale(analyst):
    claim = claim_in(Status.IN_RESEARCH, assignee=analyst, rating="mixed", rationale="Half.")

    html = render_panel(claim, analyst)

    assert enabled_buttons(html) == ["Submit"]
    assert '<option value="mixed" selected>Mixed</option>' in html
    assert ">Half.</textarea>" in html


def test_panel_shows_timeline_with_comments_and_rating_changes(analyst, reviewer):
    claim = claim_in(Status.IN_RESEARCH, assignee=analyst, rating="")
    workflow.apply_action(
        claim.pk, "submit", actor=analyst, version=claim.version, rating="false", rationale="No."
    )
    workflow.apply_action(
        claim.pk,
        "request_changes",
        actor=reviewer,
        version=claim.version + 1,
        comment="Which ministry?",
    )

    html = render_panel(claim, analyst)

    assert html.index("ana</strong> submit") < html.index("rev</strong> request changes")
    assert "In research → In review" in html
    assert "rating: — → False" in html
    assert "Which ministry?" in html


def test_panel_runs_a_fixed_number_of_queries(analyst, reviewer):
    claim = claim_in(Status.IN_REVIEW, assignee=analyst, submitted_by=analyst)
    reviewer.has_perm("claims.approve_claim")  # permissions are cached per request user
    render_panel(claim, reviewer)
    with CaptureQueriesContext(connection) as few:
        render_panel(claim, reviewer)
    for n in range(21):
        fresh = Claim.objects.get(pk=claim.pk)
        action = "request_changes" if n % 2 == 0 else "submit"
        actor = reviewer if action == "request_changes" else analyst
        workflow.apply_action(claim.pk, action, actor=actor, version=fresh.version, comment="x")
    workflow.assign_claim(claim.pk, actor=analyst, version=claim.version + 21, assignee=None)

    with CaptureQueriesContext(connection) as many:
        render_panel(claim, reviewer)

    # One for the claim, one for the events; names of assignees cost one more at most.
    assert len(many) <= len(few) + 1 <= 4


def test_claim_page_shows_the_panel_and_its_buttons_work(client, analyst, reviewer):
    claim = claim_in(Status.IN_REVIEW, assignee=analyst, submitted_by=analyst)
    client.force_login(reviewer)
    page = client.get(f"/claims/{claim.pk}/").content.decode()
    assert f'action="/claims/{claim.pk}/transition/"' in page
    assert {"Approve", "Request changes"} <= set(enabled_buttons(page))
    assert 'name="action" value="approve"' in page

    response = client.post(
        f"/claims/{claim.pk}/transition/",
        {"action": "approve", "version": claim.version, "next": f"/claims/{claim.pk}/"},
        follow=True,
    )

    body = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/claims/{claim.pk}/"
    assert (
        f'Claim #{claim.pk} approved and published: <a href="/checks/{claim.pk}/">its public '
        "fact check</a>." in body
    )
    assert "rev</strong> approve" in body
    assert Claim.objects.get(pk=claim.pk).status == Status.APPROVED


def test_panel_after_a_refused_edit_sends_its_buttons_back_to_the_claim(client, analyst):
    claim = claim_in(Status.OPEN, assignee=analyst)
    client.force_login(analyst)

    refused = client.post(f"/claims/{claim.pk}/edit/", {"version": "999", "value_low": "x"})

    nexts = set(re.findall(r'name="next" value="([^"]*)"', refused.content.decode()))
    assert nexts == {f"/claims/{claim.pk}/"}
    assert Claim.objects.get(pk=claim.pk).version == claim.version


def test_removing_evidence_already_gone_is_refused_without_an_event(analyst):
    claim = claim_in(Status.IN_RESEARCH, assignee=analyst, evidence=2)
    evidence = claim.evidence.first()

    workflow.remove_evidence(evidence.pk, actor=analyst)
    try:
        workflow.remove_evidence(evidence.pk, actor=analyst)
    except workflow.InvalidAction as error:
        assert error.field == "evidence"
    else:
        raise AssertionError("the second removal was accepted")
    assert claim.events.filter(action="remove_evidence").count() == 1


def test_timeline_names_changed_fields_in_words(analyst):
    claim = claim_in(Status.OPEN, assignee=analyst)
    workflow.update_claim(
        claim.pk,
        actor=analyst,
        version=claim.version,
        attribution_status="confirmed",
        kinds=["quantitative", "attributive"],
        value_high=900,
    )

    html = render_panel(claim, analyst)

    assert "also changed: attribution status, kinds, upper bound" in html
    assert "value_high" not in html and "attribution_status" not in html
