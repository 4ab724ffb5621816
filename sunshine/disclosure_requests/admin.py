"""Admin: nothing of its own. Cases change through the staff pages' transitions; the offices' letter templates are
the kernel's document templates (文书模板, `sunshine.documents`: kind "disclosure_requests.<kind>", variant = the
reply's outcome)."""
