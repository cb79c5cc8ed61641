"""Writers: a rendered document → files on disk."""
