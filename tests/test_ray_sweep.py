"""``ganstudio sweep --ray`` on a real local Ray: 4 members over 2 actors, a worker killed mid-sweep,
Ctrl+C on the driver, and the completeness of every member's metrics.csv."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ray = pytest.importorskip("ray")

from ganstudio.cli import main  # noqa: E402
from ganstudio.engine.population.grid import expand  # noqa: E402
from ganstudio.engine.population.ray_sweep import RaySweep  # noqa: E402
from ganstudio.engine.population.sweep import Sweep  # noqa: E402
from ganstudio.engine.runs.metrics_csv import read_metrics_rows  # noqa: E402
from ganstudio.engine.runs.writer import read_checkpoint  # noqa: E402
from ganstudio.engine.train import presets  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def _ctrl_c_works() -> None:
    """In the child: Ctrl+C's default disposition. A test run started in the background (nohup,
    CI) ignores SIGINT, children inherit that, and Python then never raises KeyboardInterrupt."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
HANG_GUARD_S = 240


@pytest.fixture(scope="module")
def local_ray():
    """A local Ray cluster of 2 CPUs for this module's sweeps (the driver joins it)."""
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def _steps(folder: Path) -> list[int]:
    return [int(r["step"]) for r in read_metrics_rows(folder / "metrics.csv")]


def test_a_sweep_of_four_members_over_two_ray_actors(tmp_path, capsys, local_ray):
    out = tmp_path / "sweep"
    assert main(["sweep", "--preset", "ring8-tiny", "--steps", "300", "--seeds", "0-3", "--population-size", "2",
                 "--out", str(out), "--ray", "--sample-every", "100", "--meter-every", "100"]) == 0
    err = capsys.readouterr().err
    assert "training on Ray" in err and "4 done" in err
    meta = json.loads((out / "sweep.json").read_text())
    for m in meta["members"]:
        folder = out / m["folder"]
        assert m["status"] == "done" and m["step"] == 300
        assert _steps(folder) == list(range(1, 301))
        assert read_checkpoint(folder / "checkpoint.pt")["step"] == 300
        assert sorted(p.name for p in (folder / "samples").glob("*.png")) == [
            f"step_{s:08d}.png" for s in (0, 100, 200, 300)]
        rows = read_metrics_rows(folder / "metrics.csv")
        assert rows[99]["modes"] != ""
    assert not list(out.rglob(".*.tmp*"))


def test_a_killed_worker_is_restarted_and_every_step_lands_once(tmp_path, local_ray):
    base = presets.preset("ring8-tiny")
    sweep = Sweep.create(tmp_path / "sweep", base, expand(base, [0, 1, 2, 3], []), 1500, {"preset": "ring8-tiny"})
    driver = RaySweep(sweep)
    killed = []

    def progress(p):
        folder = sweep.member_folder("seed0")
        if not killed and (folder / "checkpoint.pt").exists() and read_checkpoint(folder / "checkpoint.pt")["step"] > 0:
            killed.append(driver.pids[0])
            os.kill(driver.pids[0], signal.SIGKILL)

    statuses = driver.run(progress=progress, autosave_s=0.3, max_k=2)
    assert killed and driver.restarts >= 1 and driver.pids[0] != killed[0]
    assert set(statuses.values()) == {"done"}
    for name in statuses:
        assert _steps(sweep.member_folder(name)) == list(range(1, 1501)), name


def test_ctrl_c_on_the_driver_leaves_folders_that_resume(tmp_path):
    out = tmp_path / "sweep"
    env = dict(os.environ, OMP_NUM_THREADS="1")
    log = open(tmp_path / "driver.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "ganstudio", "sweep", "--preset", "ring8-tiny", "--steps",
                             "100000000", "--seeds", "0-1", "--out", str(out), "--ray", "--checkpoint-every-s", "0.5"],
                            cwd=REPO, env=env, stdout=log, stderr=log, preexec_fn=_ctrl_c_works)
    deadline = time.monotonic() + HANG_GUARD_S
    try:
        while not (out / "members" / "seed1" / "checkpoint.pt").exists():
            assert proc.poll() is None, (tmp_path / "driver.log").read_text()
            assert time.monotonic() < deadline, "gave up waiting for a checkpoint"
            time.sleep(0.2)
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=120) == 130, (tmp_path / "driver.log").read_text()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert "continue with: ganstudio sweep --resume" in (tmp_path / "driver.log").read_text()
    meta = json.loads((out / "sweep.json").read_text())
    assert {m["status"] for m in meta["members"]} == {"interrupted"}
    saved = {m["name"]: read_checkpoint(out / m["folder"] / "checkpoint.pt")["step"] for m in meta["members"]}
    assert all(step == m["step"] for m, step in zip(meta["members"], saved.values()))
    target = max(saved.values()) + 50
    assert main(["sweep", "--resume", "--steps", str(target), "--out", str(out)]) == 0
    for m in json.loads((out / "sweep.json").read_text())["members"]:
        assert _steps(out / m["folder"]) == list(range(1, target + 1))


def test_without_ray_the_flag_says_how_to_install_it(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)
    assert main(["sweep", "--preset", "ring8-tiny", "--steps", "5", "--out", str(tmp_path / "s"), "--ray"]) == 2
    assert "pip install -e '.[ray]'" in capsys.readouterr().err
