"""User-facing errors: one line that names the culprit (file, key, value)."""


class ModelError(ValueError):
    """A bad model name, parameter, value, scenario or timeline, explained in one line."""
