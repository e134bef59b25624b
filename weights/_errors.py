"""The one error a weighting scheme raises."""

from __future__ import annotations


class SchemeError(ValueError):
    """A scheme that cannot be loaded: names the file (``path``) and the key path (``key``).

    ``str(error)`` reads ``weights/schemes/x.toml: weights.level1: weights add up to 95 …``;
    ``key`` is ``""`` when the problem is the file as a whole (missing, not TOML).
    """

    def __init__(self, path: str, key: str, message: str) -> None:
        self.path = path
        self.key = key
        self.message = message
        where = f"{path}: {key}: " if key else f"{path}: "
        super().__init__(where + message)


class KeyedError(ValueError):
    """Raised inside a model validator to say which key below the model is wrong."""

    def __init__(self, key: str, message: str) -> None:
        self.key = key
        self.message = message
        super().__init__(message)
