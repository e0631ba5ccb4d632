"""Benchmarks: synthetic packages made by code, timed stage by stage. Never published."""
