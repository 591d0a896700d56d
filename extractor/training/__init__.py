"""Training and evaluation: corpus loading, variants, train, evaluate."""
