"""One script for a machine with a GPU (issue 22): the Trainer's step rate on this device against a
hand-written loop of the same GAN, and the window's cost there. Runs in under 5 minutes.

Rows (steps/s, medians of ``--rounds`` runs of ``--seconds``, sides alternated):

- **hand A**: a plain loop of the ring8 GAN (3×128 MLPs, batch 512, fused Adam), ``.item()`` on both
  losses every step, as tutorials write it;
- **hand B**: the same with no host sync per step (the losses stay on the device, read every 100);
- **hand C** (CUDA only): the whole D + G step captured once as a CUDA graph (capturable fused Adam)
  and replayed: what the hardware allows for a GAN this small;
- **Trainer (eager)**: ``Trainer(preset).step()`` for ring8, mnist-mlp and mnist-dcgan, on the device;
- **Trainer (graph)** (CUDA only): the same presets through ``GraphStep`` (engine/train/graph_step.py),
  the step replayed from a CUDA graph and its numbers read once per 1/30 s, as the worker reads
  them at each frame; with the time one recording of the step takes;
- **window** (with ``--window``; needs Qt): ``bench_gui.py`` for ring8 and mnist-mlp on the device,
  the window's steps/s against the same preset headless.

Goals (issue 22, H200-class GPU): graph ring8 ≥ 1,200 steps/s, mnist-mlp ≥ 1,000, mnist-dcgan ≥ 600;
the eager ring8 row ≥ 0.95 of hand B. On a CPU the hand C and graph rows are skipped.

    python benchmarks/bench_device.py [--device cuda] [--seconds 3] [--rounds 3] [--window] [--out FILE]

Prints the table and writes it as Markdown to ``--out`` (by default into benchmarks/results/, named
after the device type).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402
from torch import nn  # noqa: E402

BATCH, Z, HIDDEN = 512, 2, 128  # the ring8 preset's shape


def _mlp(n_in: int, n_out: int) -> nn.Module:
    return nn.Sequential(nn.Linear(n_in, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, HIDDEN), nn.ReLU(),
                         nn.Linear(HIDDEN, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, n_out))


class HandLoop:
    """The ring8 GAN written out by hand: data on the device, BCE losses, fused Adam."""

    def __init__(self, device: torch.device, capturable: bool = False):
        torch.manual_seed(0)
        self.device = device
        self.G, self.D = _mlp(Z, 2).to(device), _mlp(2, 1).to(device)
        kw = dict(lr=1e-3, betas=(0.5, 0.999), fused=True)
        if capturable:
            kw["capturable"] = True
        self.opt_g = torch.optim.Adam(self.G.parameters(), **kw)
        self.opt_d = torch.optim.Adam(self.D.parameters(), **kw)
        angle = torch.arange(8, device=device) * (2 * torch.pi / 8)
        means = torch.stack([2 * torch.cos(angle), 2 * torch.sin(angle)], 1)
        self.x = means[torch.randint(0, 8, (100_000,), device=device)] + 0.02 * torch.randn(100_000, 2, device=device)
        self._pending: list[torch.Tensor] = []

    def step(self) -> tuple[torch.Tensor, torch.Tensor]:
        bce = nn.functional.binary_cross_entropy_with_logits
        real = self.x[torch.randint(0, self.x.shape[0], (BATCH,), device=self.device)]
        fake = self.G(torch.randn(BATCH, Z, device=self.device))
        self.opt_d.zero_grad(set_to_none=True)
        out_real, out_fake = self.D(real), self.D(fake.detach())
        loss_d = bce(out_real, torch.ones_like(out_real)) + bce(out_fake, torch.zeros_like(out_fake))
        loss_d.backward()
        self.opt_d.step()
        self.opt_g.zero_grad(set_to_none=True)
        out = self.D(fake)
        loss_g = bce(out, torch.ones_like(out))
        loss_g.backward()
        self.opt_g.step()
        return loss_d.detach(), loss_g.detach()

    def synced(self) -> None:  # A
        loss_d, loss_g = self.step()
        loss_d.item()
        loss_g.item()

    def unsynced(self) -> None:  # B
        self._pending.append(torch.stack(self.step()))
        if len(self._pending) >= 100:
            torch.stack(self._pending).tolist()
            self._pending.clear()

    def graphed(self):  # C: the step captured once; returns the replay
        side = torch.cuda.Stream()
        side.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(side):
            for _ in range(5):  # warm up outside the graph (cuBLAS handles, optimizer state)
                self.step()
        torch.cuda.current_stream().wait_stream(side)
        graph = torch.cuda.CUDAGraph()
        self.opt_d.zero_grad(set_to_none=True)
        self.opt_g.zero_grad(set_to_none=True)
        with torch.cuda.graph(graph):
            self.step()
        return graph.replay


def rate(call, device: torch.device, seconds: float) -> float:
    for _ in range(20):
        call()
    sync = torch.cuda.synchronize if device.type == "cuda" else (lambda: None)
    sync()
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        for _ in range(10):
            call()
        n += 10
    sync()
    return n / (time.perf_counter() - t0)


def trainer_call(name: str, device: torch.device):
    from ganstudio.engine.train.presets import preset
    from ganstudio.engine.train.trainer import Trainer

    cfg = preset(name)
    cfg.device = device.type
    return Trainer(cfg).step


FRAME_S = 1 / 30  # how often the worker reads a graph's numbers while it trains


def graph_call(name: str, device: torch.device, recordings: dict):
    """The preset's step replayed from a CUDA graph, its numbers taken once per FRAME_S."""
    from ganstudio.engine.train.graph_step import GraphStep
    from ganstudio.engine.train.presets import preset
    from ganstudio.engine.train.trainer import Trainer

    cfg = preset(name)
    cfg.device = device.type
    graph = GraphStep(Trainer(cfg))
    last = [time.perf_counter()]

    def call():
        graph.step()
        if graph.recordings:
            recordings[name] = graph.record_s
        now = time.perf_counter()
        if now - last[0] >= FRAME_S:
            last[0] = now
            graph.take()
    return call


def window_rows(seconds: float, rounds: int) -> list[str]:
    """bench_gui.py's table for ring8 and mnist-mlp: presets train on device 'auto', so on a machine
    with a GPU both the window and the headless side train on CUDA."""
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_gui.py"), "--presets", "ring8",
                           "mnist-mlp", "--views", "default", "--seconds", str(seconds), "--rounds", str(rounds)],
                          capture_output=True, text=True, timeout=400)
    return [line for line in done.stdout.splitlines() if line.strip()] or [done.stderr[-800:]]


def _cpu_name() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            model = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        model = platform.processor() or "CPU"
    return f"{model}, {os.cpu_count()} cores"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--window", action="store_true", help="also bench_gui.py on this device (needs Qt)")
    parser.add_argument("--out", default=None, help="Markdown file (default: one named after the device type, in benchmarks/results/)")
    args = parser.parse_args()
    device = torch.device(args.device)
    if device.type == "cuda" and not torch.cuda.is_available():
        raise SystemExit("--device cuda: this PyTorch sees no CUDA GPU")
    name = torch.cuda.get_device_name(device) if device.type == "cuda" else _cpu_name()
    head = (f"{name}; torch {torch.__version__}; {torch.get_num_threads()} CPU threads; "
            f"{args.rounds} rounds x {args.seconds:g} s per row, alternated, medians")
    print(head, flush=True)

    sides = {"hand A: .item() each step": lambda: HandLoop(device).synced,
             "hand B: no sync per step": lambda: HandLoop(device).unsynced}
    if device.type == "cuda":
        sides["hand C: one CUDA graph per step"] = lambda: HandLoop(device, capturable=True).graphed()
    recordings: dict[str, float] = {}
    for preset_name in ("ring8", "mnist-mlp", "mnist-dcgan"):
        sides[f"Trainer {preset_name} (eager)"] = lambda p=preset_name: trainer_call(p, device)
        if device.type == "cuda":
            sides[f"Trainer {preset_name} (graph)"] = lambda p=preset_name: graph_call(p, device, recordings)
    rates: dict[str, list[float]] = {k: [] for k in sides}
    for r in range(args.rounds):
        for key in (list(sides) if r % 2 == 0 else list(sides)[::-1]):
            rates[key].append(rate(sides[key](), device, args.seconds))
    med = {k: statistics.median(v) for k, v in rates.items()}
    lines = [head, "", "| row | steps/s | vs hand B |", "|---|---|---|"]
    base = med["hand B: no sync per step"]
    for key, value in med.items():
        lines.append(f"| {key} | {value:.1f} | {value / base:.3f} |")
    ring8 = med["Trainer ring8 (eager)"] / base
    lines += ["", f"Trainer ring8 eager ÷ hand B: {ring8:.3f} (goal on CUDA: ≥ 0.95)"]
    if device.type == "cuda":
        lines.append(f"hand C ÷ hand B: {med['hand C: one CUDA graph per step'] / base:.1f}x (what graph replay allows)")
        for preset_name, goal in (("ring8", 1200), ("mnist-mlp", 1000), ("mnist-dcgan", 600)):
            value = med[f"Trainer {preset_name} (graph)"]
            lines.append(f"Trainer {preset_name} graph: {value:.0f} steps/s (goal ≥ {goal}: "
                         f"{'PASS' if value >= goal else 'FAIL'}); recording the step took "
                         f"{1000 * recordings.get(preset_name, float('nan')):.0f} ms")
    if args.window:
        lines += ["", "Window on this device (bench_gui.py --presets ring8 mnist-mlp --views default):", "```",
                  *window_rows(max(args.seconds, 3.0), 2), "```"]
    text = "\n".join(lines) + "\n"
    print(text)
    out = Path(args.out) if args.out else ROOT / "benchmarks" / "results" / f"device-{device.type}.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)
    print(f"saved to {out}")


if __name__ == "__main__":
    main()
