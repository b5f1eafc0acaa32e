"""Member pages: list, detail, create, edit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from audit.services import record_read
from core import planner_stats
from core.lists import paginate, search, sort, trigram_words
from core.text import search_key
from core.views import lookup_response, perform
from members import leadership, lookups, services
from members.forms import MemberFilterForm, MemberForm
from members.models import Member, MemberCount
from organizations import lineage
from organizations.models import Organization

LIST_SORTS = {
    "name": "search_text",
    "card_number": "card_number",
    "date_of_birth": "date_of_birth",
    "admission_date": "admission_date",
    "organization": "organization__name",
    "status": "status",
}


# The list's filters the member counts carry; with any other (a search, the sex) the rows are counted, up to a cap.
COUNTED_FILTERS = {"organization", "status", "review_form"}

# A search matching this share of the members finds a page soon walking the name index, whatever its words.
WALK_SHARE = 0.1


def _name_search(members, filters, user, current_sort):
    """The searched list in name order, and the queryset its page is taken from first (``first_in``) or None.

    Two ways to the same rows. Sorting the matches finds them first: through the trigram index for words of
    three letters or more, through the reach for a narrower reader (a province's members by organization).
    Walking the (search_text, id) index tests members in name order until a page is full: for "nguyen van" a
    national user's page read 380,000 members (2 s), but for "le van" (no trigram to narrow it) the index
    alone gives the top reader its page in 20 ms, where a province walking it read 238,000 members (440 ms)
    and sorting its own 600 matches takes 11–24 ms (docs/performance.md).
    """
    query = filters.values["q"]
    if not query or current_sort.lstrip("-") != "name":
        return members, None
    whole_tree = access.reaches_all(user)
    first_in = _first_matches(filters, current_sort, whole_tree)
    if not _walks_name_index(query, whole_tree, first_in):
        members, _sort = sort(members, current_sort, LIST_SORTS, "name", matches_first=True, ties_follow=True)
    return members, first_in


def _walks_name_index(query, whole_tree, first_in):
    """Whether the list's own query walks the name index rather than sorting its matches.

    Only for a reader of the whole tree searching with a word too short for the trigram index: from the
    index alone when ``first_in`` is taken, else walking the table when the words are common enough that a
    page comes soon ("an": most members). "le van" backwards from "z" read 60 % of the nation's members
    (1.5 s), where sorting its 22,000 matches takes 146 ms: a share of the members under ``WALK_SHARE`` is
    sorted (the planner's estimates, PostgreSQL; elsewhere the walk).
    """
    if _trigram_search(query) or not whole_tree:
        return False
    if first_in is not None:
        return True
    matches = planner_stats.estimated_rows(search(Member.objects.all(), query))
    return matches is None or matches >= WALK_SHARE * planner_stats.estimated_rows(Member.objects.all())


def _trigram_search(query):
    words = search_key(query).split()
    return bool(words) and len(trigram_words(query)) == len(words)


def _first_matches(filters, current_sort, whole_tree):
    """Every member matching the search in name order, read from the name index, for a reader of the whole tree.

    Sorting the matches reads each of them: 94,000 for "nguyen van" at national scale, 190–420 ms; walking
    the table for a word too short for the trigram index tests every member before the page. For a reader
    whose reach holds every member and a search alone, the page is found among the first matches in the
    order of the (search_text, id) index, read from the index alone on a vacuumed table (a national page in
    20–90 ms; ``core.lists.paginate``'s ``first_in``), as autovacuum keeps it. A province's reach passes a
    few matches in a hundred: its matches are still sorted. The descending name order reads the index
    backwards (equal names by descending id, as the list orders them: "nguyen van" 205 → 30 ms).
    """
    others = any(value for name, value in filters.values.items() if name != "q")
    if current_sort.lstrip("-") != "name" or others or not whole_tree:
        return None
    if not planner_stats.read_from_indexes(Member):
        return None  # a table not vacuumed since its rows were written: the walk would read them all
    matches = search(Member.objects.all(), filters.values["q"])
    return sort(matches, current_sort, LIST_SORTS, "name", ties_follow=True)[0]


def _summary_count(filters, user):
    """The number of members listed, summed from the member counts, or None when a filter needs the rows.

    Counting a province's 100,000 members for the paginator took most of the list's time; the counts
    (``members.summaries``, kept by triggers) hold a few rows per organization.
    """
    if any(value for name, value in filters.values.items() if name not in COUNTED_FILTERS):
        return None
    counts = filters.filter(access.scope(MemberCount.objects.all(), user))
    return counts.aggregate(n=Sum("total"))["n"] or 0


@login_required
def member_list(request):
    filters = MemberFilterForm(request.GET, user=request.user)
    members = filters.filter(access.scope(Member.objects.select_related("organization__parent"), request.user))
    # Equal values in the reverse order of their keys when descending: the name index read backwards gives them so.
    members, current_sort = sort(members, request.GET.get("sort"), LIST_SORTS, "name", ties_follow=True)
    members, first_in = _name_search(members, filters, request.user, current_sort)
    # A search or the sex filter may match most of a national list: its rows are counted only up to a cap.
    count = _summary_count(filters, request.user)
    page = paginate(request, members, count=count, capped=True, first_in=first_in)
    context = {"filters": filters, "page_obj": page, "current_sort": current_sort}
    return render(request, "members/member_list.html", context)


@login_required
def member_detail(request, pk):
    member = access.get_or_404(Member.objects.select_related("organization__parent"), request.user, pk=pk)
    show_citizen_id = access.can(request.user, "member.view_citizen_id", member.organization)
    if show_citizen_id:
        _record_citizen_id_read(member)
    context = {
        "member": member,
        "memberships": [
            (period, lineage.changes_during(period.organization, period.start, period.end))
            for period in member.memberships.select_related("organization__parent").order_by("-start")
        ],
        "eligibility": member.eligible_for_review(timezone.localdate()),
        "show_citizen_id": show_citizen_id,
        "can_change": access.can(request.user, "member.change", member.organization),
        "seats": leadership.member_seats(member, request.user),
    }
    return render(request, "members/member_detail.html", context)


@login_required
def member_create(request, organization_pk):
    """A new member, by default in the organization ``organization_pk``."""
    organization = access.get_or_404(Organization.objects.all(), request.user, via="", pk=organization_pk)
    access.require(request.user, "member.change", organization)
    form = MemberForm(
        request.POST or None, user=request.user, organization=organization, initial={"organization": organization}
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and (done := perform(form, lambda: services.create_member(form.save(commit=False))))
    ):
        messages.success(request, _("The member was added."))
        return redirect("members:detail", done.result.pk)
    return render(request, "members/member_form.html", {"form": form, "organization": organization})


@login_required
def member_edit(request, pk):
    member = access.get_or_404(Member.objects.select_related("organization"), request.user, pk=pk)
    access.require(request.user, "member.change", member.organization)
    form = MemberForm(request.POST or None, instance=member, user=request.user, organization=member.organization)
    if (
        request.method == "POST"
        and form.is_valid()
        and perform(
            form, lambda: services.update_member(form.save(commit=False), form.changed_data, lock=form.edit_lock)
        )
    ):
        messages.success(request, _("The member was saved."))
        return redirect("members:detail", member.pk)
    if "citizen_id" in form.fields:  # the edit form shows the number in full
        _record_citizen_id_read(member)
    return render(request, "members/member_form.html", {"form": form, "member": member})


def _record_citizen_id_read(member):
    """A citizen ID shown unmasked is a read the audit trail keeps (who, when, from where)."""
    if member.citizen_id:
        record_read(member, "citizen_id", organization_id=member.organization_id)


@login_required
def member_lookup(request):
    """The member picker's suggestions (``core.widgets``): JSON, within the user's reach only."""
    params = lookups.LookupParams(request.GET).params()
    return lookup_response(lookups.member_choices(request.user, **params), request.GET.get("q", ""), lookups.describe)
