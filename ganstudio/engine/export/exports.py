"""Exports of a run: a sample grid PNG, a timelapse (GIF or MP4), metrics CSV, TensorBoard events.

Every export writes a temp file beside its target and renames it into place, so a failed or
cancelled export (``cancelled()`` → ``animation.Cancelled``) leaves nothing behind and never a
half file. Long exports report ``progress(done, total)``. Nothing is written into the run folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import numpy as np

from ganstudio.engine.export import tb_events
from ganstudio.engine.export.animation import LABEL_HEIGHT, Cancelled, labelled, pad_to, save_gif
from ganstudio.engine.runs.fsutil import atomic_write, atomic_write_bytes
from ganstudio.engine.runs.metrics_csv import well_formed_lines
from ganstudio.engine.runs.reader import RunFolder, load_snapshot, snapshot_size
from ganstudio.engine.runs.writer import METRICS, RunError

Progress = Callable[[int, int], None] | None
IsCancelled = Callable[[], bool] | None
VIDEO_HINT = ("MP4 export needs ffmpeg: install the video extra (pip install 'ganstudio[video]', "
              "which brings imageio-ffmpeg) or put ffmpeg on your PATH; a .gif needs neither")


def _check(cancelled: IsCancelled) -> None:
    if cancelled is not None and cancelled():
        raise Cancelled()


def _snapshots(run: RunFolder) -> list[tuple[int, Path]]:
    if not run.snapshots:
        raise RunError(f"{run.folder} has no sample grids to export")
    return list(run.snapshots)


def export_grid_png(run: RunFolder, step: int | None, out: Path) -> Path:
    """The sample grid at ``step`` (the latest one at or before it; None: the last) as a PNG."""
    found = run.snapshot_at(step) if step is not None else _snapshots(run)[-1]
    if found is None:
        raise RunError(f"{run.folder} has no sample grids to export")
    load_snapshot(found[1])  # a clear error for a damaged PNG, not a copy of it
    out = Path(out)
    atomic_write_bytes(out, found[1].read_bytes())
    return out


def export_metrics_csv(run: RunFolder, out: Path) -> Path:
    """metrics.csv as it is, less a torn last line and malformed lines."""
    src = run.folder / METRICS
    try:
        text = src.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise RunError(f"cannot read {src}: {exc.strerror or exc}") from None
    out = Path(out)
    atomic_write_bytes(out, ("\n".join(well_formed_lines(text)) + "\n").encode("utf-8"))
    return out


# ------------------------------------------------------------------ timelapse

def _labelled_frames(snaps: list[tuple[int, Path]], progress: Progress,
                     cancelled: IsCancelled) -> Iterator[np.ndarray]:
    """Each snapshot with a "step N" caption; a snapshot thinned away meanwhile is skipped."""
    for i, (step, path) in enumerate(snaps):
        _check(cancelled)
        if path.exists():
            yield labelled(load_snapshot(path), f"step {step:,}")
        if progress is not None:
            progress(i + 1, len(snaps))


def export_timelapse(run: RunFolder, out: Path, fps: int = 8, progress: Progress = None,
                     cancelled: IsCancelled = None) -> Path:
    """The sample grid over the run, one frame per snapshot labelled with its step: .gif or .mp4."""
    out = Path(out)
    if fps < 1:
        raise ValueError("fps must be ≥ 1")
    suffix = out.suffix.lower()
    if suffix not in (".gif", ".mp4"):
        raise RunError(f"a timelapse is written as .gif or .mp4, not {out.suffix or 'no extension'} ({out})")
    snaps = _snapshots(run)
    if suffix == ".gif":
        return save_gif(out, _labelled_frames(snaps, progress, cancelled), frame_ms=round(1000 / fps))
    return _write_mp4(snaps, out, fps, progress, cancelled)


def ffmpeg_exe() -> str:
    """imageio-ffmpeg's bundled binary, else ffmpeg on PATH, else a RunError saying how to get one."""
    try:
        import imageio_ffmpeg

        return imageio_ffmpeg.get_ffmpeg_exe()
    except (ImportError, RuntimeError):
        pass
    exe = shutil.which("ffmpeg")
    if exe is None:
        raise RunError(VIDEO_HINT)
    return exe


def _video_codec(exe: str) -> str:
    """H.264 where this ffmpeg has it (every player opens it), MPEG-4 part 2 otherwise."""
    listing = subprocess.run([exe, "-hide_banner", "-encoders"], capture_output=True, text=True).stdout
    return "libx264" if " libx264 " in listing else "mpeg4"


def _write_mp4(snaps: list[tuple[int, Path]], out: Path, fps: int, progress: Progress,
               cancelled: IsCancelled) -> Path:
    exe = ffmpeg_exe()
    sizes = [snapshot_size(p) for _, p in snaps if p.exists()]
    height = max(h for h, _ in sizes) + LABEL_HEIGHT
    width = max(w for _, w in sizes)
    height, width = height + height % 2, width + width % 2  # yuv420p wants even sides
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(fd)
    command = [exe, "-hide_banner", "-loglevel", "error", "-y",
               "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{width}x{height}", "-framerate", str(fps),
               "-i", "-", "-an", "-c:v", _video_codec(exe), "-pix_fmt", "yuv420p",
               "-movflags", "+faststart", "-f", "mp4", tmp]
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=log)
        try:
            for frame in _labelled_frames(snaps, progress, cancelled):
                proc.stdin.write(pad_to(frame, height, width).tobytes())
            proc.stdin.close()
            code = proc.wait()
        except BaseException as exc:
            proc.kill()
            proc.wait()
            os.unlink(tmp)
            if isinstance(exc, BrokenPipeError):
                log.seek(0)
                raise RunError(f"ffmpeg stopped early: {log.read().decode(errors='replace')[-500:]}") from None
            raise
        if code != 0:
            os.unlink(tmp)
            log.seek(0)
            raise RunError(f"ffmpeg failed ({code}): {log.read().decode(errors='replace')[-500:]}")
    os.chmod(tmp, 0o644)
    os.replace(tmp, out)
    return out


# ------------------------------------------------------------------ TensorBoard

def _start_time(run: RunFolder) -> float:
    """The run's start as seconds since the epoch: run.json's "created", else estimated."""
    created = run.meta.get("created")
    if created:
        try:
            return datetime.fromisoformat(created).timestamp()
        except (TypeError, ValueError):
            pass
    wall = run.metrics.get("wall_s")
    try:
        end = (run.folder / METRICS).stat().st_mtime
    except OSError:
        return time.time()
    return end - (float(wall[-1]) if wall is not None and len(wall) else 0.0)


def _png_channels(data: bytes) -> tuple[bytes, int, int, int]:
    """(png, height, width, channels) for the image summary; odd modes are re-encoded as RGB."""
    import io

    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        channels = {"L": 1, "LA": 2, "RGB": 3, "RGBA": 4}.get(image.mode)
        if channels is None:
            buf = io.BytesIO()
            image.convert("RGB").save(buf, format="PNG")
            return buf.getvalue(), image.height, image.width, 3
        return data, image.height, image.width, channels


def export_tensorboard(run: RunFolder, out_dir: Path, progress: Progress = None,
                       cancelled: IsCancelled = None) -> Path:
    """An events.out.tfevents.* file in ``out_dir``: every metric column as scalars (blank cells
    left out) and the snapshots as images under the tag "samples". Open with
    ``tensorboard --logdir out_dir``."""
    metrics = run.metrics
    steps = metrics["step"]
    columns = [k for k in metrics if k != "step"]
    snaps = list(run.snapshots)
    total = len(steps) + len(snaps)
    start = _start_time(run)
    wall = metrics.get("wall_s")
    timed = wall is not None and len(wall) and np.isfinite(wall).all()
    wall_col = columns.index("wall_s") if timed else None
    out_dir = Path(out_dir)
    path = out_dir / tb_events.file_name(start)

    def write(f) -> None:
        f.write(tb_events.first_event(start))
        table = np.stack([metrics[k] for k in columns], axis=1).tolist() if columns else []
        for i, (step, row) in enumerate(zip(steps.tolist(), table)):
            if i % 512 == 0:
                _check(cancelled)
                if progress is not None:
                    progress(i, total)
            values = [tb_events.scalar_value(tag, v) for tag, v in zip(columns, row) if v == v]
            if values:
                f.write(tb_events.event(start + (row[wall_col] if timed else 0.0), int(step), values))
        for j, (step, png_path) in enumerate(snaps):
            _check(cancelled)
            try:
                data = png_path.read_bytes()
            except FileNotFoundError:  # thinned away by a live run meanwhile
                continue
            png, height, width, channels = _png_channels(data)
            wall_time = start + (float(np.interp(step, steps, wall)) if timed else 0.0)
            f.write(tb_events.event(wall_time, step,
                                    [tb_events.image_value("samples", height, width, channels, png)]))
            if progress is not None:
                progress(len(steps) + j + 1, total)

    atomic_write(path, write)
    if progress is not None:
        progress(total, total)
    return path
