"""The thread policy picks torch's intra-op threads by timing real steps, and follows the machine's load."""

from __future__ import annotations

import pytest
import torch

from ganstudio.engine.train.presets import preset
from ganstudio.engine.train.threads import ThreadPolicy, candidate_counts
from ganstudio.engine.train.trainer import Trainer


class Machine:
    """A clock and a step whose cost depends on the thread count and on the machine's load."""

    def __init__(self, quiet: dict[int, float], busy: dict[int, float]):
        self.now = 0.0
        self.threads = 0
        self.busy = False
        self.costs = {False: quiet, True: busy}
        self.switches: list[int] = []

    def clock(self) -> float:
        return self.now

    def cores(self) -> float:
        """What other processes use (the policy's ``load``): two busy ones keep a core between them."""
        return (1.0 if self.busy else 0.05) * self.others

    others = 1.0

    def set_threads(self, n: int) -> None:
        self.threads = n
        self.switches.append(n)

    def step(self) -> None:
        self.now += self.costs[self.busy][self.threads]

    def run(self, policy: ThreadPolicy, seconds: float) -> None:
        end = self.now + seconds
        while self.now < end:
            policy.run(self.step)


# ring8 on a 2-core machine, ms per step: quiet, 2 threads pay; beside two busy processes, one wins
RING8 = dict(quiet={1: 5.2e-3, 2: 4.3e-3}, busy={1: 8.3e-3, 2: 14.0e-3})


def test_candidates_leave_a_core_to_the_window_from_three_cores():
    assert candidate_counts(1, 1) == [1]
    assert candidate_counts(2, 1) == [1, 2]  # two cores: the window shares them
    assert candidate_counts(3, 1) == [1, 2]
    assert candidate_counts(16, 1) == [1, 2, 4, 8, 15]
    assert candidate_counts(16, 0) == [1, 2, 4, 8, 16]


def test_a_quiet_machine_keeps_every_core_and_is_not_measured():
    machine = Machine(**RING8)
    policy = ThreadPolicy(cores=2, clock=machine.clock, set_threads=machine.set_threads,
                          load=machine, current=2)
    machine.run(policy, 10.0)
    # no trial: shrinking and growing torch's team again can leave its threads spinning on one core
    assert policy.state == "steady" and policy.threads == 2 == machine.threads
    assert machine.switches == [2] and policy.trials == 0


def test_follows_the_machine_getting_busy_and_quiet_again():
    machine = Machine(**RING8)
    policy = ThreadPolicy(cores=2, clock=machine.clock, set_threads=machine.set_threads,
                          load=machine, current=2)
    machine.run(policy, 5.0)
    machine.busy = True
    machine.run(policy, 4.0)  # the rise is seen within two checks, then a trial of ~0.1 s
    assert policy.threads == 1 == machine.threads and policy.trials == 1
    assert policy.measured == pytest.approx({1: 8.3e-3, 2: 14.0e-3})
    machine.run(policy, 10.0)
    assert policy.trials == 1  # busy but steady: no more trials
    machine.busy = False
    machine.run(policy, 5.0)  # one thread got faster: two are tried again, and pay
    assert policy.threads == 2 == machine.threads and policy.trials == 2
    assert policy.describe() == "2 threads (step time 1: 5.20 ms, 2: 4.30 ms)"


def test_a_second_thread_that_does_not_pay_is_given_up_when_the_machine_gets_busy():
    machine = Machine(quiet={1: 1.00e-3, 2: 0.95e-3}, busy={1: 2.0e-3, 2: 1.9e-3})  # 5 % faster: not worth it
    policy = ThreadPolicy(cores=2, clock=machine.clock, set_threads=machine.set_threads,
                          load=machine, current=2)
    machine.run(policy, 3.0)
    machine.busy = True
    machine.run(policy, 3.0)
    assert policy.threads == 1 == machine.threads


def test_trials_back_off_when_the_load_flickers():
    machine = Machine(**RING8)
    policy = ThreadPolicy(cores=2, clock=machine.clock, set_threads=machine.set_threads,
                          load=machine, current=2)
    machine.run(policy, 3.0)
    for _ in range(60):  # the load flips every second for a minute
        machine.busy = not machine.busy
        machine.run(policy, 1.0)
    assert policy.trials <= 60 / ThreadPolicy.RETRIAL_S, policy.trials


class Spinning(Machine):
    """libgomp on a busy machine: once torch's team grows from 1 thread back to 2, its threads can
    share one core and spin-wait for each other (measured: 650 ms a step instead of 9)."""

    def step(self) -> None:
        regrown = self.switches[-2:] == [1, 2]
        self.now += 0.65 if self.busy and self.threads == 2 and regrown else self.costs[self.busy][self.threads]


def test_a_count_that_stalls_is_dropped_after_one_step():
    machine = Spinning(quiet=RING8["quiet"], busy={1: 8.3e-3, 2: 9.0e-3})
    policy = ThreadPolicy(cores=2, clock=machine.clock, set_threads=machine.set_threads,
                          load=machine, current=2)
    machine.run(policy, 3.0)
    machine.busy = True
    machine.run(policy, 30.0)  # the machine stays busy; one thread gets faster now and then
    machine.costs[True] = {1: 5.0e-3, 2: 9.0e-3}
    start, steps = machine.now, 0
    while machine.now < start + 10.0:
        policy.run(machine.step)
        steps += 1
    assert policy.threads == 1 and policy.state == "steady"
    stalled = [t for n, t in policy.measured.items() if n == 2]
    assert stalled and stalled[0] >= 0.6  # tried again, and one stalled step was enough to judge it
    assert steps >= (10.0 - 2 * 0.65) / 5.0e-3, steps


@pytest.mark.parametrize("stalls", [False, True])
def test_after_a_pinned_preset_growing_is_timed_first(stalls):
    """ring8-tiny pins one thread; the next run starts there and grows only if growing works."""
    machine = (Spinning if stalls else Machine)(**RING8)
    machine.busy = stalls  # Spinning stalls a regrown team only on a busy machine
    machine.set_threads(1)
    policy = ThreadPolicy(cores=2, clock=machine.clock, set_threads=machine.set_threads, load=machine, current=1)
    assert policy.state == "trial" and policy.threads == 1 == machine.threads
    machine.run(policy, 2.0)
    assert policy.state == "steady" and policy.trials >= 1
    assert policy.threads == machine.threads == (1 if stalls else 2)


def test_a_pinned_count_is_left_alone():
    machine = Machine(**RING8)
    policy = ThreadPolicy(pinned=1, cores=2, clock=machine.clock, set_threads=machine.set_threads,
                          load=machine, current=2)
    machine.busy = True
    machine.run(policy, 1.0)
    machine.busy = False
    machine.run(policy, 5.0)
    assert machine.switches == [1] and policy.state == "pinned" and policy.trials == 0
    assert policy.describe() == "1 thread (pinned)"


def test_one_core_has_nothing_to_choose():
    machine = Machine(**RING8)
    policy = ThreadPolicy(cores=1, clock=machine.clock, set_threads=machine.set_threads,
                          load=machine, current=2)
    machine.busy = True
    machine.run(policy, 3.0)
    assert machine.switches == [1] and policy.state == "steady" and policy.trials == 0


def test_real_trainer_under_the_policy():
    """Real steps, real clock, torch's own setting: the policy starts on every core and says so."""
    before = torch.get_num_threads()
    try:
        torch.set_num_threads(2)  # as a fresh process starts on a 2-core machine
        trainer = Trainer(preset("ring8"))
        policy = ThreadPolicy(cores=2)
        assert torch.get_num_threads() == 2 == policy.threads
        for _ in range(50):
            stats = policy.run(trainer.step)
        assert stats.step == trainer.step_count == 50
        assert policy.describe() in ("2 threads", "1 thread") or "step time" in policy.describe()
    finally:
        torch.set_num_threads(before)
