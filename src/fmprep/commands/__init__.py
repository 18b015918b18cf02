"""One module per command. Each defines ``command``: it parses its options, calls the core, hands the result to a
view. :mod:`fmprep.cli` registers them by name (``NAMES``), importing only the one being run."""

NAMES = ("quiz", "mock", "topics", "stats", "exam", "optimize", "suspend", "unsuspend", "validate", "backups", "restore",
         "reset", "export", "import", "config", "completion")
