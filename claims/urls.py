"""Every page of the desk: dashboard, claims, sources and the reader, the review queue, and
the published verdicts."""

from django.urls import path

from claims.views import (
    bulk,
    claims,
    dashboard,
    exports,
    lookups,
    public,
    records,
    review,
    search,
    similar,
    sources,
)

urlpatterns = [
    path("", dashboard.home, name="home"),
    # Claims
    path("claims/", claims.claim_list, name="claim-list"),
    path("claims/new/", claims.claim_record, name="claim-record"),
    path("claims/bulk/", bulk.claim_bulk, name="claim-bulk"),
    path("claims/<int:pk>/", claims.claim_detail, name="claim-detail"),
    path("claims/<int:pk>/edit/", claims.claim_edit, name="claim-edit"),
    path("claims/<int:pk>/move/", claims.claim_move, name="claim-move"),
    # Checked before? and same claim
    path("claims/similar/", similar.span_similar, name="span-similar"),
    path("claims/<int:pk>/similar/", similar.claim_similar, name="claim-similar"),
    path("claims/<int:pk>/same-as/", similar.same_as, name="claim-same-as"),
    path(
        "claims/<int:pk>/same-as/<int:earlier_pk>/remove/",
        similar.same_as_remove,
        name="claim-same-as-remove",
    ),
    path("claims/<int:pk>/copy-evidence/", similar.evidence_copy, name="claim-copy-evidence"),
    path("claims/<int:pk>/evidence/", claims.evidence_add, name="evidence-add"),
    path(
        "claims/<int:pk>/evidence/<int:evidence_pk>/remove/",
        claims.evidence_remove,
        name="evidence-remove",
    ),
    # The verdict workflow
    path("claims/<int:pk>/transition/", review.claim_transition, name="claim-transition"),
    path("review/", review.review_queue, name="review-queue"),
    path("my-work/", review.my_work, name="my-work"),
    # Sources and the reader
    path("sources/", sources.source_list, name="source-list"),
    path("sources/add/", sources.source_add, name="source-add"),
    path("sources/<int:pk>/", sources.source_detail, name="source-detail"),
    path("sources/<int:pk>/extract/", sources.source_extract, name="source-extract"),
    path(
        "sources/<int:pk>/extraction/<int:job_id>/",
        sources.source_progress,
        name="source-progress",
    ),
    path(
        "sources/<int:pk>/passages/<int:passage_pk>/speaker/",
        sources.passage_speaker,
        name="passage-speaker",
    ),
    path(
        "sources/extraction/<int:job_id>/state/", sources.extraction_state, name="extraction-state"
    ),
    path(
        "sources/extraction/<int:job_id>/retry/", sources.extraction_retry, name="extraction-retry"
    ),
    path("sources/<int:pk>/edit/", records.source_edit, name="source-edit"),
    path("sources/<int:pk>/remove/", records.source_remove, name="source-remove"),
    path("sources/<int:pk>/archive/", records.source_archive, name="source-archive"),
    # Outlets and their grades
    path("outlets/", records.outlet_list, name="outlet-list"),
    path("outlets/<int:pk>/", records.outlet_detail, name="outlet-detail"),
    # Exports of the claim list, and personal API tokens
    path("exports/", exports.export_list, name="export-list"),
    path("exports/new/", exports.export_start, name="export-start"),
    path("exports/<int:pk>/", exports.export_detail, name="export-detail"),
    path("exports/<int:pk>/state/", exports.export_state, name="export-state"),
    path("exports/<int:pk>/download/", exports.export_download, name="export-download"),
    path("exports/<int:pk>/retry/", exports.export_retry, name="export-retry"),
    path("tokens/", exports.api_tokens, name="api-tokens"),
    # Search: claims, source texts and evidence
    path("search/", search.search_page, name="search"),
    # Pickers that search as you type
    path("lookup/sources/", lookups.lookup_sources, name="lookup-sources"),
    path("lookup/members/", lookups.lookup_members, name="lookup-members"),
    # Published verdicts, for anyone (the prefix is PUBLIC_PREFIX of claims.publishing)
    path("checks/", public.verdict_index, name="public-index"),
    path("checks/feed/", public.verdict_feed, name="public-feed"),
    path("checks/<int:pk>/", public.verdict_page, name="public-verdict"),
]
