"""Learning-rate schedules: the rate eta_s used by update s = 1, ..., S of a run of S updates."""
import math

from . import validation as check


def constant(lr, s, total):
    """eta_s = lr for every update."""
    return lr


def cosine(lr, s, total):
    """eta_s = 1/2 eta_0 (1 + cos(pi (s - 1) / S)) for the updates s = 1, 2, ..., S, with eta_0 = lr and
    S = total: eta_1 = eta_0 at the first update, falling towards 0 (eta_S = 1/2 eta_0 (1 + cos(pi (S - 1) / S)),
    just above 0). Counting from s = 1, the formula's s - 1 is the number of updates already made.
    Chapter 5 §10."""
    return 0.5 * lr * (1.0 + math.cos(math.pi * (s - 1) / total))


SCHEDULES = {"constant": constant, "cosine": cosine}


def get_schedule(name):
    """The schedule function (lr, s, total) -> eta_s for a name in SCHEDULES."""
    return SCHEDULES[check.choice("lr_schedule", name, sorted(SCHEDULES))]
