"""Users of bench/load.py: secretaries edit and submit, city staff read the dashboard and the board,
the Inspection Committee verifies. Work items come from the plan that bench/load.py writes (LOAD_PLAN).

Not a test; run through bench/load.py, which starts the server and prints the figures.
"""

import json
import logging
import os
import random
import re

import gevent
from locust import FastHttpUser, between, task

PLAN = json.loads(open(os.environ["LOAD_PLAN"]).read())  # noqa: SIM115 - read once at import
REVISION = re.compile(r'name="revision" value="(\d+)"')
SECTION = re.compile(r'<textarea name="([a-z_]+)"')


# The measured window opens once every person has signed in (password hashing is slow on purpose, and
# a sign-in still running would be measured with the pages) and lasts LOAD_SECONDS.
USERS, SECONDS = int(os.environ.get("LOAD_USERS", "0")), int(os.environ.get("LOAD_SECONDS", "60"))
SIGNED_IN = []


def signed_in(environment):
    SIGNED_IN.append(1)
    if len(SIGNED_IN) == USERS:
        environment.stats.reset_all()
        logging.info("All users signed in; measuring for %s s", SECONDS)
        gevent.spawn_later(SECONDS, environment.runner.quit)


# Pages a signed-in person lands on only when something went wrong: a lost session, a second factor refused.
SIGN_IN_PAGES = ("/login/", "/account/two-factor/")


# FastHttpUser (geventhttpclient): locust runs on the same two cores as the server, and the requests-based
# HttpUser spends several times its processor time per request. It follows redirects as a browser does,
# and ``response.url`` is the page it landed on.
class Person(FastHttpUser):
    abstract = True
    # A person reads a page before the next click.
    wait_time = between(1, 4)
    accounts = ()

    def on_start(self):
        self.username = random.choice(self.accounts)
        self.client.get("/login/", name="/login/")
        data = {"username": self.username, "password": PLAN["password"], "csrfmiddlewaretoken": self.csrf()}
        with self.client.post("/login/", data, name="/login/ (POST)", catch_response=True) as response:
            if "/login/verify/" in response.url:  # a second factor: one of the account's backup codes
                response.success()
                codes = PLAN["codes"].get(self.username) or [""]
                data = {"code": codes.pop(), "csrfmiddlewaretoken": self.csrf()}
                with self.client.post(
                    response.url, data, name="/login/verify/ (POST)", catch_response=True
                ) as verified:
                    self.check(verified)
            else:
                self.check(response)
        signed_in(self.environment)

    def check(self, response):
        """A failure unless the page answered and is not a sign-in page (a redirect there is a lost session)."""
        path = response.url.split("//", 1)[-1].partition("/")[2]
        if response.status_code >= 400:
            response.failure(f"status {response.status_code}")
        elif any(f"/{path}".startswith(page) for page in SIGN_IN_PAGES):
            response.failure(f"sent to /{path}")
        else:
            response.success()

    def csrf(self):
        return next((cookie.value for cookie in self.client.cookiejar if cookie.name == "csrftoken"), "")

    def get(self, path, name):
        with self.client.get(path, name=name, catch_response=True) as response:
            self.check(response)
            return response

    def post(self, path, data, name):
        with self.client.post(path, {**data, "csrfmiddlewaretoken": self.csrf()}, name=name, catch_response=True) as r:
            self.check(r)
            return r

    @task(2)
    def home(self):
        self.get("/", name="home")


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
        self.get(f"/reviews/collective/{pk}/", name="review detail")
        page = self.get(f"/reviews/collective/{pk}/edit/", name="review edit").text
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
        self.get("/reports/", name="dashboard")

    @task(3)
    def board(self):
        self.get(f"/reviews/cycles/{PLAN['cycle']}/", name="cycle board")

    @task(1)
    def members(self):
        self.get("/members/?q=nguyen", name="member search")


class Inspector(Person):
    weight = 2
    accounts = PLAN["inspectors"]

    def on_start(self):
        super().on_start()
        self.commitments = list(PLAN["commitments"])
        random.shuffle(self.commitments)

    @task(2)
    def queue(self):
        self.get("/commitments/verification/", name="verification queue")

    @task(2)
    def verify(self):
        if not self.commitments:
            return
        pk = self.commitments.pop()
        self.get(f"/commitments/{pk}/", name="commitment detail")
        data = {"outcome": "verified", "assessment": "Đã kiểm tra, khắc phục có hiệu quả."}
        self.post(f"/commitments/{pk}/verify/", data, "commitment verify (POST)")
