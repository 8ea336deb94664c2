"""PETsARD's Python API: the module classes its documentation shows (``from petsard import
Loader``...), each a thin layer over the methods the YAML config runs, so a notebook written
for PETsARD moves over and finds the same checks, names and results."""

from petsard.api.constrainer import Constrainer
from petsard.api.describer import Describer
from petsard.api.evaluator import Evaluator
from petsard.api.loader import Loader
from petsard.api.processor import Processor
from petsard.api.reporter import Reporter
from petsard.api.splitter import Splitter
from petsard.api.synthesizer import Synthesizer

__all__ = ["Constrainer", "Describer", "Evaluator", "Loader", "Processor", "Reporter",
           "Splitter", "Synthesizer"]
