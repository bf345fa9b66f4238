"""Custom actions of the TTHC assistant (Rasa SDK action server).

When the action server imports this package, the catalogue and its search index (about 2 s
for ~2,650 procedures) start building in the background, so that neither the server's start
nor the first citizen's message waits for all of it.
"""

import threading

from actions.turn import warm_up

threading.Thread(target=warm_up, name="catalogue-warm-up", daemon=True).start()
