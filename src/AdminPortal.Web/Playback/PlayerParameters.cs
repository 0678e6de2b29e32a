using System.Globalization;

namespace AdminPortal.Web.Playback;

/// <summary>The player parameters on a playback URL. Unknown or invalid values are ignored, never an error.</summary>
public sealed record PlayerParameters(bool Autoplay, bool Muted, bool Loop, bool Background, IReadOnlyList<decimal> PlayRates)
{
    public const decimal MinRate = 0.5m, MaxRate = 4m;

    /// <summary>Background video: plays by itself, silent, looping, without controls.</summary>
    public bool ShowControls => !Background;
    public bool EffectiveAutoplay => Autoplay || Background;
    public bool EffectiveMuted => Muted || Background;
    public bool EffectiveLoop => Loop || Background;

    public static PlayerParameters From(IQueryCollection query) => new(
        Flag(query["autoplay"]),
        Flag(query["muted"]),
        Flag(query["loop"]),
        Flag(query["background"]),
        Rates(query["playRates"]));

    private static bool Flag(string? value) =>
        value?.Trim().ToLowerInvariant() is "1" or "true" or "yes" or "on";

    private static List<decimal> Rates(string? value)
    {
        var rates = new SortedSet<decimal>();
        foreach (var part in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (decimal.TryParse(part, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var rate) && rate is >= MinRate and <= MaxRate)
            {
                rates.Add(rate);
            }
        }
        if (rates.Count > 0)
        {
            rates.Add(1m); // normal speed is always on offer
        }
        return rates.Take(16).ToList();
    }
}
