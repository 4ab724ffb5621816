"""The department suggester (承办部门推荐): from a ticket's text, the three most likely departments with a
confidence 0..1, learned from the platform's own dispatched history.

- Training data (`training_data`): the final lead department (主办, after any reassignment) of every dispatched
  ticket, newest first up to `MAX_HISTORY`, plus the dispatch catalogue (派单目录): each active matter's name,
  keywords and example phrases, labelled with its lead department. Below `MIN_HISTORY` dispatched tickets the
  catalogue alone trains the model (cold start).
- 属地: every town government is one class, `TOWN`, in training; a suggestion of `TOWN` is resolved to the town of
  the place named in the text (a town, or a village of one town), and dropped when the text names none. Place names
  are replaced by placeholders before learning (某镇, 某村): the model learns "a place is named", not which place.
- Features: TF-IDF over the kernel's segmenter words (rjieba with the government terms, `sunshine.search`) and
  over character 1–3-grams (word pairs too); a linear model, logistic regression (log loss, one department against
  the others, fitted by SGD), gives the scores: its probabilities, normalised over the departments.
- Stored in the database (`SuggesterModel`: the pickled pipeline, its source and size), retrained by
  `manage.py hotline_train_suggester` and the periodic job `retrain-department-suggester`; loaded once per process
  and reloaded when a newer model is stored (an indexed query checks at most every 2 seconds).
"""

from __future__ import annotations

import io
import re
import threading
import time
from dataclasses import dataclass

from sunshine.search.script import fold_script
from sunshine.search.tokenize import normalize, segmenter

TOWN = "__town__"
MIN_HISTORY = 300  # dispatched tickets needed before the history trains the model
MAX_HISTORY = 60000
MAX_TEXT = 5000  # characters (a ticket's content is at most 5000)
CATALOGUE_WEIGHT = 3  # each catalogue line counts as this many samples beside the history
KEEP_MODELS = 3

_PUNCT = re.compile(r"[\s,，。.!！?？;；:：、~～…\-—()（）\[\]【】\"“”'‘’《》<>]+")


@dataclass(frozen=True)
class Suggestion:
    department: str
    name: str
    score: float

    def as_dict(self) -> dict:
        return {"department": self.department, "name": self.name, "score": self.score}


# --- text preparation ---------------------------------------------------------------------------------------------

class Places:
    """Place names of the county → the town government's department code (a village: its town's)."""

    def __init__(self, towns: dict[str, str], villages: dict[str, list[str]]):
        self.towns = towns  # "高城镇" → "town-421321101"
        self.villages = villages  # "大堰村" → ["town-421321101", …] (a name in several towns is ambiguous)
        names = sorted([*towns, *villages], key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, names))) if names else None

    @classmethod
    def from_database(cls) -> Places:
        from sunshine.orgs.models import Department

        towns: dict[str, str] = {}
        villages: dict[str, list[str]] = {}
        for dept in Department.objects.filter(code__startswith="town-", is_active=True).select_related("division"):
            if dept.division is None:
                continue
            towns[dept.division.name] = dept.code
            for village in dept.division.children.all():
                short = village.name.removeprefix(dept.division.name)
                if len(short) >= 3:
                    villages.setdefault(short, []).append(dept.code)
        return cls(towns, villages)

    def find_town(self, text: str) -> str | None:
        """The town department of the first town named in `text`, else of a village named that is in one town."""
        if self.pattern is None:
            return None
        found = [m.group() for m in self.pattern.finditer(text)]
        for name in found:
            if name in self.towns:
                return self.towns[name]
        for name in found:
            codes = self.villages.get(name, [])
            if len(set(codes)) == 1:
                return codes[0]
        return None

    def mask(self, text: str) -> str:
        if self.pattern is None:
            return text
        return self.pattern.sub(lambda m: " 某镇 " if m.group() in self.towns else " 某村 ", text)


def prepare(text: str, places: Places | None = None) -> str:
    """Normalised (NFKC, lower case, simplified) text with place names replaced by placeholders."""
    text = fold_script(normalize(text or ""))
    if places is not None:
        text = places.mask(text)
    return text


def words(text: str) -> list[str]:
    """The kernel segmenter's words of a prepared text (module level: the pickled model refers to it)."""
    return [w for w in segmenter().cut(text, False) if not _PUNCT.fullmatch(w)]


def chars(text: str) -> str:
    return _PUNCT.sub(" ", text)


# --- training -------------------------------------------------------------------------------------------------------

def town_label(lead: str | None) -> str:
    """The class of a 属地 ticket: all the town governments together. (One class per leading county department,
    `TOWN:<lead>`, to suggest that department when no town is named, was tried: `rank` still understands it, but
    it split the towns' examples and lost top-1 accuracy, see docs/hotline.md.)"""
    return TOWN


def training_data(*, min_history: int = MIN_HISTORY) -> tuple[list[str], list[str], str, int]:
    """(texts, labels, source, history size): labels are department codes, TOWN for a town government."""
    from .models import Matter, Ticket

    rows = list(Ticket.objects.filter(department__isnull=False, dispatched_at__isnull=False)
                .exclude(status=Ticket.Status.MERGED).order_by("-dispatched_at", "-id")
                .values_list("title", "content", "department__code", "matter__lead_department__code")[:MAX_HISTORY])
    texts, labels = [], []
    source = "catalogue"
    if len(rows) >= min_history:
        source = "history"
        for title, content, code, matter_lead in rows:
            texts.append(f"{title}。{content}")
            labels.append(town_label(matter_lead) if code.startswith("town-") else code)
    for matter in Matter.objects.filter(is_active=True).select_related("lead_department"):
        lead = matter.lead_department.code
        label = town_label(lead) if matter.town_handles else lead
        lines = [matter.name, " ".join(matter.keyword_list()), *matter.keyword_list(),
                 *[e.strip() for e in matter.examples.splitlines() if e.strip()]]
        for line in lines:
            texts.extend([line] * CATALOGUE_WEIGHT)
            labels.extend([label] * CATALOGUE_WEIGHT)
    return texts, labels, source, len(rows)


def build_pipeline():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import SGDClassifier
    from sklearn.pipeline import FeatureUnion, Pipeline

    features = FeatureUnion([
        ("words", TfidfVectorizer(tokenizer=words, token_pattern=None, lowercase=False, sublinear_tf=True,
                                  ngram_range=(1, 2))),
        ("chars", TfidfVectorizer(preprocessor=chars, analyzer="char", ngram_range=(1, 3), lowercase=False,
                                  sublinear_tf=True)),
    ])
    # logistic regression (log loss) fitted by stochastic gradient descent: a few seconds on a year of tickets where
    # lbfgs takes a minute; seeded, so the same data gives the same model
    classifier = SGDClassifier(loss="log_loss", alpha=3e-5, max_iter=10, tol=None, random_state=0)
    return Pipeline([("features", features), ("classifier", classifier)])


def fit(texts: list[str], labels: list[str], places: Places):
    pipeline = build_pipeline()
    pipeline.fit([prepare(t, places) for t in texts], labels)
    return pipeline


def bundle_of(pipeline, places: Places) -> dict:
    """What a suggestion needs, without the pipeline's per-call overhead: the two vectorizers, the coefficients
    (features × departments, float32) and intercepts, the classes and the places."""
    import numpy as np

    vectorizers = [v for _, v in pipeline.named_steps["features"].transformer_list]
    classifier = pipeline.named_steps["classifier"]
    return {"vectorizers": vectorizers, "coef": np.ascontiguousarray(classifier.coef_.T, dtype=np.float32),
            "intercept": classifier.intercept_.astype(np.float32), "classes": list(classifier.classes_),
            "places": places, "names": department_names()}


def department_names() -> dict[str, str]:
    from sunshine.orgs.models import Department

    return dict(Department.objects.filter(is_active=True).exclude(code__startswith="village-")
                .values_list("code", "name"))


def probabilities(bundle: dict, text: str):
    """The departments' probabilities for a prepared text: the logistic function of each department's score,
    normalised to sum 1 (as scikit-learn's predict_proba of a one-against-the-others logistic model)."""
    import numpy as np
    import scipy.sparse as sp

    features = sp.hstack([v.transform([text]) for v in bundle["vectorizers"]], format="csr")
    # the text's few features only: its values times their rows of coefficients (no product over the whole matrix)
    z = features.data.astype(np.float32) @ bundle["coef"][features.indices] + bundle["intercept"]
    p = 1.0 / (1.0 + np.exp(-z))
    total = p.sum()
    return p / total if total > 0 else np.full_like(p, 1.0 / len(p))


def train(*, min_history: int = MIN_HISTORY, actor=None):
    """Train on the platform's data and store the model (older ones beyond `KEEP_MODELS` are deleted)."""
    import joblib

    from .models import SuggesterModel

    started = time.monotonic()
    texts, labels, source, history = training_data(min_history=min_history)
    if len(set(labels)) < 2:
        raise ValueError("派单目录和历史工单不足以训练部门推荐模型（至少需要两个部门）。")
    places = Places.from_database()
    pipeline = fit(texts, labels, places)
    buffer = io.BytesIO()
    joblib.dump(bundle_of(pipeline, places), buffer, compress=3)
    row = SuggesterModel.objects.create(source=source, history_size=history, samples=len(texts),
                                        classes=len(set(labels)), blob=buffer.getvalue(),
                                        seconds=round(time.monotonic() - started, 2))
    _cache["checked"] = 0.0  # this process uses the new model at its next suggestion
    stale = list(SuggesterModel.objects.order_by("-pk").values_list("pk", flat=True)[KEEP_MODELS:])
    if stale:
        SuggesterModel.objects.filter(pk__in=stale).delete()
    return row


# --- suggesting -----------------------------------------------------------------------------------------------------

_lock = threading.Lock()
_cache: dict = {"pk": None, "bundle": None, "checked": 0.0}
CHECK_SECONDS = 2.0  # how often a process looks for a newer model (no query in between)


def _bundle():
    """The newest stored model, loaded once per process and again when a newer one is stored; without any stored
    model the catalogue trains one (cold start)."""
    import joblib

    from .models import SuggesterModel

    if _cache["bundle"] is not None and time.monotonic() - _cache["checked"] < CHECK_SECONDS:
        return _cache["bundle"]
    latest = SuggesterModel.objects.order_by("-pk").values_list("pk", flat=True).first()
    _cache["checked"] = time.monotonic()
    if latest is None:
        with _lock:
            latest = SuggesterModel.objects.order_by("-pk").values_list("pk", flat=True).first()
            if latest is None:
                latest = train().pk
    if _cache["pk"] != latest:
        with _lock:
            if _cache["pk"] != latest:
                blob = SuggesterModel.objects.filter(pk=latest).values_list("blob", flat=True).first()
                _cache["bundle"] = joblib.load(io.BytesIO(bytes(blob)))
                _cache["pk"] = latest
    return _cache["bundle"]


def forget() -> None:
    """Drop the process's loaded model and look for the newest at the next suggestion (tests, after training)."""
    _cache["pk"] = _cache["bundle"] = None
    _cache["checked"] = 0.0


def rank(text: str, bundle: dict, *, k: int = 3) -> list[tuple[str, float]]:
    """(department code, score) × k, best first; TOWN resolved to the named town or dropped."""
    places = bundle["places"]
    scores = probabilities(bundle, prepare(text, places))
    town = places.find_town(fold_script(normalize(text)))
    totals: dict[str, float] = {}
    for code, score in zip(bundle["classes"], scores.tolist(), strict=True):
        if code.startswith(TOWN):  # 属地: the town named, else the matter's county department
            code = town or code.partition(":")[2]
            if not code:
                continue
        totals[code] = totals.get(code, 0.0) + score
    return sorted(totals.items(), key=lambda item: (-item[1], item[0]))[:k]


def suggest(text: str, *, k: int = 3) -> list[Suggestion]:
    """The k most likely departments for `text`, scores 0..1 in decreasing order; [] when no model can be trained
    (an empty catalogue and no history), fewer when fewer departments have data."""
    from sunshine.orgs.models import Department

    try:
        bundle = _bundle()
    except ValueError:
        return []
    ranked = rank(text, bundle, k=k)
    names = bundle.get("names", {})
    if any(code not in names for code, _ in ranked):
        names = {**names, **dict(Department.objects.filter(code__in=[c for c, _ in ranked])
                                 .values_list("code", "name"))}
    return [Suggestion(code, names.get(code, code), round(min(max(score, 0.0), 1.0), 4)) for code, score in ranked]


def suggest_for_ticket(ticket, *, k: int = 3) -> list[Suggestion]:
    """The suggestions for a ticket's title and content."""
    return suggest(f"{ticket.title}。{ticket.content}", k=k)
