"""Candidate claims found in plain text: clauses, figures and their bounds, attributions.

Text in, candidates out: nothing here touches the database or the claims app.
"""

from extraction.clauses import find_candidates
from extraction.sentences import sentences

__all__ = ["find_candidates", "sentences"]
