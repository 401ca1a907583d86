#!/usr/bin/env python3
"""Decrypts a Clientele backup file (format 1) with standard libraries only, following
docs/FORMAT.md, and prints the payload JSON. Needs argon2-cffi and cryptography
(Debian: python3-argon2, python3-cryptography).

    python3 docs/decrypt_backup_v1.py tests/vectors/backup-v1.clbk "correct horse battery staple"
"""
import sys
import zlib

from argon2.low_level import Type, hash_secret_raw
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

data = open(sys.argv[1], "rb").read()
passphrase = sys.argv[2].encode("utf-8")

assert data[0:8] == b"CLTBACKP", "not a Clientele backup"
assert int.from_bytes(data[8:10], "little") == 1 and data[10] == 1, "unknown version or KDF"
assert zlib.crc32(data[:-4]) == int.from_bytes(data[-4:], "little"), "damaged: CRC mismatch"

memory_kib, iterations, parallelism = (int.from_bytes(data[o : o + 4], "little") for o in (11, 15, 19))
salt = data[23:39]
n = data[47]
check_nonce, check = data[48 + n : 60 + n], data[60 + n : 92 + n]
payload_nonce = data[92 + n : 104 + n]
sealed_len = int.from_bytes(data[104 + n : 112 + n], "little")
sealed = data[112 + n : 112 + n + sealed_len]

kek = hash_secret_raw(passphrase, salt, time_cost=iterations, memory_cost=memory_kib,
                      parallelism=parallelism, hash_len=32, type=Type.ID, version=0x13)
aead = AESGCM(kek)
aead.decrypt(check_nonce, check, data[: 48 + n])  # raises on a wrong passphrase
compressed = aead.decrypt(payload_nonce, sealed, data[: 112 + n])
print(zlib.decompress(compressed, -15).decode("utf-8"))  # raw DEFLATE
