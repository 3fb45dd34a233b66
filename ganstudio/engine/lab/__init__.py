"""The 2-D lab view's layer names, apart from lab_frame.py (which imports torch) so the command
line and the window can name them before torch has loaded."""

LAYERS = ("real", "fake", "heatmap", "arrows", "manifold", "noise", "divergence")
COMPUTED = ("heatmap", "arrows", "manifold", "noise", "divergence")  # real / fake need no work here
