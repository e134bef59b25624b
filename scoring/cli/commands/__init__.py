"""Subcommands of ``jixiao``: each module defines ``register(subparsers)``.

``register`` adds a subparser and sets ``handler`` to a function ``(argparse.Namespace) -> int``.
"""
