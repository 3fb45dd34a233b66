"""Before the window opens on Linux: can Qt reach a display at all?

Qt's xcb platform plugin needs a dozen X libraries that many desktops lack (``libxcb-cursor0`` since
Qt 6.5). Without them Qt prints "could not load the Qt platform plugin" and aborts with a core dump;
without any display it aborts too. Here the plugin's libraries are looked up first (``ldd``) and a
missing one ends the start with what is missing, the line that installs it, and exit status 2.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
from pathlib import Path

EXIT_NO_DISPLAY = 2

# soname -> (Debian/Ubuntu, Fedora, Arch) package
PACKAGES = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm", "xcb-util-wm"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms", "xcb-util-keysyms"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image", "xcb-util-image"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil", "xcb-util-renderutil"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb", "libxcb"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb", "libxcb"),
    "libxcb-xinerama.so.0": ("libxcb-xinerama0", "libxcb", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb", "libxcb"),
    "libxcb-glx.so.0": ("libxcb-glx0", "libxcb", "libxcb"),
    "libxcb.so.1": ("libxcb1", "libxcb", "libxcb"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11", "libxkbcommon-x11"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon", "libxkbcommon"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb", "libx11"),
    "libX11.so.6": ("libx11-6", "libX11", "libx11"),
    "libSM.so.6": ("libsm6", "libSM", "libsm"),
    "libICE.so.6": ("libice6", "libICE", "libice"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl", "libglvnd"),
    "libGL.so.1": ("libgl1", "libglvnd-glx", "libglvnd"),
    "libOpenGL.so.0": ("libopengl0", "libglvnd-opengl", "libglvnd"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype", "freetype2"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs", "dbus"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2", "glib2"),
}


def xcb_plugin() -> Path:
    """The xcb platform plugin of the PySide6 this process imports (its file is not loaded here)."""
    import PySide6

    return Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"


def missing_libraries(plugin: Path) -> list[str]:
    """The shared libraries ``plugin`` needs that the loader cannot find (``ldd``'s "not found").

    The plugin is first loaded as Qt will load it (its Qt libraries are loaded already, so this
    costs ~1 ms); only when that fails does ``ldd`` (~50 ms) list everything that is missing."""
    if not plugin.exists():
        return []
    try:
        ctypes.CDLL(str(plugin))
        return []
    except OSError as error:
        first = str(error).split(":")[0].strip()
    if shutil.which("ldd") is None:
        return [first]
    done = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, timeout=30)
    return [line.split("=>")[0].strip() for line in done.stdout.splitlines() if "not found" in line]


def install_lines(missing: list[str]) -> list[str]:
    """How to install ``missing`` on Debian/Ubuntu, Fedora and Arch (known libraries only)."""
    known = [PACKAGES[name] for name in missing if name in PACKAGES]
    if not known:
        return []
    apt, dnf, pacman = (sorted({p[i] for p in known}) for i in range(3))
    return [f"  Debian/Ubuntu: sudo apt-get install -y {' '.join(apt)}",
            f"  Fedora:        sudo dnf install -y {' '.join(dnf)}",
            f"  Arch:          sudo pacman -S --needed {' '.join(pacman)}"]


def _platform() -> str:
    """The platform Qt will choose: QT_QPA_PLATFORM, else xcb on X11 and wayland on Wayland."""
    chosen = os.environ.get("QT_QPA_PLATFORM", "").split(":")[0].split(";")[0]
    if chosen:
        return chosen
    if os.environ.get("WAYLAND_DISPLAY"):
        return "wayland"
    return "xcb" if os.environ.get("DISPLAY") else ""


def problem(plugin: Path | None = None) -> str | None:
    """What stops the window from opening on this Linux machine, in words; None when nothing does."""
    if not sys.platform.startswith("linux"):
        return None
    platform = _platform()
    if not platform:
        return ("ganstudio: no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
                "  On a server, train without a window: ganstudio train --preset ring8 --steps 5000 --out runs/a\n"
                "  or give Qt a virtual display: QT_QPA_PLATFORM=offscreen python main.py")
    if platform != "xcb":
        return None
    missing = missing_libraries(plugin or xcb_plugin())
    if not missing:
        return None
    lines = [f"ganstudio: Qt's xcb display plugin cannot load; these libraries are missing: {', '.join(missing)}."]
    install = install_lines(missing)
    if install:
        lines += ["Install them with:", *install]
    else:
        lines.append("Reinstall PySide6 (pip install --force-reinstall PySide6-Essentials).")
    return "\n".join(lines)


def require_display(plugin: Path | None = None) -> None:
    """Exit with status 2 and a clear message when the window cannot open (see ``problem``)."""
    message = problem(plugin)
    if message:
        print(message, file=sys.stderr)
        raise SystemExit(EXIT_NO_DISPLAY)
