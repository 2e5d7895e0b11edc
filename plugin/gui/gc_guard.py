"""Keeps CPython's full garbage collections from scanning 100 000 results (see ResultsGcGuard)."""

from __future__ import annotations

import gc


class ResultsGcGuard:
    """Keeps CPython's full (generation 2) collections from scanning 100 000 results.

    While a search streams results, full collections are put off (a raised gen-2 threshold);
    when it ends, what is alive is frozen once, so that later full collections skip the
    results; clearing the results unfreezes it. Freezing is process-wide, so it never outlives
    the results it was for: a garbage cycle frozen with them becomes collectable again.
    """

    GEN2_THRESHOLD_WHILE_SEARCHING = 1_000_000

    def __init__(self) -> None:
        self._saved_threshold: tuple[int, int, int] | None = None
        self._frozen = False

    def search_started(self) -> None:
        self.release()
        self._saved_threshold = gc.get_threshold()
        young, middle, _old = self._saved_threshold
        gc.set_threshold(young, middle, self.GEN2_THRESHOLD_WHILE_SEARCHING)

    def search_ended(self) -> None:
        if self._saved_threshold is None:
            return
        gc.set_threshold(*self._saved_threshold)
        self._saved_threshold = None
        gc.freeze()
        self._frozen = True

    def release(self) -> None:
        """The results are gone (or about to be): back to the normal collector."""
        if self._saved_threshold is not None:
            gc.set_threshold(*self._saved_threshold)
            self._saved_threshold = None
        if self._frozen:
            gc.unfreeze()
            self._frozen = False
