"""The modules a config may name, in the order they run whatever the YAML's key order."""

MODULE_ORDER = (
    "Loader", "Splitter", "Preprocessor", "Synthesizer", "Postprocessor", "Constrainer",
    "Evaluator", "Describer", "Reporter",
)
