using System.Net;
using System.Text.Json.Nodes;
using AdminPortal.Tests.Infrastructure;
using AdminPortal.Web.Audit;
using AdminPortal.Web.Staff;
using AdminPortal.Web.Webhooks;
using Microsoft.EntityFrameworkCore;
using static AdminPortal.Tests.Api.ApiKit;
using static AdminPortal.Tests.Webhooks.WebhookKit;

namespace AdminPortal.Tests.Webhooks;

public sealed class WebhookDeliveryTests(LocalWebhooksFixture fixture) : IClassFixture<LocalWebhooksFixture>
{
    private readonly PortalFactory factory = fixture.Factory;

    [Fact]
    public async Task Token_events_arrive_signed_with_the_secret_shown_at_creation()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var org = NewOrg();
        var video = await factory.VideoAsync(org);
        var (_, admin) = await StaffClientAsync(factory, StaffRole.Admin, org);
        var (_, secret) = await AddEndpointAsync(admin, org, receiver.Url, WebhookEvents.TokenCreated, WebhookEvents.TokenUpdated, WebhookEvents.TokenRevoked);

        var code = (await ExpectAsync(await admin.PostAsync(V1Tokens(org, video.Id), Json(new JsonObject { ["time_to_live"] = 60 })), HttpStatusCode.Created))["code"]!
            .GetValue<string>();
        await ExpectAsync(await SendAsync(admin, "PATCH", V1Tokens(org, video.Id) + code + "/", Json(new JsonObject { ["time_to_live"] = 120 })), HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync(V1Tokens(org, video.Id) + code + "/")).StatusCode);

        var got = await receiver.WaitAsync(all => all.Count >= 3);
        Assert.Equal([WebhookEvents.TokenCreated, WebhookEvents.TokenUpdated, WebhookEvents.TokenRevoked], got.Select(d => d.Type).Order(StringComparer.Ordinal)
            .OrderBy(t => t == WebhookEvents.TokenCreated ? 0 : t == WebhookEvents.TokenUpdated ? 1 : 2).ToArray());
        foreach (var delivery in got)
        {
            Assert.StartsWith("msg_", delivery.Id, StringComparison.Ordinal);
            Assert.True(WebhookSignature.Verify(secret, delivery.Id, long.Parse(delivery.Timestamp, System.Globalization.CultureInfo.InvariantCulture), delivery.Body,
                delivery.Signature), "The signature does not verify with the endpoint's secret.");
            Assert.Equal(code, delivery.Json["data"]!["code"]!.GetValue<string>());
            Assert.NotNull(delivery.Json["timestamp"]);
        }
        Assert.Equal(3, got.Select(d => d.Id).Distinct().Count());
        var revoked = got.Single(d => d.Type == WebhookEvents.TokenRevoked).Json["data"]!;
        Assert.Equal("Expired", revoked["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Nothing_is_written_to_the_outbox_when_no_endpoint_takes_the_event()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var org = NewOrg();
        var video = await factory.VideoAsync(org);
        var (admin, client) = await StaffClientAsync(factory, StaffRole.Admin, org);
        await AddEndpointAsync(client, org, receiver.Url, WebhookEvents.VideoReady);

        await ExpectAsync(await client.PostAsync(V1Tokens(org, video.Id), null), HttpStatusCode.Created);

        await using var db = await factory.DbAsync();
        Assert.Equal(0, await db.WebhookMessages.CountAsync(m => m.OrganizationId == admin.OrganizationId));
    }

    [Fact]
    public async Task A_failing_endpoint_is_retried_with_exponential_backoff_on_the_clock()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Status = HttpStatusCode.ServiceUnavailable;
        var org = NewOrg();
        var video = await factory.VideoAsync(org);
        var (admin, client) = await StaffClientAsync(factory, StaffRole.Admin, org);
        var (endpointId, _) = await AddEndpointAsync(client, org, receiver.Url, WebhookEvents.TokenCreated);
        var dispatcher = factory.Service<WebhookDispatcher>();

        var code = (await ExpectAsync(await client.PostAsync(V1Tokens(org, video.Id), null), HttpStatusCode.Created))["code"]!.GetValue<string>();
        var first = await AttemptedAsync(endpointId, 1);
        Assert.Equal(503, first.LastStatusCode);
        Assert.Equal("receiver is down", first.LastResponse);
        Assert.Equal(first.LastAttemptAt!.Value + TimeSpan.FromSeconds(5), first.NextAttemptAt);

        // Not before it is due, whatever the dispatcher does meanwhile.
        factory.Clock.Advance(TimeSpan.FromSeconds(4));
        await dispatcher.RunOnceAsync();
        Assert.Equal(1, (await DeliveryAsync(endpointId)).Attempts);

        factory.Clock.Advance(TimeSpan.FromSeconds(2));
        var second = await AttemptedAsync(endpointId, 2);
        Assert.Equal(second.LastAttemptAt!.Value + TimeSpan.FromMinutes(5), second.NextAttemptAt);

        receiver.Status = HttpStatusCode.OK;
        factory.Clock.Advance(TimeSpan.FromMinutes(5));
        var third = await AttemptedAsync(endpointId, 3);
        Assert.Equal(DeliveryStatus.Succeeded, third.Status);
        // Only this token's deliveries: the receiver's port may be one an earlier test's endpoint still retries to.
        var mine = receiver.Received.Where(d => d.Json["data"]?["code"]?.GetValue<string>() == code).ToList();
        Assert.Equal(3, mine.Count);
        Assert.Single(mine.Select(d => d.Id).Distinct());
        await using var db = await factory.DbAsync();
        Assert.Null(await db.WebhookEndpoints.Where(e => e.PublicId == endpointId).Select(e => e.FailingSince).SingleAsync());
        Assert.Equal(admin.OrganizationId, await db.WebhookEndpoints.Where(e => e.PublicId == endpointId).Select(e => e.OrganizationId).SingleAsync());
    }

    [Fact]
    public async Task Dispatchers_racing_over_one_event_give_each_endpoint_one_delivery()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var org = NewOrg();
        var video = await factory.VideoAsync(org);
        var (admin, client) = await StaffClientAsync(factory, StaffRole.Admin, org);
        var (endpointId, _) = await AddEndpointAsync(client, org, receiver.Url, WebhookEvents.TokenCreated);
        var dispatcher = factory.Service<WebhookDispatcher>();

        // Several passes at once, as several instances (and the background loop) would run them.
        await ExpectAsync(await client.PostAsync(V1Tokens(org, video.Id), null), HttpStatusCode.Created);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => dispatcher.RunOnceAsync())));
        await AttemptedAsync(endpointId, 1);

        await using var db = await factory.DbAsync();
        Assert.Equal(1, await db.WebhookDeliveries.CountAsync(d => db.WebhookEndpoints.Any(e => e.Id == d.EndpointId && e.PublicId == endpointId)));
        Assert.Equal(1, await db.WebhookMessages.CountAsync(m => m.OrganizationId == admin.OrganizationId));
    }

    [Fact]
    public async Task An_endpoint_failing_for_a_day_is_disabled_and_its_Admins_see_why()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Status = HttpStatusCode.InternalServerError;
        var org = NewOrg();
        var video = await factory.VideoAsync(org);
        var (admin, client) = await StaffClientAsync(factory, StaffRole.Admin, org);
        var (endpointId, _) = await AddEndpointAsync(client, org, receiver.Url, WebhookEvents.TokenCreated);

        await ExpectAsync(await client.PostAsync(V1Tokens(org, video.Id), null), HttpStatusCode.Created);
        var delivery = await AttemptedAsync(endpointId, 1);
        var total = TimeSpan.Zero;
        for (var attempt = 2; attempt <= WebhookDispatcher.Backoff.Length + 1; attempt++)
        {
            var wait = WebhookDispatcher.Backoff[attempt - 2];
            total += wait;
            var view = await ExpectAsync(await client.GetAsync(WebhooksUrl(org) + endpointId + "/"), HttpStatusCode.OK);
            Assert.True(view["enabled"]!.GetValue<bool>(), $"Disabled after {total - wait} of failures.");
            factory.Clock.Advance(wait);
            delivery = await AttemptedAsync(endpointId, attempt);
        }
        Assert.True(total >= TimeSpan.FromDays(1) && total < TimeSpan.FromDays(1.5), $"Retries span {total}.");
        Assert.Equal(DeliveryStatus.Failed, delivery.Status);

        var endpoint = await ExpectAsync(await client.GetAsync(WebhooksUrl(org) + endpointId + "/"), HttpStatusCode.OK);
        Assert.False(endpoint["enabled"]!.GetValue<bool>());
        Assert.Contains("every delivery failed for a day", endpoint["disabled_reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("HTTP 500", endpoint["disabled_reason"]!.GetValue<string>(), StringComparison.Ordinal);
        await using var db = await factory.DbAsync();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.OrganizationId == admin.OrganizationId && e.Action == AuditActions.WebhookDisabled
            && e.TargetId == endpointId && e.ActorKind == AuditActorKind.System));

        // New events are no longer written for it; turning it on again clears the reason.
        await ExpectAsync(await client.PostAsync(V1Tokens(org, video.Id), null), HttpStatusCode.Created);
        Assert.Equal(1, await db.WebhookMessages.CountAsync(m => m.OrganizationId == admin.OrganizationId));
        var enabled = await ExpectAsync(await SendAsync(client, "PATCH", WebhooksUrl(org) + endpointId + "/", Json(new JsonObject { ["enabled"] = true })), HttpStatusCode.OK);
        Assert.True(enabled["enabled"]!.GetValue<bool>());
        Assert.Null(enabled["disabled_reason"]);
    }

    [Fact]
    public async Task Resend_and_test_event_go_out_again_under_the_same_or_a_new_id()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var org = NewOrg();
        var video = await factory.VideoAsync(org);
        var (admin, client) = await StaffClientAsync(factory, StaffRole.Admin, org);
        var (endpointId, _) = await AddEndpointAsync(client, org, receiver.Url, WebhookEvents.TokenCreated);
        var webhooks = factory.Service<WebhookService>();

        await ExpectAsync(await client.PostAsync(V1Tokens(org, video.Id), null), HttpStatusCode.Created);
        var first = (await receiver.WaitAsync(all => all.Count == 1))[0];
        var log = (await webhooks.DeliveriesAsync(admin, endpointId)).Value!;
        Assert.Equal(WebhookEvents.TokenCreated, Assert.Single(log.Items).Type);
        Assert.Equal(200, log.Items[0].StatusCode);

        Assert.True((await webhooks.ResendAsync(admin, endpointId, log.Items[0].Id)).IsOk);
        Assert.True((await webhooks.SendTestAsync(admin, endpointId)).IsOk);
        var all = await receiver.WaitAsync(d => d.Count == 3);
        Assert.Equal(2, all.Count(d => d.Id == first.Id));
        Assert.Equal(WebhookEvents.Test, all.Single(d => d.Id != first.Id).Type);
        Assert.Equal(3, (await webhooks.DeliveriesAsync(admin, endpointId)).Value!.TotalCount);
    }

    [Fact]
    public async Task A_rotated_secret_keeps_signing_beside_the_new_one_for_24_hours()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var org = NewOrg();
        var (admin, client) = await StaffClientAsync(factory, StaffRole.Admin, org);
        var (endpointId, oldSecret) = await AddEndpointAsync(client, org, receiver.Url, WebhookEvents.TokenCreated);
        var rotated = await ExpectAsync(await client.PostAsync(WebhooksUrl(org) + endpointId + "/rotate-secret/", null), HttpStatusCode.OK);
        var newSecret = rotated["secret"]!.GetValue<string>();
        Assert.NotEqual(oldSecret, newSecret);
        var webhooks = factory.Service<WebhookService>();

        Assert.True((await webhooks.SendTestAsync(admin, endpointId)).IsOk);
        var during = (await receiver.WaitAsync(d => d.Count == 1))[0];
        var timestamp = long.Parse(during.Timestamp, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(2, during.Signature.Split(' ').Length);
        Assert.True(WebhookSignature.Verify(newSecret, during.Id, timestamp, during.Body, during.Signature));
        Assert.True(WebhookSignature.Verify(oldSecret, during.Id, timestamp, during.Body, during.Signature));

        factory.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        Assert.True((await webhooks.SendTestAsync(admin, endpointId)).IsOk);
        var after = (await receiver.WaitAsync(d => d.Count == 2))[1];
        timestamp = long.Parse(after.Timestamp, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(WebhookSignature.Verify(newSecret, after.Id, timestamp, after.Body, after.Signature));
        Assert.False(WebhookSignature.Verify(oldSecret, after.Id, timestamp, after.Body, after.Signature));

        // At rest the secret is protected, never the whsec_ text.
        await using var db = await factory.DbAsync();
        var stored = await db.WebhookEndpoints.SingleAsync(e => e.PublicId == endpointId);
        Assert.DoesNotContain("whsec_", stored.ProtectedSecret, StringComparison.Ordinal);
        Assert.DoesNotContain(newSecret["whsec_".Length..], stored.ProtectedSecret, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_delivery_log_forgets_finished_deliveries_after_its_retention_but_never_pending_ones()
    {
        var org = NewOrg();
        var (admin, client) = await StaffClientAsync(factory, StaffRole.Admin, org);
        var (endpointId, _) = await AddEndpointAsync(client, org, "http://127.0.0.1:9/hook", WebhookEvents.TokenCreated);
        await factory.Service<WebhookService>().UpdateAsync(admin, endpointId, new WebhookChanges { Enabled = false });
        var old = factory.Clock.GetUtcNow().UtcDateTime.AddDays(-31);
        await using (var db = await factory.DbAsync())
        {
            var endpoint = await db.WebhookEndpoints.SingleAsync(e => e.PublicId == endpointId);
            foreach (var status in new[] { DeliveryStatus.Succeeded, DeliveryStatus.Failed, DeliveryStatus.Pending })
            {
                var message = WebhookOutbox.New(admin.OrganizationId, WebhookEvents.TokenCreated, new { status = status.ToString() }, old);
                message.FannedOut = true;
                db.WebhookDeliveries.Add(new WebhookDelivery { Message = message, EndpointId = endpoint.Id, Status = status, CreatedAt = old, NextAttemptAt = old });
            }
            await db.SaveChangesAsync();
        }

        Assert.True(await factory.Service<WebhookDispatcher>().CleanUpAsync() >= 2);

        var log = (await factory.Service<WebhookService>().DeliveriesAsync(admin, endpointId)).Value!;
        Assert.Equal(DeliveryStatus.Pending, Assert.Single(log.Items).Status);
    }

    private async Task<WebhookDelivery> DeliveryAsync(string endpointId)
    {
        await using var db = await factory.DbAsync();
        return await db.WebhookDeliveries.AsNoTracking()
            .Where(d => db.WebhookEndpoints.Any(e => e.Id == d.EndpointId && e.PublicId == endpointId))
            .OrderBy(d => d.Id).FirstAsync();
    }

    /// <summary>Waits until the endpoint's first delivery has had <paramref name="attempts"/> attempts (the dispatcher runs in the background).</summary>
    private async Task<WebhookDelivery> AttemptedAsync(string endpointId, int attempts)
    {
        WebhookDelivery? delivery = null;
        await WaitUntilAsync(async () =>
        {
            await factory.Service<WebhookDispatcher>().RunOnceAsync();
            await using var db = await factory.DbAsync();
            delivery = await db.WebhookDeliveries.AsNoTracking()
                .Where(d => db.WebhookEndpoints.Any(e => e.Id == d.EndpointId && e.PublicId == endpointId))
                .OrderBy(d => d.Id).FirstOrDefaultAsync();
            return delivery?.Attempts >= attempts;
        }, $"attempt {attempts}");
        Assert.Equal(attempts, delivery!.Attempts);
        return delivery;
    }
}
