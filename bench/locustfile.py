"""Users of bench/load.py: secretaries edit and submit, city staff read the dashboard and the board,
the Inspection Committee verifies. Work items come from the plan that bench/load.py writes (LOAD_PLAN).

Not a test; run through bench/load.py, which starts the server and prints the figures.
"""

import json
import os
import random
import re

from locust import HttpUser, between, task

PLAN = json.loads(open(os.environ["LOAD_PLAN"]).read())  # noqa: SIM115 - read once at import
REVISION = re.compile(r'name="revision" value="(\d+)"')
SECTION = re.compile(r'<textarea name="([a-z_]+)"')


class Person(HttpUser):
    abstract = True
    # A person reads a page before the next click.
    wait_time = between(1, 4)
    accounts = ()

    def on_start(self):
        self.username = random.choice(self.accounts)
        self.client.get("/login/", name="/login/")
        self.client.post(
            "/login/",
            {"username": self.username, "password": PLAN["password"], "csrfmiddlewaretoken": self.csrf()},
            name="/login/ (POST)",
        )

    def csrf(self):
        return self.client.cookies.get("csrftoken", "")

    def post(self, path, data, name):
        return self.client.post(path, {**data, "csrfmiddlewaretoken": self.csrf()}, name=name)

    @task(2)
    def home(self):
        self.client.get("/", name="home")


class Secretary(Person):
    weight = 5
    accounts = list(PLAN["secretaries"])

    def on_start(self):
        super().on_start()
        self.reviews = list(PLAN["secretaries"][self.username])
        random.shuffle(self.reviews)

    @task(3)
    def edit(self):
        if not self.reviews:
            return
        pk = random.choice(self.reviews)
        self.client.get(f"/reviews/collective/{pk}/", name="review detail")
        page = self.client.get(f"/reviews/collective/{pk}/edit/", name="review edit").text
        revision = REVISION.search(page)
        if revision is None:  # no longer editable: submitted meanwhile by the same account elsewhere
            self.reviews.remove(pk)
            return
        sections = {name: f"Nội dung kiểm điểm phần {name}, bản sửa." for name in SECTION.findall(page)}
        self.post(f"/reviews/collective/{pk}/edit/", {"revision": revision.group(1), **sections}, "review edit (POST)")

    @task(1)
    def submit(self):
        if self.reviews:
            pk = self.reviews.pop()
            self.post(f"/reviews/collective/{pk}/submit/", {}, "review submit (POST)")


class CityStaff(Person):
    weight = 3
    accounts = PLAN["city_staff"]

    @task(3)
    def dashboard(self):
        self.client.get("/reports/", name="dashboard")

    @task(3)
    def board(self):
        self.client.get(f"/reviews/cycles/{PLAN['cycle']}/", name="cycle board")

    @task(1)
    def members(self):
        self.client.get("/members/?q=nguyen", name="member search")


class Inspector(Person):
    weight = 2
    accounts = PLAN["inspectors"]

    def on_start(self):
        super().on_start()
        self.commitments = list(PLAN["commitments"])
        random.shuffle(self.commitments)

    @task(2)
    def queue(self):
        self.client.get("/commitments/verification/", name="verification queue")

    @task(2)
    def verify(self):
        if not self.commitments:
            return
        pk = self.commitments.pop()
        self.client.get(f"/commitments/{pk}/", name="commitment detail")
        data = {"outcome": "verified", "assessment": "Đã kiểm tra, khắc phục có hiệu quả."}
        self.post(f"/commitments/{pk}/verify/", data, "commitment verify (POST)")
