"""Admin for commitments: read and correct rows; the verbs are in the app's pages."""

from django.contrib import admin

from commitments.models import CarryOverItem, Commitment, CommitmentEvent, ExtensionRequest, Verification


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ["pk", "organization", "member", "cycle", "status", "deadline", "extension_count"]
    list_filter = ["status", "source_kind", "cycle"]
    search_fields = ["search_text"]
    raw_id_fields = ["organization", "member", "collective_review", "individual_review", "accountable_user"]


admin.site.register([CarryOverItem, CommitmentEvent, ExtensionRequest, Verification])
