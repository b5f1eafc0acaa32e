"""Give the organizations closed before the restructuring record existed the lineage their records show.

An organization ended (``valid_to``) with no ``LineageLink`` has no successor for
the history's readers (``access.history``), the lineage card and the age rule.
The apps' records say where it went (``organizations.hooks.successor_evidence``:
where its members were transferred); this command proposes that successor and,
with ``--apply``, records it as a derived event in one transaction. Without
``--apply`` it only prints what it would record. An organization whose records
point nowhere, or to two places equally, is listed and left to a person.

What a closed organization still holds (``hooks.closing_holdings``: open
commitments, explanations still due, members attached to it) is listed under
its proposal. ``--hand-over`` gives it to the successor as a live merger does,
in the same transaction as the links, and lists what went; it also covers links
an earlier run recorded without it. It is an option rather than the default
because a derived successor is a guess from the records: the operator reads the
dry run's list first, and work handed to the wrong ward would have to be moved
back by hand. Without it the open work stays with the ended organization and
reminds nobody, which the apply's last line says.
"""

from django.core.management.base import BaseCommand, no_translations

from organizations import services


class Command(BaseCommand):
    help = "Propose (and with --apply record) the successors of organizations closed without a lineage record."

    def add_arguments(self, parser):
        parser.add_argument("--apply", action="store_true", help="record the proposed links (default: a dry run)")
        parser.add_argument(
            "--hand-over",
            action="store_true",
            help="with --apply, hand each closed organization's open work to its successor in the same transaction",
        )

    def _holdings(self, held, prefix="  holds"):
        for label, items in held:
            self.stdout.write(f"{prefix} {label} ({len(items)}): " + "; ".join(items))

    @no_translations  # the operator's output in English like the other commands; the stored event's words in Vietnamese
    def handle(self, *args, apply=False, hand_over=False, **options):
        proposals = services.past_lineage()
        clear = [link for link in proposals if link.successor is not None]
        holding = 0
        for link in proposals:
            closed = f"{link.organization.name} (#{link.organization.pk}, closed {link.organization.valid_to:%d/%m/%Y})"
            evidence = ", ".join(f"{label}: {count}" for label, count in link.evidence)
            if link.successor is None:
                self.stdout.write(f"Skipped {closed}: {link.problem}" + (f" ({evidence})" if evidence else "") + ".")
                continue
            successor = f"{link.successor.name} (#{link.successor.pk})"
            self.stdout.write(f"{closed} → {successor}: {evidence} of {link.total}.")
            held = services.held_by(link.organization)
            holding += bool(held)
            self._holdings(held)
        earlier = services.past_links_holding()
        for link in earlier:
            self.stdout.write(f"Linked earlier, not handed over: {link.predecessor.name} → {link.successor.name}.")
            self._holdings(services.held_by(link.predecessor))
        holding += len(earlier)
        if not apply:
            self.stdout.write(f"Dry run: {len(clear)} links would be recorded; nothing was changed. Add --apply.")
            if holding:
                self.stdout.write(
                    f"{holding} closed organizations hold open work; --hand-over gives it to the successors."
                )
            return
        events, handed = services.settle_past_lineage(clear, hand_over=hand_over)
        links = sum(event.links.count() for event in events)
        self.stdout.write(f"Recorded {links} links in {len(events)} derived events.")
        for row in handed:
            self._holdings(
                [(row.label, row.items)], prefix=f"Handed over {row.organization.name} → {row.successor.name}:"
            )
        if hand_over:
            self.stdout.write(f"Handed over {sum(len(row.items) for row in handed)} items.")
        elif holding:
            self.stdout.write(
                f"{holding} closed organizations keep open work reminding nobody: run again with --apply --hand-over."
            )
