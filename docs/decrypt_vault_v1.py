#!/usr/bin/env python3
"""Decrypts the frozen vault-format-1 vector with standard libraries only, as a stranger
following docs/FORMAT.md would. Needs: pip install argon2-cffi cryptography

    python3 docs/decrypt_vault_v1.py tests/vectors/vault-v1.txt
"""
import sys

from argon2.low_level import Type, hash_secret_raw
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

fields = {}
for line in open(sys.argv[1], encoding="utf-8"):
    if line.strip() and not line.startswith("#"):
        name, _, value = line.rstrip("\n").partition(" ")
        fields[name] = value

header = bytes.fromhex(fields["HEADER"])
record = bytes.fromhex(fields["RECORD"])
record_id = fields["RECORD_ID"].encode("utf-8")

assert header[0:8] == b"CLTVAULT" and int.from_bytes(header[8:10], "little") == 1 and header[10] == 1
memory_kib, iterations, parallelism = (int.from_bytes(header[o : o + 4], "little") for o in (11, 15, 19))
salt, wrap_nonce, wrapped_key = header[23:39], header[39:51], header[51:99]

kek = hash_secret_raw(
    fields["PASSPHRASE"].encode("utf-8"), salt,
    time_cost=iterations, memory_cost=memory_kib, parallelism=parallelism,
    hash_len=32, type=Type.ID, version=0x13,
)
data_key = AESGCM(kek).decrypt(wrap_nonce, wrapped_key, header[0:39])

envelope_version, kind, nonce, sealed = record[0], record[1], record[2:14], record[14:]
associated_data = b"CLTREC" + (1).to_bytes(2, "little") + bytes([kind]) + record_id
print(AESGCM(data_key).decrypt(nonce, sealed, associated_data).decode("utf-8"))
