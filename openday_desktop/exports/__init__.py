"""Qt-free document writers: Word (official-document style) and Excel exports."""
