"""python -m caregap.generate: regenerate the bundled datasets, or write a large one for benchmarks."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from caregap.generate import DATASETS, FORMATS, write
from caregap.paths import DATA_DIR, ROOT


def _parser() -> argparse.ArgumentParser:
    """Command-line options."""
    parser = argparse.ArgumentParser(
        prog="python -m caregap.generate",
        description="Without options, regenerate the four bundled datasets into data/.",
    )
    parser.add_argument("--dataset", choices=list(DATASETS), help="one dataset only")
    parser.add_argument("--respondents", type=int, help="number of respondents (consumer surveys only)")
    parser.add_argument("--format", choices=FORMATS, default="csv", help="file format (default csv)")
    parser.add_argument("--out", help="output folder (relative paths are inside the project)")
    parser.add_argument("--id", dest="as_id", help="dataset id to write in metadata.json (e.g. northridge_10m)")
    return parser


def _out_dir(args: argparse.Namespace, dataset_id: str) -> Path:
    """Where to write: --out (resolved from the project root), else data/<dataset>."""
    if args.out is None:
        return DATA_DIR / dataset_id
    out = Path(args.out)
    return out if out.is_absolute() else ROOT / out


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    if args.dataset is None and (args.respondents or args.out):
        parser.error("--respondents and --out need --dataset")
    if args.respondents is not None and args.out is None:
        parser.error("--respondents needs --out (the bundled data keeps its bundled size)")
    if args.as_id and args.out is None:
        parser.error("--id needs --out (the bundled data keeps its bundled ids)")
    for dataset_id in [args.dataset] if args.dataset else list(DATASETS):
        out = _out_dir(args, dataset_id)
        try:
            write(dataset_id, out, args.respondents, args.format, args.as_id)
        except ValueError as err:
            parser.error(str(err))
        print(f"wrote {dataset_id} to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
