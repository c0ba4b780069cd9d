"""Read stage: text, HTML and JSON Lines inputs (files, folders, standard input) to Articles."""

from sitrep.read._clean import clean_text
from sitrep.read._decode import decode, normalise_date
from sitrep.read.html import read_html
from sitrep.read.inputs import SUFFIXES, Inputs, Source, open_inputs, sample_paths
from sitrep.read.jsonl import read_jsonl
from sitrep.read.txt import read_txt

__all__ = [
    "SUFFIXES", "Inputs", "Source", "clean_text", "decode", "normalise_date", "open_inputs", "read_html",
    "read_jsonl", "read_txt", "sample_paths",
]
