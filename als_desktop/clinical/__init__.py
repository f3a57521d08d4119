"""Clinical logic as pure, typed functions: no Qt, no SQL.

Each threshold lives here once, next to its source (see ../shared/clinical-reference.md);
screens and reports show that source beside every result they derive from it.
"""
