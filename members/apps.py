from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Party members")

    def ready(self):
        # The tree lies below the members: it learns of them only through its hooks.
        from core.summary_tables import register
        from members import leadership, services, summaries
        from organizations.hooks import Evidence, Holding, Panel, closing_holdings, detail_panels, successor_evidence

        closing_holdings.register(
            Holding(
                name="members",
                label=_("Member"),
                holds=services.holds_members,
                items=services.members_held,
                transfer=services.hand_over_members,
            )
        )
        # Where an organization closed before the restructuring record went: where its members were transferred.
        successor_evidence.register(Evidence(_("members' transfers"), services.successor_by_transfers))
        detail_panels.register(Panel("members/includes/_organization_panel.html", services.organization_panel))
        detail_panels.register(Panel("members/includes/_leadership_panel.html", leadership.leadership_panel))
        register(summaries.MEMBERS, summaries.MEMBER_ROLLUP)
