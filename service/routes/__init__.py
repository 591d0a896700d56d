"""HTTP routes, one module per area; all versioned under /v1 except health."""
