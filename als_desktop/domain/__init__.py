"""The clinic's vocabulary and plausible input ranges: plain Python, shared by every layer."""
