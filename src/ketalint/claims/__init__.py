"""The claims stage: sentences, their context and the typed claims in them.

``model`` holds the data types; ``extract`` builds them from analysed text.
The names below are the vocabulary rule packs use; they live here so that
loading a rule pack does not import the stage itself.
"""

#: Claim types, as the lexicon's ``claims`` section names their cues.
CLAIM_TYPES = ("regulatory", "efficacy", "safety", "mechanism", "comparison",
               "statistic", "study")

#: Modifier kinds a rule may name in ``unless``; ``cited`` is citation coverage
#: (sentence, paragraph or list lead-in), ``cited-in-sentence`` a source in the
#: sentence itself, ``quoted`` a speaker's words in quotation marks in a
#: paragraph that names the speaker ("..., she said"), ``other-treatment`` a
#: claim whose subject is another treatment the page names ("ECT is one of the
#: safest procedures") in a sentence that names no product of the pack.
MODIFIER_KINDS = ("negated", "hedged", "restricted", "attributed", "evidence-appeal", "question", "cited",
                  "cited-in-sentence", "quoted", "other-treatment")
