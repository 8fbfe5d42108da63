"""The calm pause screen (Escape) and the on-screen key help.

The pause screen fades in over half a second over a softly dimmed view;
nothing closes abruptly. Leaving Haven from here fades the view to the
place's fog colour over two seconds before the window closes.
"""
from __future__ import annotations

from ursina import Button, Entity, Text, camera, color

FADE_IN_S = 0.5
FADE_OUT_S = 2.0
HELP = ("Esc or click pause    G return gently    Tab seated / explore    C captions    P breathing light (E kind, I words, L halo, R sound)    "
        "B find my pace    K colour    [ ] more time / next    , . nearer / further    ; ' warmth    "
        "Z X its size    U its colour    V in / out of view    F send it back    T too much    1-5 imagery    "
        "O session controls    D drift    H hide help")
DISCLAIMER = "Haven is a practice aid, not a crisis service. If you are in crisis, please contact local emergency services."


def _rgba(rgb, a: float):
    return color.rgba(float(rgb[0]), float(rgb[1]), float(rgb[2]), a)


class PauseScreen(Entity):
    """Built once, hidden; `level` 0..1 is how far it has faded in."""

    def __init__(self, fog_rgb, on_resume, on_toggle_mode, on_toggle_motion, on_leave, on_ground=None,
                 on_build=None, on_settings=None):
        super().__init__(parent=camera.ui, z=-3)   # over captions and the key help
        self.fog = [float(c) * 0.35 for c in fog_rgb]  # a dim, muted veil: text stays readable
        self.veil = Entity(parent=self, model="quad", scale=(4, 2), color=_rgba(self.fog, 0), z=1)
        self.panel = Entity(parent=self, enabled=False)
        Text(parent=self.panel, text="Paused", y=0.3, origin=(0, 0), scale=2.2, use_tags=False)
        Text(parent=self.panel, text="Take your time. Nothing here needs hurrying.", y=0.22,
             origin=(0, 0), scale=1.1, use_tags=False)
        self.buttons = [
            self._button("Resume   (Esc)", 0.12, on_resume),
            self._button("Return gently   (G)", 0.04, on_ground or on_resume),
            self._button("Seated / explore   (Tab)", -0.04, on_toggle_mode),
            self._button("Reduced motion on / off   (M)", -0.12, on_toggle_motion),
            self._button("Settings   (S)", -0.2, on_settings or on_resume),
            self._button("Make a place of my own   (N)", -0.28, on_build or on_resume),
            self._button("Leave gently   (Q)", -0.36, on_leave),
        ]
        Text(parent=self.panel, text=DISCLAIMER, y=-0.44, origin=(0, 0), scale=0.8, use_tags=False,
             color=color.rgba(1, 1, 1, 0.85))
        self.level = 0.0
        self.target = 0.0
        self.leaving = False
        self.leave_from = 0.0

    def _button(self, label: str, y: float, action) -> Button:
        b = Button(parent=self.panel, text=label, y=y, scale=(0.56, 0.07), on_click=action,
                   color=color.rgba(0.18, 0.2, 0.26, 0.85), highlight_color=color.rgba(0.3, 0.34, 0.42, 0.9))
        b.text_entity.use_tags = False
        return b

    @property
    def shown(self) -> bool:
        return self.target > 0

    def show(self) -> None:
        self.target = 1.0
        self.panel.enabled = True

    def hide(self) -> None:
        self.target = 0.0
        self.panel.enabled = False

    def leave(self) -> None:
        self.level *= 0.55  # continue from the dimmed veil: no jump in brightness
        self.leave_from = self.level
        self.leaving = True
        self.panel.enabled = False
        self.target = 1.0

    def advance(self, dt: float) -> bool:
        """Move the fade toward its target; True once a 'leave' fade has finished."""
        # Leaving always takes FADE_OUT_S, from wherever the veil stood.
        rate = dt * (1.0 - self.leave_from) / FADE_OUT_S if self.leaving else dt / FADE_IN_S
        if self.level < self.target:
            self.level = min(self.target, self.level + rate)
        else:
            self.level = max(self.target, self.level - rate)
        alpha = self.level if self.leaving else 0.55 * self.level
        self.veil.color = _rgba(self.fog, alpha)
        self.veil.enabled = alpha > 0   # a clear full-screen quad still costs ~5 ms a frame on llvmpipe
        return self.leaving and self.level >= 1.0


def help_lines(text: str = HELP, width: int = 132) -> list[str]:
    """The key help in lines of at most ``width`` characters, broken only
    between its groups ('H hide help' never loses 'help' to the next line)."""
    lines: list[str] = []
    for group in text.split("    "):
        if lines and len(lines[-1]) + 4 + len(group) <= width:
            lines[-1] += "    " + group
        else:
            lines.append(group)
    return lines


FULL_HELP_S = 20.0   # the whole key help shows this long when a visit begins
HELP_FADE_S = 2.0
SHORT_HELP = "H help"


class HelpLine(Entity):
    """The key help at the bottom of the screen: all of it for the first 20 s
    of a visit (when the person keeps help on), then it fades to a small
    "H help". H shows all of it again, or puts it away. ``top`` is how
    high the help reaches, so captions can sit above it."""

    def __init__(self, visible: bool):
        super().__init__(parent=camera.ui, z=-1)
        self.full = Text(parent=self, text="\n".join(help_lines()), origin=(0, 0), y=-0.455, scale=0.72,
                         use_tags=False, color=color.rgba(1, 1, 1, 0.8), background=True)
        self.short = Text(parent=self, text=SHORT_HELP, origin=(0.5, 0), x=0.86, y=-0.475, scale=0.72,
                          use_tags=False, color=color.rgba(1, 1, 1, 0))
        self.age = 0.0 if visible else FULL_HELP_S + HELP_FADE_S
        self.shown = visible
        self.advance(0.0)

    @property
    def top(self) -> float:
        """The highest point the full help reaches while it shows (else the screen's bottom)."""
        return self.full.y + self.full.height / 2 + 0.01 if self.level > 0 else -0.5

    @property
    def level(self) -> float:
        """1 while the whole help shows, fading to 0 after FULL_HELP_S."""
        if not self.shown:
            return 0.0
        return min(1.0, max(0.0, (FULL_HELP_S + HELP_FADE_S - self.age) / HELP_FADE_S))

    def toggle(self) -> bool:
        """H: all of the help again (for another 20 s), or put away; returns whether it shows."""
        showing = self.level > 0
        self.shown = not showing
        self.age = 0.0
        self.advance(0.0, force=True)
        return self.shown

    def advance(self, dt: float, force: bool = False) -> None:
        self.age += dt
        a = self.level
        if a == getattr(self, "_drawn", None) and not force:
            return   # steady (most frames): nothing to redraw
        self._drawn = a
        self.full.color = color.rgba(1, 1, 1, 0.8 * a)
        if self.full.background is not None:
            self.full.background.color = color.rgba(0, 0, 0, 0.4 * a)
        self.full.enabled = a > 0
        self.short.color = color.rgba(1, 1, 1, 0.55 * (1 - a))

    def update(self) -> None:
        from ursina import time as utime
        self.advance(min(utime.dt, 0.1))
