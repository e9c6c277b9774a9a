"""Stage ``text``: normalization, sentences and clitic-split tokens, all with original offsets."""
from rasd.text.clitics import split_clitics
from rasd.text.normalize import Normalized, normalize, normalize_key, normalize_with_offsets
from rasd.text.sentences import split_sentences
from rasd.text.tokens import tokenize

__all__ = ["Normalized", "normalize", "normalize_key", "normalize_with_offsets", "split_clitics",
           "split_sentences", "tokenize"]
