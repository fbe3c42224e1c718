"""The base class of training callbacks: `train` calls each hook with (history, net).

Override only the hooks you need. A hook that returns exactly True, or the string "stop", asks `train`
to stop: before the first update (on_train_begin), after the current step (on_step) or after the
current epoch (on_epoch_end). Any other return value (None, a number, an array, another string) lets
training go on, so a hook that returns something for its own use never stops a run by accident.
`train` also accepts a plain function f(history, net), called as on_epoch_end."""


class Callback:
    """Hooks called by `train`: on_train_begin, on_step (every `log_every` updates, after the
    mini-batch cost is logged), on_epoch_end (after the epoch's evaluation) and on_train_end."""

    def on_train_begin(self, history, net):
        """Called once before the first update; return True (or "stop") to train nothing."""

    def on_step(self, history, net):
        """Called each time a mini-batch cost is logged; return True (or "stop") to stop."""

    def on_epoch_end(self, history, net):
        """Called after each epoch's evaluation; return True (or "stop") to stop."""

    def on_train_end(self, history, net):
        """Called once when training ends (normally or by a stop request)."""
