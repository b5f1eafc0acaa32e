"""What the secretary of a merged ward reads after the merger (access lives in ``accounts.access``).

The role stays open (a merger does not end roles; ``RoleAssignment`` dates them) and reaches only the ended
ward's own path: what stayed there is its history. What was handed over is the successor's open work now, and
the other merged ward's work never was theirs.
"""

from django.urls import reverse

from directives.models import ExplanationReport
from organizations import services
from organizations.tests.test_hand_over import BASIS, ON, cycle, directive, new_ward  # noqa: F401 (fixtures)


def test_a_merged_wards_former_secretary_gains_nothing_of_the_successors_other_ward(
    login,
    city,
    ward_a,
    ward_b,
    directive,  # noqa: F811
    secretary_a,
):
    report_a = ExplanationReport.objects.get(directive=directive, organization=ward_a)
    report_b = ExplanationReport.objects.get(directive=directive, organization=ward_b)
    client = login(secretary_a)
    assert client.get(reverse("directives:report", args=[report_a.pk])).status_code == 200
    services.merge([ward_a, ward_b], new_ward(city), ON, BASIS)
    assert client.get(reverse("directives:report", args=[report_b.pk])).status_code == 404
    # The handed-over report is answered by the successor's secretary now, not by the ended ward's.
    assert client.get(reverse("directives:report", args=[report_a.pk])).status_code == 404
