"""chitieu: resolution targets (chỉ tiêu nghị quyết) as open data and a bilingual website.

Only the version lives here, so that `chitieu --help` imports nothing heavy.
"""

__version__ = "0.1.0"
