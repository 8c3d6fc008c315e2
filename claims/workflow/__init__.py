"""The verdict workflow: every change to a claim goes through a function of this package.

Each function runs in one transaction: it locks the claim row, checks the actor's right, the
claim's status and the `version` the caller saw, saves only the fields that changed, bumps
`version`, writes one ClaimEvent, and queues follow-up work (mail) only once the transaction
has committed. Pages, the API, the admin, commands and tasks all call these functions.
"""

from claims.workflow.base import (
    EDITABLE_FIELDS,
    FROZEN_STATUSES,
    InvalidAction,
    NotAllowed,
    StaleVersion,
    WorkflowError,
)
from claims.workflow.bulk import BULK_ACTIONS, MAX_IDS, BulkResult, bulk_action
from claims.workflow.edits import (
    add_evidence,
    assign_claim,
    propose_candidates,
    record_claim,
    remove_evidence,
    update_claim,
)
from claims.workflow.links import copy_evidence, link_same_claim, unlink_same_claim
from claims.workflow.rounds import round_authors
from claims.workflow.spans import MOVABLE_STATUSES, SpanTaken, move_claim
from claims.workflow.transitions import (
    ACTIONS,
    Transition,
    allowed_actions,
    apply_action,
    refusal_reason,
    submit_draft,
)

__all__ = [
    "ACTIONS",
    "BULK_ACTIONS",
    "EDITABLE_FIELDS",
    "FROZEN_STATUSES",
    "MAX_IDS",
    "MOVABLE_STATUSES",
    "BulkResult",
    "InvalidAction",
    "NotAllowed",
    "SpanTaken",
    "StaleVersion",
    "Transition",
    "WorkflowError",
    "add_evidence",
    "allowed_actions",
    "apply_action",
    "assign_claim",
    "bulk_action",
    "copy_evidence",
    "link_same_claim",
    "move_claim",
    "propose_candidates",
    "record_claim",
    "refusal_reason",
    "remove_evidence",
    "round_authors",
    "submit_draft",
    "unlink_same_claim",
    "update_claim",
]
