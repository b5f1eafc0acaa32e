"""The dry run and the writing of an import: one pass over the rows, in chunks, for both.

``run(batch, write=False)`` reads the batch's file row by row, finds the
header row and maps it (``columns.match_headers``), reads every cell, checks
every row against the model's own rules and the stored data (in chunks of
``CHUNK`` rows, one query per chunk), and counts what would be created,
updated or left unchanged. With ``write=True`` the same pass writes, through
the members' and organizations' services, and records an ``ImportChange`` per
record; the caller runs it in one transaction after checking that nothing
changed since the dry run (``data_state``).

Every error names its sheet, row, column and says what is wrong, in the
owner's language; one error per cell at most.
"""

import datetime
import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts import access
from core import planner_stats as statistics
from core.text import search_key
from core.workflow import SubmissionStatus
from imports import columns as cols
from imports import invitations
from imports.models import ChangeAction, ImportChange, ImportKind
from imports.reader import MAX_COLUMNS, FileRefused, as_text, open_table
from members import services as member_services
from members.models import Member, Membership, MemberStatus
from organizations import lineage
from organizations import services as organization_services
from organizations.models import Organization
from reviews.models import CollectiveReview, CycleKind, CycleStatus, IndividualReview, ReviewCycle, RuleSet
from reviews.rules import MEMBER, ORGANIZATION

CHUNK = 1000
MAX_ERRORS_KEPT = 2000
MAX_DIFFS_KEPT = 500
PERMISSIONS = {
    ImportKind.MEMBERS: "import.members",
    ImportKind.ORGANIZATIONS: "import.organizations",
    ImportKind.RATINGS: "import.ratings",
}


def data_state():
    """A token of the stored members and organizations: it changes when any of them is added, edited or moved."""
    members = Member.objects.aggregate(count=Count("pk"), last=Max("updated_at"))
    periods = Membership.objects.aggregate(count=Count("pk"), last=Max("pk"), ended=Count("end"))
    tree = hashlib.sha256()
    fields = ("pk", "code", "name", "kind", "sector", "parent_id", "path", "valid_from", "valid_to")
    for row in Organization.objects.order_by("pk").values_list(*fields).iterator(chunk_size=2000):
        tree.update(repr(row).encode())
    reviews = [
        model.objects.aggregate(count=Count("pk"), last=Max("decided_at"))
        for model in (CollectiveReview, IndividualReview)
    ]
    token = f"{members['count']}|{members['last']}|{periods['count']}|{periods['last']}|{periods['ended']}|{reviews}"
    return hashlib.sha256(f"{token}|{tree.hexdigest()}".encode()).hexdigest()


@dataclass
class Row:
    number: int
    values: dict
    cells: dict  # column key → the cell as written (for the differences)


@dataclass
class Outcome:
    """What a pass found: counts, errors and differences (the kept ones; the counts are of all)."""

    sheet: str = ""
    encoding: str = ""
    mapping: dict = None
    rows: int = 0
    counts: dict = field(default_factory=lambda: {"create": 0, "update": 0, "unchanged": 0, "transfer": 0})
    errors: list = field(default_factory=list)
    error_count: int = 0
    diffs: list = field(default_factory=list)
    file_error: str = ""

    def as_report(self):
        return {
            "sheet": self.sheet,
            "encoding": self.encoding,
            "mapping": self.mapping or {},
            "rows": self.rows,
            "counts": self.counts,
            "errors": self.errors,
            "error_count": self.error_count,
            "errors_cut": self.error_count > len(self.errors),
            "diffs": self.diffs,
            "file_error": self.file_error,
        }


def display(value):
    """A value as the differences show it."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if hasattr(value, "year"):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


class Importer:
    """The pass shared by every kind; a subclass reads its rows' meaning (``check_chunk``) and writes (``write``)."""

    columns = ()

    def __init__(self, batch, on_progress=None):
        self.batch = batch
        self.user = batch.owner
        self.on_progress = on_progress
        self.outcome = Outcome()
        self._error_cells = set()
        self._error_rows = set()
        self.today = timezone.localdate()

    # -- errors and differences --

    def error(self, row, key, message):
        """Record an error of ``row`` in the column ``key`` (None: the whole row); once per cell."""
        if (row, key) in self._error_cells:
            return
        self._error_cells.add((row, key))
        self._error_rows.add(row)
        self.outcome.error_count += 1
        if len(self.outcome.errors) < MAX_ERRORS_KEPT:
            letter, header = self.mapping_of.get(key, ("", ""))
            self.outcome.errors.append(
                {"sheet": self.outcome.sheet, "row": row, "column": letter, "header": header, "message": str(message)}
            )

    def has_errors(self, row):
        return row in self._error_rows

    def diff(self, row, key, name, changes):
        if len(self.outcome.diffs) < MAX_DIFFS_KEPT:
            self.outcome.diffs.append({"row": row, "key": key, "name": name, "changes": changes})

    # -- the pass --

    def run(self, write=False):
        self.write = write
        try:
            table = open_table(self.batch.path, self.batch.file_format)
            self.outcome.sheet, self.outcome.encoding = table.sheet, table.encoding
            self.prepare()
            self._read(table)
        except FileRefused as refused:
            self.outcome.file_error = str(refused.message)
            self.outcome.error_count += 1
        return self.outcome

    def _find_header(self, rows):
        for number, cells in rows:
            mapping = cols.match_headers(cells, self.columns)
            if len(mapping.by_index) >= 2:
                return number, cells, mapping
            if number >= cols_search_rows():
                break
        raise FileRefused(
            _("No header row was found in the first %(count)d rows: the first row must name the columns.")
            % {"count": cols_search_rows()}
        )

    def _check_header(self, number, cells, mapping, table):
        from openpyxl.utils import get_column_letter
        from openpyxl.utils.cell import range_boundaries

        if len(cells) > MAX_COLUMNS and any(as_text(cell) for cell in cells[MAX_COLUMNS:]):
            raise FileRefused(
                _("The sheet has more than %(count)d columns; keep only the columns of the template.")
                % {"count": MAX_COLUMNS}
            )
        for merged in table.merged_header:
            _min_col, min_row, _max_col, max_row = range_boundaries(merged)
            if min_row <= number <= max_row:
                raise FileRefused(
                    _("The header cells %(cells)s are merged; unmerge them so that each column has its own header.")
                    % {"cells": merged}
                )
        if mapping.duplicated:
            raise FileRefused(
                _("These headers name a column already given: %(headers)s.")
                % {"headers": ", ".join(mapping.duplicated)}
            )
        if mapping.missing:
            raise FileRefused(
                _("The required columns are missing: %(columns)s. Download the template to see the headers.")
                % {"columns": ", ".join(str(column.title) for column in mapping.missing)}
            )
        self.mapping_of = {
            column.key: (get_column_letter(index + 1), mapping.headers[index])
            for index, column in mapping.by_index.items()
        }
        self.mapped = {column.key for column in mapping.by_index.values()}
        mapping.header_row = number
        self.outcome.mapping = mapping.as_report()

    def _read(self, table):
        self.mapping_of = {}
        rows = iter(table.rows)
        number, cells, mapping = self._find_header(rows)
        self._check_header(number, cells, mapping, table)
        total = max((table.estimated_rows or 0) - number, 0)
        chunk = []
        for number, cells in rows:
            row = self._parse(number, cells, mapping)
            if row is None:
                continue
            chunk.append(row)
            if len(chunk) >= CHUNK:
                self._chunk(chunk, total)
                chunk = []
        self._chunk(chunk, total)
        self.finish()

    def _chunk(self, chunk, total):
        if chunk:
            self.check_chunk(chunk)
        if self.on_progress:
            self.on_progress(self.outcome.rows, max(total, self.outcome.rows))

    def _parse(self, number, cells, mapping):
        """A ``Row`` of read values (cells in error left out), or None for an empty row."""
        if not any(as_text(cell) for cell in cells):
            return None
        self.outcome.rows += 1
        values, written = {}, {}
        for index, column in mapping.by_index.items():
            cell = cells[index] if index < len(cells) else None
            written[column.key] = as_text(cell)
            if cols.is_formula(cell):
                self.error(number, column.key, _("The cell holds a formula; paste the values only."))
            elif not as_text(cell) and not isinstance(cell, bool):
                if column.required:
                    self.error(number, column.key, _("This column is required."))
            else:
                try:
                    values[column.key] = column.read(cell)
                except cols.CellError as error:
                    self.error(number, column.key, error.message)
        return Row(number, values, written)

    def model_errors(self, row, instance, exclude, field_columns=None):
        """Run the model's own checks on ``instance``; each message becomes the error of its column."""
        field_columns = field_columns or {}
        failed = {key for key in self.mapped if (row.number, key) in self._error_cells}
        errors = {}
        try:
            instance.clean_fields(exclude=[*exclude, *failed])
        except ValidationError as error:
            errors.update(error.message_dict)
        if not errors:
            try:
                instance.clean()
            except ValidationError as error:
                errors.update(error.message_dict)
        for name, messages in errors.items():
            key = field_columns.get(name, name)
            if key not in self.mapped:
                key = self.columns[0].key
            self.error(row.number, key, " ".join(messages))

    # -- for subclasses --

    def prepare(self):
        """Load what the rows are compared against."""

    def check_chunk(self, chunk):
        raise NotImplementedError

    def finish(self):
        """After the last chunk."""

    def record(self, row, key, action, changes, **target):
        """Keep an ``ImportChange`` for the record; its changes are labelled as the columns are."""
        if self.write:
            labels = {column.key: column.title for column in self.columns}
            labels.update(organization=labels.get("organization_code"), parent=labels.get("parent_code"))
            labelled = {str(labels.get(name) or name): pair for name, pair in changes.items()}
            self.changes.append(
                ImportChange(batch=self.batch, row=row, key=key, action=action, changes=labelled, **target)
            )

    def flush_changes(self):
        if self.write and self.changes:
            ImportChange.objects.bulk_create(self.changes)
        self.changes = []


def cols_search_rows():
    from imports.reader import HEADER_SEARCH_ROWS

    return HEADER_SEARCH_ROWS


def _reachable_organizations(user, permission):
    """code → (id, path) of every organization, and the codes of those where ``user`` may import."""
    everything = {code: (pk, path) for pk, code, path in Organization.objects.values_list("pk", "code", "path")}
    permitted = access.permitted(Organization.objects.all(), user, permission, via="")
    permitted = set(permitted.values_list("code", flat=True))
    return everything, permitted


class MemberImporter(Importer):
    columns = cols.MEMBER_COLUMNS
    # Member fields read straight from a column of the same name.
    FIELDS = [column.key for column in cols.MEMBER_COLUMNS if column.key != "organization_code"]

    def prepare(self):
        self.organizations, self.permitted = _reachable_organizations(self.user, "import.members")
        self.permitted_paths = [self.organizations[code][1] for code in self.permitted]
        self.seen = {}
        self.changes = []

    def _in_reach(self, path):
        return any(path.startswith(prefix) for prefix in self.permitted_paths)

    def check_chunk(self, chunk):
        cards = [row.values["card_number"] for row in chunk if "card_number" in row.values]
        stored = {
            member.card_number: member
            for member in Member.objects.filter(card_number__in=cards).select_related("organization")
        }
        creates, updates = [], []
        for row in chunk:
            planned = self._plan(row, stored)
            if planned and not self.has_errors(row.number):
                (creates if planned[0] == ChangeAction.CREATE else updates).append((row, *planned[1:]))
        if self.write and not self.outcome.error_count:
            self._write(creates, updates)
        self.flush_changes()

    def _plan(self, row, stored):
        values = row.values
        card = values.get("card_number")
        if card is not None:
            if card in self.seen:
                message = _("The card number %(card)s is already on row %(row)d of this file.")
                self.error(row.number, "card_number", message % {"card": card, "row": self.seen[card]})
                card = None
            else:
                self.seen[card] = row.number
        organization = None
        code = values.get("organization_code")
        if code is not None:
            if code in self.permitted:
                organization = self.organizations[code]
            else:
                message = _(
                    "The organization code “%(code)s” is unknown or outside the organizations you may import into."
                )
                self.error(row.number, "organization_code", message % {"code": code})
        current = stored.get(card) if card else None
        if current is not None and not self._in_reach(current.organization.path):
            message = _("The card number %(card)s belongs to a member of an organization outside your reach.")
            self.error(row.number, "card_number", message % {"card": card})
            return None
        member = Member() if current is None else _copy(current)
        for name in self.FIELDS:
            if name in values:
                setattr(member, name, values[name])
        if organization is not None:
            member.organization_id = organization[0]
        exclude = ["organization", "search_text", *(name for name in self.FIELDS if name not in values)]
        self.model_errors(row, member, exclude, {"organization": "organization_code"})
        if self.has_errors(row.number) or organization is None:
            return None
        if current is None:
            self.outcome.counts["create"] += 1
            return ChangeAction.CREATE, member, {}
        changed = {
            name: [display(getattr(current, name)), display(getattr(member, name))]
            for name in self.FIELDS
            if name in values and getattr(current, name) != getattr(member, name)
        }
        if current.organization_id != member.organization_id:
            changed["organization"] = [current.organization.code, code]
            self.outcome.counts["transfer"] += 1
        if not changed:
            self.outcome.counts["unchanged"] += 1
            return None
        self.outcome.counts["update"] += 1
        labels = {column.key: column.title for column in self.columns}
        shown = [[str(labels.get(name, labels["organization_code"])), *pair] for name, pair in changed.items()]
        self.diff(row.number, card, member.full_name, shown)
        return ChangeAction.UPDATE, member, changed

    def _write(self, creates, updates):
        created = member_services.create_members([member for _row, member, _changes in creates])
        for (row, _member, _changes), member in zip(creates, created, strict=True):
            self.record(row.number, member.card_number, ChangeAction.CREATE, {}, member=member)
        for row, member, changed in updates:
            fields = [name for name in changed if name != "organization"]
            if "organization" in changed:
                member.organization = Organization.objects.get(pk=member.organization_id)
                fields.append("organization")
            member_services.update_member(member, fields, on_date=self.today)
            action = ChangeAction.TRANSFER if "organization" in changed else ChangeAction.UPDATE
            self.record(row.number, member.card_number, action, changed, member=member)


def _copy(instance):
    """A detached copy of a stored ``instance`` (the original is kept to compare with), known to be stored."""
    copy = type(instance)(**{f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields})
    copy._state.adding = False  # so that its unique checks exclude itself
    return copy


class OrganizationImporter(Importer):
    """Organizations are few (thousands at most): their rows are kept and written once all are read."""

    columns = cols.ORGANIZATION_COLUMNS
    FIELDS = ("name", "kind", "sector", "valid_from")

    def prepare(self):
        self.stored = {organization.code: organization for organization in Organization.objects.all()}
        self.permitted = set(
            access.permitted(Organization.objects.all(), self.user, "import.organizations", via="").values_list(
                "code", flat=True
            )
        )
        self.rows = []
        self.changes = []
        self.secretary_changes = {}  # code → (previous secretary or None, the new one)

    def check_chunk(self, chunk):
        self.rows.extend(chunk)

    def finish(self):
        in_file = {}
        for row in self.rows:
            code = row.values.get("code")
            if code is None:
                continue
            if code in in_file:
                message = _("The code %(code)s is already on row %(row)d of this file.")
                self.error(row.number, "code", message % {"code": code, "row": in_file[code].number})
            else:
                in_file[code] = row
        self._load_secretaries()
        planned = [self._plan(row, in_file) for row in self.rows]
        planned = [item for item in planned if item is not None]
        if self.write and not self.outcome.error_count:
            for row, organization, changed, parent_code in self._parents_first(planned):
                self._write(row, organization, changed, parent_code)
        self.flush_changes()

    def _load_secretaries(self):
        """The members named as secretaries in the file, and the stored organizations' current secretaries."""
        cards = {row.values["secretary"] for row in self.rows if "secretary" in row.values}
        found = Member.objects.filter(card_number__in=cards).select_related("organization")
        self.secretaries = {member.card_number: member for member in found}
        codes = {row.values.get("code") for row in self.rows if "secretary" in row.values}
        self.current_secretaries = invitations.candidates([self.stored[code] for code in codes if code in self.stored])

    def _check_secretary(self, row, current):
        """The member named as the row's secretary, or None (an error of the cell when they cannot be)."""
        card = row.values["secretary"]
        member = self.secretaries.get(card)
        if member is None or member.organization.code not in self.permitted:
            message = _("No member with the card number %(card)s in the organizations you may import into.")
            self.error(row.number, "secretary", message % {"card": card})
        elif current is None or not member.organization.path.startswith(current.path):
            message = _("The member %(card)s is not in this organization or an organization under it.")
            self.error(row.number, "secretary", message % {"card": card})
        elif member.status != MemberStatus.ACTIVE:
            message = _("The member %(card)s is not an active member.")
            self.error(row.number, "secretary", message % {"card": card})
        else:
            return member
        return None

    def _plan(self, row, in_file):
        values = row.values
        code = values.get("code")
        current = self.stored.get(code) if code else None
        if current is not None and code not in self.permitted:
            message = _("The organization %(code)s is outside the organizations you may import into.")
            self.error(row.number, "code", message % {"code": code})
            return None
        parent_code = values.get("parent_code", "")
        if parent_code and parent_code not in in_file and parent_code not in self.permitted:
            message = _(
                "The superior organization “%(code)s” is unknown or outside the organizations you may import into."
            )
            self.error(row.number, "parent_code", message % {"code": parent_code})
        elif not parent_code and current is None and not self.user.is_superuser:
            self.error(row.number, "parent_code", _("Name the superior organization of a new organization."))
        if parent_code and parent_code == code:
            self.error(row.number, "parent_code", _("An organization cannot be its own superior."))
        organization = Organization(code=code) if current is None else _copy(current)
        for name in self.FIELDS:
            if name in values:
                setattr(organization, name, values[name])
        exclude = ["parent", "successor", "path", "depth", "search_text", "code"]
        exclude += [name for name in self.FIELDS if name not in values and current is not None]
        self.model_errors(row, organization, exclude, {"parent": "parent_code"})
        secretary = self._check_secretary(row, current) if "secretary" in values else None
        if self.has_errors(row.number):
            return None
        if current is None:
            self.outcome.counts["create"] += 1
            return row, organization, {}, parent_code
        changed = {
            name: [display(getattr(current, name)), display(getattr(organization, name))]
            for name in self.FIELDS
            if name in values and getattr(current, name) != getattr(organization, name)
        }
        old_parent = current.parent.code if current.parent_id else ""
        if "parent_code" in values and parent_code != old_parent:
            changed["parent"] = [old_parent, parent_code]
            self.outcome.counts["transfer"] += 1
        previous = self.current_secretaries.get(current.pk)
        if secretary is not None and previous != secretary:
            changed["secretary"] = [previous.card_number if previous else "", secretary.card_number]
            self.secretary_changes[code] = (previous, secretary)
        if not changed:
            self.outcome.counts["unchanged"] += 1
            return None
        self.outcome.counts["update"] += 1
        labels = {column.key: column.title for column in self.columns}
        shown = [[str(labels.get(name, labels["parent_code"])), *pair] for name, pair in changed.items()]
        self.diff(row.number, code, organization.name, shown)
        return row, organization, changed, parent_code

    def _parents_first(self, planned):
        """Rows in an order where a superior named in the file is written before what it heads."""
        pending = {row.values["code"]: item for item in planned for row in [item[0]]}
        done = set()
        while pending:
            ready = [code for code, item in pending.items() if item[3] not in pending or item[3] == code]
            if not ready:
                for code in pending:
                    row = pending[code][0]
                    self.error(row.number, "parent_code", _("The superior organizations in the file form a loop."))
                return
            for code in ready:
                done.add(code)
                yield pending.pop(code)

    def _write(self, row, organization, changed, parent_code):
        if parent_code:
            organization.parent = Organization.objects.get(code=parent_code)
        if organization.pk is None:
            organization_services.create_organization(organization)
            self.record(row.number, organization.code, ChangeAction.CREATE, {}, organization=organization)
            return
        fields = [name for name in changed if name not in ("parent", "secretary")]
        fields += ["parent"] if "parent" in changed else []
        if fields:
            organization_services.update_organization(organization, fields)
        if "secretary" in changed:
            self._write_secretary(organization, *self.secretary_changes[organization.code])
        action = ChangeAction.TRANSFER if "parent" in changed else ChangeAction.UPDATE
        self.record(row.number, organization.code, action, changed, organization=organization)

    def _write_secretary(self, organization, previous, secretary):
        """The secretary's post, as members keep it: the Party position naming the organization."""
        if previous is not None:
            previous.party_position = ""
            member_services.update_member(previous, ["party_position"], on_date=self.today)
        secretary.party_position = invitations.secretary_title(organization)
        member_services.update_member(secretary, ["party_position"], on_date=self.today)


class RatingImporter(Importer):
    """A past year's results, per organization and per member, into that year's closed annual cycle.

    The cycle is the importer's committee's annual cycle of the year; it is
    created closed, under the rule set of the year, when there is none. A
    cycle still open is refused: its ratings are given in the product. Levels
    are matched to the rule set's labels (or codes) by their search key.
    """

    columns = cols.RATING_COLUMNS

    def prepare(self):
        year = self.batch.year
        self.rule_set = RuleSet.for_year(year) if year else None
        if self.rule_set is None:
            raise FileRefused(_("No rule set covers the year %(year)s.") % {"year": year})
        homes = access.at_home(Organization.objects.all(), self.user, "import.ratings", via="").order_by("depth")
        self.home = homes.first()
        self.cycle = ReviewCycle.objects.filter(
            year=year, kind=CycleKind.ANNUAL, number=1, organization=self.home
        ).first()
        if self.cycle is not None and self.cycle.status != CycleStatus.CLOSED:
            raise FileRefused(
                _("The review cycle of %(year)s is still open: its ratings are given in the product, not imported.")
                % {"year": year}
            )
        self.rules = self.cycle.rules if self.cycle else self.rule_set.rules
        self.levels = {
            kind: {
                key: level.code
                for level in self.rules.levels(kind)
                for key in (search_key(level.label), search_key(level.code))
            }
            for kind in (ORGANIZATION, MEMBER)
        }
        self.organizations, self.permitted = _reachable_organizations(self.user, "import.ratings")
        self.permitted_paths = [self.organizations[code][1] for code in self.permitted]
        self.seen = {}
        self.changes = []

    def check_chunk(self, chunk):
        cards = [row.values["card_number"] for row in chunk if "card_number" in row.values]
        members = Member.objects.filter(card_number__in=cards).select_related("organization")
        members = {member.card_number: member for member in members}
        codes = [row.values["organization_code"] for row in chunk if "organization_code" in row.values]
        stored = {}
        if self.cycle is not None:
            for review in CollectiveReview.objects.filter(cycle=self.cycle, organization__code__in=codes):
                stored[("organization", review.organization_id)] = review
            for review in IndividualReview.objects.filter(cycle=self.cycle, member__card_number__in=cards):
                stored[("member", review.member_id)] = review
        planned = [self._plan(row, members, stored) for row in chunk]
        if self.write and not self.outcome.error_count:
            if self.cycle is None:
                year_end = datetime.date(self.batch.year, 12, 31)
                self.cycle = ReviewCycle.objects.create(
                    year=self.batch.year, rule_set=self.rule_set, organization=self.home,
                    opened_on=year_end, reference_date=year_end,
                    status=CycleStatus.CLOSED, rules_snapshot=self.rule_set.as_dict(), opened_by=self.user,
                )  # fmt: skip
            self.places = self._places_then([item for item in planned if item is not None and item[3] is None])
            for item in planned:
                if item is not None:
                    self._write(*item)
        self.flush_changes()

    def _places_then(self, creating):
        """``(member pk → organization pk, organization pk → path)`` on the cycle's reference date.

        A past year's review keeps the tree of its year (``reviews.models.placement``), not today's: a
        member's organization is the one of their membership period then, and an organization's place the
        one it had then (``lineage.states_on``: a branch moved under a merged ward since). ``creating``: the
        planned rows of new reviews; two queries per chunk.
        """
        day = self.cycle.reference_date
        members = [subject for _row, kind, subject, *_rest in creating if kind == MEMBER]
        then = dict(
            Membership.objects.filter(
                Q(end__isnull=True) | Q(end__gt=day), member__in=members, start__lte=day
            ).values_list("member_id", "organization_id")
        )
        member_organizations = {member.pk: then.get(member.pk, member.organization_id) for member in members}
        ids = {subject[0] for _row, kind, subject, *_rest in creating if kind == ORGANIZATION}
        ids |= set(member_organizations.values())
        paths = {pk: path for pk, path in self.organizations.values() if pk in ids}
        paths.update({pk: path for pk, (_name, _parent, path) in lineage.states_on(day, ids).items()})
        return member_organizations, paths

    def _plan(self, row, members, stored):
        values = row.values
        code, card = values.get("organization_code"), values.get("card_number")
        if bool(code) == bool(card):
            self.error(row.number, "organization_code", _("Give either an organization code or a card number."))
            return None
        target = ("organization", code) if code else ("member", card)
        if target in self.seen:
            message = _("This organization or member is already on row %(row)d of this file.")
            self.error(row.number, "organization_code" if code else "card_number", message % {"row": self.seen[target]})
            return None
        self.seen[target] = row.number
        if code:
            if code not in self.permitted:
                message = _(
                    "The organization code “%(code)s” is unknown or outside the organizations you may import into."
                )
                self.error(row.number, "organization_code", message % {"code": code})
                return None
            kind, subject = ORGANIZATION, self.organizations[code]
        else:
            member = members.get(card)
            if member is None or not any(member.organization.path.startswith(p) for p in self.permitted_paths):
                message = _("No member with the card number %(card)s in the organizations you may import into.")
                self.error(row.number, "card_number", message % {"card": card})
                return None
            kind, subject = MEMBER, member
        level = self.levels[kind].get(search_key(values.get("level", "")))
        if "level" in values and level is None:
            allowed = ", ".join(item.label for item in self.rules.levels(kind))
            message = _("“%(value)s” is not one of: %(allowed)s.")
            self.error(row.number, "level", message % {"value": values["level"], "allowed": allowed})
        scores = self._scores(row)
        if self.has_errors(row.number):
            return None
        key = ("organization", subject[0]) if kind == ORGANIZATION else ("member", subject.pk)
        review = stored.get(key)
        if review is None:
            self.outcome.counts["create"] += 1
            return row, kind, subject, review, level, scores
        shown = []
        if review.decided_level != level:
            shown.append(["level", self.rules.label(kind, review.decided_level), self.rules.label(kind, level)])
        labels = {column.key: column.title for column in self.columns}
        shown += [
            [str(labels[name]), display(getattr(review, name)), display(score)]
            for name, score in scores.items()
            if getattr(review, name) != score
        ]
        if not shown:
            self.outcome.counts["unchanged"] += 1
            return None
        self.outcome.counts["update"] += 1
        self.diff(row.number, code or card, str(subject if kind == MEMBER else code), shown)
        return row, kind, subject, review, level, scores

    def _scores(self, row):
        """The row's scores (column key → value), checked against the year's rules; errors on their cells."""
        scores = {name: row.values[name] for name in ("general_score", "results_score") if name in row.values}
        if scores and not self.rules.scores:
            for name in scores:
                message = _("The rules of %(year)s rate without a score: leave this column empty.")
                self.error(row.number, name, message % {"year": self.batch.year})
            return {}
        for name, maximum in (("general_score", self.rules.general_max), ("results_score", self.rules.results_max)):
            if name in scores and scores[name] > maximum:
                self.error(row.number, name, _("The score must be between 0 and %(max)s.") % {"max": maximum})
        if sum(scores.values()) > 100:
            self.error(row.number, "results_score", _("The two scores together exceed 100."))
        return scores

    def _write(self, row, kind, subject, review, level, scores):
        now = timezone.now()
        if review is None:
            member_organizations, paths = self.places
            if kind == ORGANIZATION:
                review = CollectiveReview(cycle=self.cycle, organization_id=subject[0])
            else:
                review = IndividualReview(
                    cycle=self.cycle,
                    member=subject,
                    organization_id=member_organizations[subject.pk],
                    form=subject.review_form,
                )
            review.organization_path = paths[review.organization_id]
        old = review.decided_level
        changes = {"level": [old, level]}
        for name, score in scores.items():
            changes[name] = [display(getattr(review, name)), display(score)]
            setattr(review, name, score)
        review.decided_level = level
        review.decided_at, review.decided_by = now, self.user
        review.status, review.accepted_at = SubmissionStatus.ACCEPTED, review.accepted_at or now
        review.save()
        action = ChangeAction.CREATE if not old else ChangeAction.UPDATE
        if kind == ORGANIZATION:
            code = row.values["organization_code"]
            self.record(row.number, code, action, changes, organization_id=subject[0], review_cycle=self.cycle)
        else:
            self.record(row.number, subject.card_number, action, changes, member=subject, review_cycle=self.cycle)


IMPORTERS = {
    ImportKind.MEMBERS: MemberImporter,
    ImportKind.ORGANIZATIONS: OrganizationImporter,
    ImportKind.RATINGS: RatingImporter,
}
# The tables each kind of import fills, whose statistics are refreshed after it (core.planner_stats).
WRITTEN = {
    ImportKind.MEMBERS: (Member, Membership),
    ImportKind.ORGANIZATIONS: (Organization,),
    ImportKind.RATINGS: (CollectiveReview, IndividualReview),
}


def run(batch, write=False, on_progress=None):
    """The ``Outcome`` of reading ``batch``'s file (and, with ``write``, writing it: the caller's transaction)."""
    outcome = IMPORTERS[batch.kind](batch, on_progress).run(write=write)
    if write:
        # An import writes thousands of rows at once: refresh the planner's statistics once it commits.
        statistics.analyze_on_commit(*WRITTEN[batch.kind])
    return outcome
