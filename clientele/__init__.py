"""Clientèle: customer master data for French SMEs."""
