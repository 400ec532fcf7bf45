"""The real-engine benchmark (make bench): run.py orchestrates; measure, floor and scale do one thing each."""
