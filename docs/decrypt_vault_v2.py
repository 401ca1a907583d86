#!/usr/bin/env python3
"""Decrypts and checks the frozen vault-format-2 vector with standard libraries only, as a
stranger following docs/FORMAT.md would. Needs argon2-cffi and cryptography
(Debian: apt-get install python3-argon2 python3-cryptography).

    python3 docs/decrypt_vault_v2.py tests/vectors/vault-v2.txt

Exits 0 when every check passes, 1 with a message on the first failure. Never prints a key.
"""
import hashlib
import json
import os
import sys
import unicodedata
from datetime import datetime, timedelta

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def u16(b, o):
    return int.from_bytes(b[o : o + 2], "little")


def u32(b, o):
    return int.from_bytes(b[o : o + 4], "little")


# ---------------------------------------------------------------- vector file

def read_vector(path):
    fields = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            name, _, value = line.partition(" ")
            check(name not in fields, f"vector: {name} appears twice")
            fields[name] = value
    return fields


# ---------------------------------------------------------------- header (FORMAT.md "Vault header, format 2")

class HeaderError(Failure):
    def __init__(self, code, message):
        super().__init__(f"header: {message}")
        self.code = code


def parse_header(h):
    """Applies "Rules when reading a header", in order, before any key is derived."""
    # 1. magic
    if len(h) < 8 or h[0:8] != b"CLTVAULT":
        raise HeaderError("not-a-vault", "not a Clientele vault")
    # 2. newer version (a header of 8 or 9 bytes has no readable version: damaged, rule 3)
    if len(h) < 10:
        raise HeaderError("damaged", "damaged header (too short to hold a version)")
    version = u16(h, 8)
    if version > 2:
        raise HeaderError("newer", f"written by a newer Clientele (format {version})")
    # 3. damaged
    if version == 0 or len(h) < 99:
        raise HeaderError("damaged", "damaged header")
    if version == 1:
        if len(h) != 99:
            raise HeaderError("damaged", "damaged header (format 1 is exactly 99 bytes)")
    else:
        if len(h) < 131:
            raise HeaderError("damaged", "damaged header (format 2 is at least 131 bytes)")
        state_len = u32(h, 111)
        if state_len < 16 or len(h) != 115 + state_len:
            raise HeaderError("damaged", "damaged header (length is not 115 + L)")
    # 4. KDF
    if h[10] != 1:
        raise HeaderError("unknown-kdf", f"unknown key derivation {h[10]}")
    m, t, p = u32(h, 11), u32(h, 15), u32(h, 19)
    # 5. ceiling
    if m > 262144 or t > 10 or p > 4:
        raise HeaderError("unreasonable", f"Argon2 parameters m={m} t={t} p={p} refused as unreasonable")
    # 6. floor
    if m < 19456 or t < 2 or p == 0:
        raise HeaderError("too-weak", f"Argon2 parameters m={m} t={t} p={p} refused as too weak")
    if version == 1:
        raise HeaderError("format-1", "a format-1 vault: use docs/decrypt_vault_v1.py")
    return {
        "version": version, "m": m, "t": t, "p": p,
        "salt": h[23:39], "wrap_nonce": h[39:51], "wrapped_key": h[51:99],
        "state_nonce": h[99:111], "sealed_state": h[115:],
    }


def header_rule_selftest(good):
    """Each rule of "Rules when reading a header" gives its own error, before any key work."""
    def with_bytes(offset, value):
        return good[:offset] + value + good[offset + len(value):]

    def with_state_len(n):
        return with_bytes(111, n.to_bytes(4, "little"))

    cases = [
        (b"", "not-a-vault"),
        (b"CLTVAUL", "not-a-vault"),
        (b"CLTBACKP" + good[8:], "not-a-vault"),
        (good[:9], "damaged"),
        (with_bytes(8, (3).to_bytes(2, "little"))[:20], "newer"),   # newer wins over truncation
        (with_bytes(8, (0).to_bytes(2, "little")), "damaged"),
        (good[:98], "damaged"),
        (with_bytes(8, (1).to_bytes(2, "little")), "damaged"),   # a v1 header of 434 bytes
        (good[:130], "damaged"),
        (good[:-1], "damaged"),
        (good + b"\0", "damaged"),
        (with_state_len(15)[:115 + 15], "damaged"),
        (with_bytes(10, b"\x02"), "unknown-kdf"),
        (with_bytes(11, (262145).to_bytes(4, "little")), "unreasonable"),
        (with_bytes(15, (11).to_bytes(4, "little")), "unreasonable"),
        (with_bytes(19, (5).to_bytes(4, "little")), "unreasonable"),
        (with_bytes(11, (19455).to_bytes(4, "little")), "too-weak"),
        (with_bytes(15, (1).to_bytes(4, "little")), "too-weak"),
        (with_bytes(19, (0).to_bytes(4, "little")), "too-weak"),
        (with_bytes(8, (1).to_bytes(2, "little"))[:99], "format-1"),
    ]
    for i, (h, expected) in enumerate(cases):
        try:
            parse_header(h)
            got = "accepted"
        except HeaderError as e:
            got = e.code
        check(got == expected, f"header rule self-test {i}: expected {expected}, got {got}")
    return len(cases)


# ---------------------------------------------------------------- keys

def derive_kek(password, hdr):
    return hash_secret_raw(
        password, hdr["salt"],
        time_cost=hdr["t"], memory_cost=hdr["m"], parallelism=hdr["p"],
        hash_len=32, type=Type.ID, version=0x13,
    )


def unwrap(header, hdr, passphrase):
    """NFC first, then the raw bytes as typed (FORMAT.md "Keys", Normalization)."""
    nfc = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    raw = passphrase.encode("utf-8")
    for password in (nfc,) if nfc == raw else (nfc, raw):
        kek = derive_kek(password, hdr)
        try:
            data_key = AESGCM(kek).decrypt(hdr["wrap_nonce"], hdr["wrapped_key"], header[0:39])
            return kek, data_key, password == nfc
        except InvalidTag:
            continue
    raise Failure("key wrap: wrong passphrase or tampered header")


def open_state(header, hdr, data_key):
    try:
        plain = AESGCM(data_key).decrypt(hdr["state_nonce"], hdr["sealed_state"], b"CLTSTATE" + header[0:99])
    except InvalidTag:
        raise Failure("state: fails its tag check: the header was altered")
    try:
        state = json.loads(plain.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise Failure("state: does not parse: the header was altered")
    return plain, state


# ---------------------------------------------------------------- envelopes (FORMAT.md "Record envelope, version 2")

def parse_envelope(stored):
    check(len(stored) >= 22 + 16, f"envelope: {len(stored)} bytes, too short")
    check(stored[0] == 2, f"envelope: version {stored[0]}, expected 2")
    return {
        "version": stored[0], "kind": stored[1],
        "revision": int.from_bytes(stored[2:10], "little"),
        "nonce": stored[10:22], "sealed": stored[22:],
    }


def record_ad(env, record_id):
    return (b"CLTREC" + bytes([env["version"], env["kind"]])
            + env["revision"].to_bytes(8, "little") + record_id.encode("utf-8"))


def open_envelope(data_key, stored, record_id):
    env = parse_envelope(stored)
    return AESGCM(data_key).decrypt(env["nonce"], env["sealed"], record_ad(env, record_id))


def seal_envelope(data_key, kind, revision, record_id, plaintext, nonce):
    env = {"version": 2, "kind": kind, "revision": revision}
    sealed = AESGCM(data_key).encrypt(nonce, plaintext, record_ad(env, record_id))
    return bytes([2, kind]) + revision.to_bytes(8, "little") + nonce + sealed


def classify(data_key, stored, reference, record_id):
    """FORMAT.md "The record set is tamper-evident": ok, missing, rolled back, mismatch, or
    failed its integrity check (tried before reporting rolled back or mismatch)."""
    if stored is None:
        return "missing"
    try:
        env = parse_envelope(stored)
    except Failure:
        return "failed its integrity check"
    digest = hashlib.sha256(stored).hexdigest()
    if (digest == reference["sha256"] and env["kind"] == reference["kind"]
            and env["revision"] == reference["revision"]):
        return "ok"
    verdict = "rolled back" if env["revision"] < reference["revision"] else "mismatch"
    try:
        open_envelope(data_key, stored, record_id)
    except InvalidTag:
        return "failed its integrity check"
    return verdict


def check_reference(reference, where):
    check(isinstance(reference, dict), f"{where}: reference is not an object")
    check(isinstance(reference.get("kind"), int), f"{where}: reference kind")
    check(isinstance(reference.get("revision"), int) and reference["revision"] >= 1, f"{where}: reference revision")
    sha = reference.get("sha256")
    check(isinstance(sha, str) and len(sha) == 64 and all(c in "0123456789abcdef" for c in sha),
          f"{where}: reference sha256 is not 64 lowercase hex digits")


def open_named(data_key, stored, reference, record_id, expected_kind, expected_plaintext):
    check_reference(reference, record_id)
    check(reference["kind"] == expected_kind, f"{record_id}: reference names kind {reference['kind']}, expected {expected_kind}")
    verdict = classify(data_key, stored, reference, record_id)
    check(verdict == "ok", f"{record_id}: {verdict}")
    try:
        plain = open_envelope(data_key, stored, record_id)
    except InvalidTag:
        raise Failure(f"{record_id}: matches its reference but fails its tag check")
    check(plain == expected_plaintext, f"{record_id}: plaintext differs from the vector")
    try:
        return json.loads(plain.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise Failure(f"{record_id}: plaintext does not parse: {e}")


# ---------------------------------------------------------------- JSON helpers

def instant(text, where):
    check(isinstance(text, str) and text.endswith("Z"), f"{where}: {text!r} is not an RFC 3339 UTC instant")
    try:
        return datetime.fromisoformat(text[:-1] + "+00:00")
    except ValueError:
        raise Failure(f"{where}: {text!r} is not an RFC 3339 UTC instant")


def client_view(client):
    """A client with every empty field filled in (FORMAT.md Conventions, Empty values)."""
    c = dict(client)
    for name in ("legal_name", "alias", "gender", "language", "preferences", "boundaries", "alert", "notes"):
        c.setdefault(name, "")
    for name in ("phones", "emails", "messengers", "tags", "visits", "interactions", "follow_ups"):
        c.setdefault(name, [])
    c.setdefault("custom", {})
    c.setdefault("birthday", None)
    c.setdefault("trashed", None)
    c.setdefault("status", "Active")
    c.setdefault("source", {"kind": "Unknown", "referred_by": None, "detail": ""})
    c.setdefault("address", {})
    c["address"] = {k: c["address"].get(k, "") for k in ("street", "city", "postcode", "region", "country")}
    c.setdefault("consent", {})
    consent = dict(c["consent"])
    consent.setdefault("data", None)
    consent["marketing"] = {k: consent.get("marketing", {}).get(k, False) for k in ("sms", "email", "messenger", "phone")}
    c["consent"] = consent
    visits = []
    for v in c["visits"]:
        v = dict(v)
        for name in ("location", "feedback", "private_note"):
            v.setdefault(name, "")
        v.setdefault("satisfaction", None)
        visits.append(v)
    c["visits"] = visits
    c["follow_ups"] = [dict(f, done=f.get("done", False)) for f in c["follow_ups"]]
    return c


# ---------------------------------------------------------------- main

def run(path):
    f = read_vector(path)
    header = bytes.fromhex(f["HEADER"])

    # Header rules, then the header itself.
    n_rules = header_rule_selftest(header)
    hdr = parse_header(header)
    check(hdr["m"] == 19456 and hdr["t"] == 2 and hdr["p"] == 1, "header: vector parameters are not m=19456 t=2 p=1")

    # Keys.
    kek, data_key, used_nfc = unwrap(header, hdr, f["PASSPHRASE"])
    check(used_nfc, "key wrap opened only with the raw (non-NFC) passphrase")
    check(kek == bytes.fromhex(f["KEK"]), "KEK differs from the vector")
    check(data_key == bytes.fromhex(f["DATA_KEY"]), "data key differs from the vector")

    # State.
    state_plain, state = open_state(header, hdr, data_key)
    check(state_plain == f["STATE_PLAINTEXT"].encode("utf-8"), "state plaintext differs from the vector")
    check(state.get("schema") == 1, f"state: schema {state.get('schema')}, expected 1")
    book = state.get("book")
    check(isinstance(book, str) and len(book) == 32 and all(c in "0123456789abcdef" for c in book), "state: book")
    generation = state.get("generation", 0)
    check(isinstance(generation, int) and generation >= 0, "state: generation")
    names = state.get("records", {})
    check(isinstance(names, dict), "state: records is not a map")

    # The index store of the vector: the shard and the settings.
    shard_id = f["SHARD_ID"]
    index = {shard_id: bytes.fromhex(f["SHARD_RECORD"]), "settings": bytes.fromhex(f["SETTINGS_RECORD"])}
    clients_store = {f["CLIENT_ID"]: bytes.fromhex(f["CLIENT_RECORD"])}
    unknown = sorted(set(index) - set(names))
    check(not unknown, f"index: unknown records {unknown}")
    for record_id, reference in names.items():
        check_reference(reference, f"state records[{record_id}]")
        check(reference["revision"] <= generation, f"state: {record_id} revision above the generation")
        check(record_id in index, f"{record_id}: missing")

    settings = open_named(data_key, index["settings"], names["settings"], "settings", 2,
                          f["SETTINGS_PLAINTEXT"].encode("utf-8"))
    check(settings.get("schema") == 1, "settings: schema")
    shard = open_named(data_key, index[shard_id], names[shard_id], shard_id, 4,
                       f["SHARD_PLAINTEXT"].encode("utf-8"))
    check(shard.get("schema") == 1, "shard: schema")

    # Shard number and its clients.
    check(len(shard_id) == 8 and shard_id.startswith("shard-") and all(c in "0123456789abcdef" for c in shard_id[6:]),
          f"{shard_id}: not shard- and two lowercase hex digits")
    check(shard.get("shard") == int(shard_id[6:], 16), f"{shard_id}: shard field {shard.get('shard')} differs from the id")
    summaries = shard.get("clients", [])
    tombstones = shard.get("deleted", [])
    ids = [s["client"]["id"] for s in summaries]
    check(ids == sorted(ids), f"{shard_id}: summaries not in client id order")
    check([t["id"] for t in tombstones] == sorted(t["id"] for t in tombstones), f"{shard_id}: tombstones not in id order")
    for client_id in ids:
        first = hashlib.sha256(client_id.encode("utf-8")).digest()[0]
        check(first == shard.get("shard"), f"{client_id}: first byte of SHA-256 is {first:02x}, not in {shard_id}")

    client_id = f["CLIENT_ID"]
    check(client_id in ids, f"{client_id}: not named by {shard_id}")
    check(client_id not in {t["id"] for t in tombstones}, f"{client_id}: named by a tombstone")
    check(set(clients_store) <= set(ids), "clients: unknown records")
    check(hashlib.sha256(client_id.encode()).digest()[0] == 0x3E, "client id does not fall in shard 3e")
    summary = summaries[ids.index(client_id)]

    # The client's whole record, checked against the shard summary's reference.
    client_stored = clients_store[client_id]
    client = open_named(data_key, client_stored, summary["record"], client_id, 1,
                        f["CLIENT_PLAINTEXT"].encode("utf-8"))
    check(client.get("schema") == 2, f"client: schema {client.get('schema')}")
    check(client.get("id") == client_id, "client: id differs from the record id")
    full = client_view(client)

    # window_from: every visit starting at or after it is in the summary; the summary's client
    # is the whole client with older visits, done follow-ups and interactions left out.
    window_from = instant(summary["window_from"], "window_from")
    in_window = [v for v in full["visits"] if instant(v["start"], "visit start") >= window_from]
    brief = client_view(summary["client"])
    check(brief["visits"] == in_window, "summary: visits are not exactly those at or after window_from")
    check(brief["interactions"] == [], "summary: interactions are not empty")
    check(brief["follow_ups"] == [x for x in full["follow_ups"] if not x["done"]], "summary: follow-ups are not the open ones")
    rest = lambda c: {k: v for k, v in c.items() if k not in ("visits", "interactions", "follow_ups")}
    check(rest(brief) == rest(full), "summary: client differs from the whole record")
    check(window_from == instant(full["updated"], "updated") - timedelta(days=8),
          "summary: window_from is not 8 days before the client's last update")

    # stats over the whole history.
    stats = summary.get("stats", {})
    completed = [v for v in full["visits"] if v["outcome"] == "Completed"]
    paid = {}
    for v in full["visits"]:
        paid[v["currency"]] = paid.get(v["currency"], 0) + v["paid"]
    paid = {k: v for k, v in paid.items() if v}
    starts = sorted(instant(v["start"], "visit start") for v in completed)
    expected_stats = {
        "completed": len(completed),
        "no_shows": sum(v["outcome"] == "NoShow" for v in full["visits"]),
        "cancellations": sum(v["outcome"] == "Cancelled" for v in full["visits"]),
        "paid": paid,
        "first_visit": starts[0] if starts else None,
        "last_visit": starts[-1] if starts else None,
    }
    got_stats = {
        "completed": stats.get("completed", 0), "no_shows": stats.get("no_shows", 0),
        "cancellations": stats.get("cancellations", 0), "paid": stats.get("paid", {}),
        "first_visit": instant(stats["first_visit"], "first_visit") if stats.get("first_visit") else None,
        "last_visit": instant(stats["last_visit"], "last_visit") if stats.get("last_visit") else None,
    }
    check(got_stats == expected_stats, f"summary: stats {got_stats} differ from the history {expected_stats}")

    # Tamper detection.
    flipped = bytearray(client_stored)
    flipped[40] ^= 0x01  # a ciphertext byte
    flipped_verdict = classify(data_key, bytes(flipped), summary["record"], client_id)
    check(flipped_verdict == "failed its integrity check", f"flipped byte: classified {flipped_verdict!r}")

    relabelled = client_stored[:2] + (0).to_bytes(8, "little") + client_stored[10:]
    relabelled_verdict = classify(data_key, relabelled, summary["record"], client_id)
    check(relabelled_verdict == "failed its integrity check",
          f"revision bytes lowered in place: classified {relabelled_verdict!r}")

    moved = classify(data_key, client_stored, summary["record"], "ffffffffffffffffffffffffffffffff")
    check(moved == "ok", "sanity: same bytes, same reference")
    try:
        open_envelope(data_key, client_stored, "ffffffffffffffffffffffffffffffff")
        raise Failure("a copy moved to another id opened")
    except InvalidTag:
        pass

    # A genuine rollback: a later commit (generation 2) rewrote the client at revision 2, and the
    # stored copy was then put back from the older, authentic revision-1 copy.
    newer = seal_envelope(data_key, 1, 2, client_id, f["CLIENT_PLAINTEXT"].encode("utf-8"), os.urandom(12))
    newer_reference = {"kind": 1, "revision": 2, "sha256": hashlib.sha256(newer).hexdigest()}
    check(classify(data_key, newer, newer_reference, client_id) == "ok", "sanity: revision-2 copy")
    rollback_verdict = classify(data_key, client_stored, newer_reference, client_id)
    check(rollback_verdict == "rolled back", f"older authentic copy: classified {rollback_verdict!r}")
    check(classify(data_key, None, newer_reference, client_id) == "missing", "missing record")

    # Summary (never the data key).
    print(f"vault format {hdr['version']}: Argon2id m={hdr['m']} KiB t={hdr['t']} p={hdr['p']}; "
          f"{n_rules} header-rule cases give their own errors")
    print(f"KEK and data key match the vector (passphrase in NFC); state opens: book {book}, generation {generation}")
    print(f"index: {len(names)} records named, all match their references ({', '.join(sorted(names))})")
    print(f"{shard_id}: shard {shard['shard']} = first byte of SHA-256(client id); "
          f"{len(summaries)} client(s), {len(tombstones)} tombstone(s)")
    print(f"client {client_id}: {client['name']!r} (alias {full['alias']!r}, {full['address']['city']}), "
          f"{len(full['visits'])} visits ({len(in_window)} since {summary['window_from']}), "
          f"{len(full['interactions'])} interactions, {len(full['follow_ups'])} follow-ups; "
          f"{stats.get('completed', 0)} completed, paid {stats.get('paid', {})}")
    print(f"settings: currency {settings.get('currency')}, {len(settings.get('services', []))} services")
    print(f"tamper: flipped byte -> {flipped_verdict}; revision lowered in place -> {relabelled_verdict}; "
          f"authentic older copy under a newer reference -> {rollback_verdict}")
    print("OK")


def main():
    if len(sys.argv) != 2:
        print(f"usage: {sys.argv[0]} tests/vectors/vault-v2.txt", file=sys.stderr)
        return 2
    try:
        run(sys.argv[1])
    except Failure as e:
        print(f"FAILED: {e}", file=sys.stderr)
        return 1
    except (KeyError, IndexError, TypeError, ValueError, OSError) as e:
        print(f"FAILED: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
