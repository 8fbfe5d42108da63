"""One visit to a place in the window: the controller for an assembled
session, with its live sound, voice and record (used by the shell and by
``run --frames``)."""
from __future__ import annotations

from engine.app.session import Session


def start_controller(app, world, session: Session, sound: bool, shown: bool = False, ratings: bool | None = None,
                     client: str = "", ask_before: bool = True):
    """The window's controller for this session, with its sound, voice and record."""
    from engine.ui.controller import HavenController
    controller = HavenController(world, session)
    if sound:
        from engine.live.player import LivePlayer
        controller.audio = LivePlayer(session.place, session.place_path).start()
        world.updaters.append(controller.audio.updater(session.clock))
    if session.clips and session.director.timeline is not None:
        from engine.audio.voice_mix import placements
        from engine.live.space import audio_manager
        from engine.live.voice import LiveVoice
        if session.voice_preparer is not None and session.speaks_now():
            session.voice_preparer.start()   # the lines still to make, in order, while earlier ones play
        cues = None
        if session.settings.breath_voice:   # soft "in" / "out" with the breathing light
            from engine.voice.breath_cues import cue_clips
            cues = cue_clips()
        controller.voice = LiveVoice(audio_manager(app), placements(session.director.timeline, session.clips),
                                     preparer=session.voice_preparer, cues=cues, log=session.director.log,
                                     cues_on=lambda: session.settings.breath_voice,
                                     speaks=session.speaks_now if session.ladder_voice else None)
        controller.voice_clips = session.clips
    if ratings is not None:   # tests ask for ratings explicitly
        session.prefs.value = session.settings.model_copy(update={"ask_ratings": ratings})
    place, practice = session.place, session.practice
    controller.setup_session(place.name, practice.name if practice else None, shown=shown, client=client,
                             ask_before=ask_before, option=session.option or "")
    import atexit
    atexit.register(controller.end_session)   # a window closed by the system still closes the record
    return controller
