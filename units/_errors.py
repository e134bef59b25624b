"""The errors raised when text cannot be read as a target, an actual or a unit."""

from __future__ import annotations

from typing import TypeVar


class ParseError(ValueError):
    """Text that cannot be read: names the text, the 0-based position and what was expected."""

    def __init__(self, text: str, position: int, expected: str) -> None:
        self.text = text
        self.position = position
        self.expected = expected
        super().__init__(self._message())

    def _message(self) -> str:
        rest = self.text[self.position :]
        found = f"found {rest!r}" if rest else "found the end of the text"
        return (
            f"cannot read {self.text!r} at position {self.position}: "
            f"expected {self.expected}, {found}"
        )

    def __reduce__(self) -> tuple[type[ParseError], tuple[str, int, str]]:
        return (type(self), (self.text, self.position, self.expected))


class UnitMismatch(ParseError):
    """A quantity whose unit cannot be converted into the unit it is compared with."""


Failure = TypeVar("Failure", bound=BaseException)


def detached(failure: Failure) -> Failure:
    """``failure`` without its traceback and the exceptions it was raised during: kept in a
    cache, their frames would keep the callers' locals (whole tables) alive."""
    failure.__context__ = None
    failure.__cause__ = None
    return failure.with_traceback(None)
