namespace AdminPortal.Web.Webhooks;

/// <summary>The event types an endpoint may subscribe to, in one place for the API, the UI and the writers.</summary>
public static class WebhookEvents
{
    public const string TokenCreated = "token.created";
    public const string TokenUpdated = "token.updated";
    public const string TokenRevoked = "token.revoked";
    public const string PlaybackStarted = "playback.started";
    public const string PlaybackRefused = "playback.refused";
    public const string PlaybackEnded = "playback.ended";
    public const string VideoReady = "video.ready";
    public const string VideoFailed = "video.failed";

    /// <summary>Sent only by "Send test event"; nobody subscribes to it.</summary>
    public const string Test = "webhook.test";

    public static IReadOnlyList<string> All { get; } =
        [TokenCreated, TokenUpdated, TokenRevoked, PlaybackStarted, PlaybackRefused, PlaybackEnded, VideoReady, VideoFailed];

    public static string Describe(string type) => type switch
    {
        TokenCreated => "A token was created",
        TokenUpdated => "A token was changed",
        TokenRevoked => "A token was revoked",
        PlaybackStarted => "A viewer started playing",
        PlaybackRefused => "A load or start was refused, with the reason",
        PlaybackEnded => "A playback ended, with watch time",
        VideoReady => "A video is ready to play",
        VideoFailed => "A video could not be processed",
        _ => type,
    };
}
