"""Pages of the document register: list, detail, create, edit, download."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts import access
from core import lists
from core.downloads import media_download
from core.views import perform
from documents.forms import DocumentFilterForm, DocumentForm
from documents.hooks import related_lists
from documents.models import Document
from documents.services import save_document

SORTS = {"number": "number", "date": "issued_on", "type": "kind", "issuer": "issuing_body"}


def _visible(user):
    return Document.objects.visible_to(user)


@login_required
def document_list(request):
    filters = DocumentFilterForm(request.GET)
    visible = _visible(request.user)
    documents = filters.filter(visible.select_related("organization"))
    documents, current_sort = lists.sort(documents, request.GET.get("sort"), SORTS, "-date")
    context = {
        "filters": filters,
        "issuers": filters.issuers(visible),
        "page_obj": lists.paginate(request, documents),
        "current_sort": current_sort,
        "may_register": access.can_anywhere(request.user, "document.change"),
    }
    return render(request, "documents/document_list.html", context)


@login_required
def document_detail(request, pk):
    document = get_object_or_404(_visible(request.user).select_related("organization"), pk=pk)
    context = {
        "document": document,
        "may_change": access.can(request.user, "document.change", document.organization),
        "cycles": document.cycles.all(),
        "related": [(related.label, related.links(document, request.user)) for related in related_lists],
    }
    return render(request, "documents/document_detail.html", context)


@login_required
def document_create(request):
    access.require_anywhere(request.user, "document.change")
    form = DocumentForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        # The organization is chosen in the form, so its permission is known only now.
        access.require(request.user, "document.change", form.cleaned_data["organization"])
        if done := perform(form, lambda: save_document(form)):
            messages.success(request, _("The document was registered."))
            return redirect("documents:detail", done.result.pk)
    return render(request, "documents/document_form.html", {"form": form})


@login_required
def document_edit(request, pk):
    document = get_object_or_404(_visible(request.user), pk=pk)
    access.require(request.user, "document.change", document.organization)
    form = DocumentForm(request.POST or None, request.FILES or None, instance=document, user=request.user)
    if request.method == "POST" and form.is_valid() and perform(form, lambda: save_document(form)):
        messages.success(request, _("The document was saved."))
        return redirect("documents:detail", document.pk)
    return render(request, "documents/document_form.html", {"form": form, "document": document})


@login_required
def document_file(request, pk):
    document = get_object_or_404(_visible(request.user), pk=pk)
    if not document.file:
        raise Http404
    return media_download(document.file.name, document.file_name or "document")
