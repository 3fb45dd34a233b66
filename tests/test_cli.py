"""The headless command line end to end, in temp folders, with real training and real files."""

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from ganstudio.cli import main
from ganstudio.engine.train import config as configlib
from ganstudio.engine.metrics.meter import METER_FIELDS
from ganstudio.engine.runs.metrics_csv import read_metrics_rows
from ganstudio.engine.runs.writer import read_checkpoint
from ganstudio.engine.train.threads import ThreadPolicy, usable_cores

REPO = Path(__file__).resolve().parents[1]
COLUMNS = "step,loss_d,loss_g,d_real,d_fake,d_fake_after,grad_norm_d,grad_norm_g,wall_s"
METER_COLUMNS = ",".join(METER_FIELDS)  # the collapse meter's columns grow with it (engine/metrics/meter.py)


def test_train_writes_the_run_folder_and_sample_reads_it(tmp_path, capsys):
    out = tmp_path / "run"
    assert main(["train", "--preset", "ring8", "--steps", "300", "--out", str(out),
                 "--seed", "3", "--sample-every", "100"]) == 0
    assert "step 300/300" in capsys.readouterr().err
    assert configlib.load(out / "config.toml").seed == 3
    lines = (out / "metrics.csv").read_text().splitlines()
    assert lines[0] == f"{COLUMNS},{METER_COLUMNS}"
    assert len(lines) == 301
    assert [int(r["step"]) for r in read_metrics_rows(out / "metrics.csv")] == list(range(1, 301))
    pngs = sorted(p.name for p in (out / "samples").glob("*.png"))
    assert pngs == ["step_00000000.png", "step_00000100.png", "step_00000200.png", "step_00000300.png"]
    state = torch.load(out / "checkpoint.pt", weights_only=True)
    assert state["step"] == 300

    npy = tmp_path / "s.npy"
    assert main(["sample", "--run", str(out), "--n", "1000", "--out", str(npy)]) == 0
    samples = np.load(npy)
    assert samples.shape == (1000, 2) and samples.dtype == np.float32


def test_image_run_samples_are_images_in_range(tmp_path):
    out = tmp_path / "mnist"
    cfg = configlib.loads(configlib.dumps(__import__("ganstudio.engine.train.presets", fromlist=["x"]).preset("mnist-mlp")))
    cfg.data.limit = 256
    configlib.save(cfg, tmp_path / "c.toml")
    assert main(["train", "--config", str(tmp_path / "c.toml"), "--steps", "10", "--out", str(out)]) == 0
    npy = tmp_path / "m.npy"
    assert main(["sample", "--run", str(out), "--n", "7", "--out", str(npy)]) == 0
    samples = np.load(npy)
    assert samples.shape == (7, 1, 28, 28) and samples.dtype == np.float32
    assert samples.min() >= -1 and samples.max() <= 1


def test_resume_equals_an_uninterrupted_run(tmp_path):
    # a pinned thread count: float sums differ in their last bits between 1 and 2 threads
    straight, split = tmp_path / "straight", tmp_path / "split"
    assert main(["train", "--preset", "ring8", "--steps", "200", "--threads", "2", "--out", str(straight)]) == 0
    assert main(["train", "--preset", "ring8", "--steps", "100", "--threads", "2", "--out", str(split)]) == 0
    assert main(["train", "--resume", "--steps", "200", "--threads", "2", "--out", str(split)]) == 0
    a = read_metrics_rows(straight / "metrics.csv")
    b = read_metrics_rows(split / "metrics.csv")
    drop_time = lambda rows: [{k: v for k, v in r.items() if k != "wall_s"} for r in rows]  # noqa: E731
    assert drop_time(a) == drop_time(b)
    assert read_checkpoint(split / "checkpoint.pt")["step"] == 200


def test_threads_are_chosen_by_timing_or_pinned(tmp_path, capsys):
    assert main(["train", "--preset", "ring8", "--steps", "150", "--out", str(tmp_path / "auto")]) == 0
    line = capsys.readouterr().err.splitlines()[-1]
    chosen = re.fullmatch(r"torch threads: (\d+) threads?(?: \(step time (.*)\))?", line)
    assert chosen, line
    if chosen[2] is None:  # a quiet machine: every usable core, never tried against fewer
        assert int(chosen[1]) == usable_cores(), line
    else:  # other processes crowded the cores (a trial ran): the count its timing chose
        times = {int(n): float(ms) for n, ms in re.findall(r"(\d+): ([\d.]+) ms", chosen[2])}
        best = min(times.values())
        assert int(chosen[1]) == min(n for n, t in times.items() if t * ThreadPolicy.PAYS <= best), line
    assert main(["train", "--preset", "ring8", "--steps", "5", "--threads", "1", "--out", str(tmp_path / "one")]) == 0
    assert capsys.readouterr().err.splitlines()[-1] == "torch threads: 1 thread (pinned)"
    assert main(["train", "--preset", "ring8", "--steps", "5", "--threads", "-1", "--out", str(tmp_path / "bad")]) == 2
    assert "--threads must be 0 (chosen by timing) or a count of threads, not -1" in capsys.readouterr().err


def test_existing_run_is_not_overwritten(tmp_path, capsys):
    out = tmp_path / "run"
    assert main(["train", "--preset", "ring8", "--steps", "5", "--out", str(out)]) == 0
    before = (out / "metrics.csv").read_bytes()
    assert main(["train", "--preset", "ring8", "--steps", "5", "--out", str(out)]) == 2
    assert "already holds a run" in capsys.readouterr().err
    assert (out / "metrics.csv").read_bytes() == before


def test_bad_inputs_give_one_clear_line(tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text("batch_size = 0\n[opt_d]\nlr = -0.5\n")
    assert main(["train", "--config", str(bad), "--steps", "5", "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err
    assert "batch_size must be" in err and "opt_d.lr must be" in err and "Traceback" not in err

    csv_cfg = configlib.dumps(configlib.RunConfig()).replace('name = "ring8"', 'name = "csv"').replace(
        'path = ""', f'path = "{tmp_path / "nope.csv"}"')
    (tmp_path / "csv.toml").write_text(csv_cfg)
    assert main(["train", "--config", str(tmp_path / "csv.toml"), "--steps", "5", "--out", str(tmp_path / "r2")]) == 2
    assert "nope.csv" in capsys.readouterr().err

    assert main(["sample", "--run", str(tmp_path / "missing"), "--n", "3", "--out", str(tmp_path / "x.npy")]) == 2
    assert "cannot read config" in capsys.readouterr().err

    with pytest.raises(SystemExit) as info:
        main(["train", "--preset", "no-such", "--steps", "5", "--out", str(tmp_path / "r3")])
    assert info.value.code == 2


def test_module_entry_point_runs_in_a_subprocess(tmp_path):
    out = tmp_path / "run"
    proc = subprocess.run([sys.executable, "-m", "ganstudio", "train", "--preset", "ring8-tiny",
                           "--steps", "50", "--out", str(out)], cwd=REPO, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "steps/s" in proc.stderr and "loss_d" in proc.stderr
    assert (out / "checkpoint.pt").exists()


def test_collapse_meter_readings_go_into_metrics_csv_and_the_progress_line(tmp_path, capsys):
    out = tmp_path / "run"
    assert main(["train", "--preset", "ring8", "--steps", "200", "--out", str(out),
                 "--meter-every", "50"]) == 0
    err = capsys.readouterr().err
    assert "modes " in err and "/8" in err
    rows = read_metrics_rows(out / "metrics.csv")
    measured = [r for r in rows if r["modes"] != ""]
    assert [int(r["step"]) for r in measured] == [50, 100, 150, 200]
    for r in measured:
        assert 0 <= int(r["modes"]) <= 8 and 0 <= float(r["hq_pct"]) <= 100 and r["collapse"] in ("0", "1")
        assert r["classes"] == ""  # image columns stay empty for 2-D data
    assert all(r["modes"] == "" for r in rows if int(r["step"]) % 50)


def test_train_keeps_a_thinned_checkpoint_history_and_run_json(tmp_path):
    from ganstudio.engine.runs.reader import open_run
    from ganstudio.engine.runs.writer import MAX_CHECKPOINTS

    out = tmp_path / "run"
    assert main(["train", "--preset", "ring8-tiny", "--steps", "200", "--out", str(out),
                 "--checkpoint-every-s", "0", "--sample-every", "50"]) == 0
    run = open_run(out)
    assert run.problems == []
    assert run.meta["preset"] == "ring8-tiny" and run.meta["parent"] is None
    steps = [s for s, _ in run.checkpoints]
    assert steps[0] == 1 and steps[-1] == 200 and len(steps) <= MAX_CHECKPOINTS
    assert (out / "checkpoint.pt").samefile(run.checkpoints[-1][1])
    assert [s for s, _ in run.snapshots] == [0, 50, 100, 150, 200]


def test_a_failed_autosave_is_a_warning_and_training_goes_on(tmp_path, capsys, monkeypatch):
    from ganstudio.engine.runs import writer as runs

    real = runs.RunWriter.save_checkpoint
    failures = []

    def first_fails(self, trainer, meter_state=None):
        if not failures:
            failures.append(trainer.step_count)
            raise runs.RunError("could not write the checkpoint: the disk is full. The previous checkpoint is intact.")
        real(self, trainer, meter_state)

    monkeypatch.setattr(runs.RunWriter, "save_checkpoint", first_fails)
    out = tmp_path / "run"
    assert main(["train", "--preset", "ring8-tiny", "--steps", "50", "--out", str(out),
                 "--checkpoint-every-s", "0"]) == 0
    assert "warning: autosave failed: could not write the checkpoint: the disk is full" in capsys.readouterr().err
    assert failures == [1] and read_checkpoint(out / "checkpoint.pt")["step"] == 50
