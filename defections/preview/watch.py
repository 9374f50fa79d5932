"""Watching the project for saves, with watchdog's file-system events (not livereload's polling)."""

from __future__ import annotations

from pathlib import Path

from watchdog import events
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

from .loop import Preview

WATCHED = ("content", "seeds", "templates")


class _Events(events.FileSystemEventHandler):
    """Watchdog handler: the project files that changed, relative to the root."""

    def __init__(self, preview: Preview):
        self.preview = preview

    def dispatch(self, event: events.FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        if event.is_directory and event.event_type == "modified":
            return  # what changed in the folder comes as events of its own; the folder would mean a full load
        paths = set()
        for attribute in ("src_path", "dest_path"):
            raw = getattr(event, attribute, "")
            if raw:
                path = Path(raw if isinstance(raw, str) else raw.decode())
                try:
                    relative = path.absolute().relative_to(self.preview.root).as_posix()
                except ValueError:
                    continue
                if relative.split("/", 1)[0] in WATCHED and not _ignored(path.name):
                    paths.add(relative)
        if paths:
            self.preview.changed(paths, "folder" if event.is_directory else event.event_type)


def _ignored(name: str) -> bool:
    """Editors' temporary and backup files."""
    return name.endswith(("~", ".swp", ".swx", ".tmp", ".partial")) or name.startswith(".#") or name == "4913"


def watch(preview: Preview) -> BaseObserver:
    """Start watching the project's folders; stop() the observer given back to stop."""
    observer = Observer()
    handler = _Events(preview)
    # Changes only: were files opened and read to be watched too, each build's own reads of the
    # templates would wake the watcher's thread dozens of times, and every wake-up takes the
    # interpreter from the build for a moment (it made a rebuild at 10,000 people twice as slow).
    changes = [events.FileCreatedEvent, events.FileModifiedEvent, events.FileClosedEvent, events.FileDeletedEvent,
               events.FileMovedEvent, events.DirCreatedEvent, events.DirModifiedEvent, events.DirDeletedEvent,
               events.DirMovedEvent]
    for folder in WATCHED:
        if (preview.root / folder).is_dir():
            observer.schedule(handler, str(preview.root / folder), recursive=True, event_filter=changes)
    observer.daemon = True
    observer.start()
    return observer
