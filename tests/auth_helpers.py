"""Shared by the account tests: Argon2 with the library's cheapest parameters, so that dozens of
sign-ins stay fast (the stored hash is still Argon2id; the real parameters are the library's)."""

import pytest
from argon2 import PasswordHasher

import analysis.auth.passwords as passwords


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch):
    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    monkeypatch.setattr(passwords, "hasher", lambda: cheap)
    passwords._dummy_hash.cache_clear()
    yield
    passwords._dummy_hash.cache_clear()
