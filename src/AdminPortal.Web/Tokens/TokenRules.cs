using System.Globalization;
using AdminPortal.Web.Common;

namespace AdminPortal.Web.Tokens;

/// <summary>Rules for the token's own fields.</summary>
public static class TokenRules
{
    /// <summary>Ten years: longer is a mistake, not a policy.</summary>
    public const long MaxTimeToLiveSeconds = 10L * 365 * 24 * 60 * 60;

    public const string TimeToLiveMessage = "Must be a whole number of seconds, 0 or more.";

    public static string Description { get; } =
        $"Seconds from now until the token expires, 0 to {MaxTimeToLiveSeconds.ToString("N0", CultureInfo.InvariantCulture)} (10 years); "
        + "0 expires it at once; null removes the time limit. On update it counts from the time of the update.";

    /// <summary>The same rule for a form that counts in another unit (minutes, hours, days).</summary>
    public static string MessageIn(string unitName, long secondsPerUnit) =>
        $"Enter a whole number of {unitName} from 0 to {(MaxTimeToLiveSeconds / secondsPerUnit).ToString("N0", CultureInfo.InvariantCulture)} (10 years).";

    public static void ValidateTimeToLive(long? seconds, ValidationErrors errors)
    {
        if (seconds is < 0)
        {
            errors.Add("time_to_live", TimeToLiveMessage);
        }
        else if (seconds > MaxTimeToLiveSeconds)
        {
            errors.Add("time_to_live", $"Must be at most {MaxTimeToLiveSeconds} seconds (10 years).");
        }
    }
}
