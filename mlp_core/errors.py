"""The small family of errors mlp_core raises; each message says what was expected, what was found
and what to try."""


class MLPError(Exception):
    """Base class of every error mlp_core raises on purpose."""


class DataError(MLPError, ValueError):
    """A data file is missing, corrupt, truncated, or does not match its checksum."""


class ShapeError(MLPError, ValueError):
    """An array has the wrong shape for the layer sizes or the batch layout."""


class DivergenceError(MLPError, FloatingPointError):
    """Training produced a cost (or parameters) that are NaN or infinite."""


class ModelFileError(MLPError, ValueError):
    """A saved model file is malformed or does not match what was expected."""


class InputError(MLPError, ValueError):
    """An argument or an input array holds a value that is not allowed (a size that is not a
    positive integer, a label outside 0..n[L]-1, a NaN pixel, a momentum of 1.5, ...). The message
    names the argument, the value found and what is expected."""


class OutputError(MLPError, OSError):
    """An output file could not be written (a full disk, no permission); the message names the file
    and says that the previous outputs were left as they were."""
