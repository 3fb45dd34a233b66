"""Exports of a run folder: grid PNG, GIF/MP4 timelapse, metrics CSV, TensorBoard event files."""

import io
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from ganstudio.cli import main
from ganstudio.engine.export import exports as export
from ganstudio.engine.export import tb_events
from ganstudio.engine.export.animation import Cancelled, gif_frame_count
from ganstudio.engine.runs.reader import open_run
from ganstudio.engine.runs.writer import RunError

STEPS, SAMPLE_EVERY = 300, 25


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("export") / "run"
    assert main(["train", "--preset", "ring8-tiny", "--steps", str(STEPS), "--out", str(folder),
                 "--sample-every", str(SAMPLE_EVERY), "--meter-every", "50"]) == 0
    return folder


@pytest.fixture
def run(run_folder):
    return open_run(run_folder)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def frames_of(path: Path) -> list[np.ndarray]:
    with Image.open(path) as gif:
        out = []
        for i in range(gif.n_frames):
            gif.seek(i)
            out.append(np.asarray(gif.convert("RGB")))
        return out


def test_grid_png_is_the_snapshot_at_or_before_the_step(run, tmp_path):
    out = export.export_grid_png(run, 130, tmp_path / "grid.png")
    assert out.read_bytes() == (run.folder / "samples" / "step_00000125.png").read_bytes()
    export.export_grid_png(run, None, tmp_path / "last.png")
    assert (tmp_path / "last.png").read_bytes() == run.snapshots[-1][1].read_bytes()


def test_gif_timelapse_has_one_labelled_frame_per_snapshot(run, tmp_path):
    calls = []
    out = export.export_timelapse(run, tmp_path / "t.gif", fps=10, progress=lambda d, t: calls.append((d, t)))
    n = STEPS // SAMPLE_EVERY + 1
    assert len(run.snapshots) == n
    assert gif_frame_count(out) == n
    assert calls[-1] == (n, n) and [d for d, _ in calls] == list(range(1, n + 1))
    frames = frames_of(out)
    h, w = Image.open(run.snapshots[0][1]).size[::-1]
    assert frames[0].shape[0] > h and frames[0].shape[1] == w  # a caption band below the grid
    assert not np.array_equal(frames[0][h:], frames[-1][h:])  # "step 0" and "step 300" differ
    with Image.open(out) as gif:
        assert gif.info["duration"] == 100


def test_cancelled_timelapse_leaves_no_file(run, tmp_path):
    for name in ("t.gif", "t.mp4"):
        if name.endswith(".mp4"):
            try:
                export.ffmpeg_exe()
            except RunError:
                continue
        asked = []

        def cancelled():
            asked.append(1)
            return len(asked) > 3

        with pytest.raises(Cancelled):
            export.export_timelapse(run, tmp_path / name, cancelled=cancelled)
    assert leftovers(tmp_path) == []


def test_mp4_timelapse_has_every_frame(run, tmp_path):
    try:
        ffmpeg = export.ffmpeg_exe()
    except RunError:
        pytest.skip("no ffmpeg here (pip install imageio-ffmpeg)")
    out = export.export_timelapse(run, tmp_path / "t.mp4", fps=8)
    assert out.read_bytes()[4:8] == b"ftyp"
    probe = subprocess.run([ffmpeg, "-hide_banner", "-i", str(out), "-map", "0:v:0", "-f", "null", "-"],
                           capture_output=True, text=True)
    assert probe.returncode == 0
    frames = [line for line in probe.stderr.replace("\r", "\n").splitlines() if line.startswith("frame=")]
    assert int(frames[-1].split("=")[1].split()[0]) == len(run.snapshots)
    assert leftovers(tmp_path) == ["t.mp4"]


def test_mp4_without_ffmpeg_says_how_to_get_it(run, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "imageio_ffmpeg", None)  # the import fails
    monkeypatch.setattr(export.shutil, "which", lambda name: None)
    with pytest.raises(RunError, match=r"pip install 'ganstudio\[video\]'"):
        export.export_timelapse(run, tmp_path / "t.mp4")
    with pytest.raises(RunError, match="gif or .mp4"):
        export.export_timelapse(run, tmp_path / "t.avi")
    assert leftovers(tmp_path) == []


def test_metrics_csv_export_leaves_out_a_torn_line(run_folder, tmp_path):
    copy = tmp_path / "run"
    shutil.copytree(run_folder, copy)
    with open(copy / "metrics.csv", "a") as f:
        f.write("301,0.7")
    out = export.export_metrics_csv(open_run(copy), tmp_path / "m.csv")
    lines = out.read_text().splitlines()
    assert lines == (run_folder / "metrics.csv").read_text().splitlines()
    assert len(lines) == STEPS + 1


# ------------------------------------------------------------------ TensorBoard

def read_records(path: Path) -> list[bytes]:
    """Our own TFRecord reader: checks both CRCs of every record."""
    data, out, i = path.read_bytes(), [], 0
    while i < len(data):
        header = data[i:i + 8]
        (length,) = struct.unpack("<Q", header)
        (crc,) = struct.unpack("<I", data[i + 8:i + 12])
        assert crc == tb_events.masked_crc32c(header)
        body = data[i + 12:i + 12 + length]
        (crc,) = struct.unpack("<I", data[i + 12 + length:i + 16 + length])
        assert crc == tb_events.masked_crc32c(body)
        out.append(body)
        i += 16 + length
    return out


def test_crc32c_matches_the_standard_check_value():
    assert tb_events.crc32c(b"123456789") == 0xE3069283
    assert tb_events.crc32c(b"") == 0


def test_tensorboard_file_is_framed_and_framed_records_count(run, tmp_path):
    calls = []
    path = export.export_tensorboard(run, tmp_path / "tb", progress=lambda d, t: calls.append((d, t)))
    assert "tfevents" in path.name and path.parent == tmp_path / "tb"
    records = read_records(path)
    assert b"brain.Event:2" in records[0]
    assert len(records) == 1 + STEPS + len(run.snapshots)
    total = STEPS + len(run.snapshots)
    assert calls[-1] == (total, total)
    assert leftovers(tmp_path / "tb") == [path.name]


def test_tensorboard_reads_back_scalars_and_images(run, tmp_path):
    pytest.importorskip("tensorboard", reason="tensorboard is an optional extra")
    from tensorboard.backend.event_processing import event_accumulator as ea

    export.export_tensorboard(run, tmp_path / "tb")
    acc = ea.EventAccumulator(str(tmp_path / "tb"), size_guidance={ea.SCALARS: 0, ea.IMAGES: 0})
    acc.Reload()
    metrics = run.metrics
    filled = [k for k in metrics if k != "step" and not np.isnan(metrics[k]).all()]
    assert sorted(acc.Tags()["scalars"]) == sorted(filled)
    for tag in filled:
        events = acc.Scalars(tag)
        known = ~np.isnan(metrics[tag])
        assert [e.step for e in events] == metrics["step"][known].astype(int).tolist()
        assert np.allclose([e.value for e in events], metrics[tag][known].astype(np.float32))
    images = acc.Images("samples")
    assert [e.step for e in images] == [s for s, _ in run.snapshots]
    last = images[-1]
    assert last.encoded_image_string == run.snapshots[-1][1].read_bytes()
    with Image.open(io.BytesIO(last.encoded_image_string)) as image:
        assert (last.width, last.height) == image.size
    wall = [e.wall_time for e in acc.Scalars("loss_d")]
    assert wall == sorted(wall)


def test_cancelled_tensorboard_export_leaves_no_file(run, tmp_path):
    with pytest.raises(Cancelled):
        export.export_tensorboard(run, tmp_path / "tb", cancelled=lambda: True)
    assert leftovers(tmp_path / "tb") == []


# ------------------------------------------------------------------ the command line

def test_export_command_writes_each_kind(run_folder, tmp_path, capsys):
    assert main(["export", "--run", str(run_folder), "--png", str(tmp_path / "g.png"), "--step", "60"]) == 0
    assert (tmp_path / "g.png").read_bytes() == (run_folder / "samples" / "step_00000050.png").read_bytes()
    assert main(["export", "--run", str(run_folder), "--timelapse", str(tmp_path / "t.gif"), "--fps", "4"]) == 0
    err = capsys.readouterr().err
    assert f"exporting {len(open_run(run_folder).snapshots)}/" in err and "wrote" in err
    assert gif_frame_count(tmp_path / "t.gif") == STEPS // SAMPLE_EVERY + 1
    assert main(["export", "--run", str(run_folder), "--csv", str(tmp_path / "m.csv")]) == 0
    assert (tmp_path / "m.csv").read_text() == (run_folder / "metrics.csv").read_text()
    assert main(["export", "--run", str(run_folder), "--tensorboard", str(tmp_path / "tb")]) == 0
    assert len(list((tmp_path / "tb").glob("events.out.tfevents.*"))) == 1


def test_export_command_errors_are_one_line(run_folder, tmp_path, capsys):
    assert main(["export", "--run", str(tmp_path), "--csv", str(tmp_path / "m.csv")]) == 2
    assert "not a run folder" in capsys.readouterr().err
    assert main(["export", "--run", str(run_folder), "--timelapse", str(tmp_path / "t.webm")]) == 2
    err = capsys.readouterr().err
    assert "gif or .mp4" in err and "Traceback" not in err
    with pytest.raises(SystemExit):
        main(["export", "--run", str(run_folder), "--csv", str(tmp_path / "m.csv"), "--step", "5"])
    assert leftovers(tmp_path) == []
