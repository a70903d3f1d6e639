// Differential fixtures for pollctl's date engine, from the real java.text.SimpleDateFormat.
//
// Run (OpenJDK 17):  java tools/java/DateFixtures.java > tests/fixtures/dates/java17.json
//
// Every formatter is new SimpleDateFormat(pattern, Locale.US), lenient (the default), with
// setTimeZone(zone) and set2DigitYearStart(1950-06-15T12:00:00Z); the JVM default zone is GMT.
// Parse cases call parse(String, ParsePosition) and record the instant, the end position (so
// trailing text is visible) or the error index. A case tagged "reject" is one where Java
// returns an instant that pollctl deliberately refuses (it would be silently wrong).
import java.text.ParsePosition;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;

public class DateFixtures {
    static final long TWO_DIGIT_START = -616_852_800_000L; // 1950-06-15T12:00:00Z

    static String q(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }

    static SimpleDateFormat sdf(String pattern, String zone) {
        SimpleDateFormat f = new SimpleDateFormat(pattern, Locale.US);
        f.setTimeZone(TimeZone.getTimeZone(zone));
        f.set2DigitYearStart(new Date(TWO_DIGIT_START));
        return f;
    }

    static final List<String> parse = new ArrayList<>();
    static final List<String> format = new ArrayList<>();

    /** A parse case; tag is "" or "reject" (Java yields an instant pollctl refuses). */
    static void add(String tag, String pattern, String zone, String... texts) {
        for (String text : texts) {
            StringBuilder b = new StringBuilder();
            b.append("{\"pattern\":").append(q(pattern)).append(",\"zone\":").append(q(zone))
             .append(",\"text\":").append(q(text));
            if (!tag.isEmpty()) b.append(",\"tag\":").append(q(tag));
            SimpleDateFormat f;
            try {
                f = sdf(pattern, zone);
            } catch (IllegalArgumentException e) {
                b.append(",\"compileError\":").append(q(String.valueOf(e.getMessage()))).append('}');
                parse.add(b.toString());
                continue;
            }
            ParsePosition pos = new ParsePosition(0);
            Date d = f.parse(text, pos);
            if (d == null) {
                b.append(",\"ok\":false,\"errorIndex\":").append(pos.getErrorIndex());
            } else {
                b.append(",\"ok\":true,\"ms\":").append(d.getTime())
                 .append(",\"instant\":").append(q(d.toInstant().toString()))
                 .append(",\"end\":").append(pos.getIndex());
            }
            parse.add(b.append('}').toString());
        }
    }

    static void p(String pattern, String zone, String... texts) {
        add("", pattern, zone, texts);
    }

    /** Java returns an instant here that pollctl deliberately refuses. */
    static void r(String pattern, String zone, String... texts) {
        add("reject", pattern, zone, texts);
    }

    /** A pattern Java refuses to compile. */
    static void bad(String pattern) {
        add("", pattern, "GMT", "2024-01-02");
    }

    static void f(String pattern, String[] zones, long[] instants) {
        for (String zone : zones) {
            SimpleDateFormat fmt = sdf(pattern, zone);
            for (long ms : instants) {
                format.add("{\"pattern\":" + q(pattern) + ",\"zone\":" + q(zone) + ",\"ms\":" + ms
                        + ",\"text\":" + q(fmt.format(new Date(ms))) + "}");
            }
        }
    }

    public static void main(String[] args) {
        TimeZone.setDefault(TimeZone.getTimeZone("GMT"));
        String[] someZones = {"GMT", "America/New_York", "Asia/Kolkata"};

        // Cloud Elements patterns (reference/cloud-elements.md §4.4) and the seeds.
        for (String z : someZones) {
            p("yyyy-MM-dd'T'HH:mm:ssXXX", z, "2024-01-02T03:04:05Z", "2024-01-02T03:04:05+05:30",
              "2024-01-02T03:04:05-08:00", "2024-01-02T03:04:05+0530", "2024-01-02T03:04:05",
              "2024-01-02T03:04:05+5:30");
            p("yyyy-MM-dd'T'HH:mm:ssZ", z, "2024-01-02T03:04:05-0800", "2024-01-02T03:04:05+0000",
              "2024-01-02T03:04:05GMT-08:00", "2024-01-02T03:04:05GMT+5:30", "2024-01-02T03:04:05GMT",
              "2024-01-02T03:04:05-08:00", "2024-01-02T03:04:05Z", "2024-01-02T03:04:05PST",
              "2024-01-02T03:04:05EST", "2024-01-02T03:04:05UTC", "2024-01-02T03:04:05 +0100");
            p("yyyy-MM-dd'T'HH:mm:ss'Z'", z, "2024-01-02T03:04:05Z", "2024-07-02T03:04:05Z",
              "2024-01-02T03:04:05");
            p("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", z, "2024-01-02T03:04:05.678Z", "2024-01-02T03:04:05.5Z",
              "2024-01-02T03:04:05.050Z", "2024-07-02T23:59:59.999Z", "2024-01-02T03:04:05Z");
            r("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", z, "2024-01-02T03:04:05.123456Z",
              "2024-01-02T03:04:05.1234Z");
            p("yyyy-MM-dd'T'HH:mm:ss.SSSX", z, "2024-01-02T03:04:05.678Z", "2024-01-02T03:04:05.678+05",
              "2024-01-02T03:04:05.678-08", "2024-01-02T03:04:05.678+5");
            r("yyyy-MM-dd'T'HH:mm:ss.SSSX", z, "2024-01-02T03:04:05.678+05:30",
              "2024-01-02T03:04:05.678+0530");
            p("yyyy-MM-dd", z, "2024-02-29", "2024-1-5", "2024-01-01 ", "2024/01/01", "", "abc");
            r("yyyy-MM-dd", z, "2023-02-29", "2024-13-01", "2024-01-01junk",
              "2024-01-01T00:00:00Z", "2024-00-10", "2024-04-31");
            p("MM/dd/yyyy", z, "01/02/2024", "1/2/2024", "01/02/24", "12/31/1999");
            r("MM/dd/yyyy", z, "13/01/2024", "02/30/2024");
            p("EEE, dd MMM yyyy HH:mm:ss Z", z, "Tue, 02 Jan 2024 03:04:05 +0000",
              "tue, 02 jan 2024 03:04:05 -0800", "Mon, 02 Jan 2024 03:04:05 +0000",
              "Tuesday, 02 January 2024 03:04:05 +0100", "Tue, 02 Jan 2024 03:04:05 GMT",
              "Tue, 02 Jan 2024 03:04:05 PST", "Tue, 02 Jul 2024 03:04:05 EDT",
              "Tue, 2 Jan 2024 3:04:05 +0100", "TUE, 02 JAN 2024 03:04:05 +0000",
              "Tue, 02 Jan 2024 03:04:05 +01:00", "Tue 02 Jan 2024 03:04:05 +0000");
        }

        // DST gaps and overlaps.
        p("yyyy-MM-dd HH:mm", "America/New_York", "2024-03-10 01:59", "2024-03-10 02:00",
          "2024-03-10 02:30", "2024-03-10 03:00", "2024-03-10 03:30", "2024-11-03 00:59",
          "2024-11-03 01:00", "2024-11-03 01:30", "2024-11-03 01:59", "2024-11-03 02:00");
        p("yyyy-MM-dd HH:mm", "Europe/Berlin", "2024-03-31 01:59", "2024-03-31 02:00",
          "2024-03-31 02:30", "2024-03-31 03:00", "2024-10-27 01:59", "2024-10-27 02:00",
          "2024-10-27 02:30", "2024-10-27 03:00");
        p("yyyy-MM-dd HH:mm", "Australia/Sydney", "2024-04-07 02:30", "2024-10-06 02:30",
          "2024-01-15 12:00", "2024-07-15 12:00");
        p("yyyy-MM-dd HH:mm", "Australia/Lord_Howe", "2024-10-06 02:15", "2024-04-07 01:45");
        p("yyyy-MM-dd HH:mm", "America/Los_Angeles", "2024-03-10 02:30", "2024-11-03 01:30");
        p("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", "Europe/Berlin", "2024-03-31T02:30:00.000Z",
          "2024-10-27T02:30:00.000Z");
        p("yyyy-MM-dd HH:mm:ss", "America/Sao_Paulo", "2018-11-04 00:30:00", "2019-02-16 23:30:00");

        // Leap days and years, the Julian calendar before 1582-10-15.
        p("yyyy-MM-dd", "GMT", "2000-02-29", "2096-02-29", "1600-02-29", "1582-10-15", "1582-10-04",
          "1000-02-29", "0023-12-30", "0001-01-01", "9999-12-31");
        r("yyyy-MM-dd", "GMT", "1900-02-29", "2100-02-29", "2023-02-29", "0000-01-01",
          "-2024-01-01");

        // S is an integer number of milliseconds.
        p("ss.S", "GMT", "05.5", "05.50", "05.500", "05.05");
        p("HH:mm:ss.SS", "GMT", "03:04:05.12", "03:04:05.1", "03:04:05.123");
        p("ss.SSSSSS", "GMT", "05.000050", "05.000999");
        r("ss.SSS", "GMT", "05.1234", "05.0123", "05.000123");
        r("ss.SSSSSS", "GMT", "05.123456");
        p("HHmmssSSS", "GMT", "030405678");

        // X / XX / XXX accept Z; Z does not.
        for (String x : new String[]{"X", "XX", "XXX"}) {
            p("yyyy-MM-dd'T'HH:mm:ss" + x, "Asia/Tokyo", "2024-01-02T03:04:05Z",
              "2024-01-02T03:04:05+05", "2024-01-02T03:04:05+0530", "2024-01-02T03:04:05+05:30",
              "2024-01-02T03:04:05-00", "2024-01-02T03:04:05z", "2024-01-02T03:04:05+24:00");
        }
        p("yyyy-MM-dd'T'HH:mm:ssX'Z'", "GMT", "2024-01-02T03:04:05+05Z");

        // Quoted 'Z' in non-UTC zones.
        for (String z : new String[]{"Europe/Berlin", "America/Los_Angeles", "GMT+05:30", "EST", "PST"}) {
            p("yyyy-MM-dd'T'HH:mm:ss'Z'", z, "2024-01-02T12:00:00Z", "2024-07-02T12:00:00Z");
        }

        // 12-hour clocks.
        p("hh:mm a", "GMT", "12:30 AM", "12:30 PM", "01:00 pm", "11:59 am", "00:30 AM", "9:05 AM");
        p("hh:mm", "GMT", "12:30", "01:30", "11:30");
        p("h:mm a", "GMT", "9:05 AM", "9:05 PM", "9:05 p", "9:05PM");
        p("KK:mm a", "GMT", "00:30 PM", "11:30 PM");
        p("kk:mm", "GMT", "24:00", "01:00", "00:15");
        p("HH:mm a", "GMT", "13:00 AM", "01:00 PM");
        p("a hh:mm", "GMT", "PM 03:00");
        r("hh:mm a", "GMT", "13:00 PM", "12:60 AM");
        r("HH:mm", "GMT", "24:00", "25:00", "23:60");
        r("KK:mm a", "GMT", "12:30 PM");

        // Text months and days.
        p("dd MMMM yyyy", "GMT", "05 september 2024", "05 SEPTEMBER 2024", "05 Sep 2024", "05 May 2024",
          "05 Sept 2024", "05 Septembre 2024");
        p("dd MMM yyyy", "GMT", "05 Sep 2024", "05 September 2024", "05 sep 2024", "05  Sep 2024",
          "05 Mai 2024", "5 Sep 2024");
        p("MMM d, yyyy", "GMT", "Sep 5, 2024", "Sep 05, 2024");
        p("EEEE, MMMM d, yyyy", "GMT", "Thursday, September 5, 2024", "thu, Sep 5, 2024");
        p("EEE MMM dd HH:mm:ss zzz yyyy", "GMT", "Thu Sep 05 10:00:00 PDT 2024",
          "Thu Sep 05 10:00:00 GMT 2024", "Thu Sep 05 10:00:00 CEST 2024");
        p("EEE HH:mm", "GMT", "Mon 10:00", "Sun 10:00", "Wed 10:00");
        p("yyyy-MM EEE", "GMT", "2024-05 Fri", "2024-05 Tue");

        // Zones in text.
        for (String z : new String[]{"GMT", "Asia/Kolkata", "Asia/Jerusalem", "America/Chicago"}) {
            p("yyyy-MM-dd HH:mm z", z, "2024-07-01 12:00 PST", "2024-07-01 12:00 PDT",
              "2024-01-01 12:00 PDT", "2024-07-01 12:00 EST", "2024-07-01 12:00 EDT",
              "2024-07-01 12:00 CST", "2024-07-01 12:00 CET", "2024-07-01 12:00 CEST",
              "2024-07-01 12:00 IST", "2024-07-01 12:00 UTC", "2024-07-01 12:00 GMT",
              "2024-07-01 12:00 GMT+05:30", "2024-07-01 12:00 Pacific Standard Time",
              "2024-07-01 12:00 JST", "2024-07-01 12:00 BST", "2024-07-01 12:00 +0530",
              "2024-07-01 12:00 AEST", "2024-07-01 12:00 MSK", "2024-07-01 12:00 HKT",
              "2024-07-01 12:00 America/New_York", "2024-07-01 12:00 pst", "2024-07-01 12:00 MST",
              "2024-07-01 12:00 HST", "2024-07-01 12:00 Z", "2024-07-01 12:00 gmt-8:00",
              "2024-01-01 12:00 Central European Summer Time");
        }

        // White space before fields, abutting numeric fields, counts.
        p("yyyy-MM-dd HH:mm", "GMT", "2024-01-05  3:04", "2024-01-05 \t3:04", "2024-01-05 03:4",
          "2024-01-05 3:04 ", "  2024-01-05 3:04", "2024-01-05 3 :04");
        p("yyyyMMdd", "GMT", "20240105", "2024015");
        r("yyyyMMdd", "GMT", "202401051");
        p("yyyyMMddHHmmss", "GMT", "20240105030405", "2024010503040");
        p("yyMMdd", "GMT", "240105", "990105");
        r("HHmm", "GMT", "930");
        p("HHmm", "GMT", "0930", "2359");
        p("yyyy", "GMT", "2024", "02024", "+2024");
        r("yyyy", "GMT", "2024E1");
        r("yyyy-MM", "GMT", "2024E1-01", "2024E-1-01");
        p("d/M/y", "GMT", "5/1/24", "5/1/2024", "5/1/124", "5/1/5");

        // Two-digit years around the 1950-06-15 pivot.
        p("MM/dd/yy", "GMT", "01/02/49", "01/02/50", "07/02/50", "06/15/50", "06/16/50", "01/02/51",
          "01/02/99", "01/02/00", "01/02/2024", "01/02/5");
        p("yy-MM-dd HH:mm", "America/New_York", "50-06-15 08:00", "50-06-15 07:59");

        // Other letters Java knows.
        p("yyyy-MM-dd G", "GMT", "2024-01-01 AD", "0044-03-15 BC", "2024-01-01 ad");
        p("yyyy-DDD", "GMT", "2024-060", "2023-365", "2024-1");
        p("yyyy-MM-dd u", "GMT", "2024-01-01 7");
        r("YYYY-MM-dd", "GMT", "2024-06-15");

        // Literals and quotes.
        p("yyyy-MM-dd'T'HH:mm:ss", "GMT", "2024-01-02T03:04:05", "2024-01-02t03:04:05",
          "2024-01-02 03:04:05");
        p("h 'o''clock' a", "GMT", "3 o'clock PM");
        p("''yyyy''", "GMT", "'2024'");
        p("yyyy.MM.dd 'at' HH:mm", "GMT", "2024.01.02 at 03:04");

        // Patterns Java refuses.
        bad("yyyy-MM-dd'T'HH:mm:ss.SSSX'");
        bad("yyyy-MM-dd'T");
        bad("yyyy-MM-ddTHH:mm:ss");
        bad("yyyy-MM-dd f");
        bad("yyyy-MM-dd'T'HH:mm:ssXXXX");
        bad("yyyy-MM-dd'T'HH:mm:ss.fffZ");

        // Far future and far past in DST zones, both hemispheres and Lord Howe's 30-minute DST.
        // Java's zone data (sun.util.calendar.ZoneInfo) has transitions up to 2037 and applies the
        // zone's final rule to every later year; before 1900 it uses the current standard offset.
        String[] dstZones = {"America/New_York", "America/Los_Angeles", "Europe/Berlin",
            "Europe/London", "Australia/Sydney", "Australia/Lord_Howe", "Pacific/Auckland",
            "America/Sao_Paulo", "Asia/Jerusalem"};
        String[] far = {
            "2100-06-20T12:00:00Z", "2100-12-18T12:00:00Z",
            "2100-03-06T06:00:00Z",  // a week before US daylight time starts
            "2100-03-14T07:30:00Z",  // US daylight time has just started
            "2100-11-07T05:30:00Z",  // inside New York's repeated hour
            "2200-01-01T00:00:00Z", "2321-01-24T00:00:00Z", "2500-01-01T00:00:00Z",
            "9999-04-05T12:00:00Z", "9999-04-25T12:00:00Z", "9999-08-13T12:00:00Z",
            "9999-11-07T12:00:00Z",
            "1800-01-01T00:00:00Z", "1851-07-01T12:00:00Z",  // before 1900: standard time
            "1900-01-01T00:00:00Z", "1917-01-01T00:00:00Z", "1917-07-01T12:00:00Z",
        };
        long[] farInstants = new long[far.length];
        for (int i = 0; i < far.length; i++) {
            farInstants[i] = java.time.Instant.parse(far[i]).toEpochMilli();
        }
        for (String pattern : new String[]{"yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "yyyy-MM-dd HH:mm z zzzz"}) {
            f(pattern, dstZones, farInstants);
        }
        p("yyyy-MM-dd HH:mm", "America/New_York", "2100-03-14 01:59", "2100-03-14 02:30",
          "2100-03-14 03:00", "2100-11-07 00:59", "2100-11-07 01:30", "2100-11-07 02:00",
          "2100-06-20 12:00", "2100-12-20 12:00", "9999-08-13 12:00", "9999-12-31 23:59",
          "3000-07-04 12:00", "1850-07-01 12:00", "1918-07-01 12:00");
        p("yyyy-MM-dd HH:mm", "Europe/Berlin", "2100-03-28 02:30", "2100-10-31 02:30",
          "2100-07-01 12:00", "9999-08-13 12:00", "1850-07-01 12:00");
        p("yyyy-MM-dd HH:mm", "Australia/Lord_Howe", "2100-10-03 02:15", "2100-04-04 01:45",
          "2100-01-15 12:00", "2100-07-15 12:00", "9999-01-15 12:00", "9999-07-15 12:00",
          "1850-01-15 12:00");
        p("yyyy-MM-dd HH:mm", "Australia/Sydney", "2100-04-04 02:30", "2100-10-03 02:30",
          "2100-01-15 12:00", "9999-12-25 12:00");
        p("yyyy-MM-dd HH:mm", "Pacific/Auckland", "2100-09-26 02:30", "2100-04-04 02:30",
          "9999-12-25 12:00", "9999-06-25 12:00");
        p("yyyy-MM-dd'T'HH:mm:ss.SSSZ", "Asia/Jerusalem", "2100-06-20T12:00:00.000+0300",
          "9999-08-13T12:00:00.000+0300");
        p("yyyy-MM-dd HH:mm z", "GMT", "2100-07-01 12:00 PDT", "2100-07-01 12:00 PST",
          "2100-07-01 12:00 CEST", "9999-08-13 12:00 EDT");

        // Formatting.
        String[] zones = {"GMT", "UTC", "America/New_York", "America/Los_Angeles", "Asia/Kolkata",
            "Europe/Berlin", "EST", "PST", "GMT+05:30", "GMT-08:00", "Australia/Lord_Howe",
            "Asia/Kathmandu"};
        long[] instants = {
            1_720_105_567_089L,      // 2024-07-04T15:06:07.089Z
            1_704_067_200_000L,      // 2024-01-01T00:00:00Z
            1_735_560_000_005L,      // 2024-12-30T12:00:00.005Z
            1_730_615_400_000L,      // 2024-11-03T06:30:00Z
            -1L,                     // 1969-12-31T23:59:59.999Z
            951_825_600_050L,        // 2000-02-29T12:00:00.050Z
            -62_135_596_800_000L,    // 0001-01-01T00:00:00Z (proleptic Gregorian)
            -12_219_292_800_000L,    // 1582-10-15T00:00:00Z
            -12_219_379_200_000L,    // 1582-10-14 proleptic = 1582-10-04 Julian
            253_402_300_799_999L,    // 9999-12-31T23:59:59.999Z
        };
        for (String pattern : new String[]{
                "yyyy-MM-dd'T'HH:mm:ssXXX", "yyyy-MM-dd'T'HH:mm:ssZ", "yyyy-MM-dd'T'HH:mm:ss'Z'",
                "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", "yyyy-MM-dd'T'HH:mm:ss.SSSX", "yyyy-MM-dd",
                "MM/dd/yyyy", "EEE, dd MMM yyyy HH:mm:ss Z", "X XX XXX", "z zzzz", "EEEE MMMM MMM E",
                "G y yy yyy yyyy yyyyy", "h hh K KK k kk H a", "S SS SSS SSSS ss.S",
                "D DDD u F w ww W", "YYYY YY", "M MM d dd m mm s"}) {
            f(pattern, zones, instants);
        }

        System.out.println("{");
        System.out.println("  \"generator\": \"tools/java/DateFixtures.java\",");
        System.out.println("  \"java\": " + q(System.getProperty("java.vm.name") + " "
                + System.getProperty("java.version")) + ",");
        System.out.println("  \"twoDigitYearStart\": " + TWO_DIGIT_START + ",");
        System.out.println("  \"parse\": [");
        System.out.println("    " + String.join(",\n    ", parse));
        System.out.println("  ],");
        System.out.println("  \"format\": [");
        System.out.println("    " + String.join(",\n    ", format));
        System.out.println("  ]");
        System.out.println("}");
    }
}
