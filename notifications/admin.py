from django.contrib import admin

from notifications.models import Delivery, Digest, Notification, NotificationPreference, ReminderSchedule


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["kind", "object_id", "step", "recipient", "due_date", "channel", "status", "attempts"]
    list_filter = ["status", "channel", "step", "kind"]
    raw_id_fields = ["recipient", "organization", "digest"]


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ["recipient", "day", "status", "attempts"]
    list_filter = ["status"]
    raw_id_fields = ["recipient"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "title", "step", "created_at", "read_at"]
    raw_id_fields = ["user", "organization", "delivery"]


admin.site.register(ReminderSchedule)
admin.site.register(NotificationPreference)
