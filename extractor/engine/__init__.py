"""The engine: a ``Document`` in, an ``Extraction`` out (see ``engine.run``).

Kept free of imports so that its parts (candidates, roles, claims, prose)
can be imported on their own without pulling in the whole pipeline.
"""
