"""rasd's own Arabic named-entity recognizer (CRF; see ``rasd/ner/model/README.md``)."""
from rasd.ner.recognizer import load, recognize, tag_tokens

__all__ = ["load", "recognize", "tag_tokens"]
