"""The commitment pages, split by feature: lists, creation, the commitment and its actions, evidence."""

from commitments.views.actions import (
    carry_over_assess,
    commitment_detail,
    extension_decide,
    extension_request,
    progress_create,
    report_completed,
    verify,
)
from commitments.views.create import create_from_source
from commitments.views.evidence import evidence_download
from commitments.views.lists import commitment_list, extension_queue, verification_queue

__all__ = [
    "carry_over_assess",
    "commitment_detail",
    "commitment_list",
    "create_from_source",
    "evidence_download",
    "extension_decide",
    "extension_queue",
    "extension_request",
    "progress_create",
    "report_completed",
    "verification_queue",
    "verify",
]
