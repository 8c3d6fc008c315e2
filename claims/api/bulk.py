"""`POST claims/bulk/`: one workflow action on many claims, each with its own event."""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from claims.workflow import BULK_ACTIONS, MAX_IDS, BulkResult, bulk_action
from claims.workflow.bulk import MAX_TAGS, TAG_LENGTH


class BulkSerializer(serializers.Serializer):
    """Which claims, which action, and the version of each claim you read."""

    action = serializers.ChoiceField(
        choices=list(BULK_ACTIONS),
        help_text="`accept`, `dismiss` (needs `comment`), `start`, `assign` (needs `assignee`) "
        "or `tag` (needs `tags`).",
    )
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        allow_empty=False,
        max_length=MAX_IDS,
        error_messages={
            "max_length": f"At most {MAX_IDS} claims at a time; split the request.",
            "not_a_list": "Give the claims' ids as a list: [12, 13].",
        },
        help_text=f"The claims to act on, at most {MAX_IDS}.",
    )
    versions = serializers.DictField(
        child=serializers.IntegerField(min_value=1),
        error_messages={
            # Formatted with the type given: the braces of the example are doubled.
            "not_a_dict": "Give the version you read of each claim by its id, as "
            '{{"<claim id>": <version>}}: {{"12": 3, "13": 1}}.'
        },
        help_text='The version you read of each claim, by id: `{"12": 3, "13": 1}`. A claim '
        "changed since is refused as `stale`; the others go ahead.",
    )
    comment = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=5000,
        help_text="The reason, for `dismiss`; written into each claim's event.",
    )
    assignee = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.filter(is_active=True),
        allow_null=True,
        required=False,
        help_text="For `assign`: the analyst's user id, or null to unassign.",
    )
    tags = serializers.ListField(
        child=serializers.CharField(max_length=TAG_LENGTH),
        required=False,
        max_length=MAX_TAGS,
        help_text="For `tag`: tags added to each claim (those it has stay).",
    )

    def validate(self, attrs: dict) -> dict:
        if attrs["action"] == "assign" and "assignee" not in attrs:
            raise serializers.ValidationError(
                {"assignee": ["Give the analyst to assign (or null to unassign)."]}
            )
        if attrs["action"] == "tag" and not attrs.get("tags"):
            raise serializers.ValidationError({"tags": ["Give at least one tag to add."]})
        return attrs


class BulkRefusalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reason = serializers.CharField(help_text="Why this claim was left as it was.")
    problem = serializers.ChoiceField(
        choices=["not_found", "not_allowed", "stale", "invalid"],
        help_text="`stale`: changed since you read it (reload it); `not_allowed`: not yours to "
        "do; `invalid`: not possible in its status or a requirement is missing.",
    )
    field = serializers.CharField(allow_null=True, help_text="The field the reason is about.")


class BulkResultSerializer(serializers.Serializer):
    action = serializers.CharField()
    done = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="The claims changed, each with its new version, by id.",
    )
    unchanged = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="Claims that already were so (assigned to the same analyst, had the tags).",
    )
    refused = BulkRefusalSerializer(many=True)


class BulkActionsMixin:
    """The claims endpoint's bulk action."""

    @extend_schema(
        request=BulkSerializer,
        responses={200: BulkResultSerializer},
        examples=[
            OpenApiExample(
                "Dismiss two candidates",
                request_only=True,
                value={
                    "action": "dismiss",
                    "ids": [12, 13],
                    "versions": {"12": 1, "13": 1},
                    "comment": "Not a checkable claim",
                },
            ),
            OpenApiExample(
                "One dismissed, one changed since it was read",
                response_only=True,
                value={
                    "action": "dismiss",
                    "done": {"12": 2},
                    "unchanged": [],
                    "refused": [
                        {
                            "id": 13,
                            "reason": "The claim changed since you loaded it (version 1, now "
                            "2); reload and try again.",
                            "problem": "stale",
                            "field": "version",
                        }
                    ],
                },
            ),
        ],
    )
    @action(detail=False, methods=["post"], filterset_class=None, pagination_class=None)
    def bulk(self, request: Request) -> Response:
        """Apply one action to many claims (analysts); each claim goes through the workflow.

        Each claim is changed with its own event, or refused with the reason; the request as a
        whole is refused (400, naming the field) only when it is malformed, and then nothing
        changes.
        """
        serializer = BulkSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        result = bulk_action(
            data["ids"],
            data["action"],
            actor=request.user,
            versions=data["versions"],
            comment=data["comment"],
            assignee=data.get("assignee"),
            tags=data.get("tags") or (),
        )
        return Response(result_body(result))


def result_body(result: BulkResult) -> dict:
    """Return a bulk result as the API shows it."""
    return {
        "action": result.action,
        "done": {str(pk): version for pk, version in result.done.items()},
        "unchanged": result.unchanged,
        "refused": [
            {"id": r.id, "reason": r.reason, "problem": r.problem, "field": r.field}
            for r in result.refused
        ],
    }
