"""An organization's whole review file for a cycle, as one zip.

The file holds the collective review (Mẫu 01), the meeting minutes, the
voting slips and the decision of the organization; the same papers for each
cell under it (``chi-bo/<code>/``); and one form (2A/2B/2C) per reviewed
member under it (``ca-nhan/``). The job's progress counts documents.

Word files are written one after another. PDFs are laid out in
``PDF_PROCESSES`` worker processes (billiard's pool: it may fork inside a
Celery worker, whose own processes are daemons that multiprocessing forbids to
have children), each with one ``PdfWriter`` for all the documents it renders;
this process reads the records, builds every document's papers and writes the
zip in order. The workers never touch the database.
"""

import secrets
import zipfile

from accounts import access
from core import jobs
from paperwork import layout, registry
from paperwork.content import reviews
from paperwork.pdf_writer import PdfWriter
from reviews.models import CollectiveReview

FILE_DIR = "review-files"
# Two processes lay out the PDFs of a whole file (docs/deploy.md counts them).
PDF_PROCESSES = 2


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
        for done, (name, content) in enumerate(_rendered(found, output), start=1):
            archive.writestr(f"{name}.{output}", content)
            if on_progress:
                on_progress(done)
    return len(found)


def _rendered(found, output):
    """(name, bytes) of each document in order."""
    papers = ((name, registry.KINDS[kind].papers(record)) for name, kind, record in found)
    if output != "pdf":
        for name, paper_list in papers:
            yield name, layout.render(paper_list, output)
        return
    import billiard

    pool = billiard.Pool(PDF_PROCESSES, initializer=_start_pdf_worker)
    try:
        # The papers are built here, in this process and thread (the database connection's), as the workers
        # render: each is sent as soon as it is built.
        pending = [(name, pool.apply_async(_render_pdf, (paper_list,))) for name, paper_list in papers]
        for name, result in pending:
            yield name, result.get()
    finally:  # the workers are idle once every result is in; on an error they are stopped where they are
        pool.terminate()
        pool.join()


_worker_writer = None


def _start_pdf_worker():
    global _worker_writer  # noqa: PLW0603 (one writer per worker process, made when the process starts)
    _worker_writer = PdfWriter()


def _render_pdf(papers):
    return layout.render(papers, "pdf", _worker_writer)


def write_review_file(job):
    """Write the zip of a claimed job, the review loaded again under its owner's reach; never raises."""
    queryset = CollectiveReview.objects.select_related("cycle__rule_set", "organization__parent")
    review = access.scope(queryset, job.owner).filter(pk=job.review_id).first()
    if review is None:
        job.fail("The collective review is out of the owner's reach.")
        return
    relative = f"{FILE_DIR}/{job.owner_id}/{job.pk}-{secrets.token_hex(8)}.zip"
    jobs.write_file(job, relative, lambda path: write_zip(path, review, job.output, job.report_progress))
