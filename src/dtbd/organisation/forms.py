from dtbd.core.forms import AsOfForm

__all__ = ["AsOfForm"]
