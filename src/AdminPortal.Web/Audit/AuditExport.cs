using System.Globalization;
using System.Text;
using AdminPortal.Web.Staff;

namespace AdminPortal.Web.Audit;

/// <summary>The audit log as CSV for Admins, with the page's filters (<c>who</c>, <c>action</c>, <c>target</c>, <c>from</c>, <c>to</c> as yyyy-MM-dd).</summary>
public static class AuditExport
{
    public const string Path = "/audit/export.csv";

    public static IEndpointRouteBuilder MapAuditExport(this IEndpointRouteBuilder app)
    {
        // The portal's fallback policy asks for a signed-in member; the role is checked here, so a non-Admin gets 403 rather than a redirect.
        app.MapGet(Path, async (HttpContext context, AuditQueries audit, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            if (Actor.FromPrincipal(context.User) is not { IsAdmin: true } actor)
            {
                return Results.Text("Only Admins can export the audit log.", statusCode: StatusCodes.Status403Forbidden);
            }
            var q = context.Request.Query;
            var query = new AuditQuery(q["who"], q["action"], q["target"], Day(q["from"]), Day(q["to"])?.AddDays(1));
            var name = $"audit-{actor.OrganizationCode}-{clock.GetUtcNow():yyyyMMdd-HHmmss}.csv";
            return Results.Stream(async stream =>
            {
                await using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\r\n" };
                await writer.WriteLineAsync("time_utc,actor_kind,actor,ip_address,action,target_type,target_id,summary");
                await foreach (var e in audit.ExportAsync(actor, query, cancellationToken))
                {
                    await writer.WriteLineAsync(string.Join(',',
                        Cell(e.At.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)), Cell(e.ActorKind.ToString()), Cell(e.ActorName),
                        Cell(e.IpAddress), Cell(e.Action), Cell(e.TargetType), Cell(e.TargetId), Cell(e.Summary)));
                }
            }, "text/csv; charset=utf-8", name);
        }).ExcludeFromDescription();
        return app;
    }

    private static DateTime? Day(string? text) =>
        DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var day)
            ? DateTime.SpecifyKind(day, DateTimeKind.Utc) : null;

    /// <summary>RFC 4180 quoting; a cell a spreadsheet would run as a formula gets a leading apostrophe.</summary>
    private static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
