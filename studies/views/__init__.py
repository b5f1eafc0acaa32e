"""The study pages, one module per thing: plans, sessions with their attendance, essays."""

from studies.views.essays import essay_assess, essay_detail, essay_file, essay_list, essay_receive
from studies.views.plans import plan_create, plan_detail, plan_edit, plan_list, plan_refresh_essays
from studies.views.sessions import (
    attendance_edit,
    attendance_list,
    session_create,
    session_detail,
    session_edit,
    session_list,
)

__all__ = [
    "attendance_edit",
    "attendance_list",
    "essay_assess",
    "essay_detail",
    "essay_file",
    "essay_list",
    "essay_receive",
    "plan_create",
    "plan_detail",
    "plan_edit",
    "plan_list",
    "plan_refresh_essays",
    "session_create",
    "session_detail",
    "session_edit",
    "session_list",
]
