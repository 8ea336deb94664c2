"""Make the adult-income companions PETsARD's tutorials use, once, from the bundled data.

    .venv/bin/python scripts/make_benchmark_datasets.py

adult-income_ori / _control: a fixed 80/20 split of adult-income's rows (seed 42), each
row written exactly as in the original file. adult-income_syn: as many rows as ori, drawn by
petsard's default synthesizer fitted on ori (seed 42), written in the same form ('?' for
missing). The files are committed; this script records how they were made.
"""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import numpy as np

from petsard.loader.file_loader import FileLoader
from petsard.schema.casting import conform
from petsard.synthesizer.default import DefaultSynthesizer

HERE = Path(__file__).parents[1] / "petsard" / "datasets"
SEED = 42
CONTROL_SHARE = 0.2


def write_gzip(path: Path, text: str) -> None:
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0,
                                                  filename="") as packed:
        packed.write(text.encode("utf-8"))


def main() -> None:
    lines = gzip.decompress((HERE / "adult-income.csv.gz").read_bytes()).decode().splitlines()
    header, rows = lines[0], lines[1:]
    rng = np.random.default_rng(SEED)
    control = set(rng.choice(len(rows), size=round(len(rows) * CONTROL_SHARE), replace=False))
    ori = [row for i, row in enumerate(rows) if i not in control]
    held = [row for i, row in enumerate(rows) if i in control]
    write_gzip(HERE / "adult-income_ori.csv.gz", "\n".join([header, *ori]) + "\n")
    write_gzip(HERE / "adult-income_control.csv.gz", "\n".join([header, *held]) + "\n")

    data, schema = FileLoader(filepath=str(HERE / "adult-income_ori.csv.gz"),
                              na_values="?").load("adult-income_ori")
    synthesizer = DefaultSynthesizer()
    synthesizer.fit(data, schema, SEED)
    synthetic = conform(synthesizer.sample(len(data), SEED), data.dtypes, schema)
    buffer = io.StringIO()
    synthetic.to_csv(buffer, index=False, na_rep="?")
    write_gzip(HERE / "adult-income_syn.csv.gz", buffer.getvalue())
    print(f"ori {len(ori)} rows, control {len(held)} rows, syn {len(synthetic)} rows")


if __name__ == "__main__":
    main()
