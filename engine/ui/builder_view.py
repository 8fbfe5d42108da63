"""`python main.py build`: the guided builder's window.

A panel on the left shows one page of choices at a time (engine/config/draft.py
holds the pages and what each choice does); the place itself fills the
window behind it and is rebuilt a moment after each change, so the person
sees (and, with sound on, hears) their choice. Mouse or keyboard: click a
row's arrows or its value, or use the arrow keys, Enter and Page Up/Down.
"""
from __future__ import annotations

import sys
from collections.abc import Callable

from ursina import Button, Entity, InputField, Text, camera, color, destroy, time as utime

from engine.config.draft import BuildError, Draft, Field, save, steps
from engine.core.colours import describe
from engine.ui.fit import WindowShape

PANEL_W = 0.86
ROW_H = 0.043
SHOWN_FIELDS = 14
"""Fields drawn at once; a longer page scrolls with the focus."""
REBUILD_AFTER = 0.35    # s without a change before the view is rebuilt
SOUND_AFTER = 0.9
KEY_HELP = "Up/Down choose   Left/Right change   Enter type or pick   PgDn next   PgUp back   Esc leave"
FOCUS = color.rgba(0.98, 0.82, 0.5, 1)
TEXT = color.rgba(0.95, 0.95, 0.95, 1)
DIM = color.rgba(1, 1, 1, 0.7)


class BuilderView(Entity):
    """The builder's controller: keys, the panel, and the live preview."""

    def __init__(self, draft: Draft, assemble: Callable, sound: bool = True,
                 on_practise: Callable[[str], None] | None = None, on_leave: Callable[[], None] | None = None):
        super().__init__()
        self.draft = draft
        self.sound = sound
        self.on_practise = on_practise
        self.on_leave = on_leave   # back to where the builder was opened from (home); None: Haven closes
        self.pages = steps(self._rebase)
        self.page = 0
        self.focus = 0
        self.rows: list[Entity] = []
        self.textbox: InputField | None = None
        self.picker = None
        self.editing: Field | None = None
        self.message = ""
        self.saved_path = None
        self.log: list[str] = []
        self.preview = Preview(assemble, sound)
        self._since_change = None
        self._since_sound = None
        self._leaving = False
        self._build_panel()
        self.preview.show(draft.place(), self.page_name)
        self._draw()

    # -- the panel ---------------------------------------------------------------
    def _build_panel(self) -> None:
        left = 0.0   # the panel's own x is where it begins, kept to the window's left edge (follow)
        self.x0 = left
        self.panel = Entity(parent=camera.ui, z=-1)
        self._window = WindowShape()
        self.follow(self._window.aspect)
        Entity(parent=self.panel, model="quad", origin=(-0.5, 0), x=left - 0.03, scale=(PANEL_W + 0.06, 1.0),
               z=0.2, color=color.rgba(0.04, 0.05, 0.08, 0.74))
        self.title = Text(parent=self.panel, text=" ", x=left, y=0.46, scale=1.7, use_tags=False, color=FOCUS)
        self.hint = Text(parent=self.panel, text=" ", x=left, y=0.405, scale=0.9, use_tags=False, color=DIM,
                         wordwrap=60)
        self.status = Text(parent=self.panel, text=" ", x=left, y=-0.395, scale=0.85, use_tags=False, color=FOCUS,
                           wordwrap=70)
        Text(parent=self.panel, x=left, y=-0.465, scale=0.72, use_tags=False, color=DIM, text=KEY_HELP,
             wordwrap=100)
        self.back_button = self._button("< Back", left + 0.1, self.prev_page)
        self.next_button = self._button("Next >", left + PANEL_W - 0.12, self.next_page)
        self.leave_button = self._button("Leave   (Esc)", left + PANEL_W / 2 - 0.01, self.leave)

    def follow(self, aspect: float) -> None:
        """Keep the panel to the window's left edge, and the text box and the
        picker on it or beside it, whatever shape the window is made."""
        self.panel.x = -aspect / 2 + 0.03
        if self.textbox is not None:
            self.textbox.x = self._textbox_x()
        if self.picker is not None:
            self.picker.place(-aspect / 2 + 0.02, aspect / 2 - 0.02, prefer=0.3)

    def _textbox_x(self) -> float:
        return self.panel.x + self.x0 + PANEL_W / 2 - 0.03

    def _button(self, label: str, x: float, action) -> Button:
        b = Button(parent=self.panel, text=" ", x=x, y=-0.34, scale=(0.2, 0.055), on_click=action,
                   color=color.rgba(0.2, 0.23, 0.3, 0.95))
        b.text_entity.use_tags = False
        b.text = label
        return b

    @property
    def page_name(self) -> str:
        return ("start", "see", "hear", "smell", "company", "welcome", "name")[self.page]

    def fields(self) -> list[Field]:
        fields = self.pages[self.page].fields(self.draft)
        if self.page == len(self.pages) - 1:
            fields = fields + [Field("Keep my place", lambda d: "Enter or click to keep it",
                                     type_in=lambda d, text: None)]
        return fields

    def _draw(self) -> None:
        for r in self.rows:
            destroy(r)
        self.rows = []
        page = self.pages[self.page]
        self.title.text = f"{self.page + 1}/{len(self.pages)}  {page.title}"
        self.hint.text = page.hint
        fields = self.fields()
        self.focus = min(self.focus, len(fields) - 1)
        top = 0.34
        first = min(max(self.focus - SHOWN_FIELDS // 2, 0), max(len(fields) - SHOWN_FIELDS, 0))
        for i, f in enumerate(fields[first:first + SHOWN_FIELDS], start=first):
            self.rows.append(self._row(f, i, top - (i - first) * ROW_H))
        self.status.text = self.message
        self.back_button.enabled = self.page > 0
        self.next_button.enabled = self.page < len(self.pages) - 1

    def _row(self, f: Field, i: int, y: float) -> Entity:
        row = Entity(parent=self.panel, y=y)
        focused = i == self.focus
        Text(parent=row, text=f.label, x=self.x0, origin=(-0.5, 0), scale=1.0, use_tags=False,
             color=FOCUS if focused else TEXT)
        vx = self.x0 + 0.38
        value = f.show(self.draft)
        if f.colour:
            Entity(parent=row, model="quad", x=vx + 0.015, scale=(0.03, 0.03), color=color.hex(value))
            vx += 0.04
            value = describe(value)   # the swatch shows the colour, words name it: no hex codes
        shown = value if len(value) <= 34 else value[:33] + "..."
        v = Button(parent=row, text=" ", x=vx + 0.2, scale=(0.4, ROW_H * 0.85), on_click=lambda i=i: self._click(i),
                   color=color.rgba(0.16, 0.18, 0.24, 0.9 if focused else 0.5))
        v.text_entity.use_tags = False   # the person's own words are shown exactly
        v.text = shown
        if f.change is not None:
            for dx, step, label in ((-0.03, -1, "<"), (0.43, 1, ">")):
                b = Button(parent=row, text=" ", x=vx + dx, scale=(0.035, ROW_H * 0.85),
                           on_click=lambda i=i, step=step: self._change(i, step),
                           color=color.rgba(0.22, 0.25, 0.32, 0.95))
                b.text_entity.use_tags = False   # '<' would start a tag
                b.text = label
        return row

    # -- actions -------------------------------------------------------------------
    def _click(self, i: int) -> None:
        self.focus = i
        f = self.fields()[i]
        if f.change is not None and not f.typed:
            self._change(i, 1)
        else:
            self._edit(f)

    def _change(self, i: int, step: int) -> None:
        self.focus = i
        f = self.fields()[i]
        if f.change is None:
            return
        self._try(lambda: f.change(self.draft, step), f"{f.label}: {step:+d}")

    def _edit(self, f: Field) -> None:
        if f.label == "Keep my place":
            self.keep()
            return
        if f.colour:
            self._open_picker(f)
            return
        if f.type_in is None:
            return
        self.editing = f
        raw = f.show(self.draft)
        self.textbox = InputField(parent=camera.ui, x=self._textbox_x(), y=-0.26, scale=(PANEL_W, 0.05),
                                max_lines=1, character_limit=300, z=-2)
        self.textbox.text = "" if raw.startswith("(") else raw
        self.textbox.active = True
        self.message = f"Type {f.label.lower()}, then Enter (Esc to cancel)."
        self.status.text = self.message

    def _open_picker(self, f: Field) -> None:
        from engine.ui.colour_picker import ColourPicker
        self.editing = f
        self.picker = ColourPicker(f.show(self.draft), lambda hx: self._try(lambda: f.type_in(self.draft, hx),
                                                                            f"{f.label}: {describe(hx)}", redraw=False),
                                   on_done=lambda: self._close_editor(commit=False),
                                   title=f"{f.label}  (1-6 or the sliders, Enter when done)")
        self.follow(self._window.aspect)

    def _close_editor(self, commit: bool) -> None:
        f, self.editing = self.editing, None
        if self.textbox is not None:
            text = self.textbox.text
            destroy(self.textbox)
            self.textbox = None
            if commit and f is not None:
                self._try(lambda: f.type_in(self.draft, text), f"{f.label}: {text!r}")
                return
        if self.picker is not None:
            destroy(self.picker)
            self.picker = None
        self.message = ""
        self._draw()

    def _try(self, action, what: str, redraw: bool = True) -> None:
        try:
            action()
        except BuildError as exc:
            self.message = str(exc)
            self.log.append(f"refused {what}")
        else:
            self.message = ""
            self.log.append(what)
            self._since_change = 0.0
            if self.page_name in ("hear",):
                self._since_sound = 0.0
        if redraw:
            self._draw()

    def _rebase(self, base: str) -> None:
        self.draft = Draft.start(base)
        self._since_sound = 0.0

    def next_page(self) -> None:
        self._go(min(self.page + 1, len(self.pages) - 1))

    def prev_page(self) -> None:
        self._go(max(self.page - 1, 0))

    def _go(self, page: int) -> None:
        if page != self.page:
            self.page, self.focus, self.message = page, 0, ""
            self.log.append(f"page {self.page_name}")
            self.preview.stage(self.page_name)
            self._draw()

    def keep(self) -> None:
        try:
            self.saved_path = save(self.draft)
        except (BuildError, OSError) as exc:
            from engine.config.userdirs import plain_reason
            self.message = (f"Not kept: {exc}" if isinstance(exc, BuildError)
                            else f"Not kept ({plain_reason(exc)}); nothing was overwritten")
            self.log.append("keep refused")
        else:
            self.message = (f"Kept: {self.saved_path}\nPress Enter to practise there now (safe place), "
                            "or Esc to leave.")
            self.log.append(f"kept {self.draft.data['name']}")
            print(f"Your place is kept: {self.saved_path}", file=sys.stderr)
        self._draw()

    # -- keys and frames ------------------------------------------------------------
    def input(self, key: str) -> None:
        if self.textbox is not None:
            if key == "enter":
                self._close_editor(commit=True)
            elif key == "escape":
                self._close_editor(commit=False)
            return
        if self.picker is not None:
            if self.picker.key(key):
                self._close_editor(commit=False)
            return
        self.key(key)

    def key(self, key: str) -> None:
        n = len(self.fields())
        if self.saved_path is not None and key == "enter":
            if self.on_practise is not None:
                self.on_practise(self.draft.data["name"])
            return
        if key in ("up arrow", "down arrow"):
            self.focus = (self.focus + (1 if key == "down arrow" else -1)) % n
            self._draw()
        elif key in ("left arrow", "right arrow"):
            self._change(self.focus, 1 if key == "right arrow" else -1)
        elif key == "enter":
            f = self.fields()[self.focus]
            self._edit(f) if (f.typed or f.colour) else self._change(self.focus, 1)
        elif key == "page down":
            self.next_page()
        elif key == "page up":
            self.prev_page()
        elif key == "escape":
            self.leave()

    def _unkept(self) -> bool:
        """Whether the person has made the draft their own (anything but the
        starting place and the name Haven gave it differs from a fresh start)."""
        fresh = Draft.start(self.draft.base)
        mine = {k: v for k, v in self.draft.data.items() if k != "name"}
        return mine != {k: v for k, v in fresh.data.items() if k != "name"} or self.draft.own_sound is not None

    def leave(self) -> None:
        """Esc: leave; unkept changes are named first (Esc again leaves)."""
        from ursina import application
        if self.saved_path is None and self._unkept() and not self._leaving:
            self._leaving = True
            self.message = "Your place is not kept yet. Esc or Leave again leaves without keeping it."
            self.status.text = self.message
            return
        self.log.append("leave")
        self.close()
        (self.on_leave or application.quit)()

    def close(self) -> None:
        """Take down the panel, the editor and the live view."""
        from ursina import destroy
        self.preview.close()
        for part in (self.textbox, self.picker, self.panel):
            if part is not None:
                destroy(part)
        self.textbox = self.picker = None
        destroy(self)

    def type_text(self, text: str) -> None:
        """Tests: what a person would type into the open text box."""
        if self.textbox is not None:
            self.textbox.text = text

    def update(self) -> None:
        dt = min(utime.dt, 0.1)
        aspect = self._window.changed()
        if aspect is not None:
            self.follow(aspect)
        if self._since_change is not None:
            self._since_change += dt
            if self._since_change >= REBUILD_AFTER:
                self._since_change = None
                self._refresh()
        if self._since_sound is not None:
            self._since_sound += dt
            if self._since_sound >= SOUND_AFTER:
                self._since_sound = None
                self.preview.restart_sound()
        self.preview.frame(dt)

    def _refresh(self) -> None:
        try:
            place = self.draft.place()
        except BuildError as exc:
            self.message = str(exc)
            self.status.text = self.message
            return
        self.preview.show(place, self.page_name)
        self.log.append("preview")


class Preview:
    """The place behind the panel: rebuilt on change, its presence shown on
    the pages about company and welcome, its sound (optional) restarted."""

    def __init__(self, assemble: Callable, sound: bool):
        self.assemble = assemble   # engine/app/session.py's, handed down by the app: place -> Session
        self.sound = sound
        self.world = self.view = self.director = self.audio = None
        self.place = None
        self.t = 0.0

    def show(self, place, page: str) -> None:
        from ursina import scene
        from engine.ui.practice_view import PracticeView
        from engine.world import build_world
        self._drop_world()
        self.place = place
        self.world = build_world(place, scene)
        camera.fov = place.camera.fov
        self.director = self.assemble(place).director
        self.view = PracticeView(self.world, self.director, camera, "#f0a860")
        self.view.captions.visible = False
        self.t = 0.0
        self.stage(page, at_once=True)
        if self.audio is None:
            self.restart_sound()

    def stage(self, page: str, at_once: bool = False) -> None:
        """Company and welcome pages: the presence comes (only as near as set)."""
        if self.director is None:
            return
        if page in ("company", "welcome", "name") and at_once:
            # just rebuilt after a change: it is already where the person set it,
            # and fades in over two seconds (it never pops into view)
            self.director.presence_here(self.t)
            self.view.presence.model.state.distance = float(self.view.presence.set_distance)
        elif page in ("company", "welcome", "name"):
            for cue in ("presence.appear", "presence.approach"):
                self.director.apply(cue, {}, self.t)
        if page in ("welcome", "name"):
            self.director.apply("presence.welcome", {}, self.t)
            self.director.apply("light.warm", {"amount": 0.5 * float(self.place.presence.warmth) + 0.1}, self.t)

    def restart_sound(self) -> None:
        if not self.sound or self.place is None:
            return
        from engine.live.player import LivePlayer
        if self.audio is not None:
            self.audio.fade_out(1.0)
        self.audio = LivePlayer(self.place, None).start()

    def frame(self, dt: float) -> None:
        if self.world is None:
            return
        from engine.world.camera import apply_pose, seated_pose
        self.t += dt
        self.director.advance(self.t)
        pos, yaw, pitch = seated_pose(self.place.camera, self.t, drift=False, ground=self.world.ground)
        apply_pose(camera, pos, yaw, pitch)
        state = self.view.show(self.t, pos)
        if self.audio is not None:
            self.audio.update(self.t, False, dt)
            self.audio.follow(state)

    def _drop_world(self) -> None:
        if self.view is not None:
            self.view.destroy()
        if self.world is not None:
            self.world.destroy()
        self.world = self.view = None

    def close(self) -> None:
        if self.audio is not None:
            self.audio.destroy()
        self._drop_world()
