namespace AdminPortal.Web.Webhooks;

/// <summary>The <c>Webhooks</c> section.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Allows <c>http://</c> endpoint URLs (otherwise only <c>https://</c>).</summary>
    public bool AllowHttp { get; set; }

    /// <summary>Allows endpoints on loopback, private and link-local addresses (on-premises installs, tests).</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>How long one delivery attempt may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the dispatcher looks for due deliveries when nothing woke it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Deliveries sent at once.</summary>
    public int Concurrency { get; set; } = 4;

    /// <summary>Days a finished delivery (and its event) stays in the delivery log.</summary>
    public int LogRetentionDays { get; set; } = 30;
}
