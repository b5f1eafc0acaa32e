from django.contrib import admin

from organizations.models import Organization


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "sector", "valid_from", "valid_to"]
    list_filter = ["kind", "sector"]
    search_fields = ["name", "code", "search_text"]
    raw_id_fields = ["parent", "successor"]
