using AdminPortal.Web.Common;

namespace AdminPortal.Web.Tokens;

/// <summary>Rules for the token's own fields.</summary>
public static class TokenRules
{
    /// <summary>Ten years: longer is a mistake, not a policy.</summary>
    public const long MaxTimeToLiveSeconds = 10L * 365 * 24 * 60 * 60;

    public const string TimeToLiveMessage = "Must be a whole number of seconds, 0 or more.";

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
