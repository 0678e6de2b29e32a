using AdminPortal.Web.Common;
using AdminPortal.Web.Components.Shared;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Common;

/// <summary>Times in the browser's zone with UTC beside them; unknown zones fall back to UTC.</summary>
public sealed class TimeDisplayTests : BunitContext
{
    private static readonly TimeZoneInfo NewYork = TimeDisplay.Find("America/New_York");
    private static readonly TimeZoneInfo Berlin = TimeDisplay.Find("Europe/Berlin");

    private static DateTime Utc(int year, int month, int day, int hour, int minute, int second = 0) =>
        new(year, month, day, hour, minute, second, DateTimeKind.Utc);

    [Fact]
    public void A_time_reads_in_the_zone_with_utc_beside_it()
    {
        Assert.Equal("2026-12-03 08:05:00 (13:05:00 UTC)", Formats.Exact(Utc(2026, 12, 3, 13, 5), NewYork));
        Assert.Equal("3 Dec 08:05 (13:05 UTC)", Formats.Compact(Utc(2026, 12, 3, 13, 5), NewYork));
        Assert.Equal("3 Dec 2026", Formats.Date(Utc(2026, 12, 3, 13, 5), NewYork));
    }

    [Fact]
    public void The_utc_date_is_written_only_when_it_differs_from_the_local_one()
    {
        Assert.Equal("2026-12-03 22:30:00 (2026-12-04 03:30:00 UTC)", Formats.Exact(Utc(2026, 12, 4, 3, 30), NewYork));
        Assert.Equal("3 Dec 22:30 (4 Dec 03:30 UTC)", Formats.Compact(Utc(2026, 12, 4, 3, 30), NewYork));
        Assert.Equal("3 Dec 2026", Formats.Date(Utc(2026, 12, 4, 3, 30), NewYork));
    }

    [Fact]
    public void Daylight_saving_changes_the_offset_at_the_exact_instant()
    {
        // Berlin springs forward at 01:00 UTC on 29 March 2026: 01:59:59 CET is followed by 03:00:00 CEST.
        Assert.Equal("2026-03-29 01:59:59 (00:59:59 UTC)", Formats.Exact(Utc(2026, 3, 29, 0, 59, 59), Berlin));
        Assert.Equal("2026-03-29 03:00:00 (01:00:00 UTC)", Formats.Exact(Utc(2026, 3, 29, 1, 0), Berlin));
        // New York falls back at 06:00 UTC on 1 November 2026: 01:30 happens twice, UTC beside tells them apart.
        Assert.Equal("2026-11-01 01:30:00 (05:30:00 UTC)", Formats.Exact(Utc(2026, 11, 1, 5, 30), NewYork));
        Assert.Equal("2026-11-01 01:30:00 (06:30:00 UTC)", Formats.Exact(Utc(2026, 11, 1, 6, 30), NewYork));
        Assert.Equal("America/New_York, UTC\u221204:00", Formats.ZoneName(Utc(2026, 11, 1, 5, 30), NewYork));
        Assert.Equal("America/New_York, UTC\u221205:00", Formats.ZoneName(Utc(2026, 11, 1, 6, 30), NewYork));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("../../etc/passwd")]
    [InlineData("/etc/localtime")]
    [InlineData("America/New_York\u0000")]
    [InlineData("Etc/UTC")]
    [InlineData("UTC")]
    public void An_unknown_or_utc_zone_shows_plain_utc_and_never_throws(string? id)
    {
        var zone = TimeDisplay.Find(id);

        Assert.Same(TimeZoneInfo.Utc, zone);
        Assert.Equal("2026-12-03 13:05:00 UTC", Formats.Exact(Utc(2026, 12, 3, 13, 5), zone));
        Assert.Equal("3 Dec 13:05 UTC", Formats.Compact(Utc(2026, 12, 3, 13, 5), zone));
    }

    [Fact]
    public void A_zone_id_longer_than_any_real_one_is_not_looked_up()
    {
        Assert.Same(TimeZoneInfo.Utc, TimeDisplay.Find("America/" + new string('A', 200)));
    }

    [Fact]
    public void Times_stored_without_a_kind_are_read_as_utc()
    {
        var unspecified = new DateTime(2026, 12, 3, 13, 5, 0, DateTimeKind.Unspecified);

        Assert.Equal("2026-12-03 08:05:00 (13:05:00 UTC)", Formats.Exact(unspecified, NewYork));
    }

    [Fact]
    public void The_component_shows_the_local_time_with_utc_beside_it_and_the_zone_on_hover()
    {
        Services.AddScoped<TimeDisplay>();
        Services.GetRequiredService<TimeDisplay>().Use("Asia/Tokyo");

        var cut = Render<LocalTime>(p => p.Add(c => c.Utc, Utc(2026, 12, 3, 13, 5)).Add(c => c.Form, TimeForm.Compact));

        var time = cut.Find("time");
        Assert.Equal("3 Dec 22:05 (13:05 UTC)", time.TextContent);
        Assert.Equal("2026-12-03T13:05:00Z", time.GetAttribute("datetime"));
        Assert.Equal("Asia/Tokyo, UTC+09:00", time.GetAttribute("title"));
    }

    [Fact]
    public void The_component_shows_utc_until_the_browser_zone_is_known()
    {
        Services.AddScoped<TimeDisplay>();

        var cut = Render<LocalTime>(p => p.Add(c => c.Utc, Utc(2026, 12, 3, 13, 5)).Add(c => c.Form, TimeForm.Date));

        Assert.Equal("3 Dec 2026", cut.Find("time").TextContent);
        Assert.Equal("2026-12-03 13:05:00 UTC", cut.Find("time").GetAttribute("title"));
    }

    [Fact]
    public void Staff_who_chose_utc_get_utc_whatever_the_browser_zone()
    {
        var cookies = new Dictionary<string, string> { [TimeDisplay.ZoneCookie] = "Asia/Tokyo", [TimeDisplay.UtcCookie] = "utc" };
        Assert.Equal("UTC", TimeDisplay.FromCookies(new Cookies(cookies)));
        cookies.Remove(TimeDisplay.UtcCookie);
        Assert.Equal("Asia/Tokyo", TimeDisplay.FromCookies(new Cookies(cookies)));
    }

    private sealed class Cookies(Dictionary<string, string> values) : Microsoft.AspNetCore.Http.IRequestCookieCollection
    {
        public string? this[string key] => values.GetValueOrDefault(key);
        public int Count => values.Count;
        public ICollection<string> Keys => values.Keys;
        public bool ContainsKey(string key) => values.ContainsKey(key);
        public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
        public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => values.GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
