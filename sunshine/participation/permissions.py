"""Capabilities of participation (点题公开): the office forwards topics, departments answer them.

The default roles that hold them are declared in the app's manifest (sunshine/participation/manifest.py)."""

DISPATCH = "participation.dispatch_topic"
ANSWER = "participation.answer_topic"
