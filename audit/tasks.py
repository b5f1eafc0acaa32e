"""A Celery task acts as "task <name>" unless it says for whom it acts (``audit.context.acting``)."""

from audit.context import _current

_tokens = {}


def enter(task_id=None, task=None, **kwargs):
    if task is None or task_id is None:
        return
    # An eager task (tests, a step run in-process) keeps the context of whoever called it.
    if _current.get() is not None:
        return
    _tokens[task_id] = _current.set({"u": None, "a": f"task {task.name}"[:150], "ip": "", "r": None})


def leave(task_id=None, **kwargs):
    token = _tokens.pop(task_id, None)
    if token is not None:
        _current.reset(token)
