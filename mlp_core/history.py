"""What a training run records: the History that `train` returns."""
from dataclasses import dataclass, field


@dataclass
class History:
    """What happened during training. Per epoch: epoch, train/test/validation cost C and accuracy,
    lr (the rate eta of the epoch's last update), seconds. Per logged update (every `log_every`
    updates): step (the update counter s) and step_cost (the mini-batch cost C_B before that update)."""
    epoch: list = field(default_factory=list)
    train_cost: list = field(default_factory=list)
    train_accuracy: list = field(default_factory=list)
    test_cost: list = field(default_factory=list)
    test_accuracy: list = field(default_factory=list)
    validation_cost: list = field(default_factory=list)
    validation_accuracy: list = field(default_factory=list)
    lr: list = field(default_factory=list)
    seconds: list = field(default_factory=list)
    step: list = field(default_factory=list)
    step_cost: list = field(default_factory=list)
    steps_per_epoch: int = 0
    stopped_early: bool = False

    def summary(self):
        """One line with the last epoch's figures."""
        parts = [f"epoch {self.epoch[-1]}"] if self.epoch else ["no epoch finished"]
        for name in ("train_cost", "test_cost", "test_accuracy", "validation_accuracy"):
            values = getattr(self, name)
            if values:
                parts.append(f"{name.replace('_', ' ')} {values[-1]:.4f}")
        return ", ".join(parts)
