"""``ganstudio sweep`` end to end: real populations, real run folders, a real kill and resume."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import torch

from ganstudio.cli import main
from ganstudio.engine.metrics.meter import METER_FIELDS
from ganstudio.engine.population.grid import expand, groups, parse_seeds, parse_vary
from ganstudio.engine.population.population import Population
from ganstudio.engine.population.sweep import export_member
from ganstudio.engine.runs.metrics_csv import read_metrics_rows
from ganstudio.engine.runs.reader import open_run
from ganstudio.engine.runs.writer import RunWriter, read_checkpoint
from ganstudio.engine.train import config as configlib
from ganstudio.engine.train import presets
from ganstudio.engine.train.config import ConfigError
from ganstudio.engine.train.trainer import Trainer

REPO = Path(__file__).resolve().parents[1]


def _ctrl_c_works() -> None:
    """In the child: Ctrl+C's default disposition. A test run started in the background (nohup,
    CI) ignores SIGINT, children inherit that, and Python then never raises KeyboardInterrupt."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
HANG_GUARD_S = 120


def _steps(folder: Path) -> list[int]:
    return [int(r["step"]) for r in read_metrics_rows(folder / "metrics.csv")]


def test_a_sweep_writes_one_ordinary_run_folder_per_member(tmp_path, capsys):
    out = tmp_path / "sweep"
    assert main(["sweep", "--preset", "ring8-tiny", "--steps", "200", "--seeds", "0-2",
                 "--vary", "opt_g.lr=1e-3,3e-3", "--out", str(out), "--sample-every", "100",
                 "--meter-every", "100"]) == 0
    err = capsys.readouterr().err
    assert "sweep of 6 members (3 seeds × 2 opt_g.lr)" in err and "6 done" in err
    assert "member-steps/s" in err and "covered" in err
    meta = json.loads((out / "sweep.json").read_text())
    names = [m["name"] for m in meta["members"]]
    assert names == [f"seed{s}_opt_g.lr={lr}" for lr in (0.001, 0.003) for s in (0, 1, 2)]
    assert {m["status"] for m in meta["members"]} == {"done"}
    for m in meta["members"]:
        folder = out / m["folder"]
        cfg = configlib.load(folder / "config.toml")
        assert (cfg.seed, cfg.opt_g.lr) == (m["seed"], m["settings"]["opt_g.lr"])
        assert _steps(folder) == list(range(1, 201))
        rows = read_metrics_rows(folder / "metrics.csv")
        assert rows[99]["modes"] != "" and rows[98]["modes"] == ""  # the meter's columns, every 100 steps
        assert sorted(p.name for p in (folder / "samples").glob("*.png")) == [
            "step_00000000.png", "step_00000100.png", "step_00000200.png"]
        assert read_checkpoint(folder / "checkpoint.pt")["step"] == 200
        run = open_run(folder)  # what Open run and Compare runs read
        assert run.metrics["step"][-1] == 200 and not run.problems
    npy = tmp_path / "s.npy"
    assert main(["sample", "--run", str(out / meta["members"][4]["folder"]), "--n", "50", "--out", str(npy)]) == 0
    assert np.load(npy).shape == (50, 2)
    assert set(METER_FIELDS) <= set(read_metrics_rows(out / meta["members"][0]["folder"] / "metrics.csv")[0])


def test_a_member_is_the_lone_run_of_its_seed_until_it_trains():
    """Weights at step 0 in a member folder are a lone run's, and split populations keep them."""
    base = presets.preset("ring8-tiny")
    members = expand(base, [0, 5], [parse_vary("loss.kind=nonsaturating,lsgan", base)])
    assert [len(g) for g in groups(base, members)] == [2, 2]  # loss.kind is shared: one population each
    assert [len(g) for g in groups(base, members * 3, max_k=4)] == [4, 2, 4, 2]
    cfg = members[1].config(base)
    pop = Population([Trainer(cfg)])
    lone = Trainer(cfg)
    for a, b in zip(pop.sync(0).G.parameters(), lone.G.parameters()):
        assert torch.equal(a, b)


@pytest.mark.parametrize("argv, message", [
    (["--vary", "gen.hidden=8,16"], "--vary gen.hidden: not a setting a sweep can vary"),
    (["--vary", "opt_g.lr=1e-3,5"], "--vary opt_g.lr=5.0: opt_g.lr must be a number in (0.0, 1.0]"),
    (["--vary", "opt_d.lr=fast"], "--vary opt_d.lr: 'fast' is not a float"),
    (["--vary", "loss.kind=lsgan,softmax"], "loss.kind must be one of"),
    (["--vary", "opt_g.lr"], "write KEY=V1,V2"),
    (["--seeds", "3-1"], "--seeds: '3-1' is not a seed"),
    (["--preset", "mnist-dcgan"], "a sweep trains MLP G and D"),
])
def test_bad_sweep_input_is_one_clear_line_before_anything_trains(tmp_path, capsys, argv, message):
    out = tmp_path / "sweep"
    preset = [] if "--preset" in argv else ["--preset", "ring8-tiny"]
    assert main(["sweep", *preset, "--steps", "10", "--out", str(out), *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not out.exists()


def test_an_existing_sweep_is_not_overwritten(tmp_path, capsys):
    out = tmp_path / "sweep"
    assert main(["sweep", "--preset", "ring8-tiny", "--steps", "5", "--out", str(out)]) == 0
    assert main(["sweep", "--preset", "ring8-tiny", "--steps", "5", "--out", str(out)]) == 2
    assert "already holds a sweep; continue it with --resume" in capsys.readouterr().err


def test_a_killed_sweep_resumes_with_every_step_exactly_once(tmp_path):
    out = tmp_path / "sweep"
    env = dict(os.environ, OMP_NUM_THREADS="1")
    log = open(tmp_path / "child.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "ganstudio", "sweep", "--preset", "ring8-tiny", "--steps",
                             "100000000", "--seeds", "0-3", "--out", str(out), "--checkpoint-every-s", "0.3",
                             "--threads", "1"], cwd=REPO, env=env, stdout=log, stderr=log)
    member = out / "members" / "seed3"
    deadline = time.monotonic() + HANG_GUARD_S
    try:
        while len(list((member / "checkpoints").glob("*.pt"))) < 3:
            assert proc.poll() is None, (tmp_path / "child.log").read_text()
            assert time.monotonic() < deadline, "gave up waiting for three autosaves"
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    saved = {m: read_checkpoint(out / "members" / m / "checkpoint.pt")["step"] for m in ("seed0", "seed3")}
    target = max(saved.values()) + 120
    assert main(["sweep", "--resume", "--steps", str(target), "--out", str(out), "--threads", "1"]) == 0
    meta = json.loads((out / "sweep.json").read_text())
    assert {m["status"] for m in meta["members"]} == {"done"} and meta["steps"] == target
    for m in meta["members"]:
        assert _steps(out / m["folder"]) == list(range(1, target + 1)), m["name"]
        assert read_checkpoint(out / m["folder"] / "checkpoint.pt")["step"] == target


def test_an_exported_member_continues_as_a_lone_run(tmp_path):
    cfgs = []
    for seed in (0, 1):
        cfg = presets.preset("ring8-tiny")
        cfg.seed, cfg.threads = seed, 1
        cfgs.append(cfg)
    pop = Population([Trainer(c) for c in cfgs])
    for _ in range(30):
        pop.step()
    pop.take_rows()
    folder = export_member(pop, 1, tmp_path / "promoted", preset="ring8-tiny")
    a, b = RunWriter(folder).load_trainer(), RunWriter(folder).load_trainer()
    member = pop.sync(1)
    assert a.step_count == 30
    for x, y in zip(a.G.parameters(), member.G.parameters()):
        assert torch.equal(x, y)
    for key, value in a.opt_d.state_dict()["state"][0].items():
        assert torch.equal(value, member.opt_d.state_dict()["state"][0][key])
    rows_a = [a.step() for _ in range(20)]
    rows_b = [b.step() for _ in range(20)]
    assert [(r.loss_d, r.loss_g) for r in rows_a] == [(r.loss_d, r.loss_g) for r in rows_b]
    assert parse_seeds("0-3,9,2") == [0, 1, 2, 3, 9]
    with pytest.raises(ConfigError, match="given twice"):
        expand(presets.preset("ring8"), [0], [("opt_g.lr", [1e-3]), ("opt_g.lr", [2e-3])])


def test_members_are_stopped_cloned_and_promoted_while_the_sweep_trains(tmp_path):
    from ganstudio.engine.population.sweep import Sweep
    from ganstudio.engine.runs.events import read_events

    base = presets.preset("ring8-tiny")
    members = expand(base, [0, 1, 2, 3], [])
    sweep = Sweep.create(tmp_path / "sweep", base, members, 120, {"preset": "ring8-tiny"})
    acted = []

    def hook(sw, pop):
        if pop.step_count >= 40 and not acted:
            acted.append(pop.step_count)
            sw.stop_member("seed0")
            sw.clone_member("seed1", "seed2", {"opt_g.lr": 5e-4})
            acted.append(sw.promote_member("seed3", tmp_path / "promoted"))
            assert pop.samples().shape == (4, base.fixed_noise_n, 2)

    statuses = sweep.run(hook=hook, hook_s=0.0)
    step = acted[0]
    assert statuses == {"seed0": "stopped", "seed1": "done", "seed2": "done", "seed3": "stopped"}
    assert sweep.status["seed3"]["note"].startswith("promoted to")
    assert _steps(tmp_path / "sweep" / "members" / "seed0") == list(range(1, step + 1))
    assert read_checkpoint(tmp_path / "sweep" / "members" / "seed0" / "checkpoint.pt")["step"] == step
    seed2 = tmp_path / "sweep" / "members" / "seed2"
    assert _steps(seed2) == list(range(1, 121))
    assert RunWriter(seed2).load_trainer().cfg.opt_g.lr == 5e-4  # live settings travel in the checkpoint
    event = [e for e in read_events(seed2) if e["kind"] == "hparams"][0]
    assert event["step"] == step and event["changes"]["weights"] == ["seed2", "seed1"]
    assert event["changes"]["opt_g.lr"] == [0.001, 0.0005]
    promoted = RunWriter(tmp_path / "promoted").load_trainer()
    assert promoted.step_count == step
    assert json.loads((tmp_path / "promoted" / "run.json").read_text())["parent"].endswith("seed3")


def test_ctrl_c_saves_every_member_with_all_its_rows(tmp_path):
    out = tmp_path / "sweep"
    log = open(tmp_path / "child.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "ganstudio", "sweep", "--preset", "ring8-tiny", "--steps",
                             "100000000", "--seeds", "0-2", "--out", str(out), "--threads", "1"],
                            cwd=REPO, env=dict(os.environ, OMP_NUM_THREADS="1"), stdout=log, stderr=log,
                            preexec_fn=_ctrl_c_works)
    deadline = time.monotonic() + HANG_GUARD_S
    try:
        while not (out / "members" / "seed2" / "metrics.csv").exists() or len(_steps(out / "members" / "seed2")) < 300:
            assert proc.poll() is None, (tmp_path / "child.log").read_text()
            assert time.monotonic() < deadline, "gave up waiting for rows"
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=60) == 130
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    meta = json.loads((out / "sweep.json").read_text())
    for m in meta["members"]:
        saved = read_checkpoint(out / m["folder"] / "checkpoint.pt")["step"]
        assert m["status"] == "interrupted" and m["step"] == saved
        assert _steps(out / m["folder"]) == list(range(1, saved + 1))  # no row lost between the last read and the stop
