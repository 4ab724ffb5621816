"""Labels of the participation app's audit actions (see sunshine.audit.labels)."""

from .services import ACTION_LABELS

LABELS = {f"participation.topic.{action}": label for action, label in ACTION_LABELS.items()} | {
    "participation.topic.submit": "提出点题",
    "participation.topic.hide": "从回音壁撤下",
}
