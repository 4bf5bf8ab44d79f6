"""The one base of the errors service functions raise when they refuse a step."""

from __future__ import annotations


class ServiceError(Exception):
    """A refused step, with one or more messages in Vietnamese for the person who tried it;
    nothing was changed. `message` joins them for one line, `messages` lists them."""

    def __init__(self, *messages: str) -> None:
        super().__init__("; ".join(messages))
        self.messages = list(messages)
        self.message = " ".join(messages)
