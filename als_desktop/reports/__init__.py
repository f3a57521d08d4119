"""The team care plan as a PDF. reportlab is imported only when a plan is drawn."""
