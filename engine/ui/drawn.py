"""Draw a UI part only while it can be seen.

On llvmpipe a clear quad still costs every pixel it covers: the empty
caption backdrop (720x720 pixels blended at alpha 0) took 3 ms of a
1280x720 frame, a faded toast 0.5 ms (docs/engine-findings.md). Parts that
fade call this with their alpha each time it changes."""
from __future__ import annotations

from panda3d.core import NodePath

SEEN = 0.002
"""Below this alpha a part adds nothing visible (under half a level of 255)."""


def drawn(part: NodePath, alpha: float) -> None:
    """Show `part` while its alpha can be seen, hide it otherwise (only on a change)."""
    hidden = part.isHidden()
    if alpha > SEEN and hidden:
        part.show()
    elif alpha <= SEEN and not hidden:
        part.hide()
