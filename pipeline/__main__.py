"""``python -m pipeline`` runs the ``misinfo`` command."""

from .cli import main

main(prog_name="misinfo")
