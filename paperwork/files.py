"""An organization's whole review file for a cycle, as one zip.

The file holds the collective review (Mẫu 01), the meeting minutes, the
voting slips and the decision of the organization; the same papers for each
cell under it (``chi-bo/<code>/``); and one form (2A/2B/2C) per reviewed
member under it (``ca-nhan/``). Each document is built when its turn comes and
the job's progress counts documents.
"""

import secrets
import zipfile

from accounts import access
from core import jobs
from paperwork import layout, registry
from paperwork.content import reviews
from reviews.models import CollectiveReview

FILE_DIR = "review-files"


def _organization_entries(review, folder):
    code = registry.slug(review.organization.code)
    return [
        (f"{folder}01-mau-01-{code}", "collective", review),
        (f"{folder}02-bien-ban-hoi-nghi-{code}", "minutes", review),
        (f"{folder}03-phieu-bieu-quyet-dang-vien-{code}", "member-slips", review),
        (f"{folder}04-phieu-bieu-quyet-to-chuc-{code}", "organization-slips", review),
        (f"{folder}05-quyet-dinh-cong-nhan-{code}", "decision", review),
    ]


def entries(review):
    """[(path in the zip without extension, document kind, record)] of the review's whole file, in order."""
    root = f"ho-so-kiem-diem-{review.cycle.year}-{registry.slug(review.organization.code)}/"
    found = _organization_entries(review, root)
    for cell in reviews.cells_of(review):
        found += _organization_entries(cell, f"{root}chi-bo/{registry.slug(cell.organization.code)}/")[:4]
    members = reviews.members_of(review).prefetch_related("answers__manifestation")
    for number, item in enumerate(members, start=1):
        name = f"{root}ca-nhan/{number:03d}-mau-{item.form.lower()}-{registry.slug(item.member.full_name)}"
        found.append((name, "individual", item))
    return found


def write_zip(target, review, output, on_progress=None):
    """Write ``review``'s whole file to ``target`` (a path or binary file); returns the number of documents."""
    found = entries(review)
    if on_progress:
        on_progress(0, len(found))
    # Stored, not deflated: Word files are zips already and PDFs are compressed, so deflating again only costs.
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_STORED) as archive:
        for done, (name, kind, record) in enumerate(found, start=1):
            papers = registry.KINDS[kind].papers(record)
            archive.writestr(f"{name}.{output}", layout.render(papers, output))
            if on_progress:
                on_progress(done)
    return len(found)


def write_review_file(job):
    """Write the zip of a claimed job, the review loaded again under its owner's reach; never raises."""
    queryset = CollectiveReview.objects.select_related("cycle__rule_set", "organization__parent")
    review = access.scope(queryset, job.owner).filter(pk=job.review_id).first()
    if review is None:
        job.fail("The collective review is out of the owner's reach.")
        return
    relative = f"{FILE_DIR}/{job.owner_id}/{job.pk}-{secrets.token_hex(8)}.zip"
    jobs.write_file(job, relative, lambda path: write_zip(path, review, job.output, job.report_progress))
