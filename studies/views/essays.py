"""Study essays: the list (who still owes one), an essay's page, receive it, assess it, download its file."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import access
from core.downloads import media_download
from core.uploads import content_type
from core.views import perform
from studies import rows, services
from studies.forms import EssayAssessForm, EssayFilterForm, EssayReceiveForm
from studies.models import EssayStatus
from studies.views.common import list_page, visible_essay

SORTS = {"name": "member__full_name", "organization": "organization__path", "status": "status"}


@login_required
def essay_list(request):
    return list_page(
        request, "studies/essay_list.html", EssayFilterForm, rows.essays, SORTS, "organization",
        heading=_("Study essays"), export="study_essays", active="essays",
    )  # fmt: skip


def _page(request, essay, receive_form=None, assess_form=None):
    user, organization = request.user, essay.organization
    may_receive = essay.status != EssayStatus.ASSESSED and access.can(user, "study.record", organization)
    may_assess = (
        essay.plan.essays_assessed
        and essay.status != EssayStatus.OWED
        and access.can(user, "study.assess", organization)
    )
    initial = {"text": essay.text, "submitted_on": essay.submitted_on} if essay.submitted_on else None
    context = {
        "essay": essay,
        "receive_form": (receive_form or EssayReceiveForm(initial=initial)) if may_receive else None,
        "assess_form": (assess_form or EssayAssessForm(initial={"grade": essay.grade or None})) if may_assess else None,
    }
    return render(request, "studies/essay_detail.html", context)


@login_required
def essay_detail(request, pk):
    return _page(request, visible_essay(request.user, pk))


@login_required
@require_POST
def essay_receive(request, pk):
    essay = visible_essay(request.user, pk)
    access.require(request.user, "study.record", essay.organization)
    form = EssayReceiveForm(request.POST, request.FILES)
    if form.is_valid() and perform(form, lambda: services.receive_essay(essay, request.user, **form.cleaned_data)):
        messages.success(request, _("The essay was received."))
        return redirect("studies:essay", essay.pk)
    return _page(request, essay, receive_form=form)


@login_required
@require_POST
def essay_assess(request, pk):
    essay = visible_essay(request.user, pk)
    access.require(request.user, "study.assess", essay.organization)
    form = EssayAssessForm(request.POST)
    if form.is_valid() and perform(form, lambda: services.assess_essay(essay, request.user, **form.cleaned_data)):
        messages.success(request, _("The essay was assessed."))
        return redirect("studies:essay", essay.pk)
    return _page(request, essay, assess_form=form)


@login_required
def essay_file(request, pk):
    essay = visible_essay(request.user, pk)
    if not essay.file:
        raise Http404
    kind = essay.file_kind or "pdf"
    return media_download(essay.file.name, essay.file_name or "essay", content_type=content_type(kind))
