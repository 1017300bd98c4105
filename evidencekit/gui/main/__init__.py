"""The main window: cases, the evidence list or grid, and the detail pane."""
