"""Where WeightSnapshots used to live; it is now in mlp_core.callbacks with the other callbacks."""
from .callbacks import WeightSnapshots  # noqa: F401
