using System.Diagnostics;
using System.Globalization;
using System.Text;
using AdminPortal.Web.Audit;
using AdminPortal.Web.Common;
using AdminPortal.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AdminPortal.Web.Webhooks;

/// <summary>
/// Sends the outbox in the background. Each new message gets a delivery per enabled endpoint subscribed to its type; each
/// delivery is tried at once, then after <see cref="Backoff"/> (about a day in all), then marked failed. An endpoint whose
/// deliveries have failed for a whole day is disabled, with the reason shown to its Admins. Everything it works from is in
/// the database, so a restart carries on where it stopped, and a delivery is claimed before it is sent, so two servers
/// never send the same attempt.
/// </summary>
public sealed class WebhookDispatcher(
    IDbContextFactory<AdminPortalDbContext> dbFactory,
    IHttpClientFactory httpClients,
    WebhookSecrets secrets,
    WebhookOutbox outbox,
    IAuditLog audit,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    public const string HttpClientName = "webhooks";
    public const int ResponseExcerptLength = 500;

    /// <summary>Waits after the 1st, 2nd, … failed attempt: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (27.6 h in all).</summary>
    public static readonly TimeSpan[] Backoff =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2),
        TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(10),
    ];

    /// <summary>An endpoint failing for this long is disabled.</summary>
    public static readonly TimeSpan DisableAfter = TimeSpan.FromDays(1);

    private readonly SemaphoreSlim wake = new(0);
    private DateTime nextCleanUp;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Look now (a new event, a resend): the dispatcher also polls.</summary>
    public void Wake()
    {
        if (wake.CurrentCount == 0)
        {
            wake.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        outbox.Written += Wake;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    // Keep going while there is work; then sleep until woken or the poll interval passes.
                    if (await RunOnceAsync(stoppingToken) > 0)
                    {
                        continue;
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Webhook dispatch failed; it will run again");
                }
                try
                {
                    await wake.WaitAsync(options.Value.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
        finally
        {
            outbox.Written -= Wake;
        }
    }

    /// <summary>One pass: fans out new messages, then sends every due delivery once. Answers how many it handled.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        if (Now >= nextCleanUp)
        {
            nextCleanUp = Now + TimeSpan.FromHours(1);
            await CleanUpAsync(cancellationToken);
        }
        var fanned = await FanOutAsync(cancellationToken);
        var sent = await SendDueAsync(cancellationToken);
        return fanned + sent;
    }

    /// <summary>
    /// Drops events older than the log's retention whose deliveries all finished (their deliveries go with them, by cascade),
    /// so the outbox and the log do not grow for ever.
    /// </summary>
    public async Task<int> CleanUpAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = Now.AddDays(-Math.Max(1, options.Value.LogRetentionDays));
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.WebhookMessages
            .Where(m => m.CreatedAt < cutoff && m.FannedOut && !db.WebhookDeliveries.Any(d => d.MessageId == m.Id && d.Status == DeliveryStatus.Pending))
            .ExecuteDeleteAsync(cancellationToken);
    }

    private async Task<int> FanOutAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var messages = await db.WebhookMessages.AsNoTracking().Where(m => !m.FannedOut).OrderBy(m => m.Id).Take(500).ToListAsync(cancellationToken);
        if (messages.Count == 0)
        {
            return 0;
        }
        // Another instance (or pass) may be fanning out the same messages: whoever marks all of them first adds their
        // deliveries; the other steps back, so no message is delivered twice to one endpoint.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ids = messages.Select(m => m.Id).ToList();
        var claimed = await db.WebhookMessages.Where(m => ids.Contains(m.Id) && !m.FannedOut)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.FannedOut, true), cancellationToken);
        if (claimed != messages.Count)
        {
            await transaction.RollbackAsync(cancellationToken);
            return 0;
        }
        var organizations = messages.Select(m => m.OrganizationId).Distinct().ToList();
        var endpoints = await db.WebhookEndpoints.AsNoTracking()
            .Where(e => organizations.Contains(e.OrganizationId) && e.Enabled)
            .Select(e => new { e.Id, e.OrganizationId, e.Events })
            .ToListAsync(cancellationToken);
        var now = Now;
        foreach (var message in messages)
        {
            foreach (var endpoint in endpoints.Where(e => e.OrganizationId == message.OrganizationId
                && e.Events.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(message.Type)))
            {
                db.WebhookDeliveries.Add(new WebhookDelivery { MessageId = message.Id, EndpointId = endpoint.Id, CreatedAt = now, NextAttemptAt = now });
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return messages.Count;
    }

    private async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var now = Now;
        List<(long Id, DateTime Due)> due;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            due = (await db.WebhookDeliveries.AsNoTracking()
                    .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now
                        && db.WebhookEndpoints.Any(e => e.Id == d.EndpointId && e.Enabled))
                    .OrderBy(d => d.NextAttemptAt)
                    .Select(d => new { d.Id, d.NextAttemptAt })
                    .Take(100)
                    .ToListAsync(cancellationToken))
                .Select(d => (d.Id, d.NextAttemptAt)).ToList();
        }
        if (due.Count == 0)
        {
            return 0;
        }
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Value.Concurrency), CancellationToken = cancellationToken },
            async (delivery, token) => await AttemptAsync(delivery.Id, delivery.Due, token));
        return due.Count;
    }

    /// <summary>Claims the delivery (moves its due time past this attempt), sends it, and records the outcome.</summary>
    private async Task AttemptAsync(long deliveryId, DateTime due, CancellationToken cancellationToken)
    {
        var now = Now;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var claimUntil = now + options.Value.Timeout + TimeSpan.FromMinutes(1);
        var claimed = await db.WebhookDeliveries
            .Where(d => d.Id == deliveryId && d.Status == DeliveryStatus.Pending && d.NextAttemptAt == due)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.NextAttemptAt, claimUntil), cancellationToken);
        if (claimed == 0)
        {
            return;
        }
        var delivery = await db.WebhookDeliveries.Include(d => d.Message).SingleAsync(d => d.Id == deliveryId, cancellationToken);
        var endpoint = await db.WebhookEndpoints.AsNoTracking().SingleAsync(e => e.Id == delivery.EndpointId, cancellationToken);

        var outcome = await SendAsync(endpoint, delivery.Message!, now, cancellationToken);
        var finished = Now;
        delivery.Attempts++;
        delivery.LastAttemptAt = now;
        delivery.LastStatusCode = outcome.StatusCode;
        delivery.LastDurationMs = outcome.DurationMs;
        delivery.LastResponse = outcome.Response;
        if (outcome.Succeeded)
        {
            delivery.Status = DeliveryStatus.Succeeded;
        }
        else if (delivery.Attempts > Backoff.Length)
        {
            delivery.Status = DeliveryStatus.Failed;
        }
        else
        {
            delivery.NextAttemptAt = finished + Backoff[delivery.Attempts - 1];
        }
        await db.SaveChangesAsync(cancellationToken);
        await RecordEndpointHealthAsync(db, endpoint, outcome, now, cancellationToken);
    }

    /// <summary>A success clears the failing streak; a failure starts one, and a streak of a day disables the endpoint.</summary>
    private async Task RecordEndpointHealthAsync(AdminPortalDbContext db, WebhookEndpoint endpoint, Outcome outcome, DateTime now,
        CancellationToken cancellationToken)
    {
        // Writes only when the streak changes (as read with the delivery): a healthy endpoint costs no write here.
        var endpoints = db.WebhookEndpoints.Where(e => e.Id == endpoint.Id);
        if (outcome.Succeeded)
        {
            if (endpoint.FailingSince is not null)
            {
                await endpoints.Where(e => e.FailingSince != null).ExecuteUpdateAsync(s => s.SetProperty(e => e.FailingSince, (DateTime?)null), cancellationToken);
            }
            return;
        }
        if (endpoint.FailingSince is null)
        {
            await endpoints.Where(e => e.FailingSince == null).ExecuteUpdateAsync(s => s.SetProperty(e => e.FailingSince, now), cancellationToken);
            return;
        }
        var limit = now - DisableAfter;
        if (endpoint.FailingSince > limit)
        {
            return;
        }
        var reason = $"Disabled on {Formats.Exact(now)}: every delivery failed for a day. Last answer: {outcome.Summary}";
        if (reason.Length > 500)
        {
            reason = reason[..500];
        }
        var disabled = await endpoints.Where(e => e.Enabled && e.FailingSince <= limit)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Enabled, false).SetProperty(e => e.DisabledReason, reason).SetProperty(e => e.ModifiedAt, now),
                cancellationToken);
        if (disabled > 0)
        {
            outbox.Invalidate(endpoint.OrganizationId);
            await audit.RecordAsync(new AuditRecord(endpoint.OrganizationId, new AuditWho(AuditActorKind.System, null, "AdminPortal", null),
                AuditActions.WebhookDisabled, "webhook", endpoint.PublicId, reason), cancellationToken);
            logger.LogWarning("Webhook endpoint {Endpoint} disabled after a day of failed deliveries", endpoint.PublicId);
        }
    }

    private sealed record Outcome(bool Succeeded, int? StatusCode, int DurationMs, string Response)
    {
        public string Summary => StatusCode is { } code ? $"HTTP {code.ToString(CultureInfo.InvariantCulture)}" : Response;
    }

    private async Task<Outcome> SendAsync(WebhookEndpoint endpoint, WebhookMessage message, DateTime now, CancellationToken cancellationToken)
    {
        var timestamp = new DateTimeOffset(now, TimeSpan.Zero).ToUnixTimeSeconds();
        var signatures = string.Join(' ', secrets.Signing(endpoint, now).Select(s => WebhookSignature.Sign(s, message.PublicId, timestamp, message.Body)));
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url)
        {
            Content = new StringContent(message.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("webhook-id", message.PublicId);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", signatures);
        request.Headers.UserAgent.ParseAdd("AdminPortal-Webhooks/1.0");

        var watch = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.Timeout);
        try
        {
            using var client = httpClients.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var excerpt = await ExcerptAsync(response, timeout.Token);
            return new Outcome(response.IsSuccessStatusCode, (int)response.StatusCode, Elapsed(watch), excerpt);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Outcome(false, null, Elapsed(watch), $"No answer within {options.Value.Timeout.TotalSeconds:0} s.");
        }
        catch (HttpRequestException e)
        {
            return new Outcome(false, null, Elapsed(watch), Fit(e.InnerException is { } inner && e is not WebhookAddressRefusedException
                ? $"{e.Message} {inner.Message}" : e.Message));
        }
    }

    private static async Task<string> ExcerptAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[ResponseExcerptLength * 4];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken);
            if (n == 0)
            {
                break;
            }
            read += n;
        }
        return Fit(Encoding.UTF8.GetString(buffer, 0, read));
    }

    private static string Fit(string text) => text.Length <= ResponseExcerptLength ? text : text[..ResponseExcerptLength];

    private static int Elapsed(Stopwatch watch) => (int)Math.Min(int.MaxValue, watch.ElapsedMilliseconds);

    public override void Dispose()
    {
        wake.Dispose();
        base.Dispose();
    }
}
