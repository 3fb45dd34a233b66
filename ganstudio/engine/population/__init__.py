"""Many GANs at once: K members of one architecture trained by one batched step (population.py),
their stacked networks and optimizers (stacked.py, optim.py), and sweeps of them (sweep.py)."""
