"""Summary tables: counts kept by the database itself, read by the dashboards instead of the reviews."""

from django.db import models
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from core.rollups import ancestor_id, depth_of


class IndividualReviewCount(models.Model):
    """How many of a cycle's individual reviews an organization holds, per workflow step and decided level.

    The dashboard's and the organization report's member levels read these rows
    (a few per organization and cycle) instead of every individual review. They are
    never stale: triggers on ``reviews_individualreview`` (``reviews.summaries``)
    change them in the same statement as the reviews, whatever writes them — a
    service, a bulk UPDATE, a COPY, an import or a restructuring that moves reviews.
    ``manage.py refresh_summaries`` rebuilds them from the reviews.

    The foreign keys have no database constraint and do nothing on delete: the
    triggers remove a row when its last review goes, and a cascade that deleted the
    rows first would only leave the triggers nothing to decrement.
    """

    cycle = models.ForeignKey("reviews.ReviewCycle", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    status = models.CharField(_("status"), max_length=16)
    decided_level = models.CharField(_("decided level"), max_length=32, blank=True)
    total = models.IntegerField(_("individual reviews"))

    class Meta:
        verbose_name = _("individual review count")
        verbose_name_plural = _("individual review counts")
        constraints = [
            # The triggers' ON CONFLICT target; also the index of a cycle's rows.
            models.UniqueConstraint(
                fields=["cycle", "organization", "status", "decided_level"], name="individual_review_count_key"
            ),
        ]

    def __str__(self):
        return f"{self.cycle_id}/{self.organization_id}/{self.status}/{self.decided_level}: {self.total}"


class RollupRow(models.Model):
    """Abstract: a count at one organization of the tree (``core.rollups``), of everything on a place through it.

    ``ancestor`` is that organization, ``depth`` its depth on the counted places (0 at the top: the rows a
    reader of the whole tree sums). No database constraint on the foreign keys, as for the summary tables.
    """

    # No index of their own: the unique key (cycle, ancestor, ...) is the one the reads and the triggers use.
    cycle = models.ForeignKey(
        "reviews.ReviewCycle", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    ancestor = models.ForeignKey(
        "organizations.Organization", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    depth = models.PositiveSmallIntegerField(_("depth"))
    total = models.IntegerField(_("reviews"))

    class Meta:
        abstract = True


class IndividualReviewRollup(RollupRow):
    """How many of a cycle's individual reviews lie under an organization (at their stored place), per acceptance
    and decided level.

    Kept by triggers on the reviews (``reviews.summaries.INDIVIDUAL_REVIEW_ROLLUP``); the dashboard's
    member levels sum the rows of the reader's reach roots, the cycle board its rows' members and
    members accepted (``reviews.board.add_member_counts``). Acceptance, not the status: a submission
    or a return leaves the rows alone, so the raters across the tree meet on them only when accepting.
    """

    accepted = models.BooleanField(_("accepted"))
    decided_level = models.CharField(_("decided level"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("individual review roll-up")
        verbose_name_plural = _("individual review roll-ups")
        constraints = [
            # The triggers' ON CONFLICT target; also the index of a cycle's rows at an organization.
            models.UniqueConstraint(
                fields=["cycle", "ancestor", "depth", "accepted", "decided_level"], name="individual_review_rollup_key"
            ),
        ]

    def __str__(self):
        return f"{self.cycle_id}/{self.ancestor_id}/{self.accepted}/{self.decided_level}: {self.total}"

    @classmethod
    def count_under(cls, cycle, path):
        """How many of ``cycle``'s individual reviews are stored at ``path`` or under it (a row per level).

        The same number as counting the reviews whose ``organization_path`` starts with ``path``: the
        roll-up counts each review at every organization on its stored place, at its depth there.
        """
        return cls.counts_under(cycle, [path])[path][0]

    @classmethod
    def counts_under(cls, cycle, paths):
        """{path: (reviews, accepted ones)} of ``cycle`` stored at each of ``paths`` or under it, in one query."""
        rows = (
            cls.objects.filter(cycle=cycle, ancestor_id__in={ancestor_id(path) for path in paths})
            .order_by()
            .values_list("ancestor_id", "depth")
            .annotate(reviews=Sum("total"), accepted_reviews=Sum("total", filter=models.Q(accepted=True)))
        )
        counts = {(ancestor, depth): (total, accepted or 0) for ancestor, depth, total, accepted in rows}
        return {path: counts.get((ancestor_id(path), depth_of(path)), (0, 0)) for path in paths}


class CollectiveReviewRollup(RollupRow):
    """How many of a cycle's grassroots organizations' reviews lie under an organization, per board step and level.

    Kept by triggers on the reviews, their meeting records and the organizations' kinds
    (``reviews.summaries.COLLECTIVE_REVIEW_ROLLUP``); ``step`` is a code of ``reviews.board.STEPS``
    ("" for a review in none of them).
    """

    step = models.CharField(_("step"), max_length=16)
    decided_level = models.CharField(_("decided level"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("collective review roll-up")
        verbose_name_plural = _("collective review roll-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "ancestor", "depth", "step", "decided_level"], name="collective_review_rollup_key"
            ),
        ]

    def __str__(self):
        return f"{self.cycle_id}/{self.ancestor_id}/{self.step}/{self.decided_level}: {self.total}"


class NotReviewedRollup(RollupRow):
    """How many members a cycle does not review lie under an organization (at their stored place), per reason.

    Kept by triggers on the members not reviewed (``reviews.summaries.NOT_REVIEWED_ROLLUP``).
    """

    reason = models.CharField(_("reason"), max_length=255)

    class Meta:
        verbose_name = _("members not reviewed roll-up")
        verbose_name_plural = _("members not reviewed roll-ups")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "ancestor", "depth", "reason"], name="not_reviewed_rollup_key"),
        ]

    def __str__(self):
        return f"{self.cycle_id}/{self.ancestor_id}/{self.reason}: {self.total}"
