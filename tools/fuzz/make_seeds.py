#!/usr/bin/env python3
"""Regenerate fuzz/seeds/<target>/ from the repository's fixtures (run from the repo root).

Each seed is one input of the body in src/fuzzing.rs; fields are newline-separated.
"""
import glob, hashlib, json, os, shutil

def write(target, items):
    d = os.path.join("fuzz", "seeds", target)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    seen = set()
    for data in items:
        if isinstance(data, str):
            data = data.encode()
        h = hashlib.sha1(data).hexdigest()[:16]
        if h in seen:
            continue
        seen.add(h)
        with open(os.path.join(d, h), "wb") as f:
            f.write(data)
    print(target, len(seen))

# instance_validate: seed bodies and examples.
bodies = sorted(glob.glob("tests/fixtures/seeds/*.json")) + sorted(glob.glob("examples/*.json"))
write("instance_validate", [open(p, "rb").read() for p in bodies] + [
    b"{}", b"[]", b'{"element":{"key":"egnyte"}}', b'{"a":1,"a":2}', b"\xef\xbb\xbf{}",
])

# date_pattern: pattern, zone, text from the Java 17 fixtures (first parse case per
# pattern/zone pair, plus every distinct pattern of the format cases).
fx = json.load(open("tests/fixtures/dates/java17.json"))
dates, pairs = [], set()
for c in fx["parse"] + fx["format"]:
    key = (c["pattern"], c["zone"])
    if key in pairs:
        continue
    pairs.add(key)
    dates.append(f'{c["pattern"]}\n{c["zone"]}\n{c["text"]}')
dates += ["milliseconds\nUTC\n1704164645000", "yyyy-MM-dd HH:mm:ss.SSS Z\n+05:30\n2024-01-02 03:04:05.678 +0530",
          "EEE, dd MMM yyyy HH:mm:ss zzz\nGMT\nTue, 02 Jan 2024 03:04:05 GMT"]
write("date_pattern", dates)

# url_template: template, start seed, placeholder value.
urls = set()
for p in bodies + sorted(glob.glob("src/catalog/*.rs")):
    text = open(p, encoding="utf-8").read()
    for line in text.splitlines():
        line = line.strip()
        if line.startswith('"url"'):
            urls.add(line.split(":", 1)[1].strip().rstrip(",").strip('"'))
urls |= {
    "/d/${gmtDate:yyyy/MM/dd}/x", "/d?x=${DateTimeZone:America/New_York:yyyy-MM-dd'T'HH:mm:ssXXX}",
    "/d?x=${date:10 digit integer Unix time}", "/d?x=${date:yyyy-MM-dd HH:mm:ss.SSS}",
    "/d?x=${dateTimeZone:-8:00:yyyy-MM-dd'T'HH:mm:ssXXX}", "/d?x=${dateTimeZone:{TimeZone}:HH:mm}",
    "/d?x=${date}", "/x?a=${epoch}&b=${epoch:s}&c=${epoch:ms}&d=${epoch:us}&e=${milliseconds}",
    "https://api.example.com/v1/{id}/items?since=${epoch:s}#frag-{id}",
    "/search?q=name = 'a b'&where={where}",
}
write("url_template", [f"{u}\n2024\n{v}" for u in sorted(urls) for v in ["primary"]] + [
    "/x/{id}?y={id}\n1\na/b?c=d&e#f%20+ é", "/d?x=${dateTimeZone:{TimeZone}:HH:mm}\n7\nAsia/Kolkata",
])

# oauth_callback: state, then a redirect query or pasted text.
s = "Zm9vYmFy-state_123"
write("oauth_callback", [f"{s}\n{x}" for x in [
    f"code=abc&state={s}", f"?code=abc&state={s}", f"code=abc&state=forged",
    f"http://127.0.0.1:8765/callback?code=4%2F0Ad&state={s}&scope=a+b",
    f"https://example.com/cb?code=xyz&state={s}&subdomain=acme&apicp=sharefile.com&appcp=sharefile.com",
    f"error=access_denied&error_description=no+thanks&state={s}", "4/0AdQt8qh-bare_code",
    "  spaced code  ", f"code=&state={s}", f"code=a&code=b&state=x&state={s}", f"state={s}",
]])

# retry_after: Retry-After header values (delta-seconds and the three HTTP date forms).
write("retry_after", [
    "120", "0", " 5 ", "-1", "1.5", "+5", "18446744073709551615", "18446744073709551616",
    "Wed, 21 Oct 2015 07:28:00 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994",
    "Fri, 31 Dec 9999 23:59:59 GMT", "Thu, 01 Jan 1970 00:00:00 GMT", "",
])

# fault_spec: `pollctl sandbox --faults` values.
write("fault_spec", [
    "429:0.1,500:0.05,slow:0.02,garbage:0.01", "ok:1", "503:0.5, 429:0.5", "", "malformed:1e-3",
    "none:0", "429:1.5", "429", "500:0.6,503:0.6", "SLOW : 0.25 ,",
])

# poll_records: updated pattern, created pattern, idField, recordsPath, page body.
rec = [
    {"id": "1", "updated": "2024-01-02T03:04:05.678Z", "meta": {"created": 1704164645000}},
    {"id": 2, "updated": "2024-01-02T03:04:05.678+05:30", "event_type": "deleted"},
    {"id": None, "updated": None}, {"updated": "garbage", "meta": {"created": "x"}},
]
write("poll_records", [
    "yyyy-MM-dd'T'HH:mm:ss.SSSXXX\nmilliseconds\nid\n\n" + json.dumps(rec),
    "yyyy-MM-dd'T'HH:mm:ss.SSSXXX\n\nid\ndata.items\n" + json.dumps({"data": {"items": rec}}),
    "\n\nid\n\n" + json.dumps(rec),
    "EEE, dd MMM yyyy HH:mm:ss zzz\nyyyyMMdd\nmeta.created\n\n"
    + json.dumps([{"updated": "Tue, 02 Jan 2024 03:04:05 GMT", "meta": {"created": 20240101}}]),
])
