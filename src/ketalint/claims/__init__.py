"""The claims stage: sentences, their context and the typed claims in them.

``model`` holds the data types (cheap to import, used by rule loading);
``extract`` builds them from analysed text.
"""
