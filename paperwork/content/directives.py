"""What the directive documents say: the in-depth review directive as issued, and a target's explanation report."""

from django.utils import timezone
from django.utils.formats import date_format

from directives.models import DirectiveStatus
from paperwork import bodies
from paperwork.layout import Paper, Text, dotted
from paperwork.wording import words


def _title_of(number):
    """The kind of document its number names ("201-TB/TU" is a "THÔNG BÁO")."""
    titles = words("kinds")["titles"]
    kind = number.split("-", 1)[1].split("/", 1)[0] if "-" in number and "/" in number else ""
    return titles.get(kind, titles["TB"])


def directive_paper(directive, part):
    """The directive as issued (a proposal prints as a draft), with its number, items, targets and deadline.

    ``part`` (``directives.services.part_seen_by``) is what the reader may read beyond the
    common part: each target prints only its own details and named members.
    """
    issuer, text = directive.issuer, words("directive")
    body = bodies.issuing_body(issuer)
    # As issued: the collectives it named, also those that since merged and answer through a successor.
    named = directive.targets.select_related("organization", "origin_organization")
    targets = [target.origin_organization or target.organization for target in named]
    members = [member.full_name for member in part.members]
    documents = [str(document.number) for document in directive.basis_documents.order_by("issued_on")]
    target_names = ", ".join(organization.name for organization in targets) or words("layout")["dots"][:10]
    blocks = [Text(text["opening"].format(body=body, targets=target_names))]
    if documents:
        blocks.append(Text(text["basis"].format(documents=", ".join(documents)), italic=True))
    reasons = "; ".join(str(label) for label in directive.reason_labels())
    blocks.append(Text(text["reasons"].format(reasons=reasons or "…")))
    blocks += dotted(directive.reason_details) if directive.reason_details else []
    blocks += [
        Text(text["target_details"].format(organization=organization.name, details=" ".join(details.split())))
        for organization, details in part.details
    ]
    blocks.append(Text(text["items"]))
    blocks += [
        Text(text["item"].format(number=number, text=item.text))
        for number, item in enumerate(directive.items.all(), start=1)
    ]
    blocks.append(Text(text["targets"].format(organizations=target_names)))
    if members:
        blocks.append(Text(text["members"].format(names=", ".join(members))))
    deadline = date_format(directive.report_deadline, "d/m/Y") if directive.report_deadline else "…"
    blocks.append(Text(text["deadline"].format(body=body, date=deadline)))
    if directive.review_days:
        blocks.append(Text(text["duration"].format(days=directive.review_days)))
    if directive.standing_member_id:
        blocks.append(Text(text["delegation"].format(name=directive.standing_member.full_name)))
    representatives = [user.full_name for user in directive.board_representatives.order_by("full_name")]
    if representatives:
        blocks.append(Text(text["representatives"].format(names=", ".join(representatives))))
    if directive.status == DirectiveStatus.REVOKED:
        blocks.append(Text(text["revoked"].format(reason=directive.revoke_reason), bold=True))
    recipients = [text["to_target"].format(body=bodies.issuing_body(organization)) for organization in targets]
    recipients += [text["inspection"].format(body=body), words("collective")["filed"].format(body=body)]
    paper = Paper(
        header=bodies.header(
            issuer,
            kind=words("kinds")["notice"],
            stored_number=directive.number,
            date=directive.issued_on,
            year=directive.cycle.year,
        ),
        title=_title_of(directive.number),
        subtitle=text["subtitle"].format(title=directive.title),
        blocks=blocks,
        recipients=tuple(recipients),
        signatures=(bodies.head_signature(issuer),),
        draft=directive.status == DirectiveStatus.PROPOSED,
    )
    return [paper]


def explanation_paper(report):
    """A target organization's explanation report, item by item, with everyone's responsibility."""
    organization, directive, text = report.organization, report.directive, words("explanation")
    shared = words("collective")
    issuer_body = bodies.issuing_body(directive.issuer)
    reference = text["directive"].format(
        number=directive.number or "…",
        date=date_format(directive.issued_on, "d/m/Y") if directive.issued_on else "…",
        body=issuer_body,
    )
    blocks = [Text(text["opening"].format(directive=reference, title=directive.title, organization=organization.name))]
    for number, item in enumerate(report.ordered_items().prefetch_related("people"), start=1):
        blocks.append(Text(shared["explanation_item"].format(number=number, item=item.directive_item.text), bold=True))
        for name in ("facts", "objective_causes", "subjective_causes", "collective_responsibility"):
            blocks.append(Text(shared[name].format(text=getattr(item, name) or "…")))
        blocks.append(Text(shared["head_responsibility"].format(text=item.head_responsibility or "…")))
        blocks += [
            Text(shared["person_responsibility"].format(name=person.member_name, text=person.text))
            for person in item.people.all()
        ]
    paper = Paper(
        header=bodies.header(
            organization,
            kind=words("kinds")["report"],
            date=timezone.localdate(report.submitted_at) if report.submitted_at else None,
            year=directive.cycle.year,
        ),
        title=text["title"],
        subtitle=text["subtitle"].format(directive=reference),
        blocks=blocks,
        recipients=(
            shared["report_to"].format(body=issuer_body),
            shared["filed"].format(body=bodies.issuing_body(organization)),
        ),
        signatures=(bodies.head_signature(organization),),
    )
    return [paper]
