#!/usr/bin/env python3
"""Checks .ics files the way a calendar app would read them, with a parser that is not ours.

Usage: parse_ics.py FILE.ics [FILE.ics ...]

For each file: every line ends in CRLF and is at most 75 octets (RFC 5545 section 3.1); the
file parses with the `icalendar` package (Debian's python3-icalendar); the calendar has
VERSION:2.0 and a PRODID; every VEVENT has UID, DTSTAMP, DTSTART, DTEND and SUMMARY, with UTC
times and an end after its start. Prints what it read as JSON, one entry per file:

    [{"file": "...", "events": [{"uid": ..., "dtstamp": ..., "dtstart": ..., "dtend": ...,
      "summary": ..., "location": ..., "description": ...}]}]

Times are ISO 8601 in UTC. Exits with 1 and the reason on the first file that fails.
"""

import datetime
import json
import sys

import icalendar

REQUIRED = ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY")


class Invalid(Exception):
    pass


def check_lines(raw):
    """CRLF after every line, nothing bare, at most 75 octets each (without the CRLF)."""
    if not raw.endswith(b"\r\n"):
        raise Invalid("the last line does not end in CRLF")
    for number, line in enumerate(raw[:-2].split(b"\r\n"), start=1):
        if b"\n" in line or b"\r" in line:
            raise Invalid(f"line {number} has a bare CR or LF")
        if len(line) > 75:
            raise Invalid(f"line {number} is {len(line)} octets, more than 75")
        line.decode("utf-8")  # a fold inside a character would make this fail


def utc_time(event, name):
    value = event.decoded(name)
    if not isinstance(value, datetime.datetime) or value.utcoffset() != datetime.timedelta(0):
        raise Invalid(f"{name} {value!r} is not a UTC date-time")
    return value


def read(path):
    with open(path, "rb") as f:
        raw = f.read()
    check_lines(raw)
    calendar = icalendar.Calendar.from_ical(raw)
    if str(calendar.get("VERSION")) != "2.0":
        raise Invalid("VERSION is not 2.0")
    if not calendar.get("PRODID"):
        raise Invalid("no PRODID")
    events = []
    for event in calendar.walk("VEVENT"):
        missing = [name for name in REQUIRED if name not in event]
        if missing:
            raise Invalid(f"a VEVENT lacks {', '.join(missing)}")
        start, end = utc_time(event, "DTSTART"), utc_time(event, "DTEND")
        if end <= start:
            raise Invalid(f"event {event['UID']} ends before it starts")
        events.append({
            "uid": str(event["UID"]),
            "dtstamp": utc_time(event, "DTSTAMP").isoformat(),
            "dtstart": start.isoformat(),
            "dtend": end.isoformat(),
            "summary": str(event["SUMMARY"]),
            "location": str(event["LOCATION"]) if "LOCATION" in event else None,
            "description": str(event["DESCRIPTION"]) if "DESCRIPTION" in event else None,
            "status": str(event.get("STATUS", "")),
        })
    if not events:
        raise Invalid("no VEVENT")
    return {"file": path, "events": events}


def main(paths):
    if not paths:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    parsed = []
    for path in paths:
        try:
            parsed.append(read(path))
        except (Invalid, ValueError, KeyError) as error:
            print(f"{path}: {error}", file=sys.stderr)
            return 1
    json.dump(parsed, sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
