"""The order the world is drawn in, as Panda3D cull bins.

llvmpipe has no hierarchical depth test, but its early depth test skips the
shading of a pixel that something nearer already covers; drawing what is in
front first is most of what a frame can save. So (Panda3D's own bins are
opaque 20, transparent 30, fixed 40):

- NEAR (15): the flora, nearest first - grass hides ground and far plants;
- opaque (20): structures, the presence, the breathing light's holder;
- GROUND (21): the terrain, after everything that stands or lies on it
  (the walled garden's paths, walls and fountain; measured alone there,
  0.4 ms a frame and 0.9 ms of CPU);
- SKY (25): the sky dome, behind everything solid.
"""
from __future__ import annotations

from panda3d.core import CullBinEnums, CullBinManager

NEAR_BIN = "haven-near"
GROUND_BIN = "haven-ground"
SKY_BIN = "haven-sky"

_BINS = {NEAR_BIN: (CullBinEnums.BT_front_to_back, 15),
         GROUND_BIN: (CullBinEnums.BT_fixed, 21),
         SKY_BIN: (CullBinEnums.BT_fixed, 25)}


def ensure_bins() -> None:
    """Register Haven's bins (once per process)."""
    mgr = CullBinManager.getGlobalPtr()
    for name, (kind, sort) in _BINS.items():
        if mgr.findBin(name) < 0:
            mgr.addBin(name, kind, sort)
