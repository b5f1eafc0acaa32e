"""What the review documents say: Mẫu 01, Mẫu 2A/2B/2C, the meeting minutes, the voting slips, the decision.

Each function takes the stored record (already loaded through the access
module) and returns ``layout.Paper``\\ s; nothing here lays anything out.
"""

from django.utils import timezone
from django.utils.formats import date_format

from commitments.models import CarryOverItem
from directives.services import section_iv_items
from organizations.lineage import attach_names_then
from paperwork import bodies
from paperwork.layout import Field, Heading, Paper, Signature, Table, Text, dotted
from paperwork.wording import words
from reviews.models import CollectiveReview, IndividualReview, MeetingRecord
from reviews.models.placement import cycle_date
from reviews.rules import MEMBER, ORGANIZATION

MAX_SLIPS = 300


def _day(moment):
    return timezone.localdate(moment) if moment else None


def _date(day):
    return date_format(day, "d/m/Y") if day else words("layout")["dots"][:10]


def form_code(cycle, form):
    """The regime's code for ``form``; a cycle opened before the codes were recorded uses its rule set's."""
    return cycle.rules.form_code(form) or cycle.rule_set.rules.form_code(form)


def _remediation_blocks(review, notes):
    """Section III: each earlier shortcoming carried over with its assessment, then the review's own notes."""
    text = words("review")
    lookup = "collective_review" if isinstance(review, CollectiveReview) else "individual_review"
    items = CarryOverItem.objects.filter(**{lookup: review}).select_related("commitment")
    rows = []
    for item in items:
        result = item.get_assessment_display() if item.assessment else text["not_assessed"]
        if item.degree is not None:
            result = text["degree"].format(assessment=result, degree=item.degree)
        rows.append((item.commitment.shortcoming, item.commitment.measure, result))
    blocks = [Heading(text["remediation"])]
    if rows:
        blocks.append(Table(tuple(text["carry_over_columns"]), tuple(rows), widths=(4, 4, 2)))
    if notes or not rows:  # dotted lines to write on only when nothing at all is stored
        blocks += dotted(notes)
    return blocks


def _rating_blocks(review, kind):
    """Part B: the scores where the regime scores, and the self-assessed level."""
    text, rules = words("review"), review.cycle.rules
    if not review.is_rated:
        return [Text(text["not_rated"].format(reason=review.not_rated_reason))]
    level = rules.label(kind, review.self_level) or words("layout")["dots"][:15]
    if not rules.scores:
        return [Text(text["level"].format(level=level))]

    def score(value):
        # Vietnamese writes a decimal comma: 26,5/30.
        return "…" if value is None else f"{value.normalize():f}".replace(".", ",")

    general_max, results_max = rules.general_max, rules.results_max
    return [
        Heading(text["scores"], level=3),
        Text(text["general_score"].format(score=score(review.general_score), max=general_max)),
        Text(text["results_score"].format(score=score(review.results_score), max=results_max)),
        Text(text["total_score"].format(score=score(review.total_score), max=general_max + results_max), bold=True),
        Heading(text["level_scored"].format(level=level), level=3),
    ]


def _explanation_blocks(review):
    """Section IV of Mẫu 01: the explanation report's own rows, item by item."""
    text = words("collective")
    blocks = []
    for number, item in enumerate(section_iv_items(review), start=1):
        blocks.append(Text(text["explanation_item"].format(number=number, item=item.directive_item.text), bold=True))
        for name in ("facts", "objective_causes", "subjective_causes", "collective_responsibility"):
            if getattr(item, name):
                blocks.append(Text(text[name].format(text=getattr(item, name))))
        blocks.append(Text(text["head_responsibility"].format(text=item.head_responsibility or "…")))
        blocks += [
            Text(text["person_responsibility"].format(name=person.member_name, text=person.text))
            for person in item.people.all()
        ]
    return blocks


def _named_then(review):
    """The review's organization as on its cycle's date: a past cycle's document is as it was then."""
    return bodies.as_on(cycle_date(review), review.organization)


def _then(items, review):
    """``items`` (reviews of ``review``'s cycle) with their organizations as named then (one query)."""
    return attach_names_then(items, cycle_date(review))


def collective_form(review):
    """Mẫu 01: the collective's review report."""
    organization, cycle = _named_then(review), review.cycle
    text, shared = words("collective"), words("review")
    blocks = [
        Heading(shared["part_a"], level=1),
        Heading(shared["strengths"]),
        *dotted(review.strengths),
        Heading(shared["weaknesses"]),
        Heading(text["weaknesses"], level=3),
        *dotted(review.weaknesses),
        Heading(text["causes"], level=3),
        *dotted(review.causes),
        *_remediation_blocks(review, review.remediation_notes),
        Heading(shared["explanation"]),
        *_explanation_blocks(review),
        Heading(text["responsibility"]),
        *dotted(review.responsibility),
        Heading(shared["directions"]),
        *dotted(review.directions),
        Heading(text["part_b"], level=1),
        *_rating_blocks(review, ORGANIZATION),
    ]
    recipients = [text["filed"].format(body=bodies.issuing_body(organization))]
    if organization.parent_id:
        recipients.insert(0, text["report_to"].format(body=bodies.issuing_body(organization.parent)))
    paper = Paper(
        header=bodies.header(
            organization,
            kind=words("kinds")["report"],
            date=_day(review.submitted_at),
            year=cycle.year,
            form_code=form_code(cycle, "01"),
        ),
        title=text["title"],
        subtitle=text["subtitle"].format(organization=organization.name, year=cycle.year),
        blocks=blocks,
        recipients=tuple(recipients),
        signatures=(bodies.head_signature(organization),),
    )
    return [paper]


def _member_fields(review, organization):
    member, labels = review.member, words("individual")["fields"]
    fields = [
        Field(labels["name"], member.full_name),
        Field(labels["birth"], date_format(member.date_of_birth, "d/m/Y")),
    ]
    if review.form != "2C":
        fields += [
            Field(labels["party_position"], member.party_position),
            Field(labels["government_position"], member.government_position),
            Field(labels["mass_position"], member.mass_organization_position),
        ]
    return [*fields, Field(labels["organization"], organization.name)]


def _checklist(review):
    """The manifestation checklist where the regime uses one: each answer as "có / không có biểu hiện"."""
    text = words("individual")
    answers = sorted(review.answers.all(), key=lambda answer: (answer.manifestation.group, answer.manifestation.number))
    if not review.cycle.uses_checklist or not answers:
        return []
    rows = tuple(
        (answer.manifestation.label, answer.manifestation.text, text["present"] if answer.present else text["absent"])
        for answer in answers
    )
    return [Table(tuple(text["checklist_columns"]), rows, widths=(1, 6, 2))]


def individual_form(review):
    """Mẫu 2A/2B/2C: the member's self-review, with the checklist answers where the regime uses them."""
    organization, cycle = _named_then(review), review.cycle
    text, shared = words("individual"), words("review")
    blocks = [
        *_member_fields(review, organization),
        Heading(shared["part_a"], level=1),
        Heading(shared["strengths"]),
        *dotted(review.strengths),
        Text(text["manifestations"], italic=True),
        *_checklist(review),
        *dotted(review.manifestation_notes),
        Heading(shared["weaknesses"]),
        *dotted(review.weaknesses),
        *_remediation_blocks(review, review.remediation_notes),
        Heading(shared["explanation"]),
        *dotted(review.directive_explanation),
        Heading(text["responsibility"]),
        *dotted(review.responsibility),
        Heading(shared["directions"]),
        *dotted(review.directions),
        Heading(text["part_b"], level=1),
        *_rating_blocks(review, MEMBER),
    ]
    paper = Paper(
        header=bodies.header(
            organization,
            date=_day(review.submitted_at),
            year=cycle.year,
            form_code=form_code(cycle, review.form),
            with_number=False,
        ),
        title=text["title"],
        subtitle=text["subtitle"].format(year=cycle.year),
        note=text["notes"].get(review.form, ""),
        blocks=blocks,
        signatures=(Signature(position=text["signer"], note=text["sign_note"], name=review.member.full_name),),
    )
    return [paper]


def members_of(review):
    """The individual reviews under the collective review's organization (its cells' members too), by name."""
    return (
        IndividualReview.objects.filter(cycle=review.cycle, organization_path__startswith=review.organization_path)
        .select_related("member", "organization", "cycle__rule_set")
        .order_by("member__full_name", "pk")
    )


def minutes(review):
    """The review meeting's minutes: attendance, the delegation from above, proceedings, the vote."""
    organization, cycle = _named_then(review), review.cycle
    text = words("minutes")
    meeting = MeetingRecord.objects.filter(review=review).first()
    blocks = [Text(text["time"].format(date=_date(meeting.held_on if meeting else None)))]
    blocks.append(Text(text["place"].format(dots=words("layout")["dots"][:20])))
    if meeting:
        absent = max(meeting.attendees_expected - meeting.attendees_present, 0)
        blocks.append(
            Text(
                text["attendance"].format(
                    expected=meeting.attendees_expected, present=meeting.attendees_present, absent=absent
                )
            )
        )
    blocks += [Text(text["attendees"], bold=True), *dotted(meeting.attendees if meeting else "")]
    blocks.append(Text(text["delegation"], bold=True))
    delegation = []
    if meeting and meeting.standing_member:
        delegation.append(Text(text["standing_member"].format(name=meeting.standing_member)))
    if meeting and meeting.board_representatives.strip():
        names = ", ".join(line.strip() for line in meeting.board_representatives.splitlines() if line.strip())
        delegation.append(Text(text["representatives"].format(names=names)))
    blocks += delegation or [Text(text["no_delegation"])]
    if meeting and meeting.draft_shared_on:
        blocks.append(Text(text["draft_shared"].format(date=_date(meeting.draft_shared_on))))
    blocks += [Text(text["proceedings"], bold=True), *dotted(meeting.minutes if meeting else "")]
    rules = cycle.rules
    rows = tuple(
        (index, item.member.full_name, rules.label(MEMBER, item.self_level), rules.label(MEMBER, item.proposed_level))
        for index, item in enumerate(own_members(review).filter(is_rated=True), start=1)
    )
    if rows:
        blocks += [Text(text["ratings"], bold=True), Table(tuple(text["rating_columns"]), rows, widths=(1, 5, 4, 4))]
    blocks.append(Text(text["closing"]))
    paper = Paper(
        header=bodies.header(
            organization, kind=words("kinds")["minutes"], date=meeting.held_on if meeting else None, year=cycle.year
        ),
        title=text["title"],
        subtitle=text["subtitle"].format(year=cycle.year),
        blocks=blocks,
        signatures=(
            Signature(position=text["secretary"], note=text["sign_note"]),
            Signature(position=text["chair"], note=text["sign_note"], name=_head_name(organization)),
        ),
    )
    return [paper]


def _head_name(organization):
    secretary = bodies.head(organization)
    return secretary.full_name if secretary else ""


def own_members(review):
    """The individual reviews of the organization's own members: those rated at its meeting."""
    return members_of(review).filter(organization=review.organization)


def cells_of(review):
    """The collective reviews of the cells under the organization in the same cycle, by tree order."""
    return (
        CollectiveReview.objects.filter(cycle=review.cycle, organization_path__startswith=review.organization_path)
        .exclude(pk=review.pk)
        .select_related("organization__parent", "cycle__rule_set")
        .order_by("organization_path")
    )


def voters(review):
    """How many slips to print: those present at the meeting, else the organization's own members."""
    meeting = MeetingRecord.objects.filter(review=review).first()
    if meeting and meeting.attendees_present:
        return meeting.attendees_present
    return own_members(review).count() or 1


def _slips(review, *, subtitle, name_column, candidates, levels, copies):
    organization, cycle = _named_then(review), review.cycle
    text = words("slips")
    copies = max(1, min(copies or voters(review), MAX_SLIPS))
    rows = candidates or [""] * text["blank_rows"]
    table = Table(
        (text["number_column"], name_column, *levels),
        tuple((index, name, *([""] * len(levels))) for index, name in enumerate(rows, start=1)),
        widths=(1, 5, *([2] * len(levels))),
    )
    return [
        Paper(
            header=bodies.header(organization, year=cycle.year, with_number=False),
            title=text["title"],
            subtitle=subtitle.format(year=cycle.year),
            note=text["copy"].format(number=number, count=copies),
            blocks=[Text(text["instruction"], italic=True), table],
        )
        for number in range(1, copies + 1)
    ]


def member_slips(review, prefilled=True, copies=None):
    """One voting slip per voter for rating the members, blank or with the candidates' names."""
    text = words("slips")
    candidates = [item.member.full_name for item in own_members(review).filter(is_rated=True)] if prefilled else []
    levels = [level.label for level in review.cycle.rules.levels(MEMBER)]
    return _slips(
        review,
        subtitle=text["members_subtitle"],
        name_column=text["members_column"],
        candidates=candidates,
        levels=levels,
        copies=copies,
    )


def organization_slips(review, prefilled=True, copies=None):
    """One voting slip per voter for rating the organization: a committee rates its cells, a cell itself."""
    text = words("slips")
    levels = [level.label for level in review.cycle.rules.levels(ORGANIZATION)]
    names = [cell.organization_then.name_then for cell in _then(cells_of(review), review)]
    names = names or [_named_then(review).name]
    return _slips(
        review,
        subtitle=text["organization_subtitle"],
        name_column=text["organization_column"],
        candidates=names if prefilled else [""] * len(names),
        levels=levels,
        copies=copies,
    )


def decision(review):
    """The decision recognising the rating results decided under the organization, with its annex list.

    The grassroots committee decides for its members and cells, so a cell's
    decision is issued by the grassroots organization above it.
    """
    organization, cycle = _named_then(review), review.cycle
    issuer = next((unit for unit in (organization, *reversed(organization.superiors)) if unit.is_grassroots), None)
    issuer = issuer or organization
    text, rules = words("decision"), cycle.rules
    members = _then([item for item in members_of(review) if item.decided_level], review)
    cells = [item for item in cells_of(review) if item.decided_level and item.organization.depth > issuer.depth]
    if organization.depth > issuer.depth and review.decided_level:
        cells.insert(0, review)
    cells = _then(cells, review)
    decided_at = [item.decided_at for item in (*members, *cells) if item.decided_at]
    header = bodies.header(
        issuer, kind=words("kinds")["decision"], date=_day(max(decided_at)) if decided_at else None, year=cycle.year
    )
    body = bodies.issuing_body(issuer)
    blocks = [
        Text(text["authority"].format(body=body.upper()), bold=True, center=True),
        Text(text["basis_charter"], italic=True),
        Text(text["basis_rules"].format(rules=cycle.rule_set.name), italic=True),
        Text(text["basis_proposal"].format(organization=organization.name), italic=True),
        Text(text["decides"], bold=True, center=True),
        Text(text["article_1"].format(year=cycle.year, members=len(members), organizations=len(cells))),
        Text(text["article_2"]),
        Text(text["article_3"]),
    ]
    order = Paper(
        header=header,
        title=text["title"],
        subtitle=text["subtitle"].format(year=cycle.year),
        blocks=blocks,
        recipients=(text["as_article_3"], words("collective")["filed"].format(body=body)),
        signatures=(bodies.head_signature(issuer),),
    )
    annex_blocks = [Heading(text["annex_members"])]
    member_rows = tuple(
        (index, item.member.full_name, item.organization_then.name_then, rules.label(MEMBER, item.decided_level))
        for index, item in enumerate(members, start=1)
    )
    annex_blocks.append(
        Table(tuple(text["member_columns"]), member_rows, widths=(1, 5, 5, 4)) if member_rows else Text(text["none"])
    )
    if cells:
        rows = tuple(
            (index, item.organization_then.name_then, rules.label(ORGANIZATION, item.decided_level))
            for index, item in enumerate(cells, start=1)
        )
        annex_blocks += [
            Heading(text["annex_organizations"]),
            Table(tuple(text["organization_columns"]), rows, (1, 8, 5)),
        ]
    annex = Paper(
        header=header,
        title=text["annex_title"],
        subtitle=text["annex_subtitle"].format(year=cycle.year),
        note=text["annex_note"].format(number=bodies.blank_number(issuer, words("kinds")["decision"]), body=body),
        blocks=annex_blocks,
    )
    return [order, annex]
