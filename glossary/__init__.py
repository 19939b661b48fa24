"""Bitext → term pairs → versioned termbase → lookup, exports, QA."""
