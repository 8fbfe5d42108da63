"""docs/architecture/layers.png: engine's packages as layers, with the imports
that really run between them (measured from the code, not drawn by hand).

    python -m tools.layers_picture docs/architecture/layers.png
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = [["app"], ["ui"], ["live", "world"], ["voice", "records"], ["audio", "core"], ["config"]]
WHAT = {"app": "command line, session assembly, window, shell, render, bench",
        "ui": "home, captions, pause, settings, records, builder, controller",
        "live": "sound and voice through OpenAL", "world": "Ursina scene: sky, terrain, flora, presence",
        "voice": "speech, recordings", "records": "SQLite records, event log, reports",
        "audio": "pure synthesis, mixing, loudness, export", "core": "pure clock, timeline, director, commands",
        "config": "YAML -> validated models, settings, ranges"}


def package_edges() -> Counter:
    sys.path.insert(0, str(ROOT / "tests"))
    from test_layers import engine_files, imports, layer_of, module_name
    edges = Counter()
    for path in engine_files():
        own = layer_of(module_name(path) + ".x")
        for _, name in imports(path):
            other = layer_of(name)
            if own and other and other != own and name.startswith("engine."):
                edges[(own, other)] += 1
    return edges


def draw(out: Path) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
    pos = {}
    for row, names in enumerate(LAYERS):
        for k, name in enumerate(names):
            x = 0.5 if len(names) == 1 else (0.25, 0.75)[k]
            pos[name] = (x, 1 - row / (len(LAYERS) - 1) * 0.9 - 0.05)
    fig, ax = plt.subplots(figsize=(10, 8), dpi=100)
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.02, 1.02)
    ax.axis("off")
    pure = {"config", "core", "records", "audio", "voice"}
    for (a, b), n in package_edges().items():
        (x0, y0), (x1, y1) = pos[a], pos[b]
        ax.add_patch(FancyArrowPatch((x0, y0 - 0.03), (x1, y1 + 0.03), arrowstyle="-|>", mutation_scale=12,
                                     color="#8090a8", alpha=0.55, linewidth=0.6 + 0.12 * min(n, 20),
                                     connectionstyle="arc3,rad=0.08"))
    for name, (x, y) in pos.items():
        ax.add_patch(FancyBboxPatch((x - 0.22, y - 0.035), 0.44, 0.07, boxstyle="round,pad=0.01",
                                    facecolor="#e8f0e4" if name in pure else "#f3e6d3", edgecolor="#555"))
        ax.text(x, y + 0.01, f"engine/{name}", ha="center", va="center", fontsize=11, weight="bold")
        ax.text(x, y - 0.018, WHAT[name], ha="center", va="center", fontsize=7.5)
    ax.set_title("Haven's layers: each imports only those below it (arrows: imports measured in the code;\n"
                 "green: pure, never imports Ursina or Panda3D)", fontsize=10)
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out)
    plt.close(fig)


if __name__ == "__main__":
    draw(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/architecture/layers.png"))
