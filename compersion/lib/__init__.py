"""Shared plumbing for every app: pure helpers that import no app."""
