namespace AdminPortal.Bench;

/// <summary>How big and how long. The full run is the one whose table goes in the README; quick only proves the bench works.</summary>
public sealed record Settings(
    bool Quick,
    bool Soak,
    TimeSpan SoakLength,
    int ListTokens,
    int FreshTokens,
    int BurstLoads,
    int Seconds,
    int Threads,
    int Connections,
    int HeartbeatSessions,
    TimeSpan HeartbeatPeriod)
{
    /// <summary>The "deep page" sits 60% into the list: offset 600,000 of 1,000,000.</summary>
    public int DeepOffset => ListTokens / 10 * 6;

    public string Configuration => Quick ? "Debug" : "Release";

    public static Settings? Parse(string[] args)
    {
        var quick = false;
        var soak = false;
        var soakMinutes = 10.0;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--soak":
                    soak = true;
                    break;
                case "--soak-minutes" when i + 1 < args.Length && double.TryParse(args[i + 1], out var minutes) && minutes > 0:
                    soak = true;
                    soakMinutes = minutes;
                    i++;
                    break;
                default:
                    return null;
            }
        }
        return quick
            ? new Settings(true, soak, TimeSpan.FromMinutes(soakMinutes), ListTokens: 2_000, FreshTokens: 500, BurstLoads: 100, Seconds: 1, Threads: 2, Connections: 8,
                HeartbeatSessions: 50, HeartbeatPeriod: TimeSpan.FromSeconds(1))
            : new Settings(false, soak, TimeSpan.FromMinutes(soakMinutes), ListTokens: 1_000_000, FreshTokens: 120_000, BurstLoads: 1_000, Seconds: 10, Threads: 2, Connections: 64,
                HeartbeatSessions: 1_000, HeartbeatPeriod: TimeSpan.FromSeconds(15));
    }
}
