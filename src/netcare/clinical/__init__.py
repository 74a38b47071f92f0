"""netcare.clinical — the pure clinical rules core (no Django, no I/O).

Every rule names its section of `shared/clinical/REFERENCE.md` in its docstring.
"""

from netcare.clinical.errors import ClinicalInputError

__all__ = ["ClinicalInputError"]
