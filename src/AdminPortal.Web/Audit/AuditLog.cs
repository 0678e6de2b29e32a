using AdminPortal.Web.Common;
using AdminPortal.Web.Data;
using AdminPortal.Web.Staff;
using Microsoft.EntityFrameworkCore;

namespace AdminPortal.Web.Audit;

/// <summary>Who did something, as the audit log records it.</summary>
public sealed record AuditWho(AuditActorKind Kind, string? Id, string Name, string? IpAddress);

/// <summary>One action to record: the organization it concerns, who, what, to what, and a before/after summary.</summary>
public sealed record AuditRecord(int? OrganizationId, AuditWho Who, string Action, string? TargetType = null, string? TargetId = null, string? Summary = null);

/// <summary>
/// The one way to write the audit log. <see cref="StageAsync"/> adds the entry to the caller's context, so it commits with the
/// change it describes; <see cref="RecordAsync(AuditRecord, CancellationToken)"/> writes it alone (sign-ins, operator actions).
/// </summary>
public interface IAuditLog
{
    Task RecordAsync(AuditRecord record, CancellationToken cancellationToken = default);

    /// <summary>Adds the entry to the caller's context (a batch of the group-commit writer, say) without reading anything.</summary>
    void Stage(AdminPortalDbContext db, AuditRecord record);

    Task RecordAsync(Actor actor, string action, string? targetType = null, string? targetId = null, string? summary = null,
        CancellationToken cancellationToken = default);

    Task StageAsync(AdminPortalDbContext db, Actor actor, string action, string? targetType = null, string? targetId = null, string? summary = null,
        CancellationToken cancellationToken = default);

    /// <summary>The current request's client address, for records made before there is an actor (sign-in attempts, API login).</summary>
    string? RequestAddress { get; }

    /// <summary>Who the actor is, with the address they act from (the request's, or their browser session's).</summary>
    Task<AuditWho> WhoAsync(AdminPortalDbContext db, Actor actor, CancellationToken cancellationToken = default);
}

public sealed class AuditLog(IDbContextFactory<AdminPortalDbContext> dbFactory, IHttpContextAccessor http, TimeProvider clock) : IAuditLog
{
    public async Task RecordAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.AuditEntries.Add(Entry(record));
        await db.SaveChangesAsync(cancellationToken);
    }

    public void Stage(AdminPortalDbContext db, AuditRecord record) => db.AuditEntries.Add(Entry(record));

    public async Task RecordAsync(Actor actor, string action, string? targetType = null, string? targetId = null, string? summary = null,
        CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await StageAsync(db, actor, action, targetType, targetId, summary, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task StageAsync(AdminPortalDbContext db, Actor actor, string action, string? targetType = null, string? targetId = null, string? summary = null,
        CancellationToken cancellationToken = default) =>
        db.AuditEntries.Add(Entry(new AuditRecord(actor.OrganizationId, await WhoAsync(db, actor, cancellationToken), action, targetType, targetId, summary)));

    public async Task<AuditWho> WhoAsync(AdminPortalDbContext db, Actor actor, CancellationToken cancellationToken = default)
    {
        // A request (API, sign-in form) knows its address; a page's circuit has none, so its browser session's sign-in address stands.
        var ip = http.HttpContext?.Connection.RemoteIpAddress?.ToString();
        if (ip is null && actor.SessionId is { } session)
        {
            ip = await db.StaffSessions.AsNoTracking().Where(s => s.Id == session).Select(s => s.IpAddress).FirstOrDefaultAsync(cancellationToken);
        }
        return actor.ApiKeyId is { } key
            ? new AuditWho(AuditActorKind.ApiKey, key.ToString(System.Globalization.CultureInfo.InvariantCulture), $"API key {key} ({actor.Name})", ip)
            : new AuditWho(AuditActorKind.Staff, actor.UserId, actor.Name, ip);
    }

    public string? RequestAddress => http.HttpContext?.Connection.RemoteIpAddress?.ToString();

    private AuditEntry Entry(AuditRecord record) => new()
    {
        OrganizationId = record.OrganizationId,
        At = clock.GetUtcNow().UtcDateTime,
        ActorKind = record.Who.Kind,
        ActorId = Fit(record.Who.Id, 450),
        ActorName = Fit(record.Who.Name, 256) ?? "",
        IpAddress = Fit(record.Who.IpAddress, 64),
        Action = Fit(record.Action, 64) ?? "",
        TargetType = Fit(record.TargetType, 64),
        TargetId = Fit(record.TargetId, 256),
        Summary = Fit(record.Summary, AuditEntry.MaxSummaryLength),
    };

    private static string? Fit(string? text, int max) => text is null || text.Length <= max ? text : text[..max];
}

/// <summary>One row of the audit page and the CSV export.</summary>
public sealed record AuditEntryView(long Id, DateTime At, AuditActorKind ActorKind, string ActorName, string? IpAddress, string Action,
    string? TargetType, string? TargetId, string? Summary);

/// <summary>The audit page's filters: who (name contains), what (action), target (type or id contains), and a date range.</summary>
public sealed record AuditQuery(string? Who = null, string? Action = null, string? Target = null, DateTime? From = null, DateTime? To = null,
    int Offset = 0, int Limit = 50);

/// <summary>Reading the audit log: Admins of the organization only, newest first, paged on the server.</summary>
public sealed class AuditQueries(IDbContextFactory<AdminPortalDbContext> dbFactory)
{
    public const int MaxExportRows = 100_000;

    public async Task<Result<Page<AuditEntryView>>> ListAsync(Actor actor, AuditQuery query, CancellationToken cancellationToken = default)
    {
        if (!actor.IsAdmin)
        {
            return Result<Page<AuditEntryView>>.Forbidden("Only Admins can read the audit log.");
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var entries = Filter(db, actor, query);
        var total = await entries.CountAsync(cancellationToken);
        var page = await Project(entries.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Window(query.Offset, query.Limit))
            .ToListAsync(cancellationToken);
        return Result<Page<AuditEntryView>>.Ok(new Page<AuditEntryView>(page, total));
    }

    /// <summary>Every matching entry (at most <see cref="MaxExportRows"/>), newest first, streamed for the CSV export.</summary>
    public async IAsyncEnumerable<AuditEntryView> ExportAsync(Actor actor, AuditQuery query,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!actor.IsAdmin)
        {
            yield break;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = Project(Filter(db, actor, query).OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(MaxExportRows)).AsAsyncEnumerable();
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            yield return row;
        }
    }

    // ToLower().Contains translates to SQL on every provider; the StringComparison overloads the analyzer prefers do not.
#pragma warning disable CA1862
    private static IQueryable<AuditEntry> Filter(AdminPortalDbContext db, Actor actor, AuditQuery query)
    {
        var entries = db.AuditEntries.AsNoTracking().Where(e => e.OrganizationId == actor.OrganizationId);
        if (!string.IsNullOrWhiteSpace(query.Who))
        {
            var who = query.Who.Trim().ToLower();
            entries = entries.Where(e => e.ActorName.ToLower().Contains(who));
        }
        if (!string.IsNullOrWhiteSpace(query.Action))
        {
            entries = entries.Where(e => e.Action == query.Action);
        }
        if (!string.IsNullOrWhiteSpace(query.Target))
        {
            var target = query.Target.Trim().ToLower();
            entries = entries.Where(e => (e.TargetId != null && e.TargetId.ToLower().Contains(target)) || (e.TargetType != null && e.TargetType.ToLower() == target));
        }
        if (query.From is { } from)
        {
            entries = entries.Where(e => e.At >= from);
        }
        if (query.To is { } to)
        {
            entries = entries.Where(e => e.At < to);
        }
        return entries;
    }
#pragma warning restore CA1862

    private static IQueryable<AuditEntryView> Project(IQueryable<AuditEntry> entries) =>
        entries.Select(e => new AuditEntryView(e.Id, e.At, e.ActorKind, e.ActorName, e.IpAddress, e.Action, e.TargetType, e.TargetId, e.Summary));
}
