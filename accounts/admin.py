from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from accounts.models import RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    autocomplete_fields = ["organization"]
    extra = 0


@admin.register(User)
class KiemDiemUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, (None, {"fields": ("full_name", "language", "member")}))
    raw_id_fields = ["member"]
    inlines = [RoleAssignmentInline]
    list_display = ["username", "full_name", "email", "is_active"]
