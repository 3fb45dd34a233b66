"""Run folders: write, reopen, resume, rewind, thin, follow live, and survive damage.

Real training (the tiny ring preset), real files in tmp_path, real subprocesses for the kill and
attach tests.
"""

import errno
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
import torch

from ganstudio.cli import main
from ganstudio.engine.train import config as configlib
from ganstudio.engine.runs import fsutil
from ganstudio.engine.runs import writer as runs
from ganstudio.engine.export.animation import to_rgb
from ganstudio.engine.runs.branch import branch_run
from ganstudio.engine.train.config import ConfigError
from ganstudio.engine.runs.metrics_csv import read_metrics_rows
from ganstudio.engine.train.presets import preset
from ganstudio.engine.runs.reader import list_runs, load_snapshot, open_run
from ganstudio.engine.runs.writer import (METRIC_COLUMNS, RunError, RunWriter, list_steps, read_checkpoint,
                                   sample_picture, thin)
from ganstudio.engine.train.trainer import Trainer

REPO = Path(__file__).resolve().parents[1]
PRESET = "ring8-tiny"
HANG_GUARD_S = 300  # only so a broken child cannot hang the suite; no test depends on speed


def files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes: to prove a reader changed nothing."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def hidden_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob(".*")]


def start_run(folder: Path) -> tuple[RunWriter, Trainer]:
    trainer = Trainer(preset(PRESET))
    writer = RunWriter(folder)
    writer.create(trainer.cfg, preset=PRESET)
    writer.save_samples(trainer)
    return writer, trainer


def train(writer: RunWriter, trainer: Trainer, until: int, sample_every: int = 0,
          checkpoints=(), meter=None) -> list:
    stats = []
    while trainer.step_count < until:
        s = trainer.step()
        stats.append(s)
        writer.append([s], {s.step: meter[s.step]} if meter and s.step in meter else None)
        if sample_every and s.step % sample_every == 0:
            writer.save_samples(trainer)
        if s.step in checkpoints:
            writer.save_checkpoint(trainer)
    writer.flush()
    return stats


def make_run(folder: Path, steps: int = 100, sample_every: int = 25, checkpoints=(50, 100)) -> Path:
    writer, trainer = start_run(folder)
    train(writer, trainer, steps, sample_every, checkpoints)
    writer.close()
    return folder


def without_time(rows):
    return [{k: v for k, v in r.items() if k != "wall_s"} for r in rows]


def wait_for(condition, proc, what: str) -> None:
    deadline = time.monotonic() + HANG_GUARD_S
    while not condition():
        assert proc.poll() is None, f"the training process ended before {what}"
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.05)


def headless(args, tmp_path) -> subprocess.Popen:
    env = dict(os.environ, OMP_NUM_THREADS="1")
    log = open(tmp_path / "child.log", "w")
    return subprocess.Popen([sys.executable, "-m", "ganstudio", "train", *map(str, args)], cwd=REPO,
                            env=env, stdout=log, stderr=log)


# ------------------------------------------------------------------ thinning

def test_thin_keeps_first_last_and_an_even_spread():
    kept = thin(list(range(0, 500_001, 500)), 200)
    assert kept[0] == 0 and kept[-1] == 500_000
    assert 100 <= len(kept) <= 200
    gaps = np.diff(kept)
    assert gaps.max() <= 2 * gaps[:-1].min()  # even: no stretch of the run is left bare

    rnd = random.Random(1)
    steps = sorted(rnd.sample(range(100, 90_000), 3000))
    kept = thin(steps, 16)
    assert kept[0] == steps[0] and kept[-1] == steps[-1] and len(kept) <= 16
    assert set(kept) <= set(steps)
    assert np.diff(kept).max() <= 4 * (steps[-1] - steps[0]) / len(kept)

    assert thin([3, 9, 20], 5) == [3, 9, 20] and thin([], 5) == []
    with pytest.raises(ValueError):
        thin([1, 2, 3], 1)


def test_thinning_as_files_arrive_keeps_what_thinning_them_all_at_once_keeps():
    rnd = random.Random(7)
    for keep in (2, 5, 16, 40):
        step, full, kept = rnd.randint(0, 500), [], []
        for _ in range(1500):
            step += rnd.choice((1, 7, 100, rnd.randint(1, 400)))
            full.append(step)
            before = len(kept) + 1
            kept = thin(kept + [step], keep)
            assert len(kept) <= keep and kept[0] == full[0] and kept[-1] == step
            whole = thin(full, keep)
            assert set(whole) <= set(kept) <= set(full)
            if len(kept) < before:  # whenever it deletes, it keeps exactly what thinning all would
                assert kept == whole


def test_a_run_folder_keeps_bounded_thinned_snapshots_and_checkpoints(tmp_path):
    writer, trainer = start_run(tmp_path / "run")
    writer.max_snapshots, writer.max_checkpoints = 8, 4
    train(writer, trainer, 300, sample_every=5, checkpoints=range(10, 301, 10))
    writer.close()
    snaps = [s for s, _ in list_steps(tmp_path / "run" / "samples", ".png")]
    assert set(thin(list(range(0, 301, 5)), 8)) <= set(snaps)
    assert snaps[0] == 0 and snaps[-1] == 300 and len(snaps) <= 8
    history = list_steps(tmp_path / "run" / "checkpoints", ".pt")
    assert set(thin(list(range(10, 301, 10)), 4)) <= {s for s, _ in history}
    assert history[0][0] == 10 and history[-1][0] == 300 and len(history) <= 4
    assert (tmp_path / "run" / "checkpoint.pt").samefile(history[-1][1])  # a link, not a second copy
    assert hidden_files(tmp_path / "run") == []


# ------------------------------------------------------------------ round trip and resume

def test_run_folder_round_trip(tmp_path):
    folder = tmp_path / "run"
    writer, trainer = start_run(folder)
    reading = {"modes": 3, "hq_pct": 50.0, "reverse_kl": 0.25, "collapse": 0}
    stats = train(writer, trainer, 60, sample_every=20, checkpoints=(30, 60), meter={30: reading})
    writer.close()

    run = open_run(folder)
    assert run.problems == []
    assert configlib.to_dict(run.config) == configlib.to_dict(trainer.cfg)
    assert run.meta["preset"] == PRESET and run.meta["name"] == "run"
    assert run.meta["parent"] is None and run.meta["parent_step"] is None and run.meta["created"]
    assert set(run.metrics) == set(METRIC_COLUMNS)
    assert run.metrics["step"].tolist() == list(range(1, 61))
    assert run.metrics["loss_d"].tolist() == [s.loss_d for s in stats]
    assert run.metrics["wall_s"].tolist() == [s.wall_s for s in stats]
    modes = run.metrics["modes"]
    assert modes[29] == 3 and np.isnan(np.delete(modes, 29)).all()
    assert [s for s, _ in run.snapshots] == [0, 20, 40, 60]
    assert np.array_equal(load_snapshot(run.snapshots[-1][1]), to_rgb(sample_picture(trainer)))
    assert [s for s, _ in run.checkpoints] == [30, 60]
    assert run.snapshot_at(59)[0] == 40 and run.snapshot_at(-5)[0] == 0 and run.snapshot_at(10**6)[0] == 60
    assert run.checkpoint_at(45)[0] == 30 and run.checkpoint_at(29) is None
    assert read_checkpoint(run.checkpoint_at(60)[1])["step"] == 60
    assert not run.is_live()  # its writer closed it: nobody is writing
    [summary] = list_runs(tmp_path)
    assert (summary.folder, summary.name, summary.preset, summary.last_step) == (folder, "run", PRESET, 60)


def test_resume_equals_an_uninterrupted_run(tmp_path):
    straight_w, straight_t = start_run(tmp_path / "straight")
    train(straight_w, straight_t, 120, sample_every=40, checkpoints=(60, 120))
    straight_w.close()

    writer, trainer = start_run(tmp_path / "split")
    train(writer, trainer, 85, sample_every=40, checkpoints=(60,))  # dies 25 steps after its checkpoint
    writer.close()
    writer = RunWriter(tmp_path / "split")
    trainer = writer.resume()
    assert trainer.step_count == 60
    assert [int(r["step"]) for r in read_metrics_rows(tmp_path / "split" / "metrics.csv")] == list(range(1, 61))
    assert [s for s, _ in list_steps(tmp_path / "split" / "samples", ".png")] == [0, 40]
    train(writer, trainer, 120, sample_every=40, checkpoints=(120,))
    writer.close()

    a, b = (read_metrics_rows(tmp_path / n / "metrics.csv") for n in ("straight", "split"))
    assert without_time(a) == without_time(b)
    for step in (80, 120):
        png = f"samples/step_{step:08d}.png"
        assert (tmp_path / "straight" / png).read_bytes() == (tmp_path / "split" / png).read_bytes()
    for key, value in straight_t.G.state_dict().items():
        assert torch.equal(value, trainer.G.state_dict()[key])
    assert torch.equal(straight_t.rng.get_state(), trainer.rng.get_state())


def test_resume_takes_a_history_checkpoint_newer_than_checkpoint_pt(tmp_path):
    """A process killed between writing checkpoints/step_N.pt and linking checkpoint.pt to it."""
    folder = make_run(tmp_path / "run", steps=100, checkpoints=(50, 100))
    (folder / "checkpoint.pt").unlink()
    os.link(folder / "checkpoints" / "step_00000050.pt", folder / "checkpoint.pt")
    (folder / "checkpoints" / "step_00000150.pt").write_bytes(b"cut off")
    writer = RunWriter(folder)
    assert writer.resume().step_count == 100
    writer.close()
    assert [s for s, _ in list_steps(folder / "checkpoints", ".pt")] == [50, 100]


def test_sigkilled_headless_run_reopens_and_resumes_like_an_uninterrupted_one(tmp_path):
    run = tmp_path / "killed"
    # the meter's alarm state is not checkpointed; a pinned thread count, as the runs are compared bit for bit
    common = ["--sample-every", 100, "--meter-every", 10**9, "--threads", 2]
    proc = headless(["--preset", PRESET, "--steps", 10**8, "--out", run, "--checkpoint-every-s", 0.2,
                     *common], tmp_path)
    try:
        wait_for(lambda: len(list_steps(run / "checkpoints", ".pt")) >= 3, proc, "three autosaves")
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert proc.returncode == -signal.SIGKILL

    opened = open_run(run)
    steps = opened.metrics["step"]
    assert len(steps) and steps.tolist() == list(range(1, len(steps) + 1))
    assert all("incomplete" in p for p in opened.problems)  # at most a torn last line
    saved = opened.checkpoints[-1][0]
    assert 0 < saved <= steps[-1] and opened.snapshots[0][0] == 0
    assert read_checkpoint(run / "checkpoint.pt")["step"] == saved

    target = saved + 150
    assert main(["train", "--resume", "--steps", str(target), "--out", str(run), *map(str, common)]) == 0
    assert main(["train", "--preset", PRESET, "--steps", str(target), "--out", str(tmp_path / "straight"),
                 *map(str, common)]) == 0
    a, b = (read_metrics_rows(tmp_path / n / "metrics.csv") for n in ("straight", "killed"))
    assert without_time(a) == without_time(b)
    png = f"samples/step_{target:08d}.png"
    assert (run / png).read_bytes() == (tmp_path / "straight" / png).read_bytes()
    assert hidden_files(run) == []


# ------------------------------------------------------------------ damage and safety

class _RunsCode:
    """Unpickling this calls os.mkdir(marker): what a malicious checkpoint would do."""

    def __init__(self, marker: Path):
        self.marker = str(marker)

    def __reduce__(self):
        return (os.mkdir, (self.marker,))


def test_a_checkpoint_that_would_run_code_is_refused_and_runs_nothing(tmp_path, capsys):
    folder = make_run(tmp_path / "run")
    marker = tmp_path / "pwned"
    ckpt = folder / "checkpoint.pt"
    ckpt.unlink()  # checkpoint.pt is a link to the history file: replace it, do not write through it
    torch.save({"format": 1, "step": 100, "payload": _RunsCode(marker)}, ckpt)

    with pytest.raises(RunError, match="refused.*could run code"):
        read_checkpoint(ckpt)
    run = open_run(folder)
    assert any("refused" in p and "checkpoint.pt" in p for p in run.problems)
    with pytest.raises(RunError, match="refused"):
        RunWriter(folder).resume()
    assert main(["train", "--resume", "--steps", "120", "--out", str(folder)]) == 2
    assert "refused" in capsys.readouterr().err
    assert not marker.exists()


def test_a_damaged_run_folder_opens_what_it_can_and_changes_nothing(tmp_path):
    folder = make_run(tmp_path / "run")
    ckpt = folder / "checkpoint.pt"
    data = ckpt.read_bytes()
    ckpt.unlink()
    ckpt.write_bytes(data[: len(data) // 2])
    good_config = (folder / "config.toml").read_text()
    (folder / "config.toml").write_text(good_config.replace("batch_size = 150", "batch_size = 0"))
    shutil.rmtree(folder / "samples")
    before = files(folder)

    run = open_run(folder)
    assert files(folder) == before
    text = "\n".join(run.problems)
    assert "checkpoint.pt is truncated or corrupt" in text
    assert "batch_size must be" in text and "settings shown are those saved in step_00000100.pt" in text
    assert "samples/ folder is missing" in text
    assert len(run.problems) == 3
    assert run.config.batch_size == 150
    assert [s for s, _ in run.checkpoints] == [50, 100]  # the history still offers both rewind points
    assert run.metrics["step"].tolist() == list(range(1, 101)) and run.snapshots == []

    (folder / "config.toml").write_text(good_config)
    with pytest.raises(RunError, match="truncated or corrupt"):
        RunWriter(folder).resume()

    (tmp_path / "empty").mkdir()
    with pytest.raises(RunError, match="not a run folder"):
        open_run(tmp_path / "empty")
    with pytest.raises(RunError, match="not a folder"):
        open_run(tmp_path / "missing")


def test_a_torn_last_csv_line_is_left_out_until_it_is_finished(tmp_path):
    folder = make_run(tmp_path / "run")
    metrics = folder / "metrics.csv"
    row = "101,0.69" + "," * (len(METRIC_COLUMNS) - 2)
    with open(metrics, "a") as f:
        f.write(row[:8])
    before = files(folder)

    run = open_run(folder)
    assert files(folder) == before
    assert run.metrics["step"].tolist() == list(range(1, 101))
    assert ["the last line of metrics.csv is incomplete (cut off mid-write, or still being written) "
            "and was left out."] == run.problems
    assert len(read_metrics_rows(metrics)) == 100

    with open(metrics, "a") as f:  # the writer finishes the line: the next poll reads it whole
        f.write(row[8:] + "\n")
    rows, _ = run.poll()
    assert rows["step"].tolist() == [101] and rows["loss_d"].tolist() == [0.69]
    assert np.isnan(rows["loss_g"]).all()
    with open(metrics, "a") as f:
        f.write("garbage,line\n" + row.replace("101", "102") + "\n")
    rows, _ = run.poll()
    assert rows["step"].tolist() == [102] and run.metrics["step"][-3:].tolist() == [100, 101, 102]
    assert not any("malformed" in p for p in run.problems)  # problems describe the opening
    assert open_run(folder).problems == ["metrics.csv: 1 malformed line(s) were skipped."]

    writer = RunWriter(folder)
    assert writer.resume().step_count == 100  # continuing cuts the file back to its checkpoint
    writer.close()
    assert metrics.read_text().endswith("\n")
    assert [int(r["step"]) for r in read_metrics_rows(metrics)] == list(range(1, 101))


def test_resume_rewrites_a_header_from_an_older_version(tmp_path):
    folder = make_run(tmp_path / "run", steps=40, sample_every=20, checkpoints=(30,))
    metrics = folder / "metrics.csv"
    lines = metrics.read_text().splitlines()
    older = [line.rsplit(",", 1)[0] for line in lines]  # one column fewer, as an older ganstudio wrote
    metrics.write_text("\n".join(older) + "\n")
    writer = RunWriter(folder)
    trainer = writer.resume()
    train(writer, trainer, 35)
    writer.close()
    rows = read_metrics_rows(metrics)
    assert metrics.read_text().splitlines()[0] == ",".join(METRIC_COLUMNS)
    assert [int(r["step"]) for r in rows] == list(range(1, 36))
    assert [r["loss_d"] for r in rows[:30]] == [line.split(",")[1] for line in lines[1:31]]
    assert all(r[METRIC_COLUMNS[-1]] == "" for r in rows)


def test_disk_full_during_a_checkpoint_keeps_the_previous_one(tmp_path, monkeypatch):
    folder = tmp_path / "run"
    writer, trainer = start_run(folder)
    train(writer, trainer, 20, checkpoints=(20,))
    before = {k: v for k, v in files(folder).items() if k != "metrics.csv"}
    train(writer, trainer, 30)
    real_write = fsutil.atomic_write

    def disk_full(path, data):
        def half_then_enospc(f):
            f.write(data[: len(data) // 2])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        real_write(path, half_then_enospc)

    monkeypatch.setattr(runs, "atomic_write_bytes", disk_full)
    with pytest.raises(RunError, match="disk is full.*previous checkpoint .* is intact"):
        writer.save_checkpoint(trainer)
    after = {k: v for k, v in files(folder).items() if k != "metrics.csv"}
    assert after == before and hidden_files(folder) == []
    assert read_checkpoint(folder / "checkpoint.pt")["step"] == 20

    monkeypatch.undo()
    writer.save_checkpoint(trainer)
    writer.close()
    assert read_checkpoint(folder / "checkpoint.pt")["step"] == 30
    assert [s for s, _ in open_run(folder).checkpoints] == [20, 30]


# ------------------------------------------------------------------ rewind

def test_branch_starts_from_the_checkpoint_with_changed_settings(tmp_path):
    source = tmp_path / "source"
    writer, trainer = start_run(source)
    train(writer, trainer, 200, sample_every=25, checkpoints=(100, 200))
    writer.close()
    before = files(source)

    dest = branch_run(source, 150, tmp_path / "branch", {"opt_d.lr": 1e-4, "loss.kind": "hinge"})
    assert files(source) == before
    run = open_run(dest)
    assert run.problems == []
    assert run.meta["parent"] == str(source.resolve()) and run.meta["parent_step"] == 100
    assert run.meta["name"] == "branch" and run.meta["preset"] == PRESET
    assert run.metrics["step"].tolist() == list(range(1, 101))
    assert [s for s, _ in run.snapshots] == [0, 25, 50, 75, 100]
    assert run.config.opt_d.lr == 1e-4 and run.config.loss.kind == "hinge"
    state = read_checkpoint(dest / "checkpoint.pt")
    assert state["step"] == 100 and state["hparams"]["opt_d.lr"] == 1e-4
    assert state["opt_d"]["param_groups"][0]["lr"] == 1e-4
    assert state["hparams"]["loss.kind"] == "hinge"

    writer = RunWriter(dest)
    resumed = writer.resume()
    assert resumed.cfg.opt_d.lr == 1e-4 and resumed.opt_d.param_groups[0]["lr"] == 1e-4
    assert resumed.cfg.loss.kind == "hinge"
    train(writer, resumed, 110)
    writer.close()
    assert open_run(dest).metrics["step"][-1] == 110
    assert hidden_files(tmp_path) == []


def test_a_branch_without_changes_continues_like_its_source(tmp_path):
    source = make_run(tmp_path / "source", steps=160, sample_every=40, checkpoints=(80, 160))
    dest = branch_run(source, 80, tmp_path / "copy")
    writer = RunWriter(dest)
    trainer = writer.resume()
    train(writer, trainer, 160, sample_every=40)
    writer.close()
    a, b = (read_metrics_rows(p / "metrics.csv") for p in (source, dest))
    assert without_time(a) == without_time(b)
    png = "samples/step_00000160.png"
    assert (source / png).read_bytes() == (dest / png).read_bytes()


def test_branch_refuses_what_cannot_work_and_leaves_nothing(tmp_path):
    source = make_run(tmp_path / "source")
    with pytest.raises(RunError, match="do not fit the checkpoint"):
        branch_run(source, 100, tmp_path / "b1", {"gen.hidden": [16]})
    with pytest.raises(ConfigError, match="opt_d.lr must be"):
        branch_run(source, 100, tmp_path / "b2", {"opt_d.lr": -1.0})
    with pytest.raises(ConfigError, match="unknown setting nope"):
        branch_run(source, 100, tmp_path / "b3", {"nope": 1})
    with pytest.raises(RunError, match="no checkpoint at or before step 10; the first is at step 50"):
        branch_run(source, 10, tmp_path / "b4")
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine")
    with pytest.raises(RunError, match="already exists"):
        branch_run(source, 100, tmp_path / "taken")
    assert (tmp_path / "taken" / "notes.txt").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["source", "taken"]


# ------------------------------------------------------------------ following a live run

def test_attach_sees_steps_appended_by_another_process(tmp_path):
    """Follows a run another process is writing, for as long as it takes to see it grow, whatever
    the machine's speed (the child trains until it is stopped with SIGTERM, which saves as Ctrl+C
    does; Ctrl+C is ignored by a child of a shell's background job, as CI's may be)."""
    run = tmp_path / "live"
    proc = headless(["--preset", PRESET, "--steps", 10_000_000, "--out", run, "--sample-every", 250], tmp_path)
    try:
        wait_for(lambda: (run / "metrics.csv").exists(), proc, "metrics.csv")
        opened = open_run(run)
        chunks, snaps = [opened.metrics["step"]], {s for s, _ in opened.snapshots}
        polls_with_rows, seen_live = 0, False
        deadline = time.monotonic() + HANG_GUARD_S
        while polls_with_rows < 3 or len(snaps) < 3 or not seen_live:
            assert proc.poll() is None, "the training process ended while being followed"
            assert time.monotonic() < deadline, "gave up waiting for the run to grow"
            rows, new = opened.poll()
            if len(rows["step"]):
                polls_with_rows += 1
                chunks.append(rows["step"])
                seen_live = seen_live or opened.is_live()
            snaps |= {s for s, _ in new}
            time.sleep(0.05)
        proc.terminate()
        proc.wait(timeout=HANG_GUARD_S)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == 130, (tmp_path / "child.log").read_text()
    rows, new = opened.poll()
    chunks.append(rows["step"])
    snaps |= {s for s, _ in new}
    fresh = open_run(run)
    last = int(fresh.metrics["step"][-1])
    assert np.concatenate(chunks).tolist() == list(range(1, last + 1))
    assert snaps == set(range(0, last + 1, 250))
    for key, values in fresh.metrics.items():
        assert np.array_equal(values, opened.metrics[key], equal_nan=True)


def test_poll_rereads_metrics_that_a_resume_rewrote_shorter(tmp_path):
    folder = make_run(tmp_path / "run", steps=100, checkpoints=(60,))
    reader = open_run(folder)
    assert reader.metrics["step"][-1] == 100
    writer = RunWriter(folder)
    trainer = writer.resume()
    train(writer, trainer, 130)
    writer.close()
    rows, _ = reader.poll()
    assert reader.rewritten
    assert rows["step"].tolist() == list(range(101, 131))
    assert reader.metrics["step"].tolist() == list(range(1, 131))
    rows, _ = reader.poll()
    assert not reader.rewritten and len(rows["step"]) == 0


def test_is_live_follows_the_writer(tmp_path):
    """Live while a writer has the folder open: on this host its process must exist (SIGKILL
    leaves writer.json behind); from another host metrics.csv must keep changing."""
    folder = make_run(tmp_path / "run", steps=10, checkpoints=(10,))
    assert not open_run(folder).is_live()  # closed cleanly
    claim = folder / "writer.json"
    claim.write_text(json.dumps({"pid": os.getpid(), "host": socket.gethostname()}))
    assert open_run(folder).is_live()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    claim.write_text(json.dumps({"pid": dead.pid, "host": socket.gethostname()}))
    assert not open_run(folder).is_live()  # killed: its claim is stale

    claim.write_text(json.dumps({"pid": 1, "host": "gpu-server-that-is-not-us"}))
    assert open_run(folder).is_live()  # metrics.csv was written just now
    old = time.time() - 3600
    os.utime(folder / "metrics.csv", (old, old))
    run = open_run(folder)
    assert not run.is_live()
    with open(folder / "metrics.csv", "a") as f:
        f.write("11" + "," * (len(METRIC_COLUMNS) - 1) + "\n")
    os.utime(folder / "metrics.csv", (old, old))  # a shared disk whose clock is far behind ours
    assert run.is_live()


def test_list_runs_skips_what_is_not_a_run(tmp_path):
    make_run(tmp_path / "first", steps=10, checkpoints=(10,))
    make_run(tmp_path / "second", steps=20, checkpoints=(20,))
    old = time.time() - 3600
    for name in ("metrics.csv", "checkpoint.pt"):
        os.utime(tmp_path / "first" / name, (old, old))
    os.utime(tmp_path / "first", (old, old))
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "todo.txt").write_text("x")
    (tmp_path / "file.txt").write_text("x")
    found = list_runs(tmp_path)
    assert [(r.name, r.last_step, r.preset) for r in found] == [("second", 20, PRESET), ("first", 10, PRESET)]
    assert list_runs(tmp_path / "missing") == []
