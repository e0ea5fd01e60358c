"""The shipped machine-learning bank: every question meets BANK.md, and every role × level
assembles a full loop from it. A later edit to fixtures/bank cannot quietly break either."""

import re
import sqlite3
from collections import Counter
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.db import transaction

from interviewkit.bank.models import Question, Role
from interviewkit.loops.models import Level
from interviewkit.loops.selectors import session_summary
from interviewkit.loops.services import create_loop
from tests.conftest import make_user

BANK = Path(__file__).resolve().parent.parent / "fixtures" / "bank"
MINUTES = {
    "conceptual": (3, 8),
    "scenario": (8, 15),
    "coding": (20, 45),
    "system-design": (20, 45),
    "behavioural": (5, 12),
}
# Each topic of BANK.md and a pattern that a question asking about it must match.
TOPICS = {
    "AI vs ML vs deep learning": r"deep learning",
    "reinforcement learning": r"reinforcement",
    "bias-variance": r"bias.{0,3}variance",
    "hyperparameters": r"hyperparameter",
    "type I and II errors": r"type i\b|type 1|false positive",
    "curse of dimensionality": r"curse of dimensionality",
    "overfitting": r"overfit",
    "underfitting": r"underfit",
    "inductive vs deductive": r"inductive",
    "train/validation/test": r"validation set|test set",
    "missing data": r"missing",
    "feature scaling": r"scaling|standardi[sz]",
    "one-hot encoding": r"one-hot",
    "imbalanced classes": r"imbalanc",
    "SMOTE": r"smote",
    "outliers": r"outlier",
    "leakage": r"leak",
    "PCA": r"\bpca\b|principal component",
    "imputation": r"imput",
    "k-fold": r"k-fold|cross-validation",
    "gradient descent": r"gradient descent",
    "logistic regression": r"logistic regression",
    "linear regression assumptions": r"linear regression",
    "decision trees": r"decision tree",
    "random forests": r"random forest",
    "kernel trick / SVM": r"kernel|support vector",
    "naive Bayes": r"naive bayes",
    "k-nearest neighbours": r"nearest neighbo|\bk-nn\b|\bknn\b",
    "bagging vs boosting": r"bagging|boosting",
    "XGBoost": r"xgboost|gradient.boost",
    "L1 vs L2": r"\bl1\b|lasso",
    "multi-class": r"multi-?class|softmax|one-vs-rest",
    "k-means": r"k-means",
    "choosing k": r"elbow|silhouette",
    "hierarchical clustering": r"hierarchical|dendrogram",
    "association rules": r"association rule|lift",
    "confusion matrix": r"confusion matrix",
    "F1": r"\bf1\b",
    "ROC AUC": r"\broc\b|\bauc\b",
    "precision vs recall": r"precision",
    "regression metrics": r"\bmse\b|mean squared error|rmse",
    "perceptron": r"perceptron",
    "backpropagation": r"backprop",
    "activation functions": r"activation",
    "vanishing gradients": r"vanishing|exploding",
    "CNNs": r"convolution|\bcnn",
    "RNNs and LSTMs": r"\blstm|\brnn|recurrent",
    "transfer learning": r"transfer learning|fine-tun",
    "dropout": r"dropout",
    "tokenization": r"tokeni[sz]",
    "BERT": r"\bbert\b",
    "self-attention": r"attention",
    "RAG": r"retrieval",
    "stemming vs lemmatization": r"stemming|lemmati",
    "drift": r"drift",
    "monitoring": r"monitor",
    "A/B testing": r"a/b test",
    "cold start": r"cold start|cold-start",
    "feature store / skew": r"feature store|training.serving skew",
    "time-series cross-validation": r"time.series",
    "fairness": r"fairness|unfair|bias in",
}


def shipped_questions():
    questions = []
    for path in sorted(BANK.glob("*.yaml")):
        questions += yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
    return questions


QUESTIONS = shipped_questions()


def words(text):
    return len(str(text).split())


ROLES = ("ml-engineer", "data-scientist", "ai-engineer", "mlops-engineer")
MLOPS_CORE = r"ci-cd|registry|version|orchestrat|backfill|kubernetes|k8s|gpu|distributed|cost|slo"
GENAI_CORE = r"fine-tun|lora|rlhf|dpo|agent|tool|serving|decoding|guardrail|pii|llm"
MLE_TOPICS = {
    "distributed training": r"distributed|all-reduce|fsdp|zero|parallelism",
    "serving and performance": r"latency|quantis|batching|onnx|compression",
    "recommendation and ranking": r"recommend|ranking|two-tower",
    "vision": r"vision|detection|segmentation|image",
    "labelling and active learning": r"label|active-learning|annotat",
    "explainability": r"shap|explain|counterfactual|partial-dependence",
    "stacking": r"stacking",
    "RL basics": r"bandit|mdp|reinforcement|policy",
}
# "All of 3, plus …" lists more; anchor 4 must state the threshold beyond a 3 instead.
LOOSE_FOUR = re.compile(r"^\s*(all of|everything (in|from)|as (in )?3|same as|3[,.;:]? plus)", re.I)


def tagged(*tags):
    return [q for q in QUESTIONS if set(tags) & set(q["tags"])]


def mentions(question, pattern):
    text = " ".join([question["slug"], *question["tags"]])
    return re.search(pattern, text, re.IGNORECASE)


def test_the_bank_is_big_enough_and_varied():
    kinds = Counter(q["kind"] for q in QUESTIONS)
    difficulty = Counter(q["difficulty"] for q in QUESTIONS)
    assert len([q for q in QUESTIONS if q["status"] == "active"]) >= 320
    assert kinds["scenario"] >= 40
    for level in ("basic", "intermediate", "advanced"):
        assert difficulty[level] >= 0.2 * len(QUESTIONS), level
    assert len({q["slug"] for q in QUESTIONS}) == len(QUESTIONS)
    # Roles are chosen, not copied: few questions suit every role.
    assert sum(len(q["roles"]) == len(ROLES) for q in QUESTIONS) < 0.15 * len(QUESTIONS)


def test_data_scientists_get_a_data_round():
    for_ds = [q for q in QUESTIONS if "data-scientist" in q["roles"]]
    assert len([q for q in for_ds if "sql" in q["tags"]]) >= 15
    numeric = [q for q in for_ds if "numeric" in q["tags"] and q["competency"] == "statistics"]
    assert len(numeric) >= 15
    assert all("```python" in q["model_answer"] for q in numeric)  # the number is computed
    causal = [q for q in for_ds if {"experimentation", "causal-inference"} & set(q["tags"])]
    assert len(causal) >= 10
    assert len([q for q in for_ds if "product-metrics" in q["tags"]]) >= 6


def test_mlops_and_genai_roles_have_a_core_of_their_own():
    mlops = [
        q
        for q in QUESTIONS
        if "mlops-engineer" in q["roles"] and "data-scientist" not in q["roles"]
        and q["competency"] == "mlops-system-design" and mentions(q, MLOPS_CORE)
    ]  # fmt: skip
    assert len(mlops) >= 30
    assert sum(q["roles"] == ["mlops-engineer"] for q in QUESTIONS) >= 10
    genai = [
        q
        for q in QUESTIONS
        if "ai-engineer" in q["roles"]
        and q["competency"] == "nlp-genai"
        and mentions(q, GENAI_CORE)
    ]
    assert len(genai) >= 30
    for role in ("mlops-engineer", "ai-engineer"):
        designs = [q for q in QUESTIONS if q["kind"] == "system-design" and role in q["roles"]]
        assert len(designs) >= 4, role


@pytest.mark.parametrize("topic", sorted(MLE_TOPICS))
def test_ml_engineers_are_asked_about(topic):
    assert any("ml-engineer" in q["roles"] and mentions(q, MLE_TOPICS[topic]) for q in QUESTIONS), (
        topic
    )


def test_coding_behavioural_and_design_counts():
    coding = [q for q in QUESTIONS if q["kind"] == "coding" and "sql" not in q["tags"]]
    assert len(coding) >= 35
    arrays = [q for q in coding if re.search(r"import (numpy|pandas)", q["model_answer"])]
    assert len(arrays) >= 12
    assert sum(q["difficulty"] == "advanced" for q in coding) >= 10
    behavioural = [q for q in QUESTIONS if q["kind"] == "behavioural"]
    assert len(behavioural) >= 30
    assert sum(q["difficulty"] == "advanced" for q in behavioural) >= 10
    for role in ROLES:  # stories only that role would tell
        own = [q for q in behavioural if role in q["roles"] and len(q["roles"]) <= 2]
        assert len(own) >= 3, role
    designs = [q for q in QUESTIONS if q["kind"] == "system-design"]
    assert len(designs) >= 24
    for role in ROLES:
        mine = [q for q in designs if role in q["roles"]]
        assert len(mine) >= 3, role
        assert any(q["difficulty"] != "advanced" for q in mine), role  # for Junior and Mid


@pytest.mark.parametrize("question", QUESTIONS, ids=[q["slug"] for q in QUESTIONS])
def test_every_question_meets_the_standard(question):
    kind = question["kind"]
    low, high = MINUTES[kind]
    assert low <= question["minutes"] <= high
    assert words(question["model_answer"]) >= 80
    assert 3 <= len(question["good_signals"]) <= 5
    assert len(question["probes"]) >= 2
    for probe in question["probes"]:  # each says what a good reply contains
        assert probe["ask"].strip() and words(probe["listen_for"]) >= 4, probe
    assert len(question["red_flags"]) >= 2
    rubric = {int(score): anchor for score, anchor in question["rubric"].items()}
    assert sorted(rubric) == [1, 2, 3, 4]
    assert len(set(rubric.values())) == 4
    assert all(words(anchor) >= 8 for anchor in rubric.values())
    assert not LOOSE_FOUR.search(rubric[4]), "anchor 4 must state the threshold beyond a 3"
    assert question["roles"] and question["tags"]
    slugs = {q["slug"] for q in QUESTIONS}
    assert set(question["overlaps"]) <= slugs - {question["slug"]}
    if kind == "coding" and "sql" not in question["tags"]:
        assert "```python" in question["model_answer"]
        assert "assert" in question["model_answer"]


def test_rubric_anchors_are_specific_to_their_question():
    anchors = Counter(
        str(anchor).strip().lower() for q in QUESTIONS for anchor in q["rubric"].values()
    )
    assert [anchor for anchor, count in anchors.items() if count > 1] == []


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_every_topic_is_asked(topic):
    pattern = re.compile(TOPICS[topic], re.IGNORECASE)
    assert any(pattern.search(f"{q['prompt']} {' '.join(q['tags'])}") for q in QUESTIONS)


WITH_PYTHON = [q for q in QUESTIONS if "```python" in q["model_answer"]]


@pytest.mark.parametrize("question", WITH_PYTHON, ids=[q["slug"] for q in WITH_PYTHON])
def test_every_python_block_runs_and_its_checks_pass(question):
    """Reference solutions pass the cases their prompts state; numeric answers compute."""
    blocks = re.findall(r"```python\n(.*?)```", question["model_answer"], re.DOTALL)
    namespace = {"__name__": question["slug"]}
    exec(compile("\n".join(blocks), question["slug"], "exec"), namespace)  # noqa: S102


SQL = tagged("sql")


def sql_result_table(answer, query_end):
    """The Markdown table after the reference query: (header, rows) as text."""
    table = re.search(r"((?:^\|.*\|\s*$\n?)+)", answer[query_end:], re.MULTILINE)
    assert table, "the expected result follows the query as a Markdown table"
    lines = [line.strip() for line in table.group(1).strip().splitlines()]
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in lines]
    return rows[0], rows[2:]


def same_cell(value, text):
    if value is None:
        return text.upper() == "NULL"
    if isinstance(value, int | float):
        return abs(float(value) - float(text)) <= 0.005
    return str(value) == text


@pytest.mark.parametrize("question", SQL, ids=[q["slug"] for q in SQL])
def test_every_sql_reference_query_returns_its_stated_result(question):
    schema = re.findall(r"```sql\n(.*?)```", question["prompt"], re.DOTALL)
    assert schema and "create table" in schema[0].lower(), "the prompt ships schema and rows"
    match = re.search(r"```sql\n(.*?)```", question["model_answer"], re.DOTALL)
    header, expected = sql_result_table(question["model_answer"], match.end())
    database = sqlite3.connect(":memory:")
    database.executescript("\n".join(schema))
    cursor = database.execute(match.group(1))
    assert [column[0].lower() for column in cursor.description] == [h.lower() for h in header]
    got = cursor.fetchall()
    if "order by" not in match.group(1).lower():
        got, expected = sorted(got, key=str), sorted(expected, key=str)
    assert len(got) == len(expected)
    for row, stated in zip(got, expected, strict=True):
        assert all(same_cell(v, t) for v, t in zip(row, stated, strict=True)), (row, stated)


@pytest.fixture(scope="module")
def shipped_bank(django_db_setup, django_db_blocker):
    """The shipped templates and bank, loaded once for this module's tests (a load takes seconds,
    20 on PostgreSQL), in a transaction rolled back after the last; each test (with `db`) runs
    in one of its own inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_loop_templates", verbosity=0)
        call_command("load_shipped_bank", verbosity=0)
        yield
        transaction.set_rollback(True)


def test_shipped_bank_loads_every_question_as_active(shipped_bank, db):
    assert Question.objects.filter(status="active").count() == len(QUESTIONS)


@pytest.mark.parametrize("role", ["ml-engineer", "data-scientist", "ai-engineer", "mlops-engineer"])
def test_every_role_and_level_assembles_without_a_short_session(shipped_bank, db, role):
    owner = make_user(f"owner-{role}", "Hiring managers")
    for level in Level.objects.all():
        for seed in range(3):
            loop = create_loop(
                owner=owner, role=Role.objects.get(slug=role), level=level, title="x", seed=seed
            )
            for session in loop.sessions.all():
                problems = session_summary(session)["problems"]
                assert problems == [], f"{level} {role}, {session.name}, seed {seed}: {problems}"


def test_no_word_is_hyphenated_across_a_line():
    # Markdown joins lines with a space, so "helpful-\nsounding" would print as "helpful- sounding".
    broken = [
        (q["slug"], field)
        for q in QUESTIONS
        for field in ("prompt", "model_answer")
        if re.search(r"[a-z]-\n\s*[a-z]", str(q[field]))
    ]
    assert broken == []
