"""Adam, SGD and RMSprop for a population's flat (K, P) weights, with per-member settings.

torch's optimizers take one learning rate per parameter group, so a population of K learning
rates would need K groups and K kernel launches. Here each hyper-parameter is a (K, 1) tensor and
the update is the one torch documents, written once for all members on the flat tensor:

* Adam (torch.optim.Adam, no weight decay, no amsgrad): m ← β1·m + (1 − β1)·g,
  v ← β2·v + (1 − β2)·g², p ← p − lr/(1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + ε), t per member.
* SGD (dampening 0, no Nesterov): b ← μ·b + g (b starts at 0, so the first step is b = g, as
  torch's buffer starts at g), p ← p − lr·b.
* RMSprop (α 0.99, ε 1e-8, not centred): s ← α·s + (1 − α)·g², b ← μ·b + g/(√s + ε), p ← p − lr·b.

``ok`` (K,) says which members update: a member whose loss or gradient is not finite keeps its
weights and state, exactly as the lone trainer's fused step skips an update on ``found_inf``.
``member_state``/``load_member`` give one member's state in the lone optimizer's format, so a
member leaves as (and joins from) a lone ``Trainer`` checkpoint.
"""

from __future__ import annotations

import torch
from torch import Tensor

from ganstudio.engine.population.stacked import StackedNet

ADAM_EPS = 1e-8
RMSPROP_ALPHA = 0.99
RMSPROP_EPS = 1e-8


class StackedOptimizer:
    def __init__(self, kind: str, net: StackedNet, lr: list[float], beta1: list[float],
                 beta2: list[float], momentum: list[float]):
        self.kind = kind
        self.net = net
        flat = net.flat
        device = flat.device
        self.lr = torch.empty(net.k, 1, device=device)
        self.beta1 = torch.empty(net.k, 1, device=device)
        self.beta2 = torch.empty(net.k, 1, device=device)
        self.momentum = torch.empty(net.k, 1, device=device)
        self.set_hparams(lr, beta1, beta2, momentum)
        self.step_t = torch.zeros(net.k, device=device)  # Adam's t (and RMSprop's count), per member
        self.buf_a = torch.zeros_like(flat, requires_grad=False)  # Adam m, SGD/RMSprop momentum b
        self.buf_b = torch.zeros_like(flat, requires_grad=False) if kind in ("adam", "rmsprop") else None

    def set_hparams(self, lr, beta1, beta2, momentum) -> None:
        """Per-member values (sequences of K floats); the moment buffers are untouched."""
        for target, values in ((self.lr, lr), (self.beta1, beta1), (self.beta2, beta2), (self.momentum, momentum)):
            target.copy_(torch.tensor(values, dtype=target.dtype).view(-1, 1))

    @torch.no_grad()
    def step(self, ok: Tensor) -> None:
        """One update of every member in ``ok`` (bool (K,)), from ``net.flat.grad``.

        In place, with a skipped member's rates set to "no change" (its (1 − β) weights and its
        step size 0, its decays 1) rather than a ``where`` over every buffer: on the MNIST MLP
        (1.5 M weights a member) the buffers are the step's cost, and each full-size temporary
        is a pass over memory. A skipped member's gradient is zeroed first, so NaN cannot leak."""
        p, g = self.net.flat, self.net.flat.grad
        keep = ok.view(-1, 1)
        on = keep.to(p.dtype)
        g.masked_fill_(keep.logical_not(), 0.0)
        self.step_t.add_(ok.to(self.step_t.dtype))
        if self.kind == "adam":
            m, v = self.buf_a, self.buf_b
            t = self.step_t.view(-1, 1)
            m.lerp_(g, (1.0 - self.beta1) * on)
            v.mul_(torch.where(keep, self.beta2, 1.0)).add_(g * g * ((1.0 - self.beta2) * on))
            bc1 = 1.0 - self.beta1 ** t
            bc2 = 1.0 - self.beta2 ** t
            denom = v.sqrt().div_(bc2.sqrt()).add_(ADAM_EPS)
            p.sub_(m.div(denom).mul_(self.lr / bc1 * on))
        elif self.kind == "sgd":
            b = self.buf_a
            b.mul_(torch.where(keep, self.momentum, 1.0)).add_(g)  # g is 0 for a skipped member
            p.sub_(b * (self.lr * on))
        else:  # rmsprop
            sq, b = self.buf_b, self.buf_a
            sq.mul_(torch.where(keep, RMSPROP_ALPHA, 1.0)).add_(g * g * ((1.0 - RMSPROP_ALPHA) * on))
            b.mul_(torch.where(keep, self.momentum, 1.0)).add_(g.div(sq.sqrt().add_(RMSPROP_EPS)))
            p.sub_(b * (self.lr * on))

    # ------------------------------------------------------------ one member in and out

    def store_member(self, k: int, opt: torch.optim.Optimizer, momentum: float) -> None:
        """Member k's state into a lone optimizer over the lone net's parameters (same order)."""
        params = opt.param_groups[0]["params"]
        step = self.step_t[k].detach().clone()
        for param, name in zip(params, self.net.names):
            a, b = self.net.spans[name]
            shape = self.net.shapes[name]

            def part(buf):
                return buf[k, a:b].view(shape).detach().clone()

            if self.kind == "adam":
                state = {"step": step.clone(), "exp_avg": part(self.buf_a), "exp_avg_sq": part(self.buf_b)}
            elif self.kind == "sgd":
                state = {"momentum_buffer": part(self.buf_a) if momentum else None}
            else:
                state = {"step": step.clone(), "square_avg": part(self.buf_b)}
                if momentum:
                    state["momentum_buffer"] = part(self.buf_a)
            if not bool(step) or (self.kind == "sgd" and not momentum):
                opt.state.pop(param, None)  # torch keeps none before the first step, nor for plain SGD
            else:
                opt.state[param] = state

    @torch.no_grad()
    def load_member(self, k: int, opt: torch.optim.Optimizer) -> None:
        """Member k's state from a lone optimizer (zeros where it has none yet)."""
        params = opt.param_groups[0]["params"]
        step = 0.0
        self.buf_a[k].zero_()
        if self.buf_b is not None:
            self.buf_b[k].zero_()
        for param, name in zip(params, self.net.names):
            a, b = self.net.spans[name]
            state = opt.state.get(param, {})
            if "step" in state:
                step = float(state["step"])
            first = state.get("exp_avg", state.get("momentum_buffer"))
            second = state.get("exp_avg_sq", state.get("square_avg"))
            if first is not None:
                self.buf_a[k, a:b].copy_(first.reshape(-1))
                step = step or 1.0  # SGD keeps no count; any buffer means it has stepped
            if second is not None and self.buf_b is not None:
                self.buf_b[k, a:b].copy_(second.reshape(-1))
        self.step_t[k] = step
