"""Inputs: bytes in, one prepared article out (read, decode, normalize, prepare)."""
