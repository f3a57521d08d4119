"""One module per discipline tab, all built on `base.DisciplineTab`."""

from .base import TAB_ORDER, DisciplineTab, TabHost, build_tab

__all__ = ["TAB_ORDER", "DisciplineTab", "TabHost", "build_tab"]
