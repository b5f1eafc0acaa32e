"""Give the organizations closed before the restructuring record existed the lineage their records show.

An organization ended (``valid_to``) with no ``LineageLink`` has no successor for
the history's readers (``access.history``), the lineage card and the age rule.
The apps' records say where it went (``organizations.hooks.successor_evidence``:
where its members were transferred); this command proposes that successor and,
with ``--apply``, records it as a derived event in one transaction. Without
``--apply`` it only prints what it would record. An organization whose records
point nowhere, or to two places equally, is listed and left to a person.
"""

from django.core.management.base import BaseCommand, no_translations

from organizations import services


class Command(BaseCommand):
    help = "Propose (and with --apply record) the successors of organizations closed without a lineage record."

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="record the proposed links (default: a dry run)")

    @no_translations  # the operator's output in English like the other commands; the stored event's words in Vietnamese
    def handle(self, *args, apply=False, **options):
        proposals = services.past_lineage()
        clear = [link for link in proposals if link.successor is not None]
        for link in proposals:
            closed = f"{link.organization.name} (#{link.organization.pk}, closed {link.organization.valid_to:%d/%m/%Y})"
            evidence = ", ".join(f"{label}: {count}" for label, count in link.evidence)
            if link.successor is None:
                self.stdout.write(f"Skipped {closed}: {link.problem}" + (f" ({evidence})" if evidence else "") + ".")
            else:
                successor = f"{link.successor.name} (#{link.successor.pk})"
                self.stdout.write(f"{closed} → {successor}: {evidence} of {link.total}.")
        if not apply:
            self.stdout.write(f"Dry run: {len(clear)} links would be recorded; nothing was changed. Add --apply.")
            return
        events = services.record_past_lineage(clear)
        links = sum(event.links.count() for event in events)
        self.stdout.write(f"Recorded {links} links in {len(events)} derived events.")
