"""Who issues a document, as the layout writes it: from an organization of the tree to its header lines.

Hướng dẫn 36-HD/VPTW names a committee's documents after the committee, not the
Party organization: "Đảng bộ phường Trần Hưng Đạo" issues as "Đảng ủy phường
Trần Hưng Đạo", "Đảng bộ thành phố Nam Định" as "Thành ủy Nam Định", a cell
under its own name. The superior line is the Party organization above; the
symbol after the number abbreviates the issuing body ("…/ĐU", "…/TU", "…/CB").
"""

from members.models import Member, MemberStatus
from organizations import lineage, naming
from organizations.models import BRANCH_KINDS, GRASSROOTS_KINDS, OrganizationKind
from organizations.naming import CELL_KINDS
from paperwork.layout import Header, Signature
from paperwork.wording import words

# The committee's name lives with the organizations (the directives name their issuer with it too).
issuing_body = naming.committee_name


def symbol(organization):
    """The issuing body's abbreviation after the number ("ĐU", "TU", "CB")."""
    body = issuing_body(organization).casefold()
    for name, abbreviation in words("bodies")["symbols"].items():
        if body.startswith(name.casefold()):
            return abbreviation
    return words("bodies")["symbols"]["Đảng ủy"]


def blank_number(organization, kind):
    """The number and symbol with the number left blank ("      -QĐ/ĐU") for the office to write in."""
    layout = words("layout")
    return layout["symbol_number"].format(number=layout["blank_number"], kind=kind, symbol=symbol(organization))


def number(organization, kind, stored=""):
    """The line "Số 12-QĐ/ĐU" from a stored number, else with the number left blank."""
    return words("layout")["stored_number"].format(number=stored or blank_number(organization, kind))


def as_on(day, organization):
    """``organization`` as named and placed on ``day``, the document's: what every builder prints it as.

    A past cycle's documents are as they were issued: the 2017 Mẫu 01 of a ward renamed since prints
    its 2017 name, its superior of 2017 and the province's name then, without today's beside them.
    """
    return lineage.as_on(day, organization)


def place(organization):
    """The locality of the top committee of the organization's tree ("Nam Định" for "Đảng bộ thành phố Nam Định").

    ``organization`` is one ``as_on`` a day: its superiors then are the tree it was in.
    """
    root = organization.superiors[0] if organization.superiors else organization
    name = naming.after_prefix(root.name, naming.names()["organization_prefix"]) or root.name
    for unit in words("bodies")["place_units"]["words"]:
        locality = naming.after_prefix(name, unit)
        if locality:
            return locality
    return name


def header(organization, *, kind="", stored_number="", date=None, year=None, form_code="", with_number=True):
    """The header block of a document ``organization`` issues."""
    return Header(
        issuer=issuing_body(organization),
        superior=organization.parent.name if organization.parent_id else "",
        number=number(organization, kind, stored_number) if with_number else "",
        place=place(organization),
        date=date,
        year=year,
        form_code=form_code,
    )


def authority(organization):
    """In whose name the head signs: "T/M ĐẢNG ỦY", "T/M CHI BỘ", "T/M BAN THƯỜNG VỤ"."""
    names = words("bodies")
    if organization.kind == OrganizationKind.SUPERIOR_COMMITTEE:
        collective = names["authority"]["superior_committee"]
    elif organization.kind in (*GRASSROOTS_KINDS, *BRANCH_KINDS) and organization.kind not in CELL_KINDS:
        collective = names["authority"]["committee"]
    else:
        collective = names["authority"]["cell"]
    return f"{names['on_behalf']} {collective}"


def head(organization):
    """The active member holding the organization's secretary post, or None.

    A cell's secretary is one of its members ("Bí thư Chi bộ"); a committee's
    ("Bí thư Đảng ủy", "Bí thư Thành ủy") usually belongs to a cell below it, so
    the nearest post naming the committee's title in the sub-tree is taken.
    """
    names = words("bodies")
    secretaries = Member.objects.filter(
        status=MemberStatus.ACTIVE, party_position__istartswith=names["secretary_position"]
    )
    if organization.kind in CELL_KINDS:
        own = secretaries.filter(organization=organization).order_by("pk")
        return own.filter(party_position__istartswith=names["cell_secretary_position"]).first() or own.first()
    body = issuing_body(organization)
    committees = (naming.names()["committee"], *naming.names()["units"].values())
    title = next((title for title in committees if body.startswith(title)), body)
    return (
        secretaries.filter(
            organization__path__startswith=organization.path,
            party_position__istartswith=f"{names['secretary_position']} {title}",
        )
        .order_by("organization__depth", "pk")
        .first()
    )


def head_signature(organization):
    """The signature block of the organization's head, in the collective's name."""
    secretary = head(organization)
    return Signature(
        authority=authority(organization),
        position=words("bodies")["secretary"],
        name=secretary.full_name if secretary else "",
    )
