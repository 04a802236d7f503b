"""The classroom game: students lead states, each knowing only what its state knows.

- :class:`Game`: seats, turns, moves, stated beliefs and messages around one engine world
  (:mod:`herz.game.game`);
- :class:`GameConfig`: what the teacher decides (:mod:`herz.game.config`);
- :mod:`herz.game.moves`: a move checked against the seat's repertoire and budget;
- :mod:`herz.game.views`: what a player and the projector may see;
- :mod:`herz.game.store`: games kept in the web app's SQLite database;
- :mod:`herz.game.debrief`: motives revealed, the narratives of "who started it", stated
  beliefs against the truth, and the game against simulated histories.
"""

from herz.game.config import ACTIONS, GameConfig, parse_config
from herz.game.game import Forbidden, Game

__all__ = ["ACTIONS", "Forbidden", "Game", "GameConfig", "parse_config"]
