"""thidua: Đề án 06 emulation campaigns and the commune DTI, end to end."""

__version__ = "0.1.0"
