"""The window: patient list, patient header, visit selector, discipline tabs and dialogs."""
