#!/usr/bin/env python3
"""Check an iCalendar feed strictly and list its events (test-only).

    ics-check.py [FILE]        no FILE, or "-": standard input

Prints one line per VEVENT, in the feed's order, with tab-separated
fields: uid, summary, dtstart, dtend, location, description, status.
Times are ISO 8601: 2026-12-01 for a date, 2026-12-01T10:15:00Z for a
UTC time; a field the event lacks is empty. Inside a field, tab,
newline, carriage return and backslash are written \\t \\n \\r \\\\, as
mutu's tsv writes them. Exits 1 with one "ics-check: ..." line on the
first problem, 2 on bad usage.

What is checked, beyond what Python's icalendar module parses (it must
parse the whole feed with no error recorded on any component):
  - every physical line ends in CRLF, holds at most 75 octets and is
    UTF-8 by itself: a fold never splits a character;
  - a continuation line starts with one space or tab, no line is empty;
  - no control character (a tab included, though RFC 5545 allows one),
    C1 control, line separator or bidirectional formatting character:
    mutu writes none;
  - BEGIN and END nest and match, around exactly one VCALENDAR, which has
    VERSION:2.0 and one PRODID;
  - every VEVENT has one UID, one DTSTAMP in UTC and one DTSTART; DTEND
    and DURATION are not both there; DTEND is later than DTSTART and of
    the same value type; dates and date-times have their forms; STATUS is
    an event's; SEQUENCE a number;
  - TEXT values (RFC 5545 3.3.11) hold no bare ';' or ',' (but between
    the items of CATEGORIES) and no backslash but the escapes \\\\ \\; \\,
    \\n \\N.

TEXT values are decoded here from the raw lines rather than taken from
icalendar: its 4.x releases unescape twice (a typed "\\n", backslash and
n, comes back as a newline) and turn a literal "%2C" into a comma.
"""
import os
import re
import sys

try:
    import icalendar
except ImportError:
    # Debian's python3-icalendar belongs to Debian's python3: when another
    # python3 comes first on PATH (pyenv, a venv), run under Debian's.
    DEBIAN = '/usr/bin/python3'
    if (os.access(DEBIAN, os.X_OK)
            and os.path.realpath(sys.executable) != os.path.realpath(DEBIAN)):
        os.execv(DEBIAN, [DEBIAN, os.path.abspath(__file__)] + sys.argv[1:])
    sys.stderr.write('ics-check: python3\'s icalendar module is missing '
                     '(Debian: apt-get install python3-icalendar)\n')
    sys.exit(1)

MAX_OCTETS = 75

# mutu_utf8_unsafe's set: C0 controls, DEL, C1 controls, U+061C, the
# marks, line and paragraph separators and bidi embeddings, overrides,
# isolates
UNSAFE = re.compile(r'[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f'
                    r'\u2028-\u202e\u2066-\u2069]')

TEXT_PROPS = {'UID', 'SUMMARY', 'DESCRIPTION', 'LOCATION', 'COMMENT',
              'CONTACT', 'X-WR-CALNAME', 'X-WR-CALDESC', 'NAME'}
TEXT_ITEM = re.compile(r'(?:[^\\;,]|\\[\\;,nN])*')
UNESCAPE = re.compile(r'\\([\\;,nN])')

# RFC 5545 3.3.4 and 3.3.5; TZID, not checked, may go with the second
FORMS = {'DATE': re.compile('[0-9]{8}'),
         'DATE-TIME': re.compile('[0-9]{8}T[0-9]{6}Z?')}

# RFC 5545 3.6.1: in a VEVENT, these occur at most once
ONCE = {'UID', 'DTSTAMP', 'DTSTART', 'DTEND', 'DURATION', 'CLASS', 'CREATED',
        'DESCRIPTION', 'GEO', 'LAST-MODIFIED', 'LOCATION', 'ORGANIZER',
        'PRIORITY', 'SEQUENCE', 'STATUS', 'SUMMARY', 'TRANSP', 'URL',
        'RECURRENCE-ID'}


class Problem(Exception):
    pass


def physical_lines(data):
    """The feed's physical lines, each checked on its own."""
    if not data:
        raise Problem('the feed is empty')
    if not data.endswith(b'\r\n'):
        raise Problem('the last line does not end in CRLF')
    lines = data[:-2].split(b'\r\n')
    for n, raw in enumerate(lines, 1):
        if b'\n' in raw or b'\r' in raw:
            raise Problem('line %d: a line break that is not CRLF' % n)
        if len(raw) > MAX_OCTETS:
            raise Problem('line %d: %d octets, more than %d'
                          % (n, len(raw), MAX_OCTETS))
        try:
            text = raw.decode('utf-8', 'strict')
        except UnicodeDecodeError as e:
            # cut at its end with a continuation after, or at a
            # continuation's start: a character split by a fold
            goes_on = n < len(lines) and lines[n][:1] in (b' ', b'\t')
            split = (e.reason == 'unexpected end of data' and goes_on) or (
                n > 1 and raw[:1] in (b' ', b'\t') and e.start == 1)
            raise Problem('line %d: %s' % (n, 'a fold splits a UTF-8 character'
                                           if split else 'not UTF-8'))
        if not text:
            raise Problem('line %d: an empty line' % n)
        m = UNSAFE.search(text[1:] if text[0] in ' \t' else text)
        if m:
            raise Problem('line %d: the character U+%04X'
                          % (n, ord(m.group())))
        if n == 1 and text[0] in ' \t':
            raise Problem('line 1: a continuation with nothing before it')
        yield n, text


def content_lines(data):
    """(first physical line number, unfolded content line)."""
    start, line = 0, None
    for n, text in physical_lines(data):
        if text[0] in ' \t':
            line += text[1:]
            continue
        if line is not None:
            yield start, line
        start, line = n, text
    if line is not None:
        yield start, line


def split_line(n, line):
    """NAME, its parameters (raw) and its raw value."""
    m = re.match(r'[A-Za-z0-9-]+', line)
    if not m:
        raise Problem('line %d: no property name' % n)
    name, rest, params, quoted = m.group().upper(), line[m.end():], [], False
    i = 0
    while i < len(rest) and rest[i] == ';':
        j = i + 1
        while j < len(rest) and (quoted or rest[j] not in ';:'):
            if rest[j] == '"':
                quoted = not quoted
            j += 1
        params.append(rest[i + 1:j])
        i = j
    if quoted or i >= len(rest) or rest[i] != ':':
        raise Problem('line %d: %s has no ":" before its value' % (n, name))
    return name, params, rest[i + 1:]


def text_value(n, name, raw, is_list=False):
    items = raw.split(',') if is_list else [raw]
    # a comma escaped as "\," must not split: rejoin items that ended on
    # an odd run of backslashes
    if is_list:
        joined = []
        for item in items:
            if joined and len(re.search(r'\\*$', joined[-1]).group()) % 2:
                joined[-1] += ',' + item
            else:
                joined.append(item)
        items = joined
    for item in items:
        if not TEXT_ITEM.fullmatch(item):
            raise Problem('line %d: %s holds a bare ";" or "," or a stray '
                          'backslash' % (n, name))
    decoded = [UNESCAPE.sub(lambda m: '\n' if m.group(1) in 'nN'
                            else m.group(1), item) for item in items]
    return decoded if is_list else decoded[0]


def raw_events(data):
    """Each VEVENT: (its BEGIN's line, name -> [(line, params, raw value)])."""
    stack, events, calendars, cal_props = [], [], 0, {}
    for n, line in content_lines(data):
        name, params, raw = split_line(n, line)
        if name == 'BEGIN':
            if not stack and (raw.upper() != 'VCALENDAR' or calendars):
                raise Problem('line %d: BEGIN:%s where one VCALENDAR should '
                              'start' % (n, raw))
            stack.append(raw.upper())
            calendars += raw.upper() == 'VCALENDAR' and len(stack) == 1
            if stack == ['VCALENDAR', 'VEVENT']:
                events.append((n, {}))
            continue
        if name == 'END':
            if not stack or stack[-1] != raw.upper():
                raise Problem('line %d: END:%s closes %s' % (
                    n, raw, stack[-1] if stack else 'nothing'))
            stack.pop()
            continue
        if not stack:
            raise Problem('line %d: %s outside VCALENDAR' % (n, name))
        if name in TEXT_PROPS:
            text_value(n, name, raw)
        elif name == 'CATEGORIES':
            text_value(n, name, raw, True)
        props = cal_props if stack == ['VCALENDAR'] else (
            events[-1][1] if stack == ['VCALENDAR', 'VEVENT'] else {})
        props.setdefault(name, []).append((n, params, raw))
    if stack:
        raise Problem('%s is never closed' % stack[-1])
    if not calendars:
        raise Problem('no VCALENDAR')
    for prop in ('VERSION', 'PRODID'):
        if len(cal_props.get(prop, [])) != 1:
            raise Problem('VCALENDAR needs exactly one %s' % prop)
    if cal_props['VERSION'][0][2] != '2.0':
        raise Problem('VERSION is %s, not 2.0' % cal_props['VERSION'][0][2])
    return events


def check_event(begin, props, parsed):
    for prop, found in props.items():
        if prop in ONCE and len(found) > 1:
            raise Problem('line %d: a second %s' % (found[1][0], prop))
    for prop in ('UID', 'DTSTAMP', 'DTSTART'):
        if prop not in props:
            raise Problem('line %d: an event without %s' % (begin, prop))
    # icalendar takes "2026120" for a time of day: the forms are checked here
    for prop in ('DTSTAMP', 'DTSTART', 'DTEND'):
        if prop in props:
            n, params, raw = props[prop][0]
            kind = 'DATE' if 'VALUE=DATE' in (p.upper() for p in params) \
                else 'DATE-TIME'
            if not FORMS[kind].fullmatch(raw):
                raise Problem('line %d: %s is not a %s' % (n, prop, kind))
    line = props['UID'][0][0]
    if 'DTEND' in props and 'DURATION' in props:
        raise Problem('line %d: both DTEND and DURATION' % line)
    stamp = parsed.get('DTSTAMP').dt
    if not hasattr(stamp, 'hour') or stamp.utcoffset() is None or \
            stamp.utcoffset().total_seconds() != 0:
        raise Problem('line %d: DTSTAMP is not a UTC date-time'
                      % props['DTSTAMP'][0][0])
    start = parsed.get('DTSTART').dt
    end = parsed.get('DTEND').dt if 'DTEND' in props else None
    if end is not None:
        # a date and a date-time, or a floating time and a UTC one, do
        # not compare
        if hasattr(start, 'hour') != hasattr(end, 'hour') or \
                (getattr(start, 'tzinfo', None) is None) != \
                (getattr(end, 'tzinfo', None) is None):
            raise Problem('line %d: DTEND and DTSTART differ in type'
                          % props['DTEND'][0][0])
        if end <= start:
            raise Problem('line %d: DTEND is not after DTSTART'
                          % props['DTEND'][0][0])
    if 'STATUS' in props and props['STATUS'][0][2] not in (
            'TENTATIVE', 'CONFIRMED', 'CANCELLED'):
        raise Problem('line %d: STATUS %s is not an event\'s'
                      % (props['STATUS'][0][0], props['STATUS'][0][2]))
    if 'SEQUENCE' in props and not re.fullmatch(r'[0-9]+',
                                                props['SEQUENCE'][0][2]):
        raise Problem('line %d: SEQUENCE is not a number'
                      % props['SEQUENCE'][0][0])
    return start, end


def iso(t):
    if t is None:
        return ''
    if not hasattr(t, 'hour'):
        return t.isoformat()
    if t.utcoffset() is not None and t.utcoffset().total_seconds() == 0:
        return t.strftime('%Y-%m-%dT%H:%M:%SZ')
    return t.isoformat()


def tsv(s):
    return (s.replace('\\', '\\\\').replace('\t', '\\t')
            .replace('\n', '\\n').replace('\r', '\\r'))


def text_of(props, prop):
    if prop not in props:
        return ''
    n, _, raw = props[prop][0]
    return text_value(n, prop, raw)


def main(argv):
    if len(argv) > 2 or (len(argv) == 2 and argv[1] in ('-h', '--help')):
        sys.stderr.write('usage: ics-check.py [FILE]\n')
        return 2
    name = argv[1] if len(argv) == 2 else '-'
    try:
        if name == '-':
            data = sys.stdin.buffer.read()
        else:
            with open(name, 'rb') as f:
                data = f.read()
    except OSError as e:
        sys.stderr.write('ics-check: %s: %s\n' % (name, e.strerror))
        return 1
    try:
        events = raw_events(data)
        try:
            cal = icalendar.Calendar.from_ical(data.decode('utf-8'))
        except Exception as e:   # it raises more than ValueError
            raise Problem('icalendar: %s' % e)
        for c in cal.walk():
            if c.errors:
                raise Problem('icalendar: %s: %s' % (c.name, c.errors[0]))
        parsed = cal.walk('VEVENT')
        if len(parsed) != len(events):
            raise Problem('icalendar found %d events, not %d'
                          % (len(parsed), len(events)))
        out = []
        for (begin, props), event in zip(events, parsed):
            start, end = check_event(begin, props, event)
            status = props['STATUS'][0][2] if 'STATUS' in props else ''
            out.append('\t'.join(tsv(f) for f in (
                text_of(props, 'UID'), text_of(props, 'SUMMARY'), iso(start),
                iso(end), text_of(props, 'LOCATION'),
                text_of(props, 'DESCRIPTION'), status)) + '\n')
    except Problem as e:
        sys.stderr.write('ics-check: %s: %s\n'
                         % ('stdin' if name == '-' else name, e))
        return 1
    sys.stdout.buffer.write(''.join(out).encode('utf-8'))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
