"""The shipped machine-learning bank: every question meets BANK.md, and every role × level
assembles a full loop from it. A later edit to fixtures/bank cannot quietly break either."""

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

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


def test_the_bank_is_big_enough_and_varied():
    kinds = Counter(q["kind"] for q in QUESTIONS)
    difficulty = Counter(q["difficulty"] for q in QUESTIONS)
    active = [q for q in QUESTIONS if q["status"] == "active"]
    assert len(active) >= 130
    assert kinds["coding"] >= 15
    assert kinds["system-design"] >= 10
    assert kinds["scenario"] >= 15
    assert kinds["behavioural"] >= 10
    for level in ("basic", "intermediate", "advanced"):
        assert difficulty[level] >= 0.25 * len(QUESTIONS), level
    assert len({q["slug"] for q in QUESTIONS}) == len(QUESTIONS)


@pytest.mark.parametrize("question", QUESTIONS, ids=[q["slug"] for q in QUESTIONS])
def test_every_question_meets_the_standard(question):
    kind = question["kind"]
    low, high = MINUTES[kind]
    assert low <= question["minutes"] <= high
    assert words(question["model_answer"]) >= 80
    assert 3 <= len(question["good_signals"]) <= 5
    assert len(question["probes"]) >= 2
    assert len(question["red_flags"]) >= 2
    rubric = {int(score): anchor for score, anchor in question["rubric"].items()}
    assert sorted(rubric) == [1, 2, 3, 4]
    assert len(set(rubric.values())) == 4
    assert all(words(anchor) >= 8 for anchor in rubric.values())
    assert question["roles"] and question["tags"]
    if kind == "coding":
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


def test_coding_reference_solutions_pass_their_own_tests():
    for question in (q for q in QUESTIONS if q["kind"] == "coding"):
        blocks = re.findall(r"```python\n(.*?)```", question["model_answer"], re.DOTALL)
        namespace = {}
        exec(compile("\n".join(blocks), question["slug"], "exec"), namespace)  # noqa: S102


@pytest.fixture
def shipped_bank(db):
    call_command("load_loop_templates", verbosity=0)
    call_command("load_shipped_bank", verbosity=0)


def test_shipped_bank_loads_every_question_as_active(shipped_bank):
    assert Question.objects.filter(status="active").count() == len(QUESTIONS)


@pytest.mark.parametrize("role", ["ml-engineer", "data-scientist", "ai-engineer", "mlops-engineer"])
def test_every_role_and_level_assembles_without_a_short_session(shipped_bank, role):
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
