"""One eye: the runtime's swapchain, a Panda3D buffer and camera that draw
the place into it, and (when asked) a copy of what was drawn.

Panda3D draws each eye into its own offscreen buffer; in that buffer's draw
callback the runtime's swapchain image (an OpenGL texture the runtime owns)
is attached as the colour target, so the picture goes straight to the
runtime with no copy (panda3d-openxr's approach). The swapchain is sRGB
when the runtime offers it and Panda3D writes Haven's colours into it
unconverted: they are made for a screen already (gamma-encoded), so the
headset shows the colours the desktop shows.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from engine.core.rig import Fov, haven_projection, panda_rows

EYE_MASK_BIT = 21
"""Camera mask bit the eyes draw with (the world-locked caption panel shows
only to them, not to the desktop mirror)."""

SRGB8_ALPHA8, RGBA8 = 0x8C43, 0x8058


def swapchain_format(offered: list[int]) -> int:
    """sRGB 8-bit with alpha if the runtime offers it, else plain RGBA8."""
    for fmt in (SRGB8_ALPHA8, RGBA8):
        if fmt in offered:
            return fmt
    return offered[0]


def eye_props():
    """Frame buffer properties of an eye buffer: colour with alpha, depth,
    no back buffer, no sRGB conversion (see the module docstring)."""
    from panda3d.core import FrameBufferProperties
    props = FrameBufferProperties()
    props.set_rgb_color(True)
    props.set_rgba_bits(8, 8, 8, 8)
    props.set_depth_bits(24)
    props.set_back_buffers(0)
    props.set_srgb_color(False)
    return props


@dataclass
class Eye:
    """An eye's swapchain, buffer and camera. ``draw`` is the buffer's draw
    callback: it renders into the runtime's image and says when it did."""
    index: int
    swapchain: object          # p3dopenxr Swapchain
    camera: object             # NodePath of a Camera with a MatrixLens
    buffer: object = None
    draws: int = 0
    capture: list = field(default_factory=list)   # (w, h, RGBA bytes) when armed

    @property
    def size(self) -> tuple[int, int]:
        return self.swapchain.width, self.swapchain.height

    def set_lens(self, fov: Fov, near: float, far: float) -> None:
        from panda3d.core import LMatrix4
        self.camera.node().get_lens().set_user_mat(LMatrix4(*panda_rows(haven_projection(fov, near, far))))

    def render_into_swapchain(self, cbdata, capture: bool) -> None:
        """Acquire the runtime's image, draw the scene into it, release it."""
        from OpenGL import GL
        image = self.swapchain.acquire_image_info().image
        try:
            GL.glFramebufferTexture(GL.GL_DRAW_FRAMEBUFFER, GL.GL_COLOR_ATTACHMENT0, image, 0)
            GL.glClearDepth(1.0)
            GL.glClearColor(*backdrop(), 1.0)   # the sky's colour below the dome's floor
            GL.glClear(GL.GL_COLOR_BUFFER_BIT | GL.GL_DEPTH_BUFFER_BIT)
            cbdata.upcall()
            if capture:
                self.capture = [read_texture(image, *self.size)]
        finally:
            self.swapchain.release_image_info()
        self.draws += 1


def backdrop() -> tuple[float, float, float]:
    """What the desktop window clears to (the shown world's sky below the horizon)."""
    from ursina import window
    c = window.color
    return float(c[0]), float(c[1]), float(c[2])


def read_texture(texture: int, width: int, height: int) -> tuple[int, int, bytes]:
    """The RGBA bytes of a GL texture (bottom row first), leaving the
    texture binding as Panda3D had it."""
    from OpenGL import GL
    before = GL.glGetIntegerv(GL.GL_TEXTURE_BINDING_2D)
    GL.glBindTexture(GL.GL_TEXTURE_2D, texture)
    try:
        data = GL.glGetTexImage(GL.GL_TEXTURE_2D, 0, GL.GL_RGBA, GL.GL_UNSIGNED_BYTE)
    finally:
        GL.glBindTexture(GL.GL_TEXTURE_2D, int(before))
    return width, height, bytes(data)


def make_eye(base, index: int, swapchain, parent, sort: int, draw) -> Eye:
    """The camera under ``parent`` (the seat) and a buffer that draws the
    scene through it, calling ``draw(eye, cbdata)`` instead of drawing itself."""
    from panda3d.core import BitMask32, Camera, LMatrix4, MatrixLens, PythonCallbackObject
    lens = MatrixLens()
    lens.set_user_mat(LMatrix4.ident_mat())
    node = Camera(f"haven-eye-{index}", lens)
    node.set_camera_mask(BitMask32.bit(EYE_MASK_BIT))
    camera = parent.attach_new_node(node)
    eye = Eye(index, swapchain, camera)
    buffer = base.win.make_texture_buffer(f"haven-eye-{index}", swapchain.width, swapchain.height,
                                          to_ram=False, fbp=eye_props())
    if buffer is None:
        raise RuntimeError(f"Panda3D could not make a {swapchain.width}x{swapchain.height} buffer for eye {index}")
    buffer.disable_clears()
    buffer.clear_render_textures()
    buffer.set_sort(sort)
    region = buffer.make_display_region(0, 1, 0, 1)
    region.set_camera(camera)
    region.disable_clears()
    region.set_draw_callback(PythonCallbackObject(lambda cbdata: draw(eye, cbdata)))
    eye.buffer = buffer
    return eye
