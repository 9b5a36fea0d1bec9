"""Passwords are hashed with the declared Argon2id parameters (data/settings.toml
[security.argon2]); a hash made with other parameters still signs in and is marked to be re-made."""

from __future__ import annotations

from argon2 import PasswordHasher

import analysis.auth.passwords as passwords


def test_a_new_hash_carries_the_declared_parameters() -> None:
    passwords.hasher.cache_clear()
    stored = passwords.hash_password("รหัสผ่านยาวพอ-2567")
    # OWASP's configuration as declared: 19 MiB, 2 iterations, 1 lane
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert passwords.verify_password(stored, "รหัสผ่านยาวพอ-2567")
    assert not passwords.verify_password(stored, "รหัสผ่านยาวพอ-2568")
    assert not passwords.needs_rehash(stored)


def test_a_hash_made_with_the_librarys_defaults_still_signs_in_and_is_re_made() -> None:
    passwords.hasher.cache_clear()
    earlier = PasswordHasher().hash("รหัสผ่านยาวพอ-2567")  # what the previous release stored
    assert earlier.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert passwords.verify_password(earlier, "รหัสผ่านยาวพอ-2567")
    assert passwords.needs_rehash(earlier)
