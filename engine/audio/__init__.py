"""Haven's sound: procedural layers, the mixer and the master stage.

Pure numpy/scipy modules (no Ursina or Panda3D here), so the sound is
tested fast and exactly. Buffers are float32 arrays shaped (samples, 2)
at RATE; the live player and the exporters read them.
"""
RATE = 48000
