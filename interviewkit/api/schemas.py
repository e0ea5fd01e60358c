"""What the API reads and answers, as the OpenAPI document describes it. Every string that
comes in has a length bound; `null` in an answer is a value the caller may not see."""

from datetime import date, datetime
from typing import Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from ninja import Field, Schema
from pydantic import ConfigDict, field_validator


class Page(Schema):
    next_cursor: str | None = Field(
        description="Pass as ?cursor= for the next page; null at the end."
    )
    next: str | None = Field(description="The URL of the next page; null at the end.")


class Role(Schema):
    slug: str
    name: str


class RolePage(Page):
    items: list[Role]


class Level(Schema):
    slug: str
    name: str
    difficulty_mix: dict[str, int]


class LevelPage(Page):
    items: list[Level]


class SessionTemplate(Schema):
    name: str
    minutes: int
    focus: list[str] = Field(description="Competency slugs.")
    kinds: list[str] = Field(description="Kinds of question; empty means any.")


class LoopTemplate(Schema):
    id: int
    role: str
    level: str
    sessions: list[SessionTemplate]


class LoopTemplatePage(Page):
    items: list[LoopTemplate]


class Probe(Schema):
    ask: str
    listen_for: str


class Question(Schema):
    slug: str
    revision: int
    status: str
    prompt: str
    kind: str
    competency: str | None  # a draft may have none yet
    difficulty: str
    minutes: int | None
    roles: list[str]
    tags: list[str]
    model_answer: str
    good_signals: list[str]
    probes: list[Probe]
    red_flags: list[str]
    rubric: list[str] = Field(description="Anchors for scores 1 to 4.")


class QuestionPage(Page):
    items: list[Question]


class Person(Schema):
    username: str
    name: str


class Decision(Schema):
    decision: Literal["hire", "no-hire"] | None
    rationale: str | None = Field(description="Only for the loop's hiring manager.")
    decided_by: Person | None
    decided_at: datetime | None


class Loop(Schema):
    id: int
    url: str = Field(description="The loop's page.")
    title: str
    status: str
    role: str
    level: str
    candidate_name: str
    candidate_email: str | None = Field(description="Only for the loop's hiring manager.")
    external_ref: str | None = Field(description="Only for the loop's hiring manager.")
    target_date: date | None
    owner: Person
    created_at: datetime
    decision: Decision


class LoopPage(Page):
    items: list[Loop]


class NewLoop(Schema):
    model_config = ConfigDict(extra="forbid")

    role: str = Field(max_length=50, description="A role slug, e.g. ml-engineer.")
    level: str = Field(max_length=50, description="A level slug, e.g. senior.")
    title: str = Field("", max_length=200, description="Blank: “Level Role — Candidate”.")
    candidate_name: str = Field("", max_length=200)
    candidate_email: str = Field("", max_length=254)
    target_date: date | None = None
    external_ref: str = Field(
        "", max_length=100, description="Your system's id for the application; unique per owner."
    )

    @field_validator("candidate_email")
    @classmethod
    def email(cls, value):
        if value:
            try:
                validate_email(value)
            except DjangoValidationError:
                raise ValueError("not an email address, e.g. ada@example.com") from None
        return value


class KitItem(Schema):
    id: int
    question: str = Field(description="The question's slug.")
    revision: int = Field(description="The revision of the question this item asks.")
    prompt: str
    competency: str
    difficulty: str
    kind: str
    minutes: int
    locked: bool
    scored: bool


class Session(Schema):
    id: int
    name: str
    minutes: int
    intro_minutes: int
    wrapup_minutes: int
    focus: list[str]
    kinds: list[str]
    interviewers: list[Person]
    items: list[KitItem]


class Score(Schema):
    item: int
    question: str
    revision: int = Field(description="The revision the score was given against.")
    score: int | None
    not_assessed: bool
    notes: str


class Scorecard(Schema):
    id: int
    session: int
    session_name: str
    interviewer: Person
    submitted: bool
    submitted_at: datetime | None
    recommendation: int | None = Field(description="1 strong no, 2 no, 3 yes, 4 strong yes.")
    takeaways: str
    scores: list[Score]


class ImportProblem(Schema):
    where: str
    field: str
    message: str
    slug: str


class ImportReport(Schema):
    imported: bool
    dry_run: bool
    summary: str
    created: list[str]
    updated: dict[str, list[str]]
    unchanged: list[str]
    rejected: list[str]
    problems: list[ImportProblem]
