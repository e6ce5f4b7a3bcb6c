"""The claims stage: sentences, their context and the typed claims in them."""
from .extract import ClaimExtractor, build_sentences
from .model import CLAIM_TYPES, Claim, Entity, Sentence

__all__ = ["CLAIM_TYPES", "Claim", "ClaimExtractor", "Entity", "Sentence", "build_sentences"]
