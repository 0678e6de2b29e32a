using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using MimeKit;

namespace AdminPortal.Tests.Infrastructure;

/// <summary>The portal with mail set up, delivering to an <see cref="SmtpSink"/> on loopback.</summary>
public sealed partial class MailPortalFactory : PortalFactory
{
    public SmtpSink Sink { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Mail:Host", "127.0.0.1");
        builder.UseSetting("Mail:Port", Sink.Port.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Mail:From", "AdminPortal <portal@demo.test>");
        builder.UseSetting("Mail:Tls", "None");
    }

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex Url();

    /// <summary>The path and query of the one link in a message, to open with a test client.</summary>
    public static string LinkIn(MimeMessage message)
    {
        var match = Url().Match(message.TextBody ?? "");
        Assert.True(match.Success, "The message holds no link: " + message.TextBody);
        return new Uri(match.Value).PathAndQuery;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Sink.DisposeAsync();
    }
}

public sealed class MailPortalFixture : IAsyncLifetime
{
    public MailPortalFactory Factory { get; } = new();

    public ValueTask InitializeAsync()
    {
        _ = Factory.Server;
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await Factory.DisposeAsync();
}
