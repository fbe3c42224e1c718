"""Learning-rate schedules: the rate eta_s used by update s = 1, ..., S of a run of S updates."""
import math

from .errors import InputError


def constant(lr, s, total):
    """eta_s = lr for every update."""
    return lr


def cosine(lr, s, total):
    """eta_s = lr (1 + cos(pi (s - 1) / S)) / 2: lr at the first update s = 1, falling towards 0
    (eta_S = lr (1 + cos(pi (S - 1) / S)) / 2, just above 0) with S = total updates."""
    return 0.5 * lr * (1.0 + math.cos(math.pi * (s - 1) / total))


SCHEDULES = {"constant": constant, "cosine": cosine}


def get_schedule(name):
    """The schedule function (lr, s, total) -> eta_s for a name in SCHEDULES."""
    try:
        return SCHEDULES[name]
    except (KeyError, TypeError):
        raise InputError(f"lr_schedule must be one of {sorted(SCHEDULES)}, got {name!r}") from None
